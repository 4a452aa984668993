"""SIGTERM and SIGINT end a build at any moment: workers gone, one line saying what was published, 143 or 130.

Real builds run as subprocesses (`python -m briefgen build --jobs 2`, so that
worker processes are forked) in a session of their own, into a folder holding
a good previous edition, with a changed facts store so that each run has
work to do. The signal goes to the main process only, as `kill PID` or a
service manager would send it, once briefgen has installed its handlers
(they show in /proc/PID/status) and after delays spread over a whole build.
"""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen import cli
from test_fault_kill import MONTH, ROOT, build_command, edition, relabel, temporaries, whole_edition

FRACTIONS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.97)  # of a build's duration, after the handlers are installed


def command(project: Path) -> list[str]:
    return [*build_command(project), "--jobs", "2"]


@pytest.fixture
def previous(tmp_path) -> tuple[Path, float]:
    """A copy of the repository's inputs whose out/ holds a good edition, with facts changed since; and how long
    a build of the changed facts takes (measured elsewhere, so that its charts are drawn once and kept)."""
    project = tmp_path / "project"
    for name in ("facts", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "briefgen.toml", project / "briefgen.toml")
    result = subprocess.run(command(project), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    relabel(project)
    began = time.monotonic()
    result = subprocess.run([*command(project), "--out", str(tmp_path / "elsewhere")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return project, time.monotonic() - began


def caught(pid: int) -> int:
    """The mask of signals process `pid` has handlers for (0 when it has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)


def wait_for_handlers(process: subprocess.Popen) -> None:
    """Wait until briefgen catches SIGTERM (Python alone never does), the process has ended, or for a second."""
    deadline = time.monotonic() + 1.0
    while (process.poll() is None and not caught(process.pid) & (1 << (signal.SIGTERM - 1))
           and time.monotonic() < deadline):
        time.sleep(0.002)


def group(pgid: int) -> list[str]:
    """Every process (zombies too) of process group `pgid`, as "pid state"."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                found.append(f"{entry.name} {fields[0]}")
    return found


def interrupt(project: Path, signum: int, delay: float, log: Path) -> tuple[int, str, float, int]:
    """Run a build, send `signum` to its main process `delay` s after its handlers are in; code, stderr, seconds
    from the signal to the end of the main process (0 when the build ended first), its processes at the signal."""
    with open(log, "wb") as err:
        process = subprocess.Popen(command(project), stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        wait_for_handlers(process)
        time.sleep(delay)
        sent = time.monotonic()
        running = len(group(process.pid))
        if process.poll() is None:
            os.kill(process.pid, signum)
        code = process.wait(timeout=30)
        took = time.monotonic() - sent if code != 0 else 0.0
    left = group(process.pid)
    for line in left:  # never leave them to the next test
        os.kill(int(line.split()[0]), signal.SIGKILL)
    assert left == [], f"processes of the build left after it ended: {left}"
    return code, log.read_text(encoding="utf-8"), took, running


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_at_any_moment_ends_the_build_and_its_workers_with_one_line(previous, signum, tmp_path):
    project, duration = previous
    folder = project / "out" / MONTH
    before = edition(folder)
    outcomes = []
    for fraction in FRACTIONS:
        delay = duration * fraction
        code, err, took, running = interrupt(project, signum, delay, tmp_path / "stderr")
        when = f"{signum!r} {delay:.2f}s after the handlers, in a {duration:.2f}s build: exit {code}, {err!r}"
        outcome = whole_edition(folder, before)
        if code == 0:  # the build ended before the signal
            assert outcome == "new" and err == "", when
        else:
            assert code == 128 + signum, when
            assert took < 1.0, when
            assert "Traceback" not in err and err.count("\n") == 1 and err.startswith("interrupted: "), when
            if outcome == "new":
                assert err == f"interrupted: {MONTH} was published\n", when
            else:  # before the build knew its months, or after
                assert err in ("interrupted: nothing was published\n",
                               f"interrupted: {MONTH} was not published; the previous edition is whole\n"), when
        outcomes.append((code, outcome, running))
        for name, content in before.items():  # the next signal starts from the previous edition again
            (folder / name).write_bytes(content)
    assert any(code == 128 + signum and running > 1 for code, _, running in outcomes), "no signal met a worker"
    done = subprocess.run(command(project), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert whole_edition(folder, before) == "new"
    assert temporaries(project / "out") == []


def test_the_line_names_the_months_published_and_those_not(tmp_path, monkeypatch):
    """Of a batch, the months whose folder was switched in are published; the others keep what they had."""
    months = [datetime.date(2026, month, 1) for month in (1, 2, 3, 5)]
    folders = {month: tmp_path / f"{month:%Y-%m}" for month in months}
    for month in months[2:]:
        folders[month].mkdir()
        (folders[month] / "manifest.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(cli, "_PUBLISHING", cli._Publishing(folders))
    for month in months[:2]:  # published by the run: new folders with a manifest
        folders[month].mkdir()
        (folders[month] / "manifest.json").write_text("{}", encoding="utf-8")
    assert cli._interruption() == ("interrupted: 2026-01 to 2026-02 were published; 2026-03, 2026-05 were not "
                                   "published; the editions they had before are whole")


def test_a_signal_while_the_libreoffice_module_is_still_importing_ends_the_command_cleanly():
    """The handler finds the module in sys.modules before its functions are defined: there is nothing to end."""
    script = ("import sys, types\n"
              "sys.modules['briefgen.writers.libreoffice'] = types.ModuleType('briefgen.writers.libreoffice')\n"
              "import os\n"
              "from briefgen import cli\n"
              "cli._COMMAND_PID = os.getpid()  # the command's own process, as entry() records it\n"
              "cli._end_on_signal(2, None)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 128 + signal.SIGINT, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
