"""`facts extract` end to end, on two articles invented for these tests (tests/intake/articles.yaml).

The engine was never tuned on them, and no figure in them is real. They mix
what articles write: counts in digits and in words, each language's
thousands separators (comma; plain, no-break and narrow no-break space),
decimals, money with a scale word and the source's own conversion, shares,
growth, fractions, a range, a rank, a target and years that only date
another figure. Each figure asserted here was read in the text by hand:
value, unit, qualifier and the quote a correct extraction gives (the
shortest clause carrying it). The store built
around them also checks the draft: valid YAML in the topic-file format,
refused until its nulls are filled and read without a problem once they
are, a stored figure listed as a comment rather than proposed again, an
existing draft never overwritten.
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
EN, FR = "northbay_2025", "val_aurel_fr"

NAMES = """names:
  - id: northbay
    kind: institution
    name: {en: Northbay Innovation Campus}
    aliases: [Northbay]
    source: northbay_2025
    quote: "The Northbay Innovation Campus, the science park on the northern shore of Haixin"
"""
TOPIC = """topic: parks
facts:
  - id: northbay.employees
    entity: northbay
    unit: count
    label: {en: "people employed"}
    observations:
      - period: "2024"
        value: 6500
        qualifier: exact
        source: northbay_2025
        quote: "The campus employed 6,500 people at the end of 2024"
"""
RATES = """currency: CNY
per: USD
tolerance: 0.02
note: An invented reference rate, to check the English article's own conversion.
rates:
  - date: 2025-03-07
    value: 7.23
    reported_by: briefgen test fixture
"""


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A facts folder of the two articles, outside any project (its labels need one language)."""
    monkeypatch.chdir(tmp_path)
    facts = tmp_path / "facts"
    (facts / "sources").mkdir(parents=True)
    for name in (f"{EN}.txt", f"{FR}.txt"):
        shutil.copy(HERE / name, facts / "sources" / name)
    shutil.copy(HERE / "articles.yaml", facts / "sources.yaml")
    (facts / "names.yaml").write_text(NAMES, encoding="utf-8")
    (facts / "parks.yaml").write_text(TOPIC, encoding="utf-8")
    (facts / "rates.yaml").write_text(RATES, encoding="utf-8")
    return facts


def _proposals(facts: Path, source: str):
    return extract(facts, source, skip_known=False)[1]


def _found(facts: Path, source: str):
    return [(p.value, p.unit, p.qualifier, p.quote) for p in _proposals(facts, source)]



ENGLISH = [
    (320, "count", "more_than", "said on Monday that it now hosts more than 320 companies"),
    (9, "count", "exact", "after a year in which nine research institutes moved onto its grounds."),
    (6500, "count", "exact", "The campus employed 6,500 people at the end of 2024"),
    (4.5, "growth", "exact", "up 4.5 percent on the previous year."),
    (30, "percent", "about", "Around 30 percent of that workforce holds a doctorate"),
    (20, "percent", "exact", "and one fifth of the tenants are foreign-owned."),
    (12, "count", "exact", "Twelve of its companies are now listed on a stock exchange"),
    (1200000000, "CNY", "exact", "Research spending by resident firms reached 1.2 billion yuan ($166 million) in 2024"),
    (12, "growth", "exact", "while their combined revenue rose 12 percent to 38.6 billion yuan."),
    (38600000000, "CNY", "exact", "while their combined revenue rose 12 percent to 38.6 billion yuan."),
    (3400000000, "CNY", "exact", "Venture funds invested 3.4 billion yuan in campus start-ups last year."),
    (1300000, "m2", "about", "The campus now offers about 1.3 million square metres of laboratory and office space"),
    (14, "count", "exact", "spread over 14 buildings."),
    (3, "rank", "exact", "Northbay ranked third for patents filed"),
    (40, "count", "at_least", "Its incubator houses between 40 and 50 start-ups at any one time"),
    (2000, "count", "nearly", "Nearly 2,000 students took internships on the campus last year"),
    (10000, "count", "exact", "The park aims to reach 10,000 jobs by 2028"),
    (3, "count", "at_least", "and it plans at least three more laboratory buildings on land reclaimed from the old "
                             "shipyard."),
]

FRENCH = [
    (410, "count", "more_than", "la technopole de Val-Aurel accueille désormais plus de 410 entreprises"),
    (12, "count", "exact", "dont douze laboratoires publics"),
    (180, "ha", "exact", "Le site s’étend sur 180 hectares le long de l’Aurel"),
    (14000, "count", "exact", "Ces sociétés emploient 14 000 personnes"),  # a narrow no-break space in the file
    (3.4, "percent", "exact", "soit 3,4 % de l’emploi salarié du département"),
    (12, "growth", "exact", "un chiffre en hausse de 12 % en un an."),  # a no-break space before %
    (30, "percent", "about", "Environ 30 % des salariés travaillent dans la recherche et le développement"),
    (25, "percent", "exact", "et un quart des entreprises ont été créées par des chercheurs du site."),
    (45000000, "EUR", "exact", "En 2024, le conseil régional et la métropole ont engagé 45 millions d’euros "
                               "dans un nouveau bâtiment consacré aux matériaux."),
    (2300, "count", "nearly", "Près de 2 300 étudiants suivent déjà une formation sur le campus voisin"),
    (15, "count", "at_least", "et chaque promotion de l’incubateur compte de 15 à 20 jeunes pousses."),
    (26, "count", "exact", "L’an dernier, vingt-six entreprises se sont installées sur le site"),
    (19, "count", "exact", "contre dix-neuf en 2023."),
    (3, "rank", "exact", "Val-Aurel se place au 3e rang pour le nombre de brevets déposés."),
    (18000, "count", "exact", "D’ici 2028, la technopole vise 18 000 emplois et au moins 500 entreprises."),
    (500, "count", "at_least", "D’ici 2028, la technopole vise 18 000 emplois et au moins 500 entreprises."),
]


@pytest.mark.parametrize("figure", ENGLISH, ids=lambda f: f"{f[1]}-{f[0]}")
def test_an_english_figure_checked_by_hand(store, figure):
    assert figure in _found(store, EN)


@pytest.mark.parametrize("figure", FRENCH, ids=lambda f: f"{f[1]}-{f[0]}")
def test_a_french_figure_checked_by_hand(store, figure):
    assert figure in _found(store, FR)


def test_the_french_rank_is_found_whatever_its_quote(store):
    assert (3, "rank", "exact") in [(value, unit, qualifier) for value, unit, qualifier, _ in _found(store, FR)]


def test_no_other_figure_is_proposed(store):
    """Precision: every proposal is one of the figures above (datelines and years that date a figure are not)."""
    for source, expected in ((EN, ENGLISH), (FR, FRENCH)):
        wanted = [getattr(figure, "values", (figure,))[0][:2] for figure in expected]
        for value, unit, *_ in _found(store, source):
            assert (value, unit) in wanted


def test_years_that_date_a_figure_are_its_period_not_figures(store):
    for source in (EN, FR):
        found = _found(store, source)
        assert [value for value, unit, *_ in found if unit in ("year", "date")] == []
        assert not {2023, 2024, 2025, 2028} & {value for value, *_ in found}
    periods = {(p.value, p.unit): p.period for p in _proposals(store, EN)}
    assert periods[(1200000000, "CNY")] == "2024" and periods[(3400000000, "CNY")] == "2024"  # "last year"
    assert {(p.value, p.unit): p.period for p in _proposals(store, FR)}[(19, "count")] == "2023"


def test_conversions_ranges_and_targets(store):
    english = {(p.value, p.unit): p for p in _proposals(store, EN)}
    assert english[(1200000000, "CNY")].converted == (166000000, "USD")
    assert english[(38600000000, "CNY")].converted is None
    assert any("a range, 40 to 50" in check for check in english[(40, "count")].checks)
    assert (english[(10000, "count")].status, english[(10000, "count")].period) == ("target", "2028")
    assert english[(3, "count")].status == "target" and english[(6500, "count")].status == "actual"
    french = {(p.value, p.unit): p for p in _proposals(store, FR)}
    assert any("a range, 15 to 20" in check for check in french[(15, "count")].checks)
    assert {french[(18000, "count")].status, french[(500, "count")].status} == {"target"}
    assert french[(18000, "count")].period == "2028"


def test_every_quote_is_verbatim_in_the_normalised_text(store):
    problems: list[str] = []
    _sources, texts, _ = read_sources(store, problems)
    for source in (EN, FR):
        for *_, quote in _found(store, source):
            assert quote in texts[source] and quote == normalise_space(quote)


def test_a_stored_figure_is_a_comment_not_a_proposal(store):
    assert main(["facts", "extract", EN, "--facts", str(store), "--topic", "parks"]) == 0
    draft = (store / "drafts" / f"{EN}.yaml").read_text(encoding="utf-8")
    assert "# already in the store: northbay.employees (6500, count)" in draft
    data = yaml.safe_load(draft)
    assert 6500 not in [fact["observations"][0]["value"] for fact in data["facts"]]
    assert {fact["entity"] for fact in data["facts"]} == {"northbay"}


def _draft_and_known(store: Path, source: str) -> tuple[Path, Known]:
    assert main(["facts", "extract", source, "--facts", str(store), "--topic", "parks"]) == 0
    checked = read_facts(store)
    sources, texts, _ = read_sources(store, [])
    return store / "drafts" / f"{source}.yaml", Known(sources, texts, checked.rates, entities=frozenset(checked.names))


def test_the_draft_is_refused_until_filled(store, tmp_path):
    draft, known = _draft_and_known(store, FR)
    copy = tmp_path / "parks.yaml"
    shutil.copy(draft, copy)
    problems: list[str] = []
    read_topic(copy, "parks.yaml", known, problems)
    assert any("entity" in problem for problem in problems)  # no entity of names.yaml is named: left null


@pytest.mark.parametrize("source", [EN, FR])  # FR: a proposed label holds a comma
def test_a_filled_draft_reads_without_a_problem(store, tmp_path, source):
    draft, known = _draft_and_known(store, source)
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    for number, fact in enumerate(data["facts"]):
        fact["entity"], fact["id"] = "northbay", fact["id"] or f"northbay.figure_{number}"
        fact["label"] = {lang: text or "a label" for lang, text in fact["label"].items()}
    copy = tmp_path / "parks.yaml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems: list[str] = []
    entries = read_topic(copy, "parks.yaml", known, problems)
    assert problems == [] and len(entries) == len(data["facts"]) > 5


def test_an_existing_draft_is_not_overwritten(store, capsys, tmp_path):
    out = tmp_path / "mine.yaml"
    out.write_text("kept\n", encoding="utf-8")
    assert main(["facts", "extract", EN, "--facts", str(store), "--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "kept\n"
    assert "already there" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left


@pytest.mark.parametrize(("args", "code", "message"), [
    (["no_such_source"], 2, "is not a source of"),
    ([EN, "--topic", "not a topic"], 2, "is not a topic name"),
    ([EN, "--topic", "Marine"], 2, "is not a topic name"),  # what validate --draft would refuse
    ([EN, "--topic", "names"], 2, "is not a topic name"),
])
def test_bad_input_is_one_line_and_a_non_zero_exit(store, capsys, args, code, message):
    assert main(["facts", "extract", *args, "--facts", str(store)]) == code
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (store / "drafts").exists()


def test_a_source_without_its_text_is_one_line(store, capsys):
    (store / "sources" / f"{FR}.txt").unlink()
    assert main(["facts", "extract", FR, "--facts", str(store)]) == 1
    err = capsys.readouterr().err
    assert "no readable text" in err and len(err.strip().splitlines()) == 1


def test_the_draft_can_be_printed(store, capsys):
    assert main(["facts", "extract", EN, "--facts", str(store), "--out", "-"]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["topic"] is None and data["facts"]
    assert not (store / "drafts").exists()


def test_an_article_in_a_language_the_engine_does_not_read_is_one_line(capsys):
    example = Path(__file__).resolve().parent.parent / "examples" / "fraunhofer"
    assert main(["facts", "extract", "fraunhofer_2023", "--project", str(example), "--out", "-"]) == 2
    err = capsys.readouterr().err
    assert "is in 'de': facts extract reads articles in en and fr" in err and len(err.strip().splitlines()) == 1
