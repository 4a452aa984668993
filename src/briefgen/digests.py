"""Digests of input files: what tells a build, or a cache, that its inputs changed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

LOCK_FILE = re.compile(r"\.[^/]+\.lock")
"""How briefgen names the lock files its commands take (facts/.sources.lock): no input, and left out of digests."""


DRAFTS_FOLDER = "drafts"
"""Where drafts of facts are kept, inside the facts folder (facts extract writes them there): no build reads them."""


def tree_digest(paths: list[Path], skip: tuple[str, ...] = ()) -> str:
    """sha256 over the names and contents of every file under `paths` (files or folders), in sorted order.

    A lock file in a folder is left out: that a command once took it changes no input; so is every file under
    a folder of a root named in `skip` (the facts' drafts: a draft written changes no edition).
    """
    digest = hashlib.sha256()
    for root in paths:
        files = (sorted(p for p in root.rglob("*") if p.is_file() and not LOCK_FILE.fullmatch(p.name)
                        and p.relative_to(root).parts[0] not in skip)
                 if root.is_dir() else [root])
        for path in files:
            name = path.relative_to(root).as_posix() if root.is_dir() else path.name
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
