"""Read one topic file (facts/<topic>.yaml) into facts, checking every field against the store."""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.facts.derived import check_conversion
from briefgen.facts.model import Conversion, Fact, Observation, Statement
from briefgen.facts.record import Record, shown, subject
from briefgen.facts.validate import Known, number_problem, value_problem
from briefgen.facts.yamlfile import Located, read_yaml
from briefgen.vocabulary import CONVERTIBLE, QUALIFIERS, STATUSES, UNITS

FACT_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
LABEL_LIMIT = 140
"""Most characters in a label: a short noun phrase, shown in table cells, the key-figures panel and charts.

What the PDF's tables can always lay out: a table gives each column at
least its longest unbroken word, and when those words overflow the page all
columns shrink alike, a column narrower than its padding being an error. A
label of one unbroken word of 149 "W"s (the widest letter) does that beside
the German headers, 165 beside the English, 185 beside the French; the
longest label of the shipped briefings has 131 characters. Charts shorten
names that do not fit (see charts), and the key-figures panel breaks them.
"""
_FACT_FIELDS = ("id", "entity", "unit", "label", "scope", "comparable", "note", "observations")
_OBSERVATION_FIELDS = ("period", "value", "qualifier", "source", "quote", "also", "converted", "status", "note",
                       "scope")
_STATEMENT_FIELDS = ("id", "entity", "text", "source", "quote", "also", "note")
STATEMENT_LIMIT = 400
"""Most characters in a statement's text: a clause or a sentence of the briefing."""


def read_topic(path: Path, where: str, known: Known, problems: list[str],
               named_by_file: bool = True) -> list[tuple[str, int, object]]:
    """Each fact and statement entry of one topic file as (id, line, Fact or Statement); problems are appended.

    The record is None when the entry has any problem (all are reported); its
    id and line are still given so that repeated ids are found in the same pass.
    A topic file's `topic` is its file's name; a draft (`named_by_file`
    False) lives elsewhere under any name, and its `topic` says which topic
    file its entries are meant for.
    """
    data, read_problems = read_yaml(path, where)
    problems.extend(read_problems)
    if data is None:
        return []
    if not isinstance(data, Located) or not (isinstance(data.get("facts"), list)
                                             or isinstance(data.get("statements"), list)):
        problems.append(f"{where}:1: expected a mapping with `topic` and a list under `facts` (or `statements`)")
        return []
    record = Record(data, where, "topic file", problems, ("topic", "facts", "statements"))
    topic = record.text("topic")
    if topic is not None and named_by_file and topic != path.stem:
        record.problem("topic", f"{shown(topic)} differs from the file name {path.name}")
        topic = None
    entries = []
    for key, read in (("facts", _read_fact), ("statements", read_statement)):
        items = data.get(key) or []
        if not isinstance(items, list):
            record.problem(key, f"is a list of mappings, not {shown(items)}")
            continue
        for entry in items:
            if not isinstance(entry, Located):
                record.problem(key, f"each entry is a mapping, not {shown(entry)}")
                continue
            item = read(entry, where, topic, known, problems)
            if isinstance(entry.get("id"), str):
                entries.append((entry["id"], entry.line, item))
    return entries


def _read_fact(entry: Located, where: str, topic: str | None, known: Known, problems: list[str]) -> Fact | None:
    count = len(problems)
    record = Record(entry, where, subject("fact", entry.get("id"), FACT_ID), problems, _FACT_FIELDS)
    fact_id = _read_id(record, "park.vr.companies")
    entity = _read_entity(record, known)
    unit = record.choice("unit", UNITS)
    label = record.per_language("label", known.languages, LABEL_LIMIT)
    scope = record.per_language("scope", known.languages, LABEL_LIMIT) if "scope" in entry else {}
    comparable = _read_flag(record, "comparable")
    note = record.text("note", required=False)
    items = record.items("observations")
    if "observations" in entry and not items:
        record.problem("observations", "is empty; a fact needs at least one observation")
    observations = []
    periods: set[str] = set()
    for item in items:
        if not isinstance(item, Located):
            record.problem("observations", f"each observation is a mapping, not {shown(item)}")
            continue
        item_record = Record(item, where, record.subject, problems, _OBSERVATION_FIELDS)
        observation = _read_observation(item_record, fact_id, topic, entity, unit, known, scope)
        if observation is None:
            continue
        if observation.period in periods:
            item_record.problem("period", f"{shown(observation.period)} appears twice in this fact")
        periods.add(observation.period)
        observations.append(observation)
    if len({tuple(sorted(o.scope.items())) for o in observations}) > 1 and not comparable:
        record.problem("observations", "have different scopes, so they cannot be compared: make each base its "
                                       "own fact, or declare `comparable: true` with a note saying why")
    if comparable and not note:
        record.problem("comparable", "needs a note saying why observations of different scopes compare")
    if len(problems) > count or topic is None:
        return None
    observations.sort(key=lambda o: o.period)
    return Fact(fact_id, topic, entity, unit, label, tuple(observations), note, comparable)


def _read_flag(record: Record, field: str) -> bool:
    value = record.data.get(field, False)
    if not isinstance(value, bool):
        record.problem(field, f"{shown(value)} is not true or false")
        return False
    return value


def read_statement(entry: Located, where: str, topic: str | None, known: Known, problems: list[str]):
    """One entry of a topic file's `statements` as a Statement, or None when it has a problem (appended)."""
    count = len(problems)
    record = Record(entry, where, subject("statement", entry.get("id"), FACT_ID), problems, _STATEMENT_FIELDS)
    statement_id = _read_id(record, "park.founding")
    entity = _read_entity(record, known)
    text = record.per_language("text", known.languages, STATEMENT_LIMIT)
    source = known.source(record, "source")
    quote = known.quote(record, "quote", source)
    also = known.also(record)
    note = record.text("note", required=False)
    if len(problems) > count or None in (statement_id, topic, entity, source):
        return None
    return Statement(statement_id, topic, entity, text, known.cited(source, quote), quote, source.published, also,
                     note)


def _read_id(record: Record, example: str) -> str | None:
    """A fact's or statement's id: dotted lower-case words (the problem gives `example`); None when missing."""
    entry_id = record.text("id")
    if entry_id is not None and not FACT_ID.fullmatch(entry_id):
        record.problem("id", f"{shown(entry_id)} is not dotted lower-case words (like {example})")
    return entry_id


def _read_entity(record: Record, known: Known) -> str | None:
    """The fact's entity: the id of a name declared in names.yaml."""
    entity = record.text("entity")
    if entity is not None and entity not in known.entities:
        record.problem("entity", f"{shown(entity)} is not declared in names.yaml; "
                                 "add it there with its name in each language")
        return None
    return entity


def _read_observation(
    record: Record, fact_id: str | None, topic: str | None, entity: str | None, unit: str | None, known: Known,
    fact_scope: dict[str, str],
) -> Observation | None:
    count = len(record.problems)
    period = record.date("period")
    value = record.data.get("value")
    value_error = "is missing" if "value" not in record.data else unit and value_problem(unit, value)
    if value_error:
        record.problem("value", value_error)
    qualifier = record.choice("qualifier", QUALIFIERS)
    source = known.source(record, "source")
    quote = known.quote(record, "quote", source)
    also = known.also(record)
    status = record.choice("status", STATUSES, required=False) or "actual"
    note = record.text("note", required=False)
    scope = record.per_language("scope", known.languages, LABEL_LIMIT) if "scope" in record.data else fact_scope
    converted = _read_conversion(record, unit)
    # checked even when other fields are wrong, so that every problem shows in one pass
    if converted is not None and source is not None and unit is not None and not value_error:
        check = check_conversion(value, unit, converted, source, known.rates)
        if check.problem is not None:
            record.problem("converted", check.problem)
    if len(record.problems) > count or None in (fact_id, topic, entity, unit, source):
        return None
    return Observation(
        fact_id=fact_id,
        topic=topic,
        entity=entity,
        unit=unit,
        period=period.text,
        value=value,
        qualifier=qualifier,
        source_id=known.cited(source, quote),
        quote=quote,
        published=source.published,
        converted=converted,
        status=status,
        also=also,
        note=note,
        scope=scope,
    )


def _read_conversion(record: Record, unit: str | None) -> Conversion | None:
    data = record.mapping("converted", required=False)
    if data is None:
        return None
    if unit is not None and unit not in CONVERTIBLE:
        record.problem("converted", f"is given, but a {unit} has no other unit to convert to")
        return None
    nested = record.nested("converted", data, ("value", "unit"))
    converted_unit = nested.choice("unit", sorted(CONVERTIBLE))
    value = nested.number("value")
    problem = None if value is None else number_problem(value)
    if problem is None and value is not None and value <= 0:
        problem = f"{shown(value)} is not a positive amount"
    if problem is not None:
        nested.problem("value", problem)
        return None
    if converted_unit is not None and converted_unit == unit:
        nested.problem("unit", f"{shown(converted_unit)} is the fact's own unit")
        return None
    if value is None or converted_unit is None:
        return None
    return Conversion(value, converted_unit)
