"""Benchmark briefgen builds against the cost of merely importing its libraries.

Every measure runs in a fresh interpreter, several times, interleaved, and the
median is reported (machines are noisy; this is never a test):

  (a) import floor: a bare Python importing docx, reportlab, jinja2, pandas, matplotlib, babel
  (b) `briefgen build --lang fr` (DOCX and PDF), into a temporary folder
  (c) `briefgen build --lang all`
  (d) 24 monthly editions (2025-01 … 2026-12), both languages, DOCX and PDF, in one
      process (bench/batch.py); the added time per pair is
      (batch of 24 − batch of 1) / 23, where a "pair" is one month's French and
      English briefings (4 files) and both batches are whole processes
  (e) peak resident memory (ru_maxrss of the child) of (b), (c) and (d)

Charts are kept in a file cache between runs (BRIEFGEN_CACHE_DIR). (b) and
(c) are measured twice: with a cache warmed by earlier runs, as in a monthly
run on a machine that built last month, and with the cache off, as on a first
run. Each batch starts from an empty cache of its own and fills it as it goes.

The code measured is the `src/` of the repository this file lives in (or of
--root), put first on PYTHONPATH. Children write bytecode caches to a private
folder (PYTHONPYCACHEPREFIX), warmed up before timing, so the numbers are those
of an installed program rather than of a first run; --as-is keeps the
environment untouched instead.

    python bench/run.py                  # the table, targets marked
    python bench/run.py --json           # everything, samples included, as JSON
    python bench/run.py --save bench.json   # the table, and the JSON into a file
    python bench/run.py --reps 3 --batch-reps 1 --editions 6   # a quicker look
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
FLOOR_IMPORTS = "import docx, reportlab, jinja2, pandas, matplotlib, babel"
PERIOD = "2026-11"
MIB = 1024 * 1024

# Targets: (b) and (c) as multiples of the import floor's wall time, (d) in
# seconds per pair, (e) in MiB.
TARGET_FR = 1.6
TARGET_ALL = 2.2
TARGET_PAIR_SECONDS = 0.25
TARGET_MEMORY_MIB = 250


@dataclass
class Sample:
    """One child process: elapsed and CPU (user + system) seconds, peak memory, its output."""

    wall: float
    cpu: float
    maxrss_mib: float
    stdout: str = ""


class ChildFailed(RuntimeError):
    pass


def run_child(argv: list[str], env: dict[str, str], cwd: Path) -> Sample:
    """Run `argv` to completion and measure it; its own resource usage comes from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise ChildFailed(f"{' '.join(argv)} exited with {process.returncode}:\n{stderr[-3000:]}")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    rss_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_mib=rss_bytes / MIB, stdout=stdout)


def child_env(root: Path, as_is: bool, cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root / "src"), env.get("PYTHONPATH", "")) if p)
    env.pop("SOURCE_DATE_EPOCH", None)
    if not as_is:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def briefgen_command(python: str) -> list[str]:
    """The `briefgen` script installed beside `python`, or `python -m briefgen` without one."""
    script = Path(python).parent / "briefgen"
    return [str(script)] if script.exists() else [python, "-m", "briefgen"]


def git_description(root: Path) -> str:
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "--", "src"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" + uncommitted changes in src/" if dirty else "")


def median(samples: list[Sample], field: str) -> float:
    return statistics.median(getattr(s, field) for s in samples)


def spread(samples: list[Sample], field: str) -> tuple[float, float]:
    values = [getattr(s, field) for s in samples]
    return min(values), max(values)


def measure(options) -> dict:
    root = options.root.resolve()
    python = options.python
    cache = Path(tempfile.gettempdir()) / "briefgen-bench-pycache"
    env = child_env(root, options.as_is, cache)
    briefgen = briefgen_command(python)
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    inputs = ["--facts", str(root / "facts"), "--templates", str(root / "templates")]
    if (root / "briefgen.toml").exists():
        inputs += ["--config", str(root / "briefgen.toml")]

    runs = iter(range(1_000_000))

    def fresh(name: str) -> str:
        # A new folder for every run: a rerun into an up-to-date edition writes nothing.
        return str(work / f"{name}-{next(runs)}")

    def build(lang: str, *more: str) -> Callable[[], list[str]]:
        return lambda: [*briefgen, "build", "--lang", lang, "--period", PERIOD, *inputs, *more,
                        "--out", fresh(f"out-{lang}")]

    def batch(editions: int) -> Callable[[], list[str]]:
        return lambda: [python, str(HERE / "batch.py"), "--root", str(root), "--editions", str(editions),
                        "--out", fresh(f"batch-{editions}")]

    commands: dict[str, Callable[[], list[str]]] = {
        "floor": lambda: [python, "-c", FLOOR_IMPORTS],
        "fr": build("fr"),
        "fr_cold": build("fr"),
        "all": build("all"),
        "all_cold": build("all"),
    }
    has_jobs = "--jobs" in subprocess.run([*briefgen, "build", "--help"], env=env, cwd=root, capture_output=True,
                                          text=True).stdout
    if has_jobs:  # the default may render the languages in parallel; this shows one process doing both
        commands["all_jobs1"] = build("all", "--jobs", "1")
    commands["batch_1"] = batch(1)
    commands[f"batch_{options.editions}"] = batch(options.editions)
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    warm_cache = str(work / "chart-cache")

    def cache_for(name: str) -> str:
        """The chart cache of a run: off for a first run, empty for a batch, else warmed by earlier runs."""
        if name.endswith("_cold"):
            return "off"
        return fresh("batch-cache") if name.startswith("batch") else warm_cache

    def once(name: str, keep: bool = True) -> None:
        sample = run_child(commands[name](), {**env, "BRIEFGEN_CACHE_DIR": cache_for(name)}, root)
        if keep:
            samples[name].append(sample)
        progress(f"{name} {sample.wall:.2f}s")

    def progress(text: str) -> None:
        if not options.json:
            print(f"  {text}", file=sys.stderr, flush=True)

    try:
        # Warm-up: bytecode caches, matplotlib's font cache, the page cache.
        once("floor", keep=False)
        once("all", keep=False)
        once("batch_1", keep=False)
        for _ in range(options.reps):  # interleaved, so drift in machine load hits every measure alike
            for name in ("floor", "fr", "fr_cold", "all", "all_cold", "all_jobs1"):
                if name in commands:
                    once(name)
        for _ in range(options.batch_reps):
            for name in ("batch_1", f"batch_{options.editions}"):
                once(name)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    return summarise(options, root, commands, samples)


def summarise(options, root: Path, commands: dict, samples: dict[str, list[Sample]]) -> dict:
    editions = options.editions
    big = f"batch_{editions}"
    floor = median(samples["floor"], "wall")
    floor_cpu = median(samples["floor"], "cpu")
    one, many = median(samples["batch_1"], "wall"), median(samples[big], "wall")
    per_pair = (many - one) / (editions - 1)
    per_pair_cpu = (median(samples[big], "cpu") - median(samples["batch_1"], "cpu")) / (editions - 1)
    # Inside the batch process: the first edition pays the lazy imports and caches, later ones are steady state.
    steady = [statistics.median(e["seconds"] for e in json.loads(s.stdout)["editions"][1:])
              for s in samples[big]] if editions > 1 else []
    first = [json.loads(s.stdout)["editions"][0]["seconds"] for s in samples[big]]
    builds = [name for name in ("fr", "fr_cold", "all", "all_cold", "all_jobs1") if samples.get(name)]
    memory = {name: median(samples[name], "maxrss_mib") for name in (*builds, big)}
    ratios = {name: median(samples[name], "wall") / floor for name in builds}
    cpu_ratios = {name: median(samples[name], "cpu") / floor_cpu for name in builds}
    targets = [
        {"measure": "(b) build --lang fr", "value": ratios["fr"], "unit": "x floor", "target": f"<= {TARGET_FR}",
         "met": ratios["fr"] <= TARGET_FR},
        {"measure": "(b) ... first run", "value": ratios["fr_cold"], "unit": "x floor",
         "target": f"<= {TARGET_FR}", "met": ratios["fr_cold"] <= TARGET_FR},
        {"measure": "(c) build --lang all", "value": ratios["all"], "unit": "x floor", "target": f"<= {TARGET_ALL}",
         "met": ratios["all"] <= TARGET_ALL},
        {"measure": "(c) ... first run", "value": ratios["all_cold"], "unit": "x floor",
         "target": f"<= {TARGET_ALL}", "met": ratios["all_cold"] <= TARGET_ALL},
        {"measure": "(d) added per pair", "value": per_pair, "unit": "s", "target": f"<= {TARGET_PAIR_SECONDS}",
         "met": per_pair <= TARGET_PAIR_SECONDS},
        *({"measure": f"(e) peak memory {name}", "value": mib, "unit": "MiB", "target": f"< {TARGET_MEMORY_MIB}",
           "met": mib < TARGET_MEMORY_MIB} for name, mib in memory.items()),
    ]
    return {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "code": git_description(root),
        "root": str(root),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "repetitions": options.reps,
        "batch_repetitions": options.batch_reps,
        "editions": editions,
        "bytecode_cache": "as in the environment" if options.as_is else "private PYTHONPYCACHEPREFIX, warmed up",
        "commands": {name: " ".join(command()) for name, command in commands.items()},
        "chart_cache": {name: {"off": "off", "warm": "warmed by earlier runs"}.get(
            "off" if name.endswith("_cold") else "batch" if name.startswith("batch") else "warm",
            "empty at the start of each run") for name in commands},
        "median": {name: {field: median(runs, field) for field in ("wall", "cpu", "maxrss_mib")}
                   for name, runs in samples.items()},
        "range_wall": {name: spread(runs, "wall") for name, runs in samples.items()},
        "ratio_to_floor_wall": ratios,
        "ratio_to_floor_cpu": cpu_ratios,
        "batch": {
            "added_seconds_per_pair": per_pair,
            "added_cpu_seconds_per_pair": per_pair_cpu,
            "in_process_first_edition_seconds": statistics.median(first),
            "in_process_later_edition_seconds": statistics.median(steady) if steady else None,
        },
        "peak_memory_mib": memory,
        "targets": targets,
        "samples": {name: [{k: v for k, v in asdict(s).items() if k != "stdout"} for s in runs]
                    for name, runs in samples.items()},
    }


def report(result: dict) -> str:
    editions = result["editions"]
    big = f"batch_{editions}"
    med, rng = result["median"], result["range_wall"]
    lines = [
        f"briefgen benchmark  {result['when']}  code {result['code']}",
        f"{result['python']}  {result['platform']}  {result['cpus']} CPUs  "
        f"load {' '.join(f'{x:.2f}' for x in result['load_average'] or ())}",
        f"medians of {result['repetitions']} runs ({result['batch_repetitions']} for batches), each a fresh process;"
        f" bytecode: {result['bytecode_cache']}",
        "",
        f"{'measure':<34}{'wall s':>8}{'(min-max)':>16}{'cpu s':>8}{'peak MiB':>10}",
    ]
    names = {
        "floor": "(a) import floor",
        "fr": "(b) build --lang fr",
        "fr_cold": "    ... first run (chart cache off)",
        "all": "(c) build --lang all",
        "all_cold": "    ... first run (chart cache off)",
        "all_jobs1": "    build --lang all --jobs 1",
        "batch_1": "(d) batch, 1 edition",
        big: f"(d) batch, {editions} editions",
    }
    for key, label in names.items():
        if key not in med:
            continue
        low, high = rng[key]
        lines.append(f"{label:<34}{med[key]['wall']:>8.2f}{f'({low:.2f}-{high:.2f})':>16}"
                     f"{med[key]['cpu']:>8.2f}{med[key]['maxrss_mib']:>10.0f}")
    batch = result["batch"]
    lines += [
        "",
        "ratios to the floor: " + ";  ".join(
            f"{label} {result['ratio_to_floor_wall'][key]:.2f}x wall, {result['ratio_to_floor_cpu'][key]:.2f}x cpu"
            for key, label in (("fr", "(b)"), ("fr_cold", "(b) first run"), ("all", "(c)"),
                               ("all_cold", "(c) first run"), ("all_jobs1", "(c) --jobs 1"))
            if key in result["ratio_to_floor_wall"]),
        f"(d) added per pair (fr+en, DOCX+PDF) = (batch {editions} - batch 1) / {editions - 1} = "
        f"{batch['added_seconds_per_pair']:.2f} s wall, {batch['added_cpu_seconds_per_pair']:.2f} s cpu",
        f"    inside the batch process: first edition {batch['in_process_first_edition_seconds']:.2f} s, later editions "
        + (f"{batch['in_process_later_edition_seconds']:.2f} s each" if batch["in_process_later_edition_seconds"]
           is not None else "n/a"),
        "",
        "targets:",
    ]
    for target in result["targets"]:
        value = f"{target['value']:.2f} {target['unit']}"
        lines.append(f"  {target['measure']:<34}{value:>14}   target {target['target']:<8} "
                     f"{'met' if target['met'] else 'NOT MET'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark briefgen builds against the import floor.")
    parser.add_argument("--root", type=Path, default=HERE.parent, help="repository to measure (default: this one)")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the environment (default: this one)")
    parser.add_argument("--reps", type=int, default=5, help="runs of (a), (b), (c) (default 5)")
    parser.add_argument("--batch-reps", type=int, default=3, help="runs of each batch (default 3)")
    parser.add_argument("--editions", type=int, default=24, help="editions in the batch (default 24)")
    parser.add_argument("--as-is", action="store_true", help="keep the environment's bytecode settings")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument("--save", type=Path, help="also write the whole result as JSON to this file")
    options = parser.parse_args(argv)
    if options.reps < 1 or options.batch_reps < 1 or options.editions < 2:
        parser.error("--reps and --batch-reps must be at least 1, --editions at least 2")
    try:
        result = measure(options)
    except ChildFailed as failure:
        print(f"bench: {failure}", file=sys.stderr)
        return 1
    if options.save:
        options.save.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if options.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
