"""Build several monthly editions, both languages, DOCX and PDF, in this one process.

Run by `bench/run.py` in a fresh interpreter; prints one JSON object on
standard output: the time spent importing briefgen's build module, the time of
each edition's `build()` call, and the process's peak resident memory.

    python bench/batch.py --root . --editions 24 --out /tmp/batch
"""

from __future__ import annotations

import argparse
import datetime
import json
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
    args.add_argument("--jobs", type=int, default=None, help="Plan.jobs, processes rendering languages (default: Plan's)")
    options = args.parse_args()

    start = time.perf_counter()
    from briefgen.build import Plan, build

    imported = time.perf_counter()
    root = options.root.resolve()
    config = root / "briefgen.toml"
    extra = {} if options.jobs is None else {"jobs": options.jobs}
    editions = []
    for period in periods(options.editions):
        plan = Plan(
            languages=("fr", "en"),
            formats=("docx", "pdf"),
            period=period,
            as_of=None,
            facts_dir=root / "facts",
            templates_dir=root / "templates",
            out_dir=options.out,
            config=config if config.exists() else None,
            **extra,
        )
        began = time.perf_counter()
        result = build(plan)
        seconds = time.perf_counter() - began
        # build() returned the written paths, later a Result whose `paths` are the edition's files.
        paths = getattr(result, "paths", result)
        if getattr(result, "up_to_date", False):
            raise SystemExit(f"{period:%Y-%m} was already up to date in {options.out}: nothing was built")
        editions.append({"period": f"{period:%Y-%m}", "seconds": seconds, "files": len(paths)})
    print(json.dumps({
        "import_seconds": imported - start,
        "editions": editions,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
