"""A build killed at any moment loses nothing: the previous edition stays byte for byte, no temporary file lingers.

Real builds run as subprocesses (`python -m briefgen build`) into a folder
holding a good previous edition, with a changed facts store so that each run
has work to do, and are killed with SIGKILL at moments spread over the time a
whole build takes. Time only places the kills; nothing is asserted about it.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MONTH = "2026-11"
KILLS = 6
SEED = 20261130


def build_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "briefgen", "build", "--period", MONTH, "--facts", str(project / "facts"),
            "--templates", str(project / "templates"), "--config", str(project / "briefgen.toml"),
            "--out", str(project / "out")]


def start(project: Path) -> subprocess.Popen:
    """A build in its own process group, so that a kill reaches the worker processes it forks too."""
    return subprocess.Popen(build_command(project), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def edition(folder: Path) -> dict[str, bytes]:
    """Every visible file of a month folder (outputs and manifest) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def temporaries(folder: Path) -> list[str]:
    """Temporary files (".name.xxxx.tmp") left anywhere under `folder`."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*.tmp"))


def whole_edition(folder: Path, previous: dict[str, bytes]) -> str:
    """"previous" when `folder` holds the previous edition byte for byte, "new" when it holds a whole new one.

    A new edition is whole when every file changed and each output matches
    the digest its manifest records; any mixture fails.
    """
    now = edition(folder)
    if now == previous:
        return "previous"
    assert now.keys() == previous.keys()
    assert all(now[name] != previous[name] for name in previous), "a mixture of the previous and the new edition"
    outputs = json.loads(now["manifest.json"])["outputs"]
    assert {name: hashlib.sha256(now[name]).hexdigest() for name in outputs} == {
        name: entry["sha256"] for name, entry in outputs.items()}
    return "new"


def relabel(project: Path) -> None:
    """Change one label, so that the next build has a new edition to write."""
    path = project / "facts" / "innovation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == "laoshan.unicorns")
    fact["label"] = {lang: f"{text} (revised)" for lang, text in fact["label"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")


@pytest.fixture
def built(tmp_path) -> tuple[Path, float]:
    """A copy of the repository's inputs whose out/ holds a good edition, and how long that build took."""
    for name in ("facts", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "briefgen.toml", tmp_path / "briefgen.toml")
    began = time.monotonic()
    result = subprocess.run(build_command(tmp_path), capture_output=True, text=True)
    duration = time.monotonic() - began
    assert result.returncode == 0, result.stderr
    return tmp_path, duration


def kill_after(process: subprocess.Popen, delay: float) -> tuple[int, str]:
    """Kill the build's process group with SIGKILL after `delay` seconds, unless it ended; exit code and stderr."""
    try:
        _, err = process.communicate(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
    return process.returncode, err.decode("utf-8", "replace")


def test_a_killed_build_leaves_the_previous_edition_and_the_next_build_leaves_no_temporaries(built):
    project, duration = built
    folder = project / "out" / MONTH
    previous = edition(folder)
    assert any(name.endswith(".pdf") for name in previous) and any(name.endswith(".docx") for name in previous)
    relabel(project)
    rng = random.Random(SEED)
    # one kill in each sixth of a build's duration, the last ones while files may be published
    delays = [duration * (index + rng.random()) / KILLS for index in range(KILLS)]
    outcomes = []
    for delay in delays:
        code, err = kill_after(start(project), delay)
        when = f"killed after {delay:.2f}s of a {duration:.2f}s build: exit {code} {err}"
        assert code in (0, -signal.SIGKILL), when
        outcome = whole_edition(folder, previous)  # a run killed after publishing has published it all
        assert outcome == "new" or code != 0, when
        outcomes.append((code, outcome))
        for name, content in previous.items():  # the next kill starts from the previous edition again
            (folder / name).write_bytes(content)
    assert (-signal.SIGKILL, "previous") in outcomes  # at least one run was killed before it published

    result = subprocess.run(build_command(project), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert temporaries(project / "out") == []
    after = edition(folder)
    assert after.keys() == previous.keys() and after != previous  # the new edition replaced the old one


@pytest.mark.parametrize("changed", [
    pytest.param(True, id="new-edition"),
    pytest.param(False, id="up-to-date"),
])
def test_a_temporary_left_by_a_run_killed_while_publishing_is_removed_by_the_next_run(built, changed):
    """Whether the next run writes a new edition or finds the edition up to date, it removes the stale files."""
    project, _ = built
    folder = project / "out" / MONTH
    staged = project / "out" / f".{MONTH}.briefgen-k1ll3d.tmp"  # as the publisher names the edition it stages
    staged.mkdir()
    (staged / f"briefing-qingdao-{MONTH}-fr.pdf").write_bytes(b"%PDF-1.4 half written")
    stale = folder / f".briefing-qingdao-{MONTH}-fr.pdf.k1ll3d.tmp"  # as versions publishing file by file named theirs
    stale.write_bytes(b"%PDF-1.4 half written")
    if changed:
        relabel(project)
    result = subprocess.run(build_command(project), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert temporaries(project / "out") == []
    assert sorted(p.name for p in (project / "out").iterdir()) == [MONTH]
