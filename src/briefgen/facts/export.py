"""List a store's observations as a text table, CSV or JSON."""

from __future__ import annotations

import json

from briefgen.facts.store import FactStore

FORMATS = ("table", "csv", "json")
_TABLE_COLUMNS = ["id", "period", "value", "unit", "qualifier", "status", "source", "published"]


def _selected(store: FactStore, topic: str | None):
    frame = store.frame
    return frame if topic is None else frame[frame["topic"] == topic]


def to_table(store: FactStore, topic: str | None = None) -> str:
    """An aligned text table, one observation a line (quotes left out for width)."""
    frame = _selected(store, topic)
    if frame.empty:
        return "no observations"
    return frame[_TABLE_COLUMNS].to_string(index=False)


def to_csv(store: FactStore, topic: str | None = None) -> str:
    """Every column of the store's frame as CSV, one observation a row."""
    return _selected(store, topic).to_csv(index=False, lineterminator="\n")


def to_json(store: FactStore, topic: str | None = None) -> str:
    """A JSON list, one object per observation, with its label, quotes and conversion."""
    records = [
        {
            "id": o.fact_id,
            "topic": o.topic,
            "entity": o.entity,
            "label": dict(fact.label),
            "period": o.period,
            "value": o.value,
            "unit": o.unit,
            "qualifier": o.qualifier,
            "status": o.status,
            "source": o.source_id,
            "published": o.published.isoformat(),
            "quote": o.quote,
            "also": [{"source": q.source_id, "quote": q.text} for q in o.also],
            "converted": {"value": o.converted.value, "unit": o.converted.unit} if o.converted else None,
            "note": o.note,
        }
        for fact in store.facts(topic)
        for o in fact.observations
    ]
    return json.dumps(records, ensure_ascii=False, indent=2)
