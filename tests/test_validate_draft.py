"""`briefgen facts validate --draft FILE`: a draft is checked with the store, located problem by problem, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cli import main

QUOTE = "In 2023, the scale of the virtual reality industry in Laoshan district surpassed 18 billion yuan"

FILLED = f"""\
# A draft from laoshan_2024_en
topic: vr
facts:
  # confidence: medium
  - id: laoshan.vr.scale_again
    entity: laoshan
    unit: CNY
    label: {{fr: "taille du secteur de la réalité virtuelle", en: "scale of the virtual reality industry"}}
    observations:
      - period: "2023"
        value: 18000000000
        qualifier: more_than
        source: laoshan_2024_en
        quote: "{QUOTE}"
statements:
  - id: laoshan.vr.scale_said
    entity: laoshan
    text: {{fr: "le secteur croît", en: "the industry grows"}}
    source: laoshan_2024_en
    quote: "{QUOTE}"
"""


@pytest.fixture
def here(project, monkeypatch) -> Path:
    """The project as the current folder, a drafts/ folder in it: messages read drafts/… and facts/…"""
    monkeypatch.chdir(project)
    (project / "drafts").mkdir()
    return project


def write(project: Path, text: str, name: str = "draft.yaml") -> str:
    (project / "drafts" / name).write_text(text, encoding="utf-8")
    return f"drafts/{name}"


def check(draft: str, capsys) -> tuple[int, list[str], list[str]]:
    code = main(["facts", "validate", "--draft", draft])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def facts_bytes(project: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted((project / "facts").rglob("*")) if p.is_file()}


def line_of(path: Path, snippet: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if snippet in line)


def test_a_filled_draft_is_ready_to_move_into_its_topic_file(here, capsys):
    before = facts_bytes(here)
    assert check(write(here, FILLED), capsys) == (0, ["draft valid: 1 fact and 1 statement, ready to move into "
                                                      "facts/vr.yaml"], [])
    assert facts_bytes(here) == before


def test_a_draft_may_start_a_new_topic(here, capsys):
    draft = write(here, FILLED.replace("topic: vr", "topic: virtual-reality"), "from-the-article.yaml")
    assert check(draft, capsys)[:2] == (0, ["draft valid: 1 fact and 1 statement, ready to start "
                                            "facts/virtual-reality.yaml, a new topic"])


def test_every_empty_field_is_reported_at_its_line_as_needing_a_person(here, capsys):
    text = (FILLED.replace('fr: "taille du secteur de la réalité virtuelle"', "fr: null")
            .replace("value: 18000000000", "value:")
            .replace("qualifier: more_than", 'qualifier: ""')
            .replace("    entity: laoshan\n    text:", "    entity: null\n    text:")
            + "    note: null\n")
    path = here / "drafts" / "draft.yaml"
    draft = write(here, text)
    code, out, err = check(draft, capsys)
    assert code == 1 and out == []
    assert err == [
        "5 problems in draft drafts/draft.yaml (checked with facts):",
        f"  drafts/draft.yaml:{line_of(path, 'fr: null')}: fact laoshan.vr.scale_again: label.fr is empty — fill it",
        f"  drafts/draft.yaml:{line_of(path, 'value:')}: fact laoshan.vr.scale_again: value is empty — fill it",
        f"  drafts/draft.yaml:{line_of(path, 'qualifier:')}: fact laoshan.vr.scale_again: qualifier is empty — fill it",
        f"  drafts/draft.yaml:{line_of(path, 'entity: null')}: statement laoshan.vr.scale_said: entity is empty — fill it",
        f"  drafts/draft.yaml:{line_of(path, 'note: null')}: statement laoshan.vr.scale_said: note is empty — fill it",
    ]


def test_an_id_the_store_uses_is_refused_with_where_it_is_used(here, capsys):
    draft = write(here, FILLED.replace("laoshan.vr.scale_again", "laoshan.vr.industry_scale"))
    code, _, err = check(draft, capsys)
    used = line_of(here / "facts" / "vr.yaml", "- id: laoshan.vr.industry_scale")
    assert code == 1
    assert err[1:] == [f"  drafts/draft.yaml:5: fact laoshan.vr.industry_scale: id is already used at "
                       f"facts/vr.yaml:{used}"]


def test_each_field_is_checked_as_the_store_checks_it(here, capsys):
    text = (FILLED.replace("entity: laoshan\n    unit: CNY", "entity: atlantis\n    unit: CNY")
            .replace('en: "scale of the virtual reality industry"}', 'de: "Größe"}')
            .replace("qualifier: more_than", "qualifier: over")
            .replace("source: laoshan_2024_en\n        quote", "source: laoshan_2024_en\n        converted: "
                     "{value: 25000000000, unit: USD}\n        quote")
            .replace(f'quote: "{QUOTE}"\nstatements', f'quote: "{QUOTE} easily"\nstatements')
            .replace("    source: laoshan_2024_en\n    quote", "    source: nowhere\n    quote"))
    code, _, err = check(write(here, text), capsys)
    assert code == 1
    problems = "\n".join(err)
    for expected in (
        'fact laoshan.vr.scale_again: entity "atlantis" is not declared in names.yaml',
        "fact laoshan.vr.scale_again: label.en is missing",
        'fact laoshan.vr.scale_again: qualifier "over" is unknown',
        "fact laoshan.vr.scale_again: converted 25000000000 USD implies",
        "fact laoshan.vr.scale_again: quote \"In 2023, the scale",
        'statement laoshan.vr.scale_said: source "nowhere" is not a known source',
    ):
        assert expected in problems, expected
    assert all(line.startswith("  drafts/draft.yaml:") for line in err[1:])


def test_ids_repeated_within_the_draft_are_refused(here, capsys):
    text = FILLED.replace("statements:", FILLED.split("facts:\n", 1)[1].split("statements:")[0] + "statements:")
    code, _, err = check(write(here, text), capsys)
    assert code == 1 and "fact laoshan.vr.scale_again: id is already used at drafts/draft.yaml:5" in err[-1]


@pytest.mark.parametrize(("topic", "problem"), [
    ("sources", 'topic file: topic "sources" cannot name a topic file of the store'),
    ("../vr", 'topic file: topic "../vr" cannot name a topic file of the store'),
    ("null", "topic file: topic is empty — fill it"),
])
def test_a_draft_names_a_topic_file_it_can_go_into(here, capsys, topic, problem):
    code, _, err = check(write(here, FILLED.replace("topic: vr", f"topic: {topic}")), capsys)
    assert code == 1 and err[1:] == [f"  drafts/draft.yaml:2: {problem}" + (
        "" if topic == "null" else " (lower-case letters, digits, _ and -; not sources, names or rates)")]


def test_a_draft_without_entries_is_not_ready(here, capsys):
    assert check(write(here, "topic: vr\nfacts: []\n"), capsys)[2][1:] == ["  drafts/draft.yaml:1: holds no facts or "
                                                                          "statements"]


def test_a_topic_file_of_the_store_is_not_a_draft(here, capsys):
    code, _, err = check("facts/vr.yaml", capsys)
    assert code == 1 and err == ["facts/vr.yaml: is a topic file of the store, not a draft; a draft is kept apart "
                                 "from them (in facts/drafts, say) until its entries are moved in"]


def test_a_draft_that_does_not_parse_is_located(here, capsys):
    code, _, err = check(write(here, "topic: vr\nfacts:\n  - id: [unclosed\n"), capsys)
    assert code == 1 and err[1].startswith("  drafts/draft.yaml:") and "YAML does not parse" in err[1]
    assert check("drafts/missing.yaml", capsys)[2][1:] == ["  drafts/missing.yaml: file not found"]


def test_the_store_s_own_problems_are_reported_with_the_draft_s(here, capsys):
    vr = here / "facts" / "vr.yaml"
    vr.write_text(vr.read_text(encoding="utf-8").replace("qualifier: more_than", "qualifier: over", 1),
                  encoding="utf-8")
    code, _, err = check(write(here, FILLED), capsys)
    assert code == 1 and err[1].startswith("  facts/vr.yaml:") and 'qualifier "over" is unknown' in err[1]
