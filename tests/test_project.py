"""A briefing is a project folder: `briefgen new` starts one, commands find it, templates place charts and tables.

These tests work as a new user would: they start a project with the command
line, edit its files, build it and reopen what it wrote (python-docx for the
DOCX, pypdf's text for the PDF).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from briefgen.cli import main

PERIOD = "2026-11"


@pytest.fixture
def chdir(monkeypatch):
    """Run a command from another folder, as a user in a shell would."""
    return monkeypatch.chdir


@pytest.fixture
def starter(tmp_path) -> Path:
    """A project as `briefgen new DIR --lang de,en` writes it."""
    folder = tmp_path / "partner-briefing"
    assert main(["new", str(folder), "--lang", "de,en", "--title", "Partnerbesuch"]) == 0
    return folder


def build(project: Path, *args: str) -> int:
    return main(["build", "--project", str(project), "--period", PERIOD, *args])


def outputs(project: Path, briefing_id: str = "partner-briefing") -> dict[str, Path]:
    folder = project / "output" / PERIOD
    return {f"{lang}.{fmt}": folder / f"{briefing_id}-{PERIOD}-{lang}.{fmt}" for lang in ("de", "en")
            for fmt in ("docx", "pdf")}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_images(path: Path) -> int:
    return sum(1 for name in zipfile.ZipFile(path).namelist() if name.startswith("word/media/"))


def test_a_new_project_builds_in_each_of_its_languages(starter):
    assert build(starter) == 0
    files = outputs(starter)
    german = docx.Document(files["de.docx"])
    assert german.core_properties.language == "de-DE"
    assert german.core_properties.title == "Partnerbesuch"
    text = "\n".join(p.text for p in german.paragraphs)
    assert "Der Example Science Park beherbergt 120\u00a0Unternehmen" in text
    assert len(german.tables) >= 1 and docx_images(files["de.docx"]) == 1
    reader = PdfReader(files["de.pdf"])
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    assert "Seite 2 von" in pdf_text(files["de.pdf"]) and "Inhalt" in pdf_text(files["de.pdf"])
    assert "The Example Science Park hosts 120 companies" in pdf_text(files["en.pdf"]).replace("\n", " ")
    assert docx.Document(files["en.docx"]).core_properties.language == "en-GB"


def test_a_chart_and_a_table_added_to_a_template_appear_in_both_formats(starter):
    assert build(starter, "--lang", "en") == 0
    before = outputs(starter)
    images, tables = docx_images(before["en.docx"]), len(docx.Document(before["en.docx"]).tables)
    template = starter / "templates" / "en" / "overview.md"
    template.write_text(template.read_text(encoding="utf-8") + (
        '\n{{ chart.bars([facts.park.companies, facts.park.startups], caption="Firms in the park", axis="firms") }}\n'
        '\n{{ table([facts.park.companies, facts.park.rd_floor_share], caption="Size and research") }}\n'),
        encoding="utf-8")
    assert build(starter, "--lang", "en") == 0
    after = outputs(starter)
    assert docx_images(after["en.docx"]) == images + 1
    assert len(docx.Document(after["en.docx"]).tables) == tables + 1
    text = pdf_text(after["en.pdf"])
    assert "Firms in the park" in text and "Size and research" in text
    assert "Figure 2" in text and "Table 2" in text


def test_commands_find_the_project_from_a_folder_inside_it(starter, chdir):
    chdir(starter / "templates" / "de")
    assert main(["build", "--period", PERIOD, "--lang", "de", "--format", "pdf"]) == 0
    assert outputs(starter)["de.pdf"].is_file()  # written into the project's output/, not the current folder
    assert not (starter / "templates" / "de" / "output").exists()


def test_outside_any_project_a_command_says_how_to_start_one(tmp_path, chdir, capsys):
    chdir(tmp_path)
    assert main(["build"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("config: no briefgen.toml in ") and "briefgen new DIR" in err
    assert os.listdir(tmp_path) == []


def test_new_refuses_a_folder_that_holds_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path), "--lang", "en"]) == 2
    assert "already exists and is not an empty folder" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_new_refuses_a_language_it_has_no_starter_for(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p"), "--lang", "it"]) == 2
    assert "--lang it: the starter is written in de, en, fr" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_a_language_without_house_style_is_one_clear_error(starter, capsys):
    settings = starter / "briefgen.toml"
    text = settings.read_text(encoding="utf-8").replace('languages = ["de", "en"]', 'languages = ["de", "en", "it"]')
    settings.write_text(text.replace('en = "Partnerbesuch"', 'en = "Partnerbesuch"\nit = "Visita"', 1),
                        encoding="utf-8")
    assert build(starter) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert 'language "it" has no house style' in first and "locale/it/style.toml" in first
    assert not (starter / "output").exists()


def test_a_project_overrides_a_shipped_language(starter):
    """locale/<lang>/ in the project changes UI strings and house style without touching briefgen."""
    locale = starter / "locale" / "en"
    locale.mkdir(parents=True)
    (locale / "messages.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                        'msgid "Contents"\nmsgstr "In this note"\n', encoding="utf-8")
    (locale / "style.toml").write_text('[qualifiers]\nabout = "roughly"\n', encoding="utf-8")
    assert build(starter, "--lang", "en", "--format", "pdf") == 0
    text = pdf_text(outputs(starter)["en.pdf"])
    assert "In this note" in text and "Contents" not in text
    assert "roughly 4,500" in text


def test_an_entity_is_declared_in_the_facts_store(starter, capsys):
    facts = starter / "facts" / "park.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("entity: example_park", "entity: harbour", 1),
                     encoding="utf-8")
    assert build(starter) == 1
    assert 'entity "harbour" is not declared in names.yaml' in capsys.readouterr().err


@pytest.mark.parametrize("settings_change, message", [
    (('key_figures = ["park.companies"', 'key_figures = ["park.nope"'), "key_figures: unknown fact park.nope"),
    (('sections = ["overview"]', 'sections = ["overview", "overview"]'), "sections lists overview more than once"),
    (('sections = ["overview"]', 'sections = []'), "sections is empty"),
    (('id = "partner-briefing"', 'id = "Partner Briefing"'), "id must be lower-case letters"),
    (('languages = ["de", "en"]', 'languages = "de"'), "languages must be a list"),
])
def test_a_bad_settings_file_names_the_file_and_key(starter, capsys, settings_change, message):
    settings = starter / "briefgen.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(*settings_change), encoding="utf-8")
    assert build(starter) == 1
    err = capsys.readouterr().err
    assert f"{settings}" in err and message in err, err
    assert not (starter / "output").exists()


def test_an_unknown_fact_in_a_chart_names_the_template_and_line(starter, capsys):
    template = starter / "templates" / "de" / "overview.md"
    lines = template.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if "chart." in line)
    lines[number - 1] = lines[number - 1].replace("facts.park.startups", "facts.park.startupz")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert build(starter) == 1
    assert f"template: {template}:{number}: unknown fact park.startupz" in capsys.readouterr().err


def test_a_chart_inside_a_sentence_is_refused(starter, capsys):
    template = starter / "templates" / "en" / "overview.md"
    template.write_text("# Park\n\nSee {{ table([facts.park.companies], caption=\"x\") }} here.\n", encoding="utf-8")
    assert build(starter, "--lang", "en") == 1
    assert "must stand on a line of its own" in capsys.readouterr().err


def test_a_chart_of_unlike_quantities_is_refused(starter, capsys):
    template = starter / "templates" / "en" / "overview.md"
    template.write_text("# Park\n\n{{ chart.bars([facts.park.companies, facts.park.rd_floor_share], "
                        "caption=\"x\", axis=\"y\") }}\n", encoding="utf-8")
    assert build(starter, "--lang", "en") == 1
    assert "mixes units (count, percent)" in capsys.readouterr().err


def test_letter_pages_when_the_settings_ask_for_them(starter):
    settings = starter / "briefgen.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('page_size = "A4"', 'page_size = "letter"'),
                        encoding="utf-8")
    assert build(starter, "--lang", "en") == 0
    files = outputs(starter)
    box = PdfReader(files["en.pdf"]).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    section = docx.Document(files["en.docx"]).sections[0]
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.59, 27.94)


def _add_open_days(starter: Path, first: str, last: str, sentence: str) -> None:
    """Two date facts, quoted from a sentence added to the sample article."""
    article = starter / "facts" / "sources" / "sample-article.txt"
    article.write_text(article.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    topic = starter / "facts" / "park.yaml"
    entries = "".join(f'''
  - id: park.open_{name}
    entity: example_park
    unit: date
    label: {{fr: "journée portes ouvertes", en: "open day", de: "Tag der offenen Tür"}}
    observations:
      - period: "2025"
        value: "{day}"
        qualifier: exact
        source: sample_article
        quote: "{sentence}"
''' for name, day in (("first", first), ("last", last)))
    text = topic.read_text(encoding="utf-8").replace("facts:\n", "facts:" + entries, 1)
    topic.write_text(text, encoding="utf-8")
    for lang in ("de", "en"):
        template = starter / "templates" / lang / "overview.md"
        template.write_text(template.read_text(encoding="utf-8")
                            + "\nOpen: {{ facts.park.open_first | days(facts.park.open_last) }} for visitors.\n", encoding="utf-8")


@pytest.mark.parametrize("first, last, english, german", [
    ("2025-11-30", "2025-12-01", "on 30 November and 1 December 2025", "am 30. November und 1. Dezember 2025"),
    ("2025-06-12", "2025-06-20", "from 12 to 20 June 2025", "vom 12. bis 20. Juni 2025"),
    ("2024-12-31", "2025-01-01", "on 31 December 2024 and 1 January 2025", "am 31. Dezember 2024 und 1. Januar 2025"),
])
def test_two_days_read_as_a_writer_joins_them(starter, first, last, english, german):
    _add_open_days(starter, first, last, "The park opened its doors to visitors twice.")
    assert build(starter, "--format", "pdf") == 0
    files = outputs(starter)
    assert f"Open: {english} for visitors" in " ".join(pdf_text(files["en.pdf"]).split())
    assert f"Open: {german} for visitors" in " ".join(pdf_text(files["de.pdf"]).split())


def test_days_refuses_a_figure_that_is_not_a_day(starter, capsys):
    template = starter / "templates" / "en" / "overview.md"
    template.write_text(template.read_text(encoding="utf-8")
                        + "\nOpen: {{ facts.park.companies | days(facts.park.companies) }}.\n", encoding="utf-8")
    assert build(starter, "--lang", "en") != 0
    assert "`days` joins two facts whose values are days" in capsys.readouterr().err
