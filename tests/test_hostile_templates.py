"""Templates are read from their folder only, byte-order mark dropped, and a render is bounded as a whole.

Each step of a template is capped already (see test_sandbox_limits); here
steps that are each small add up: loops inside loops, output repeated by a
loop, texts doubled by `~` or `+`, a large separator in `join`. Each ends in
one line naming the template and its line, quickly.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import docx
import pytest

from briefgen.cli import main
from briefgen.errors import TemplateError
from briefgen.locale import Formatter
from briefgen.narrative import sandbox
from briefgen.narrative.environment import load_template, make_environment, render
from briefgen.narrative.sandbox import MAX_ITERATIONS, MAX_OUTPUT

QUICK = 2.0
"""Seconds a refusal may take: far less than doing what was asked for."""
REFUSED_TEXT = f" is refused (at most {MAX_OUTPUT:,}, more than a whole section may write)"


def render_probe(folder: Path, source: str) -> str:
    """Render `source` as the French template folder/fr/probe.md."""
    (folder / "fr").mkdir(exist_ok=True)
    (folder / "fr" / "probe.md").write_text(source, encoding="utf-8")
    env = make_environment(folder, Formatter("fr"))
    where = str(folder / "fr" / "probe.md")
    return render(load_template(env, "probe.md", where), where)


@pytest.mark.parametrize(("source", "line", "refused"), [
    ("{% for a in range(100000) %}\n{% for b in range(100000) %}{% endfor %}{% endfor %}", 2,
     f"running loops more than {MAX_ITERATIONS:,} times in all is refused (loops inside loops multiply)"),
    ("{% for a in range(100000) %}\n{{ 'x' * 100000 }}\n{% endfor %}", 2,
     f"writing more than {MAX_OUTPUT:,} characters is refused"),
    ("{% macro f() %}{% for a in range(100000) %}\n{{ 'x' * 100000 }}{% endfor %}{% endmacro %}{% set y = f() %}", 2,
     f"writing more than {MAX_OUTPUT:,} characters is refused"),
    ("{% for a in range(100000) %}\n" + "y" * 1000 + "{% endfor %}", 2,
     f"writing more than {MAX_OUTPUT:,} characters is refused"),
    ("{% set ns = namespace(s='x') %}\n{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", 2,
     "building a text of 1048576 characters" + REFUSED_TEXT),
    ("{% set ns = namespace(s='x') %}\n{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", 2,
     "building a text of 1048576 characters" + REFUSED_TEXT),
    ("{% set ns = namespace(s=['x']) %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", 1,
     f"building a list of 1048576 items is refused (at most {MAX_OUTPUT:,}"),
    ("{{ range(100000) | join('x' * 100000) }}", 1, "`join` building a text of 10000388890 characters" + REFUSED_TEXT),
    ("{{ (['x' * 100000] * 100000) | join }}", 1, "`join` building a text of 10000000000 characters" + REFUSED_TEXT),
    ("{{ ('x' * 100000).join(['a'] * 100000) }}", 1, "building a text of 10000000000 characters" + REFUSED_TEXT),
    ("{{ ('x' * 100000) | replace('x', 'y' * 100000) }}", 1, "`replace` building a text of 10000000000 characters"),
    ("{{ ('x' * 100000).replace('x', 'y' * 100000) }}", 1, "building a text of 10000000000 characters"),
    ("{{ ('-\\n' * 50000) | indent(100000) }}", 1, "`indent` building a text of 5000200000 characters"),
    ("{{ ([['x'] * 100000] * 100000) | sum(start=[]) }}", 1,
     "`sum` building a text or list of 10000000000 characters or items"),
    ("{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}", 1, "maximum recursion depth exceeded"),
], ids=["nested loops", "output in a loop", "output of a macro", "literal text in a loop", "doubling with ~",
        "doubling with +", "a list doubled", "join separator", "join items", "str.join", "replace", "str.replace",
        "indent", "sum of lists", "a macro calling itself"])
def test_a_render_that_adds_up_to_too_much_ends_in_one_located_line(tmp_path, source, line, refused):
    start = time.monotonic()
    with pytest.raises(TemplateError) as info:
        render_probe(tmp_path, source)
    assert time.monotonic() - start < QUICK
    assert info.value.message.startswith(f"{tmp_path / 'fr' / 'probe.md'}:{line}: ")
    assert refused in info.value.message and "\n" not in info.value.message


def test_a_render_running_too_long_is_stopped(tmp_path, monkeypatch):
    """Each step is cheap enough and there are not too many, but together they take too long."""
    monkeypatch.setattr(sandbox, "MAX_RENDER_SECONDS", 0.3)
    start = time.monotonic()
    with pytest.raises(TemplateError) as info:
        render_probe(tmp_path, "\n{% for a in range(100000) %}{% set x = range(100000) | sum %}{% endfor %}")
    assert time.monotonic() - start < QUICK
    assert info.value.message == f"{tmp_path / 'fr' / 'probe.md'}:2: rendering for more than 0.3 seconds is refused"


def test_each_render_has_a_budget_of_its_own(tmp_path):
    """A template writing most of the allowance renders again and again."""
    source = "{% for a in range(9) %}{{ 'x' * 100000 }}{% endfor %}"
    for _ in range(3):
        assert render_probe(tmp_path, source) == "x" * 900_000


def test_ordinary_loops_and_texts_render_as_before(tmp_path):
    source = ("{% for x in [3, 1, 2] %}{{ x }}{{ '/' if not loop.last }}{% else %}none{% endfor %}|"
              "{% for x in [] %}{{ x }}{% else %}none{% endfor %}|{{ [1, 2, 3] | join(', ') }}|{{ 'a' ~ 1 ~ 'b' }}|"
              "{{ 1 + 2 }}|{{ ([1, 2] + [3]) | length }}|{{ [1, 2, 3] | sum }}|{{ 'a-b' | replace('-', 'x') }}|"
              "{% for x in 'abc' %}{{ loop.length }}{% endfor %}|"
              "{% for item in [{'n': 1, 'c': [{'n': 2, 'c': []}]}, {'n': 3, 'c': []}] recursive %}{{ item.n }}"
              "{{ loop(item.c) }}{% endfor %}|"
              "{{ ('x\ny' | indent(2)) == 'x\n  y' }}")
    assert render_probe(tmp_path, source) == (
        "3/1/2|none|1, 2, 3|a1b|3|3|6|axb|333|123|True")


def test_a_build_with_a_runaway_template_fails_in_one_line(project, capsys):
    path = project / "templates" / "en" / "summary.md"
    path.write_text(path.read_text(encoding="utf-8")
                    + "\n{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(2) %}"
                      "{% endfor %}{% endfor %}{% endfor %}\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    assert main(["build", "--project", str(project), "--period", "2026-11", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err == (f"template: {path}:{line}: running loops more than {MAX_ITERATIONS:,} times in all is refused "
                   "(loops inside loops multiply)\n")


def test_a_template_with_a_byte_order_mark_keeps_its_first_heading(project):
    path = project / "templates" / "en" / "summary.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert main(["build", "--project", str(project), "--period", "2026-11", "--lang", "en", "--format", "docx",
                 "--jobs", "1", "--quiet"]) == 0
    paragraphs = docx.Document(str(project / "output" / "2026-11" / "briefing-qingdao-2026-11-en.docx")).paragraphs
    assert [p.style.name for p in paragraphs if p.text == "Key points"][-1] == "Heading 1"
    assert not any("\ufeff" in p.text or p.text.startswith("# ") for p in paragraphs)


def test_a_template_leading_outside_the_templates_folder_is_refused(project, tmp_path, capsys):
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nNot for the briefing.\n", encoding="utf-8")
    path = project / "templates" / "en" / "summary.md"
    path.unlink()
    path.symlink_to(secret)
    assert main(["build", "--project", str(project), "--period", "2026-11", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err == (f"template: {path}: summary.md leads outside the templates folder {(project / 'templates').resolve()}"
                   " (through a symlink); templates are read from inside it only\n")


def test_an_include_leading_outside_the_templates_folder_is_refused_at_its_line(project, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("Not for the briefing.\n", encoding="utf-8")
    (project / "templates" / "fr" / "part.md").symlink_to(secret)
    with pytest.raises(TemplateError) as info:
        render_probe(project / "templates", "# Probe\n\n{% include 'part.md' %}\n")
    assert info.value.message.startswith(f"{project / 'templates' / 'fr' / 'probe.md'}:3: part.md leads outside")


def test_a_symlink_within_the_templates_folder_is_followed(project):
    folder = project / "templates"
    (folder / "shared").mkdir()
    os.replace(folder / "en" / "summary.md", folder / "shared" / "summary.md")
    (folder / "en" / "summary.md").symlink_to(Path("..") / "shared" / "summary.md")
    assert main(["build", "--project", str(project), "--period", "2026-11", "--lang", "en", "--format", "docx",
                 "--jobs", "1", "--quiet"]) == 0
