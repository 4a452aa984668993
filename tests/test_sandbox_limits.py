"""Template arithmetic is capped: `*` and `**` cannot exhaust memory or time; a refusal names the template and line."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.errors import TemplateError
from briefgen.locale import Formatter
from briefgen.narrative.environment import MAX_DIGITS, MAX_REPEAT, load_template, make_environment, render

QUICK = 2.0
"""Seconds a refusal may take: far less than building what was asked for."""


def render_probe(folder: Path, source: str, **context: object) -> str:
    """Render `source` as the French template folder/fr/probe.md."""
    (folder / "fr").mkdir(exist_ok=True)
    (folder / "fr" / "probe.md").write_text(source, encoding="utf-8")
    env = make_environment(folder, Formatter("fr"))
    where = str(folder / "fr" / "probe.md")
    return render(load_template(env, "probe.md", where), where, **context)


@pytest.mark.parametrize(("expression", "value"), [
    ("3 * 4", 12),
    ("2 ** 10", 1024),
    ("'-' * 3", "---"),
    ("3 * 'ab'", "ababab"),
    ("[1] * 3", [1, 1, 1]),
    ("(0,) * 2", (0, 0)),
    ("1.5 * 2", 3.0),
    ("2 ** 0.5", 2 ** 0.5),
    ("2 ** -1", 0.5),
    ("(-2) ** 3", -8),
    ("2.5 ** 2", 6.25),
    ("1 ** 10 ** 10", 1),
    ("(-1) ** (10 ** 12 + 1)", -1),
    ("'x' * 0 ~ 'x' * -5", ""),
    ("'a' * 100000", "a" * MAX_REPEAT),
    ("10 ** 99", 10**99),
    ("10 ** 50 * 9", 9 * 10**50),
])
def test_ordinary_arithmetic_still_renders(tmp_path, expression, value):
    """Figures, small powers, short rules of dashes and floats compute as in Python."""
    assert render_probe(tmp_path, f"{{{{ ({expression}) == expected }}}}", expected=value) == "True"


@pytest.mark.parametrize(("source", "refused"), [
    ("{{ 'a' * 10**10 }}",
     f"repeating a text 10000000000 times is refused (10000000000 characters; at most {MAX_REPEAT})"),
    ("{{ 10**10 * 'a' }}",
     f"repeating a text 10000000000 times is refused (10000000000 characters; at most {MAX_REPEAT})"),
    ("{{ 'ab' * 60000 }}", f"repeating a text 60000 times is refused (120000 characters; at most {MAX_REPEAT})"),
    ("{{ [0] * 10**9 }}", f"repeating a list 1000000000 times is refused (1000000000 items; at most {MAX_REPEAT})"),
    ("{{ (0, 1) * 10**9 }}",
     f"repeating a tuple 1000000000 times is refused (2000000000 items; at most {MAX_REPEAT})"),
    ("{{ 10 ** (10 ** 10) }}",
     f"raising 10 to the power 10000000000 is refused (the result would have more than {MAX_DIGITS} digits)"),
    ("{{ 10 ** 10 ** 10 }}",
     f"raising 10000000000 to the power 10 is refused (the result would have more than {MAX_DIGITS} digits)"),
    ("{{ 10 ** 100 }}",
     f"raising 10 to the power 100 is refused (the result would have more than {MAX_DIGITS} digits)"),
    ("{{ (-7) ** (10 ** 12) }}",
     f"raising -7 to the power 1000000000000 is refused (the result would have more than {MAX_DIGITS} digits)"),
    ("{% set ns = namespace(x=10) %}{% for _ in range(64) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
     "multiplying a number of 65 digits by a number of 65 digits is refused "
     f"(the result would have more than {MAX_DIGITS} digits)"),
])
def test_a_huge_product_or_power_is_refused_quickly_naming_the_template(tmp_path, source, refused):
    """Repeated squaring, a power tower or a long repetition fails at once instead of filling memory."""
    start = time.monotonic()
    with pytest.raises(TemplateError) as info:
        render_probe(tmp_path, source)
    assert time.monotonic() - start < QUICK
    assert info.value.message == f"{tmp_path / 'fr' / 'probe.md'}:1: {refused}"


def test_a_refusal_names_the_line_it_happens_on(tmp_path):
    with pytest.raises(TemplateError) as info:
        render_probe(tmp_path, "# Titre\n\nUn texte.\n{{ '=' * 10**10 }}\n")
    assert info.value.message.startswith(f"{tmp_path / 'fr' / 'probe.md'}:4: repeating a text ")


def test_a_refused_repetition_stops_the_build_with_one_line(project, monkeypatch):
    """What a user sees: the category, the template as given on the command line, its line, and what was refused."""
    path = project / "templates" / "fr" / "green.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "{{ 'a' * 10**10 }}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(project)
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(["build", "--lang", "fr", "--format", "docx", "--jobs", "1", "--period", "2026-11",
                     "--facts", "facts", "--templates", "templates", "--config", "briefgen.toml", "--out", "out"])
    assert code == 1
    assert stderr.getvalue() == ("template: templates/fr/green.md:3: repeating a text 10000000000 times is refused "
                                 f"(10000000000 characters; at most {MAX_REPEAT})\n")
