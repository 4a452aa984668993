"""The gettext catalogs of UI strings and their use from Jinja2."""

import jinja2
import pytest

from briefgen.errors import ConfigError

from briefgen.locale import translations
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
    "Qingdao and Laoshan: innovation, industry and cooperation",
)


def _ids(lang):
    return {m.id for m in catalog(lang) if m.id}


def test_catalogs_hold_the_same_msgids():
    assert _ids("fr") == _ids("en")


def test_catalogs_hold_every_required_msgid():
    assert set(REQUIRED) <= {m if isinstance(m, str) else m[0] for m in _ids("fr")}


def test_every_french_message_is_translated_and_not_fuzzy():
    for message in catalog("fr"):
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
        (
            "Qingdao and Laoshan: innovation, industry and cooperation",
            "Qingdao et Laoshan\u00a0: innovation, industrie et coopération",
        ),
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
