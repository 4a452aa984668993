"""Languages as data: shipped languages, a project's overrides and new languages, and their problems."""

import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from briefgen.errors import ConfigError
from briefgen.locale import Formatter, language_problems, shipped_languages, translations
from briefgen.locale.style import REQUIRED

NBSP = "\u00a0"
SHIPPED = files("briefgen.locale") / "languages"


def _write(locale_dir: Path, lang: str, name: str, text: str) -> Path:
    folder = locale_dir / lang
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _new_language(locale_dir: Path, lang: str = "it", style: str | None = None, messages: str | None = None) -> None:
    """A project language made from the shipped English files, Italian where a test looks."""
    english = (SHIPPED / "en" / "style.toml").read_text(encoding="utf-8")
    # Italian ordinals have a "many" form (8th, 11th) that English lacks.
    italian = english.replace('"en_GB"', '"it_IT"').replace('other = "th"\n', 'other = "th"\nmany = "th"\n')
    _write(locale_dir, lang, "style.toml", style if style is not None else italian)
    po = (SHIPPED / "en" / "messages.po").read_text(encoding="utf-8")
    po = po.replace('msgid "Contents"\nmsgstr ""', 'msgid "Contents"\nmsgstr "Indice"')
    _write(locale_dir, lang, "messages.po", messages if messages is not None else po)


def test_shipped_languages():
    assert shipped_languages() == ("de", "en", "fr")


@pytest.mark.parametrize("lang", shipped_languages())
def test_shipped_languages_have_no_problems(lang):
    assert language_problems(lang, None) == []


@pytest.mark.parametrize("lang", shipped_languages())
def test_shipped_style_files_hold_every_key(lang):
    style = tomllib.loads((SHIPPED / lang / "style.toml").read_text(encoding="utf-8"))
    assert set(REQUIRED) <= set(style)


def test_an_unknown_language_is_one_clear_problem(tmp_path):
    (problem,) = language_problems("it", tmp_path / "locale")
    assert problem == (
        'locale: language "it" has no house style: briefgen ships de, en, fr; write locale/it/style.toml '
        "(keys missing: locale, tag, space, link, date_pattern, first_day_pattern, typography, qualifiers, "
        "scales, currencies, units, ordinals, changes) and locale/it/messages.po in the project "
        '(see README "Adding a language")'
    )


def test_formatter_and_translations_refuse_it_with_a_config_error():
    with pytest.raises(ConfigError, match='language "it" has no house style') as raised:
        Formatter("it")
    assert raised.value.category == "config"
    with pytest.raises(ConfigError, match='language "it" has no house style'):
        translations("it", None)


@pytest.mark.parametrize("bad", ["../fr", "FR", "", "fr/x"])
def test_a_language_code_must_be_a_plain_code(bad):
    assert language_problems(bad, None) == [f'locale: {bad!r} is not a language code like "de" or "pt-BR"']


def test_a_project_adds_a_language(tmp_path):
    locale_dir = tmp_path / "locale"
    _new_language(locale_dir)
    assert language_problems("it", locale_dir) == []
    italian = Formatter("it", locale_dir)
    assert (italian.lang, italian.tag, italian.locale_dir) == ("it", "en-GB", locale_dir)
    # Digits come from Babel's it_IT, words from the project's file.
    assert italian.money(1.5e9, "CNY") == "1,5 billion yuan"
    assert translations("it", locale_dir).gettext("Contents") == "Indice"
    assert translations("it", locale_dir).gettext("Sources") == "Sources"


def test_a_project_overrides_a_shipped_style_key_by_key(tmp_path):
    locale_dir = tmp_path / "locale"
    _write(locale_dir, "de", "style.toml", '[qualifiers]\nabout = "rund"\n\n[currencies.USD]\nsymbol = "US$"\n')
    german = Formatter("de", locale_dir)
    assert german.quantity(10_370_000, "count", "about") == f"rund 10,37{NBSP}Millionen"
    assert german.qualifier("more_than") == "mehr als"
    assert german.money(5.6e9, "USD") == f"US$5,6{NBSP}Milliarden"
    assert german.money(5.6e9, "EUR") == f"5,6{NBSP}Milliarden Euro"
    assert Formatter("de").qualifier("about") == "etwa"


def test_a_project_sets_which_counts_are_written_in_words(tmp_path):
    """count_words is merged key by key: a project whose counts are all of feminine things may add "une"."""
    locale_dir = tmp_path / "locale"
    _write(locale_dir, "fr", "style.toml", '[count_words]\n1 = "une"\n')
    french = Formatter("fr", locale_dir)
    assert french.count(1, "licorne", "licornes") == "une licorne"
    assert french.count(5, "licorne", "licornes", "about") == "environ cinq licornes"
    assert Formatter("fr").count(1, "licorne", "licornes") == f"1{NBSP}licorne"


def test_a_project_overrides_shipped_ui_strings(tmp_path):
    locale_dir = tmp_path / "locale"
    _write(locale_dir, "fr", "messages.po", 'msgid "Contents"\nmsgstr "Table des matières"\n')
    assert translations("fr", locale_dir).gettext("Contents") == "Table des matières"
    assert translations("fr", locale_dir).gettext("Table") == "Tableau"
    assert translations("fr").gettext("Contents") == "Sommaire"


def test_languages_are_loaded_once_per_project_folder(tmp_path):
    assert translations("fr") is translations("fr", None)
    assert Formatter("fr")._words is Formatter("fr", None)._words
    assert translations("fr", tmp_path) is not translations("fr")
    assert repr(Formatter("fr")) == "Formatter('fr')"


def test_a_bad_toml_file_is_named_with_its_line(tmp_path):
    path = _write(tmp_path, "fr", "style.toml", 'link = "de"\nspace = \n')
    assert language_problems("fr", tmp_path) == [f"{path}: line 2: not valid TOML: Invalid value"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('colour = "blue"\n', "unknown key 'colour'; known: locale, tag, space, link"),
        ('locale = "xx_YY"\n', 'locale "xx_YY" is not a locale Babel knows (write it like "de_DE")'),
        ("tag = 3\n", "tag must be text in quotes"),
        ('typography = ["apostrophe", "italics"]\n', "typography: unknown rule 'italics'; known: apostrophe, french"),
        ('[qualifiers]\nroughly = "environ"\n', "unknown key 'qualifiers.roughly'; known: exact, about"),
        ('[currencies.GBP]\none = "livre"\nother = "livres"\n', "unknown key 'currencies.GBP'; known: CNY, EUR, USD"),
        ('[currencies.EUR]\nplural = "euros"\n', "currencies.EUR: unknown key 'plural'; known: one, other, symbol"),
        ('[units.km]\none = "km"\nother = "km"\n', "unknown key 'units.km'; known: mu"),
        ('[changes]\nup = "en hausse de {}"\n', "changes.up must hold {percent} once"),
        ('[changes]\nflat = "stable à {percent}"\n', "changes.flat must hold no {…} placeholder"),
        ('[changes]\ndown = "{percent} de moins, {percent}"\n', "changes.down must hold {percent} once"),
        ('[ordinals]\none = ["er"]\n', 'ordinals.one must be a suffix in quotes or a pair ["masculine", "feminine"]'),
        ('[[scales]]\npower = "9"\none = "milliard"\nother = "milliards"\n', "scale 1: power must be a whole number"),
        ('[[scales]]\npower = 9\none = "milliard"\n', "scale 1.other is missing"),
        ('[elision]\neliding = "de"\n', "elision.eliding must be a list of text in quotes"),
        ('currencies = ["CNY"]\n', "currencies must be a table ([currencies])"),
        ('[count_words]\n02 = "deux"\n', "count_words.02: the key must be a whole number from 0 to 99"),
        ('[count_words]\n2 = ""\n', "count_words.2 must be a word in quotes"),
        ('count_words = ["deux"]\n', "count_words must be a table ([count_words])"),
    ],
)
def test_a_wrong_key_is_named_with_its_file(tmp_path, text, problem):
    path = _write(tmp_path, "fr", "style.toml", text)
    problems = language_problems("fr", tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: ")
    assert problem in problems[0]
    with pytest.raises(ConfigError, match="^" + str(path)):
        Formatter("fr", tmp_path)


def test_a_new_language_needs_every_word_of_the_vocabulary(tmp_path):
    style = (SHIPPED / "en" / "style.toml").read_text(encoding="utf-8")
    for cut in ('at_least = "at least"\n', '[currencies.EUR]\none = "euro"\nother = "euros"\nsymbol = "€"\n',
                'other = "mu"\n', 'few = "rd"\n'):
        assert cut in style
        style = style.replace(cut, "")
    _new_language(tmp_path, style=style)
    (problem,) = language_problems("it", tmp_path)
    assert problem == (
        f"{tmp_path / 'it' / 'style.toml'}: keys missing: qualifiers.at_least, currencies.EUR, ordinals.few, "
        'units.mu.other; briefgen does not ship "it", so every key is needed (see README "Adding a language")'
    )


def test_the_ordinal_categories_follow_the_babel_locale(tmp_path):
    style = (SHIPPED / "de" / "style.toml").read_text(encoding="utf-8").replace('"de_DE"', '"en_GB"')
    _new_language(tmp_path, "xy", style=style)
    (problem,) = language_problems("xy", tmp_path)
    assert "keys missing: ordinals.one, ordinals.two, ordinals.few;" in problem


def test_a_new_language_needs_ui_strings(tmp_path):
    _write(tmp_path, "it", "style.toml", (SHIPPED / "en" / "style.toml").read_text(encoding="utf-8"))
    assert language_problems("it", tmp_path) == [
        'locale: language "it" has no UI strings: write locale/it/messages.po in the project '
        '(see README "Adding a language")'
    ]


def test_a_new_language_needs_every_ui_string(tmp_path):
    _new_language(tmp_path, messages='msgid "Contents"\nmsgstr "Indice"\n')
    (problem,) = language_problems("it", tmp_path)
    english = (SHIPPED / "en" / "messages.po").read_text(encoding="utf-8").count("\nmsgid ")
    missing = english - 2  # every English UI string but the header entry and "Contents"
    assert problem.startswith(f"{tmp_path / 'it' / 'messages.po'}: {missing} UI strings have no entry: 'Sources', 'Notes', ")


def test_a_bad_po_file_is_named_with_its_line(tmp_path):
    path = _write(tmp_path, "fr", "messages.po", 'msgid "Contents"\nmsgstr "Sommaire"\n\nmsgid "Table"\nmsgstrx "T"\n')
    assert language_problems("fr", tmp_path) == [
        f"{path}: line 5: not a valid .po file: Unknown or misformatted keyword"
    ]


def test_a_translation_must_fill_the_placeholders_of_its_msgid(tmp_path):
    path = _write(tmp_path, "fr", "messages.po", 'msgid "Page {page} of {total}"\nmsgstr "Page {page}"\n')
    assert language_problems("fr", tmp_path) == [
        f"{path}: the translation of 'Page {{page}} of {{total}}' must use {{page}}, {{total}}, as the msgid does"
    ]
