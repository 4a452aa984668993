"""Narrative assembly: point-in-time editions, escaping, citations and empty subsections."""

from __future__ import annotations

import datetime

import pytest

from briefgen.build import edition_for
from briefgen.config import load_config
from briefgen.document import Citation, Heading, Paragraph, Strong, Text, dump
from briefgen.facts import load_store
from briefgen.narrative.assemble import assemble, drop_empty_headings
from briefgen.narrative.markdown import escape, to_blocks


def _document(repo, lang: str, as_of: datetime.date | None):
    config = load_config(repo / "briefgen.toml")
    edition = edition_for(datetime.date(2026, 11, 1) if as_of is None else as_of.replace(day=1), as_of)
    store = load_store(repo / "facts", as_of=edition.as_of)
    return assemble(store, config, repo / "templates", lang, edition).document


@pytest.mark.parametrize("lang,none_yet", [("fr", "Aucun chiffre publié"), ("en", "No figure published")])
def test_a_past_edition_holds_no_later_figure_and_says_so(repo, lang, none_yet):
    text = dump(_document(repo, lang, datetime.date(2023, 1, 1)))
    for later in ("86,55", "86.55", "920", "18 milliards", "18 billion", "20e", "20th"):
        assert later not in text
    assert none_yet in text
    assert "Qingdao, ville d’innovation" not in text and "Qingdao, a city of innovation" not in text


def test_every_citation_names_a_listed_source(repo):
    document = _document(repo, "fr", None)
    assert [s.id for s in document.sources]
    assert "[^" in dump(document)  # note numbers were resolved for every citation


def test_escaped_data_reads_back_literally():
    tricky = 'R&D <confidential> "Q&A" {{ 7*7 }} *star* _under_ [^x] # 1. -\nnext'
    blocks = to_blocks(f"Before {escape(tricky)} after[^src]", "t.md", lambda level, text: "a", lambda s: s)
    assert blocks == (Paragraph((Text(f"Before {tricky.replace(chr(10), ' ')} after"), Citation("src"))),)


def test_markdown_vocabulary_and_refusals():
    from briefgen.errors import TemplateError

    blocks = to_blocks("# Title\n\nSome **bold** text.\n", "t.md", lambda level, text: "x", lambda s: s)
    assert blocks[0] == Heading(1, (Text("Title"),), "x")
    assert blocks[1] == Paragraph((Text("Some "), Strong((Text("bold"),)), Text(" text.")))
    with pytest.raises(TemplateError, match="t.md:3: unsupported Markdown"):
        to_blocks("Text\n\n```\ncode\n```\n", "t.md", lambda level, text: "x", lambda s: s)


def test_headings_heading_nothing_are_dropped():
    h1, h2, p = Heading(1, (Text("A"),), "a"), Heading(2, (Text("B"),), "b"), Paragraph((Text("x"),))
    assert drop_empty_headings((h1, h2)) == ()  # the whole section goes
    other = Heading(1, (Text("C"),), "c")
    assert drop_empty_headings((h1, other, p)) == (other, p)  # "À retenir" with no key point yet
    assert drop_empty_headings((h1, h2, p, h2)) == (h1, h2, p)
    assert drop_empty_headings((h1, h2, h2, p)) == (h1, h2, p)
