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


@pytest.mark.parametrize("count, columns", [(1, 1), (2, 2), (3, 3), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4),
                                            (9, 3), (10, 4), (11, 4), (12, 4), (13, 3)])
def test_key_figure_rows_leave_no_figure_alone_when_three_or_four_can(count, columns):
    from briefgen.writers.base import key_figure_columns

    assert key_figure_columns(count) == columns
    if count > 4 and count != 13:  # 13 is one past a multiple of both 3 and 4
        assert count % columns != 1
