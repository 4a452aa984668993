"""Find a briefing project and the paths of its parts: settings, facts, templates, locale overrides, output.

A project is a folder holding `briefgen.toml`. Commands work on the project
in the current folder or the nearest folder above it that has one (as git
or Quarto find theirs), or on `--project DIR`. Each part can be pointed
elsewhere (`--config`, `--facts`, `--templates`, `--out`); the others are
found beside the settings file. Paths stay relative when the project was
found from a relative start, so messages read `templates/fr/green.md:3`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefgen.config import SETTINGS_FILE
from briefgen.errors import ConfigError


@dataclass(frozen=True)
class ProjectPaths:
    """Where a project's parts are; `locale` is None when the project overrides no language."""

    settings: Path
    facts: Path
    templates: Path
    locale: Path | None
    output: Path


def find_settings(start: Path) -> Path | None:
    """The settings file of the project `start` is in: in `start` or the nearest folder above; None if none."""
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            relative = os.path.relpath(candidate, Path.cwd()) if not start.is_absolute() else candidate
            return Path(relative)
    return None


def project_paths(project: Path | None = None, config: Path | None = None, facts: Path | None = None,
                  templates: Path | None = None, out: Path | None = None) -> ProjectPaths:
    """The paths of the project: `project` (a folder) or the one around the current folder, with any overrides.

    A ConfigError says when no settings file can be found.
    """
    if config is not None:
        settings = config
    elif project is not None:
        if not project.is_dir():
            raise ConfigError(f"--project {project}: no such folder")
        settings = project / SETTINGS_FILE
        if not settings.is_file():
            raise ConfigError(f"--project {project}: no {SETTINGS_FILE} in this folder; "
                              f"`briefgen new {project}` starts a project there")
    else:
        found = find_settings(Path("."))
        if found is None:
            raise ConfigError(f"no {SETTINGS_FILE} in {Path.cwd()} or any folder above it; run the command in a "
                              "project, pass --project DIR, or start one with `briefgen new DIR`")
        settings = found
    root = settings.parent
    locale = root / "locale"
    return ProjectPaths(
        settings=settings,
        facts=facts if facts is not None else root / "facts",
        templates=templates if templates is not None else root / "templates",
        locale=locale if locale.is_dir() else None,
        output=out if out is not None else root / "output",
    )
