"""The blocks a template places beside its text: charts, tables, the key-figures panel, a section's closing note.

A template writes `{{ chart.bars([facts.a, facts.b], caption="…", axis="…") }}`,
`{{ chart.change(facts.c, caption="…", axis="…") }}`, `{{ table([facts.x, facts.y],
caption="…") }}`, `{{ key_figures() }}` or `{{ edition_note() }}` on a line of its
own. Each call builds its document block at once, from the facts as the
edition sees them and with every value formatted by the build's `Formatter`,
and leaves a marker in the Markdown that `Placed.resolve` swaps for the block
once the text is parsed. A chart or table whose facts have nothing published
by the as-of date is left out rather than drawn half empty. Captions and axis
titles are written by the template, in its language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from briefgen.charts import IMAGE_FORMATS, BarChart, ChangeChart, ChartColors, ChartError, render_chart
from briefgen.document import Emph, Figure, Image, KeyFigure, KeyFigures, Paragraph, Table, Text, texts
from briefgen.errors import TemplateError
from briefgen.facts import FactStore, Observation
from briefgen.locale import Formatter
from briefgen.locale.numbers import to_decimal
from briefgen.narrative.context import FactView
from briefgen.narrative.environment import HISTORICAL_MARK, cited_source, period_text, place_name
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
            if any(OPEN in text for text in texts(block)):  # a marker left inside a sentence, a list or a heading
                raise TemplateError(f"{where}: a chart, table or key-figures panel must stand on a line of its own, "
                                    "with a blank line before and after it, not inside a sentence or a list")
            resolved.append(block)
        return tuple(resolved)


def _marker_text(block) -> str | None:
    if isinstance(block, Paragraph) and len(block.inlines) == 1 and isinstance(block.inlines[0], Text):
        return block.inlines[0].text.strip()
    return None


class Figures:
    """The functions one language's templates call to place blocks; see the module docstring.

    `ui` holds the language's UI strings (gettext); `markup` turns a marker
    into the Markdown value the environment prints unescaped; `usage` notes
    every figure shown (in text, tables, charts and the panel alike) and says
    which are historical context, marked HISTORICAL_MARK wherever they are
    shown.
    """

    def __init__(self, store: FactStore, fmt: Formatter, ui, drawing: ChartDrawing,
                 key_figure_ids: Sequence[str], markup: Callable[[str], str], usage, stale_after_months: int):
        self._store = store
        self._fmt = fmt
        self.ui = ui
        self._drawing = drawing
        self._key_figure_ids = tuple(key_figure_ids)
        self._markup = markup
        self._usage = usage
        self._stale_after_months = stale_after_months
        self.placed = Placed()
        self.chart = ChartFunctions(self)

    def globals(self) -> dict:
        """What templates see: `chart`, `table`, `key_figures` and `edition_note`."""
        return {"chart": self.chart, "table": self.table, "key_figures": self.key_figures,
                "edition_note": self.edition_note, "who_is_who": self.who_is_who, "glossary": self.glossary}

    def place(self, block) -> str:
        return self._markup("" if block is None else self.placed.add(block))

    # Template functions

    def table(self, facts: Sequence[FactView], caption: str = "") -> str:
        """A table of `facts`: indicator, value as the source words it, period; facts not yet published left out.

        When every row is about one place, the caption names it (unless it
        already does); otherwise each indicator does.
        """
        views = _views(facts, "table")
        caption = _caption(caption, "table")
        fmt, _ = self._fmt, self.ui.gettext
        shown = [v for v in views if v.observation is not None]
        if not shown:
            return self.place(None)
        places = {self.place_of(v) for v in shown}
        rows = tuple((self.label(v.id, v.observation, with_place=len(places) > 1), self.shown_value(v.observation),
                      self.period(v.observation)) for v in shown)
        sources = tuple(dict.fromkeys(self.source_of(v.observation) for v in shown))
        return self.place(Table(header=(_("Indicator"), _("Value"), _("Period")), rows=rows,
                                caption=self.caption_with_place(caption, places), sources=sources,
                                align=("left", "right", "right")))

    def key_figures(self) -> str:
        """The panel of the settings' key figures that the as-of date can see (nothing when none).

        Each figure says where and when it applies: "Entreprises (parc d’Exemple, 2024)".
        """
        items = []
        for fact_id in self._key_figure_ids:
            obs = self._store.latest(fact_id)
            if obs is None:
                continue
            # The panel is terse: the source's conversion stays in the text.
            label = f"{self.label(fact_id, obs)} ({self.place_name(obs.entity)}, {self.period(obs)})"
            items.append(KeyFigure(value=self.shown_value(obs), label=(Text(self._fmt.typography(label)),),
                                   source_id=self.source_of(obs)))
        return self.place(KeyFigures(tuple(items)) if items else None)

    def who_is_who(self, ids: Sequence[str], caption: str = "") -> str:
        """A table of the named companies, institutions and programmes `ids`: name, what the source says, citation."""
        return self._names_table(ids, caption, "who_is_who", (self.ui.gettext("Name"), self.ui.gettext("Who or what")))

    def glossary(self, caption: str = "") -> str:
        """A table of every `term` the names declare: term, meaning; sorted as the language sorts."""
        terms = [n.id for n in self._store.names.values() if n.kind == "term" and n.about]
        ui = self.ui.gettext
        return self._names_table(terms, caption, "glossary", (ui("Term"), ui("Meaning")), sort=True)

    def _names_table(self, ids, caption: str, function: str, header: tuple[str, str], sort: bool = False) -> str:
        if not isinstance(ids, (list, tuple)) or not all(isinstance(i, str) for i in ids):
            raise TemplateError(f"{function} takes a list of name ids, like [\"goertek\", \"haier\"]")
        caption = _caption(caption, function)
        lang, rows, sources = self._fmt.lang, [], []
        for name_id in ids:
            name = self._store.names.get(name_id)
            if name is None:
                raise TemplateError(f"{function}: unknown name {name_id}; names are declared in names.yaml")
            if name.source_id not in self._store.sources:
                continue  # its source is not yet published at the edition's date
            about = name.about.get(lang)
            if about is None:
                raise TemplateError(f"{function}: name {name_id} has no `about` in {lang}")
            rows.append((self._fmt.typography(name.written.get(lang, name_id)), self._fmt.typography(about)))
            sources.append(name.source_id)
        if not rows:
            return self.place(None)
        if sort:
            rows.sort(key=lambda row: row[0].lstrip("«“\"'‘ \u00a0").casefold())  # quotation marks do not sort
        return self.place(Table(header=header, rows=tuple(rows), caption=self._fmt.typography(caption),
                                sources=tuple(dict.fromkeys(sources)), align=("left", "left")))

    def edition_note(self) -> str:
        """A note on the edition's figures: when the newest was published, and how many are historical (†).

        Written once, where the template calls it (the summary), it counts
        every figure the edition shows, so it is completed once all sections
        are rendered (see `complete`).
        """
        self.placed.notes.append(EDITION_NOTE)
        return self.place(EDITION_NOTE)

    def complete(self, blocks: list) -> list:
        """`blocks` with the edition note filled in, now that every figure shown is known."""
        shown = list(dict.fromkeys(self._usage.shown))
        if not shown:
            return [b for b in blocks if b is not EDITION_NOTE]
        _ = self.ui.gettext
        newest = max(shown, key=lambda o: o.published)
        historical = [o for o in shown if self._usage.is_historical(o)]
        stated = self._store.sources[newest.source_id].published_as_stated  # as precise as the source says
        note = self._published_note(stated)
        months = self._fmt.number(self._stale_after_months)
        if historical:
            note += " " + self.ui.ngettext(
                "The figure marked {mark} ({count} of the {shown} shown) was published more than {months} months "
                "before this edition and is historical context.",
                "The figures marked {mark} ({count} of the {shown} shown) were published more than {months} months "
                "before this edition and are historical context.", len(historical)).format(
                mark=HISTORICAL_MARK, count=self._fmt.number(len(historical)), shown=self._fmt.number(len(shown)),
                months=months)
        else:
            note += " " + _("No figure shown was published more than {months} months before this edition.").format(
                months=months)
        paragraph = Paragraph((Emph((Text(self._fmt.typography(note)),)),))
        return [paragraph if b is EDITION_NOTE else b for b in blocks]

    def _published_note(self, stated: str) -> str:
        """When the newest figure was published, worded for the precision its source states (day, month, span)."""
        _ = self.ui.gettext
        ends = self._fmt.stated_span(stated)
        if ends is not None:
            return _("The newest figure of this edition was published between {start} and {end}.").format(
                start=ends[0], end=ends[1])
        if stated.count("-") == 2:
            return _("The newest figure of this edition was published on {date}.").format(date=self._fmt.stated(stated))
        return _("The newest figure of this edition was published in {date}.").format(date=self._fmt.stated(stated))

    # Shared by the chart functions

    def label(self, fact_id: str, obs: Observation | None = None, with_place: bool = False) -> str:
        """A fact's label and the scope of `obs`, capitalised, for a table row, a bar or a panel."""
        lang = self._fmt.lang
        label = FactView(fact_id, obs, self._store).label(lang)
        scope = obs.scope.get(lang, "") if obs is not None else ""
        text = f"{label} {scope}" if scope else label
        if with_place:
            text += f" ({self.place_name(self._store.fact(fact_id).entity)})"
        return self._fmt.typography(self._fmt.capitalize(text))

    def place_of(self, view: FactView) -> str:
        return self.place_name(view.entity)

    def place_name(self, entity: str) -> str:
        return place_name(self._store, entity, self._fmt.lang)

    def caption_with_place(self, caption: str, places: set[str]) -> str:
        """The caption, naming the one place all its figures are about unless it already does."""
        if len(places) == 1:
            (place,) = places
            if place.lower() not in caption.lower():
                caption = f"{caption} ({place})"
        return self._fmt.typography(caption)

    def period(self, obs: Observation) -> str:
        return period_text(obs.period, self._fmt, self.ui, prose=False)

    def shown_value(self, obs: Observation) -> str:
        """The figure as its source words it, marked when it is historical context; noted as shown."""
        text = _quantity(obs, self._fmt)
        return text + HISTORICAL_MARK if self._usage.record(obs) else text

    def source_of(self, obs: Observation) -> str:
        return cited_source(self._store, obs, self._fmt.lang)

    def draw(self, spec, caption: str, fact_ids: Sequence[str]) -> Image:
        """The chart's image, in the formats the writers read."""
        try:
            return self._drawing.render(spec)
        except ChartError as exc:  # say which facts the chart was drawing, so the reader knows what to fix
            raise ChartError(f"chart \"{caption}\" ({self._fmt.lang}) of facts {', '.join(fact_ids)}: "
                             f"{exc.message}") from None

    @property
    def fmt(self) -> Formatter:
        return self._fmt


EDITION_NOTE = object()
"""Stands for the edition note among a section's blocks until `Figures.complete` writes it."""


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
        places = {figures.place_of(v) for v in views}
        # A lower bound is drawn as such only on a bar there is to draw ("more than 0" has none).
        bounded = tuple(o.qualifier in ("more_than", "at_least") and float(o.value) > 0 for o in observations)
        scale = _BILLION if observations[0].unit in CURRENCIES else 1
        spec = BarChart(
            categories=tuple(figures.label(v.id, v.observation, with_place=len(places) > 1) for v in views),
            values=tuple(float(o.value) / scale for o in observations),
            value_labels=tuple(figures.shown_value(o) for o in observations),
            axis_label=fmt.typography(axis),
            tick_format=lambda v: fmt.number(round(v)),
            orientation="horizontal",
            bounded=bounded,
            bound_note=_bound_note(figures.ui) if any(bounded) else "",
        )
        caption = figures.caption_with_place(caption, places)
        alt = fmt.typography(f"{caption}. " + "; ".join(f"{c}: {v}" for c, v in zip(spec.categories,
                                                                                 spec.value_labels)))
        image = figures.draw(spec, caption, [v.id for v in views])
        sources = tuple(dict.fromkeys(figures.source_of(o) for o in observations))
        return figures.place(Figure(image, caption, alt, sources))

    def change(self, fact: FactView, caption: str = "", axis: str = "", range: Sequence[float] | None = None,
               lower_is_better: bool = False) -> str:
        """The fact's first and latest visible observations, joined by an arrow labelled with the change.

        The change is computed, and says so; two observations of different
        scopes are never joined.
        """
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
        if dict(first.scope) != dict(last.scope):
            raise TemplateError(f"chart.change of fact {view.id} would join {first.period} and {last.period}, "
                                "which have different scopes; a comparison never joins two bases")
        change = f"{_difference(fmt, figures.ui, first, last)} ({figures.ui.gettext('computed')})"
        spec = ChangeChart(
            periods=(figures.period(first), figures.period(last)),
            values=(float(first.value), float(last.value)),
            value_labels=(figures.shown_value(first), figures.shown_value(last)),
            change_label=fmt.typography(change),
            axis_label=fmt.typography(axis),
            tick_format=lambda v: fmt.number(round(v)),
            lower_is_better=lower_is_better,
            axis_range=axis_range,
        )
        caption = figures.caption_with_place(caption, {figures.place_of(view)})
        alt = fmt.typography(f"{caption}: " + ", ".join(f"{figures.period(o)} {_quantity(o, fmt)}"
                                                       for o in (first, last)) + f"; {change}")
        image = figures.draw(spec, caption, [view.id])
        sources = tuple(dict.fromkeys((figures.source_of(first), figures.source_of(last))))
        return figures.place(Figure(image, caption, alt, sources))


def _views(facts, function: str) -> list[FactView]:
    if isinstance(facts, FactView):
        facts = [facts]
    if not isinstance(facts, (list, tuple)) or not facts or not all(isinstance(f, FactView) for f in facts):
        raise TemplateError(f"{function} takes a list of facts, like [facts.a, facts.b]")
    return list(facts)


def _caption(caption: object, function: str) -> str:
    return _reader_text(caption, function, "caption", "a caption=\"…\" in the template's language")


def _axis(axis: object, function: str) -> str:
    return _reader_text(axis, function, "axis title",
                        "an axis=\"…\" naming the unit of its values, in the template's language")


def _reader_text(value: object, function: str, what: str, needed: str) -> str:
    """A caption or axis title a template gives, checked: present, and at most CAPTION_LIMIT long."""
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(f"{function} needs {needed}")
    if len(value) > CAPTION_LIMIT:
        raise TemplateError(f"{function}: the {what} is {len(value)} characters long; at most {CAPTION_LIMIT}")
    return value.strip()


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
