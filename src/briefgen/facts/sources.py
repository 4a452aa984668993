"""Read sources.yaml: the articles the store cites, each stored as a text file under sources/."""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.facts.model import Source
from briefgen.facts.record import Record, shown, subject
from briefgen.facts.yamlfile import Located, read_yaml

SOURCES_FILE = "sources.yaml"
TEXTS_FOLDER = "sources"

_ID = re.compile(r"[a-z][a-z0-9_]*")
_LANGUAGE = re.compile(r"[a-z]{2}")
# Briefings link to the web page of a source, nothing else: no javascript:,
# file: or data: addresses, no spaces that would cut the link in two.
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*")
_FIELDS = ("id", "title", "publisher", "published", "language", "file", "url", "note")


def normalise_space(text: str) -> str:
    """`text` with every run of whitespace (line breaks and no-break spaces included) as one space."""
    return " ".join(text.split())


def read_sources(facts_dir: Path, problems: list[str]) -> tuple[dict[str, Source], dict[str, str], set[str]]:
    """The sources by id, their texts (whitespace-normalised) by id, and the ids declared but unusable.

    Problems are appended. A source whose file is missing or unreadable is
    still returned, without a text; one with a wrong field is left out but its
    id is given, so that facts citing it are not reported a second time.
    """
    where = f"{facts_dir.name}/{SOURCES_FILE}"
    data, read_problems = read_yaml(facts_dir / SOURCES_FILE, where)
    problems.extend(read_problems)
    if data is None:
        return {}, {}, set()
    if not isinstance(data, Located) or not isinstance(data.get("sources"), list):
        problems.append(f"{where}:1: expected a mapping with a list under `sources`")
        return {}, {}, set()
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    unusable: set[str] = set()
    for entry in data["sources"]:
        if not isinstance(entry, Located):
            problems.append(f"{where}:{data.line_of('sources')}: each source is a mapping, not {shown(entry)}")
            continue
        source = _read_source(entry, where, problems, sources)
        if source is None:
            if isinstance(entry.get("id"), str):
                unusable.add(entry["id"])
            continue
        sources[source.id] = source
        text = _read_text(facts_dir, source, entry, where, problems)
        if text is not None:
            texts[source.id] = text
    return sources, texts, unusable - set(sources)


def _read_source(entry: Located, where: str, problems: list[str], seen: dict[str, Source]) -> Source | None:
    record = Record(entry, where, subject("source", entry.get("id"), _ID), problems, _FIELDS)
    source_id = record.text("id")
    if source_id is not None and not _ID.fullmatch(source_id):
        record.problem("id", f"{shown(source_id)} is not a lower-case identifier")
        source_id = None
    if source_id is not None and source_id in seen:
        record.problem("id", "is used by another source above")
        source_id = None
    title = record.text("title")
    publisher = record.text("publisher")
    published = record.date("published")
    language = record.text("language")
    if language is not None and not _LANGUAGE.fullmatch(language):
        record.problem("language", f"{shown(language)} is not a two-letter language code")
        language = None
    file = record.text("file")
    url = record.text("url", required=False)
    if url is not None and not _URL.fullmatch(url):
        record.problem("url", f"{shown(url)} is not a web address (http:// or https://, without spaces)")
        url = None
    note = record.text("note", required=False)
    if None in (source_id, title, publisher, published, language, file):
        return None
    return Source(
        id=source_id,
        title=title,
        publisher=publisher,
        published_as_stated=published.text,
        published_from=published.start,
        published=published.end,
        language=language,
        file=file,
        url=url,
        note=note,
    )


def _read_text(facts_dir: Path, source: Source, entry: Located, where: str, problems: list[str]) -> str | None:
    folder = (facts_dir / TEXTS_FOLDER).resolve()
    path = (folder / source.file).resolve()
    line = entry.line_of("file")
    if folder not in path.parents:
        problems.append(f"{where}:{line}: source {source.id}: file {shown(source.file)} is outside {TEXTS_FOLDER}/")
        return None
    try:
        return normalise_space(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{where}:{line}: source {source.id}: file {TEXTS_FOLDER}/{source.file} does not exist")
    except UnicodeDecodeError:
        problems.append(f"{where}:{line}: source {source.id}: file {TEXTS_FOLDER}/{source.file} is not UTF-8 text")
    except OSError as error:
        problems.append(f"{where}:{line}: source {source.id}: file {TEXTS_FOLDER}/{source.file} cannot be read ({error.strerror})")
    return None
