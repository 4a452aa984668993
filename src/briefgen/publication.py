"""The publication of a month: its rendered files and its manifest, written under the folder's lock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefgen.changes import Figure, to_records
from briefgen.editions import month_folder, output_path
from briefgen.manifest import MANIFEST, file_entry, render_manifest
from briefgen.narrative.assemble import Edition
from briefgen.publish import locked, publish, remove_stale_temporaries


@dataclass(frozen=True)
class Month:
    """A month to publish: its files in the edition's order, and what its manifest records."""

    out_dir: Path
    edition: Edition
    paths: tuple[Path, ...]
    inputs: dict
    manifest: dict | None  # the manifest of the edition it replaces, if any
    figures: tuple[Figure, ...]  # the figures it shows

    @property
    def folder(self) -> Path:
        return month_folder(self.out_dir, self.edition.period)


def publish_month(month: Month, rendered: list, progress: Callable[[str], None]) -> tuple[tuple[str, ...], int]:
    """Publish a month's rendered units under its folder's lock, then its manifest.

    `rendered` holds the worker pool's (lang, {suffix: bytes}, historical
    figures) units. Returns the warnings and how many figures were shown as
    historical context.
    """
    files: dict[Path, bytes] = {}
    historical: dict[tuple[str, str], str] = {}
    for lang, outputs, stale in rendered:
        for suffix, content in outputs.items():
            files[output_path(month.out_dir, month.edition.period, lang, suffix)] = content
        historical.update(stale)
    files = {path: files[path] for path in month.paths}  # the edition's order, however the work was shared
    warnings = [f"{fact_id} ({period}) {text}" for (fact_id, period), text in sorted(historical.items())]
    with locked(month.folder):
        _remove_leftovers(month.folder, progress)
        publish(files)
        entries = {path.name: file_entry(content, month.inputs) for path, content in files.items()}
        publish({month.folder / MANIFEST: render_manifest(month.manifest, month.inputs,
                                                          month.edition.as_of.isoformat(), entries, warnings,
                                                          to_records(month.figures), month.folder)})
    return tuple(warnings), len(historical)


def clear_leftovers(folder: Path, progress: Callable[[str], None]) -> None:
    """Remove, under the folder's lock, what an interrupted run left in a month that needs no new edition."""
    with locked(folder):
        _remove_leftovers(folder, progress)


def _remove_leftovers(folder: Path, progress: Callable[[str], None]) -> None:
    for path in remove_stale_temporaries(folder):
        progress(f"removed {path.name}, left by an interrupted run")
