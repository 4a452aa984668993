"""Benchmark briefgen's commands against the cost of merely importing its libraries.

Every measure runs in a fresh interpreter, several times, interleaved, and the
median is reported (machines are noisy; this is never a test):

  (a) import floor: a bare Python importing docx, reportlab, jinja2, pandas, matplotlib, babel
  (b) `briefgen build --lang fr` (DOCX and PDF), into a new folder
  (c) `briefgen build --lang all`
  (d) `briefgen build --period 2023-01 --until 2026-12`: 48 monthly editions, both
      languages, DOCX and PDF, in one process; the added time per month is
      (48 months − 1 month) / 47, both whole processes
  (e) peak resident memory (ru_maxrss, the largest process of the child's tree)
  (f) `briefgen facts validate` of the repository's store repeated 100 times
      (8,600 facts, bench/bigstore.py), with no cache and with its files unchanged
  (g) peers, when their tools are installed (the `bench` extra): (b) with
      `--pdf-engine libreoffice` and the same French briefing filled by docxtpl
      and converted by LibreOffice (bench/peer.py), when LibreOffice is on the
      PATH; the same briefing as Jinja2 HTML printed by WeasyPrint, its DOCX by
      python-docx (bench/peer_html.py), when WeasyPrint imports

The file cache (BRIEFGEN_CACHE_DIR) keeps charts and checked facts between
runs. (b) and (c) are measured with a cache warmed by earlier runs, as in a
monthly run on a machine that built last month, and with the cache off, as
on a first run. Each (d) starts from an empty cache of its own and fills it
as it goes. (f) runs with the cache off, and with one that an earlier
validation of the same files filled.

The code measured is the `src/` of the repository this file lives in (or of
--root), put first on PYTHONPATH. Children write bytecode caches to a private
folder (PYTHONPYCACHEPREFIX), warmed up before timing, so the numbers are those
of an installed program rather than of a first run; --as-is keeps the
environment untouched instead.

    python bench/run.py                  # the table, targets marked
    python bench/run.py --json           # everything, samples included, as JSON
    python bench/run.py --save bench.json   # the table, and the JSON into a file
    python bench/run.py --reps 3 --until-reps 1 --months 12   # a quicker look
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

from bigstore import write_store

HERE = Path(__file__).resolve().parent
FLOOR_IMPORTS = "import docx, reportlab, jinja2, pandas, matplotlib, babel"
PERIOD = "2026-11"
LAST_MONTH = datetime.date(2026, 12, 1)
STORE_COPIES = 100
MIB = 1024 * 1024

# Targets: (b), (c) and (f) as multiples of the import floor's wall time, (d) in CPU seconds per month, (e) in MiB,
# (g) as how many times faster (b) is than the docxtpl + LibreOffice peer, cache warm and off.
TARGETS = {"fr": ("(b) build --lang fr", 0.5), "fr_cold": ("(b) first run (cache off)", 1.5),
           "all": ("(c) build --lang all", 2.2),
           "validate_cold": ("(f) facts validate 100x, no cache", 4.0),
           "validate": ("(f) facts validate 100x, unchanged", 0.5)}
TARGET_MONTH_CPU_SECONDS = 0.1
TARGET_PEER_SPEEDUP = {"fr": 4.0, "fr_cold": 2.0}
TARGET_MEMORY_MIB = 250

LABELS = {
    "floor": "(a) import floor",
    "fr": "(b) build --lang fr",
    "fr_cold": "    ... first run (cache off)",
    "all": "(c) build --lang all",
    "all_cold": "    ... first run (cache off)",
    "all_jobs1": "    build --lang all --jobs 1",
    "until_1": "(d) --until, 1 month",
    "until_n": "(d) --until, {months} months",
    "validate_cold": "(f) facts validate 100x, no cache",
    "validate": "    ... files unchanged",
    "fr_libreoffice": "(g) (b), PDF by LibreOffice",
    "peer_docxtpl": "(g) docxtpl + LibreOffice, fr",
    "peer_html": "(g) Jinja2 HTML + WeasyPrint, fr",
}
PEERS = ("fr_libreoffice", "peer_docxtpl", "peer_html")
SINGLE = ("floor", "fr", "fr_cold", "all", "all_cold", "all_jobs1", "validate_cold", "validate", *PEERS)
RATIOS = ("fr", "fr_cold", "all", "all_cold", "all_jobs1", "validate_cold", "validate", *PEERS)  # shown beside briefgen's own measures, without targets


@dataclass
class Sample:
    """One child process: elapsed and CPU (user + system) seconds, peak memory."""

    wall: float
    cpu: float
    maxrss_mib: float


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
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if process.returncode != 0:
        raise ChildFailed(f"{' '.join(argv)} exited with {process.returncode}:\n{stderr[-3000:]}")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    rss_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_mib=rss_bytes / MIB)


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


def first_month(months: int) -> str:
    """The first of `months` months ending with LAST_MONTH (48: 2023-01)."""
    index = LAST_MONTH.year * 12 + LAST_MONTH.month - 1 - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def measure(options) -> dict:
    root = options.root.resolve()
    python = options.python
    pycache = Path(tempfile.gettempdir()) / "briefgen-bench-pycache"
    env = child_env(root, options.as_is, pycache)
    briefgen = briefgen_command(python)
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    inputs = ["--facts", str(root / "facts"), "--templates", str(root / "templates")]
    if (root / "briefgen.toml").exists():
        inputs += ["--config", str(root / "briefgen.toml")]
    big_store = work / "facts-100x"
    facts_count, _files = write_store(root / "facts", big_store, STORE_COPIES, 10)

    runs = iter(range(1_000_000))

    def fresh(name: str) -> str:
        # A new folder for every run: a rerun into an up-to-date edition writes nothing.
        return str(work / f"{name}-{next(runs)}")

    def build(lang: str, *more: str) -> Callable[[], list[str]]:
        return lambda: [*briefgen, "build", "--lang", lang, "--period", PERIOD, *inputs, *more,
                        "--out", fresh(f"out-{lang}")]

    def until(months: int) -> Callable[[], list[str]]:
        return lambda: [*briefgen, "build", "--period", first_month(months), "--until", f"{LAST_MONTH:%Y-%m}",
                        "--quiet", *inputs, "--out", fresh(f"until-{months}")]

    validate = [*briefgen, "facts", "validate", "--facts", str(big_store)]
    commands: dict[str, Callable[[], list[str]]] = {
        "floor": lambda: [python, "-c", FLOOR_IMPORTS],
        "fr": build("fr"),
        "fr_cold": build("fr"),
        "all": build("all"),
        "all_cold": build("all"),
        "validate_cold": lambda: validate,
        "validate": lambda: validate,
        "until_1": until(1),
        "until_n": until(options.months),
    }
    has_jobs = "--jobs" in subprocess.run([*briefgen, "build", "--help"], env=env, cwd=root, capture_output=True,
                                          text=True).stdout
    if has_jobs:  # the default may render the languages in parallel; this shows one process doing both
        commands["all_jobs1"] = build("all", "--jobs", "1")
    commands.update(peers(python, env, root, work, build))
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    warm_cache = str(work / "cache")

    def cache_for(name: str) -> str:
        """The file cache of a run: off for a first run, empty for a batch, else warmed by earlier runs."""
        if name.endswith("_cold"):
            return "off"
        return fresh("until-cache") if name.startswith("until") else warm_cache

    def once(name: str, keep: bool = True) -> None:
        sample = run_child(commands[name](), {**env, "BRIEFGEN_CACHE_DIR": cache_for(name)}, root)
        if keep:
            samples[name].append(sample)
        progress(f"{name} {sample.wall:.2f}s")

    def progress(text: str) -> None:
        if not options.json:
            print(f"  {text}", file=sys.stderr, flush=True)

    try:
        # Warm-up: bytecode caches, matplotlib's font cache, the page cache, the file cache of (b), (c) and (f).
        for name in ("floor", "fr", "all", "validate", "until_1", *PEERS):
            if name in commands:
                once(name, keep=False)
        for _ in range(options.reps):  # interleaved, so drift in machine load hits every measure alike
            for name in SINGLE:
                if name in commands:
                    once(name)
        for _ in range(options.until_reps):
            for name in ("until_1", "until_n"):
                once(name)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    return summarise(options, root, commands, samples, facts_count)


def peers(python: str, env: dict[str, str], root: Path, work: Path, build: Callable) -> dict[str, Callable]:
    """The (g) commands this machine can run: LibreOffice's PDF of (b), docxtpl + LibreOffice (bench/peer.py),
    Jinja2 HTML + WeasyPrint (bench/peer_html.py); each peer fills a template made from (b)'s French DOCX."""
    libreoffice = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
    commands = {"fr_libreoffice": build("fr", "--pdf-engine", "libreoffice")} if libreoffice else {}
    candidates = (("peer_docxtpl", "peer.py", "peer-template.docx", "docxtpl", libreoffice),
                  ("peer_html", "peer_html.py", "peer-html-templates", "weasyprint", True))
    wanted = [(name, script, work / template) for name, script, template, module, needs in candidates
              if needs and subprocess.run([python, "-c", f"import {module}"], env=env,
                                          capture_output=True).returncode == 0]
    if not wanted:
        return commands
    source = work / "peer-source"
    run_child([*build("fr", "--format", "docx")()[:-1], str(source)], {**env, "BRIEFGEN_CACHE_DIR": "off"}, root)
    briefing = next(source.glob("*/*.docx"))
    runs = iter(range(1_000_000))
    for name, script, template in wanted:
        run_child([python, str(HERE / script), "--prepare", str(briefing), "--template", str(template)], env, root)
        commands[name] = (lambda script=script, template=template, name=name: [
            python, str(HERE / script), "--template", str(template), "--facts", str(root / "facts"),
            "--out", str(work / f"{name}-{next(runs)}")])
    return commands


def summarise(options, root: Path, commands: dict, samples: dict[str, list[Sample]], facts_count: int) -> dict:
    months = options.months
    floor = median(samples["floor"], "wall")
    floor_cpu = median(samples["floor"], "cpu")
    per_month = (median(samples["until_n"], "wall") - median(samples["until_1"], "wall")) / (months - 1)
    per_month_cpu = (median(samples["until_n"], "cpu") - median(samples["until_1"], "cpu")) / (months - 1)
    measured = [name for name in RATIOS if samples.get(name)]
    memory = {name: median(samples[name], "maxrss_mib") for name in (*measured, "until_n") if name not in PEERS}
    ratios = {name: median(samples[name], "wall") / floor for name in measured}
    cpu_ratios = {name: median(samples[name], "cpu") / floor_cpu for name in measured}
    targets = [
        *({"measure": label, "value": ratios[name], "unit": "x floor", "target": f"<= {target}",
           "met": ratios[name] <= target} for name, (label, target) in TARGETS.items()),
        {"measure": "(d) added CPU per month", "value": per_month_cpu, "unit": "s",
         "target": f"<= {TARGET_MONTH_CPU_SECONDS}", "met": per_month_cpu <= TARGET_MONTH_CPU_SECONDS},
        *({"measure": f"(g) docxtpl peer / {name}", "value": ratios["peer_docxtpl"] / ratios[name], "unit": "x",
           "target": f">= {speedup}", "met": ratios["peer_docxtpl"] / ratios[name] >= speedup}
          for name, speedup in TARGET_PEER_SPEEDUP.items() if "peer_docxtpl" in ratios),
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
        "until_repetitions": options.until_reps,
        "months": months,
        "store_facts": facts_count,
        "bytecode_cache": "as in the environment" if options.as_is else "private PYTHONPYCACHEPREFIX, warmed up",
        "commands": {name: " ".join(command()) for name, command in commands.items()},
        "file_cache": {name: "off" if name.endswith("_cold") else "empty at the start of each run"
                       if name.startswith("until") else "warmed by earlier runs" for name in commands},
        "median": {name: {field: median(runs, field) for field in ("wall", "cpu", "maxrss_mib")}
                   for name, runs in samples.items()},
        "range_wall": {name: spread(runs, "wall") for name, runs in samples.items()},
        "ratio_to_floor_wall": ratios,
        "ratio_to_floor_cpu": cpu_ratios,
        "until": {"added_seconds_per_month": per_month, "added_cpu_seconds_per_month": per_month_cpu},
        "peak_memory_mib": memory,
        "targets": targets,
        "samples": {name: [asdict(s) for s in runs] for name, runs in samples.items()},
    }


def report(result: dict) -> str:
    months = result["months"]
    med, rng = result["median"], result["range_wall"]
    lines = [
        f"briefgen benchmark  {result['when']}  code {result['code']}",
        f"{result['python']}  {result['platform']}  {result['cpus']} CPUs  "
        f"load {' '.join(f'{x:.2f}' for x in result['load_average'] or ())}",
        f"medians of {result['repetitions']} runs ({result['until_repetitions']} for --until), each a fresh process;"
        f" bytecode: {result['bytecode_cache']}; the 100x store holds {result['store_facts']} facts",
        "",
        f"{'measure':<36}{'wall s':>8}{'(min-max)':>16}{'cpu s':>8}{'peak MiB':>10}{'x floor':>9}",
    ]
    for key, label in LABELS.items():
        if key not in med:
            continue
        low, high = rng[key]
        ratio = result["ratio_to_floor_wall"].get(key)
        lines.append(f"{label.format(months=months):<36}{med[key]['wall']:>8.2f}{f'({low:.2f}-{high:.2f})':>16}"
                     f"{med[key]['cpu']:>8.2f}{med[key]['maxrss_mib']:>10.0f}"
                     + (f"{ratio:>9.2f}" if ratio is not None else ""))
    until = result["until"]
    lines += [
        "",
        f"(d) added per month (fr+en, DOCX+PDF) = ({months} months - 1 month) / {months - 1} = "
        f"{until['added_seconds_per_month']:.2f} s wall, {until['added_cpu_seconds_per_month']:.2f} s cpu",
        "",
        "targets:",
    ]
    for target in result["targets"]:
        value = f"{target['value']:.2f} {target['unit']}"
        lines.append(f"  {target['measure']:<36}{value:>14}   target {target['target']:<8} "
                     f"{'met' if target['met'] else 'NOT MET'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark briefgen's commands against the import floor.")
    parser.add_argument("--root", type=Path, default=HERE.parent, help="repository to measure (default: this one)")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the environment (default: this one)")
    parser.add_argument("--reps", type=int, default=5, help="runs of (a), (b), (c), (f) (default 5)")
    parser.add_argument("--until-reps", type=int, default=3, help="runs of each --until build (default 3)")
    parser.add_argument("--months", type=int, default=48, help="months of the long --until build (default 48)")
    parser.add_argument("--as-is", action="store_true", help="keep the environment's bytecode settings")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument("--save", type=Path, help="also write the whole result as JSON to this file")
    options = parser.parse_args(argv)
    if options.reps < 1 or options.until_reps < 1 or options.months < 2:
        parser.error("--reps and --until-reps must be at least 1, --months at least 2")
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
