"""A signal while the command is still loading its libraries ends it with one line, not a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest


@pytest.fixture(scope="module")
def interpreter_start() -> float:
    """How long the interpreter itself takes to start here, now: before that no code of briefgen's can run.

    A signal in that time is the interpreter's to handle; on a loaded
    machine it is longer than the delays below.
    """
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import signal"], check=True)
    return time.perf_counter() - began


@pytest.mark.parametrize("number, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("delay", [0.03, 0.08])
def test_a_signal_during_start_up_is_one_line(repo, tmp_path, number, code, delay, interpreter_start):
    # A build loads the most libraries before it does anything: the longest start-up to interrupt.
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "build", "--lang", "fr", "--out", str(tmp_path)],
                               cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(interpreter_start + delay)
    process.send_signal(number)
    _out, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the command finished before the signal arrived")
    assert process.returncode == code, err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert err.startswith("interrupted: "), err
