"""Typed reading of one YAML mapping, recording each problem with file, line, subject and field."""

from __future__ import annotations

import datetime
import json
import math
import re
import reprlib
import unicodedata
from typing import Collection

from briefgen.facts.dates import PartialDate, parse_partial_date
from briefgen.facts.yamlfile import Located
from briefgen.vocabulary import LANGUAGE_CODE

_SHOWN_TEXT = 80
# Characters a message shows as \u escapes: invisible ones, and those that
# would break the line or reorder the terminal (bidi controls).
_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Characters no document can hold: C0 and C1 controls but tab and line
# breaks, lone surrogates, and the noncharacters XML refuses.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The bidirectional embeddings, overrides and isolates: invisible, they make a
# DOCX or PDF reader show the text after them in another order ("RLO" U+202E
# prints "cba" for "abc"), so a figure could read other than it is stored.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Emoji and the characters that build emoji sequences: the briefing's fonts
# (DejaVu Sans, WenQuanYi Micro Hei) have no glyph for nearly all of them, so
# the PDF would show empty boxes. That is every symbol from U+10000 on (the
# pictograph, emoticon, transport, flag and game blocks start at U+1F000),
# the emoji presentation selector U+FE0F, the combining keycap U+20E3 and the
# tag characters of subdivision flags.
_EMOJI = re.compile("[\ufe0f\u20e3\U000e0000-\U000e007f]")
_EMOJI_CATEGORIES = frozenset({"So", "Sk"})
# Where an emoji may be: those characters and everything from U+10000 on. Most
# texts hold none, so one search replaces a look at each character.
_MAYBE_EMOJI = re.compile("[\ufe0f\u20e3\U00010000-\U0010ffff]")
# Any character one of the above may refuse: nearly every text has none, and is passed by one search.
_SUSPECT = re.compile("|".join(p.pattern for p in (_NOT_PRINTABLE, _BIDI_CONTROLS, _MAYBE_EMOJI)))


class _Short(reprlib.Repr):
    """reprlib's short, depth-limited repr, reading `Located` mappings as dicts."""

    repr_Located = reprlib.Repr.repr_dict


_SHORT = _Short()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong = 3, 40, 40, 40


def _escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in _ESCAPED else c for c in text)


def shown(value: object) -> str:
    """A value as messages quote it, on one short line: text in double quotes, anything else as in YAML.

    Long text is cut with "…"; invisible characters and line breaks show as
    \\u escapes; nested lists and mappings are abbreviated.
    """
    if isinstance(value, str):
        text = value if len(value) <= _SHOWN_TEXT else value[: _SHOWN_TEXT - 1] + "…"
        return _escaped(json.dumps(text, ensure_ascii=False))
    if value is None:
        return "null"
    if isinstance(value, (float, datetime.date)):
        return str(value)
    return _escaped(_SHORT.repr(value))


def subject(kind: str, ident: object, pattern: re.Pattern) -> str:
    """How messages name a record: "fact park.companies", 'fact "Bad id"' when the id is malformed, or "fact"."""
    if not isinstance(ident, str):
        return kind
    return f"{kind} {ident if pattern.fullmatch(ident) else shown(ident)}"


def is_number(value: object) -> bool:
    """Whether `value` is a plain, finite int or float.

    YAML's true/false are not numbers, nor are .nan and .inf, nor an integer
    too large to be a float.
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def text_problem(text: str) -> str | None:
    """Why `text` cannot be printed in a briefing, or None.

    Refused: a control character or lone surrogate, a bidirectional control
    (it reorders the text around it), and an emoji (no embedded font draws it).
    """
    if _SUSPECT.search(text) is None:
        return None
    found = _NOT_PRINTABLE.search(text)
    if found is not None:
        return f"{shown(text)} holds U+{ord(found.group()):04X}, a control character no document can show"
    found = _BIDI_CONTROLS.search(text)
    if found is not None:
        return (f"{shown(text)} holds U+{ord(found.group()):04X}, an invisible bidirectional control that would "
                "show the text after it in another order; delete it")
    emoji = next((c for c in (candidate.group() for candidate in _MAYBE_EMOJI.finditer(text))
                  if _EMOJI.match(c) or unicodedata.category(c) in _EMOJI_CATEGORIES), None)
    if emoji is not None:
        seen = f" ({emoji})" if unicodedata.category(emoji) in _EMOJI_CATEGORIES else ""
        return (f"{shown(text)} holds U+{ord(emoji):04X}{seen}, an emoji or pictograph the briefing's fonts do "
                "not draw (the PDF would show an empty box); write it in words")
    return None


class Record:
    """One mapping being read: every field access checks its type and notes problems.

    `where` is the file as shown to users, `subject` starts each message
    ("fact park.companies"), `prefix` names nested fields ("converted.").
    Fields not in `allowed` are problems too, so a misspelt key is never
    silently ignored.
    """

    def __init__(
        self,
        data: Located,
        where: str,
        subject: str,
        problems: list[str],
        allowed: Collection[str],
        prefix: str = "",
    ):
        self.data = data
        self.where = where
        self.subject = subject
        self.problems = problems
        self.prefix = prefix
        for key in data:
            if not isinstance(key, str) or key not in allowed:
                name = key if isinstance(key, str) and key.isidentifier() else shown(key)
                self.problem(key, f"is not a known field (known: {', '.join(sorted(allowed))})", name=name)

    def line(self, field: str) -> int:
        """The line of `field`, or of the mapping when the field is absent."""
        return self.data.line_of(field)

    def problem(self, field: str, message: str, name: str | None = None) -> None:
        """Record that `field` has a problem, worded as `message`."""
        label = f"{self.prefix}{name or field}"
        self.problems.append(f"{self.where}:{self.line(field)}: {self.subject}: {label} {message}")

    def nested(self, field: str, data: Located, allowed: Collection[str]) -> Record:
        """A record for a mapping inside this one, its fields named `field.<name>`."""
        return Record(data, self.where, self.subject, self.problems, allowed, prefix=f"{self.prefix}{field}.")

    def _get(self, field: str, required: bool) -> object:
        if field not in self.data or self.data[field] is None:
            if required:
                self.problem(field, "is missing")
            return None
        return self.data[field]

    def text(self, field: str, required: bool = True) -> str | None:
        """A non-empty text; None when absent (a problem only if `required`) or wrong."""
        value = self._get(field, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(field, f"{shown(value)} is not a non-empty text")
            return None
        problem = text_problem(value)
        if problem is not None:
            self.problem(field, problem)
            return None
        return value

    def number(self, field: str, required: bool = True) -> int | float | None:
        """A plain number; None when absent or not a number."""
        value = self._get(field, required)
        if value is None:
            return None
        if not is_number(value):
            self.problem(field, f"{shown(value)} is not a number")
            return None
        return value

    def choice(self, field: str, allowed: Collection[str], required: bool = True) -> str | None:
        """One of `allowed`; None when absent or unknown."""
        value = self._get(field, required)
        if value is None:
            return None
        if not isinstance(value, str) or value not in allowed:
            known = ", ".join(allowed if isinstance(allowed, (list, tuple)) else sorted(allowed))
            self.problem(field, f"{shown(value)} is unknown (known: {known})")
            return None
        return value

    def date(self, field: str, required: bool = True) -> PartialDate | None:
        """A day, month, year or span ("2024-11-18", "2024-11", "2024", "2024-11/2024-12")."""
        value = self._get(field, required)
        if value is None:
            return None
        parsed = parse_partial_date(value)
        if parsed is None:
            self.problem(field, f"{shown(value)} is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a span A/B)")
        return parsed

    def per_language(self, field: str, languages: tuple[str, ...] | None, limit: int) -> dict[str, str]:
        """A mapping of language code to text (`label: {fr: …, en: …}`), each text at most `limit` long.

        Every language of `languages` is required; None requires at least one.
        Keys that are not language codes are problems; other languages are kept.
        """
        data = self.mapping(field)
        if data is None:
            return {}
        keys = [k for k in data if isinstance(k, str) and LANGUAGE_CODE.fullmatch(k)]
        nested = self.nested(field, data, keys)
        wanted = list(dict.fromkeys([*(languages or ()), *keys]))
        if not wanted:
            self.problem(field, "is empty; give the text in each language of the briefing (fr: …, en: …)")
        texts = {}
        for language in wanted:
            text = nested.text(language, required=languages is not None and language in languages)
            if text is not None and len(text) > limit:
                nested.problem(language, f"is {len(text)} characters long; at most {limit}")
            elif text is not None:
                texts[language] = text
        return texts

    def mapping(self, field: str, required: bool = True) -> Located | None:
        """A nested mapping; None when absent or not a mapping."""
        value = self._get(field, required)
        if value is None:
            return None
        if not isinstance(value, Located):
            self.problem(field, f"{shown(value)} is not a mapping")
            return None
        return value

    def items(self, field: str, required: bool = True) -> list:
        """A list; empty when absent or not a list."""
        value = self._get(field, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(field, f"{shown(value)} is not a list")
            return []
        return value
