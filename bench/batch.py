"""Build several monthly editions, both languages, DOCX and PDF, in this one process.

Run by `bench/run.py` in a fresh interpreter; prints one JSON object on
standard output: the time spent importing briefgen's build module, the time
each edition took (from the previous edition's last file to its own), and the
peak resident memory of this process and of its worker processes.

The editions are built by one `build_months()` call, as `briefgen build
--period 2025-01 --until 2026-12` does, sharing one set of worker processes.

    python bench/batch.py --root . --editions 24 --out /tmp/batch
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import time
from pathlib import Path

FIRST_YEAR = 2025


def periods(count: int) -> list[datetime.date]:
    """`count` consecutive months from January 2025 (24 gives 2025-01 … 2026-12)."""
    return [datetime.date(FIRST_YEAR + i // 12, i % 12 + 1, 1) for i in range(count)]


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--root", type=Path, required=True, help="the repository (facts/, templates/, briefgen.toml)")
    args.add_argument("--editions", type=int, default=24, help="how many months to build (default 24)")
    args.add_argument("--out", type=Path, required=True, help="output folder (should be new: up-to-date editions are skipped)")
    args.add_argument("--jobs", type=int, default=None, help="worker processes (default: the command line's, one per file up to the CPUs)")
    options = args.parse_args()

    start = time.perf_counter()
    from briefgen.build import Plan, build_months
    from briefgen.cli import DEFAULT_MAX_JOBS

    imported = time.perf_counter()
    root = options.root.resolve()
    config = root / "briefgen.toml"
    months = periods(options.editions)
    plan = Plan(
        languages=("fr", "en"),
        formats=("docx", "pdf"),
        period=months[0],
        as_of=None,
        facts_dir=root / "facts",
        templates_dir=root / "templates",
        out_dir=options.out,
        config=config if config.exists() else None,
        jobs=options.jobs or min(DEFAULT_MAX_JOBS, os.cpu_count() or 1),  # the command line's default
    )
    finished: dict[str, float] = {}

    def progress(message: str) -> None:
        if message.startswith("rendered "):
            finished[message.split()[1]] = time.perf_counter()

    began = time.perf_counter()
    results = build_months(plan, tuple(months), progress)
    if any(result.up_to_date for result in results):
        raise SystemExit(f"some editions were already up to date in {options.out}: nothing was built for them")
    editions, previous = [], began
    for period, result in zip(months, results):
        done = finished[f"{period:%Y-%m}"]
        editions.append({"period": f"{period:%Y-%m}", "seconds": done - previous, "files": len(result.paths)})
        previous = done
    print(json.dumps({
        "import_seconds": imported - start,
        "editions": editions,
        "maxrss_kib": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    }))


if __name__ == "__main__":
    main()
