"""The optional LibreOffice engine: a tagged PDF/A-2b from the DOCX, or a clear message when it is missing."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from briefgen.cli import main
from briefgen.writers import libreoffice


def build(repo, out, lang="en"):
    return main(["build", "--lang", lang, "--format", "pdf", "--pdf-engine", "libreoffice", "--period", "2026-11",
                 "--facts", str(repo / "facts"), "--templates", str(repo / "templates"),
                 "--config", str(repo / "briefgen.toml"), "--out", str(out)])


def test_missing_libreoffice_is_one_clear_line_and_nothing_is_written(repo, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(libreoffice, "find_libreoffice", lambda: None)
    assert build(repo, tmp_path / "out") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("pdf-engine: --pdf-engine libreoffice needs LibreOffice")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(libreoffice.find_libreoffice() is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice or pdfinfo (poppler-utils) is not installed")
def test_libreoffice_engine_writes_a_tagged_pdfa(repo, tmp_path):
    assert build(repo, tmp_path / "out", "fr") == 0
    pdf = tmp_path / "out" / "2026-11" / "briefing-qingdao-2026-11-fr.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Qingdao et Laoshan" in info
    assert b"pdfaid:part" in pdf.read_bytes()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "La transformation verte" in text
    # The contents' page numbers are computed by LibreOffice: each is the page its heading is on.
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    entries = re.findall(r"^\s*(.+?)\.{3,}\s*(\d+)\s*$", pages[1], re.M)
    assert len(entries) >= 8
    for title, number in entries:
        on = [n for n, page in enumerate(pages[2:], start=3) if re.search(rf"^\s*{re.escape(title)}\s*$", page, re.M)]
        assert on[:1] == [int(number)], (title, number, on)
