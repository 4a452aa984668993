"""The figures a sentence states: value in the base unit, unit, qualifier, conversion; and what is no figure."""

from __future__ import annotations

import pytest

from briefgen.intake.figures import find_figures


def _figures(sentence: str, lang: str = "en", before: str = ""):
    return [(f.value, f.unit, f.qualifier) for f in find_figures(sentence, lang, 2024, before)[0]]


@pytest.mark.parametrize(("sentence", "lang", "figure"), [
    ("the scale surpassed 18 billion yuan", "en", (18000000000, "CNY", "more_than")),
    ("output reached 1.03 million metric tons", "en", (1030000, "tonne", "exact")),
    ("including nine unicorn companies", "en", (9, "count", "exact")),
    ("dont neuf licornes", "fr", (9, "count", "exact")),
    ("dépassant 180 milliards de yuans", "fr", (180000000000, "CNY", "more_than")),
    ("with over 2,000 mu of land", "en", (2000, "mu", "more_than")),
    ("a site of 222 hectares", "en", (222, "ha", "exact")),
    ("a planned area of 450,000 square meters", "en", (450000, "m2", "exact")),
    ("the 100,000-ton vessel", "en", (100000, "tonne", "exact")),
    ("invest €184 million in research", "en", (184000000, "EUR", "exact")),
    ("a budget of $3.4 billion", "en", (3400000000, "USD", "exact")),
    ("un budget de 35 millions d’euros", "fr", (35000000, "EUR", "exact")),
    ("un chiffre de 1,75 milliard d'euros", "fr", (1750000000, "EUR", "exact")),
    ("nearly 8,000 national high-tech enterprises", "en", (8000, "count", "nearly")),
    ("almost 200 high-tech companies", "en", (200, "count", "nearly")),
    ("près de 300 entreprises", "fr", (300, "count", "nearly")),
    ("presque 40 projets", "fr", (40, "count", "nearly")),
    ("approximately 40 projects", "en", (40, "count", "about")),
    ("Around 40 of the projects", "en", (40, "count", "about")),
    ("environ 230 entreprises", "fr", (230, "count", "about")),
    ("quelque 230 entreprises", "fr", (230, "count", "about")),
    ("at least 12 projects", "en", (12, "count", "at_least")),
    ("au moins 12 projets", "fr", (12, "count", "at_least")),
    ("Plus de 2 100 gouvernements", "fr", (2100, "count", "more_than")),
    ("exceeding 180 billion yuan", "en", (180000000000, "CNY", "more_than")),
    ("Over the past 30 years", "en", (30, "count", "exact")),
])
def test_a_figure_is_read_in_its_base_unit_with_its_qualifier(sentence, lang, figure):
    assert _figures(sentence, lang) == [figure]


def test_the_sources_own_conversion_is_one_figure():
    found = find_figures("revenue of 24.46 billion yuan ($3.4 billion) last year", "en", 2024)[0]
    assert [(f.value, f.unit, f.converted) for f in found] == [(24460000000, "CNY", (3400000000, "USD"))]
    found = find_figures("plus de 2 000 mu (133,33 hectares)", "fr", 2024)[0]
    assert [(f.value, f.unit, f.qualifier, f.converted) for f in found] == [(2000, "mu", "more_than", (133.33, "ha"))]


@pytest.mark.parametrize(("sentence", "lang", "figure"), [
    ("sales were up 3.9 percent", "en", (3.9, "growth", "exact")),
    ("output grew by 12 percent", "en", (12, "growth", "exact")),
    ("a year-on-year increase of 50 percent", "en", (50, "growth", "exact")),
    ("exports fell 4 percent", "en", (-4, "growth", "exact")),
    ("une hausse de 7 %", "fr", (7, "growth", "exact")),
    ("soit une augmentation de 50 % en glissement annuel", "fr", (50, "growth", "exact")),
    ("30 percent of the companies", "en", (30, "percent", "exact")),
    ("30 % des entreprises", "fr", (30, "percent", "exact")),
    ("more than 60 percent of the investment", "en", (60, "percent", "more_than")),
])
def test_growth_is_told_apart_from_a_share(sentence, lang, figure):
    assert _figures(sentence, lang) == [figure]


def test_ranks_are_read_where_a_ranking_is_spoken_of():
    assert _figures("the city ranked 20th in the index") == [(20, "rank", "exact")]
    assert _figures("elle est classée 20e du classement", "fr") == [(20, "rank", "exact")]
    assert _figures("has risen from 80 in 2019 to 20 this year.", before="The city's ranking in the index") == [
        (80, "rank", "exact"), (20, "rank", "exact")]
    assert _figures("during the 14th Five-Year Plan") == []


@pytest.mark.parametrize(("sentence", "lang"), [
    ("178 high-tech enterprises per 10,000 companies", "en"),
    ("178 entreprises pour chaque tranche de 10 000 entreprises", "fr"),
    ("one of the nation's top 100 industrial zones", "en"),
    ("parmi les 100 meilleures zones industrielles", "fr"),
    ("160 entreprises du classement Fortune Global 500", "fr"),
    ("Haichuang Plan 2.0 covers six major projects", "en"),
    ("les deux partenaires ont signé", "fr"),
])
def test_bases_names_and_ranking_classes_are_no_figures(sentence, lang):
    values = [value for value, _unit, _qualifier in _figures(sentence, lang)]
    assert 10000 not in values and 100 not in values and 500 not in values and 2.0 not in values
    assert 2 not in values


def test_a_year_is_temporal_unless_a_unit_follows():
    figures, temporal = find_figures("In 2023, the park had 2000 mu and 1994 employees", "en", 2024)
    assert [(f.value, f.unit) for f in figures] == [(2000, "mu")]  # a bare four-digit number reads as a year
    assert [t.period for t in temporal] == ["2023", "1994"]


def test_ranges_propose_the_lower_bound_at_least_and_say_so():
    for sentence, lang in (("between 20 and 30 companies", "en"), ("de 20 à 30 entreprises", "fr"),
                           ("20–30 companies", "en")):
        [figure] = find_figures(sentence, lang, 2024)[0]
        assert (figure.value, figure.unit, figure.qualifier) == (20, "count", "at_least")
        assert any(doubt.startswith("value: a range") for doubt in figure.doubts)


def test_fractions_are_shares():
    assert _figures("dont un cinquième d’investissements européens", "fr") == [(20, "percent", "exact")]
    assert _figures("More than half of the employees hold degrees") == [(50, "percent", "more_than")]


def test_the_figure_span_holds_its_qualifier_and_unit():
    sentence = "In 2023, the scale surpassed 18 billion yuan, up 3 percent"
    [scale, growth] = find_figures(sentence, "en", 2024)[0]
    assert sentence[scale.start:scale.end] == "surpassed 18 billion yuan"
    assert sentence[growth.start:growth.end] == "3 percent"

