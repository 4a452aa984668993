"""The shipped facts store: it validates, holds every figure the templates need, and reads as of a date."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from briefgen.errors import FactsError
from briefgen.facts import FactStore, load_store
from briefgen.facts.commands import list_command, validate_command
from briefgen.vocabulary import QUALIFIERS, UNITS
from briefgen.facts.sources import normalise_space

FACTS = Path(__file__).resolve().parent.parent / "facts"

# id -> unit, for every id the templates and sections rely on
REQUIRED = {
    "laoshan.unicorns": "count", "laoshan.little_giants": "count", "laoshan.gazelles": "count",
    "laoshan.hightech_enterprises": "count", "laoshan.hightech_per_10k_companies": "count",
    "laoshan.research_institutions": "count", "laoshan.academicians_talents": "count",
    "laoshan.hightech_output_share": "percent", "laoshan.leading_industry_scale": "CNY",
    "laoshan.top100_consecutive_years": "count", "laoshan.key_industries": "count",
    "laoshan.hightech_output_value": "CNY", "laoshan.hightech_output_growth": "growth",
    "laoshan.invention_patents_granted": "count", "laoshan.valid_invention_patents": "count",
    "laoshan.pct_applications": "count", "laoshan.patents_per_10k_residents": "count",
    "laoshan.key_labs": "count", "laoshan.makerspace_projects": "count",
    "qingdao.gii_rank": "rank", "qingdao.sci_tech_achievements": "count", "qingdao.national_incubators": "count",
    "qingdao.innovation_spaces": "count", "qingdao.funds_count": "count", "qingdao.funds_value": "CNY",
    "qingdao.funds_projects": "count", "qingdao.sci_tech_smes": "count", "qingdao.hightech_enterprises": "count",
    "qingdao.hidden_champions": "count", "qingdao.single_champions": "count", "qingdao.unicorns": "count",
    "qingdao.industry_rd_share": "percent",
    "laoshan.vr.capital_plan_year": "year", "laoshan.vr.park_year": "year", "laoshan.vr.park_area_mu": "mu",
    "laoshan.vr.domestic_market_share": "percent", "laoshan.vr.industry_scale": "CNY",
    "laoshan.vr.industry_growth": "growth", "laoshan.vr.production_lines": "count",
    "laoshan.vr.expected_output": "CNY", "laoshan.vr.innovation_platforms": "count",
    "laoshan.vr.projects_introduced": "count", "china.vr.industry_target_2026": "CNY",
    "qingdao.marine.haichuang_platforms": "count", "qingdao.marine.haichuang_technologies": "count",
    "qingdao.marine.haichuang_talents": "count", "qingdao.marine.haichuang_enterprises": "count",
    "qingdao.marine.haichuang_projects": "count", "qingdao.marine.haichuang_tasks": "count",
    "qingdao.marine.haichuang_plan_year": "year", "qingdao.marine.aquaculture_vessel_tonnage": "tonne",
    "qingdao.green.energy_intensity_reduction": "percent", "qingdao.green.efficiency_leaders": "count",
    "qingdao.green.green_manufacturing_companies": "count", "qingdao.green.provincial_green_factories": "count",
    "qingdao.green.green_supply_chains": "count", "qingdao.green.sco_park_area": "m2",
    "hightech_zone.founded": "date", "hightech_zone.foreign_enterprises": "count",
    "hightech_zone.european_share": "percent", "qingdao.representative_offices": "count",
    "qingdao.fortune500_companies": "count", "qingdao.fortune500_projects": "count",
    "sophia.qingdao_center_year": "year", "qingdao.large_medium_cities_rank_group": "count",
}  # fmt: skip


@pytest.fixture(scope="module")
def store() -> FactStore:
    return load_store(FACTS)


def test_shipped_store_validates():
    text, code = validate_command(FACTS)
    assert code == 0, text
    assert text.startswith(f"{FACTS}: valid: ")


def test_every_required_fact_exists_with_its_unit_and_an_observation(store):
    for fact_id, unit in REQUIRED.items():
        assert store.fact(fact_id).unit == unit, fact_id
        assert store.has(fact_id), fact_id


def test_store_holds_about_seventy_figures_each_labelled_in_both_languages(store):
    assert len(store.fact_ids()) >= 70
    for fact in store.facts():
        assert fact.unit in UNITS
        assert fact.label["fr"].strip() and fact.label["en"].strip()
        assert all(o.qualifier in QUALIFIERS for o in fact.observations)


def test_every_quote_is_verbatim_in_its_source_text(store):
    texts = {s.id: normalise_space((FACTS / "sources" / s.file).read_text(encoding="utf-8")) for s in store.sources.values()}
    quotes = [(o.source_id, o.quote) for f in store.facts() for o in f.observations]
    quotes += [(q.source_id, q.text) for f in store.facts() for o in f.observations for q in o.also]
    quotes += [(n.source_id, n.quote) for n in store.names.values()]
    for source_id, quote in quotes:
        assert normalise_space(quote) in texts[source_id], quote


def test_qualifiers_follow_the_source_wording(store):
    def latest(fact_id):
        return store.latest(fact_id)

    assert latest("laoshan.vr.industry_scale").qualifier == "more_than"  # "surpassed"
    assert latest("laoshan.leading_industry_scale").qualifier == "more_than"  # "exceeding"
    assert latest("laoshan.vr.domestic_market_share").qualifier == "more_than"  # "over"
    assert latest("qingdao.hightech_enterprises").qualifier == "nearly"  # "nearly 8,000"
    assert latest("laoshan.key_labs").qualifier == "nearly"  # "nearly 100"
    assert latest("hightech_zone.foreign_enterprises").qualifier == "about"  # "environ 230"
    assert latest("qingdao.representative_offices").qualifier == "more_than"  # "Plus de 2 100"
    assert latest("laoshan.makerspace_projects_added").qualifier == "about"  # "Around 40"
    assert latest("laoshan.unicorns").qualifier == "exact"


def test_series_are_sorted_by_period_and_latest_is_the_newest(store):
    rank = store.series("qingdao.gii_rank")
    assert [(o.period, o.value, o.source_id) for o in rank] == [
        ("2019", 80, "qingdao_supplement_2024.lead"),
        ("2024", 20, "qingdao_supplement_2024.lead"),
    ]
    assert [(o.period, o.value) for o in store.series("qingdao.gii_rank")] == [("2019", 80), ("2024", 20)]
    assert store.latest("qingdao.gii_rank").value == 20


def test_counts_of_different_scope_are_kept_apart(store):
    """2017's "almost 200 high-tech companies" is not linked to 2024's 920 high-tech enterprises."""
    assert [(o.period, o.value) for o in store.series("laoshan.hightech_enterprises")] == [("2024", 920)]
    old = store.latest("laoshan.hightech_companies")
    assert (old.period, old.value, old.qualifier) == ("2017", 200, "nearly")


def test_conversions_and_targets(store):
    scale = store.latest("laoshan.leading_industry_scale")
    assert (scale.value, scale.converted.value, scale.converted.unit) == (180_000_000_000, 25_330_000_000, "USD")
    area = store.latest("laoshan.vr.park_area_mu")
    assert (area.value, area.converted.value, area.converted.unit) == (2000, 133.33, "ha")
    for fact_id in ("china.vr.industry_target_2026", "qingdao.marine.haichuang_talents", "laoshan.vr.expected_output"):
        assert store.latest(fact_id).status == "target", fact_id
    assert store.latest("laoshan.unicorns").status == "actual"


def test_date_and_year_values(store):
    assert store.latest("hightech_zone.founded").value == "1992-11"
    assert store.latest("laoshan.vr.capital_plan_year").value == 2016
    assert store.latest("sophia.qingdao_center_year").value == 2020
    assert store.latest("qingdao.marine.haichuang_plan_year").value == 2021


def test_european_share_is_the_stated_fifth(store):
    share = store.latest("hightech_zone.european_share")
    assert (share.value, share.unit, share.qualifier) == (20, "percent", "exact")
    assert "un cinquième" in share.quote


def test_french_and_english_editions_are_one_fact_with_two_quotes(store):
    unicorns = store.latest("laoshan.unicorns")
    assert unicorns.source_id == "laoshan_2024_en" and unicorns.quote == "including nine unicorn companies"
    assert [(q.source_id, q.text) for q in unicorns.also] == [("laoshan_2024_fr", "dont 9 licornes")]


def test_sources_carry_their_stated_precision(store):
    supplement = store.sources["qingdao_supplement_2024"]
    assert supplement.published_as_stated == "2024-11/2024-12"
    assert (supplement.published_from, supplement.published) == (datetime.date(2024, 11, 1), datetime.date(2024, 12, 31))
    english = store.sources["laoshan_2024_en"]
    assert english.published == datetime.date(2024, 11, 18) and english.language == "en"
    assert store.sources["laoshan_2017"].published == datetime.date(2017, 12, 31)
    for source in store.sources.values():
        assert (FACTS / "sources" / source.file).is_file()


def test_names_know_each_company_under_every_spelling(store):
    assert "Dapeng VR" in store.names["dpvr"].aliases
    assert "GoerTek" in store.names["goertek"].aliases
    assert store.names["douyin_pico"].in_language("en") == "Douyin Pico" and store.names["pico"].in_language("en") == "Pico"
    assert store.names["haichuang_plan_2"].in_language("fr") == "plan Haichuang 2.0"
    for name_id in ("eupic", "sco_eco_base", "haier", "hisense"):
        assert name_id in store.names


def test_as_of_2023_hides_every_2024_figure():
    full = load_store(FACTS)
    past = load_store(FACTS, as_of=datetime.date(2023, 1, 1))
    assert past.as_of == datetime.date(2023, 1, 1)
    later = full.frame[full.frame["published"] > datetime.date(2023, 1, 1)]
    assert len(later) > 50
    assert not set(later["quote"]) & set(past.frame["quote"])
    assert all(d <= datetime.date(2023, 1, 1) for d in past.frame["published"])
    assert not past.has("laoshan.unicorns") and past.latest("laoshan.unicorns") is None
    assert past.fact("laoshan.unicorns").id == "laoshan.unicorns"  # still a known fact
    assert [o.period for o in past.series("laoshan.hightech_total_output_share")] == ["2016"]
    assert past.series("laoshan.hightech_output_share") == ()
    assert past.latest("qingdao.gii_rank") is None
    assert past.has("hightech_zone.founded")  # from the 2022 article
    assert set(past.sources) == {"laoshan_2017", "sophia_qingdao_2022"}


def test_as_of_a_day_shows_only_what_had_certainly_appeared():
    """On 18 Nov 2024 the English article is out; the undated French edition and the supplement may not be."""
    day = load_store(FACTS, as_of=datetime.date(2024, 11, 18))
    assert day.latest("laoshan.unicorns").value == 9
    assert day.latest("laoshan.unicorns").also == ()
    assert not day.has("qingdao.unicorns")
    assert day.latest("qingdao.gii_rank") is None


def test_unknown_fact_id_is_named(store):
    with pytest.raises(FactsError, match="unknown fact laoshan.no_such_figure"):
        store.fact("laoshan.no_such_figure")
    assert not store.has("laoshan.no_such_figure")


def test_json_listing_holds_every_required_id_with_qualifier_and_source():
    records = json.loads(list_command(FACTS, None, None, "json"))
    by_id = {}
    for record in records:
        for key in ("id", "topic", "entity", "period", "value", "unit", "qualifier", "source", "published", "quote"):
            assert record[key] not in (None, ""), (record["id"], key)
        by_id.setdefault(record["id"], []).append(record)
    assert set(REQUIRED) <= set(by_id)
    scale = by_id["laoshan.vr.industry_scale"][0]
    assert (scale["value"], scale["qualifier"], scale["source"], scale["published"]) == (
        18_000_000_000, "more_than", "laoshan_2024_en", "2024-11-18")
    assert [r["period"] for r in by_id["qingdao.gii_rank"]] == ["2019", "2024"]


def test_json_listing_as_of_and_topic():
    records = json.loads(list_command(FACTS, "cooperation", datetime.date(2023, 1, 1), "json"))
    assert {r["topic"] for r in records} == {"cooperation"}
    assert {r["source"] for r in records} == {"sophia_qingdao_2022"}
    assert len(records) == len(load_store(FACTS).facts("cooperation"))
