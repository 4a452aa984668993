"""The writer registry: suffixes known before a writer is imported, and equal to the writers' own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefgen.errors import BriefgenError
from briefgen.writers import get_writer, writer_names, writer_suffix


@pytest.mark.parametrize("name", writer_names())
def test_a_suffix_known_beforehand_is_the_writers_own(name):
    assert writer_suffix(name) == get_writer(name).suffix


def test_naming_the_files_imports_no_writer():
    code = ("import sys; from briefgen.writers import writer_suffix;"
            "print(writer_suffix('docx'), writer_suffix('pdf'), 'reportlab' in sys.modules, 'docx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == [".docx", ".pdf", "False", "False"]


def test_an_unknown_format_names_the_known_ones():
    with pytest.raises(BriefgenError, match="unknown output format 'odt'; known formats: docx, pdf"):
        writer_suffix("odt")
