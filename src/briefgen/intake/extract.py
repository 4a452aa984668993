"""`briefgen facts extract`: read a registered source, propose its figures, write them as a draft topic file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from briefgen.digests import DRAFTS_FOLDER
from briefgen.errors import FactsError, UsageError
from briefgen.facts.draft import is_topic_name
from briefgen.facts.loader import read_facts
from briefgen.facts.model import Source
from briefgen.facts.sources import SOURCES_FILE, TEXTS_FOLDER, normalise_space, read_sources
from briefgen.intake import words
from briefgen.intake.clauses import line_breaks
from briefgen.intake.draft import draft_text, write_draft
from briefgen.intake.entities import mentions, spellings, subject_kinds
from briefgen.intake.proposals import Article, Proposal, known_fact, propose, suggested_id


def articles_of(source: Source, text: str, wanted: str, breaks: frozenset[int] = frozenset()) -> list[Article]:
    """The articles of `source` to read: each sub-article from its `starts` to the next one's, or the whole text.

    `wanted` is the id asked for: the source (all its articles) or one article;
    `breaks` are where the stored text had line breaks (see clauses.line_breaks).
    """
    family = frozenset({source.id})
    if not source.articles:
        return [Article(source.id, source.language, source.published_as_stated, 0, len(text), family, breaks)]
    starts = [text.find(normalise_space(article.starts)) for article in source.articles]
    ends = starts[1:] + [len(text)]
    return [Article(article.id, source.language, source.published_as_stated, start, end, family | {article.id},
                    breaks)
            for article, start, end in zip(source.articles, starts, ends) if wanted in (source.id, article.id)]


def _line_breaks(facts_dir: Path, source: Source, text: str) -> frozenset[int]:
    """The line breaks of the stored text of `source`, none when it cannot be read again as it was."""
    try:
        raw = (facts_dir / TEXTS_FOLDER / source.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return line_breaks(raw) if normalise_space(raw) == text else frozenset()


def extract(facts_dir: Path, source_id: str, languages: tuple[str, ...] | None = None,
            skip_known: bool = True, locale_dir: Path | None = None) -> tuple[Source, list[Proposal]]:
    """The proposals of source (or article) `source_id` of the store in `facts_dir`, each with a free id.

    The article's language is read with the words of its intake.toml: the
    project's (`locale_dir`/<lang>/intake.toml) when it has one, else the shipped one.

    With `skip_known`, a proposal the store already holds names that fact in
    `known_as` (it is written as a comment, not proposed again); without, every
    figure found is a proposal, as a measure of the engine needs.
    """
    problems: list[str] = []
    sources, texts, _unusable = read_sources(facts_dir, problems)
    if source_id not in sources:
        known = ", ".join(sorted(s for s in sources if "." not in s)) or "none"
        raise UsageError(f"{source_id!r} is not a source of {facts_dir / SOURCES_FILE} (known: {known})")
    source = sources[source_id.split(".")[0]]  # an article's id is <source id>.<name>
    words.use_project(locale_dir)
    if not words.readable(source.language):
        raise UsageError(f"source {source.id} is in {source.language!r}: facts extract reads articles in "
                         f"{' and '.join(words.shipped_languages())}; write locale/{source.language}/{words.FILE} "
                         f"in the project (the words of a shipped intake.toml, translated; see README "
                         f"\"Adding a language\"), or this article's facts by hand")
    if source.id not in texts:
        raise FactsError(f"source {source.id}: no readable text at {facts_dir / TEXTS_FOLDER / source.file}"
                         + (f" ({problems[0]})" if problems else ""))
    store = read_facts(facts_dir, languages)
    text = texts[source.id]
    found = mentions(text, spellings(store.names, subject_kinds(store.names, (f.entity for f in store.facts))))
    facts = list(store.facts)
    taken = {fact.id for fact in facts} | {statement.id for statement in store.statements}
    proposals: list[Proposal] = []
    for article in articles_of(source, text, source_id, _line_breaks(facts_dir, source, text)):
        for proposal in propose(text, article, found):
            known_as = known_fact(proposal, facts, article.family) if skip_known else None
            fact_id = None if known_as else suggested_id(proposal.entity, proposal.label, proposal.unit, taken,
                                                             source.language)
            proposals.append(dataclasses.replace(proposal, fact_id=fact_id, known_as=known_as))
    return source, proposals


def extract_command(facts_dir: Path, source_id: str, topic: str | None, out: Path | None,
                    languages: tuple[str, ...] | None, locale_dir: Path | None = None) -> str:
    """Run `facts extract`: write the draft (to `out`, default facts/drafts/<source>.yaml; "-" prints it).

    Returns the line to print: the draft itself for "-", else what was written.
    """
    if topic is not None and not is_topic_name(topic):
        raise UsageError(f"--topic {topic!r} is not a topic name (a topic file's name, without .yaml: lower-case "
                         "letters, digits, _ and -; not sources, names or rates)")
    source, proposals = extract(facts_dir, source_id, languages, locale_dir=locale_dir)
    text = draft_text(source_id, topic, proposals, languages or (source.language,), source.language)
    new = sum(1 for p in proposals if p.known_as is None)
    if out is not None and str(out) == "-":
        return text.rstrip("\n")
    path = out or facts_dir / DRAFTS_FOLDER / f"{source_id}.yaml"
    write_draft(path, text)
    return f"wrote {path}: {new} figure(s) proposed, {len(proposals) - new} already in the store"
