"""Read rates.yaml: reference exchange rates that the sources' own conversions are checked against."""

from __future__ import annotations

from pathlib import Path

from briefgen.facts.model import RatePoint, RateTable
from briefgen.vocabulary import CURRENCIES
from briefgen.facts.record import Record, shown
from briefgen.facts.yamlfile import Located, read_yaml

RATES_FILE = "rates.yaml"
_FIELDS = ("currency", "per", "tolerance", "note", "rates")
_POINT_FIELDS = ("date", "value", "reported_by", "url")


def read_rates(facts_dir: Path, problems: list[str]) -> RateTable | None:
    """The reference rate table; None when the store has no rates.yaml or it is unusable (problems appended)."""
    path = facts_dir / RATES_FILE
    if not path.exists():
        return None
    where = f"{facts_dir.name}/{RATES_FILE}"
    data, read_problems = read_yaml(path, where)
    problems.extend(read_problems)
    if data is None:
        return None
    if not isinstance(data, Located):
        problems.append(f"{where}:1: expected a mapping with currency, per, tolerance, note and rates")
        return None
    record = Record(data, where, "rates", problems, _FIELDS)
    currency = record.choice("currency", sorted(CURRENCIES))
    per = record.choice("per", sorted(CURRENCIES))
    tolerance = record.number("tolerance")
    if tolerance is not None and not 0 < tolerance < 1:
        record.problem("tolerance", f"{shown(tolerance)} is not a fraction between 0 and 1 (0.02 is 2 %)")
        tolerance = None
    note = record.text("note")
    points = []
    for entry in record.items("rates"):
        point = _read_point(entry, record)
        if point is not None:
            points.append(point)
    if None in (currency, per, tolerance, note):
        return None
    dates = [p.date for p in points]
    if dates != sorted(set(dates)):
        record.problem("rates", "must be listed oldest first, one per date")
    return RateTable(currency=currency, per=per, tolerance=tolerance, note=note, points=tuple(points))


def _read_point(entry: object, table: Record) -> RatePoint | None:
    if not isinstance(entry, Located):
        table.problem("rates", f"each rate is a mapping, not {shown(entry)}")
        return None
    record = Record(entry, table.where, "rates", table.problems, _POINT_FIELDS)
    when = record.date("date")
    if when is not None and when.start != when.end:
        record.problem("date", f"{shown(when.text)} is not a single day")
        when = None
    value = record.number("value")
    if value is not None and value <= 0:
        record.problem("value", f"{shown(value)} is not a positive rate")
        value = None
    reported_by = record.text("reported_by")
    url = record.text("url", required=False)
    if None in (when, value, reported_by):
        return None
    return RatePoint(date=when.start, value=float(value), reported_by=reported_by, url=url)
