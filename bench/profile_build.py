"""Profile briefgen builds with cProfile and say where the time goes.

Builds `--editions` monthly editions (both languages, DOCX and PDF) in this
process, like bench/batch.py, under cProfile, and prints the time of each
stage of the pipeline, then the functions that cost most. With --skip-first
the first edition (which pays the lazy imports and the caches) is built before
profiling starts, so the profile shows the steady state of a batch.

    python bench/profile_build.py                        # one edition, cold
    python bench/profile_build.py --editions 3 --skip-first
    python bench/profile_build.py --save build.prof      # for snakeviz, pstats…
    BRIEFGEN_CACHE_DIR=off python bench/profile_build.py  # every chart drawn and converted

Charts and their PDF drawings come from the file cache as in any build
(BRIEFGEN_CACHE_DIR); the profile runs in one process (Plan.jobs 1).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Pipeline stages: (label, file suffix, function name); times are cumulative, so they overlap
# where one stage calls another (the charts are drawn while assembling).
STAGES = (
    ("whole build()", "briefgen/build.py", "build"),
    ("load config", "briefgen/config.py", "load_config"),
    ("read and check facts", "briefgen/facts/loader.py", "read_facts"),
    ("  of which YAML parsing", "briefgen/facts/yamlfile.py", "read_yaml"),
    ("check templates", "briefgen/narrative/assemble.py", "check_templates"),
    ("writers looked up (imports)", "briefgen/writers/base.py", "get_writer"),
    ("assemble documents", "briefgen/narrative/assemble.py", "assemble"),
    ("  of which charts and tables", "briefgen/sections.py", "section_extras"),
    ("    of which render_chart", "briefgen/charts.py", "render_chart"),
    ("      of which savefig (PNG+SVG)", "matplotlib/figure.py", "savefig"),
    ("      of which text wrapping", "briefgen/charts.py", "_wrapped"),
    ("DOCX writer", "briefgen/writers/docx.py", "render"),
    ("PDF writer", "briefgen/writers/pdf.py", "render"),
    ("  of which font loading", "briefgen/writers/pdf_fonts.py", "load_fonts"),
    ("  of which SVG charts to vectors", "svglib/svglib.py", "svg2rlg"),
    ("  of which kept vectors read back", "briefgen/writers/pdf_drawings.py", "decode"),
    ("publish", "briefgen/publish.py", "publish"),
)


def stage_times(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    """(label, cumulative seconds, calls) of each stage found in `stats`."""
    rows = []
    for label, suffix, name in STAGES:
        total, calls = 0.0, 0
        for (filename, _line, function), (_cc, nc, _tt, ct, _callers) in stats.stats.items():
            if function == name and filename.replace("\\", "/").endswith(suffix):
                total += ct
                calls += nc
        if calls:
            rows.append((label, total, calls))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="repository (default: this one)")
    parser.add_argument("--editions", type=int, default=1, help="editions to profile (default 1)")
    parser.add_argument("--skip-first", action="store_true", help="build one edition before profiling")
    parser.add_argument("--lang", default="fr,en", help="languages, comma-separated (default fr,en)")
    parser.add_argument("--top", type=int, default=30, help="functions listed (default 30)")
    parser.add_argument("--save", type=Path, help="also write the raw profile here")
    options = parser.parse_args()
    root = options.root.resolve()
    sys.path.insert(0, str(root / "src"))

    import datetime

    sys.path.insert(0, str(HERE))
    from batch import periods

    profiler = cProfile.Profile()
    profiler.enable()  # imports count: a one-edition run pays them as the command line does
    from briefgen.build import Plan, build

    profiler.disable()
    out = Path(tempfile.mkdtemp(prefix="briefgen-profile-"))
    config = root / "briefgen.toml"

    def plan(period: datetime.date) -> Plan:
        return Plan(languages=tuple(options.lang.split(",")), formats=("docx", "pdf"), period=period, as_of=None,
                    facts_dir=root / "facts", templates_dir=root / "templates", out_dir=out,
                    config=config if config.exists() else None)

    months = periods(options.editions + (1 if options.skip_first else 0))
    if options.skip_first:
        build(plan(months.pop(0)))
        profiler = cProfile.Profile()
    start = time.perf_counter()
    for period in months:
        profiler.enable()
        build(plan(period))
        profiler.disable()
    elapsed = time.perf_counter() - start

    stats = pstats.Stats(profiler, stream=io.StringIO())
    if options.save:
        stats.dump_stats(options.save)
    total = stats.total_tt
    print(f"{len(months)} edition(s), languages {options.lang}, "
          f"{'after a first edition' if options.skip_first else 'cold (imports included)'}: "
          f"{elapsed:.2f} s wall, profiled total {total:.2f} s (cProfile inflates Python-heavy code)")
    print()
    print(f"{'stage (cumulative, overlapping)':<40}{'seconds':>9}{'share':>8}{'calls':>7}")
    for label, seconds, calls in stage_times(stats):
        print(f"{label:<40}{seconds:>9.3f}{seconds / total:>8.0%}{calls:>7}")
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(order).print_stats(options.top)
        body = text.getvalue()
        print(f"\n--- top {options.top} by {order} ---")
        print(body[body.find("   ncalls"):].rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
