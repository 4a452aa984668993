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
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import time
from pathlib import Path

ENVIRONMENT_VARIABLE = "BRIEFGEN_CACHE_DIR"
OFF = "off"
TEMPORARY = ".tmp-"  # prefix of a file being written
MAX_ENTRIES = 500  # of each kind: years of monthly charts, at most about 25 MB


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
    """Entries of one kind (a subfolder) in the cache folder; every failure reads as a miss."""

    def __init__(self, kind: str, folder: Path | None = None) -> None:
        root = cache_folder() if folder is None else folder
        self.folder = None if root is None else root / kind

    def get(self, name: str) -> bytes | None:
        """The entry `name`, or None when there is none (or it cannot be read)."""
        if self.folder is None:
            return None
        path = self.folder / name
        try:
            data = path.read_bytes()
            os.utime(path)  # recently used: kept when the folder is trimmed
        except OSError:
            return None
        return data

    def put(self, name: str, data: bytes) -> None:
        """Keep `data` as entry `name`; silently nothing when the folder cannot be written."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=TEMPORARY)
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, self.folder / name)
            except BaseException:
                os.unlink(temporary)
                raise
            self._trim()
        except OSError:
            pass

    def _trim(self) -> None:
        """Remove the least recently used entries beyond MAX_ENTRIES, and temporaries of killed runs."""
        entries = []
        for entry in os.scandir(self.folder):
            if not entry.name.startswith(TEMPORARY):
                entries.append(entry)
            elif entry.stat().st_mtime < time.time() - 3600:
                os.unlink(entry.path)
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat().st_mtime)
        for entry in entries[: len(entries) - MAX_ENTRIES]:
            try:
                os.unlink(entry.path)
            except OSError:
                pass
