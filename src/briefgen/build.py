"""Build briefings: load and check every input, assemble each language, render each format, publish.

This is the one module that wires the layers together. Nothing is written
until every document has been assembled and rendered, so an input error never
leaves a half-built edition behind.
"""

from __future__ import annotations

import calendar
import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from briefgen.config import load_config
from briefgen.errors import ConfigError
from briefgen.facts import load_store
from briefgen.narrative.assemble import Edition, assemble, check_templates
from briefgen.publish import publish
from briefgen.writers import get_writer

LANGUAGES = ("fr", "en")
FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Plan:
    """What one run builds and from where; `config` None means the built-in defaults."""

    languages: tuple[str, ...]
    formats: tuple[str, ...]
    period: datetime.date
    as_of: datetime.date | None
    facts_dir: Path
    templates_dir: Path
    out_dir: Path
    config: Path | None


def edition_for(period: datetime.date, as_of: datetime.date | None) -> Edition:
    """The edition of `period`: facts as of the month's last day unless told otherwise.

    The issue date is the first of the month, or the day of SOURCE_DATE_EPOCH
    when set, so rebuilding an edition gives the same files.
    """
    last_day = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            issued = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    else:
        issued = period
    return Edition(period=period, as_of=as_of or last_day, issued=issued)


def output_path(out_dir: Path, period: datetime.date, lang: str, suffix: str) -> Path:
    """Where a file goes: out/2026-11/briefing-qingdao-2026-11-fr.pdf."""
    month = f"{period.year:04d}-{period.month:02d}"
    return out_dir / month / f"briefing-qingdao-{month}-{lang}{suffix}"


def build(plan: Plan) -> list[Path]:
    """Build every language and format of `plan`; returns the paths written."""
    config = load_config(plan.config)
    edition = edition_for(plan.period, plan.as_of)
    store = load_store(plan.facts_dir, as_of=edition.as_of)
    check_templates(plan.templates_dir, plan.languages, config)
    writers = [get_writer(name) for name in plan.formats]
    logo = config.logo.read_bytes() if config.logo else None

    from briefgen.sections import section_extras  # matplotlib is loaded only when building

    files: dict[Path, bytes] = {}
    for lang in plan.languages:
        document = assemble(store, config, plan.templates_dir, lang, edition, section_extras, logo)
        for writer in writers:
            files[output_path(plan.out_dir, plan.period, lang, writer.suffix)] = writer.render(document)
    publish(files)
    return list(files)
