"""French and English running-text typography and French elision."""

import pytest

from briefgen.locale import Formatter

FR = Formatter("fr")
EN = Formatter("en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pourquoi ?", "Pourquoi\u202f?"),
        ("Pourquoi?", "Pourquoi\u202f?"),
        ("Enfin !", "Enfin\u202f!"),
        ("un ; deux", "un\u202f; deux"),
        ("Vraiment ?!", "Vraiment\u202f?!"),
        ("Sources : voir", "Sources\u00a0: voir"),
        ("Sources: voir", "Sources\u00a0: voir"),
        ("Sources\u202f: voir", "Sources\u00a0: voir"),
        ("Note :", "Note\u00a0:"),
        ("« texte »", "«\u00a0texte\u00a0»"),
        ("«texte»", "«\u00a0texte\u00a0»"),
        ("« Allez ! »", "«\u00a0Allez\u202f!\u00a0»"),
        ("l'usine aujourd'hui", "l’usine aujourd’hui"),
        ("à 10:30 le 3:2", "à 10:30 le 3:2"),
        ("180\u202f000 yuans ; 86,55\u00a0%", "180\u202f000 yuans\u202f; 86,55\u00a0%"),
        ("voir https://example.org/a?b=1&c='d' ; fin", "voir https://example.org/a?b=1&c='d'\u202f; fin"),
        ("www.example.org/x:y", "www.example.org/x:y"),
        ("![logo](logo.png)", "![logo](logo.png)"),
        ("**Note** : texte", "**Note**\u00a0: texte"),
    ],
)
def test_french_typography(text, expected):
    assert FR.typography(text) == expected


def test_french_typography_is_idempotent():
    text = "Note : l'usine ? « oui » ; https://a.org/?x=1 !"
    once = FR.typography(text)
    assert FR.typography(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qingdao's port", "Qingdao’s port"),
        ("Why? Because: this", "Why? Because: this"),
        ('a "quote"', 'a "quote"'),
        ("see https://example.org/it's", "see https://example.org/it's"),
    ],
)
def test_english_typography(text, expected):
    assert EN.typography(text) == expected


@pytest.mark.parametrize(
    ("word", "next_word", "expected"),
    [
        ("de", "euros", "d’euros"),
        ("de", "yuans", "de yuans"),
        ("de", "dollars", "de dollars"),
        ("de", "habitants", "d’habitants"),
        ("de", "hectares", "d’hectares"),
        ("de", "hausse", "de hausse"),
        ("le", "hangar", "le hangar"),
        ("le", "hôpital", "l’hôpital"),
        ("la", "économie", "l’économie"),
        ("la", "Île", "l’Île"),
        ("le", "onze", "le onze"),
        ("De", "euros", "D’euros"),
        ("que", "il", "qu’il"),
        ("de", "Yvelines", "d’Yvelines"),
        ("de", "2\u202f000", "de 2\u202f000"),
        ("pour", "euros", "pour euros"),
    ],
)
def test_french_elision(word, next_word, expected):
    assert FR.elide(word, next_word) == expected


def test_english_does_not_elide():
    assert EN.elide("de", "euros") == "de euros"
