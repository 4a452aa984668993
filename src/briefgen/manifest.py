"""The manifest of a month's edition: what went in, what came out, and the figures it showed.

`manifest.json` sits beside the outputs of a period. It lets a rerun with
unchanged inputs write nothing, lets anyone check a file against its sha256,
and keeps the figures shown so that next month's "what changed" section can
tell revised values from new ones.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from briefgen import __version__
from briefgen.digests import tree_digest

MANIFEST = "manifest.json"


def input_files(facts_dir: Path, templates_dir: Path, config_files: list[Path]) -> dict:
    """Digests of the input files, as the manifest records them: taken once per run, as every month of a run
    is built from the same files."""
    return {
        "briefgen": __version__,
        "facts": tree_digest([facts_dir]),
        "templates": tree_digest([templates_dir]),
        "config": tree_digest(config_files),
    }


def read_manifest(folder: Path) -> dict | None:
    """The manifest in `folder`, or None when there is none or it is not readable JSON."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def file_entry(content: bytes) -> dict:
    """Size and sha256 of one output."""
    return {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def up_to_date(manifest: dict | None, inputs: dict, folder: Path, names: list[str]) -> bool:
    """Whether `folder` already holds outputs `names` built from exactly `inputs`, unchanged since."""
    if manifest is None or manifest.get("inputs") != inputs:
        return False
    outputs = manifest.get("outputs", {})
    for name in names:
        entry = outputs.get(name)
        path = folder / name
        if not isinstance(entry, dict) or not path.is_file():
            return False
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
            return False
    return True


def render_manifest(previous: dict | None, inputs: dict, as_of: str, outputs: dict[str, dict],
                    warnings: list[str], figures: list[dict], folder: Path) -> bytes:
    """The new manifest: this run's outputs, plus earlier outputs of the period that are still there."""
    kept = {name: entry for name, entry in (previous or {}).get("outputs", {}).items()
            if name not in outputs and (folder / name).is_file()}
    data = {
        "inputs": inputs,
        "as_of": as_of,
        "outputs": dict(sorted({**kept, **outputs}.items())),
        "warnings": warnings,
        "figures": figures,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
