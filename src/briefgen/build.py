"""Build briefings: load and check every input, assemble each language, render each format, publish.

This is the one module that wires the layers together: the calendar of
editions (editions), the manifest and its up-to-date check (manifest), the
worker pool (pool) and the publication of a month (publication). Nothing is
written until every document of a month has been assembled and rendered, so
an input error never leaves a half-built edition behind; then the month's
files and manifest are switched in as one edition under its folder's lock.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefgen.changes import Figure, compare, figures_of
from briefgen.config import SECTIONS, Config, load_config
from briefgen.editions import edition_figures, edition_for, figures_then, month_folder, output_path
from briefgen.errors import BriefgenError, ConfigError, combine
from briefgen.facts import CheckedFacts, read_facts
from briefgen.manifest import figures_digest, input_files, read_manifest, recorded_figures, up_to_date
from briefgen.narrative.assemble import Edition, check_templates, months_before
from briefgen.pool import Job, render_months, work_units
from briefgen.publication import Month, clear_leftovers, publish_month
from briefgen.writers import writer_suffix
from briefgen.writers.libreoffice import require_libreoffice

__all__ = ["FORMATS", "LANGUAGES", "Plan", "Result", "build", "build_months", "edition_figures", "edition_for",
           "month_folder", "output_path", "work_units"]

LANGUAGES = ("fr", "en")
FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Plan:
    """What one run builds and from where.

    `config` None means the built-in defaults; `sections` None means the
    config's sections; `jobs` is how many processes render (see work_units).
    `pdf_engine` "reportlab" draws the PDF itself, "libreoffice" converts the
    DOCX to a tagged PDF/A-2b.
    """

    languages: tuple[str, ...]
    formats: tuple[str, ...]
    period: datetime.date
    as_of: datetime.date | None
    facts_dir: Path
    templates_dir: Path
    out_dir: Path
    config: Path | None
    sections: tuple[str, ...] | None = None
    jobs: int = 1
    pdf_engine: str = "reportlab"  # or "libreoffice": a tagged PDF/A-2b converted from the DOCX


@dataclass(frozen=True)
class Result:
    """What a run did: the files of the edition, whether they were already up to date, and warnings."""

    paths: tuple[Path, ...]
    up_to_date: bool
    warnings: tuple[str, ...]
    historical: int  # figures shown as historical context (older than the configured age)


def build(plan: Plan, progress: Callable[[str], None] = lambda message: None) -> Result:
    """Build every language and format of `plan`; `progress` hears of each step."""
    return build_months(plan, (plan.period,), progress)[0]


def build_months(plan: Plan, periods: tuple[datetime.date, ...],
                 progress: Callable[[str], None] = lambda message: None) -> list[Result]:
    """Build the edition of each month of `periods`, in order, sharing one set of worker processes.

    `plan.period` is ignored. Every input is checked once, before anything
    is rendered. Each month is published, as a whole, as soon as its files
    are rendered, so a failure in a later month leaves the earlier ones whole.
    A month's "what changed" section compares with the month before as built
    by this run, exactly as if the months had been built one after another;
    what it compared with is among its inputs, so a month before rebuilt
    differently makes it out of date.
    """
    config, facts = _checked_inputs(plan)
    suffixes = [writer_suffix(name) for name in plan.formats]  # the writers are imported where they render
    if "pdf" in plan.formats and plan.pdf_engine == "libreoffice":
        require_libreoffice()
    logo = config.logo.read_bytes() if config.logo else None

    files = input_files(plan.facts_dir, plan.templates_dir, [p for p in (config.path, config.logo) if p is not None])
    results: dict[datetime.date, Result] = {}
    jobs: dict[datetime.date, Job] = {}
    months: dict[datetime.date, Month] = {}
    for period in periods:
        edition = edition_for(period, plan.as_of)
        store = facts.seen_on(edition.as_of)
        paths = tuple(output_path(plan.out_dir, period, lang, suffix) for lang in plan.languages for suffix in suffixes)
        folder = month_folder(plan.out_dir, period)
        previous = months_before(period, 1)
        # The month before as its manifest records it once this run has published it.
        recorded = months[previous].figures if previous in months else recorded_figures(
            month_folder(plan.out_dir, previous))
        inputs = _inputs(plan, config, edition, files, recorded)
        manifest = read_manifest(folder)
        if up_to_date(manifest, inputs, folder, [p.name for p in paths]):
            clear_leftovers(folder, progress)
            results[period] = Result(paths, True, tuple(manifest.get("warnings", ())), 0)
        else:
            before = recorded if recorded is not None else figures_then(store, previous)
            shown = figures_of(store)
            jobs[period] = Job(store, config, plan.templates_dir, edition, logo, compare(before, shown), previous,
                               plan.pdf_engine)
            months[period] = Month(plan.out_dir, edition, paths, inputs, shown)

    units = [(period, *unit) for period in jobs for unit in work_units(plan.languages, plan.formats, plan.jobs)]
    for period, rendered in render_months(jobs, units, plan.jobs):
        for lang, outputs, _stale in rendered:
            for suffix in outputs:
                progress(f"rendered {period:%Y-%m} {lang} {suffix.lstrip('.')}")
        warnings, historical = publish_month(months[period], rendered, progress)
        results[period] = Result(months[period].paths, False, warnings, historical)
    return [results[period] for period in periods]


def _checked_inputs(plan: Plan) -> tuple[Config, CheckedFacts]:
    """The settings and the facts, once they and the templates are checked; problems in all three are
    reported together."""
    errors: list[BriefgenError] = []
    try:
        config = _config(plan)
    except BriefgenError as exc:
        errors.append(exc)
        config = load_config(None)  # the defaults still let the templates be checked
    try:
        facts = read_facts(plan.facts_dir)
    except BriefgenError as exc:
        errors.append(exc)
    try:
        check_templates(plan.templates_dir, plan.languages, config)
    except BriefgenError as exc:
        errors.append(exc)
    if errors:
        raise combine(errors)
    return config, facts


def _config(plan: Plan) -> Config:
    config = load_config(plan.config)
    if plan.sections is None:
        return config
    unknown = [name for name in plan.sections if name not in SECTIONS]
    if unknown or not plan.sections:
        raise ConfigError(f"--sections: unknown section {', '.join(unknown) or '(none given)'}; "
                          f"known: {', '.join(SECTIONS)}")
    return dataclasses.replace(config, sections=plan.sections)


def _inputs(plan: Plan, config: Config, edition: Edition, files: dict, previous: tuple[Figure, ...] | None) -> dict:
    """Everything the outputs depend on, as the manifest records it.

    `previous` is the month before as its manifest records it, which the
    "what changed" section compares with; None when there is none here and
    the facts stand in for it.
    """
    return {
        **files,
        "sections": list(config.sections),
        "period": edition.period.strftime("%Y-%m"),
        "as_of": edition.as_of.isoformat(),
        "issued": edition.issued.isoformat(),
        "pdf_engine": plan.pdf_engine,
        "previous": figures_digest(previous) if previous is not None else None,
    }
