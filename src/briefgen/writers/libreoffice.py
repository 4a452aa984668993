"""Convert a rendered DOCX to a tagged PDF/A-2b with LibreOffice, for archival copies.

reportlab cannot write tagged PDF or PDF/A; LibreOffice can, from the DOCX
that briefgen already makes. Each conversion runs in its own temporary
LibreOffice profile so that parallel runs do not share a user installation.
"""

from __future__ import annotations

import json
import shutil
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
    with tempfile.TemporaryDirectory(prefix="briefgen-lo-") as work:
        folder = Path(work)
        source = folder / "briefing.docx"
        source.write_bytes(docx)
        try:
            result = subprocess.run(
                [command, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                 "--convert-to", _FILTER, "--outdir", str(folder), str(source)],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise LibreOfficeError(f"LibreOffice did not finish converting within {TIMEOUT_SECONDS} s") from None
        target = folder / "briefing.pdf"
        if result.returncode != 0 or not target.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise LibreOfficeError(f"LibreOffice could not convert the DOCX: {detail[-1] if detail else 'no output'}")
        return target.read_bytes()
