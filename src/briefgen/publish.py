"""Publish a month's edition as a whole: staged in a sibling folder, then switched in with one rename.

A reader (or a delegation pack picking files up) sees either the previous
edition or the new one, never a mixture of the two nor a half-written file:
the new edition is written beside the month's folder, with every file of the
folder that it does not replace, and one rename exchanges the two folders
(Linux `renameat2(RENAME_EXCHANGE)`). If anything fails before that rename,
the staged folder is removed and the month's folder is untouched. A lock on
the month's folder keeps two runs from interleaving; what a killed run left
(a staged folder, or the previous edition it had switched out) is removed by
the next one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from briefgen.errors import WriteError

LOCK = ".briefgen.lock"
TEMPORARY_SUFFIX = ".tmp"
STAGED = "briefgen-"  # a staged or switched-out edition beside out/2026-11 is out/.2026-11.briefgen-XXXX.tmp

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)  # glibc 2.28 and later
if _renameat2 is not None:
    _renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    _renameat2.restype = ctypes.c_int
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}  # no such rename here


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


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete what a killed run left (call while holding `folder`'s lock), by the names briefgen gives it.

    That is a staged or switched-out edition beside `folder`
    (".2026-11.briefgen-XXXX.tmp"), and temporary files in `folder`
    (".name.XXXX.tmp", as versions that published file by file named them).
    Returns what was found.
    """
    real = folder.resolve()
    editions = [p for p in real.parent.glob(f".{real.name}.{STAGED}*{TEMPORARY_SUFFIX}")
                if p.is_dir() and not p.is_symlink()]
    files = [p for p in real.glob(f".*{TEMPORARY_SUFFIX}") if p.is_file()]
    for path in editions:
        shutil.rmtree(path, ignore_errors=True)  # what cannot go now, the next run removes
    for path in files:
        path.unlink(missing_ok=True)
    return editions + files


def publish(folder: Path, files: dict[str, bytes]) -> None:
    """Make `folder` hold `files` (name: content) and everything else it held, switched in as a whole.

    Call while holding `folder`'s lock. The folder's other entries, its lock
    among them, are hard-linked into the staged edition (copied where the
    filesystem has no hard links), so the lock this run holds is still the
    folder's after the switch and files kept from an earlier run stay as
    they were.
    """
    real = folder.resolve()
    staged = None
    try:
        staged = _beside(real)
        os.chmod(staged, stat.S_IMODE(real.stat().st_mode))  # mkdtemp makes it owner-only
        for entry in real.iterdir():
            if entry.name not in files:
                _carry(entry, staged / entry.name)
        for name, content in files.items():
            with open(staged / name, "xb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
        previous = _switch(staged, real)
    except OSError as exc:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        raise WriteError(f"{exc.filename or folder}: {exc.strerror or exc}") from None
    shutil.rmtree(previous, ignore_errors=True)  # the edition is published; what cannot go now, the next run removes


def _beside(folder: Path) -> Path:
    """A new empty folder beside `folder`, named as `remove_leftovers` finds it: .2026-11.briefgen-XXXX.tmp."""
    return Path(tempfile.mkdtemp(prefix=f".{folder.name}.{STAGED}", suffix=TEMPORARY_SUFFIX, dir=folder.parent))


def _carry(source: Path, target: Path) -> None:
    """Put `source` at `target` too, a folder with all it holds: hard links, or copies without them."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link)
    else:
        _link(source, target)


def _link(source, target) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _switch(staged: Path, folder: Path) -> Path:
    """Put `staged` in the place of `folder`; returns where the previous edition is now.

    One rename exchanges the two folders where the system can; elsewhere
    `folder` is moved aside and `staged` moved in, so that for an instant
    there is no folder, but never a mixture.
    """
    try:
        _exchange(staged, folder)
        return staged
    except OSError as exc:
        if exc.errno not in _CANNOT_EXCHANGE:
            raise
    aside = _beside(folder)
    os.rename(folder, aside)  # a folder may replace an empty one
    try:
        os.rename(staged, folder)
    except OSError:
        os.rename(aside, folder)
        raise
    return aside


def _exchange(first: Path, second: Path) -> None:
    """Exchange two paths atomically (renameat2 with RENAME_EXCHANGE); ENOSYS where the C library lacks it."""
    if _renameat2 is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(first))
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))
