"""Publish output files atomically: all written to temporary names, then renamed.

A reader (or a delegation pack picking files up) sees either the previous
edition or the new one, never a half-written file. If anything fails before
the renames, the temporary files are removed and nothing is replaced. A lock
on the output folder keeps two runs from interleaving; temporary files left
by a run that was killed are removed by the next one.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from briefgen.errors import WriteError

LOCK = ".briefgen.lock"
TEMPORARY_SUFFIX = ".tmp"


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock, or fail at once if another build holds it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK, "a")
    except OSError as exc:
        raise WriteError(f"{folder}: cannot write here ({exc.strerror or exc})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WriteError(f"{folder}: another briefgen build is writing this folder; "
                             "run again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete temporary files a killed run left in `folder` (call while holding the lock)."""
    stale = [p for p in folder.glob(f".*{TEMPORARY_SUFFIX}") if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(files: dict[Path, bytes]) -> None:
    """Write every `path: content` pair; if any write fails, no file is replaced."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
            staged.append((Path(tmp_name), path))
            # mkstemp creates owner-only files; outputs are shared like any other file.
            os.chmod(handle, 0o666 & ~_umask())
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        raise WriteError(f"{exc.filename or 'output'}: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
