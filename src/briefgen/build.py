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
from briefgen.config import NAME, Config, load_config
from briefgen.editions import edition_figures, edition_for, figures_then, month_folder, output_path
from briefgen.errors import BriefgenError, ConfigError, UsageError, combine
from briefgen.facts import CheckedFacts, read_facts
from briefgen.manifest import figures_digest, input_files, read_manifest, recorded_figures, up_to_date
from briefgen.locale import language_problems
from briefgen.narrative.assemble import Edition, months_before
from briefgen.narrative.checks import check_templates
from briefgen.pool import Job, render_months, work_units
from briefgen.publication import Month, clear_leftovers, publish_month
from briefgen.vocabulary import FORMATS
from briefgen.writers import writer_suffix
from briefgen.writers.libreoffice import require_libreoffice

__all__ = ["FORMATS", "Plan", "Result", "build", "build_months", "edition_figures", "edition_for",
           "month_folder", "output_path", "work_units"]


@dataclass(frozen=True)
class Plan:
    """What one run builds and from where.

    `config` is the project's settings file; `languages` None means the
    settings' languages, `sections` None the settings' sections; `locale_dir`
    holds the project's house-style and UI-string overrides (None: none);
    `jobs` is how many processes render (see work_units). `pdf_engine`
    "reportlab" draws the PDF itself, "libreoffice" converts the DOCX to a
    tagged PDF/A-2b.
    """

    languages: tuple[str, ...] | None
    formats: tuple[str, ...]
    period: datetime.date
    as_of: datetime.date | None
    facts_dir: Path
    templates_dir: Path
    out_dir: Path
    config: Path
    sections: tuple[str, ...] | None = None
    locale_dir: Path | None = None
    jobs: int = 1
    pdf_engine: str = "reportlab"  # or "libreoffice": a tagged PDF/A-2b converted from the DOCX


@dataclass(frozen=True)
class Result:
    """What a run did: the files of the edition, whether they were already up to date, and warnings."""

    paths: tuple[Path, ...]
    up_to_date: bool
    warnings: tuple[str, ...]
    historical: int  # figures shown as historical context (older than the configured age)
    shown: int = 0  # figures shown, in any language
    newest: datetime.date | None = None  # when the newest figure shown was published; None when none or up to date
    stale_after_months: int = 0  # the age past which a figure is historical context


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
    languages = config.languages
    suffixes = [writer_suffix(name) for name in plan.formats]  # the writers are imported where they render
    if "pdf" in plan.formats and plan.pdf_engine == "libreoffice":
        require_libreoffice()
    logo = config.logo.read_bytes() if config.logo else None

    files = input_files(plan.facts_dir, plan.templates_dir, [p for p in (config.path, config.logo) if p is not None],
                        plan.locale_dir)
    results: dict[datetime.date, Result] = {}
    jobs: dict[datetime.date, Job] = {}
    months: dict[datetime.date, Month] = {}
    for period in periods:
        edition = edition_for(period, plan.as_of)
        store = facts.seen_on(edition.as_of)
        paths = tuple(output_path(plan.out_dir, period, config.id, lang, suffix)
                      for lang in languages for suffix in suffixes)
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
                               plan.pdf_engine, plan.locale_dir)
            months[period] = Month(plan.out_dir, config.id, edition, paths, inputs, shown)

    units = [(period, *unit) for period in jobs for unit in work_units(languages, plan.formats, plan.jobs)]
    for period, rendered in render_months(jobs, units, plan.jobs):
        shown: dict = {}
        for lang, outputs, _stale, figures in rendered:
            shown.update(figures)
            for suffix in outputs:
                progress(f"rendered {period:%Y-%m} {lang} {suffix.lstrip('.')}")
        warnings, historical = publish_month(months[period], rendered, progress)
        newest = max(map(datetime.date.fromisoformat, shown.values()), default=None)
        results[period] = Result(months[period].paths, False, warnings, historical, len(shown), newest,
                                 config.stale_after_months)
    return [results[period] for period in periods]


def _checked_inputs(plan: Plan) -> tuple[Config, CheckedFacts]:
    """The settings and the facts, once they, the languages and the templates are checked.

    Problems in all of them are reported together; a settings file with a
    problem stops the checks that depend on it, never replaced by defaults.
    """
    errors: list[BriefgenError] = []
    try:
        config = _config(plan)
    except BriefgenError as exc:
        errors.append(exc)
        config = None
    language_errors = [p for lang in config.languages for p in language_problems(lang, plan.locale_dir)] if config else []
    if language_errors:
        errors.append(ConfigError(language_errors[0], tuple(language_errors)))
    facts = None
    try:
        facts = read_facts(plan.facts_dir, config.languages if config else None)
    except BriefgenError as exc:
        errors.append(exc)
    if config is not None:
        if not language_errors:
            fact_ids = frozenset(f.id for f in facts.facts) if facts is not None else None
            unknown = [fid for fid in config.key_figures if fact_ids is not None and fid not in fact_ids]
            if unknown:
                errors.append(ConfigError(f"{config.path}: key_figures: unknown fact {', '.join(unknown)}"))
            named = fact_ids | frozenset(s.id for s in facts.statements) if facts is not None else None
            try:
                check_templates(plan.templates_dir, config, named, plan.locale_dir)
            except BriefgenError as exc:
                errors.append(exc)
    if errors:
        raise combine(errors)
    return config, facts


def _config(plan: Plan) -> Config:
    """The settings, with the languages and sections the command line chose."""
    config = load_config(plan.config)
    if plan.languages is not None:
        unknown = [lang for lang in plan.languages if lang not in config.languages]
        if unknown or not plan.languages:
            raise UsageError(f"--lang {','.join(unknown) or '(none given)'}: not a language of this briefing; "
                             f"its languages ({plan.config}): {', '.join(config.languages)}")
        config = dataclasses.replace(config, languages=plan.languages)
    if plan.sections is None:
        return config
    wrong = [name for name in plan.sections if not NAME.fullmatch(name)]
    if wrong or not plan.sections or len(set(plan.sections)) != len(plan.sections):
        raise UsageError(f"--sections: {', '.join(wrong) or 'give each section once'}; "
                         f"the briefing's sections: {', '.join(config.sections)}")
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
