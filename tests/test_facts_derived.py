"""Figures computed from stored facts: growth, change, implied previous values and implied exchange rates."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from briefgen.errors import FactsError
from briefgen.facts import load_store
from briefgen.facts.derived import (
    change,
    check_conversion,
    combine_qualifiers,
    conversion_checks,
    growth,
    implied_previous,
)
from briefgen.facts.model import Conversion, RatePoint, RateTable

HERE = Path(__file__).resolve().parent
FACTS = HERE.parent / "facts"
MINI = HERE / "roots" / "facts-mini"


@pytest.fixture(scope="module")
def store():
    return load_store(FACTS)


@pytest.mark.parametrize(
    ("rising", "falling", "expected"),
    [
        (["exact"], ["exact"], "exact"),
        (["about"], ["exact"], "about"),
        (["more_than"], ["exact"], "more_than"),  # more than 18 bn, up 50 %: more than 12 bn before
        (["at_least"], ["exact"], "at_least"),
        (["at_least"], ["more_than"], None),  # the divisor may be larger: no bound either way
        (["exact"], ["more_than"], None),  # "less than" has no qualifier
        (["exact"], ["nearly"], "more_than"),  # dividing by a little less gives more
        (["nearly"], ["exact"], "nearly"),
        (["more_than"], ["about"], None),  # a bound on an approximation is not honest
        (["more_than"], ["nearly"], "more_than"),
        (["nearly"], ["more_than"], None),
    ],
)
def test_combined_qualifiers_stay_true(rising, falling, expected):
    assert combine_qualifiers(rising, falling) == expected


def test_growth_and_change_of_a_share_series(tmp_path):
    """A share observed twice on one base: its growth and its change in points (a small store of its own)."""
    facts = tmp_path / "facts"
    shutil.copytree(MINI, facts)
    source = facts / "sources" / "update_en.txt"
    source.write_text(source.read_text(encoding="utf-8") + "Exactly 44.35 percent of the firms now export.\n",
                      encoding="utf-8")
    economy = facts / "economy.yaml"
    first = ('        qualifier: nearly\n        source: report_en\n'
             '        quote: "Nearly 40 percent of the firms export."')
    second = ('        qualifier: exact\n        source: report_en\n'
              '        quote: "Nearly 40 percent of the firms export."\n'
              '      - period: "2023"\n        value: 44.35\n        qualifier: exact\n        source: update_en\n'
              '        quote: "Exactly 44.35 percent of the firms now export."')
    economy.write_text(economy.read_text(encoding="utf-8").replace(first, second), encoding="utf-8")
    share_store = load_store(facts)
    rise = growth(share_store, "laoshan.export_share")
    assert rise.value == pytest.approx((44.35 / 40 - 1) * 100)
    assert (rise.unit, rise.qualifier, rise.period, rise.method) == ("growth", "exact", "2022/2023", "growth")
    assert [o.period for o in rise.inputs] == ["2022", "2023"]
    points = change(share_store, "laoshan.export_share")
    assert points.value == pytest.approx(4.35)
    assert (points.unit, points.qualifier) == ("points", "exact")


def test_change_of_a_rank_is_a_climb_and_its_growth_is_refused(store):
    climb = change(store, "qingdao.gii_rank", start="2019", end="2024")
    assert (climb.value, climb.unit, climb.period) == (-60, "rank", "2019/2024")
    with pytest.raises(FactsError, match="is a rank"):
        growth(store, "qingdao.gii_rank")


def test_growth_needs_two_visible_observations(store):
    assert growth(store, "laoshan.unicorns") is None
    past = load_store(FACTS, as_of=datetime.date(2023, 1, 1))
    assert growth(past, "laoshan.hightech_output_share") is None
    assert change(past, "qingdao.gii_rank") is None


def test_growth_of_a_date_or_an_unknown_period_is_an_error(store):
    with pytest.raises(FactsError, match="is a date, not a quantity"):
        growth(store, "hightech_zone.founded")
    with pytest.raises(FactsError, match=r"no observation for 2020 \(it has: 2019, 2024\)"):
        change(store, "qingdao.gii_rank", start="2020")


def test_implied_previous_keeps_the_lower_bound(store):
    before = implied_previous(store, "laoshan.vr.industry_scale", "laoshan.vr.industry_growth")
    assert before.value == pytest.approx(12_000_000_000)
    assert (before.unit, before.qualifier, before.period, before.method) == ("CNY", "more_than", "2022", "implied_previous")
    output_2015 = implied_previous(store, "laoshan.hightech_output_value", "laoshan.hightech_output_growth")
    assert output_2015.value == pytest.approx(38_900_000_000 / 1.026)
    assert (output_2015.qualifier, output_2015.period) == ("exact", "2015")


def test_implied_previous_reads_as_of_and_checks_periods():
    mini = load_store(MINI)
    with pytest.raises(FactsError, match=r"\(2023\) and laoshan.robotics_growth \(2022\) are for different periods"):
        implied_previous(mini, "laoshan.robotics_firms", "laoshan.robotics_growth")
    then = load_store(MINI, as_of=datetime.date(2023, 6, 1))
    before = implied_previous(then, "laoshan.robotics_firms", "laoshan.robotics_growth")
    assert (before.value, before.qualifier, before.period) == (pytest.approx(100), "exact", "2021")
    assert implied_previous(load_store(MINI, as_of=datetime.date(2023, 1, 1)), "laoshan.robotics_firms",
                            "laoshan.robotics_growth") is None  # fmt: skip


def test_growth_from_a_lower_bound_is_not_given():
    """From "exceeded 3.5 bn" to "reached 4.2 bn" the growth is less than 20 %: no qualifier says so."""
    mini = load_store(MINI)
    assert growth(mini, "laoshan.robot_output") is None
    firms = growth(mini, "laoshan.robotics_firms")
    assert (firms.value, firms.qualifier, firms.status) == (pytest.approx(25), "exact", "actual")


def test_implied_rates_of_the_shipped_conversions(store):
    checks = {o.fact_id: check for o, check in conversion_checks(store)}
    assert set(checks) == {
        "laoshan.leading_industry_scale", "laoshan.hightech_output_value", "qingdao.funds_value",
        "china.vr.industry_target_2026", "laoshan.vr.park_area_mu",
    }  # fmt: skip
    assert checks["laoshan.leading_industry_scale"].implied == pytest.approx(180 / 25.33)
    assert checks["laoshan.hightech_output_value"].implied == pytest.approx(38.9 / 5.6)
    assert checks["qingdao.funds_value"].implied == pytest.approx(145.9 / 20.18)
    assert checks["china.vr.industry_target_2026"].implied == pytest.approx(350 / 48.4)
    assert checks["laoshan.vr.park_area_mu"].implied == pytest.approx(2000 / 133.33)
    assert all(check.problem is None for check in checks.values())
    assert checks["laoshan.leading_industry_scale"].ratio_unit == "CNY per USD"
    assert checks["laoshan.leading_industry_scale"].reference == "7.1286 on 2024-10-24; ± 2%"


def test_rates_in_effect_cover_the_publication_span(store):
    rates = store.rates
    assert (rates.currency, rates.per, rates.tolerance) == ("CNY", "USD", 0.02)
    span = rates.in_effect(datetime.date(2024, 11, 1), datetime.date(2024, 12, 31))
    assert [p.date.isoformat() for p in span] == ["2024-10-24", "2024-11-25", "2024-12-10", "2024-12-11", "2024-12-31"]
    assert rates.in_effect(datetime.date(2010, 1, 1), datetime.date(2010, 12, 31)) == ()


def test_conversion_check_reads_either_direction_and_refuses_unknown_pairs(store):
    source = store.sources["laoshan_2024_en"]
    rates = RateTable("CNY", "USD", 0.02, "test", (RatePoint(datetime.date(2024, 11, 1), 7.0, "test"),))
    reverse = check_conversion(100, "USD", Conversion(700, "CNY"), source, rates)
    assert (reverse.implied, reverse.ratio_unit, reverse.problem) == (pytest.approx(7.0), "CNY per USD", None)
    euros = check_conversion(800, "CNY", Conversion(100, "EUR"), source, rates)
    assert euros.problem == "no reference rates for CNY per EUR"
    assert check_conversion(800, "CNY", Conversion(100, "USD"), source, None).problem == "no reference rates for CNY per USD"


def test_a_conversion_checked_against_an_old_rate_says_which_rate_to_add(store):
    source = store.sources["laoshan_2024_en"]  # published 2024-11-18
    old = RateTable("CNY", "USD", 0.02, "test", (RatePoint(datetime.date(2017, 12, 26), 6.5416, "test"),))
    problem = check_conversion(24_460_000_000, "CNY", Conversion(3_400_000_000, "USD"), source, old).problem
    assert problem.startswith("3400000000 USD implies 7.1941 CNY per USD, outside 6.4108–6.6724")
    assert problem.endswith("; the newest reference rate is 2519 days older than the source: add the rate of "
                            "2024-11-18 to rates.yaml")
    recent = RateTable("CNY", "USD", 0.02, "test", (RatePoint(datetime.date(2024, 11, 1), 6.0, "test"),))
    problem = check_conversion(24_460_000_000, "CNY", Conversion(3_400_000_000, "USD"), source, recent).problem
    assert "outside" in problem and "add the rate" not in problem  # a recent rate: the figure is the suspect
