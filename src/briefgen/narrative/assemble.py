"""Assemble one language's `Document` from the facts store, the config and the templates.

Order of the briefing: executive summary, key-figures panel, the configured
sections (each its template, then its charts and tables), and the sources
that were cited. The cover, contents and notes are the writers' job, from
the document's metadata and sources.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefgen.config import Config
from briefgen.document import Branding, Document, Heading, KeyFigure, KeyFigures, Meta, SourceEntry, Text, cited_source_ids
from briefgen.errors import TemplateError, collect
from briefgen.facts import FactStore
from briefgen.locale import Formatter, translations
from briefgen.narrative.context import FactsNamespace
from briefgen.narrative.environment import load_template, make_environment, render
from briefgen.narrative.markdown import to_blocks

TAGS = {"fr": "fr-FR", "en": "en-GB"}
SUMMARY = "summary"

# Section extras (charts, tables) come from a callable so that this module
# does not depend on matplotlib: (section, store, formatter) -> blocks.
Extras = Callable[[str, FactStore, Formatter], tuple]


@dataclass(frozen=True)
class Edition:
    """Which edition is built: its month, the as-of date of its facts, and its issue date."""

    period: datetime.date  # first day of the month
    as_of: datetime.date
    issued: datetime.date


def template_names(config: Config) -> tuple[str, ...]:
    """The template files a briefing needs, summary first."""
    return tuple(f"{name}.md" for name in (SUMMARY, *config.sections))


def check_templates(templates_dir: Path, languages: tuple[str, ...], config: Config) -> None:
    """Parse every template of every language; all problems are reported at once."""
    problems = []
    for lang in languages:
        env = make_environment(templates_dir, Formatter(lang))
        for name in template_names(config):
            try:
                load_template(env, name, _where(templates_dir, lang, name))
            except TemplateError as exc:
                problems.append(exc.message)
    collect(problems, TemplateError, "the templates")


def assemble(store: FactStore, config: Config, templates_dir: Path, lang: str, edition: Edition,
             extras: Extras | None = None, logo_png: bytes | None = None) -> Document:
    """The briefing in `lang`, with every figure formatted and cited."""
    fmt = Formatter(lang)
    _ = translations(lang).gettext
    env = make_environment(templates_dir, fmt)
    context = {"facts": FactsNamespace(store), "period": fmt.month(edition.period), "as_of": edition.as_of}

    blocks: list = []
    for index, name in enumerate((SUMMARY, *config.sections)):
        where = _where(templates_dir, lang, f"{name}.md")
        markdown = render(load_template(env, f"{name}.md", where), where, **context)
        blocks.extend(drop_empty_headings(to_blocks(markdown, where, _anchors(name), fmt.typography)))
        if index == 0:
            panel = key_figures(store, config, fmt)
            if panel is not None:
                blocks.append(panel)
        elif extras is not None:
            blocks.extend(extras(name, store, fmt))

    sources = tuple(_source_entry(store, sid, fmt) for sid in cited_source_ids(tuple(blocks)))
    meta = Meta(
        title=_("Qingdao and Laoshan"),
        subtitle=_("Innovation, industry and cooperation"),
        language=TAGS[lang],
        period=fmt.capitalize(fmt.month(edition.period)),
        edition_date=fmt.date(edition.issued),
        issued=edition.issued,
        organisation=config.organisation,
        keywords=("Qingdao", "Laoshan", "Sophia Antipolis", _("innovation"), _("virtual reality"),
                  _("marine economy"), _("green transformation")),
        labels=ui_labels(lang),
        branding=Branding(config.organisation, config.primary_color, config.accent_color, logo_png),
    )
    return Document(meta=meta, blocks=tuple(blocks), sources=sources)


def drop_empty_headings(blocks: tuple) -> tuple:
    """`blocks` without subheadings that head nothing (their sentences all dropped for lack of facts)."""
    kept: list = []
    for block in reversed(blocks):
        empty = isinstance(block, Heading) and block.level > 1 and (
            not kept or (isinstance(kept[-1], Heading) and kept[-1].level <= block.level))
        if not empty:
            kept.append(block)
    return tuple(reversed(kept))


def key_figures(store: FactStore, config: Config, fmt: Formatter) -> KeyFigures | None:
    """The panel of configured headline figures that the as-of date can see, or None if none."""
    items = []
    for fact_id in config.key_figures:
        obs = store.latest(fact_id)
        if obs is None:
            continue
        # The panel is terse: the source's conversion stays in the text.
        value = fmt.quantity(obs.value, obs.unit, obs.qualifier)
        label = fmt.typography(fmt.capitalize(store.fact(fact_id).label[fmt.lang]))
        items.append(KeyFigure(value=value, label=(Text(f"{label} ({obs.period})"),), source_id=obs.source_id))
    return KeyFigures(tuple(items)) if items else None


def ui_labels(lang: str) -> tuple[tuple[str, str], ...]:
    """The translated strings writers need, from the gettext catalog."""
    _ = translations(lang).gettext
    return (
        ("contents", _("Contents")),
        ("sources", _("Sources")),
        ("notes", _("Notes")),
        ("page_of", _("Page {page} of {total}")),
        ("figure", _("Figure")),
        ("table", _("Table")),
        ("source", _("Source")),
        ("key_figures", _("Key figures")),
        ("language", _("Language")),
        ("edition", _("Edition of")),
    )


def _source_entry(store: FactStore, source_id: str, fmt: Formatter) -> SourceEntry:
    source = store.sources[source_id]
    date = " – ".join(_stated_date(part, fmt) for part in source.published_as_stated.split("/"))
    return SourceEntry(source.id, fmt.typography(source.title), fmt.typography(source.publisher), date,
                       fmt.language_name(source.language), source.url or "")


def _stated_date(stated: str, fmt: Formatter) -> str:
    """A publication date at the precision the source states: day, month or year."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", stated):
        return fmt.date(stated)
    if re.fullmatch(r"\d{4}-\d{2}", stated):
        return fmt.month(stated)
    return stated


def _anchors(section: str) -> Callable[[int, str], str]:
    """Anchors for a section's headings: the section id, then section-2, section-3…"""
    count = 0

    def anchor(level: int, text: str) -> str:
        nonlocal count
        count += 1
        return section if count == 1 else f"{section}-{count}"

    return anchor


def _where(templates_dir: Path, lang: str, name: str) -> str:
    return str(templates_dir / lang / name)
