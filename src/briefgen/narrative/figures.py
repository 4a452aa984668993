"""The blocks a template places beside its text: charts, tables, the key-figures panel, a section's closing note.

A template writes `{{ chart.bars([facts.a, facts.b], caption="…", axis="…") }}`,
`{{ chart.change(facts.c, caption="…", axis="…") }}`, `{{ table([facts.x, facts.y],
caption="…") }}`, `{{ key_figures() }}` or `{{ freshness() }}` on a line of its
own. Each call builds its document block at once, from the facts as the
edition sees them and with every value formatted by the build's `Formatter`,
and leaves a marker in the Markdown that `Placed.resolve` swaps for the block
once the text is parsed. A chart or table whose facts have nothing published
by the as-of date is left out rather than drawn half empty. Captions and axis
titles are written by the template, in its language.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Sequence

from briefgen.charts import IMAGE_FORMATS, BarChart, ChangeChart, ChartColors, ChartError, render_chart
from briefgen.document import Emph, Figure, Image, KeyFigure, KeyFigures, Paragraph, Table, Text
from briefgen.errors import TemplateError
from briefgen.facts import FactStore, Observation
from briefgen.locale import Formatter
from briefgen.locale.numbers import to_decimal
from briefgen.narrative.context import FactView
from briefgen.narrative.environment import HISTORICAL_MARK
from briefgen.narrative.markdown import BLOCK_CLOSE as CLOSE
from briefgen.narrative.markdown import BLOCK_OPEN as OPEN
from briefgen.vocabulary import CURRENCIES


CHART_WIDTH_CM = 15.0
CHART_HEIGHT_CM = 7.0
_BILLION = 1e9
CAPTION_LIMIT = 300  # a caption is a line or two under a chart or above a table


@dataclass(frozen=True)
class ChartDrawing:
    """How a build draws charts: colours and the image formats its writers read ("png", "svg")."""

    colors: ChartColors = ChartColors()
    formats: tuple[str, ...] = IMAGE_FORMATS

    def render(self, spec) -> Image:
        return render_chart(spec, width_cm=CHART_WIDTH_CM, height_cm=CHART_HEIGHT_CM, colors=self.colors,
                            formats=self.formats)


@dataclass
class Placed:
    """The blocks template calls have placed so far, numbered in the order they were placed."""

    blocks: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # closing notes, which head nothing: see assemble.drop_empty_headings

    def add(self, block) -> str:
        """The marker that stands for `block` in the Markdown, where the template must give it a paragraph of its own."""
        self.blocks.append(block)
        return f"{OPEN}{len(self.blocks) - 1}{CLOSE}"

    def resolve(self, blocks: tuple, where: str) -> tuple:
        """`blocks` with each marker paragraph replaced by its block; a marker inside a sentence is an error."""
        resolved = []
        for block in blocks:
            text = _marker_text(block)
            if text is not None and text.startswith(OPEN) and text.endswith(CLOSE) and text[1:-1].isdigit():
                resolved.append(self.blocks[int(text[1:-1])])
                continue
            if _holds_marker(block):  # a marker left inside a sentence, a list or a heading
                raise TemplateError(f"{where}: a chart, table or key-figures panel must stand on a line of its own, "
                                    "with a blank line before and after it, not inside a sentence or a list")
            resolved.append(block)
        return tuple(resolved)


def _holds_marker(node) -> bool:
    """Whether any text inside `node` (a block, its inlines, list items…) holds a marker."""
    if isinstance(node, str):
        return OPEN in node
    if isinstance(node, tuple):
        return any(_holds_marker(child) for child in node)
    if dataclasses.is_dataclass(node):
        return any(_holds_marker(getattr(node, f.name)) for f in dataclasses.fields(node))
    return False


def _marker_text(block) -> str | None:
    if isinstance(block, Paragraph) and len(block.inlines) == 1 and isinstance(block.inlines[0], Text):
        return block.inlines[0].text.strip()
    return None


@dataclass
class SectionUsage:
    """Where the current section's figures start in the list of figures shown, for its closing note."""

    start: int = 0


class Figures:
    """The functions one language's templates call to place blocks; see the module docstring.

    `ui` holds the language's UI strings (gettext); `markup` turns a marker
    into the Markdown value the environment prints unescaped; `shown()` gives
    the observations templates have shown so far, and `is_historical(obs)`
    whether one counts as historical context. `drawing` None checks the
    templates without drawing a chart.
    """

    def __init__(self, store: FactStore, fmt: Formatter, ui, drawing: ChartDrawing | None,
                 key_figure_ids: Sequence[str], markup: Callable[[str], str], shown: Callable[[], list[Observation]],
                 is_historical: Callable[[Observation], bool], stale_after_months: int):
        self._store = store
        self._fmt = fmt
        self.ui = ui
        self._drawing = drawing
        self._key_figure_ids = tuple(key_figure_ids)
        self._markup = markup
        self._shown = shown
        self._is_historical = is_historical
        self._stale_after_months = stale_after_months
        self.placed = Placed()
        self.section = SectionUsage()
        self.chart = ChartFunctions(self)

    def globals(self) -> dict:
        """What templates see: `chart`, `table`, `key_figures` and `freshness`."""
        return {"chart": self.chart, "table": self.table, "key_figures": self.key_figures,
                "freshness": self.freshness}

    def start_section(self) -> None:
        """Mark the start of a section, for `freshness()`."""
        self.section.start = len(self._shown())

    def place(self, block) -> str:
        return self._markup("" if block is None else self.placed.add(block))

    # Template functions

    def table(self, facts: Sequence[FactView], caption: str = "") -> str:
        """A table of `facts`: indicator, value as the source words it, period; facts not yet published left out."""
        views = _views(facts, "table")
        caption = _caption(caption, "table")
        fmt, _ = self._fmt, self.ui.gettext
        shown = [v for v in views if v.observation is not None]
        if not shown:
            return self.place(None)
        rows = tuple((self.label(v.id), _quantity(v.observation, fmt), v.observation.period) for v in shown)
        sources = tuple(dict.fromkeys(v.observation.source_id for v in shown))
        return self.place(Table(header=(_("Indicator"), _("Value"), _("Period")), rows=rows,
                                caption=fmt.typography(caption), sources=sources, align=("left", "right", "right")))

    def key_figures(self) -> str:
        """The panel of the settings' key figures that the as-of date can see (nothing when none)."""
        items = []
        for fact_id in self._key_figure_ids:
            obs = self._store.latest(fact_id)
            if obs is None:
                continue
            # The panel is terse: the source's conversion stays in the text.
            value = self._fmt.quantity(obs.value, obs.unit, obs.qualifier)
            label = f"{self.label(fact_id)} ({obs.period})"
            items.append(KeyFigure(value=value, label=(Text(label),), source_id=obs.source_id))
        return self.place(KeyFigures(tuple(items)) if items else None)

    def freshness(self) -> str:
        """A closing note: the month the section's newest figure was published, and what † means if it is used."""
        shown = self._shown()[self.section.start:]
        newest = max((o.published for o in shown), default=None)
        if newest is None:
            return self.place(None)
        _ = self.ui.gettext
        note = _("Newest figure in this section published in {month}.").format(month=self._fmt.month(newest))
        if any(self._is_historical(o) for o in shown):
            note += " " + HISTORICAL_MARK + " " + _(
                "Published more than {months} months before this edition: historical context."
            ).format(months=self._stale_after_months)
        block = Paragraph((Emph((Text(self._fmt.typography(note)),)),))
        self.placed.notes.append(block)
        return self.place(block)

    # Shared by the chart functions

    def label(self, fact_id: str) -> str:
        """A fact's label in the build's language, capitalised, for a table row, a bar or a panel."""
        label = self._store.fact(fact_id).label.get(self._fmt.lang)
        if label is None:
            raise TemplateError(f"fact {fact_id} has no label in {self._fmt.lang}; add `{self._fmt.lang}:` to its label")
        return self._fmt.typography(self._fmt.capitalize(label))

    def draw(self, spec, caption: str, fact_ids: Sequence[str]) -> Image:
        """The chart's image; with no drawing (a check of the templates) an empty image of the chart's size."""
        if self._drawing is None:
            return Image(None, None, CHART_WIDTH_CM, CHART_HEIGHT_CM)
        try:
            return self._drawing.render(spec)
        except ChartError as exc:  # say which facts the chart was drawing, so the reader knows what to fix
            raise ChartError(f"chart \"{caption}\" ({self._fmt.lang}) of facts {', '.join(fact_ids)}: "
                             f"{exc.message}") from None

    @property
    def fmt(self) -> Formatter:
        return self._fmt


class ChartFunctions:
    """`chart.bars(…)` and `chart.change(…)` as templates call them."""

    def __init__(self, figures: Figures):
        self._figures = figures

    def bars(self, facts: Sequence[FactView], caption: str = "", axis: str = "") -> str:
        """Horizontal bars of the latest figure of each fact; all must share one unit."""
        figures, fmt = self._figures, self._figures.fmt
        views = _views(facts, "chart.bars")
        caption, axis = _caption(caption, "chart.bars"), _axis(axis, "chart.bars")
        units = sorted({v.unit for v in views})
        if len(units) > 1:
            raise TemplateError(f"chart.bars of facts {', '.join(v.id for v in views)} mixes units "
                                f"({', '.join(units)}); a chart shows one kind of quantity")
        if any(v.observation is None for v in views):
            return figures.place(None)
        observations = [v.observation for v in views]
        # A lower bound is drawn as such only on a bar there is to draw ("more than 0" has none).
        bounded = tuple(o.qualifier in ("more_than", "at_least") and float(o.value) > 0 for o in observations)
        scale = _BILLION if observations[0].unit in CURRENCIES else 1
        spec = BarChart(
            categories=tuple(figures.label(v.id) for v in views),
            values=tuple(float(o.value) / scale for o in observations),
            value_labels=tuple(_quantity(o, fmt) for o in observations),
            axis_label=fmt.typography(axis),
            tick_format=lambda v: fmt.number(round(v)),
            orientation="horizontal",
            bounded=bounded,
            bound_note=_bound_note(figures.ui) if any(bounded) else "",
        )
        caption = fmt.typography(caption)
        alt = fmt.typography(f"{caption}. " + "; ".join(f"{c}: {v}" for c, v in zip(spec.categories,
                                                                                 spec.value_labels)))
        image = figures.draw(spec, caption, [v.id for v in views])
        return figures.place(Figure(image, caption, alt, tuple(dict.fromkeys(o.source_id for o in observations))))

    def change(self, fact: FactView, caption: str = "", axis: str = "", range: Sequence[float] | None = None,
               lower_is_better: bool = False) -> str:
        """The fact's first and latest visible observations, joined by an arrow labelled with the change."""
        figures, fmt = self._figures, self._figures.fmt
        (view,) = _views([fact], "chart.change")
        caption, axis = _caption(caption, "chart.change"), _axis(axis, "chart.change")
        axis_range = _range(range)
        if not isinstance(lower_is_better, bool):
            raise TemplateError("chart.change: lower_is_better must be true or false")
        series = view.series
        if len(series) < 2:
            return figures.place(None)
        first, last = series[0].observation, series[-1].observation
        change = _difference(fmt, figures.ui, first, last)
        spec = ChangeChart(
            periods=(first.period, last.period),
            values=(float(first.value), float(last.value)),
            value_labels=(_quantity(first, fmt), _quantity(last, fmt)),
            change_label=change,
            axis_label=fmt.typography(axis),
            tick_format=lambda v: fmt.number(round(v)),
            lower_is_better=lower_is_better,
            axis_range=axis_range,
        )
        caption = fmt.typography(caption)
        alt = fmt.typography(f"{caption}: " + ", ".join(f"{o.period} {_quantity(o, fmt)}" for o in (first, last)))
        image = figures.draw(spec, caption, [view.id])
        return figures.place(Figure(image, caption, alt, tuple(dict.fromkeys((first.source_id, last.source_id)))))


def _views(facts, function: str) -> list[FactView]:
    if isinstance(facts, FactView):
        facts = [facts]
    if not isinstance(facts, (list, tuple)) or not facts or not all(isinstance(f, FactView) for f in facts):
        raise TemplateError(f"{function} takes a list of facts, like [facts.a, facts.b]")
    return list(facts)


def _caption(caption: object, function: str) -> str:
    if not isinstance(caption, str) or not caption.strip():
        raise TemplateError(f"{function} needs a caption=\"…\" in the template's language")
    if len(caption) > CAPTION_LIMIT:
        raise TemplateError(f"{function}: the caption is {len(caption)} characters long; at most {CAPTION_LIMIT}")
    return caption.strip()


def _axis(axis: object, function: str) -> str:
    if not isinstance(axis, str) or not axis.strip():
        raise TemplateError(f"{function} needs an axis=\"…\" naming the unit of its values, in the template's language")
    if len(axis) > CAPTION_LIMIT:
        raise TemplateError(f"{function}: the axis title is {len(axis)} characters long; at most {CAPTION_LIMIT}")
    return axis.strip()


def _range(value) -> tuple[float, float] | None:
    if value is None:
        return None
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        raise TemplateError("chart.change: range must be two numbers, like range=[0, 100]")
    return float(value[0]), float(value[1])


def _quantity(obs: Observation, fmt: Formatter) -> str:
    return fmt.quantity(obs.value, obs.unit, obs.qualifier)


def _difference(fmt: Formatter, ui, first: Observation, last: Observation) -> str:
    """The change from `first` to `last` in the fact's own terms: points of a share, places of a rank, else units.

    "+4,35 points", "60 places gagnées", "+9", "+1,2 milliard de yuans".
    """
    if first.unit == "rank":
        return _places(fmt, ui, int(first.value) - int(last.value))
    if first.unit in ("percent", "growth"):
        return _points(fmt, ui, float(last.value) - float(first.value))
    delta = to_decimal(last.value) - to_decimal(first.value)
    sign = "+" if delta > 0 else ("−" if delta < 0 else "")
    return sign + fmt.quantity(abs(delta), first.unit)


def _points(fmt: Formatter, ui, delta: float) -> str:
    """A difference of two percentages, in points: "+4,35 points"."""
    sign = "+" if delta > 0 else ("−" if delta < 0 else "")
    magnitude = round(abs(delta), 2)
    # gettext picks forms by whole numbers; CLDR decides for decimals (1,5 point).
    whole = 1 if fmt.plural(magnitude, "one", "other") == "one" else 2
    text = ui.ngettext("{n} point", "{n} points", whole)
    return sign + text.format(n=fmt.number(magnitude))


def _places(fmt: Formatter, ui, gained: int) -> str:
    """A change of rank: "60 places gagnées" / "3 places lost"."""
    translate = ui.ngettext
    if gained >= 0:
        text = translate("{n} place gained", "{n} places gained", gained)
    else:
        text = translate("{n} place lost", "{n} places lost", -gained)
    return text.format(n=fmt.number(abs(gained)))


def _bound_note(ui) -> str:
    return ui.gettext("lower bound: the source says “more than” or “at least”")
