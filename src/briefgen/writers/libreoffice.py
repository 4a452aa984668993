"""Convert a rendered DOCX to a tagged PDF/A-2b with LibreOffice, for archival copies.

reportlab cannot write tagged PDF or PDF/A; LibreOffice can, from the DOCX
that briefgen already makes. Each conversion runs in its own temporary
LibreOffice profile so that parallel runs do not share a user installation,
and in its own process group, so that a run ended by a signal can end the
conversion with it (`end_conversions`) rather than leave LibreOffice running.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from briefgen.errors import BriefgenError

# writer_pdf_Export options: PDF/A-2b (version 2), tagged, lossless images.
_FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "UseLosslessCompression": {"type": "boolean", "value": "true"},
})
TIMEOUT_SECONDS = 300
_RUNNING: dict[int, tuple[subprocess.Popen, Path]] = {}  # conversions in progress, by LibreOffice's process id


class LibreOfficeError(BriefgenError):
    """LibreOffice is missing or failed to convert."""

    category = "pdf-engine"


def find_libreoffice() -> str | None:
    """The LibreOffice command on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    """The LibreOffice command, or a clear error saying how to get it."""
    command = find_libreoffice()
    if command is None:
        raise LibreOfficeError("--pdf-engine libreoffice needs LibreOffice (soffice) on the PATH; install it "
                               "(Debian: apt-get install libreoffice-writer-nogui) or use the default engine")
    return command


def docx_to_pdfa(docx: bytes) -> bytes:
    """The PDF/A-2b that LibreOffice makes from `docx`."""
    command = require_libreoffice()
    work = Path(tempfile.mkdtemp(prefix="briefgen-lo-"))
    try:
        source = work / "briefing.docx"
        source.write_bytes(docx)
        process = subprocess.Popen(
            [command, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
             "--convert-to", _FILTER, "--outdir", str(work), str(source)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
            start_new_session=True)
        _RUNNING[process.pid] = (process, work)
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise LibreOfficeError(f"LibreOffice did not finish converting within {TIMEOUT_SECONDS} s") from None
        finally:
            _RUNNING.pop(process.pid, None)
        target = work / "briefing.pdf"
        if process.returncode != 0 or not target.is_file():
            detail = (stderr or stdout).strip().splitlines()
            raise LibreOfficeError(f"LibreOffice could not convert the DOCX: {detail[-1] if detail else 'no output'}")
        return target.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def end_conversions() -> None:
    """End every conversion this process has running, LibreOffice's own processes included, and its folder.

    Called when a signal ends the run: safe at any moment, it only kills and deletes.
    """
    for process, work in list(_RUNNING.values()):
        _kill(process)
        shutil.rmtree(work, ignore_errors=True)
    _RUNNING.clear()


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # its own group: soffice and what it started
    except OSError:
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
