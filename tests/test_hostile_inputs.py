"""Inputs that passed validation but spoilt the layout or reordered the text are refused with a located line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.errors import FactsError
from briefgen.facts import load_store

MINI = Path(__file__).resolve().parent / "roots" / "facts-mini"
LABEL = 'label: {fr: "superficie du parc de la robotique", en: "area of the robotics park"}'


@pytest.fixture
def mini(tmp_path) -> Path:
    """A copy of the small test store, named facts so that messages read facts/<file>."""
    shutil.copytree(MINI, tmp_path / "facts")
    return tmp_path / "facts"


def label_problems(store: Path, english: str) -> list[str]:
    """The problems of the store once the English label of its first fact reads `english`."""
    path = store / "park.yaml"
    text = path.read_text(encoding="utf-8")
    assert LABEL in text
    path.write_text(text.replace(LABEL, LABEL.replace("area of the robotics park", english)), encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_store(store, languages=("fr", "en"))
    return list(info.value.problems or (info.value.message,))


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                     "\u2069"])
def test_a_bidirectional_control_in_facts_text_is_refused_where_it_is(mini, control):
    problems = label_problems(mini, f"area of the {control}krap scitobor")
    line = next(n for n, text in enumerate((mini / "park.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if "en: " in text and control in text)
    assert problems == [f'facts/park.yaml:{line}: fact laoshan.robotics_park_area: label.en "area of the '
                        f'\\u{ord(control):04x}krap scitobor" holds U+{ord(control):04X}, an invisible bidirectional '
                        "control that would show the text after it in another order; delete it"]


def test_right_to_left_text_itself_is_kept(mini):
    """Only the invisible controls are refused: Arabic or Hebrew letters order themselves."""
    path = mini / "park.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("area of the robotics park", "area (مساحة)"),
                    encoding="utf-8")
    assert load_store(mini, languages=("fr", "en")).fact("laoshan.robotics_park_area").label["en"] == "area (مساحة)"
