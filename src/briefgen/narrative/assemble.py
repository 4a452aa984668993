"""Assemble one language's `Document` from the facts store, the config and the templates.

Order of the briefing: executive summary, key-figures panel, the configured
sections (each its template, then its charts and tables), and the sources
that were cited. The cover, contents and notes are the writers' job, from
the document's metadata and sources.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefgen.changes import Changes
from briefgen.changes import Figure as ChangedFigure
from briefgen.config import Config
from briefgen.document import (Branding, Document, Emph, Heading, KeyFigure, KeyFigures, Meta, Paragraph, SourceEntry,
                               Text, cited_source_ids)
from briefgen.errors import ConfigError, TemplateError, collect
from briefgen.facts import FactStore, Observation
from briefgen.locale import Formatter, translations
from briefgen.narrative.context import FactsNamespace
from briefgen.narrative.environment import HISTORICAL_MARK, Markdown, Usage, load_template, make_environment, render
from briefgen.narrative.markdown import escape, to_blocks

TAGS = {"fr": "fr-FR", "en": "en-GB"}
SUMMARY = "summary"
CHANGES = "changes"
CHANGES_SHOWN = 10  # a longer list is cut, saying how many more there are

# Section extras (charts, tables) come from a callable so that this module
# does not depend on matplotlib: (section, store, formatter) -> blocks.
Extras = Callable[[str, FactStore, Formatter], tuple]


@dataclass(frozen=True)
class Edition:
    """Which edition is built: its month, the as-of date of its facts, and its issue date."""

    period: datetime.date  # first day of the month
    as_of: datetime.date
    issued: datetime.date


@dataclass(frozen=True)
class Assembled:
    """A language's document, with the figures it showed that count as historical context."""

    document: Document
    historical: tuple[Observation, ...]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter).

    A result outside the calendar's years 1 to 9999 is a ConfigError, as the
    date and the count come from the command line or the settings.
    """
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        count = f"{months} month" if abs(months) == 1 else f"{months} months"
        raise ConfigError(f"{count} before {day.isoformat()} is outside the calendar "
                          f"(years {datetime.MINYEAR} to {datetime.MAXYEAR})")
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def template_names(config: Config) -> tuple[str, ...]:
    """The template files a briefing needs, in reading order."""
    return tuple(f"{name}.md" for name in (SUMMARY, CHANGES, *config.sections))


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
             extras: Extras | None = None, logo_png: bytes | None = None,
             changes: Changes | None = None, previous: datetime.date | None = None) -> Assembled:
    """The briefing in `lang`, with every figure formatted and cited.

    `changes` since the `previous` edition's month fill the "what changed"
    section; None leaves that section out.
    """
    fmt = Formatter(lang)
    _ = translations(lang).gettext
    usage = Usage(historical_before=months_before(edition.as_of, config.stale_after_months))
    env = make_environment(templates_dir, fmt, usage)
    context = {"facts": FactsNamespace(store), "period": fmt.month(edition.period), "as_of": edition.as_of}

    blocks: list = []
    names = [SUMMARY] + ([CHANGES] if changes is not None else []) + list(config.sections)
    for name in names:
        where = _where(templates_dir, lang, f"{name}.md")
        extra_context = {"changes": changes_context(changes, store, fmt, previous)} if name == CHANGES else {}
        shown_before = len(usage.shown)
        markdown = render(load_template(env, f"{name}.md", where), where, **context, **extra_context)
        blocks.extend(drop_empty_headings(to_blocks(markdown, where, _anchors(name), fmt.typography)))
        if name == SUMMARY:
            panel = key_figures(store, config, fmt)
            if panel is not None:
                blocks.append(panel)
        elif name != CHANGES:
            if extras is not None:
                blocks.extend(extras(name, store, fmt))
            shown = usage.shown[shown_before:]
            newest = max((o.published for o in shown), default=None)
            if newest is not None:
                note = _("Newest figure in this section published in {month}.").format(month=fmt.month(newest))
                if any(usage.is_historical(o) for o in shown):
                    note += " " + HISTORICAL_MARK + " " + _(
                        "Published more than {months} months before this edition: historical context."
                    ).format(months=config.stale_after_months)
                blocks.append(Paragraph((Emph((Text(fmt.typography(note)),)),)))

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
    historical = tuple(dict.fromkeys(o for o in usage.shown if usage.is_historical(o)))
    return Assembled(Document(meta=meta, blocks=tuple(blocks), sources=sources), historical)


def changed_label(store: FactStore, fact_id: str, fmt: Formatter) -> str:
    """A changed figure's label; its id when the fact is no longer in the store (withdrawn)."""
    return fmt.capitalize(store.fact(fact_id).label[fmt.lang]) if fact_id in store.fact_ids() else fact_id


def changed_text(figure: ChangedFigure, fmt: Formatter) -> str:
    """A changed figure as prose, with its qualifier: "plus de 18 milliards de yuans"."""
    return fmt.quantity(figure.value, figure.unit, figure.qualifier)


def changes_context(changes: Changes, store: FactStore, fmt: Formatter, previous: datetime.date | None) -> dict:
    """What the "what changed" template shows: labelled, formatted figures, the list cut at CHANGES_SHOWN."""

    def label(fact_id: str) -> str:
        return changed_label(store, fact_id, fmt)

    def text(figure: ChangedFigure) -> str:
        return changed_text(figure, fmt)

    def cited(figure: ChangedFigure) -> Markdown:
        return Markdown(escape(text(figure)) + f"[^{figure.source_id}]")

    items = (
        [{"kind": "added", "label": label(f.fact_id), "period": f.period, "figure": cited(f)} for f in changes.added]
        + [{"kind": "revised", "label": label(r.new.fact_id), "period": r.new.period, "old": text(r.old),
            "figure": cited(r.new)} for r in changes.revised]
        + [{"kind": "withdrawn", "label": label(f.fact_id), "period": f.period, "old": text(f)}
           for f in changes.withdrawn]
    )
    return {
        "any": bool(changes),
        "entries": items[:CHANGES_SHOWN],
        "more": max(0, len(items) - CHANGES_SHOWN),
        "previous": fmt.month(previous) if previous else "",
    }


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
    fmt = Formatter(lang)
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
        ("language_name", fmt.language_name(lang)),
        # French typography sets a no-break space before a colon; the locale layer knows the rule.
        ("colon", fmt.typography("x: ")[1:]),
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
