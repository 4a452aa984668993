"""The extraction's words come from each language's intake.toml, shipped or in a project."""

from __future__ import annotations

import shutil
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.errors import UsageError
from briefgen.intake import words
from briefgen.intake.figures import find_figures

SHIPPED = files("briefgen") / "locale" / "languages"


def _shipped(lang: str) -> str:
    return (SHIPPED / lang / words.FILE).read_text(encoding="utf-8")


def test_a_qualifier_word_comes_from_the_data_file(tmp_path):
    assert find_figures("Circa 300 firms are based there.", "en", 2024)[0][0].qualifier == "exact"
    text = _shipped("en").replace('about = ["approximately",', 'about = ["circa", "approximately",')
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / words.FILE).write_text(text, encoding="utf-8")
    words.use_project(tmp_path)
    try:
        figure = find_figures("Circa 300 firms are based there.", "en", 2024)[0][0]
    finally:
        words.use_project(None)
    assert (figure.value, figure.unit, figure.qualifier) == (300, "count", "about")


@pytest.mark.parametrize("lang", words.shipped_languages())
def test_every_shipped_intake_file_has_every_table_the_engine_needs(lang):
    assert words.checked(tomllib.loads(_shipped(lang)), lang)


def test_a_missing_key_is_named_with_its_file_and_table():
    data = tomllib.loads(_shipped("fr"))
    del data["qualifiers"]["nearly"]
    with pytest.raises(UsageError, match=r"^fr/intake.toml: \[qualifiers\] has no key 'nearly'$"):
        words.checked(data, "fr/intake.toml")
    data["qualifiers"]["nearly"] = []
    del data["units"]
    with pytest.raises(UsageError, match=r"table \[units\] is missing"):
        words.checked(data, "fr/intake.toml")


def test_words_become_one_alternative_longest_first():
    assert words.alternatives(["over", "more than", "plus d’", "increas*", "No."]) == (
        r"more\s+than\b|increas\w*|plus\s+d[’']|over\b|No\.")
    assert words.alternatives([]) == "(?!)"


def test_a_language_without_intake_file_names_the_file_to_write(capsys):
    example = Path(__file__).resolve().parent.parent / "examples" / "fraunhofer"
    assert main(["facts", "extract", "fraunhofer_2023", "--project", str(example), "--out", "-"]) == 2
    assert "write locale/de/intake.toml in the project" in capsys.readouterr().err


def test_a_project_may_give_a_language_its_intake_file(tmp_path, capsys):
    project = tmp_path / "fraunhofer"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "fraunhofer", project)
    (project / "locale" / "de").mkdir(parents=True)
    (project / "locale" / "de" / words.FILE).write_text(_shipped("en"), encoding="utf-8")
    try:
        assert main(["facts", "extract", "fraunhofer_2023", "--project", str(project), "--out", "-"]) == 0
    finally:
        words.use_project(None)
    assert "facts:" in capsys.readouterr().out


def test_a_project_file_that_is_no_toml_is_named(tmp_path):
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / words.FILE).write_text("[qualifiers\n", encoding="utf-8")
    words.use_project(tmp_path)
    try:
        with pytest.raises(UsageError, match=r"de/intake.toml: not valid TOML"):
            words.of("de")
    finally:
        words.use_project(None)
