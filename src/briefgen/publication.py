"""The publication of a month: its files and manifest, switched in as one edition under the folder's lock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefgen.changes import Figure, to_records
from briefgen.editions import month_folder, output_path
from briefgen.manifest import MANIFEST, file_entry, read_manifest, render_manifest
from briefgen.narrative.assemble import Edition
from briefgen.publish import locked, publish, remove_leftovers


@dataclass(frozen=True)
class Month:
    """A month to publish: its files, and what its manifest records."""

    out_dir: Path
    briefing_id: str
    edition: Edition
    paths: tuple[Path, ...]
    inputs: dict
    figures: tuple[Figure, ...]  # the figures it shows

    @property
    def folder(self) -> Path:
        return month_folder(self.out_dir, self.edition.period)


def publish_month(month: Month, rendered: list, progress: Callable[[str], None]) -> tuple[tuple[str, ...], int]:
    """Publish a month's rendered units and its manifest, as a whole, under its folder's lock.

    `rendered` holds the worker pool's (lang, {suffix: bytes}, historical
    figures) units. Returns the warnings and how many figures were shown as
    historical context.
    """
    files: dict[Path, bytes] = {}
    historical: dict[tuple[str, str], str] = {}
    for lang, outputs, stale, _shown in rendered:
        for suffix, content in outputs.items():
            files[output_path(month.out_dir, month.edition.period, month.briefing_id, lang, suffix)] = content
        historical.update(stale)
    files = {path: files[path] for path in month.paths}  # every file of the edition, however the work was shared
    warnings = [f"{fact_id} ({period}) {text}" for (fact_id, period), text in sorted(historical.items())]
    with locked(month.folder):
        _remove_leftovers(month.folder, progress)
        entries = {path.name: file_entry(content, month.inputs) for path, content in files.items()}
        # Read again under the lock: the files kept from an earlier edition are those of the folder now.
        manifest = render_manifest(read_manifest(month.folder), month.inputs, month.edition.as_of.isoformat(), entries,
                                   warnings, to_records(month.figures), month.folder)
        publish(month.folder, {**{path.name: content for path, content in files.items()}, MANIFEST: manifest})
    return tuple(warnings), len(historical)


def clear_leftovers(folder: Path, progress: Callable[[str], None]) -> None:
    """Remove, under the folder's lock, what an interrupted run left in a month that needs no new edition."""
    with locked(folder):
        _remove_leftovers(folder, progress)


def _remove_leftovers(folder: Path, progress: Callable[[str], None]) -> None:
    for path in remove_leftovers(folder):
        progress(f"removed {path.name}, left by an interrupted run")
