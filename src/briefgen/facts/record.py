"""Typed reading of one YAML mapping, recording each problem with file, line, subject and field."""

from __future__ import annotations

import json
from typing import Collection

from briefgen.facts.dates import PartialDate, parse_partial_date
from briefgen.facts.yamlfile import Located


def shown(value: object) -> str:
    """A value as messages quote it: text in double quotes, anything else as written in YAML."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    return str(value)


def is_number(value: object) -> bool:
    """Whether `value` is a plain int or float (YAML's true/false are not numbers)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Record:
    """One mapping being read: every field access checks its type and notes problems.

    `where` is the file as shown to users, `subject` starts each message
    ("fact laoshan.unicorns"), `prefix` names nested fields ("converted.").
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
            if key not in allowed:
                self.problem(key, f"is not a known field (known: {', '.join(sorted(allowed))})", name=str(key))

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
        if value not in allowed:
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
