"""The Jinja2 environment for one build language: sandboxed, strict, with locale-bound filters.

Every `{{ … }}` result is escaped for Markdown unless a filter marks it as
`Markdown`, so a fact holding `*`, `<`, `&` or `{{ 7*7 }}` is printed
literally and never runs. Filters format through the language's `Formatter`;
templates hold no locale logic.

Templates run in the capped sandbox of `sandbox.BriefingEnvironment`: a
refusal there is reported by `render` like any template error.
"""

from __future__ import annotations

import contextlib
import datetime
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.charts import ChartError
from briefgen.errors import BriefgenError, TemplateError
from briefgen.facts import Observation
from briefgen.locale import Formatter, translations
from briefgen.narrative.context import FactView, NameView, StatementView
from briefgen.narrative.markdown import escape
from briefgen.narrative.sandbox import BriefingEnvironment


HISTORICAL_MARK = "\u2020"  # †, explained once at the end of the section

class Markdown(str):
    """Markdown made by a filter (a figure with its citation): not escaped again."""


def _finalize(value: object) -> str:
    if isinstance(value, Markdown):
        return value
    if value is None:
        raise TemplateError("a template printed an empty value (None)")
    return escape(str(value))


@dataclass
class Usage:
    """The observations templates have shown, and the date before which a figure is historical.

    `historical_before` None means no figure is ever marked historical;
    milestones (years, dates) never age.
    """

    historical_before: datetime.date | None = None
    shown: list[Observation] = field(default_factory=list)

    def record(self, obs: Observation) -> bool:
        """Note that `obs` was shown; True when it is historical context."""
        self.shown.append(obs)
        return self.is_historical(obs)

    def is_historical(self, obs: Observation) -> bool:
        """Whether `obs` was published before the historical date (milestones excepted)."""
        return (self.historical_before is not None and obs.unit not in ("year", "date")
                and obs.published < self.historical_before)


def cited_source(store, obs, lang: str) -> str:
    """The source a figure is cited by in `lang`: the edition of the article in that language when one is quoted."""
    sources = store.sources
    primary = sources.get(obs.source_id)
    if primary is not None and primary.language != lang:
        for quote in obs.also:
            other = sources.get(quote.source_id)
            if other is not None and other.language == lang:
                return other.id
    return obs.source_id


def make_filters(fmt: Formatter, usage: Usage, ui) -> dict:
    """Filters bound to `fmt`: the only way templates format numbers and dates.

    Each figure shown is recorded in `usage`; one published before its
    `historical_before` date is marked with HISTORICAL_MARK, which the
    edition explains once: a mark reads better than repeating "historical
    context" after every figure of an older source. Citations are written
    where the figure is; `citations.place_citations` moves them to the end
    of the clause. `ui` holds the language's UI strings.
    """

    def shown(view: FactView, text: str, cite: bool = True) -> Markdown:
        obs = view.obs
        if usage.record(obs):
            text += HISTORICAL_MARK
        citation = f"[^{cited_source(view._store, obs, fmt.lang)}]" if cite else ""
        return Markdown(escape(text) + citation)

    def figure(view: FactView, decimals: int | None = None, cite: bool = True) -> Markdown:
        """Qualifier, value, unit and the source's own conversion, then the citation."""
        obs = view.obs
        converted = (obs.converted.value, obs.converted.unit) if obs.converted else None
        return shown(view, fmt.quantity(obs.value, obs.unit, obs.qualifier, decimals=decimals, converted=converted),
                     cite)

    def days(first: FactView, last: FactView) -> Markdown:
        """Two days as a sentence joins them, then the first's citation: "les 12 et 13 novembre 2024",
        "du 12 au 20 novembre 2024" / "on 12 and 13 November 2024", "from 12 to 20 November 2024"."""
        ends = []
        for view in (first, last):
            if not isinstance(view, FactView) or view.obs is None or view.obs.unit != "date" \
                    or not isinstance(view.obs.value, str) or view.obs.value.count("-") != 2:
                raise TemplateError("`days` joins two facts whose values are days, like "
                                    "facts.event.opening | days(facts.event.closing)")
            usage.record(view.obs)
            ends.append(datetime.date.fromisoformat(view.obs.value))
        start, end = fmt.day_span(*ends)
        message = ("on {first} and {last}" if (ends[1] - ends[0]).days == 1 else "from {first} until {last}")
        return Markdown(escape(ui.gettext(message).format(first=start, last=end))
                        + f"[^{cited_source(first._store, first.obs, fmt.lang)}]")

    def count(view: FactView, one: str, other: str) -> Markdown:
        """"plus de 3 000 réalisations" with the noun agreeing with the number, then the citation."""
        obs = view.obs
        return shown(view, fmt.count(obs.value, one, other, obs.qualifier))

    def cite(view) -> Markdown:
        if isinstance(view, NameView):
            if not view:
                raise TemplateError(f"name {view.id} is cited, but its source is not published by this date; "
                                    "guard its sentence with {% if names." + view.id + " %}")
            return Markdown(f"[^{view.source_id}]")
        if isinstance(view, StatementView):
            return Markdown(f"[^{_statement(view).source_id}]")
        usage.record(view.obs)
        return Markdown(f"[^{cited_source(view._store, view.obs, fmt.lang)}]")

    def label(view: FactView) -> str:
        return view.label(fmt.lang)

    def period(view: FactView, prose: bool = True) -> str:
        """The figure's period as prose writes it: "2016", "novembre 2024", "de 2021 à 2024" ("2021–2024" in tables)."""
        return period_text(view.period, fmt, ui, prose)

    def published(view) -> str:
        """When the figure's (or statement's) source was published, at the precision it states: "2017", "novembre 2024"."""
        if isinstance(view, StatementView):
            found, store = _statement(view), view._store
        elif isinstance(view, FactView):
            found, store = view.obs, view._store
        else:
            raise TemplateError("`published` takes a fact or a statement, like facts.park.companies")
        return fmt.stated(store.sources[cited_source(store, found, fmt.lang)].published_as_stated)

    def place(view: FactView) -> str:
        """The name of what the figure is about, in this language: "parc d’Exemple"."""
        return place_name(view._store, view.entity, fmt.lang)

    def statement(view: StatementView, capital: bool = False) -> Markdown:
        """The statement's text as the briefing writes it, then its citation; `capital` to start a sentence."""
        found = _statement(view)
        text = found.text.get(fmt.lang)
        if text is None:
            raise TemplateError(f"statement {view.id} has no text in {fmt.lang}; add `{fmt.lang}:` to its text")
        text = fmt.capitalize(text) if capital else text
        return Markdown(escape(fmt.typography(text)) + f"[^{found.source_id}]")

    def _statement(view):
        if not isinstance(view, StatementView):
            raise TemplateError("`statement` takes a statement, like facts.park.founding")
        if view.statement is None:
            raise TemplateError(f"statement {view.id} has nothing published by this date; guard its sentence "
                                "with {% if %}")
        return view.statement

    return {
        "figure": figure,
        "count": count,
        "days": days,
        "cite": cite,
        "label": label,
        "period": period,
        "place": place,
        "published": published,
        "statement": statement,
        "number": fmt.number,
        "percent": fmt.percent,
        "money": fmt.money,
        "month": fmt.month,
        "date": fmt.date,
        "ordinal": fmt.ordinal,
        "plural": fmt.plural,
        "capitalize": fmt.capitalize,
        "elide": fmt.elide,
        "change": fmt.change_phrase,
    }


def period_text(period: str, fmt: Formatter, ui, prose: bool = True) -> str:
    """A period as a reader reads it: "2016", "novembre 2024", "18 novembre 2024"; a span "de 2021 à 2024"
    in prose, "2021–2024" in a table or a label."""
    if "/" in period:
        # What both ends share is written once: "de janvier à juillet 2024", "January–July 2024".
        start, end = fmt.stated_span(period)
        if prose:
            return ui.gettext("from {start} to {end}").format(start=start, end=end)
        return f"{start}{' – ' if ' ' in start + end else '–'}{end}"  # spaced between words, as the sources list
    if len(period) == 4:
        return period
    return fmt.month(period) if len(period) == 7 else fmt.date(period)


def place_name(store, entity: str, lang: str) -> str:
    """The name of an entity in `lang`, from the names of the facts store (its id when it has none)."""
    name = store.names.get(entity)
    return name.written.get(lang, entity) if name is not None else entity


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, by file and source checksum.

    A build makes several environments (the check of every template, then
    one per language; a batch, one per edition): all of them share the code
    compiled the first time. Jinja2 compares the checksum of the source, so
    an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class _OutsideTemplates(jinja2.TemplateError):
    """A template file that resolves outside the templates folder (through a symlink)."""


class _TemplateFolder(jinja2.FileSystemLoader):
    """The templates of one language, read only from inside the project's templates folder.

    A file reached through a symlink that leaves the folder is refused, so a
    template cannot include a file from anywhere on the machine; a UTF-8
    byte-order mark, which some editors write, is dropped, so the first
    heading stays a heading.
    """

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(str(folder))
        self.root = root.resolve()

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise _OutsideTemplates(f"{template} leads outside the templates folder {self.root} (through a symlink); "
                                    "templates are read from inside it only")
        return source.removeprefix("\ufeff"), filename, uptodate


def make_environment(templates_dir: Path, fmt: Formatter, usage: Usage | None = None,
                     ui=None) -> ImmutableSandboxedEnvironment:
    """A sandboxed, strict environment loading `templates_dir/<lang>/`; figures shown are noted in `usage`.

    `ui` is the language's gettext translations (None: the shipped ones).
    """
    env = BriefingEnvironment(
        bytecode_cache=_COMPILED,
        loader=_TemplateFolder(templates_dir / fmt.lang, templates_dir),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    ui = ui if ui is not None else translations(fmt.lang, fmt.locale_dir)
    env.install_gettext_translations(ui, newstyle=True)
    env.filters.update(make_filters(fmt, usage if usage is not None else Usage(), ui))
    return env


def load_template(env: ImmutableSandboxedEnvironment, name: str, where: str) -> jinja2.Template:
    """Parse template `name`; a syntax error names the file and line."""
    with _template_errors(where):
        return env.get_template(name)


@dataclass(frozen=True)
class ParsedTemplate:
    """A template's parse, for the checks that read it before anything renders (see checks.py)."""

    tree: nodes.Template
    name: str
    filename: str
    source: str


def parse_template(env: ImmutableSandboxedEnvironment, name: str, where: str) -> ParsedTemplate:
    """Parse template `name`, with the errors `load_template` gives; compile it later with `keep_compiled`."""
    with _template_errors(where):
        source, filename, _ = env.loader.get_source(env, name)
        return ParsedTemplate(env.parse(source, name, filename), name, filename, source)


def keep_compiled(env: ImmutableSandboxedEnvironment, parsed: ParsedTemplate, where: str) -> None:
    """Compile a checked parse into the code every environment of the process shares, so it is parsed once.

    Compiling folds constants in the tree it is given, so it comes after the
    checks that read the tree; `load_template` then finds the code kept. An
    error only compiling finds (a filter that does not exist) names `where`
    and the line, as `load_template` would.
    """
    bucket = _COMPILED.get_bucket(env, parsed.name, parsed.filename, parsed.source)
    if bucket.code is None:
        with _template_errors(where):
            bucket.code = env.compile(parsed.tree, parsed.name, parsed.filename)
        _COMPILED.set_bucket(bucket)


@contextlib.contextmanager
def _template_errors(where: str) -> Iterator[None]:
    """A missing template, one outside the folder or a syntax error as a TemplateError naming `where` (and the line)."""
    try:
        yield
    except jinja2.TemplateNotFound:
        raise TemplateError(f"{where}: template not found") from None
    except _OutsideTemplates as exc:
        raise TemplateError(f"{where}: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{where}:{exc.lineno}: {exc.message}") from None


def render(template: jinja2.Template, where: str, **context: object) -> str:
    """Render `template`; any error names the template file and line (a macro calling itself without end too)."""
    try:
        return template.render(**context)
    except (jinja2.TemplateError, BriefgenError, TypeError, ValueError, ArithmeticError, KeyError,
            RecursionError) as exc:
        line = _template_line(sys.exc_info()[2], template.filename)
        message = exc.message if isinstance(exc, BriefgenError) else str(exc)
        # A chart that cannot be drawn keeps its own category: the fix is in the facts it draws.
        error_type = type(exc) if isinstance(exc, ChartError) else TemplateError
        raise error_type(f"{where}{line}: {message}") from None


def _template_line(tb, filename: str | None) -> str:
    """":N" for the deepest traceback frame inside the template, or ""."""
    line = ""
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = f":{tb.tb_lineno}"
        tb = tb.tb_next
    return line
