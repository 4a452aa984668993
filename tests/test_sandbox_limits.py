"""Template arithmetic and widths are capped: `*`, `**`, padding and format widths cannot exhaust memory or time;
a refusal names the template and line."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.errors import TemplateError
from briefgen.locale import Formatter
from briefgen.narrative.environment import load_template, make_environment, render
from briefgen.narrative.sandbox import MAX_DIGITS, MAX_REPEAT

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
    assert_refused_quickly(tmp_path, source, refused)


REFUSED = f"is refused (at most {MAX_REPEAT})"
"""How every refusal of a width, precision or count ends."""


@pytest.mark.parametrize(("expression", "value"), [
    ("'%.2f' % 3.14159", "3.14"),
    ("'%5.1f|%-4d|%%' % (3.14159, 2)", "  3.1|2   |%"),
    ("'%(a)s-%(b)03d' % {'a': 'x', 'b': 7}", "x-007"),
    ("'%*.*f' % (8, 2, 3.14159)", "    3.14"),
    ("'%*s|' % (-4, 'ab')", "ab  |"),
    ("7 % 3", 1),
    ("'{:>5}'.format(7)", "    7"),
    ("'{:0>8.3f}|{:,}|{:^6}'.format(3.14159, 1234567, 'ab')", "0003.142|1,234,567|  ab  "),
    ("'{:{}}|'.format(1, 4)", "   1|"),
    ("'{x:>3}'.format_map({'x': 1})", "  1"),
    ("'{:>100000}'.format(1) | length", MAX_REPEAT),
    ("'x'.ljust(10)", "x" + " " * 9),
    ("'x'.rjust(4, '.') ~ '7'.zfill(3) ~ 'ab'.center(6, '*')", "...x007**ab**"),
    ("'x'.ljust(100000) | length", MAX_REPEAT),
    ("'a\\tb'.expandtabs(4)", "a   b"),
    ("'a\\nb' | indent(2)", "a\n  b"),
    ("'a\\nb' | indent('> ', first=true)", "> a\n> b"),
    ("'%s' | format(3.5)", "3.5"),
    ("'%s and %s' | format('a', 'b')", "a and b"),
    ("'ab' | center(6)", "  ab  "),
    ("'one two three' | wordwrap(7)", "one two\nthree"),
    ("[1] | tojson(2)", "[\n  1\n]"),
    ("[1, 2, 3] | slice(2) | list", [[1, 2], [3]]),
])
def test_ordinary_widths_still_render(tmp_path, expression, value):
    """Decimals, aligned columns, padding, indents and printf-style formats compute as in Python and jinja2."""
    assert render_probe(tmp_path, f"{{{{ ({expression}) == expected }}}}", expected=value) == "True"


@pytest.mark.parametrize(("source", "refused"), [
    ("{{ 'a'.ljust(10**9) }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ 'a'.rjust(10**9) }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ 'a'.center(10**9, '-') }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ 'a'.zfill(100001) }}", f"padding a text to 100001 characters {REFUSED}"),
    ("{{ 'a'.encode().ljust(10**9) }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ 'a\\tb\\t'.expandtabs(10**9) }}",
     f"expanding 2 tabs to 1000000000 spaces each is refused (up to 2000000000 characters; at most {MAX_REPEAT})"),
    ("{{ ('\\t' * 100000).expandtabs(100) }}",
     f"expanding 100000 tabs to 100 spaces each is refused (up to 10000000 characters; at most {MAX_REPEAT})"),
    ("{{ '{:>1000000000}'.format(1) }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ '{x:1000000000}'.format_map({'x': 1}) }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ '{:{}}'.format(1, 10**9) }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ '{:.1000000000f}'.format(1) }}", f"formatting with a precision of 1000000000 {REFUSED}"),
    ("{{ ('{:>1000000000}' | safe).format(1) }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ '%1000000000s' % 'x' }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ '%*s' % (10**9, 'x') }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ '%*s' % (-10**9, 'x') }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ '%.1000000000f' % 1 }}", f"formatting with a precision of 1000000000 {REFUSED}"),
    ("{{ '%(a(b))1000000000s' % {'a(b)': 1} }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ 'x' | center(10**9) }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ 'a\\nb' | indent(10**9) }}", f"indenting by 1000000000 characters {REFUSED}"),
    ("{{ 'a b' | wordwrap(10**9) }}", f"wrapping a text at 1000000000 characters {REFUSED}"),
    ("{{ [1] | tojson(indent=10**9) }}", f"indenting JSON by 1000000000 characters {REFUSED}"),
    ("{{ '%1000000000s' | format('x') }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ '%*s' | format(10**9, 'x') }}", f"padding a text to 1000000000 characters {REFUSED}"),
    ("{{ [1] | slice(10**7) | list }}", f"cutting a sequence into 10000000 slices {REFUSED}"),
    ("{{ lipsum(10**5) }}", "'lipsum' is undefined"),
    ("{{ 1.5 | number(10**6) }}", "decimals must be from 0 to 20, got 1000000"),
    ("{{ 2.5 | percent(21) }}", "decimals must be from 0 to 20, got 21"),
])
def test_a_huge_width_or_precision_is_refused_quickly_naming_the_template(tmp_path, source, refused):
    """Padding, format widths and precisions, indents and tab stops beyond MAX_REPEAT fail at once."""
    assert_refused_quickly(tmp_path, source, refused)


def assert_refused_quickly(tmp_path, source: str, refused: str) -> None:
    """Rendering `source` fails within QUICK seconds with the one-line message `refused`, naming the probe."""
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
