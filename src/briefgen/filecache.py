"""A folder of small files kept between runs, each named by the digest of everything that made it.

A monthly run mostly redraws the charts of last month: same figures, same
labels. Keeping finished work on disk, under a name that is the digest of all
its inputs, lets the next run (or the other language's worker, or the next
edition of a batch) read it back instead of redoing it. An entry is never
updated in place: a different input gives a different name.

The folder is `$BRIEFGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/briefgen`, else
`~/.cache/briefgen`; `BRIEFGEN_CACHE_DIR=off` turns the cache off. The cache
only ever saves time: an entry that cannot be read or written is treated as
missing, and the build does the work itself. Files are written under a
temporary name and renamed, so a reader never sees half an entry; the least
recently used entries beyond `MAX_ENTRIES` are removed.

Anyone can write in the folder, and a disk can damage what is there, so an
entry is trusted only after checks: it opens with a header holding the
sha256 of the rest, which must match; only a regular file is opened (never a
symlink, FIFO or device, which could point anywhere or block forever) and
one larger than `MAX_ENTRY_BYTES` is never read. The checks of what the
payload means are the callers'. Only files named as briefgen names its
entries and temporaries are ever removed: a user's own files stay.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path

ENVIRONMENT_VARIABLE = "BRIEFGEN_CACHE_DIR"
OFF = "off"
TEMPORARY = ".tmp-"  # prefix of a file being written
MAX_ENTRIES = 500  # of each kind: years of monthly charts, at most about 25 MB
MAX_ENTRY_BYTES = 4 * 1024 * 1024  # a chart entry is about 60 KB, a drawing about 30 KB
HEADER = b"briefgen-cache-1 sha256:"  # then the payload's sha256 in hex, a newline, the payload
_HEADER_SIZE = len(HEADER) + 64 + 1
ENTRY_NAME = re.compile(r"[0-9a-f]{64}(?:\.[a-z]+)?\.json", re.ASCII)  # a digest, maybe a format, .json
TEMPORARY_NAME = re.compile(re.escape(TEMPORARY) + r"[0-9a-f]{16}", re.ASCII)
_STALE_TEMPORARY_SECONDS = 3600  # a temporary this old was left by a killed run


def cache_folder() -> Path | None:
    """Where the cache lives, from the environment; None when it is turned off."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen is not None:
        return None if chosen.strip().lower() in (OFF, "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefgen"


def file_identity(path: str | os.PathLike | None) -> tuple | None:
    """A file's path, size and modification time, or None when there is no such file.

    For inputs too large to hash on every run (fonts, installed packages):
    reinstalling or replacing them changes the time.
    """
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return os.fsdecode(path), stat.st_size, stat.st_mtime_ns


def package_identity(name: str) -> tuple:
    """An installed package told apart without importing it: its __init__.py and, if any, _version.py."""
    spec = importlib.util.find_spec(name)
    folder = Path(spec.origin).parent if spec is not None and spec.origin else None
    if folder is None:
        return (name,)
    return name, file_identity(folder / "__init__.py"), file_identity(folder / "_version.py")


def digest(*parts: object) -> str:
    """A file name for the entry made from `parts` (their reprs, so 1 and 1.0 differ)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


class FileCache:
    """Entries of one kind (a subfolder) in the cache folder; every failure reads as a miss.

    Every file operation goes through the kind folder opened once without
    following a symlink, so nothing outside it is ever read, written or removed.
    """

    def __init__(self, kind: str, folder: Path | None = None) -> None:
        root = cache_folder() if folder is None else folder
        self.folder = None if root is None else root / kind

    def get(self, name: str) -> bytes | None:
        """The payload of entry `name`, or None when there is none or it fails a check."""
        _check_name(name)
        if self.folder is None:
            return None
        try:
            with self._opened_folder() as folder:
                data = _read_regular_file(name, folder)
                payload = None if data is None else _payload(data)
                if payload is not None:
                    os.utime(name, dir_fd=folder, follow_symlinks=False)  # recently used: kept by the trim
        except OSError:
            return None
        return payload

    def put(self, name: str, data: bytes) -> None:
        """Keep `data` as entry `name`; silently nothing when it is too large or the folder cannot be written."""
        _check_name(name)
        entry = HEADER + hashlib.sha256(data).hexdigest().encode() + b"\n" + data
        if self.folder is None or len(entry) > MAX_ENTRY_BYTES:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self._opened_folder() as folder:
                temporary = TEMPORARY + secrets.token_hex(8)
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC  # never through a symlink
                handle = os.open(temporary, flags, 0o600, dir_fd=folder)
                try:
                    with os.fdopen(handle, "wb") as file:
                        file.write(entry)
                    os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
                except BaseException:
                    os.unlink(temporary, dir_fd=folder)
                    raise
                _trim(folder)
        except OSError:
            pass

    @contextlib.contextmanager
    def _opened_folder(self) -> Iterator[int]:
        """A descriptor of the kind folder, refused (OSError) when it is a symlink or not a folder."""
        folder = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            yield folder
        finally:
            os.close(folder)


def _check_name(name: str) -> None:
    """Refuse a name the trim would not know as an entry: a caller's mistake."""
    if not ENTRY_NAME.fullmatch(name):
        raise ValueError(f"not a cache entry name: {name!r}")


def _read_regular_file(name: str, folder: int) -> bytes | None:
    """The bytes of `name` in `folder` when it is a regular file of at most MAX_ENTRY_BYTES, else None.

    The file is looked at before it is opened, and opened without following
    a symlink and without waiting, so a FIFO or device put in its place
    between the two is refused too, never read.
    """
    if not _is_regular(os.stat(name, dir_fd=folder, follow_symlinks=False)):
        return None
    handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    with os.fdopen(handle, "rb") as file:
        if not _is_regular(os.fstat(handle)):
            return None
        data = file.read(MAX_ENTRY_BYTES + 1)
    return data if len(data) <= MAX_ENTRY_BYTES else None


def _is_regular(status: os.stat_result) -> bool:
    return stat.S_ISREG(status.st_mode) and status.st_size <= MAX_ENTRY_BYTES


def _payload(data: bytes) -> bytes | None:
    """What follows the header of `data`, or None when the header is missing or its digest does not match."""
    if not data.startswith(HEADER) or data[_HEADER_SIZE - 1:_HEADER_SIZE] != b"\n":
        return None
    payload = data[_HEADER_SIZE:]
    if hashlib.sha256(payload).hexdigest().encode() != data[len(HEADER):_HEADER_SIZE - 1]:
        return None
    return payload


def _trim(folder: int) -> None:
    """Remove the least recently used entries beyond MAX_ENTRIES, and temporaries of killed runs.

    Only regular files named as entries or temporaries are looked at: a
    user's file, a folder or a symlink (whatever its name) is left alone.
    """
    entries = []
    stale = time.time() - _STALE_TEMPORARY_SECONDS
    with os.scandir(folder) as listing:
        for entry in listing:
            if not entry.is_file(follow_symlinks=False):
                continue
            if ENTRY_NAME.fullmatch(entry.name):
                entries.append((entry.stat(follow_symlinks=False).st_mtime, entry.name))
            elif TEMPORARY_NAME.fullmatch(entry.name) and entry.stat(follow_symlinks=False).st_mtime < stale:
                _remove(entry.name, folder)
    entries.sort()
    for _mtime, name in entries[: max(0, len(entries) - MAX_ENTRIES)]:
        _remove(name, folder)


def _remove(name: str, folder: int) -> None:
    """Remove `name` from `folder`; nothing when another run removed it first."""
    try:
        os.unlink(name, dir_fd=folder)
    except OSError:
        pass
