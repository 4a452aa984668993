"""Nothing runs that should not: YAML tags are refused, data never becomes markup or template code, templates are sandboxed."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from jinja2.sandbox import SandboxedEnvironment
from pypdf import PdfReader

from briefgen.cli import main
from briefgen.errors import FactsError, TemplateError
from briefgen.facts import load_store
from briefgen.locale import Formatter
from briefgen.narrative.context import FactsNamespace
from briefgen.narrative.environment import load_template, make_environment, render

ROOT = Path(__file__).resolve().parent.parent
MONTH = "2026-11"

TRICKY = "R&D {{ 7*7 }} {% for x in y %} {% for %} <script>alert(1)</script> &amp;*x* _y_ [^id] # no heading"
"""A label holding template code, HTML, an entity, Markdown emphasis and a footnote reference.

No character in it is one French typography respaces (no ; : ! ? followed by a space, no apostrophe).
"""


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the repository's facts, templates and settings, safe to change."""
    for name in ("facts", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "briefgen.toml", tmp_path / "briefgen.toml")
    return tmp_path


def build(project: Path, *options: str) -> tuple[int, str]:
    """Exit code and standard error of a build of `project` into project/out."""
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(["build", "--period", MONTH, "--jobs", "1", "--facts", str(project / "facts"),
                     "--templates", str(project / "templates"), "--config", str(project / "briefgen.toml"),
                     "--out", str(project / "out"), *options])
    return code, stderr.getvalue()


# --- YAML tags -------------------------------------------------------------------------------------------

PYTHON_TAGS = [
    "!!python/object/apply:os.system [\"touch {marker}\"]",
    "!!python/object/new:subprocess.check_output [[touch, {marker}]]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:pathlib.Path {{}}",
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_a_python_tag_in_facts_is_refused_and_never_run(project, tag):
    marker = project / "ran"
    path = project / "facts" / "vr.yaml"
    text = path.read_text(encoding="utf-8")
    line_number = next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith("value:"))
    lines = text.splitlines()
    lines[line_number - 1] = re.sub(r"value: .*", "value: " + tag.format(marker=marker), lines[line_number - 1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(FactsError) as info:
        load_store(project / "facts")
    assert info.value.problems == (
        f"facts/vr.yaml:{line_number}: could not determine a constructor for the tag "
        f"'tag:yaml.org,2002:{tag.split()[0][2:]}'; only plain YAML data is read, tags are refused",)
    code, err = build(project)
    assert code == 1 and err.startswith("facts: facts/vr.yaml:") and "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert not marker.exists()
    assert not (project / "out" / MONTH).exists() or not list((project / "out" / MONTH).glob("briefing-*"))


# --- data printed literally ------------------------------------------------------------------------------

def _set_label(project: Path, fact_id: str, label: str) -> None:
    path = project / "facts" / "innovation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == fact_id)
    fact["label"] = {"fr": label, "en": label}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")


def _print_label_in_summary(project: Path, fact_id: str) -> None:
    """Add a sentence printing the fact's label through Jinja and Markdown, as a template author would."""
    for lang in ("fr", "en"):
        path = project / "templates" / lang / "summary.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\nLabel: {{{{ facts.{fact_id} | label }}}}.\n",
                        encoding="utf-8")


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def flat(text: str) -> str:
    """`text` with every run of whitespace (no-break spaces and line breaks included) as one space."""
    return " ".join(text.split())


@pytest.fixture
def tricky_build(project) -> Path:
    """Both languages and formats built with laoshan.unicorns labelled TRICKY, in its table and in a sentence."""
    _set_label(project, "laoshan.unicorns", TRICKY)
    _print_label_in_summary(project, "laoshan.unicorns")
    code, err = build(project)
    assert code == 0, err
    return project / "out" / MONTH


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_label_with_markup_and_template_code_prints_literally_in_the_docx(tricky_build, lang):
    path = tricky_build / f"briefing-qingdao-{MONTH}-{lang}.docx"
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert TRICKY in cells  # the table of figures
    assert any(TRICKY in p.text for p in document.paragraphs)  # the template's sentence: no 49, no emphasis, no note


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_label_with_markup_and_template_code_prints_literally_in_the_pdf(tricky_build, lang):
    reader = PdfReader(str(tricky_build / f"briefing-qingdao-{MONTH}-{lang}.pdf"))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert text.count(flat(TRICKY)) >= 2  # the table of figures and the template's sentence


# --- sandboxed templates ---------------------------------------------------------------------------------

ESCAPES = [
    "{{ facts.__class__.__mro__ }}",
    "{{ ''.__class__.__subclasses__() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ facts._store }}",
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ facts.laoshan.unicorns.__init__.__globals__ }}",
    "{{ facts.laoshan.unicorns._store.frame.to_csv('MARKER') }}",
    "{{ facts.laoshan.unicorns.obs.__class__.__init__.__globals__ }}",
    "{% for x in range(10**9) %}{% endfor %}",
]


@pytest.fixture(scope="module")
def store():
    return load_store(ROOT / "facts")


def render_probe(folder: Path, source: str, store) -> str:
    """Render `source` as a French template in `folder`, with the facts as templates see them."""
    (folder / "fr").mkdir(exist_ok=True)
    (folder / "fr" / "probe.md").write_text(source, encoding="utf-8")
    env = make_environment(folder, Formatter("fr"))
    assert isinstance(env, SandboxedEnvironment)
    where = str(folder / "fr" / "probe.md")
    return render(load_template(env, "probe.md", where), where, facts=FactsNamespace(store))


@pytest.mark.parametrize("source", ESCAPES)
def test_a_template_reaching_python_internals_fails_without_running(tmp_path, store, source):
    marker = tmp_path / "MARKER"
    with pytest.raises(TemplateError) as info:
        render_probe(tmp_path, source.replace("MARKER", str(marker)), store)
    assert info.value.message.startswith(f"{tmp_path / 'fr' / 'probe.md'}:1: ")
    assert not marker.exists()


def test_a_template_cannot_write_files_through_the_facts(tmp_path, store):
    written = tmp_path / "written.csv"
    with pytest.raises(TemplateError):
        render_probe(tmp_path, f"{{{{ facts.laoshan.unicorns.store.frame.to_csv('{written}') }}}}", store)
    assert not written.exists()


def test_an_escaping_template_stops_the_build_with_its_file_and_line(project):
    path = project / "templates" / "en" / "vr.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = build(project, "--lang", "en")
    assert code == 1, err
    assert err.startswith(f"template: {path}:2: ") and "unsafe" in err and "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert not (project / "out" / MONTH).exists() or not list((project / "out" / MONTH).glob("briefing-*"))
