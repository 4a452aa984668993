"""The gettext catalogs of UI strings, read both raw and through Babel, and their use from Jinja2."""

import ast
import re
from importlib.resources import files

import jinja2
import pytest

from briefgen.errors import ConfigError
from briefgen.locale import shipped_languages, translations
from briefgen.locale.catalogs import placeholders
from briefgen.locale.registry import catalog

REQUIRED = (
    "Contents",
    "Sources",
    "Notes",
    "Page {page} of {total}",
    "Figure",
    "Table",
    "Source",
    "Key figures",
    "Language",
    "Edition of",
    "Executive summary",
    "What changed since the last edition",
    "Briefing",
)
# The briefing's own title, subtitle and keywords belong to its settings, not to briefgen's UI strings.
REMOVED = (
    "Qingdao and Laoshan",
    "Innovation, industry and cooperation",
    "Qingdao and Laoshan: innovation, industry and cooperation",
    "innovation",
    "virtual reality",
    "marine economy",
    "green transformation",
)
TRANSLATED = tuple(lang for lang in shipped_languages() if lang != "en")

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')
_CONTINUATION = re.compile(r'^(".*")$')


def raw_entries(text: str) -> list[dict[str, str]]:
    """The entries of a .po text as written, keyword -> string, duplicates and all (Babel merges them)."""
    entries, entry, keyword = [], {}, None
    for line in text.splitlines():
        line = line.strip()
        if match := _KEYWORD.match(line):
            if match[1] in ("msgctxt", "msgid") and "msgid" in entry and keyword != "msgctxt":
                entries.append(entry)
                entry = {}
            keyword = match[1]
            entry[keyword] = ast.literal_eval(match[2])
        elif keyword and (match := _CONTINUATION.match(line)):
            entry[keyword] += ast.literal_eval(match[1])
        else:
            keyword = None
    if "msgid" in entry:
        entries.append(entry)
    return entries


def duplicates(text: str) -> list[str]:
    seen, repeated = set(), []
    for entry in raw_entries(text):
        key = (entry.get("msgctxt"), entry["msgid"])
        if key in seen:
            repeated.append(entry["msgid"])
        seen.add(key)
    return repeated


def _po_text(lang: str) -> str:
    return (files("briefgen.locale") / "languages" / lang / "messages.po").read_text(encoding="utf-8")


def test_the_raw_reader_sees_a_duplicate_babel_would_merge():
    text = 'msgid ""\nmsgstr ""\n\nmsgid "Green"\nmsgstr "vert"\n\n#. again\nmsgid ""\n"Green"\nmsgstr "verte"\n'
    assert duplicates(text) == ["Green"]
    assert duplicates(text.replace('"Green"\nmsgstr "verte"', '"Red"\nmsgstr "rouge"')) == []


@pytest.mark.parametrize("lang", shipped_languages())
def test_each_msgid_is_written_once(lang):
    assert duplicates(_po_text(lang)) == []


@pytest.mark.parametrize("lang", shipped_languages())
def test_the_raw_text_and_babel_agree(lang):
    assert len(raw_entries(_po_text(lang))) == len(catalog(lang)) + 1  # + the header


def _ids(lang):
    return {m.id for m in catalog(lang) if m.id}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_language_holds_the_english_msgids(lang):
    assert _ids(lang) == _ids("en")


@pytest.mark.parametrize("lang", shipped_languages())
def test_translations_fill_the_placeholders_of_their_msgid(lang):
    for message in catalog(lang):
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        wanted = set().union(*(placeholders(i) for i in ids))
        for text in strings:
            assert not text or placeholders(text) == wanted, (lang, message.id, text)


def test_catalogs_hold_every_required_msgid_and_none_removed():
    ids = {m if isinstance(m, str) else m[0] for m in _ids("en")}
    assert set(REQUIRED) <= ids
    assert not set(REMOVED) & ids


def test_the_conflicting_french_duplicates_kept_the_translation_in_use():
    french = translations("fr")
    assert french.gettext("lower bound: the source says “more than” or “at least”") == (
        "borne inférieure\u00a0: la source indique «\u00a0plus de\u00a0» ou «\u00a0au moins\u00a0»"
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_not_fuzzy(lang):
    for message in catalog(lang):
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), message.id
            assert not message.fuzzy, message.id


def test_english_messages_fall_back_to_the_msgid():
    english = translations("en")
    assert [english.gettext(m) for m in REQUIRED] == list(REQUIRED)


@pytest.mark.parametrize(
    ("msgid", "fr"),
    [
        ("Contents", "Sommaire"),
        ("Table", "Tableau"),
        ("Key figures", "Chiffres clés"),
        ("Edition of", "Édition du"),
        ("Executive summary", "Synthèse"),
        ("Briefing", "Note d’information"),
    ],
)
def test_french_translations(msgid, fr):
    assert translations("fr").gettext(msgid) == fr


def test_french_plurals_follow_the_catalog_rule():
    french = translations("fr")
    assert french.ngettext("{n} point", "{n} points", 1) == "{n}\u00a0point"
    assert french.ngettext("{n} point", "{n} points", 0) == "{n}\u00a0point"
    assert french.ngettext("{n} point", "{n} points", 2) == "{n}\u00a0points"


def test_translations_are_compiled_once_per_language():
    assert translations("fr") is translations("fr")
    assert translations("fr") is not translations("en")


def test_unknown_catalog_is_refused_as_a_config_error():
    with pytest.raises(ConfigError, match='^locale: language "it" has no house style'):
        translations("it")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Sommaire — Page 2 sur 9"), ("en", "Contents — Page 2 of 9")],
)
def test_translations_work_with_jinja_i18n(lang, expected):
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined)
    env.install_gettext_translations(translations(lang), newstyle=True)
    template = env.from_string('{{ _("Contents") }} — {{ _("Page {page} of {total}").format(page=2, total=9) }}')
    assert template.render() == expected
