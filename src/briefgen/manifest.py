"""The manifest of a month's edition: what went in, what came out, and the figures it showed.

`manifest.json` sits beside the outputs of a period. It lets a rerun with
unchanged inputs write nothing, lets anyone check a file against its sha256,
and keeps the figures shown so that next month's "what changed" section can
tell revised values from new ones.

Each output's entry records the digest of the inputs it was built from, as a
run that builds only some files (one format, one language) keeps the others
from an earlier run: those keep the digest of their own inputs, so a later
run sees that they are out of date even though `inputs` (the last run's) is
current. Among the inputs, `previous` is the digest of the month before's
figures that the "what changed" section compared with, read from that
month's manifest (null when there was none and the facts stood in for it):
a month rebuilt differently makes the next one out of date.

A manifest is read like any input, as anyone may have edited it: only a
regular file of at most MANIFEST_LIMIT bytes, holding a JSON object whose
parts have the types briefgen writes; anything else is ignored, and said so.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from briefgen import __version__
from briefgen.changes import Figure, from_records, to_records
from briefgen.digests import DRAFTS_FOLDER, tree_digest

MANIFEST = "manifest.json"
# A figure takes about 220 bytes of a manifest (the shipped briefing's 88 take 19 KB): 4 MB hold some
# 19,000, far more than any briefing shows, and read in a few hundredths of a second.
MANIFEST_LIMIT = 4 * 1024 * 1024
WARNING_LIMIT = 500  # characters of one recorded warning: briefgen writes a fact id, a period and a date


def input_files(facts_dir: Path, templates_dir: Path, config_files: list[Path], locale_dir: Path | None = None) -> dict:
    """Digests of the input files, as the manifest records them: taken once per run, as every month of a run
    is built from the same files. `locale_dir` holds the project's language overrides (None: none)."""
    return {
        "briefgen": __version__,
        "facts": tree_digest([facts_dir], skip=(DRAFTS_FOLDER,)),
        "templates": tree_digest([templates_dir]),
        "config": tree_digest(config_files),
        "locale": tree_digest([locale_dir]) if locale_dir is not None else None,
    }


def read_manifest(folder: Path) -> dict | None:
    """The manifest in `folder`, or None when there is none or it cannot be used (see `load_manifest`)."""
    return load_manifest(folder)[0]


def load_manifest(folder: Path) -> tuple[dict | None, str | None]:
    """The manifest in `folder`, or None; and, when there is a file that cannot be used, why it is ignored."""
    path = folder / MANIFEST
    try:
        # Non-blocking, so that a FIFO in its place cannot hold the build up.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    except OSError as exc:
        return None, f"{path}: cannot be read ({exc.strerror or exc}); ignored"
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None, f"{path}: not a regular file; ignored"
        content = stream.read(MANIFEST_LIMIT + 1) if status.st_size <= MANIFEST_LIMIT else b""
    if status.st_size > MANIFEST_LIMIT or len(content) > MANIFEST_LIMIT:
        return None, f"{path}: larger than a manifest can be ({MANIFEST_LIMIT} bytes at most); ignored"
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: arrays nested beyond measure
        return None, f"{path}: not UTF-8 JSON; ignored"
    problem = _shape_problem(data)
    if problem is not None:
        return None, f"{path}: {problem}; ignored"
    return data, None


def _shape_problem(data: object) -> str | None:
    """Why `data` is not a manifest as `render_manifest` writes it, part by part, or None."""
    if not isinstance(data, dict):
        return "not a JSON object"
    for key, kind in (("inputs", dict), ("outputs", dict), ("warnings", list), ("figures", list)):
        if key in data and not isinstance(data[key], kind):
            return f"{key} is not a JSON {'object' if kind is dict else 'array'}"
    if not all(isinstance(entry, dict) for entry in data.get("outputs", {}).values()):
        return "an entry of outputs is not a JSON object"
    if not all(isinstance(text, str) and len(text) <= WARNING_LIMIT for text in data.get("warnings", ())):
        return f"a warning is not a text of at most {WARNING_LIMIT} characters"
    return None


def recorded_figures(folder: Path) -> tuple[Figure, ...] | None:
    """The figures the edition in `folder` showed, as its manifest records them; None without a manifest."""
    return recorded(folder)[0]


def recorded(folder: Path) -> tuple[tuple[Figure, ...] | None, list[str]]:
    """The figures the edition in `folder` showed (None without a usable manifest), and warnings for the user.

    A warning names the manifest: one that is ignored, or how many of its
    recorded figures were skipped as not valid, with the first reason.
    """
    manifest, problem = load_manifest(folder)
    warnings = [problem] if problem is not None else []
    if manifest is None or not isinstance(manifest.get("figures"), list):
        return None, warnings
    figures, skipped = from_records(manifest["figures"])
    if skipped:
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        warnings.append(f"{folder / MANIFEST}: {len(skipped)} recorded figure{'s' if len(skipped) > 1 else ''} "
                        f"skipped as not valid: {skipped[0]}{more}")
    return figures, warnings


def figures_digest(figures: tuple[Figure, ...]) -> str:
    """sha256 of the canonical JSON of `figures` as a manifest records them."""
    return _digest(to_records(figures))


def _digest(data) -> str:
    """sha256 of the canonical JSON of `data`: sorted keys, no spaces, UTF-8."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inputs_digest(inputs: dict) -> str:
    """sha256 of the canonical JSON of `inputs`: how an output names what it was built from."""
    return _digest(inputs)


def file_entry(content: bytes, inputs: dict) -> dict:
    """Size and sha256 of one output, and the digest of the `inputs` it was built from."""
    return {"size": len(content), "sha256": hashlib.sha256(content).hexdigest(), "inputs": inputs_digest(inputs)}


def up_to_date(manifest: dict | None, inputs: dict, folder: Path, names: list[str]) -> bool:
    """Whether `folder` already holds outputs `names`, each built from exactly `inputs` and unchanged since."""
    outputs = manifest.get("outputs") if manifest is not None else None
    if not isinstance(outputs, dict):
        return False
    digest = inputs_digest(inputs)
    for name in names:
        entry = outputs.get(name)
        path = folder / name
        if not isinstance(entry, dict) or entry.get("inputs") != digest or not path.is_file():
            return False
        if hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
            return False
    return True


def render_manifest(previous: dict | None, inputs: dict, as_of: str, outputs: dict[str, dict],
                    warnings: list[str], figures: list[dict], folder: Path) -> bytes:
    """The new manifest: this run's outputs, plus earlier outputs of the period that are still there.

    `inputs` are this run's; an earlier output keeps its entry, and so the digest of the inputs it was built from.
    """
    earlier = (previous or {}).get("outputs")
    kept = {name: entry for name, entry in (earlier if isinstance(earlier, dict) else {}).items()
            if name not in outputs and (folder / name).is_file()}
    data = {
        "inputs": inputs,
        "as_of": as_of,
        "outputs": dict(sorted({**kept, **outputs}.items())),
        "warnings": warnings,
        "figures": figures,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
