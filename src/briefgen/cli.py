"""The `briefgen` command line: parse options, run a command, turn errors into one line and an exit code.

Exit codes: 0 success, 1 bad input (facts, templates, config) or a write
failure, 2 wrong usage, 3 an internal error (a bug: the traceback is shown
with a request to report it), 4 built but with historical figures while
--fail-on-stale was given, 130 ended by SIGINT (Ctrl-C), 141 standard output
closed by its reader (`briefgen facts list | head -1`), 143 ended by SIGTERM:
128 plus the signal's number, as a shell reports a command a signal ended.
"""

from __future__ import annotations

import argparse
import datetime
import os
import signal
import sys
import traceback
from pathlib import Path

from briefgen import __version__
from briefgen.errors import BriefgenError, UsageError

BUG_EXIT = 3
STALE_EXIT = 4
CLOSED_PIPE_EXIT = 128 + signal.SIGPIPE  # 141: what a shell reports for `cat` or `grep` in the same pipeline
ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM)  # each ends the command with exit 128 + its number: 130, 143
PROBLEMS_SHOWN = 25  # beyond this, a count: the first problems are the ones to fix first
# The earliest edition month and as-of date of a build: an edition reads the
# month before it and a staleness horizon years back, and no briefing
# predates 1900.
FIRST_EDITION = datetime.date(1900, 1, 1)
DEFAULT_MAX_JOBS = 4  # the most worker processes a build starts unless told: each holds about 150 MiB


def _month(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month like 2026-11") from None


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-30") from None


def _edition_month(text: str) -> datetime.date:
    month = _month(text)
    if month < FIRST_EDITION:
        raise argparse.ArgumentTypeError(f"{text!r} is too early: editions start in {FIRST_EDITION:%Y-%m}")
    return month


def _edition_day(text: str) -> datetime.date:
    day = _day(text)
    if day < FIRST_EDITION:
        raise argparse.ArgumentTypeError(f"{text!r} is too early: editions start on {FIRST_EDITION.isoformat()}")
    return day


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _section_list(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _choices(allowed: tuple[str, ...]):
    def parse(text: str) -> tuple[str, ...]:
        if text == "all":
            return allowed
        if text not in allowed:
            raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(allowed)}, all")
        return (text,)

    return parse


def _languages(text: str) -> tuple[str, ...] | None:
    """"fr", "de,en" or "all" (None: every language of the briefing)."""
    if text.strip() == "all":
        return None
    languages = tuple(lang.strip() for lang in text.split(",") if lang.strip())
    if not languages:
        raise argparse.ArgumentTypeError(f"{text!r} names no language")
    return languages


def _add_project_options(command: argparse.ArgumentParser, *parts: str) -> None:
    """--project, and the options that point one part of the project elsewhere."""
    command.add_argument("--project", type=Path, default=None, metavar="DIR",
                         help="the project folder (default: the one holding briefgen.toml, here or above)")
    helps = {
        "facts": ("--facts", "DIR", "the facts store (default: the project's facts/)"),
        "templates": ("--templates", "DIR", "the templates, one subfolder per language (default: the project's "
                                            "templates/)"),
        "config": ("--config", "FILE", "the settings file (default: the project's briefgen.toml)"),
        "out": ("--out", "DIR", "where editions go, in a folder per month (default: the project's output/)"),
    }
    for part in parts:
        option, metavar, text = helps[part]
        command.add_argument(option, type=Path, default=None, metavar=metavar, help=text)


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    from briefgen.vocabulary import FORMATS

    root = argparse.ArgumentParser(
        prog="briefgen",
        description="Build sourced briefings, in each of their languages, as DOCX and PDF, from a project folder "
                    "(briefgen.toml, facts/, templates/).",
    )
    root.add_argument("--version", action="version", version=f"briefgen {__version__}")
    root.add_argument("--debug", action="store_true", help="show the full traceback of any error")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="start a project that builds at once",
                              description="Write a small briefing project in DIR: settings, a section template per "
                                          "language with a sentence, a chart and a table, a few sourced facts and "
                                          "a README.")
    new.add_argument("dir", type=Path, metavar="DIR", help="the new project's folder (must not exist, or be empty)")
    new.add_argument("--lang", type=_languages, default=("en",), metavar="LIST",
                     help="comma-separated languages of the briefing, e.g. de,en (default: en)")
    new.add_argument("--title", default=None, help="the briefing's title (default: from the folder's name)")

    build = commands.add_parser("build", help="build the briefing (DOCX and PDF)",
                                description="Build the briefing of one month from the project's facts and templates.")
    build.add_argument("--lang", type=_languages, default=None, metavar="LIST",
                       help="comma-separated language(s) to build, or all (default: all of the briefing's)")
    build.add_argument("--format", type=_choices(FORMATS), default=FORMATS, metavar="docx|pdf|all",
                       help="format(s) to write (default: all)")
    build.add_argument("--period", type=_edition_month, default=None, metavar="YYYY-MM",
                       help=f"the month of the edition, {FIRST_EDITION:%Y-%m} or later (default: the current month)")
    build.add_argument("--until", type=_edition_month, default=None, metavar="YYYY-MM",
                       help="also build every month after --period up to this one, sharing the work (a backfill)")
    build.add_argument("--as-of", type=_edition_day, default=None, metavar="DATE",
                       help=f"use only facts published by this date, {FIRST_EDITION.isoformat()} or later "
                            "(default: the period's last day)")
    _add_project_options(build, "facts", "templates", "config", "out")
    build.add_argument("--sections", type=_section_list, default=None, metavar="LIST",
                       help="comma-separated sections to include, in order (default: those of the settings)")
    build.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="processes rendering in parallel "
                            f"(default: one per file, up to the CPUs and at most {DEFAULT_MAX_JOBS})")
    build.add_argument("--pdf-engine", choices=("reportlab", "libreoffice"), default="reportlab",
                       help="reportlab (default) draws the PDF; libreoffice converts the DOCX to a tagged PDF/A-2b")
    build.add_argument("--fail-on-stale", action="store_true",
                       help="exit with code 4 when a figure older than the configured age is shown")
    loudness = build.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", action="store_true", help="print nothing but errors")
    loudness.add_argument("--verbose", action="store_true", help="print each step and the warnings")

    changes = commands.add_parser("changes", help="list figures added, revised and withdrawn since an edition",
                                  description="List the figures added, revised and withdrawn between the edition "
                                              "of --since and the edition of --period.")
    changes.add_argument("--since", type=_month, required=True, metavar="YYYY-MM", help="the earlier edition")
    changes.add_argument("--period", type=_month, default=None, metavar="YYYY-MM",
                         help="the later edition (default: the current month)")
    changes.add_argument("--lang", default=None, metavar="LANG",
                         help="language of the listing (default: the briefing's first)")
    _add_project_options(changes, "facts", "out")

    facts = commands.add_parser("facts", help="check or list the facts store, or draft the figures of an article",
                                description="Check or list the figures in the facts store.")
    facts_commands = facts.add_subparsers(dest="facts_command", required=True, metavar="ACTION")
    validate = facts_commands.add_parser("validate", help="report every problem in the facts store")
    _add_project_options(validate, "facts")
    _add_draft_option(validate)
    listing = facts_commands.add_parser("list", help="list the figures of the facts store")
    _add_project_options(listing, "facts")
    listing.add_argument("--topic", default=None, help="only this topic (a topic file's name, without .yaml)")
    listing.add_argument("--as-of", type=_day, default=None, metavar="DATE",
                         help="only figures published by this date")
    listing.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    _add_extract_parser(facts_commands)
    _add_sources_command(commands)
    return root


def _add_extract_parser(facts_commands) -> None:
    """`facts extract SOURCE_ID`: propose the figures of a registered source as a draft topic file."""
    extract = facts_commands.add_parser(
        "extract", help="propose the figures of a registered source as a draft topic file",
        description="Read a source of sources.yaml (or one of its articles) and write each figure it states as a "
                    "proposed fact, with its verbatim quote, to a draft for a person to check.")
    extract.add_argument("source", metavar="SOURCE_ID", help="a source id of sources.yaml, or one of its articles")
    extract.add_argument("--topic", default=None, help="the topic the facts will join (default: left null)")
    extract.add_argument("--out", type=Path, default=None, metavar="FILE",
                         help="the draft to write, never an existing file; - prints it "
                              "(default: the facts folder's drafts/SOURCE_ID.yaml)")
    _add_project_options(extract, "facts")


def _extract(args: argparse.Namespace, facts_dir: Path, languages: tuple[str, ...] | None,
             locale_dir: Path | None) -> int:
    from briefgen.intake.extract import extract_command

    _say(extract_command(facts_dir, args.source, args.topic, args.out, languages, locale_dir))
    return 0


def _add_draft_option(validate: argparse.ArgumentParser) -> None:
    """`facts validate --draft FILE`: check a draft of facts against the store instead of the store alone."""
    validate.add_argument("--draft", type=Path, default=None, metavar="FILE",
                          help="check this draft (a topic file kept outside the store) against the store; "
                               "the store is not changed")


def _add_sources_command(commands) -> None:
    """`sources add FILE …`: register an article in the store's sources."""
    sources = commands.add_parser("sources", help="add an article to the facts store's sources",
                                  description="Manage the articles the facts cite (facts/sources.yaml).")
    actions = sources.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="register an article: its text into facts/sources/, its entry into "
                                         "sources.yaml",
                             description="Convert FILE (.txt, .html, .htm, .pdf, .docx) to plain text, store it "
                                         "under facts/sources/ and append its entry to facts/sources.yaml. "
                                         "Nothing changes if anything is wrong.")
    add.add_argument("file", type=Path, metavar="FILE", help="the article: .txt (UTF-8), .html, .htm, .pdf or .docx")
    add.add_argument("--id", required=True, help="the source's id, a lower-case identifier (port_report_2024)")
    add.add_argument("--title", required=True, help="the article's title")
    add.add_argument("--publisher", required=True, help="who published it")
    add.add_argument("--via", default=None, metavar="NAME",
                     help="the site or wire service the text was read on, when not the publisher's (PR Newswire)")
    add.add_argument("--published", required=True, metavar="DATE",
                     help="when: YYYY-MM-DD, YYYY-MM, YYYY, or a span first/last as precise as the article states")
    add.add_argument("--lang", required=True, metavar="CODE", help="the article's language code (fr, en, zh…)")
    add.add_argument("--url", default=None, help="its web address (http:// or https://)")
    add.add_argument("--note", default=None, help="what a reader of the store should know about it")
    _add_project_options(add, "facts")


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; returns the exit code."""
    if args.command == "new":
        return _new(args)
    if args.command == "build":
        return _build(args)
    if args.command == "sources":
        return _sources(args)
    if args.command == "changes":
        from briefgen.config import load_config
        from briefgen.listing import changes_listing, terminal_line
        from briefgen.project import project_paths

        period = args.period or datetime.date.today().replace(day=1)
        if args.since >= period:
            raise UsageError(f"--since {args.since:%Y-%m} must be before --period {period:%Y-%m}")
        paths = project_paths(args.project, facts=args.facts, out=args.out)
        config = load_config(paths.settings)
        lang = args.lang or config.languages[0]
        if lang not in config.languages:
            raise UsageError(f"--lang {lang}: not a language of this briefing ({', '.join(config.languages)})")
        text, warnings = changes_listing(paths.facts, paths.output, args.since, period, lang, config.languages,
                                         paths.locale)
        for warning in warnings:
            _say(f"warning: {terminal_line(warning)}", file=sys.stderr)
        _say(text)
        return 0
    from briefgen.facts.commands import list_command, validate_command

    facts_dir, languages, locale_dir = _facts_of(args)
    if args.facts_command == "extract":
        return _extract(args, facts_dir, languages, locale_dir)
    if args.facts_command == "validate":
        if args.draft is not None:
            from briefgen.facts.draft import validate_draft

            text, code = validate_draft(facts_dir, args.draft, languages)
        else:
            text, code = validate_command(facts_dir, languages)
        _say(text, file=sys.stdout if code == 0 else sys.stderr)
        return code
    _say(list_command(facts_dir, args.topic, args.as_of, args.format, languages))
    return 0


def _facts_of(args: argparse.Namespace) -> tuple[Path, tuple[str, ...] | None, Path | None]:
    """The facts folder a facts command reads, the languages its labels must have, the project's locale folder.

    In a project, its facts, languages and locale folder (None without one);
    with --facts outside any project, that folder alone, whose labels need at
    least one language.
    """
    from briefgen.config import load_config
    from briefgen.project import find_settings, project_paths

    if args.project is None and args.facts is not None and find_settings(Path(".")) is None:
        return args.facts, None, None
    paths = project_paths(args.project, facts=args.facts)
    return paths.facts, load_config(paths.settings).languages, paths.locale


def _sources(args: argparse.Namespace) -> int:
    """`sources add`: register the article, say what was done and what comes next."""
    from briefgen.facts.commands import orphan_note
    from briefgen.intake.register import NewSource, add_source

    facts_dir, languages, _locale_dir = _facts_of(args)
    new = NewSource(id=args.id, title=args.title, publisher=args.publisher, published=args.published,
                    language=args.lang, url=args.url, note=args.note, via=args.via)
    added = add_source(facts_dir, args.file, new)
    _say(f"added source {new.id}: {added.path} ({added.words:,} words)")
    for orphan in added.orphans:
        _say(orphan_note(orphan))
    if languages is not None and new.language not in languages:
        _say(f"note: {new.language} is not a language of this briefing ({', '.join(languages)}); its quotes are "
             "cited as the article words them")
    _say(f"next: briefgen facts extract {new.id}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from briefgen.starter import new_project

    settings = new_project(args.dir, args.lang or ("en",), args.title)
    _say(f"wrote a new project in {settings.parent}: cd {settings.parent} && briefgen build")
    return 0


def _build(args: argparse.Namespace) -> int:
    global _PUBLISHING
    from briefgen.build import Plan, build_months, month_folder
    from briefgen.listing import terminal_line
    from briefgen.project import project_paths

    paths = project_paths(args.project, args.config, args.facts, args.templates, args.out)
    period = args.period or datetime.date.today().replace(day=1)
    periods = _months(period, args)
    files = len(periods) * (len(args.lang) if args.lang else 2) * len(args.format)
    jobs = args.jobs or min(files, os.cpu_count() or 1, DEFAULT_MAX_JOBS)
    plan = Plan(languages=args.lang, formats=args.format, period=period, as_of=args.as_of,
                facts_dir=paths.facts, templates_dir=paths.templates, out_dir=paths.output, config=paths.settings,
                sections=args.sections, jobs=jobs, pdf_engine=args.pdf_engine, locale_dir=paths.locale)
    interactive = sys.stderr.isatty() and files > 1 and not args.quiet
    _PUBLISHING = _Publishing({month: month_folder(paths.output, month) for month in periods})

    def progress(message: str) -> None:
        if args.verbose:
            _say(message, file=sys.stderr)
        elif interactive:
            _say(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)

    results = build_months(plan, periods, progress)
    if interactive and not args.verbose:
        _say("\r\033[K", end="", file=sys.stderr, flush=True)
    for warning in _manifest_warnings(paths.output, periods) if args.verbose else ():
        _say(f"warning: {terminal_line(warning)}", file=sys.stderr)
    for result in results if not args.quiet else ():
        if result.up_to_date:
            _say(f"up to date: {result.paths[0].parent} (inputs unchanged, nothing rewritten)")
        else:
            for path in result.paths:
                _say(f"wrote {path}")
            if result.newest is not None:
                _say(f"figures: {result.shown} shown, the newest published {result.newest.isoformat()}; "
                     f"{result.historical} published more than {result.stale_after_months} months before the edition "
                     "(marked † as historical context)")
        for warning in result.warnings if args.verbose else ():
            _say(f"warning: {terminal_line(warning)}", file=sys.stderr)
    stale = [result for result in results if result.warnings]
    if args.fail_on_stale and stale:
        manifests = ", ".join(str(result.paths[0].parent / "manifest.json") for result in stale)
        _say(f"stale: {sum(len(r.warnings) for r in stale)} figure(s) older than the configured age are shown as "
             f"historical context; see warnings in {manifests}", file=sys.stderr)
        return STALE_EXIT
    return 0


def _manifest_warnings(out_dir: Path, periods: tuple[datetime.date, ...]) -> list[str]:
    """What was wrong with the manifests of the months before `periods`, which their "what changed" read.

    Read once the months are built: a month this run rebuilt has a new
    manifest, and the others are as the build read them.
    """
    from briefgen.build import month_folder
    from briefgen.manifest import recorded
    from briefgen.narrative.assemble import months_before

    before = dict.fromkeys(months_before(period, 1) for period in periods)
    return [warning for month in before for warning in recorded(month_folder(out_dir, month))[1]]


def _months(first: datetime.date, args: argparse.Namespace) -> tuple[datetime.date, ...]:
    """The months to build: --period alone, or every month from --period to --until."""
    from briefgen.narrative.assemble import months_before

    if args.until is None:
        return (first,)
    if args.period is None:
        raise UsageError("--until needs --period, the first month to build")
    if args.until < first:
        raise UsageError(f"--until {args.until:%Y-%m} is before --period {first:%Y-%m}")
    if args.as_of is not None:
        raise UsageError("--as-of cannot be used with --until: each month is built as of its own last day")
    count = (args.until.year - first.year) * 12 + args.until.month - first.month + 1
    return tuple(months_before(args.until, count - 1 - i) for i in range(count))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `briefgen` command."""
    try:
        try:
            args = parser().parse_args(argv)
        except BrokenPipeError:  # --help or a usage message into a closed pipe
            raise ClosedOutput from None
        return _reported(args)
    except ClosedOutput:
        return CLOSED_PIPE_EXIT


def _reported(args: argparse.Namespace) -> int:
    """Run the command; an error becomes its one-line message and exit code."""
    global _PUBLISHING
    _PUBLISHING = None
    try:
        return run(args)
    except BriefgenError as exc:
        if args.debug:
            traceback.print_exc()
        _say(f"{exc.category}: {exc.message}", file=sys.stderr)
        if len(exc.problems) > 1:
            for problem in exc.problems[:PROBLEMS_SHOWN]:
                _say(f"  {problem}", file=sys.stderr)
            if len(exc.problems) > PROBLEMS_SHOWN:
                _say(f"  … and {len(exc.problems) - PROBLEMS_SHOWN} more", file=sys.stderr)
        return exc.exit_code
    except ClosedOutput:
        raise  # not a bug: main ends quietly
    except KeyboardInterrupt:  # in a process that kept Python's own SIGINT handler (see entry)
        _say(_interruption(), file=sys.stderr)
        return 128 + signal.SIGINT
    except Exception:  # a bug: say so, with what is needed to report it
        traceback.print_exc()
        _say(f"internal error in briefgen {__version__}: this is a bug, please report it with the traceback above",
             file=sys.stderr)
        return BUG_EXIT


class ClosedOutput(Exception):
    """The reader of standard output or error closed it (`briefgen facts list | head -1`): nothing left to tell."""


def _say(text: str, *, file=None, end: str = "\n", flush: bool = False) -> None:
    """Print `text` to `file` (standard output by default); a closed pipe raises ClosedOutput."""
    try:
        print(text, file=file or sys.stdout, end=end, flush=flush)
    except BrokenPipeError:
        raise ClosedOutput from None


class _Publishing:
    """The months a build may publish, and the identity of each one's folder before it began.

    Publication puts a new folder in the place of a month's folder (see
    publish), so a folder with another identity and a manifest is a month
    this run published: that is how an interrupted run tells what it did.
    """

    def __init__(self, folders: dict[datetime.date, Path]) -> None:
        self.folders = folders
        self.before = {period: _identity(folder) for period, folder in folders.items()}

    def published(self, period: datetime.date) -> bool:
        folder = self.folders[period]
        now = _identity(folder)
        return now is not None and now != self.before[period] and (folder / "manifest.json").is_file()


_PUBLISHING: _Publishing | None = None  # the build under way, if any
_COMMAND_PID: int | None = None  # the process that runs the command (see entry); its forks are workers


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _interruption() -> str:
    """The line that ends an interrupted command: which months were published, which were not."""
    if _PUBLISHING is None:
        return "interrupted: nothing was published"
    published = [period for period in _PUBLISHING.folders if _PUBLISHING.published(period)]
    kept = [period for period in _PUBLISHING.folders if period not in published]
    parts = []
    if published:
        parts.append(f"{_span(published)} {'was' if len(published) == 1 else 'were'} published")
    if len(kept) == 1:
        had = _PUBLISHING.before[kept[0]] is not None and (_PUBLISHING.folders[kept[0]] / "manifest.json").is_file()
        parts.append(f"{_span(kept)} was not published; "
                     f"{'the previous edition is whole' if had else 'it has no edition yet'}")
    elif kept:
        parts.append(f"{_span(kept)} were not published; the editions they had before are whole")
    return "interrupted: " + "; ".join(parts)


def _span(periods: list[datetime.date]) -> str:
    """Months as runs of consecutive ones: "2025-01 to 2025-06, 2025-09"."""
    runs: list[list[datetime.date]] = []
    for period in sorted(periods):
        if runs and (period.year * 12 + period.month) - (runs[-1][-1].year * 12 + runs[-1][-1].month) == 1:
            runs[-1].append(period)
        else:
            runs.append([period])
    return ", ".join(f"{run[0]:%Y-%m}" + (f" to {run[-1]:%Y-%m}" if len(run) > 1 else "") for run in runs)


def _end_on_signal(signum: int, frame) -> None:
    """End the command at once on SIGINT or SIGTERM: its workers, one line saying what was published, 128 + signum.

    Publication is all or nothing (see publish), so leaving at any point
    leaves each month's folder whole; what a staged edition left beside it,
    the next run removes. Called in a worker forked before it could leave
    signals to this process (see pool), it only leaves, quietly.
    """
    # Loaded only by the LibreOffice engine; a module the signal finds still importing has started nothing.
    end_conversions = getattr(sys.modules.get("briefgen.writers.libreoffice"), "end_conversions", None)
    if end_conversions is not None:
        end_conversions()
    if os.getpid() != _COMMAND_PID:
        os._exit(128 + signum)
    for number in ENDING_SIGNALS:  # a second Ctrl-C must not cut this short
        signal.signal(number, signal.SIG_IGN)
    if _PUBLISHING is not None:  # a build: its module has loaded the pool
        from briefgen.pool import end_workers

        end_workers()
    line = _interruption() + "\n"
    try:
        sys.stdout.flush()  # what was printed of the results before the signal
    except (OSError, ValueError, RuntimeError):
        pass
    try:
        # Written below Python's buffers, which the signal may have interrupted mid-write.
        os.write(sys.stderr.fileno(), ("\r\033[K" if sys.stderr.isatty() else "").encode() + line.encode("utf-8"))
    except (OSError, ValueError):
        pass
    os._exit(128 + signum)


def entry() -> None:
    """The `briefgen` command: run `main`, flush its output, then leave without tearing the interpreter down.

    SIGINT and SIGTERM end the command from the start, through
    `_end_on_signal`, up to its very end: Python's own teardown would put
    their default actions back, so a signal in it would end the process
    without the command's exit code. By then every file is closed and
    renamed, worker processes have ended, and the output is flushed here.
    Errors and usage (argparse) exit as usual.
    """
    global _COMMAND_PID
    _COMMAND_PID = os.getpid()
    for number in ENDING_SIGNALS:
        signal.signal(number, _end_on_signal)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left before the last of the output
        code = code or CLOSED_PIPE_EXIT
    except OSError:  # nothing left to tell
        code = code or 1
    os._exit(code)
