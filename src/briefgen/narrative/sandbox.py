"""The template sandbox: jinja2's immutable sandbox, with arithmetic, widths and formats capped.

Templates are repository files, but a slip such as `{{ 'a' * 10**10 }}`
must not exhaust the machine that runs the monthly build. `*` may build a
text, list or tuple of at most MAX_REPEAT characters or items, and an integer
result of `*` or `**` may have at most MAX_DIGITS digits. Floats are left
alone: they overflow quickly on their own. Widths are capped the same way:
padding a text (`ljust`, `rjust`, `center`, `zfill`, the `center` filter), a
field width or precision of `str.format`, of printf-style `%` or of the
`format` filter, an indent (`indent`, `tojson`) or a wrapping width
(`wordwrap`) may be at most MAX_REPEAT, and `expandtabs` may add at most
MAX_REPEAT characters; `slice` may cut at most MAX_REPEAT slices, and the
`lipsum` placeholder generator is removed. Anything beyond is refused with a `SecurityError`
before anything large is built; the environment module reports it like any
template error, with the template's file and line.
"""

from __future__ import annotations

import functools
import inspect
import operator
import re
import types
from collections.abc import Callable, Iterator

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

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
    "slice": ("slices", "cutting a sequence into {} slices"),
}
# A str.format field's [[fill]align][sign][z][#][0][width][grouping][.precision]
_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[_,]?(?:\.(?P<precision>\d*))?", re.DOTALL)
# A printf-style conversion after its `%` and mapping key: flags, width, precision, length, type
_PRINTF_CONVERSION = re.compile(r"[-#0 +]*(?P<width>\*|\d*)(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<kind>.?)", re.DOTALL)


def _shown(number: int) -> str:
    """`number` for a message; one too long to read is described by its number of digits."""
    if abs(number) >= _LIMIT:
        return f"a number of more than {MAX_DIGITS} digits"
    digits = len(str(abs(number)))
    return str(number) if digits <= 20 else f"a number of {digits} digits"


def _refuse_huge(what: str) -> SecurityError:
    return SecurityError(f"{what} is refused (the result would have more than {MAX_DIGITS} digits)")


def _integer(value: object) -> int | None:
    """`value` as an integer, or None when it is none (Python or the filter then reports it)."""
    try:
        return operator.index(value)
    except TypeError:
        return None


def _repeat(sequence: str | bytes | list | tuple, times: object) -> object:
    """`sequence * times`, refused when the result would be longer than MAX_REPEAT."""
    count = _integer(times)
    if count is None:
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
    number = _integer(width)
    if number is not None and number > MAX_REPEAT:
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
    width = _integer(tabsize)
    if width is None:
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
    return abs(_integer(next(values, 0)) or 0)


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
    # A filter marked to receive jinja2's context first may show a signature
    # without it (those with a sync and an async variant): skip it when binding.
    first = next(iter(signature.parameters), None)
    passed = int(getattr(function, "jinja_pass_arg", None) is not None
                 and first not in ("context", "eval_ctx", "environment"))

    @functools.wraps(function)
    def capped(*args, **kwargs):
        try:
            width = signature.bind(*args[passed:], **kwargs).arguments.get(parameter)
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
        del self.globals["lipsum"]  # placeholder text has no place in a briefing, and can be made huge

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
