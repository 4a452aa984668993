"""The `briefgen changes` listing: figures added, revised and withdrawn between two editions, one a line."""

from __future__ import annotations

import datetime
from pathlib import Path

from briefgen.build import edition_figures, edition_for
from briefgen.changes import compare, figures_of
from briefgen.facts import load_store
from briefgen.narrative.assemble import changed_label, changed_text, language_tools


def changes_listing(facts_dir: Path, out_dir: Path, since: datetime.date, period: datetime.date, lang: str,
                    languages: tuple[str, ...] | None = None, locale_dir: Path | None = None) -> str:
    """The changes from the edition of `since` to that of `period`, in `lang`; one line when there are none.

    `languages` are the briefing's, which every label must be given in;
    `locale_dir` holds the project's overrides of house style and UI strings.
    """
    fmt, ui = language_tools(lang, locale_dir)
    _ = ui.gettext
    store = load_store(facts_dir, as_of=edition_for(period, None).as_of, languages=languages)
    changes = compare(edition_figures(store, out_dir, since), figures_of(store))
    if not changes:
        return _("No figure added, revised or withdrawn since {month}.").format(month=fmt.month(since))

    def label(fact_id: str) -> str:
        return changed_label(store, fact_id, fmt)

    def text(figure) -> str:
        return changed_text(figure, fmt)

    lines = [f"+ {label(f.fact_id)} ({f.period}): {text(f)}" for f in changes.added]
    lines += [f"~ {label(r.new.fact_id)} ({r.new.period}): {text(r.old)} -> {text(r.new)}" for r in changes.revised]
    lines += [f"- {label(f.fact_id)} ({f.period}): {text(f)}" for f in changes.withdrawn]
    return "\n".join(lines)
