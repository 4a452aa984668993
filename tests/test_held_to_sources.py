"""Every sentence held to its sources: note marks, scopes, periods, tenses, statements and figures typed by hand.

Each test makes the defect it guards against on purpose, in a small store or
template of its own or in the repository's briefing, and checks that briefgen
refuses it or writes it right.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from briefgen.build import edition_for
from briefgen.cli import main
from briefgen.config import load_config
from briefgen.document import BulletList, Citation, Emph, Link, Paragraph, Strong, Table, Text, KeyFigures
from briefgen.errors import FactsError, TemplateError
from briefgen.facts import load_store
from briefgen.narrative.assemble import _source_entry, assemble, language_tools
from briefgen.narrative.citations import place_citations
from briefgen.narrative.figures import ChartDrawing

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "roots" / "facts-mini"
NO_CHARTS = ChartDrawing(formats=("png",))


def _assembled(lang: str, period: datetime.date = datetime.date(2026, 11, 1), templates: Path = ROOT / "templates"):
    config = load_config(ROOT / "briefgen.toml")
    edition = edition_for(period, None)
    store = load_store(ROOT / "facts", edition.as_of, config.languages)
    return assemble(store, config, templates, lang, edition, NO_CHARTS)


def _inline_runs(blocks):
    """Each paragraph's or list item's inlines."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.inlines
        elif isinstance(block, BulletList):
            yield from block.items


def _text(inlines) -> str:
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emph, Link)):
            out.append(_text(node.children))
    return "".join(out)


# --- note marks ---------------------------------------------------------------------------------------------


def test_marks_move_to_the_end_of_their_clause_each_source_once():
    inlines = (Text("In 2016, the district held 5,509 patents"), Citation("a"), Text(" and filed 321 applications"),
               Citation("a"), Citation("b"), Text("; it also had"), Text(" nine unicorns"), Citation("b"), Text("."))
    placed = place_citations(inlines, "t.md")
    assert placed == (Text("In 2016, the district held 5,509 patents and filed 321 applications"), Citation("a"),
                      Citation("b"), Text("; it also had nine unicorns"), Citation("b"), Text("."))


@pytest.mark.parametrize("ending", ["in 2016", "ranked 20th", "rose to 5,509", "en 2024", "au 20e"])
def test_a_mark_is_never_glued_to_a_number_year_or_ordinal(ending):
    with pytest.raises(TemplateError, match="would follow .* a number, year or ordinal"):
        place_citations((Text(f"The figure came {ending}"), Citation("a"), Text(".")), "t.md")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_mark_in_either_edition_follows_a_figure_or_a_verb(lang):
    document = _assembled(lang).document
    checked = 0
    for inlines in _inline_runs(document.blocks):
        for index, node in enumerate(inlines):
            if isinstance(node, Citation) and index and isinstance(inlines[index - 1], Text):
                before = inlines[index - 1].text.split()[-1]
                assert not re.match(r"\d", before), f"mark after “{before}” in “{_text(inlines)}”"
                checked += 1
    assert checked > 30
    # A clause carries each source once: no two marks of one source side by side.
    for inlines in _inline_runs(document.blocks):
        marks = [n.source_id for n in inlines if isinstance(n, Citation)]
        runs = [marks[i] for i in range(len(marks)) if i == 0 or not isinstance(inlines[i - 1], Citation)]
        assert len(runs) <= len(marks)


# --- scopes, places and periods ------------------------------------------------------------------------------


def _mini(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(MINI, facts)
    return facts


def _with_second_share(facts: Path, scope_lines: str, fact_extra: str = "") -> None:
    source = facts / "sources" / "update_en.txt"
    source.write_text(source.read_text(encoding="utf-8") + "Exactly 44 percent of large firms now export.\n",
                      encoding="utf-8")
    economy = facts / "economy.yaml"
    text = economy.read_text(encoding="utf-8")
    text = text.replace('  - id: laoshan.export_share\n    entity: laoshan\n    unit: percent\n',
                        '  - id: laoshan.export_share\n    entity: laoshan\n    unit: percent\n' + fact_extra)
    text = text.replace('        quote: "Nearly 40 percent of the firms export."',
                        '        quote: "Nearly 40 percent of the firms export."\n'
                        '      - period: "2023"\n        value: 44\n        qualifier: exact\n        source: update_en\n'
                        '        quote: "Exactly 44 percent of large firms now export."\n' + scope_lines)
    economy.write_text(text, encoding="utf-8")


def test_a_series_that_changes_base_is_refused(tmp_path):
    facts = _mini(tmp_path)
    _with_second_share(facts, '        scope: {fr: "des grandes entreprises", en: "of large firms"}\n')
    with pytest.raises(FactsError) as error:
        load_store(facts)
    assert "laoshan.export_share: observations have different scopes" in error.value.message


def test_a_series_declared_comparable_loads_but_is_never_charted_as_one(tmp_path):
    facts = _mini(tmp_path)
    _with_second_share(facts, '        scope: {fr: "des grandes entreprises", en: "of large firms"}\n',
                       "    comparable: true\n    note: both bases count the same firms here\n")
    store = load_store(facts)
    assert [dict(o.scope) for o in store.series("laoshan.export_share")] == [{}, {"fr": "des grandes entreprises",
                                                                                 "en": "of large firms"}]
    project = tmp_path / "project"
    assert main(["new", str(project), "--lang", "en"]) == 0
    shutil.rmtree(project / "facts")
    shutil.copytree(facts, project / "facts")
    settings = project / "briefgen.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'key_figures = ["park.companies", "park.employees", "park.investment"]', "key_figures = []"), encoding="utf-8")
    (project / "templates" / "en" / "overview.md").write_text(
        '# Exports\n\n{{ chart.change(facts.laoshan.export_share, caption="Firms that export", axis="share") }}\n',
        encoding="utf-8")
    assert main(["build", "--project", str(project), "--period", "2026-11"]) == 1


def test_key_figures_tables_and_labels_say_where_and_on_what_base():
    document = _assembled("en").document
    panel = next(b for b in document.blocks if isinstance(b, KeyFigures))
    labels = [_text(item.label) for item in panel.items]
    assert any(label.startswith("Share of high-tech industries in the output value of large-scale industries "
                                "(Laoshan district, 2023)") for label in labels), labels
    assert all(re.search(r"\((?:Laoshan district|Qingdao|Qingdao High-tech Zone), [^()]+\)$", label) for label in labels), labels
    table = next(b for b in document.blocks if isinstance(b, Table))
    assert table.caption.endswith("(Laoshan district)")


def test_a_cumulative_period_reads_as_a_span():
    fr = "\n".join(_text(i) for i in _inline_runs(_assembled("fr").document.blocks))
    en = "\n".join(_text(i) for i in _inline_runs(_assembled("en").document.blocks))
    assert "de 2021 à 2024, Qingdao a réduit son intensité énergétique de 10,3\u00a0%" in fr
    assert "2021 to 2024, Qingdao recorded a cumulative 10.3% reduction" in en
    assert "période 2025–2027" in fr and "period 2025–2027" in en


@pytest.mark.parametrize(("lang", "period", "prose", "table"), [
    ("fr", "2024-01/2024-07", "de janvier à juillet 2024", "janvier – juillet 2024"),
    ("en", "2024-01/2024-07", "from January to July 2024", "January – July 2024"),
    ("fr", "2023-11/2024-02", "de novembre 2023 à février 2024", "novembre 2023 – février 2024"),
    ("en", "2021/2024", "from 2021 to 2024", "2021–2024"),
])
def test_a_span_of_months_writes_once_what_its_ends_share(lang, period, prose, table):
    """A cumulative figure of "the first seven months" reads as a writer puts it, in prose and in a table."""
    from briefgen.narrative.assemble import language_tools
    from briefgen.narrative.environment import period_text

    fmt, ui = language_tools(lang, None)
    assert (period_text(period, fmt, ui), period_text(period, fmt, ui, prose=False)) == (prose, table)


def test_a_target_whose_date_has_come_is_not_written_in_the_future():
    november = "\n".join(_text(i) for i in _inline_runs(_assembled("fr", datetime.date(2026, 11, 1)).document.blocks))
    december = "\n".join(_text(i) for i in _inline_runs(_assembled("fr", datetime.date(2026, 12, 1)).document.blocks))
    assert "d’ici 2026, échéance du plan" in november
    assert "d’ici 2026" not in december and "fixait pour 2026 un objectif de plus de 350" in december


def test_stale_figures_carry_the_mark_everywhere_and_the_edition_says_once_what_it_means():
    assembled = _assembled("en")
    document = assembled.document
    panel = next(b for b in document.blocks if isinstance(b, KeyFigures))
    assert any(item.value.endswith("†") for item in panel.items)
    table = next(b for b in document.blocks if isinstance(b, Table))
    assert all(row[1].endswith("†") for row in table.rows)  # a 2024 article, more than 24 months before
    notes = [_text(i) for i in _inline_runs(document.blocks) if "historical context" in _text(i)]
    assert len(notes) == 1
    historical = len({(o.fact_id, o.period) for o in assembled.historical})
    assert f"The figures marked † ({historical} of the {len(assembled.shown)} shown) were published" in notes[0]
    # The supplement is dated "2024-11/2024-12": a span, said as one
    assert "The newest figure of this edition was published between November and December 2024." in notes[0]


# --- sources ---------------------------------------------------------------------------------------------


def test_the_french_edition_cites_the_french_version_of_an_article():
    fr = _assembled("fr").document
    en = _assembled("en").document
    assert "laoshan_2024_fr" in [s.id for s in fr.sources] and "laoshan_2024_fr" not in [s.id for s in en.sources]


def test_an_article_of_a_supplement_is_cited_by_its_own_title():
    titles = {s.id: s.title for s in _assembled("en").document.sources}
    assert titles["qingdao_supplement_2024.marine"] == "Tech focus to boost marine sector"
    assert "qingdao_supplement_2024" not in titles


@pytest.mark.parametrize("lang, via", [("fr", "via"), ("en", "via"), ("de", "über")])
def test_the_site_a_text_was_read_on_is_named_in_the_editions_language(lang, via):
    """A publisher is the publisher's name alone; the site it was read on is joined in the edition's words."""
    store = load_store(ROOT / "facts", datetime.date(2026, 11, 30), ("fr", "en"))
    assert store.sources["laoshan_2017"].via == "IP News" and store.sources["laoshan_2017"].publisher == "China Daily"
    fmt, ui = language_tools(lang, None)
    assert _source_entry(store, "laoshan_2017", fmt, ui).publisher == f"China Daily, {via} IP News"
    assert _source_entry(store, "sophia_qingdao_2022", fmt, ui).publisher == "Fondation Sophia Antipolis"
    publishers = " ".join(s.publisher for s in _assembled("fr").document.sources)
    assert "via PR Newswire" in publishers and not re.search(r"reproduced|distributed|édition française", publishers)


# --- what templates may write -----------------------------------------------------------------------------


@pytest.fixture
def starter(tmp_path) -> Path:
    folder = tmp_path / "p"
    assert main(["new", str(folder), "--lang", "en"]) == 0
    return folder


def test_a_figure_typed_into_a_template_is_refused_with_its_line(starter, capsys):
    template = starter / "templates" / "en" / "overview.md"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "The park was founded in 1998 and is the first of its kind.")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["build", "--project", str(starter), "--period", "2026-11"]) == 1
    err = capsys.readouterr().err
    assert f"{template}:3: the text “The park was founded in 1998" in err and "is not a fact" in err


def test_a_caption_with_a_figure_is_refused(starter, capsys):
    template = starter / "templates" / "en" / "overview.md"
    template.write_text('# Park\n\n{{ table([facts.park.companies], caption="The 12 largest firms") }}\n',
                        encoding="utf-8")
    assert main(["build", "--project", str(starter), "--period", "2026-11"]) == 1
    assert "the caption “The 12 largest firms” holds a figure" in capsys.readouterr().err


def test_a_statement_prints_its_text_and_citation_and_is_false_before_its_source():
    fr = "\n".join(_text(i) for i in _inline_runs(_assembled("fr").document.blocks))
    assert "baie de la réadaptation" in fr
    past = "\n".join(_text(i) for i in _inline_runs(_assembled("fr", datetime.date(2021, 1, 1)).document.blocks))
    assert "baie de la réadaptation" not in past


def test_a_statement_and_a_figure_are_dated_by_their_own_source(starter, capsys):
    """`published` dates a statement by its source as it dates a figure, and refuses anything else."""
    fr = "\n".join(_text(i) for i in _inline_runs(_assembled("fr").document.blocks))
    assert "En août 2022, la Fondation présentait ainsi la suite de la coopération" in fr
    assert "En août 2022, la zone de haute technologie de Qingdao, partenaire de la Fondation" in fr
    template = starter / "templates" / "en" / "overview.md"
    template.write_text(template.read_text(encoding="utf-8") + "\nPublished {{ 2024 | published }}.\n",
                        encoding="utf-8")
    assert main(["build", "--project", str(starter), "--period", "2026-11"]) == 1
    assert "`published` takes a fact or a statement" in capsys.readouterr().err


def test_the_text_links_to_the_glossary_and_a_link_to_a_section_left_out_is_plain_text():
    from briefgen.document import Link

    def links(document):
        return [node for inlines in _inline_runs(document.blocks) for node in inlines if isinstance(node, Link)]

    full = _assembled("en").document
    assert [link.url for link in links(full)].count("#glossary") >= 2
    config = load_config(ROOT / "briefgen.toml")
    edition = edition_for(datetime.date(2026, 11, 1), None)
    store = load_store(ROOT / "facts", edition.as_of, config.languages)
    partial = assemble(store, __import__("dataclasses").replace(config, sections=("summary", "innovation")),
                       ROOT / "templates", "en", edition, NO_CHARTS).document
    assert links(partial) == [] and "explained in the glossary" in dump_text(partial)


def dump_text(document) -> str:
    return "\n".join(_text(inlines) for inlines in _inline_runs(document.blocks))
