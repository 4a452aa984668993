"""A signal during a LibreOffice conversion ends LibreOffice too, and leaves no temporary profile behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _conversions(marker: str) -> list[int]:
    """Process ids whose command line names a briefgen LibreOffice folder under `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if marker in command and "briefgen-lo-" in command:
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize("number, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_ends_the_conversion_with_the_run(repo, tmp_path, number, code):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "build", "--project", str(repo), "--lang", "fr",
                                "--format", "pdf", "--pdf-engine", "libreoffice", "--period", "2026-11",
                                "--out", str(tmp_path / "out")], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _conversions(str(temporary)) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.skip("the conversion finished before it could be interrupted")
    process.send_signal(number)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == code, err
    time.sleep(0.5)
    assert _conversions(str(temporary)) == []
    assert list(temporary.glob("briefgen-lo-*")) == []
