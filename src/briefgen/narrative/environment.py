"""The Jinja2 environment for one build language: sandboxed, strict, with locale-bound filters.

Every `{{ … }}` result is escaped for Markdown unless a filter marks it as
`Markdown`, so a fact holding `*`, `<`, `&` or `{{ 7*7 }}` is printed
literally and never runs. Filters format through the language's `Formatter`;
templates hold no locale logic.

Templates run in the capped sandbox of `sandbox.BriefingEnvironment`: a
refusal there is reported by `render` like any template error.
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.charts import ChartError
from briefgen.errors import BriefgenError, TemplateError
from briefgen.facts import Observation
from briefgen.locale import Formatter, translations
from briefgen.narrative.context import FactView
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


def make_filters(fmt: Formatter, usage: Usage) -> dict:
    """Filters bound to `fmt`: the only way templates format numbers and dates.

    Each figure shown is recorded in `usage`; one published before its
    `historical_before` date is marked with HISTORICAL_MARK, which the
    section's closing note explains: a mark reads better than repeating
    "historical context" after every figure of an older source.
    """

    def shown(view: FactView, text: str, cite: bool = True) -> Markdown:
        obs = view.obs
        if usage.record(obs):
            text += HISTORICAL_MARK
        return Markdown(escape(text) + (f"[^{obs.source_id}]" if cite else ""))

    def figure(view: FactView, decimals: int | None = None, cite: bool = True) -> Markdown:
        """Qualifier, value, unit and the source's own conversion, then the citation."""
        obs = view.obs
        converted = (obs.converted.value, obs.converted.unit) if obs.converted else None
        return shown(view, fmt.quantity(obs.value, obs.unit, obs.qualifier, decimals=decimals, converted=converted),
                     cite)

    def count(view: FactView, one: str, other: str) -> Markdown:
        """"plus de 3 000 réalisations" with the noun agreeing with the number, then the citation."""
        obs = view.obs
        return shown(view, fmt.count(obs.value, one, other, obs.qualifier))

    def cite(view: FactView) -> Markdown:
        usage.record(view.obs)
        return Markdown(f"[^{view.obs.source_id}]")

    def label(view: FactView) -> str:
        return view.label(fmt.lang)

    return {
        "figure": figure,
        "count": count,
        "cite": cite,
        "label": label,
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
    env.install_gettext_translations(ui if ui is not None else translations(fmt.lang, fmt.locale_dir), newstyle=True)
    env.filters.update(make_filters(fmt, usage if usage is not None else Usage()))
    return env


def load_template(env: ImmutableSandboxedEnvironment, name: str, where: str) -> jinja2.Template:
    """Parse template `name`; a syntax error names the file and line."""
    try:
        return env.get_template(name)
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
