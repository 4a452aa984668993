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

A render as a whole is bounded too, however its steps add up: a template
may write at most MAX_OUTPUT characters (counted as they are written, in
macros and `{% set %}` blocks too), build no text or list longer than that
(`+`, `~`, `join`, `replace`, `indent`, `sum` of texts or lists), run its
loops at most MAX_ITERATIONS times in all, and take at most
MAX_RENDER_SECONDS (checked at each loop step and each call). The loops,
`~` and the writing are counted by calls the compiled template makes, put
into its syntax tree before it is compiled (see `_Counted`).
"""

from __future__ import annotations

import functools
import inspect
import operator
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator

from jinja2 import Template, nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

MAX_REPEAT = 100_000  # characters or items a `*` may build
MAX_DIGITS = 100  # digits of an integer result of `*` or `**`
# A section of the shipped briefings writes at most about 2,000 characters, loops at most a few dozen times
# (the "what changed" list) and renders in well under a second, its charts drawn: these bounds are
# hundreds of times what a long briefing needs, and small enough to stop a runaway template at once.
MAX_OUTPUT = 1_000_000  # characters a render may write, and the longest text or list it may build
MAX_ITERATIONS = 1_000_000  # loop steps of one render, all its loops together
MAX_RENDER_SECONDS = 30.0
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


def _check_method(method: object, args: tuple, kwargs: dict) -> tuple:
    """Refuse padding a text (`ljust`, `rjust`, `center`, `zfill`) or expanding its tabs beyond MAX_REPEAT, and
    a `join` or `replace` whose result would be longer than MAX_OUTPUT; returns the arguments to call with
    (the items a `join` is given, read once)."""
    if not isinstance(method, (types.BuiltinMethodType, types.MethodType)):
        return args
    text = method.__self__
    if not isinstance(text, (str, bytes)):
        return args
    if method.__name__ in _PADDING_METHODS and args:
        _cap(args[0], _PADDING)
    elif method.__name__ == "expandtabs":
        _check_tabs(text, args[0] if args else kwargs.get("tabsize", 8))
    elif method.__name__ == "join" and len(args) == 1 and isinstance(text, str):
        items = list(args[0])
        _check_size(len(text) * max(len(items) - 1, 0) + sum(len(item) for item in items if isinstance(item, str)))
        return (items,)
    elif method.__name__ == "replace" and len(args) >= 2 and isinstance(text, str):
        _check_size(_replaced_length(text, *args[:3]))
    return args


def _check_size(size: int, what: str = "building a text", unit: str = "characters") -> None:
    """Refuse `what` ("building a text") of `size` characters (or items) when that is more than MAX_OUTPUT."""
    if size > MAX_OUTPUT:
        raise SecurityError(f"{what} of {_shown(size)} {unit} is refused (at most {MAX_OUTPUT:,}, "
                            "more than a whole section may write)")


def _replaced_length(text: object, old: object, new: object, count: object = None) -> int:
    """The length of `text` with `old` replaced by `new` (the first `count` times when that is not negative)."""
    text, old, new = str(text), str(old), str(new)
    found = len(text) + 1 if old == "" else text.count(old)
    limit = _integer(count) if count is not None else None
    if limit is not None and limit >= 0:
        found = min(found, limit)
    return len(text) + found * (len(new) - len(old))


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
    bind = _bound_arguments(function)

    @functools.wraps(function)
    def capped(*args, **kwargs):
        arguments = bind(args, kwargs)
        if arguments is not None:
            width = arguments.get(parameter)
            _cap(len(width) if isinstance(width, str) else width, refusal)
        return function(*args, **kwargs)

    return capped


def _bound_arguments(function: Callable) -> Callable:
    """A function reading the arguments a call of jinja2 filter `function` gives it, by name (None: unbindable)."""
    signature = inspect.signature(function)
    # A filter marked to receive jinja2's context first may show a signature
    # without it (those with a sync and an async variant): skip it when binding.
    first = next(iter(signature.parameters), None)
    passed = int(getattr(function, "jinja_pass_arg", None) is not None
                 and first not in ("context", "eval_ctx", "environment"))

    def bind(args: tuple, kwargs: dict) -> dict | None:
        try:
            bound = signature.bind(*args[passed:], **kwargs)
        except TypeError:
            return None  # the filter's own error for wrong arguments
        bound.apply_defaults()
        return bound.arguments

    return bind


def _sized_filter(function: Callable, size: Callable[[dict], int], reads_items: bool = False,
                  what: str = "a text", unit: str = "characters") -> Callable:
    """jinja2 filter `function`, refusing a call whose result `size(arguments)` says is longer than MAX_OUTPUT.

    With `reads_items`, the value the filter reads through (`join`, `sum`) is
    read into a list first, so that measuring it does not use it up.
    """
    bind = _bound_arguments(function)
    value_at = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0  # after jinja2's context

    @functools.wraps(function)
    def sized(*args, **kwargs):
        if reads_items and len(args) > value_at and not isinstance(args[value_at], (str, list, tuple)):
            args = (*args[:value_at], list(args[value_at]), *args[value_at + 1:])
        arguments = bind(args, kwargs)
        if arguments is not None:
            _check_size(size(arguments), f"`{function.__name__.removeprefix('do_')}` building {what}", unit)
        return function(*args, **kwargs)

    return sized


def _items(environment, arguments: dict, parameter: str):
    """The items a `join` or `sum` call reads: its argument `parameter`, through `attribute` when given."""
    items = arguments[parameter]
    attribute = arguments.get("attribute")
    return items if attribute is None else list(map(make_attrgetter(environment, attribute), items))


def _join_size(environment) -> Callable[[dict], int]:
    """The length of the text `join` makes of its items (read through `attribute` when given)."""
    def size(arguments: dict) -> int:
        items = _items(environment, arguments, "value")
        return len(str(arguments["d"])) * max(len(items) - 1, 0) + sum(len(str(item)) for item in items)

    return size


def _replace_size(arguments: dict) -> int:
    """The length of the text the `replace` filter makes."""
    return _replaced_length(arguments["s"], arguments["old"], arguments["new"], arguments["count"])


def _indent_size(arguments: dict) -> int:
    """The length of the text `indent` makes: each line gains the margin (a text, or a number of spaces)."""
    text, width = str(arguments["s"]), arguments["width"]
    margin = len(width) if isinstance(width, str) else max(_integer(width) or 0, 0)
    return len(text) + (text.count("\n") + 1) * margin


def _sum_size(environment) -> Callable[[dict], int]:
    """The length of what `sum` builds when it adds up texts, lists or tuples (0 for numbers)."""
    def size(arguments: dict) -> int:
        items = _items(environment, arguments, "iterable")
        start = arguments.get("start")
        return sum(len(x) for x in (start, *items) if isinstance(x, _SEQUENCES))

    return size


def _capped_format_filter(function: Callable) -> Callable:
    """jinja2's `format` filter (printf-style), refusing a width or precision above MAX_REPEAT."""

    @functools.wraps(function)
    def capped(value, *args, **kwargs):
        _check_printf(str(value), kwargs or args)
        return function(value, *args, **kwargs)

    return capped


class _Budget:
    """What one render has used: characters written, loop steps, and the time it may end by."""

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        self.written = 0
        self.iterations = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def write(self, size: int) -> None:
        self.written += size
        if self.written > MAX_OUTPUT:
            raise SecurityError(f"writing more than {MAX_OUTPUT:,} characters is refused (a template writes a "
                                "section, not a book): a loop repeats too much, or a text is too long")

    def step(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise SecurityError(f"running loops more than {MAX_ITERATIONS:,} times in all is refused "
                                "(loops inside loops multiply)")
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(f"rendering for more than {MAX_RENDER_SECONDS:g} seconds is refused")


class _BudgetedTemplate(Template):
    """A template whose every render starts a new budget (see `_Budget`); included templates share it."""

    def render(self, *args, **kwargs) -> str:
        self.environment.budget.start()
        return super().render(*args, **kwargs)


class _Counted(NodeTransformer):
    """Rewrite a template's syntax tree so that it counts what it does, through the environment.

    Each loop reads its items through `environment.counted`; each `~`
    hands its text to `environment.bounded`; each piece of output passes
    through `environment.written`, literal text as its length. The calls
    name environment attributes, which no template variable can shadow.
    """

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        node.iter = _environment_call("counted", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        return _environment_call("bounded", self.generic_visit(node))

    def visit_Output(self, node: nodes.Output) -> nodes.Output:
        node = self.generic_visit(node)
        literal = sum(len(child.data) for child in node.nodes if isinstance(child, nodes.TemplateData))
        node.nodes = [child if isinstance(child, nodes.TemplateData) else _environment_call("written", child)
                      for child in node.nodes]
        if literal:
            node.nodes.append(_environment_call("written_literal", nodes.Const(literal, lineno=node.lineno)))
        return node


def _environment_call(name: str, argument: nodes.Expr) -> nodes.Call:
    """The expression `environment.<name>(argument)`, on the line of `argument`."""
    call = nodes.Call(nodes.EnvironmentAttribute(name), [argument], [], None, None, lineno=argument.lineno)
    return call.set_lineno(argument.lineno)


class BriefingEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with `*`, `**` and widths capped (see MAX_REPEAT and MAX_DIGITS), and each render
    bounded in what it writes and builds, in loop steps and in time (see MAX_OUTPUT, MAX_ITERATIONS and
    MAX_RENDER_SECONDS)."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])
    template_class = _BudgetedTemplate

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.budget = _Budget()
        self.filters["join"] = _sized_filter(self.filters["join"], _join_size(self), reads_items=True)
        self.filters["sum"] = _sized_filter(self.filters["sum"], _sum_size(self), reads_items=True,
                                            what="a text or list", unit="characters or items")
        self.filters["replace"] = _sized_filter(self.filters["replace"], _replace_size)
        self.filters["indent"] = _sized_filter(self.filters["indent"], _indent_size)
        for name, (parameter, refusal) in _CAPPED_FILTERS.items():  # a width is refused before what it would build
            self.filters[name] = _capped_filter(self.filters[name], parameter, refusal)
        self.filters["format"] = _capped_format_filter(self.filters["format"])
        del self.globals["lipsum"]  # placeholder text has no place in a briefing, and can be made huge

    def _generate(self, source: nodes.Template, name, filename, defer_init: bool = False) -> str:
        """Compile the template with its loops, `~` and output counted (see `_Counted`)."""
        return super()._generate(_Counted().visit(source), name, filename, defer_init=defer_init)

    def counted(self, items: Iterable) -> Iterator:
        """The items a template loop reads, each step counted and timed."""
        for item in items:
            self.budget.step()
            yield item

    def bounded(self, text: str) -> str:
        """The text a `~` built, refused when longer than MAX_OUTPUT."""
        _check_size(len(text))
        return text

    def written(self, value: object) -> object:
        """A value a template writes out, counted by the length it prints at."""
        self.budget.write(len(value) if isinstance(value, str) else len(str(value)) if value is not None else 0)
        return value

    def written_literal(self, size: int) -> str:
        """Count `size` characters of the template's own text written out; nothing is added."""
        self.budget.write(size)
        return ""

    def call(self, context, obj, /, *args, **kwargs):
        """Call `obj` from a template; padding a text, expanding its tabs, `join` and `replace` are capped."""
        self.budget.check_time()
        args = _check_method(obj, args, kwargs)
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
        if operator == "+":
            result = super().call_binop(context, operator, left, right)
            if isinstance(result, (str, bytes)):
                _check_size(len(result))
            elif isinstance(result, (list, tuple)):
                _check_size(len(result), f"building a {type(result).__name__}", "items")
            return result
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
