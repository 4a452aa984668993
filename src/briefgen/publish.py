"""Publish output files atomically: all written to temporary names, then renamed.

A reader (or a delegation pack picking files up) sees either the previous
edition or the new one, never a half-written file. If anything fails before
the renames, the temporary files are removed and nothing is replaced.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefgen.errors import WriteError


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
            handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
