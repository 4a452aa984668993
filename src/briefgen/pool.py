"""The worker pool: how a run's documents are shared among processes, and the rendering each process does."""

from __future__ import annotations

import concurrent.futures
import datetime
import gc
import multiprocessing
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from briefgen.changes import Changes
from briefgen.charts import ChartColors
from briefgen.config import Config
from briefgen.facts import FactStore
from briefgen.narrative.assemble import Edition, assemble
from briefgen.narrative.figures import ChartDrawing
from briefgen.writers import get_writer
from briefgen.writers.libreoffice import docx_to_pdfa


@dataclass(frozen=True)
class Job:
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


_JOBS: dict[datetime.date, Job] = {}  # set before worker processes fork, so they inherit it instead of unpickling it


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
    shown = {(o.fact_id, o.period): o.published.isoformat() for o in assembled.shown}
    return lang, outputs, stale, shown


def render_months(jobs_by_month: dict[datetime.date, Job], units: list[tuple], jobs: int):
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
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                                      initializer=_leave_signals_to_the_main_process)
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


def _leave_signals_to_the_main_process() -> None:
    """Make a worker ignore SIGINT and die of SIGTERM at once, quietly.

    A Ctrl-C reaches every process of the terminal's process group: the main
    process decides what it means and ends the workers (see end_workers); a
    worker must neither print a traceback of its own nor break the pool
    before that. SIGTERM, from the main process or from a service manager
    stopping the whole group, ends a worker without a word: all it holds is
    work in memory.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


END_GRACE_SECONDS = 0.5  # how long a worker has to end on SIGTERM before it is killed


def end_workers() -> None:
    """End this process's worker processes now and reap them: SIGTERM, then SIGKILL for any still running."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    deadline = time.monotonic() + END_GRACE_SECONDS
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()
            child.join()
