"""Bad facts are refused with every problem at once, each naming file, line, fact id and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.errors import FactsError, UsageError
from briefgen.facts import load_store
from briefgen.facts.commands import list_command, validate_command

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture
def mini(tmp_path) -> Path:
    """A copy of the small valid store, named facts/ so messages read facts/<file>."""
    target = tmp_path / "facts"
    shutil.copytree(ROOTS / "facts-mini", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, snippet: str, after: int = 0) -> int:
    """The 1-based number of the first line after line `after` that contains `snippet`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if n > after and snippet in line)


def problems(facts_dir: Path) -> tuple[str, ...]:
    with pytest.raises(FactsError) as info:
        load_store(facts_dir)
    return info.value.problems


def test_the_small_store_is_valid(mini):
    store = load_store(mini)
    assert len(store.fact_ids()) == 6
    assert validate_command(mini)[1] == 0


def test_broken_store_reports_every_problem_at_once():
    root = ROOTS / "facts-broken"
    expected = [
        "facts-broken/sources.yaml:15: source lost_en: file sources/lost_en.txt does not exist",
        'facts-broken/sources.yaml:20: source misdated_en: published "2024-02-30" is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a span A/B)',
        "facts-broken/tagged.yaml:2: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'; only plain YAML data is read, tags are refused",
        "facts-broken/unparsable.yaml:5: YAML does not parse: expected ',' or '}', but got '<scalar>'",
        'facts-broken/vr.yaml:9: fact laoshan.vr.industry_scale: value "18 milliards" is not a number',
        'facts-broken/vr.yaml:19: fact laoshan.vr.industry_scale: period "2023-13" is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a span A/B)',
        'facts-broken/vr.yaml:21: fact laoshan.vr.industry_scale: qualifier "over" is unknown (known: exact, about, nearly, more_than, at_least)',
        'facts-broken/vr.yaml:22: fact laoshan.vr.industry_scale: source "nowhere" is not a known source (known: good_en, lost_en)',
        "facts-broken/vr.yaml:31: fact laoshan.vr.market_share: value 180 is outside 0–100 for a percent",
        "facts-broken/vr.yaml:37: fact laoshan.vr.market_share: qualifer is not a known field (known: also, converted, note, period, qualifier, quote, scope, source, status, value)",
        "facts-broken/vr.yaml:35: fact laoshan.vr.market_share: qualifier is missing",
        "facts-broken/vr.yaml:35: fact laoshan.vr.market_share: quote is missing",
        "facts-broken/vr.yaml:50: fact laoshan.vr.output_usd: converted 253000000 USD implies 71.1462 CNY per USD, outside 6.9874–7.2726 (7.13 on 2024-10-24; ± 2%)",
        'facts-broken/vr.yaml:58: fact laoshan.vr.park_opened: value "1992-13" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)',
        'facts-broken/vr.yaml:65: fact laoshan.vr.headsets: unit "furlong" is unknown (known: CNY, EUR, USD, count, date, growth, ha, m2, mu, percent, rank, tonne, year)',
        "facts-broken/vr.yaml:68: fact laoshan.vr.headsets: source is missing",
        "facts-broken/vr.yaml:14: fact laoshan.vr.industry_scale: id is already used at facts-broken/vr.yaml:3",
    ]
    assert list(problems(root)) == expected
    with pytest.raises(FactsError) as info:
        load_store(root)
    assert info.value.message.startswith(f"17 problems in the facts in {root}; first: facts-broken/sources.yaml:15")
    text, code = validate_command(root)
    assert code == 1
    assert text.splitlines() == [f"17 problems in {root}:"] + [f"  {p}" for p in expected]


def test_value_that_is_not_a_number(mini):
    path = mini / "economy.yaml"
    edit(path, "value: 120\n", 'value: "cent vingt"\n')
    line = line_of(path, "cent vingt")
    assert problems(mini) == (f'facts/economy.yaml:{line}: fact laoshan.robotics_firms: value "cent vingt" is not a number',)


@pytest.mark.parametrize(
    ("old", "new", "snippet", "message"),
    [
        ("unit: count", "unit: dozens", "dozens",
         'unit "dozens" is unknown (known: CNY, EUR, USD, count, date, growth, ha, m2, mu, percent, rank, tonne, year)'),
        ("qualifier: exact", "qualifier: over", "over",
         'qualifier "over" is unknown (known: exact, about, nearly, more_than, at_least)'),
        ("source: update_en", "source: gazette", "gazette",
         'source "gazette" is not a known source (known: report_en, report_fr, update_en)'),
        ('period: "2023"', 'period: "2023-13"', "2023-13",
         'period "2023-13" is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a span A/B)'),
        ("value: 150\n", "value: 15.5\n", "15.5", "value 15.5 is not a whole number for a count"),
        ("entity: laoshan", "entity: harbour", "harbour",
         'entity "harbour" is not declared in names.yaml; add it there with its name in each language'),
        ("        qualifier: exact\n", "        qualifier: exact\n        qualifer: exact\n", "qualifer",
         "qualifer is not a known field (known: also, converted, note, period, qualifier, quote, scope, source, status, value)"),
    ],
)  # fmt: skip
def test_unknown_or_malformed_field_in_the_first_fact(mini, old, new, snippet, message):
    path = mini / "economy.yaml"
    edit(path, old, new)
    assert problems(mini) == (f"facts/economy.yaml:{line_of(path, snippet)}: fact laoshan.robotics_firms: {message}",)


def test_percent_outside_0_to_100(mini):
    path = mini / "economy.yaml"
    edit(path, "value: 40\n", "value: 140\n")
    line = line_of(path, "value: 140")
    assert problems(mini) == (f"facts/economy.yaml:{line}: fact laoshan.export_share: value 140 is outside 0–100 for a percent",)


def test_missing_quote_and_missing_source_are_both_reported(mini):
    path = mini / "economy.yaml"
    edit(path, '        quote: "Nearly 40 percent of the firms export."\n', "")
    edit(path, "        source: report_en\n        quote: \"up 20 percent", '        quote: "up 20 percent')
    export_line = line_of(path, "id: laoshan.export_share")
    growth_line = line_of(path, "id: laoshan.robotics_growth")
    assert problems(mini) == (
        f"facts/economy.yaml:{line_of(path, 'period', after=growth_line)}: fact laoshan.robotics_growth: source is missing",
        f"facts/economy.yaml:{line_of(path, 'period', after=export_line)}: fact laoshan.export_share: quote is missing",
    )


def test_quote_not_in_source(mini):
    path = mini / "economy.yaml"
    edit(path, "up 20 percent on the year before", "up 25 percent on the year before")
    line = line_of(path, "up 25 percent")
    assert problems(mini) == (
        f'facts/economy.yaml:{line}: fact laoshan.robotics_growth: quote "up 25 percent on the year before" is not in '
        'source report_en (sources/report_en.txt): it departs from the source after "up 2"',
    )


def test_quote_matches_across_line_breaks_and_spacing(mini):
    """The source breaks "also written / ACME Robots" across lines; a quote with one space still matches."""
    store = load_store(mini)
    assert store.names["acme_robotics"].quote == "Acme Robotics, also written ACME Robots"


def test_also_quote_is_checked_too(mini):
    path = mini / "economy.yaml"
    edit(path, "Laoshan comptait 120 entreprises", "Laoshan comptait 130 entreprises")
    line = line_of(path, "comptait 130")
    (problem,) = problems(mini)
    assert problem.startswith(f'facts/economy.yaml:{line}: fact laoshan.robotics_firms: also[0].quote "En 2022, Laoshan comptait 130')
    assert "is not in source report_fr (sources/report_fr.txt)" in problem


def test_date_that_is_not_a_date_in_a_source_and_a_date_value(mini):
    edit(mini / "sources.yaml", 'published: "2023-05-10"', 'published: "2023-02-30"')
    edit(mini / "park.yaml", 'value: "2021-03"', 'value: "2021-13"')
    # facts citing the misdated source are not reported again as citing an unknown one
    assert problems(mini) == (
        f'facts/sources.yaml:{line_of(mini / "sources.yaml", "2023-02-30")}: source report_en: '
        'published "2023-02-30" is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a span A/B)',
        f'facts/park.yaml:{line_of(mini / "park.yaml", "2021-13")}: fact laoshan.robotics_park_opened: '
        'value "2021-13" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)',
    )


def test_missing_source_file_is_reported_once(mini):
    (mini / "sources" / "update_en.txt").unlink()
    line = line_of(mini / "sources.yaml", "file: update_en.txt")
    assert problems(mini) == (f"facts/sources.yaml:{line}: source update_en: file sources/update_en.txt does not exist",)


def test_source_file_outside_the_sources_folder(mini):
    edit(mini / "sources.yaml", "file: update_en.txt", "file: ../economy.yaml")
    line = line_of(mini / "sources.yaml", "file: ../economy.yaml")
    assert problems(mini) == (f'facts/sources.yaml:{line}: source update_en: file "../economy.yaml" is outside sources/',)


def test_yaml_that_does_not_parse(mini):
    edit(mini / "park.yaml", 'label: {fr: "ouverture du parc de la robotique", en: "opening of the robotics park"}',
         'label: {fr: "ouverture du parc", en: "opening"')  # fmt: skip
    (problem,) = problems(mini)
    assert problem.startswith(f"facts/park.yaml:{line_of(mini / 'park.yaml', 'opening') + 1}: YAML does not parse: ")


def test_python_tag_is_refused_not_constructed(mini, tmp_path):
    marker = tmp_path / "constructed.txt"
    (mini / "tagged.yaml").write_text(
        f'topic: tagged\nfacts: !!python/object/apply:os.system ["echo yes > {marker}"]\n', encoding="utf-8"
    )
    assert problems(mini) == (
        "facts/tagged.yaml:2: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'; only plain YAML data is read, tags are refused",
    )
    assert not marker.exists()


def test_conversion_whose_implied_rate_disagrees_with_the_rate_table(mini):
    path = mini / "economy.yaml"
    edit(path, "converted: {value: 507000000, unit: USD}", "converted: {value: 607000000, unit: USD}")
    line = line_of(path, "607000000")
    assert problems(mini) == (
        f"facts/economy.yaml:{line}: fact laoshan.robot_output: converted 607000000 USD implies 5.7661 CNY per USD, "
        "outside 6.7816–7.0584 (6.92 on 2023-04-28; ± 2%)",
    )


def test_conversion_of_a_fixed_unit_must_match_its_factor(mini):
    path = mini / "park.yaml"
    edit(path, "converted: {value: 10, unit: ha}", "converted: {value: 12, unit: ha}")
    line = line_of(path, "value: 12, unit: ha")
    assert problems(mini) == (
        f"facts/park.yaml:{line}: fact laoshan.robotics_park_area: converted 12 ha implies 12.5 mu per ha, not 15 by definition",
    )


def test_conversion_without_a_reference_rate(mini):
    edit(mini / "rates.yaml", "  - date: 2023-04-28\n    value: 6.92\n    reported_by: Test wire\n", "")
    line = line_of(mini / "economy.yaml", "507000000")
    assert problems(mini) == (
        f"facts/economy.yaml:{line}: fact laoshan.robot_output: converted no reference CNY per USD rate on or before 2023-05-10",
    )


def test_duplicate_ids_within_and_across_files(mini):
    edit(mini / "park.yaml", "id: laoshan.robotics_park_opened", "id: laoshan.robotics_firms")
    edit(mini / "economy.yaml", "id: laoshan.export_share", "id: laoshan.robotics_growth")
    assert problems(mini) == (
        f"facts/economy.yaml:{line_of(mini / 'economy.yaml', 'id: laoshan.robotics_growth', after=30)}: "
        f"fact laoshan.robotics_growth: id is already used at facts/economy.yaml:{line_of(mini / 'economy.yaml', 'id: laoshan.robotics_growth')}",
        f"facts/park.yaml:{line_of(mini / 'park.yaml', 'id: laoshan.robotics_firms')}: "
        "fact laoshan.robotics_firms: id is already used at facts/economy.yaml:3",
    )


def test_period_repeated_within_a_fact(mini):
    path = mini / "economy.yaml"
    edit(path, 'period: "2023"\n        value: 150', 'period: "2022"\n        value: 150')
    line = line_of(path, "value: 150") - 1
    assert problems(mini) == (f'facts/economy.yaml:{line}: fact laoshan.robotics_firms: period "2022" appears twice in this fact',)


def test_key_repeated_in_one_mapping(mini):
    path = mini / "park.yaml"
    edit(path, "        qualifier: about\n", "        qualifier: about\n        qualifier: exact\n")
    line = line_of(path, "qualifier: exact")
    assert problems(mini) == (f"facts/park.yaml:{line}: key 'qualifier' appears twice in one mapping",)


def test_topic_must_match_its_file_name(mini):
    edit(mini / "park.yaml", "topic: park", "topic: parks")
    assert problems(mini) == ('facts/park.yaml:1: topic file: topic "parks" differs from the file name park.yaml',)


def test_missing_facts_folder(tmp_path):
    with pytest.raises(FactsError, match="is not a folder of facts"):
        load_store(tmp_path / "nowhere")


def test_nothing_is_written_when_loading_fails(mini):
    edit(mini / "economy.yaml", "value: 120\n", 'value: "cent vingt"\n')
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    assert problems(mini)
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()} == before


def test_list_command_refuses_unknown_topic_and_format(mini):
    with pytest.raises(UsageError, match=r"unknown topic 'ports' \(known: economy, park\)"):
        list_command(mini, "ports", None, "table")
    with pytest.raises(UsageError, match=r"unknown format 'xml' \(known: table, csv, json\)"):
        list_command(mini, None, None, "xml")


def test_list_command_on_a_broken_store_raises_facts_error():
    with pytest.raises(FactsError):
        list_command(ROOTS / "facts-broken", None, None, "json")


def test_conversion_of_a_count_or_a_date_is_refused(mini):
    path = mini / "park.yaml"
    edit(path, '        value: "2021-03"\n', '        value: "2021-03"\n        converted: {value: 1, unit: USD}\n')
    line = line_of(path, "{value: 1, unit: USD}")
    assert problems(mini) == (
        f"facts/park.yaml:{line}: fact laoshan.robotics_park_opened: converted is given, but a date has no other unit to convert to",
    )
