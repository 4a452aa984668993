"""The Jinja2 environment for one build language: sandboxed, strict, with locale-bound filters.

Every `{{ … }}` result is escaped for Markdown unless a filter marks it as
`Markdown`, so a fact holding `*`, `<`, `&` or `{{ 7*7 }}` is printed
literally and never runs. Filters format through the language's `Formatter`;
templates hold no locale logic.

Arithmetic is capped so that a template cannot exhaust memory or time: `*`
may build a text, list or tuple of at most MAX_REPEAT characters or items,
and an integer result of `*` or `**` may have at most MAX_DIGITS digits.
Floats are left alone: they overflow quickly on their own. Widths are capped
the same way: padding a text (`ljust`, `rjust`, `center`, `zfill`, the
`center` filter), a field width or precision of `str.format`, of printf-style
`%` or of the `format` filter, an indent (`indent`, `tojson`) or a wrapping
width (`wordwrap`) may be at most MAX_REPEAT, and `expandtabs` may add at most
MAX_REPEAT characters. Anything beyond is refused with a `SecurityError`
before anything large is built, and `render` reports it like any template
error.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import operator
import re
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

from briefgen.errors import BriefgenError, TemplateError
from briefgen.facts import Observation
from briefgen.locale import Formatter, translations
from briefgen.narrative.context import FactView
from briefgen.narrative.markdown import escape


HISTORICAL_MARK = "\u2020"  # †, explained once at the end of the section

MAX_REPEAT = 100_000  # characters or items a `*` may build
MAX_DIGITS = 100  # digits of an integer result of `*` or `**`
_LIMIT = 10**MAX_DIGITS  # the smallest integer with too many digits
_SEQUENCES = (str, bytes, list, tuple)  # what `*` repeats
_PADDING = "padding a text to {} characters"  # what refusing a width says, {} for the width
_PRECISION = "formatting with a precision of {}"  # what refusing a precision says
_PADDING_METHODS = frozenset(["ljust", "rjust", "center", "zfill"])  # text methods whose first argument is a width
_CAPPED_FILTERS = {  # jinja2 filter: the parameter capped at MAX_REPEAT, what a refusal says
    "center": ("width", _PADDING),
    "indent": ("width", "indenting by {} characters"),
    "wordwrap": ("width", "wrapping a text at {} characters"),
    "tojson": ("indent", "indenting JSON by {} characters"),
}
# A str.format field's [[fill]align][sign][z][#][0][width][grouping][.precision]
_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[_,]?(?:\.(?P<precision>\d*))?", re.DOTALL)
# A printf-style conversion after its `%` and mapping key: flags, width, precision, length, type
_PRINTF_CONVERSION = re.compile(r"[-#0 +]*(?P<width>\*|\d*)(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<kind>.?)", re.DOTALL)


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


def _shown(number: int) -> str:
    """`number` for a message; one too long to read is described by its number of digits."""
    if abs(number) >= _LIMIT:
        return f"a number of more than {MAX_DIGITS} digits"
    digits = len(str(abs(number)))
    return str(number) if digits <= 20 else f"a number of {digits} digits"


def _refuse_huge(what: str) -> SecurityError:
    return SecurityError(f"{what} is refused (the result would have more than {MAX_DIGITS} digits)")


def _repeat(sequence: str | bytes | list | tuple, times: object) -> object:
    """`sequence * times`, refused when the result would be longer than MAX_REPEAT."""
    try:
        count = operator.index(times)
    except TypeError:
        return sequence * times  # Python's own error for a non-integer count
    size = len(sequence) * max(count, 0)
    if size > MAX_REPEAT:
        kind, unit = ("a text", "characters") if isinstance(sequence, (str, bytes)) else (
            f"a {type(sequence).__name__}", "items")
        raise SecurityError(f"repeating {kind} {_shown(count)} times is refused "
                            f"({_shown(size)} {unit}; at most {MAX_REPEAT})")
    return sequence * count


def _multiply(left: int, right: int) -> int:
    """`left * right` for integers, refused when the result would have more than MAX_DIGITS digits."""
    # |product| >= 2**(bits of left + bits of right - 2) and _LIMIT < 2**_LIMIT.bit_length(),
    # so a product of big numbers is refused without computing it.
    if left and right and left.bit_length() + right.bit_length() - 2 >= _LIMIT.bit_length():
        raise _refuse_huge(f"multiplying {_shown(left)} by {_shown(right)}")
    product = left * right
    if abs(product) >= _LIMIT:
        raise _refuse_huge(f"multiplying {_shown(left)} by {_shown(right)}")
    return product


def _power(base: int, exponent: int) -> int | float:
    """`base ** exponent` for integers, refused when the result would have more than MAX_DIGITS digits."""
    if exponent > 0 and abs(base) > 1:
        # |result| >= 2**((bits of base - 1) * exponent): a huge power is refused without computing it.
        if (base.bit_length() - 1) * exponent >= _LIMIT.bit_length():
            raise _refuse_huge(f"raising {_shown(base)} to the power {_shown(exponent)}")
        result = base**exponent
        if abs(result) >= _LIMIT:
            raise _refuse_huge(f"raising {_shown(base)} to the power {_shown(exponent)}")
        return result
    return base**exponent


def _cap(width: object, refusal: str) -> None:
    """Refuse an integer `width` (or count, or precision) above MAX_REPEAT; `refusal` says what, with `{}` for it.

    Anything that is not an integer is left alone: Python or the filter reports it.
    """
    try:
        number = operator.index(width)
    except TypeError:
        return
    if number > MAX_REPEAT:
        raise SecurityError(f"{refusal.format(_shown(number))} is refused (at most {MAX_REPEAT})")


def _digits(text: str | None) -> int:
    """The number written in `text` (0 when empty); one too long to convert counts as more than MAX_DIGITS digits."""
    if not text:
        return 0
    return int(text) if len(text) <= MAX_DIGITS else _LIMIT


def _check_method(method: object, args: tuple, kwargs: dict) -> None:
    """Refuse padding a text (`ljust`, `rjust`, `center`, `zfill`) or expanding its tabs beyond MAX_REPEAT."""
    if not isinstance(method, (types.BuiltinMethodType, types.MethodType)):
        return
    text = method.__self__
    if not isinstance(text, (str, bytes)):
        return
    if method.__name__ in _PADDING_METHODS and args:
        _cap(args[0], _PADDING)
    elif method.__name__ == "expandtabs":
        _check_tabs(text, args[0] if args else kwargs.get("tabsize", 8))


def _check_tabs(text: str | bytes, tabsize: object) -> None:
    """Refuse `text.expandtabs(tabsize)` when its tabs could become more than MAX_REPEAT characters."""
    try:
        width = operator.index(tabsize)
    except TypeError:
        return
    tabs = text.count("\t" if isinstance(text, str) else b"\t")
    size = tabs * max(width, 0)
    if size > MAX_REPEAT:
        raise SecurityError(f"expanding {tabs} tab{'s' if tabs != 1 else ''} to {_shown(width)} spaces each is refused "
                            f"(up to {_shown(size)} characters; at most {MAX_REPEAT})")


def _check_format_spec(spec: str) -> None:
    """Refuse a `str.format` field whose width or precision is above MAX_REPEAT."""
    match = _FORMAT_SPEC.match(spec)
    _cap(_digits(match["width"]), _PADDING)
    _cap(_digits(match["precision"]), _PRECISION)


def _check_printf(text: str | bytes, values: object) -> None:
    """Refuse printf-style `text % values` whose width or precision is above MAX_REPEAT.

    A `*` takes the width or precision from the next value; a negative width
    pads on the right, as wide as its absolute value.
    """
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    given = iter(values if isinstance(values, tuple) else (values,))

    def number(written: str | None) -> int:
        return _given(given) if written == "*" else _digits(written)

    start = text.find("%")
    while start >= 0:
        if text.startswith("(", start + 1):
            start = _after_key(text, start + 1)
        match = _PRINTF_CONVERSION.match(text, start + 1)
        _cap(number(match["width"]), _PADDING)
        _cap(number(match["precision"]), _PRECISION)
        if match["kind"] != "%":
            next(given, None)
        start = text.find("%", match.end())


def _after_key(text: str, start: int) -> int:
    """Where the printf mapping key opening at `start` ends: at its balancing `)`, as Python reads it."""
    depth = 0
    for at in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[at], 0)
        if depth == 0:
            return at
    return len(text)


def _given(values: Iterator) -> int:
    """The next of `values` as a `*` width or precision, without its sign; 0 for no integer (Python refuses it)."""
    try:
        return abs(operator.index(next(values, 0)))
    except TypeError:
        return 0


class _CappedFormatter(SandboxedFormatter):
    """The sandbox's formatter for `str.format`, refusing a field width or precision above MAX_REPEAT."""

    def format_field(self, value: object, format_spec: str) -> object:
        _check_format_spec(format_spec)
        return super().format_field(value, format_spec)


class _CappedEscapeFormatter(_CappedFormatter, SandboxedEscapeFormatter):
    """The same for `Markup.format`, which escapes what it inserts."""


def _capped_filter(function: Callable, parameter: str, refusal: str) -> Callable:
    """jinja2 filter `function`, refusing its argument `parameter` above MAX_REPEAT (a text counts by its length)."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def capped(*args, **kwargs):
        try:
            width = signature.bind(*args, **kwargs).arguments.get(parameter)
        except TypeError:
            return function(*args, **kwargs)  # the filter's own error for wrong arguments
        _cap(len(width) if isinstance(width, str) else width, refusal)
        return function(*args, **kwargs)

    return capped


def _capped_format_filter(function: Callable) -> Callable:
    """jinja2's `format` filter (printf-style), refusing a width or precision above MAX_REPEAT."""

    @functools.wraps(function)
    def capped(value, *args, **kwargs):
        _check_printf(str(value), kwargs or args)
        return function(value, *args, **kwargs)

    return capped


class BriefingEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with `*`, `**` and widths capped (see MAX_REPEAT and MAX_DIGITS)."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, (parameter, refusal) in _CAPPED_FILTERS.items():
            self.filters[name] = _capped_filter(self.filters[name], parameter, refusal)
        self.filters["format"] = _capped_format_filter(self.filters["format"])

    def call(self, context, obj, /, *args, **kwargs):
        """Call `obj` from a template; padding a text or expanding its tabs is capped."""
        _check_method(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value):
        """`str.format` and `str.format_map` as the sandbox runs them, with each field's width and precision capped.

        The sandbox wraps these methods when a template reads them; this wraps
        them the same way with a formatter that checks every field it formats,
        including widths given by a nested field (`'{:{}}'.format(1, 10**9)`).
        """
        if super().wrap_str_format(value) is None:
            return None
        text = value.__self__
        formatter = (_CappedEscapeFormatter(self, escape=text.escape) if isinstance(text, Markup)
                     else _CappedFormatter(self))
        is_format_map = value.__name__ == "format_map"

        def capped(*args, **kwargs):
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args) + len(kwargs)} given)")
                args, kwargs = (), args[0]
            return type(text)(formatter.vformat(text, args, kwargs))

        return functools.update_wrapper(capped, value)

    def call_binop(self, context, operator: str, left, right):
        if operator == "%" and isinstance(left, (str, bytes)):
            _check_printf(left, right)
        elif operator == "*":
            if isinstance(left, _SEQUENCES) and not isinstance(right, _SEQUENCES):
                return _repeat(left, right)
            if isinstance(right, _SEQUENCES) and not isinstance(left, _SEQUENCES):
                return _repeat(right, left)
            if isinstance(left, int) and isinstance(right, int):
                return _multiply(left, right)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            return _power(left, right)
        return super().call_binop(context, operator, left, right)


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

    def clear(self) -> None:
        self._code.clear()


_COMPILED = _CompiledTemplates()


def make_environment(templates_dir: Path, fmt: Formatter, usage: Usage | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed, strict environment loading `templates_dir/<lang>/`; figures shown are noted in `usage`."""
    env = BriefingEnvironment(
        bytecode_cache=_COMPILED,
        loader=jinja2.FileSystemLoader(str(templates_dir / fmt.lang)),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(fmt.lang), newstyle=True)
    env.filters.update(make_filters(fmt, usage if usage is not None else Usage()))
    return env


def load_template(env: ImmutableSandboxedEnvironment, name: str, where: str) -> jinja2.Template:
    """Parse template `name`; a syntax error names the file and line."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"{where}: template not found") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{where}:{exc.lineno}: {exc.message}") from None


def render(template: jinja2.Template, where: str, **context: object) -> str:
    """Render `template`; any error names the template file and line."""
    try:
        return template.render(**context)
    except (jinja2.TemplateError, BriefgenError, TypeError, ValueError, ArithmeticError, KeyError) as exc:
        line = _template_line(sys.exc_info()[2], template.filename)
        message = exc.message if isinstance(exc, BriefgenError) else str(exc)
        raise TemplateError(f"{where}{line}: {message}") from None


def _template_line(tb, filename: str | None) -> str:
    """":N" for the deepest traceback frame inside the template, or ""."""
    line = ""
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = f":{tb.tb_lineno}"
        tb = tb.tb_next
    return line
