"""Build briefings: load and check every input, assemble each language, render each format, publish.

This is the one module that wires the layers together. Nothing is written
until every document has been assembled and rendered, so an input error never
leaves a half-built edition behind; then the files are published atomically
under the output folder's lock, the manifest last.
"""

from __future__ import annotations

import calendar
import concurrent.futures
import dataclasses
import datetime
import functools
import gc
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefgen import __version__
from briefgen.changes import Changes, compare, figures_of, from_records, to_records
from briefgen.charts import ChartColors
from briefgen.config import NAME, Config, load_config
from briefgen.errors import BriefgenError, ConfigError, UsageError, combine
from briefgen.facts import CheckedFacts, FactStore, read_facts
from briefgen.digests import tree_digest
from briefgen.manifest import MANIFEST, file_entry, read_manifest, render_manifest, up_to_date
from briefgen.locale import language_problems
from briefgen.narrative.assemble import Edition, assemble, months_before
from briefgen.narrative.checks import check_templates
from briefgen.narrative.figures import ChartDrawing
from briefgen.publish import locked, publish, remove_stale_temporaries
from briefgen.writers import get_writer, writer_suffix
from briefgen.writers.libreoffice import docx_to_pdfa, require_libreoffice

FORMATS = ("docx", "pdf")


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


def month_folder(out_dir: Path, period: datetime.date) -> Path:
    """The folder of a month's edition: out/2026-11."""
    return out_dir / f"{period.year:04d}-{period.month:02d}"


def output_path(out_dir: Path, period: datetime.date, briefing_id: str, lang: str, suffix: str) -> Path:
    """Where a file goes: out/2026-11/<briefing id>-2026-11-fr.pdf."""
    folder = month_folder(out_dir, period)
    return folder / f"{briefing_id}-{folder.name}-{lang}{suffix}"


def build(plan: Plan, progress: Callable[[str], None] = lambda message: None) -> Result:
    """Build every language and format of `plan`; `progress` hears of each step."""
    return build_months(plan, (plan.period,), progress)[0]


def build_months(plan: Plan, periods: tuple[datetime.date, ...],
                 progress: Callable[[str], None] = lambda message: None) -> list[Result]:
    """Build the edition of each month of `periods`, in order, sharing one set of worker processes.

    `plan.period` is ignored. Every input is checked once, before anything
    is rendered. Each month is published, manifest last, as soon as its files
    are rendered, so a failure in a later month leaves the earlier ones whole.
    A month's "what changed" section compares with the month before as built
    by this run, exactly as if the months had been built one after another.
    """
    config, facts = _checked_inputs(plan)
    languages = config.languages
    suffixes = [writer_suffix(name) for name in plan.formats]  # the writers are imported where they render
    if "pdf" in plan.formats and plan.pdf_engine == "libreoffice":
        require_libreoffice()
    logo = config.logo.read_bytes() if config.logo else None

    input_files = _input_files(plan, config)
    results: dict[datetime.date, Result] = {}
    pending: dict[datetime.date, _Pending] = {}
    shown_before = None  # the figures of the month before, when this run saw it
    for period in periods:
        edition = edition_for(period, plan.as_of)
        store = facts.seen_on(edition.as_of)
        paths = tuple(output_path(plan.out_dir, period, config.id, lang, suffix)
                      for lang in languages for suffix in suffixes)
        folder = month_folder(plan.out_dir, period)
        inputs = _inputs(plan, config, edition, input_files)
        manifest = read_manifest(folder)
        shown = figures_of(store)
        if up_to_date(manifest, inputs, folder, [p.name for p in paths]):
            with locked(folder):
                for path in remove_stale_temporaries(folder):
                    progress(f"removed {path.name}, left by an interrupted run")
            results[period] = Result(paths, True, tuple(manifest.get("warnings", ())), 0)
        else:
            previous = months_before(period, 1)
            before = shown_before if shown_before is not None else edition_figures(store, plan.out_dir, previous)
            job = _Job(store, config, plan.templates_dir, edition, logo, compare(before, shown), previous,
                       plan.pdf_engine, plan.locale_dir)
            pending[period] = _Pending(job, paths, folder, inputs, manifest, to_records(shown))
        shown_before = shown

    units = [(period, *unit) for period in pending
             for unit in work_units(languages, plan.formats, plan.jobs)]
    for period, rendered in _render_months({p: month.job for p, month in pending.items()}, units, plan.jobs):
        for lang, outputs, _stale in rendered:
            for suffix in outputs:
                progress(f"rendered {period:%Y-%m} {lang} {suffix.lstrip('.')}")
        results[period] = _publish_month(pending[period], rendered, plan, progress)
    return [results[period] for period in periods]


@dataclass(frozen=True)
class _Pending:
    """A month to build: its rendering job, and what its publication needs."""

    job: _Job
    paths: tuple[Path, ...]
    folder: Path
    inputs: dict
    manifest: dict | None
    figures: list


def _publish_month(month: _Pending, rendered: list, plan: Plan, progress: Callable[[str], None]) -> Result:
    """Publish a month's rendered files under its folder's lock, then its manifest."""
    files: dict[Path, bytes] = {}
    historical: dict[tuple[str, str], str] = {}
    for lang, outputs, stale in rendered:
        for suffix, content in outputs.items():
            files[output_path(plan.out_dir, month.job.edition.period, month.job.config.id, lang, suffix)] = content
        historical.update(stale)
    files = {path: files[path] for path in month.paths}  # the edition's order, however the work was shared
    warnings = [f"{fact_id} ({period}) {text}" for (fact_id, period), text in sorted(historical.items())]
    with locked(month.folder):
        for path in remove_stale_temporaries(month.folder):
            progress(f"removed {path.name}, left by an interrupted run")
        publish(files)
        entries = {path.name: file_entry(content) for path, content in files.items()}
        publish({month.folder / MANIFEST: render_manifest(month.manifest, month.inputs,
                                                          month.job.edition.as_of.isoformat(), entries, warnings,
                                                          month.figures, month.folder)})
    return Result(month.paths, False, tuple(warnings), len(historical))


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
            try:
                check_templates(plan.templates_dir, config, fact_ids, plan.locale_dir)
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


def _input_files(plan: Plan, config: Config) -> dict:
    """Digests of the input files, taken once per run: every month of a run is built from the same inputs."""
    return {
        "briefgen": __version__,
        "facts": tree_digest([plan.facts_dir]),
        "templates": tree_digest([plan.templates_dir]),
        "config": tree_digest([p for p in (config.path, config.logo) if p is not None]),
        "locale": tree_digest([plan.locale_dir]) if plan.locale_dir is not None and plan.locale_dir.is_dir() else None,
    }


def _inputs(plan: Plan, config: Config, edition: Edition, files: dict) -> dict:
    """Everything the outputs depend on, as the manifest records it."""
    return {
        **files,
        "sections": list(config.sections),
        "period": edition.period.strftime("%Y-%m"),
        "as_of": edition.as_of.isoformat(),
        "issued": edition.issued.isoformat(),
        "pdf_engine": plan.pdf_engine,
    }


def edition_figures(store: FactStore, out_dir: Path, period: datetime.date):
    """The figures of `period`'s edition: from its manifest when built here, else `store` as it stood then.

    `store` must see at least as far as that edition did (a later as-of date).
    """
    manifest = read_manifest(month_folder(out_dir, period))
    if manifest is not None and isinstance(manifest.get("figures"), list):
        return from_records(manifest["figures"])
    return figures_of(store, published_by=edition_for(period, None).as_of)


@dataclass(frozen=True)
class _Job:
    """Everything a unit of rendering needs, shared with worker processes."""

    store: FactStore
    config: Config
    templates_dir: Path
    edition: Edition
    logo: bytes | None
    changes: Changes
    previous: datetime.date
    pdf_engine: str
    locale_dir: Path | None


_JOBS: dict[datetime.date, _Job] = {}  # set before worker processes fork, so they inherit it instead of unpickling it


def work_units(languages: tuple[str, ...], formats: tuple[str, ...], jobs: int) -> list[tuple[str, tuple[str, ...]]]:
    """How the files are shared among `jobs` processes: (language, formats) units.

    A language is one unit, so its charts are laid out once for all its
    formats; when there are more processes than languages, each format of a
    language is its own unit, and each process draws only the images its
    format reads.
    """
    if jobs <= len(languages) or len(formats) == 1:
        return [(lang, formats) for lang in languages]
    return [(lang, (name,)) for lang in languages for name in formats]


def _render_unit(unit: tuple[datetime.date, str, tuple[str, ...]]):
    """Assemble one month's language and render it in some formats: (lang, {suffix: bytes}, historical figures)."""
    period, lang, formats = unit
    job = _JOBS[period]
    writers = [get_writer(name) for name in formats]
    # The LibreOffice engine converts the DOCX, so its PDF shows the DOCX's PNG charts.
    chart_formats = {"png" if w.name == "pdf" and job.pdf_engine == "libreoffice" else w.chart_format for w in writers}
    config = job.config
    drawing = ChartDrawing(ChartColors(config.primary_color, config.accent_color), tuple(sorted(chart_formats)))
    assembled = assemble(job.store, config, job.templates_dir, lang, job.edition, drawing, job.logo,
                         job.changes, job.previous, job.locale_dir)
    outputs = {}
    for writer in writers:
        if writer.name == "pdf" and job.pdf_engine == "libreoffice":
            docx = outputs.get(".docx") or get_writer("docx").render(assembled.document)
            outputs[writer.suffix] = docx_to_pdfa(docx)
        else:
            outputs[writer.suffix] = writer.render(assembled.document)
    stale = {(o.fact_id, o.period): f"published {o.published.isoformat()}, shown as historical context"
             for o in assembled.historical}
    return lang, outputs, stale


def _render_months(jobs_by_month: dict[datetime.date, _Job], units: list[tuple], jobs: int):
    """Yield (period, [rendered unit, …]) for each month in order, as soon as all its units are done.

    With `jobs` > 1 the units are shared among worker processes that live
    for the whole run, so what they keep in memory (converted charts,
    compiled templates, fonts) serves every month.
    """
    _JOBS.clear()
    _JOBS.update(jobs_by_month)
    counts = {period: sum(1 for unit in units if unit[0] == period) for period in jobs_by_month}
    done: dict[datetime.date, list] = {period: [] for period in jobs_by_month}
    try:
        workers = min(jobs, len(units))
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            results = map(_render_unit, units)
            for unit, rendered in zip(units, results):
                yield from _collect(unit[0], rendered, done, counts)
            return
        # The workers inherit everything loaded so far. Frozen, those objects are
        # never scanned by the workers' garbage collector, whose writes would
        # otherwise copy the inherited memory page by page (see gc.freeze).
        gc.freeze()
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers,
                                                      mp_context=multiprocessing.get_context("fork"))
        try:
            for unit, rendered in zip(units, pool.map(_render_unit, units)):
                yield from _collect(unit[0], rendered, done, counts)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # after a failure, the months not started never are
            gc.unfreeze()
    finally:
        _JOBS.clear()


def _collect(period: datetime.date, rendered: tuple, done: dict, counts: dict):
    """Note a rendered unit; yield its month once all the month's units are in."""
    done[period].append(rendered)
    if len(done[period]) == counts[period]:
        yield period, done.pop(period)
