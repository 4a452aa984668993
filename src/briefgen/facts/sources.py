"""Read sources.yaml: the articles the store cites, each stored as a text file under sources/."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from briefgen.facts.model import Article, Source
from briefgen.facts.record import Record, shown, subject
from briefgen.facts.yamlfile import Located, read_yaml
from briefgen.vocabulary import LANGUAGE_CODE

SOURCES_FILE = "sources.yaml"
TEXTS_FOLDER = "sources"
SOURCES_LOCK = ".sources.lock"
"""The file `sources add` locks while it changes sources.yaml: empty, kept once made, no part of the store.

Named as `digests.LOCK_FILE` names locks, so that no build takes it for an input.
"""
STORED_TEXT = re.compile(r"\d{3,}_[0-9a-f]{16}\.txt")
"""The name `sources add` gives a stored text: NNN_<digest>.txt."""

SOURCE_ID = re.compile(r"[a-z][a-z0-9_]*")
"""A source's id: a lower-case identifier."""

WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+[^\s]*")
"""What a source's `url` may be: briefings link to the web page of a source, nothing else.

No javascript:, file: or data: addresses, no spaces that would cut the link in two.
"""
_FIELDS = ("id", "title", "publisher", "via", "published", "language", "file", "url", "note", "articles")
_ARTICLE_FIELDS = ("id", "title", "starts")


def normalise_space(text: str) -> str:
    """`text` with every run of whitespace (line breaks and no-break spaces included) as one space."""
    return " ".join(text.split())


def read_sources(facts_dir: Path, problems: list[str]) -> tuple[dict[str, Source], dict[str, str], set[str]]:
    """The sources by id, their texts (whitespace-normalised) by id, and the ids declared but unusable.

    Problems are appended. A source whose file is missing or unreadable is
    still returned, without a text; one with a wrong field is left out but its
    id is given, so that facts citing it are not reported a second time.
    """
    where = f"{facts_dir.name}/{SOURCES_FILE}"
    data, read_problems = read_yaml(facts_dir / SOURCES_FILE, where)
    problems.extend(read_problems)
    if data is None:
        return {}, {}, set()
    if not isinstance(data, Located) or not isinstance(data.get("sources"), list):
        problems.append(f"{where}:1: expected a mapping with a list under `sources`")
        return {}, {}, set()
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    unusable: set[str] = set()
    for entry in data["sources"]:
        if not isinstance(entry, Located):
            problems.append(f"{where}:{data.line_of('sources')}: each source is a mapping, not {shown(entry)}")
            continue
        source = _read_source(entry, where, problems, sources)
        if source is None:
            if isinstance(entry.get("id"), str):
                unusable.add(entry["id"])
            continue
        sources[source.id] = source
        text = _read_text(facts_dir, source, entry, where, problems)
        if text is not None:
            texts[source.id] = text
            _check_articles(source, text, entry, where, problems)
        for article in source.articles:
            sources[article.id] = dataclasses.replace(source, id=article.id, title=article.title, articles=(),
                                                      note=f"An article of {source.id} ({source.title}).")
            if text is not None:
                texts[article.id] = text
    return sources, texts, unusable - set(sources)


def unregistered_texts(facts_dir: Path, named: set[str]) -> tuple[Path, ...]:
    """The texts in sources/ named as `sources add` names them but not in `named` (the files of sources.yaml).

    Such a text is what an add that stopped between storing the text and
    replacing sources.yaml leaves: complete, and cited by nothing.
    """
    folder = facts_dir / TEXTS_FOLDER
    if not folder.is_dir():
        return ()
    return tuple(sorted(path for path in folder.iterdir()
                        if STORED_TEXT.fullmatch(path.name) and path.name not in named and path.is_file()))


def article_of(source: Source, text: str | None, quote: str) -> str:
    """The id of the article of `source` that holds `quote` (`source.id` when it has no articles)."""
    if not source.articles or text is None:
        return source.id
    position = text.find(normalise_space(quote))
    chosen = source.id
    for article in source.articles:
        start = text.find(normalise_space(article.starts))
        if 0 <= start <= position:
            chosen = article.id
    return chosen


def _check_articles(source: Source, text: str, entry: Located, where: str, problems: list[str]) -> None:
    line = entry.line_of("articles")
    previous = -1
    for article in source.articles:
        start = text.find(normalise_space(article.starts))
        if start < 0:
            problems.append(f"{where}:{line}: source {source.id}: article {article.id}: starts "
                            f"{shown(article.starts)} is not in {TEXTS_FOLDER}/{source.file}")
        elif start <= previous:
            problems.append(f"{where}:{line}: source {source.id}: article {article.id} starts before the one above it")
        previous = max(previous, start)


def _read_source(entry: Located, where: str, problems: list[str], seen: dict[str, Source]) -> Source | None:
    record = Record(entry, where, subject("source", entry.get("id"), SOURCE_ID), problems, _FIELDS)
    source_id = record.text("id")
    if source_id is not None and not SOURCE_ID.fullmatch(source_id):
        record.problem("id", f"{shown(source_id)} is not a lower-case identifier")
        source_id = None
    if source_id is not None and source_id in seen:
        record.problem("id", "is used by another source above")
        source_id = None
    title = record.text("title")
    publisher = record.text("publisher")
    via = record.text("via", required=False)
    published = record.date("published")
    language = record.text("language")
    if language is not None and not LANGUAGE_CODE.fullmatch(language):
        record.problem("language", f"{shown(language)} is not a language code (like fr, de or pt_BR)")
        language = None
    file = record.text("file")
    url = record.text("url", required=False)
    if url is not None and not WEB_ADDRESS.fullmatch(url):
        record.problem("url", f"{shown(url)} is not a web address (http:// or https://, without spaces)")
        url = None
    note = record.text("note", required=False)
    articles = _read_articles(record, source_id, seen)
    if None in (source_id, title, publisher, published, language, file):
        return None
    return Source(
        id=source_id,
        title=title,
        publisher=publisher,
        published_as_stated=published.text,
        published_from=published.start,
        published=published.end,
        language=language,
        file=file,
        url=url,
        note=note,
        via=via,
        articles=articles,
    )


def _read_articles(record: Record, source_id: str | None, seen: dict[str, Source]) -> tuple[Article, ...]:
    articles = []
    for item in record.items("articles", required=False):
        if not isinstance(item, Located):
            record.problem("articles", f"each article is a mapping with id, title and starts, not {shown(item)}")
            continue
        nested = Record(item, record.where, record.subject, record.problems, _ARTICLE_FIELDS, prefix="articles.")
        article_id, title, starts = nested.text("id"), nested.text("title"), nested.text("starts")
        if article_id is not None and (not re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", article_id)
                                       or article_id.split(".")[0] != source_id or article_id in seen):
            nested.problem("id", f"{shown(article_id)} must be <source id>.<name>, used once")
            article_id = None
        if None not in (article_id, title, starts):
            articles.append(Article(article_id, title, starts))
    return tuple(articles)


def _read_text(facts_dir: Path, source: Source, entry: Located, where: str, problems: list[str]) -> str | None:
    folder = (facts_dir / TEXTS_FOLDER).resolve()
    path = (folder / source.file).resolve()
    line = entry.line_of("file")
    if folder not in path.parents:
        problems.append(f"{where}:{line}: source {source.id}: file {shown(source.file)} is outside {TEXTS_FOLDER}/")
        return None
    try:
        return normalise_space(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{where}:{line}: source {source.id}: file {TEXTS_FOLDER}/{source.file} does not exist")
    except UnicodeDecodeError:
        problems.append(f"{where}:{line}: source {source.id}: file {TEXTS_FOLDER}/{source.file} is not UTF-8 text")
    except OSError as error:
        problems.append(f"{where}:{line}: source {source.id}: file {TEXTS_FOLDER}/{source.file} cannot be read ({error.strerror})")
    return None
