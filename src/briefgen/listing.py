"""The `briefgen changes` listing: figures added, revised and withdrawn between two editions, one a line."""

from __future__ import annotations

import datetime
from pathlib import Path

from briefgen.build import edition_figures, edition_for
from briefgen.changes import compare, figures_of
from briefgen.facts import load_store
from briefgen.locale import Formatter, translations
from briefgen.narrative.assemble import changed_label, changed_text


def changes_listing(facts_dir: Path, out_dir: Path, since: datetime.date, period: datetime.date, lang: str) -> str:
    """The changes from the edition of `since` to that of `period`, in `lang`; one line when there are none."""
    fmt = Formatter(lang)
    _ = translations(lang).gettext
    store = load_store(facts_dir, as_of=edition_for(period, None).as_of)
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
