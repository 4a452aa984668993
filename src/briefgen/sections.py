"""Charts and tables that follow each section's text, built from the facts store.

Each chart or table is declared once, by fact ids; labels come from the facts'
own French and English labels and every value is formatted by the build's
`Formatter`, so both languages show the same figures. A chart whose facts are
not visible at the as-of date is left out rather than drawn half empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.charts import IMAGE_FORMATS, BarChart, ChangeChart, ChartColors, ChartError, render_chart
from briefgen.document import Figure, Image, Table
from briefgen.facts import FactStore, Observation
from briefgen.locale import Formatter, translations


@dataclass(frozen=True)
class Comparison:
    """One fact at its first and latest visible period (a share, a rank)."""

    fact_id: str
    caption: dict
    axis: dict
    axis_range: tuple[float, float] | None = None
    lower_is_better: bool = False


@dataclass(frozen=True)
class Bars:
    """Several facts of one unit side by side, one bar each."""

    fact_ids: tuple[str, ...]
    caption: dict
    axis: dict


@dataclass(frozen=True)
class FactTable:
    """A table of facts: indicator, value as the source words it, period."""

    fact_ids: tuple[str, ...]
    caption: dict


SECTION_EXTRAS: dict[str, tuple] = {
    "innovation": (
        Comparison("laoshan.hightech_output_share",
                   {"fr": "Part de la haute technologie dans la production industrielle de Laoshan",
                    "en": "High-tech share of Laoshan’s industrial output"},
                   {"fr": "% de la valeur de la production industrielle", "en": "% of industrial output value"},
                   axis_range=(0, 100)),
        Comparison("qingdao.gii_rank",
                   {"fr": "Rang de Qingdao à l’Indice mondial de l’innovation",
                    "en": "Qingdao’s rank in the Global Innovation Index"},
                   {"fr": "rang (1 = meilleur)", "en": "rank (1 = best)"},
                   lower_is_better=True),
        FactTable(("laoshan.unicorns", "laoshan.little_giants", "laoshan.gazelles", "laoshan.hightech_enterprises",
                   "laoshan.research_institutions", "laoshan.academicians_talents",
                   "laoshan.hightech_per_10k_companies"),
                  {"fr": "Laoshan : entreprises, recherche et talents", "en": "Laoshan: enterprises, research and talent"}),
    ),
    "vr": (
        Bars(("laoshan.vr.industry_scale", "laoshan.vr.expected_output"),
             {"fr": "Réalité virtuelle à Laoshan : taille de la filière et production attendue du parc",
              "en": "Virtual reality in Laoshan: industry scale and the park’s expected output"},
             {"fr": "milliards de yuans", "en": "billion yuan"}),
        FactTable(("laoshan.vr.industry_scale", "laoshan.vr.industry_growth", "laoshan.vr.domestic_market_share",
                   "laoshan.vr.park_area_mu", "laoshan.vr.production_lines", "laoshan.vr.innovation_platforms",
                   "laoshan.vr.projects_introduced"),
                  {"fr": "Le parc de réalité virtuelle en chiffres", "en": "The virtual reality park in figures"}),
    ),
    "marine": (
        Bars(("qingdao.marine.haichuang_enterprises", "qingdao.marine.haichuang_talents",
              "qingdao.marine.haichuang_technologies", "qingdao.marine.haichuang_platforms"),
             {"fr": "Objectifs du plan Haichuang 2.0 sur trois ans", "en": "Haichuang Plan 2.0 targets over three years"},
             {"fr": "nombre", "en": "number"}),
    ),
    "green": (
        Bars(("qingdao.green.green_manufacturing_companies", "qingdao.green.provincial_green_factories",
              "qingdao.green.green_supply_chains", "qingdao.green.efficiency_leaders"),
             {"fr": "Entreprises de Qingdao distinguées pour leurs pratiques vertes",
              "en": "Qingdao companies recognised for green practices"},
             {"fr": "nombre d’entreprises", "en": "number of companies"}),
    ),
    "cooperation": (
        Bars(("qingdao.representative_offices", "qingdao.fortune500_projects", "hightech_zone.foreign_enterprises",
              "qingdao.fortune500_companies"),
             {"fr": "Qingdao et la zone de haute technologie ouvertes à l’international",
              "en": "Qingdao and its High-tech Zone: international presence"},
             {"fr": "nombre", "en": "number"}),
    ),
}

CHART_WIDTH_CM = 15.0
CHART_HEIGHT_CM = 7.0
_BILLION = 1e9


def section_extras(section: str, store: FactStore, fmt: Formatter, colors: ChartColors = ChartColors(),
                   formats: tuple[str, ...] = IMAGE_FORMATS) -> tuple:
    """The figures and tables that follow `section`'s text, in the build's language.

    Charts are drawn in the image `formats` the run's writers use ("png" for
    DOCX, "svg" for the PDF).
    """
    blocks, drawing = [], _Drawing(colors, formats)
    for item in SECTION_EXTRAS.get(section, ()):
        block = _build(item, store, fmt, drawing)
        if block is not None:
            blocks.append(block)
    return tuple(blocks)


@dataclass(frozen=True)
class _Drawing:
    """How charts are drawn: colours and image formats."""

    colors: ChartColors
    formats: tuple[str, ...]

    def render(self, spec) -> Image:
        return render_chart(spec, width_cm=CHART_WIDTH_CM, height_cm=CHART_HEIGHT_CM, colors=self.colors,
                            formats=self.formats)


def _build(item, store: FactStore, fmt: Formatter, drawing: _Drawing):
    try:
        if isinstance(item, Comparison):
            return _comparison(item, store, fmt, drawing)
        if isinstance(item, Bars):
            return _bars(item, store, fmt, drawing)
        return _table(item, store, fmt)
    except ChartError as exc:  # say which facts the chart was drawing, so the reader knows what to fix
        ids = getattr(item, "fact_ids", None) or (item.fact_id,)
        raise ChartError(f"chart \"{item.caption[fmt.lang]}\" ({fmt.lang}) of facts {', '.join(ids)}: "
                         f"{exc.message}") from None


def _figure_text(obs: Observation, fmt: Formatter) -> str:
    return fmt.quantity(obs.value, obs.unit, obs.qualifier)


def _label(store: FactStore, fact_id: str, fmt: Formatter) -> str:
    return fmt.typography(fmt.capitalize(store.fact(fact_id).label[fmt.lang]))


def _comparison(item: Comparison, store: FactStore, fmt: Formatter, drawing: _Drawing) -> Figure | None:
    series = store.series(item.fact_id)
    if len(series) < 2:
        return None
    first, last = series[0], series[-1]
    if item.lower_is_better:
        change = _places(fmt, int(first.value) - int(last.value))
    else:
        change = _points(fmt, float(last.value) - float(first.value))
    spec = ChangeChart(
        periods=(first.period, last.period),
        values=(float(first.value), float(last.value)),
        value_labels=(_figure_text(first, fmt), _figure_text(last, fmt)),
        change_label=change,
        axis_label=item.axis[fmt.lang],
        tick_format=lambda v: fmt.number(round(v)),
        lower_is_better=item.lower_is_better,
        axis_range=item.axis_range,
    )
    caption = item.caption[fmt.lang]
    alt = fmt.typography(f"{caption}: " + ", ".join(f"{o.period} {_figure_text(o, fmt)}" for o in (first, last)))
    return Figure(drawing.render(spec),
                  caption, alt, tuple(dict.fromkeys((first.source_id, last.source_id))))


def _points(fmt: Formatter, delta: float) -> str:
    """A difference of two percentages, in points: "+4,35 points"."""
    sign = "+" if delta > 0 else ("−" if delta < 0 else "")
    magnitude = round(abs(delta), 2)
    # gettext picks forms by whole numbers; CLDR decides for decimals (1,5 point).
    whole = 1 if fmt.plural(magnitude, "one", "other") == "one" else 2
    text = translations(fmt.lang).ngettext("{n} point", "{n} points", whole)
    return sign + text.format(n=fmt.number(magnitude))


def _places(fmt: Formatter, gained: int) -> str:
    """A change of rank: "60 places gagnées" / "3 places lost"."""
    translate = translations(fmt.lang).ngettext
    if gained >= 0:
        text = translate("{n} place gained", "{n} places gained", gained)
    else:
        text = translate("{n} place lost", "{n} places lost", -gained)
    return text.format(n=fmt.number(abs(gained)))


def _bars(item: Bars, store: FactStore, fmt: Formatter, drawing: _Drawing) -> Figure | None:
    observations = [store.latest(fid) for fid in item.fact_ids]
    if any(o is None for o in observations):
        return None
    # A lower bound is drawn as such only on a bar there is to draw ("more than 0" has none).
    bounded = tuple(o.qualifier in ("more_than", "at_least") and float(o.value) > 0 for o in observations)
    money = observations[0].unit in ("CNY", "USD", "EUR")
    scale = _BILLION if money else 1
    spec = BarChart(
        categories=tuple(_label(store, fid, fmt) for fid in item.fact_ids),
        values=tuple(float(o.value) / scale for o in observations),
        value_labels=tuple(_figure_text(o, fmt) for o in observations),
        axis_label=item.axis[fmt.lang],
        tick_format=lambda v: fmt.number(round(v)),
        orientation="horizontal",
        bounded=bounded,
        bound_note=_bound_note(fmt) if any(bounded) else "",
    )
    caption = item.caption[fmt.lang]
    alt = fmt.typography(f"{caption}. " + "; ".join(f"{c}: {v}" for c, v in zip(spec.categories, spec.value_labels)))
    return Figure(drawing.render(spec),
                  caption, alt, tuple(dict.fromkeys(o.source_id for o in observations)))


def _bound_note(fmt: Formatter) -> str:
    return translations(fmt.lang).gettext("lower bound: the source says “more than” or “at least”")


def _table(item: FactTable, store: FactStore, fmt: Formatter) -> Table | None:
    frame = store.frame
    # The newest visible observation of each listed fact, in the listed order.
    latest = (frame[frame["id"].isin(item.fact_ids)]
              .groupby("id", sort=False).tail(1)
              .set_index("id").reindex([f for f in item.fact_ids if store.has(f)]))
    if latest.empty:
        return None
    _ = translations(fmt.lang).gettext
    rows = tuple(
        (fmt.typography(fmt.capitalize(row[f"label_{fmt.lang}"])), fmt.quantity(row.value, row.unit, row.qualifier), row.period)
        for _fact_id, row in latest.iterrows()
    )
    return Table(header=(_("Indicator"), _("Value"), _("Period")), rows=rows, caption=item.caption[fmt.lang],
                 sources=tuple(dict.fromkeys(latest["source"])), align=("left", "right", "right"))
