"""Assemble one language's `Document` from the facts store, the settings and the templates.

The briefing is the settings' sections in order, each its template rendered
and parsed; charts, tables and the key-figures panel are blocks the templates
place (see figures.py), and the sources cited make the list of sources. The
cover, contents and notes are the writers' job, from the document's metadata
and sources.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefgen.changes import Changes
from briefgen.changes import Figure as ChangedFigure
from briefgen.config import Config
from briefgen.document import (Branding, BulletList, Document, Emph, Heading, Link, Meta, Paragraph, SourceEntry, Strong,
                               cited_source_ids, ordinal_inlines)
from briefgen.errors import ConfigError
from briefgen.facts import FactStore, Observation
from briefgen.locale import Formatter, translations
from briefgen.narrative.context import FactsNamespace, NamesNamespace
from briefgen.narrative.environment import Markdown, Usage, load_template, make_environment, render
from briefgen.narrative.figures import ChartDrawing, Figures
from briefgen.narrative.markdown import escape, to_blocks

CHANGES_SHOWN = 10  # a longer list is cut, saying how many more there are


@dataclass(frozen=True)
class Edition:
    """Which edition is built: its month, the as-of date of its facts, and its issue date."""

    period: datetime.date  # first day of the month
    as_of: datetime.date
    issued: datetime.date


@dataclass(frozen=True)
class Assembled:
    """A language's document, the figures it showed, and those of them that count as historical context."""

    document: Document
    historical: tuple[Observation, ...]
    shown: tuple[Observation, ...] = ()


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


def language_tools(lang: str, locale_dir: Path | None):
    """The language's `Formatter` and UI translations, with the project's overrides from `locale_dir`."""
    return Formatter(lang, locale_dir), translations(lang, locale_dir)


def assemble(store: FactStore, config: Config, templates_dir: Path, lang: str, edition: Edition,
             drawing: ChartDrawing = ChartDrawing(), logo_png: bytes | None = None,
             changes: Changes | None = None, previous: datetime.date | None = None,
             locale_dir: Path | None = None) -> Assembled:
    """The briefing in `lang`, with every figure formatted and cited.

    `changes` since the `previous` edition's month are what templates see as
    `changes`; None (nothing to compare with) gives them `changes` none, so
    the section that lists them drops itself. `drawing` says how charts are
    drawn (colours, and the image formats the writers read).
    """
    fmt, ui = language_tools(lang, locale_dir)
    usage = Usage(historical_before=months_before(edition.as_of, config.stale_after_months))
    env = make_environment(templates_dir, fmt, usage, ui)
    figures = Figures(store, fmt, ui, drawing, config.key_figures, Markdown, usage, config.stale_after_months)
    env.globals.update(figures.globals())
    context = {
        "facts": FactsNamespace(store),
        "names": NamesNamespace(store, lang),
        "period": fmt.month(edition.period),
        "as_of": edition.as_of,
        "changes": changes_context(changes, store, fmt, previous) if changes is not None else None,
    }
    blocks: list = []
    for name in config.sections:
        where = template_path(templates_dir, lang, name)
        markdown = render(load_template(env, f"{name}.md", where), where, **context)
        parsed = to_blocks(markdown, where, _anchors(name), fmt.typography, fmt.ordinal_suffixes())
        section = figures.placed.resolve(parsed, where)
        section = drop_empty_headings(section, figures.placed.notes)
        if not all(isinstance(block, Heading) for block in section):  # a section whose text all dropped goes
            blocks.extend(section)
    blocks = unlink_missing_anchors(figures.complete(blocks))

    sources = tuple(_source_entry(store, sid, fmt, ui) for sid in cited_source_ids(tuple(blocks)))
    meta = Meta(
        title=config.title[lang],
        subtitle=config.subtitle[lang],
        language=fmt.tag,
        period=fmt.capitalize(fmt.month(edition.period)),
        # The day of a date is an ordinal in some languages ("1er novembre"): its suffix is raised.
        edition_date=ordinal_inlines(fmt.ordinal(edition.issued.day), fmt.date(edition.issued)),
        issued=edition.issued,
        organisation=config.organisation,
        keywords=config.keywords[lang],
        labels=ui_labels(fmt, ui),
        branding=Branding(config.organisation, config.primary_color, config.accent_color, logo_png),
        page_size=config.page_size,
        kind=config.kind[lang] or ui.gettext("Briefing"),
        contact=config.contact,
        classification=config.classification[lang],
    )
    historical = tuple(dict.fromkeys(o for o in usage.shown if usage.is_historical(o)))
    return Assembled(Document(meta=meta, blocks=tuple(blocks), sources=sources), historical,
                     tuple(dict.fromkeys(usage.shown)))


def unlink_missing_anchors(blocks: list) -> list:
    """`blocks` with each link to "#anchor" that no heading has (its section left out) turned back into text."""
    anchors = {b.anchor for b in blocks if isinstance(b, Heading)}

    def inlines(nodes: tuple) -> tuple:
        out = []
        for node in nodes:
            if isinstance(node, Link) and node.url.startswith("#") and node.url[1:] not in anchors:
                out.extend(inlines(node.children))
            elif isinstance(node, (Link, Strong, Emph)):
                out.append(dataclasses.replace(node, children=inlines(node.children)))
            else:
                out.append(node)
        return tuple(out)

    fixed = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = Paragraph(inlines(block.inlines))
        elif isinstance(block, BulletList):
            block = BulletList(tuple(inlines(item) for item in block.items))
        fixed.append(block)
    return fixed


def template_path(templates_dir: Path, lang: str, section: str) -> str:
    """A section's template file as messages name it: templates/fr/green.md."""
    return str(templates_dir / lang / f"{section}.md")


def changed_label(store: FactStore, fact_id: str, fmt: Formatter) -> str:
    """A changed figure's label; its id when the fact is no longer in the store (withdrawn)."""
    label = store.fact(fact_id).label.get(fmt.lang) if fact_id in store.fact_ids() else None
    return fmt.capitalize(label) if label else fact_id


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


def drop_empty_headings(blocks: tuple, notes: list = ()) -> tuple:
    """`blocks` without headings that head nothing (their sentences all dropped for lack of facts).

    A section's closing note (one of `notes`) is not what a subheading heads:
    the subheading before it goes when nothing else follows it.
    """
    kept: list = []
    note_ids = {id(note) for note in notes}
    following = None  # the nearest block kept after this one that is not a note
    for block in reversed(blocks):
        empty = isinstance(block, Heading) and (
            following is None or (isinstance(following, Heading) and following.level <= block.level))
        if not empty:
            kept.append(block)
            if id(block) not in note_ids:
                following = block
    return tuple(reversed(kept))


def ui_labels(fmt: Formatter, ui) -> tuple[tuple[str, str], ...]:
    """The translated strings writers need, from the language's UI strings `ui` (gettext)."""
    _ = ui.gettext
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
        ("contact", _("Contact")),
        ("language_name", fmt.language_name(fmt.lang)),
        # French typography sets a no-break space before a colon; the locale layer knows the rule.
        ("colon", fmt.typography("x: ")[1:]),
    )


def _source_entry(store: FactStore, source_id: str, fmt: Formatter, ui) -> SourceEntry:
    """The line of the list of sources: title, publisher (and the site it was read on), date, language."""
    source = store.sources[source_id]
    publisher = source.publisher if source.via is None else ui.gettext("{publisher}, via {via}").format(
        publisher=source.publisher, via=source.via)
    return SourceEntry(source.id, fmt.typography(source.title), fmt.typography(publisher),
                       fmt.stated(source.published_as_stated), fmt.language_name(source.language),
                       source.url or "")


def _anchors(section: str) -> Callable[[int, str], str]:
    """Anchors for a section's headings: the section id, then section-2, section-3…"""
    count = 0

    def anchor(level: int, text: str) -> str:
        nonlocal count
        count += 1
        return section if count == 1 else f"{section}-{count}"

    return anchor
