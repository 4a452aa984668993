"""The `briefgen changes` listing: figures added, revised and withdrawn between two editions, one a line."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from briefgen.changes import compare, figures_of
from briefgen.editions import edition_for, figures_then, month_folder
from briefgen.facts import load_store
from briefgen.manifest import recorded
from briefgen.narrative.assemble import changed_label, changed_text, language_tools

# What a terminal must not be sent from a label or a manifest: C0 and C1 controls (escape sequences start
# with ESC or CSI) and the bidirectional controls that reorder what follows them; line breaks and tabs
# become spaces, so a text cannot start a line of its own.
_LINE_BREAKS = re.compile("[\t\n\v\f\r\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_line(text: str) -> str:
    """`text` safe to print as (part of) one line of a terminal: line breaks as spaces, controls removed."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text))


def changes_listing(facts_dir: Path, out_dir: Path, since: datetime.date, period: datetime.date, lang: str,
                    languages: tuple[str, ...] | None = None,
                    locale_dir: Path | None = None) -> tuple[str, list[str]]:
    """The changes from the edition of `since` to that of `period`, in `lang`, and warnings for the user.

    There is one line when there are no changes. The edition of `since` is
    its manifest when built here, else the facts as they stood then; a
    warning names a manifest ignored, or recorded figures skipped, as not
    valid. `languages` are the briefing's, which every label must be given
    in; `locale_dir` holds the project's overrides of house style and UI
    strings.
    """
    fmt, ui = language_tools(lang, locale_dir)
    _ = ui.gettext
    store = load_store(facts_dir, as_of=edition_for(period, None).as_of, languages=languages)
    before, warnings = recorded(month_folder(out_dir, since))
    changes = compare(before if before is not None else figures_then(store, since), figures_of(store))
    if not changes:
        return _("No figure added, revised or withdrawn since {month}.").format(month=fmt.month(since)), warnings

    def label(fact_id: str) -> str:
        return terminal_line(changed_label(store, fact_id, fmt))

    def text(figure) -> str:
        return terminal_line(changed_text(figure, fmt))

    lines = [f"+ {label(f.fact_id)} ({terminal_line(f.period)}): {text(f)}" for f in changes.added]
    lines += [f"~ {label(r.new.fact_id)} ({terminal_line(r.new.period)}): {text(r.old)} -> {text(r.new)}"
              for r in changes.revised]
    lines += [f"- {label(f.fact_id)} ({terminal_line(f.period)}): {text(f)}" for f in changes.withdrawn]
    return "\n".join(lines), warnings
