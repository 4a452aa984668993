"""Read and validate briefgen.toml into a frozen `Config`.

The file says who publishes the briefing (organisation, colours, logo), which
sections it holds in which order, and which facts make the key-figures panel.
Every problem is reported at once, naming the file and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import ConfigError, collect

SECTIONS = ("innovation", "vr", "marine", "green", "cooperation")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Config:
    """The briefing's settings; `logo` is None when no logo is configured."""

    organisation: str
    sections: tuple[str, ...]
    key_figures: tuple[str, ...]
    primary_color: str
    accent_color: str
    logo: Path | None
    stale_after_months: int
    path: Path | None


MAX_STALE_MONTHS = 1200  # a century: older than that, nothing in a briefing is current

DEFAULTS = {
    "organisation": "Sophia Antipolis",
    "sections": list(SECTIONS),
    "key_figures": [],
    "primary_color": "#1F3A5F",
    "accent_color": "#C8102E",
    "logo": "",
    "stale_after_months": 24,
}


def load_config(path: Path | None) -> Config:
    """The configuration in `path`, or the defaults when `path` is None."""
    raw: dict = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
        raw = {**data.get("briefing", {}), **data.get("branding", {})}
        unknown = set(raw) - set(DEFAULTS)
        problems = [f"{path}: unknown key {key!r}" for key in sorted(unknown)]
        collect(problems, ConfigError, str(path))
    values = {**DEFAULTS, **raw}
    where = str(path) if path else "configuration"
    problems = []
    if not isinstance(values["organisation"], str) or not values["organisation"].strip():
        problems.append(f"{where}: organisation must be non-empty text")
    for key in ("sections", "key_figures"):
        if not isinstance(values[key], list) or not all(isinstance(v, str) for v in values[key]):
            problems.append(f"{where}: {key} must be a list of text")
    if isinstance(values["sections"], list):
        for name in values["sections"]:
            if name not in SECTIONS:
                problems.append(f"{where}: unknown section {name!r}; known: {', '.join(SECTIONS)}")
    for key in ("primary_color", "accent_color"):
        if not isinstance(values[key], str) or not _COLOR.match(values[key]):
            problems.append(f"{where}: {key} must be a colour like \"#1F3A5F\"")
    stale = values["stale_after_months"]
    if not isinstance(stale, int) or isinstance(stale, bool) or not 1 <= stale <= MAX_STALE_MONTHS:
        problems.append(f"{where}: stale_after_months must be a whole number of months from 1 to {MAX_STALE_MONTHS}")
    logo = None
    if values["logo"]:
        logo = (path.parent if path else Path.cwd()) / values["logo"]
        if not logo.is_file():
            problems.append(f"{where}: logo file {values['logo']!r} not found")
    collect(problems, ConfigError, where)
    return Config(
        organisation=values["organisation"],
        sections=tuple(values["sections"]),
        key_figures=tuple(values["key_figures"]),
        primary_color=values["primary_color"],
        accent_color=values["accent_color"],
        logo=logo,
        stale_after_months=stale,
        path=path,
    )
