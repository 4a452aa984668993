"""Digests of input files: what tells a build, or a cache, that its inputs changed."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_digest(paths: list[Path], skip: frozenset[str] = frozenset()) -> str:
    """sha256 over the names and contents of every file under `paths` (files or folders), in sorted order.

    Files of a folder whose name is in `skip` (a lock, say) are no input and left out.
    """
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.name not in skip) if root.is_dir() else [root]
        for path in files:
            name = path.relative_to(root).as_posix() if root.is_dir() else path.name
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
