"""`facts extract` end to end, on two published articles the engine was never tuned on (tests/intake/articles.yaml).

Each figure asserted here was read in the article by hand: value, unit,
qualifier and the verbatim quote. The store built around them also checks
the draft: valid YAML in the topic-file format, refused until its nulls are
filled and read without a problem once they are, a stored figure listed as
a comment rather than proposed again, an existing draft never overwritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from briefgen.cli import main
from briefgen.facts.loader import read_facts
from briefgen.facts.sources import normalise_space, read_sources
from briefgen.facts.topics import read_topic
from briefgen.facts.validate import Known
from briefgen.intake.extract import extract

HERE = Path(__file__).resolve().parent / "intake"

NAMES = """names:
  - id: basque_park
    kind: institution
    name: {en: Basque Country Technology Park}
    aliases: [Technology Park]
    source: basque_park_2024
    quote: "The Basque Country Technology Park in Gipuzkoa, Spain"
"""
TOPIC = """topic: parks
facts:
  - id: basque_park.employees
    entity: basque_park
    unit: count
    label: {en: "people employed"}
    observations:
      - period: "2024"
        value: 6500
        qualifier: exact
        source: basque_park_2024
        quote: "employing 6,500 people across its Donostia and Hernani campuses"
"""


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A facts folder of the two articles, outside any project (its labels need one language)."""
    monkeypatch.chdir(tmp_path)
    facts = tmp_path / "facts"
    (facts / "sources").mkdir(parents=True)
    for name in ("basque_park_2024.txt", "technopoles_fr.txt"):
        shutil.copy(HERE / name, facts / "sources" / name)
    shutil.copy(HERE / "articles.yaml", facts / "sources.yaml")
    (facts / "names.yaml").write_text(NAMES, encoding="utf-8")
    (facts / "parks.yaml").write_text(TOPIC, encoding="utf-8")
    return facts


def _found(facts: Path, source: str, skip_known: bool = False):
    return [(p.value, p.unit, p.qualifier, p.quote) for p in extract(facts, source, skip_known=skip_known)[1]]


def test_the_english_figures_checked_by_hand(store):
    found = _found(store, "basque_park_2024")
    for figure in [
        (200, "count", "more_than", "The park supports over 200 scientific and technological companies"),
        (6500, "count", "exact", "employing 6,500 people across its Donostia and Hernani campuses."),
        (100, "percent", "nearly", "With an occupancy rate nearing 100%"),
        (1470000000, "EUR", "exact", "The park's companies generate a combined turnover of €1.47 billion and invest "
                                     "€184 million in R&D."),
        (184000000, "EUR", "exact", "The park's companies generate a combined turnover of €1.47 billion and invest "
                                    "€184 million in R&D."),
        (50, "percent", "more_than", "More than half of the 6,803 employees hold university degrees."),
        (6803, "count", "exact", "More than half of the 6,803 employees hold university degrees."),
    ]:
        assert figure in found
    values = [value for value, *_ in found]
    assert "2024-06-27" not in values  # the dateline is the publication, not a figure
    assert 30 not in [v for v, unit, *_ in found if unit == "rank"]  # "its 30th anniversary" ranks nothing


def test_the_french_figures_checked_by_hand(store):
    found = _found(store, "technopoles_fr")
    for figure in [
        (14000, "count", "exact", "regroupent 14 000 entreprises"),
        (5000, "count", "exact", "dont 5 000 start-up"),
        (180000, "count", "exact", "et 180 000 salariés."),
        (6, "count", "exact", "le label est valable 6 ans mais « le mot technopole [n’étant] pas protégé, plusieurs "
                              "zones se sont créées sans avoir de vraie animation ou ont perdu leur label mais en "
                              "gardent encore le nom »"),
    ]:
        assert figure in found
    dates = [value for value, unit, *_ in found if unit == "date"]
    assert dates == ["2019-09-24", "2019-09-27"]  # "du 24 au 27 septembre", the year the article's


def test_every_quote_is_verbatim_in_the_normalised_text(store):
    problems: list[str] = []
    _sources, texts, _ = read_sources(store, problems)
    for source in ("basque_park_2024", "technopoles_fr"):
        for *_, quote in _found(store, source):
            assert quote in texts[source] and quote == normalise_space(quote)


def test_a_stored_figure_is_a_comment_not_a_proposal(store):
    assert main(["facts", "extract", "basque_park_2024", "--facts", str(store), "--topic", "parks"]) == 0
    draft = (store / "drafts" / "basque_park_2024.yaml").read_text(encoding="utf-8")
    assert "# already in the store: basque_park.employees (6500, count)" in draft
    data = yaml.safe_load(draft)
    assert 6500 not in [fact["observations"][0]["value"] for fact in data["facts"]]
    assert {fact["entity"] for fact in data["facts"]} == {"basque_park"}


def test_the_draft_is_refused_until_filled_then_reads_without_a_problem(store, tmp_path):
    assert main(["facts", "extract", "technopoles_fr", "--facts", str(store), "--topic", "parks"]) == 0
    draft = store / "drafts" / "technopoles_fr.yaml"
    checked = read_facts(store)
    problems: list[str] = []
    sources, texts, _ = read_sources(store, problems)
    known = Known(sources, texts, None, entities=frozenset(checked.names))
    copy = tmp_path / "parks.yaml"
    shutil.copy(draft, copy)
    read_topic(copy, "parks.yaml", known, problems)
    assert any("entity" in problem for problem in problems)  # no entity of names.yaml is named: left null
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    for number, fact in enumerate(data["facts"]):
        fact["entity"], fact["id"] = "basque_park", fact["id"] or f"basque_park.figure_{number}"
        fact["label"] = {lang: text or "a label" for lang, text in fact["label"].items()}
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = []
    entries = read_topic(copy, "parks.yaml", known, problems)
    assert problems == [] and len(entries) == len(data["facts"]) > 5


def test_an_existing_draft_is_not_overwritten(store, capsys, tmp_path):
    out = tmp_path / "mine.yaml"
    out.write_text("kept\n", encoding="utf-8")
    assert main(["facts", "extract", "basque_park_2024", "--facts", str(store), "--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "kept\n"
    assert "already there" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left


@pytest.mark.parametrize(("args", "code", "message"), [
    (["no_such_source"], 2, "is not a source of"),
    (["basque_park_2024", "--topic", "not a topic"], 2, "is not a topic name"),
])
def test_bad_input_is_one_line_and_a_non_zero_exit(store, capsys, args, code, message):
    assert main(["facts", "extract", *args, "--facts", str(store)]) == code
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (store / "drafts").exists()


def test_a_source_without_its_text_is_one_line(store, capsys):
    (store / "sources" / "technopoles_fr.txt").unlink()
    assert main(["facts", "extract", "technopoles_fr", "--facts", str(store)]) == 1
    err = capsys.readouterr().err
    assert "no readable text" in err and len(err.strip().splitlines()) == 1


def test_the_draft_can_be_printed(store, capsys):
    assert main(["facts", "extract", "basque_park_2024", "--facts", str(store), "--out", "-"]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["topic"] is None and data["facts"]
    assert not (store / "drafts").exists()
