"""The `briefgen` command line: parse options, run a command, turn errors into one line and an exit code.

Exit codes: 0 success, 1 bad input (facts, templates, config) or a write
failure, 2 wrong usage, 3 an internal error (a bug: the traceback is shown
with a request to report it), 4 built but with historical figures while
--fail-on-stale was given.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import traceback
from pathlib import Path

from briefgen import __version__
from briefgen.errors import BriefgenError, UsageError

BUG_EXIT = 3
STALE_EXIT = 4
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


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    from briefgen.build import FORMATS, LANGUAGES

    root = argparse.ArgumentParser(
        prog="briefgen",
        description="Build sourced briefings on Qingdao and Laoshan, in French and English, as DOCX and PDF.",
    )
    root.add_argument("--version", action="version", version=f"briefgen {__version__}")
    root.add_argument("--debug", action="store_true", help="show the full traceback of any error")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the briefing (DOCX and PDF)",
                                description="Build the briefing of one month from the facts store and templates.")
    build.add_argument("--lang", type=_choices(LANGUAGES), default=LANGUAGES, metavar="fr|en|all",
                       help="language(s) to build (default: all)")
    build.add_argument("--format", type=_choices(FORMATS), default=FORMATS, metavar="docx|pdf|all",
                       help="format(s) to write (default: all)")
    build.add_argument("--period", type=_edition_month, default=None, metavar="YYYY-MM",
                       help=f"the month of the edition, {FIRST_EDITION:%Y-%m} or later (default: the current month)")
    build.add_argument("--until", type=_edition_month, default=None, metavar="YYYY-MM",
                       help="also build every month after --period up to this one, sharing the work (a backfill)")
    build.add_argument("--as-of", type=_edition_day, default=None, metavar="DATE",
                       help=f"use only facts published by this date, {FIRST_EDITION.isoformat()} or later "
                            "(default: the period's last day)")
    build.add_argument("--facts", type=Path, default=Path("facts"), metavar="DIR",
                       help="the facts store to read (default: facts/)")
    build.add_argument("--templates", type=Path, default=Path("templates"), metavar="DIR",
                       help="the templates folder, one subfolder per language (default: templates/)")
    build.add_argument("--config", type=Path, default=None, metavar="FILE",
                       help="settings file (default: briefgen.toml if present, else built-in defaults)")
    build.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                       help="where to write, in a subfolder per month (default: output/)")
    build.add_argument("--sections", type=_section_list, default=None, metavar="LIST",
                       help="comma-separated sections to include, in order (default: those of the config)")
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
    changes.add_argument("--lang", choices=LANGUAGES, default=LANGUAGES[0], help="language of the listing")
    changes.add_argument("--facts", type=Path, default=Path("facts"), metavar="DIR", help="the facts store")
    changes.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                         help="where editions and their manifests are (default: output/)")

    facts = commands.add_parser("facts", help="check or list the facts store",
                                description="Check or list the figures in the facts store.")
    facts_commands = facts.add_subparsers(dest="facts_command", required=True, metavar="ACTION")
    validate = facts_commands.add_parser("validate", help="report every problem in the facts store")
    validate.add_argument("--facts", type=Path, default=Path("facts"), metavar="DIR", help="the facts store")
    listing = facts_commands.add_parser("list", help="list the figures of the facts store")
    listing.add_argument("--facts", type=Path, default=Path("facts"), metavar="DIR", help="the facts store")
    listing.add_argument("--topic", default=None, help="only this topic (innovation, vr, marine, green, cooperation)")
    listing.add_argument("--as-of", type=_day, default=None, metavar="DATE",
                         help="only figures published by this date")
    listing.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    return root


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; returns the exit code."""
    if args.command == "build":
        return _build(args)
    if args.command == "changes":
        from briefgen.listing import changes_listing

        period = args.period or datetime.date.today().replace(day=1)
        if args.since >= period:
            raise UsageError(f"--since {args.since:%Y-%m} must be before --period {period:%Y-%m}")
        print(changes_listing(args.facts, args.out, args.since, period, args.lang))
        return 0
    from briefgen.facts.commands import list_command, validate_command

    if args.facts_command == "validate":
        text, code = validate_command(args.facts)
        print(text, file=sys.stdout if code == 0 else sys.stderr)
        return code
    print(list_command(args.facts, args.topic, args.as_of, args.format))
    return 0


def _build(args: argparse.Namespace) -> int:
    from briefgen.build import Plan, build_months

    config = args.config
    if config is None and Path("briefgen.toml").is_file():
        config = Path("briefgen.toml")
    period = args.period or datetime.date.today().replace(day=1)
    periods = _months(period, args)
    jobs = args.jobs or min(len(periods) * len(args.lang) * len(args.format), os.cpu_count() or 1, DEFAULT_MAX_JOBS)
    plan = Plan(languages=args.lang, formats=args.format, period=period, as_of=args.as_of,
                facts_dir=args.facts, templates_dir=args.templates, out_dir=args.out, config=config,
                sections=args.sections, jobs=jobs, pdf_engine=args.pdf_engine)
    interactive = sys.stderr.isatty() and len(periods) * len(args.lang) * len(args.format) > 1 and not args.quiet

    def progress(message: str) -> None:
        if args.verbose:
            print(message, file=sys.stderr)
        elif interactive:
            print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)

    results = build_months(plan, periods, progress)
    if interactive and not args.verbose:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    for result in results if not args.quiet else ():
        if result.up_to_date:
            print(f"up to date: {result.paths[0].parent} (inputs unchanged, nothing rewritten)")
        else:
            for path in result.paths:
                print(f"wrote {path}")
        for warning in result.warnings if args.verbose else ():
            print(f"warning: {warning}", file=sys.stderr)
    stale = [result for result in results if result.warnings]
    if args.fail_on_stale and stale:
        manifests = ", ".join(str(result.paths[0].parent / "manifest.json") for result in stale)
        print(f"stale: {sum(len(r.warnings) for r in stale)} figure(s) older than the configured age are shown as "
              f"historical context; see warnings in {manifests}", file=sys.stderr)
        return STALE_EXIT
    return 0


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
    args = parser().parse_args(argv)
    try:
        return run(args)
    except BriefgenError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"{exc.category}: {exc.message}", file=sys.stderr)
        if len(exc.problems) > 1:
            for problem in exc.problems[:PROBLEMS_SHOWN]:
                print(f"  {problem}", file=sys.stderr)
            if len(exc.problems) > PROBLEMS_SHOWN:
                print(f"  … and {len(exc.problems) - PROBLEMS_SHOWN} more", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted: the edition being built was not published", file=sys.stderr)
        return 130
    except Exception:  # a bug: say so, with what is needed to report it
        traceback.print_exc()
        print(f"internal error in briefgen {__version__}: this is a bug, please report it with the traceback above",
              file=sys.stderr)
        return BUG_EXIT


def entry() -> None:
    """The `briefgen` command: run `main`, then leave without tearing the interpreter down.

    A build's process holds large libraries and many objects; freeing them
    one by one at exit takes a fifth of a second or more, for nothing: by
    then every file is closed and renamed, worker processes have ended, and
    the output is flushed here. Errors and usage (argparse) exit as usual.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing left to tell
        code = code or 1
    os._exit(code)
