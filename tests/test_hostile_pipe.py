"""A reader that closes the pipe early (`briefgen facts list | head -1`) ends the command quietly, with exit 141.

141 (128 + SIGPIPE) is what a shell reports for `cat` or `grep` in the same
pipeline: a script with `set -o pipefail` treats briefgen as it treats them.
The store is large enough that its listing fills the pipe many times over.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parent / "roots" / "facts-mini"
FACTS = 3000
QUOTE = "In 2022, Laoshan counted 120 robotics firms"


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """A project whose store holds FACTS more facts, each citing the same sentence of a source."""
    project = tmp_path_factory.mktemp("large")
    shutil.copytree(MINI, project / "facts")
    lines = ["topic: bulk", "facts:"]
    for index in range(FACTS):
        lines += [f"  - id: bulk.firms_{index}", "    entity: laoshan", "    unit: count",
                  f'    label: {{fr: "entreprises de robotique {index}", en: "robotics firms {index}"}}',
                  "    observations:", '      - period: "2022"', "        value: 120", "        qualifier: exact",
                  "        source: report_en", f'        quote: "{QUOTE}"']
    (project / "facts" / "bulk.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "briefgen.toml").write_text(
        '[briefing]\nid = "bulk"\nlanguages = ["en", "fr"]\nsections = ["overview"]\n'
        '[briefing.title]\nen = "Bulk"\nfr = "Bulk"\n', encoding="utf-8")
    return project


def first_line(project: Path, *command: str, errors_too: bool = False) -> tuple[str, int, str]:
    """Run briefgen with its output read by a reader that closes it after one line: that line, exit code, stderr."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    process = subprocess.Popen([sys.executable, "-m", "briefgen", *command], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT if errors_too else subprocess.PIPE)
    line = process.stdout.readline().decode("utf-8")
    process.stdout.close()
    err = b""
    if not errors_too:
        with process.stderr:
            err = process.stderr.read()
    return line, process.wait(timeout=60), err.decode("utf-8")


@pytest.mark.parametrize("command", [
    ("facts", "list"),
    ("facts", "list", "--format", "json"),
    ("changes", "--since", "2020-01", "--period", "2026-11"),
], ids=" ".join)
def test_a_closed_standard_output_ends_quietly(large, command):
    line, code, err = first_line(large, *command)
    assert line.strip()
    assert (code, err) == (141, "")


def test_a_closed_pipe_of_errors_ends_quietly(large):
    """`briefgen facts validate 2>&1 | head -1` on a store with thousands of problems."""
    path = large / "facts" / "bulk.yaml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("value: 120", "value: many"), encoding="utf-8")
        line, code, _ = first_line(large, "facts", "validate", errors_too=True)
    finally:
        path.write_text(original, encoding="utf-8")
    assert line.startswith(f"{FACTS} problems in ")
    assert code == 141
