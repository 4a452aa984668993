"""`sources add`: register an article in a facts store, whole or not at all.

The article's text is stored as facts/sources/NNN_<digest>.txt: NNN numbers
the texts in the order they were added (000 for the first), one past the
highest number already used; the digest is the first 16 hexadecimal digits
of the sha256 of the text with its white space normalised (as quotes are
compared), the digest by which a text already registered is recognised.
Its entry is appended to sources.yaml as a block of text, so the file's
comments and layout stay as they are.

Every field is checked as the store checks it before anything is written.
The text goes in first, under a temporary name renamed into place, then
sources.yaml is replaced the same way: sources.yaml never names a text that
is not there, and a failure at any point leaves the store as it was.

Two adds at once (a person and a scheduler) would number their texts alike
or lose an entry, so everything from reading sources.yaml to replacing it is
done holding an exclusive lock on facts/.sources.lock (see `_locked`). The
lock is taken on a file of its own, not on sources.yaml, because replacing
sources.yaml by a rename gives the next run a new file, unlocked, to lock.

A text that a crash between the two renames left in sources/, complete but
named by no entry, is listed in `Added.orphans` by the next add: it looks
while holding the lock, when no other add can be half-way through.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from briefgen.errors import FactsError, WriteError, collect
from briefgen.facts.dates import parse_partial_date
from briefgen.facts.record import shown, text_problem
from briefgen.facts.sources import (SOURCE_ID, SOURCES_FILE, SOURCES_LOCK, TEXTS_FOLDER, WEB_ADDRESS, normalise_space,
                                    read_sources, unregistered_texts)
from briefgen.intake.totext import article_text
from briefgen.vocabulary import LANGUAGE_CODE

_NUMBERED = re.compile(r"(\d+)_")
_DIGEST_DIGITS = 16
# A value written without quotes only when YAML reads it back as the same text ("no" would be false).
_PLAIN = re.compile(r"[A-Za-z0-9_.-]+")
_PLAIN_FIELDS = ("id", "language", "file")
LOCK_WAIT_SECONDS = 5.0
"""How long an add waits for another to finish before it gives up: an add takes well under a second."""
_LOCK_RETRY_SECONDS = 0.05


@dataclass(frozen=True)
class NewSource:
    """The fields of a source to add, as given on the command line."""

    id: str
    title: str
    publisher: str
    published: str
    language: str
    url: str | None = None
    note: str | None = None
    via: str | None = None


@dataclass(frozen=True)
class Added:
    """What `add_source` stored: the text's path and how many words it has; and the texts no entry names."""

    path: Path
    words: int
    orphans: tuple[Path, ...] = ()


def text_digest(text: str) -> str:
    """The sha256 of `text` with its white space normalised: the same for the same words, however laid out."""
    return hashlib.sha256(normalise_space(text).encode("utf-8")).hexdigest()


def add_source(facts_dir: Path, file: Path, new: NewSource) -> Added:
    """Store the text of `file` and append `new` to the sources of `facts_dir`; FactsError, changing nothing, if wrong."""
    _check_fields(new)
    if not facts_dir.is_dir():
        raise FactsError(f"{facts_dir} is not a folder of facts")
    text = article_text(file)
    if not normalise_space(text):
        hint = " (a scanned PDF holds images of text: it needs OCR first)" if file.suffix.lower() == ".pdf" else ""
        raise FactsError(f"{file}: holds no text{hint}")
    with _locked(facts_dir):
        return _register(facts_dir, file, new, text)


def _register(facts_dir: Path, file: Path, new: NewSource, text: str) -> Added:
    """Read, check and replace sources.yaml with `text` stored for `new`: what must be done holding the lock."""
    listing = facts_dir / SOURCES_FILE
    try:
        before = listing.read_bytes()
    except OSError as error:
        raise FactsError(f"{listing}: cannot be read ({error.strerror})") from None
    sources, texts = _valid_sources(facts_dir, listing)
    if new.id in sources:
        raise FactsError(f"--id {new.id}: is already the id of a source in {listing}")
    digest = text_digest(text)
    for source_id, known in texts.items():
        if text_digest(known) == digest:
            raise FactsError(f"{file}: its text is already registered as source {source_id} "
                             f"({facts_dir / TEXTS_FOLDER / sources[source_id].file})")
    entries = yaml.safe_load(before.decode("utf-8"))["sources"]
    orphans = unregistered_texts(facts_dir, {str(entry.get("file", "")) for entry in entries})
    name = f"{_next_number(facts_dir, entries):03d}_{digest[:_DIGEST_DIGITS]}.txt"
    fields = _fields(new, name)
    after = _appended(before.decode("utf-8"), fields).encode("utf-8")
    _check_appended(listing, before, after, fields)
    stored = _publish(facts_dir, listing, name, text, before, after)
    return Added(stored, len(text.split()), orphans)


@contextmanager
def _locked(facts_dir: Path) -> Iterator[None]:
    """Hold the exclusive lock of `facts_dir`'s sources, waiting up to LOCK_WAIT_SECONDS for another add.

    The lock file is created if missing and left in place (removing it would
    let a run waiting on the old file and one opening a new file both go on).
    Closing it releases the lock, as the end of the process does, however it ends.
    """
    path = facts_dir / SOURCES_LOCK
    try:
        descriptor = _open_lock(path)
    except OSError as error:
        raise WriteError(f"{path}: cannot be opened to lock the sources ({error.strerror or error})") from None
    try:
        _wait_for_lock(descriptor, facts_dir / SOURCES_FILE)
        yield
    finally:
        os.close(descriptor)


def _open_lock(path: Path) -> int:
    """The lock file opened, made if missing; read-only when another user made it, as a lock needs no writing."""
    flags = os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o666)
    except PermissionError:
        if not os.path.lexists(path):
            raise
        return os.open(path, os.O_RDONLY | flags)


def _wait_for_lock(descriptor: int, listing: Path) -> None:
    """Take the lock on `descriptor`, trying again until LOCK_WAIT_SECONDS have passed; then a FactsError."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise FactsError(f"{listing}: is being changed by another `briefgen sources add`; "
                                 "try again") from None
            time.sleep(_LOCK_RETRY_SECONDS)


def _check_fields(new: NewSource) -> None:
    """Each field as the store would read it; one line per problem, naming the option."""
    problems = []
    if not SOURCE_ID.fullmatch(new.id):
        problems.append(f"--id {shown(new.id)}: is not a lower-case identifier (a–z, digits and _, "
                        "starting with a letter)")
    for option, value, one_line in (("--title", new.title, True), ("--publisher", new.publisher, True),
                                    ("--via", new.via, True), ("--note", new.note, False)):
        problem = None if value is None else _text_problem(value, one_line)
        if problem is not None:
            problems.append(f"{option}: {problem}")
    if parse_partial_date(new.published) is None:
        problems.append(f"--published {shown(new.published)}: is not a date (YYYY-MM-DD, YYYY-MM, YYYY, "
                        "or a span first/last such as 2024-11/2024-12)")
    if not LANGUAGE_CODE.fullmatch(new.language):
        problems.append(f"--lang {shown(new.language)}: is not a language code (like fr, en, zh or pt_BR)")
    if new.url is not None and not WEB_ADDRESS.fullmatch(new.url):
        problems.append(f"--url {shown(new.url)}: is not a web address (http:// or https://, without spaces)")
    collect(problems, FactsError, "the new source's fields")


def _text_problem(value: str, one_line: bool) -> str | None:
    """Why `value` cannot be a text field of a source (empty, unprintable, a title on two lines), or None."""
    if not value.strip():
        return "is empty"
    if one_line and any(c in value for c in "\n\r\x85\u2028\u2029"):
        return f"{shown(value)} holds a line break; give it on one line"
    return text_problem(value)


def _valid_sources(facts_dir: Path, listing: Path) -> tuple[dict, dict[str, str]]:
    """The store's sources and their texts, by id; a FactsError when sources.yaml has a problem to fix first."""
    problems: list[str] = []
    sources, texts, _ = read_sources(facts_dir, problems)
    if problems:
        raise FactsError(f"{listing}: has {len(problems)} problem{'' if len(problems) == 1 else 's'}; fix "
                         f"{'it' if len(problems) == 1 else 'them'} first (briefgen facts validate): {problems[0]}")
    return sources, texts


def _next_number(facts_dir: Path, entries: list[dict]) -> int:
    """One past the highest number of a stored text, and at least the number of sources already listed."""
    names = [str(entry.get("file", "")) for entry in entries]
    folder = facts_dir / TEXTS_FOLDER
    names += [path.name for path in folder.iterdir()] if folder.is_dir() else []
    numbers = [int(found.group(1)) for found in map(_NUMBERED.match, names) if found]
    return max([len(entries), *(n + 1 for n in numbers)])


def _fields(new: NewSource, name: str) -> dict[str, str | None]:
    fields = {"id": new.id, "title": new.title, "publisher": new.publisher}
    if new.via is not None:
        fields["via"] = new.via
    fields.update({"published": new.published, "language": new.language, "file": name, "url": new.url})
    if new.note is not None:
        fields["note"] = new.note
    return fields


def _scalar(value: str | None, plain: bool) -> str:
    """`value` as a YAML scalar, double-quoted (JSON's quoting is YAML's) unless `plain` and it reads back the same.

    Ids, language codes and file names are written plain, as in the store's
    own entries, but never one YAML would read as something else ("no" is false).
    """
    if value is None:
        return "null"
    if plain and _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _appended(text: str, fields: dict[str, str | None]) -> str:
    """sources.yaml's text with the new entry as a last block, a blank line above it, indented as its entries are."""
    indents = [len(found.group(1)) for found in re.finditer(r"^( *)- id:", text, re.M)]
    indent = " " * (min(indents) if indents else 2)
    lines = [f"{indent}{'- ' if key == 'id' else '  '}{key}: {_scalar(value, key in _PLAIN_FIELDS)}"
             for key, value in fields.items()]
    return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


def _check_appended(listing: Path, before: bytes, after: bytes, fields: dict[str, str | None]) -> None:
    """The new sources.yaml reads as the old one with `fields` as its last source; otherwise nothing is written."""
    old = yaml.safe_load(before.decode("utf-8"))
    try:
        new = yaml.safe_load(after.decode("utf-8"))
    except yaml.YAMLError:
        new = None
    if not (isinstance(new, dict) and set(new) == set(old) and new["sources"] == [*old["sources"], fields]
            and all(new[key] == old[key] for key in old if key != "sources")):
        raise FactsError(f"{listing}: the new entry cannot be appended to this file as it is laid out (the list "
                         "under `sources` must be its last block, one entry per `- id:`); add it by hand")


def _publish(facts_dir: Path, listing: Path, name: str, text: str, before: bytes, after: bytes) -> Path:
    """Put the text in place, then the new sources.yaml; undo both if either fails or the result does not read.

    sources.yaml is compared with what was read once more before it is
    replaced: the lock keeps other adds out, not a person saving it in an editor.
    """
    folder = facts_dir / TEXTS_FOLDER
    folder.mkdir(exist_ok=True)
    stored = folder / name
    _replace(stored, text.encode("utf-8"), _mode_for_new_file())
    try:
        if listing.read_bytes() != before:
            raise FactsError(f"{listing}: changed while the source was being added; run the command again")
        _replace(listing, after, os.stat(listing).st_mode & 0o7777)
        problems: list[str] = []
        read_sources(facts_dir, problems)
        if problems:
            _replace(listing, before, os.stat(listing).st_mode & 0o7777)
            raise FactsError(f"{listing}: would not validate with the new source, so it was left as it was: "
                             f"{problems[0]}")
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    return stored


def _replace(path: Path, data: bytes, mode: int) -> None:
    """Write `data` to `path` whole: into a temporary file beside it, flushed to disk, then renamed over it."""
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise WriteError(f"{path}: cannot be written ({error.strerror or error})") from None
        raise


def _mode_for_new_file() -> int:
    """The permissions a new file gets under the process's umask (mkstemp's own are private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
