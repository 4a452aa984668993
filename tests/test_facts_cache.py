"""Checked topic files kept in the file cache: read back only when nothing their check read has changed, never
for a file with a problem, and refused whenever an entry is not what briefgen writes."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from briefgen import filecache
from briefgen.errors import FactsError
from briefgen.facts import kept, loader, read_facts
from briefgen.facts.model import Conversion, Fact, Observation, Quote, Statement
from briefgen.facts.validate import Known

LANGUAGES = ("fr", "en")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def store(tmp_path, repo) -> Path:
    """A copy of the repository's facts, safe to change."""
    return Path(shutil.copytree(repo / "facts", tmp_path / "facts"))


@pytest.fixture
def reads(monkeypatch) -> dict[str, int]:
    """How many times each topic file is parsed and checked, by file name."""
    counts: dict[str, int] = {}
    real = loader.read_topic

    def counting(path, *args):
        counts[path.name] = counts.get(path.name, 0) + 1
        return real(path, *args)

    monkeypatch.setattr(loader, "read_topic", counting)
    return counts


def _outcome(folder: Path, languages=LANGUAGES) -> str:
    """What a read gives, told apart to the type of every value (repr: 1 and 1.0 differ), or its problems."""
    try:
        return repr(read_facts(folder, languages))
    except FactsError as error:
        return "\n".join(error.problems)


def _uncached(folder: Path, monkeypatch, languages=LANGUAGES) -> str:
    with monkeypatch.context() as patch:
        patch.setenv("BRIEFGEN_CACHE_DIR", "off")
        return _outcome(folder, languages)


def _topics(folder: Path) -> set[str]:
    return {path.name for path in loader.topic_files(folder)}


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / kept.KIND).iterdir())


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def test_an_unchanged_file_is_not_parsed_again(store, cache, reads, monkeypatch):
    first = _outcome(store)
    assert reads == dict.fromkeys(_topics(store), 1)
    reads.clear()
    assert _outcome(store) == first
    assert reads == {}
    assert first == _uncached(store, monkeypatch)
    entries = _entries(cache)
    assert len(entries) == len(_topics(store))
    for entry in entries:  # plain data: JSON after the file cache's header
        json.loads(entry.read_bytes().split(b"\n", 1)[1])


@pytest.mark.parametrize("project, languages", [("facts", ("fr", "en")), ("examples/fraunhofer/facts", ("de", "en")),
                                                ("facts", None), ("examples/fraunhofer/facts", None)])
def test_a_store_reads_alike_with_and_without_the_cache(repo, tmp_path, cache, reads, monkeypatch, project, languages):
    folder = Path(shutil.copytree(repo / project, tmp_path / "facts"))
    expected = _uncached(folder, monkeypatch, languages)
    assert _outcome(folder, languages) == expected  # checked, and kept
    reads.clear()
    assert _outcome(folder, languages) == expected  # read back
    assert reads == {}


def test_only_a_changed_file_is_read_again(store, cache, reads, monkeypatch):
    _outcome(store)
    reads.clear()
    _append(store / "vr.yaml", "# a comment changes the file, not its facts\n")
    expected = _uncached(store, monkeypatch)
    reads.clear()
    assert _outcome(store) == expected
    assert reads == {"vr.yaml": 1}


def _change_text(store: Path) -> None:
    text = sorted((store / "sources").iterdir())[0]
    text.write_text(text.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")


def _change_source(store: Path) -> None:
    path = store / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    title = text.split("title: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"title: {title}", f"title: {title} (revised)", 1), encoding="utf-8")


def _declare_name(store: Path) -> None:
    entry = (store / "names.yaml").read_text(encoding="utf-8").split("\n  - id: ", 2)[1]
    _append(store / "names.yaml", "  - id: " + entry.replace(entry.split("\n", 1)[0], "another_place", 1))


def _change_rates(store: Path) -> None:
    path = store / "rates.yaml"
    text = path.read_text(encoding="utf-8")
    tolerance = text.split("tolerance: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"tolerance: {tolerance}", "tolerance: 0.5", 1), encoding="utf-8")


@pytest.mark.parametrize("change", [_change_text, _change_source, _declare_name, _change_rates],
                         ids=["source text", "source", "names declared", "rates"])
def test_what_a_check_reads_is_part_of_its_key(store, cache, reads, monkeypatch, change):
    _outcome(store)
    reads.clear()
    change(store)
    assert _outcome(store) == _uncached(store, monkeypatch)
    assert reads == dict.fromkeys(_topics(store), 2)  # every file checked again (once kept, once uncached)


def test_what_a_check_does_not_read_is_not_part_of_its_key(store, cache, reads):
    """A comment in sources.yaml, names.yaml or rates.yaml changes nothing a topic file is checked against."""
    _outcome(store)
    reads.clear()
    for name in ("sources.yaml", "names.yaml", "rates.yaml"):
        _append(store / name, "# reworded\n")
    _outcome(store)
    assert reads == {}


def test_the_languages_asked_for_are_part_of_the_key(store, cache, reads):
    read_facts(store, LANGUAGES)
    reads.clear()
    with pytest.raises(FactsError) as raised:
        read_facts(store, ("fr", "en", "de"))
    assert any("label.de is missing" in problem for problem in raised.value.problems)
    assert reads == dict.fromkeys(_topics(store), 1)
    reads.clear()
    read_facts(store, ("fr",))
    assert reads == dict.fromkeys(_topics(store), 1)


def test_a_file_with_a_problem_is_never_kept(store, cache, reads, monkeypatch):
    path = store / "marine.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("qualifier: exact", "qualifier: roughly", 1),
                    encoding="utf-8")
    expected = _uncached(store, monkeypatch)
    assert "is unknown (known: exact" in expected
    reads.clear()
    assert _outcome(store) == expected
    assert _outcome(store) == expected
    assert reads.pop("marine.yaml") == 2
    assert reads == dict.fromkeys(_topics(store) - {"marine.yaml"}, 1)  # the good files: kept by the first read
    assert len(_entries(cache)) == len(_topics(store)) - 1


def test_an_id_repeated_within_a_file_is_reported_every_time(store, cache, reads, monkeypatch):
    path = store / "green.yaml"
    text = path.read_text(encoding="utf-8")
    entry = text.split("\n  - id: ", 2)[1].split("\nstatements:", 1)[0]
    path.write_text(text.replace("\n  - id: ", "\n  - id: " + entry.rstrip("\n") + "\n  - id: ", 1),
                    encoding="utf-8")
    expected = _uncached(store, monkeypatch)
    assert "id is already used at facts/green.yaml:" in expected
    assert _outcome(store) == _outcome(store) == expected
    assert reads["green.yaml"] == 3  # read without the cache, then twice with it


def test_an_id_repeated_across_files_is_reported_from_kept_files(store, cache, reads, monkeypatch):
    entry = (store / "green.yaml").read_text(encoding="utf-8").split("\n  - id: ", 2)[1].split("\nstatements:")[0]
    path = store / "vr.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nfacts:\n", "\nfacts:\n  - id: " + entry.rstrip("\n") + "\n", 1), encoding="utf-8")
    expected = _uncached(store, monkeypatch)
    assert "id is already used at facts/green.yaml:" in expected
    assert _outcome(store) == expected
    reads.clear()
    assert _outcome(store) == expected  # each file was fine on its own: both kept, the repetition found again
    assert reads == {}


def test_a_file_changed_while_it_is_checked_is_not_kept(store, cache, reads, monkeypatch):
    counting = loader.read_topic
    path = store / "vr.yaml"

    def edited_meanwhile(topic_path, *args):
        result = counting(topic_path, *args)
        if topic_path == path:
            _append(path, "# saved while being checked\n")
        return result

    monkeypatch.setattr(loader, "read_topic", edited_meanwhile)
    _outcome(store)
    monkeypatch.setattr(loader, "read_topic", counting)
    reads.clear()
    _outcome(store)
    assert reads == {"vr.yaml": 1}  # read again, as it is now, and kept
    reads.clear()
    _outcome(store)
    assert reads == {}


def test_off_keeps_nothing(store, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    read_facts(store, LANGUAGES)
    assert not (tmp_path / "xdg").exists()


def _data(entry: Path) -> dict:
    return json.loads(entry.read_bytes().split(b"\n", 1)[1])


def _rewrite(entry: Path, payload: bytes) -> bytes:
    """Put `payload` in `entry` with a header that matches it (only the checks of the data can refuse it)."""
    data = filecache.HEADER + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    entry.write_bytes(data)
    return data


def _entry_with(cache: Path, unit: str) -> tuple[Path, dict, list]:
    """An entry holding a fact in `unit`, its data and that fact's row."""
    return next((entry, data, row) for entry in _entries(cache) for data in [_data(entry)]
                for row in data["facts"] if row[3] == unit)


def _set(row: list, index: int, value: object) -> None:
    row[index] = value


HOSTILE = {
    "a text for a count": lambda row: _set(row[7][0], 1, "920"),
    "a boolean for a count": lambda row: _set(row[7][0], 1, True),
    "an infinite count": lambda row: _set(row[7][0], 1, float("inf")),
    "NaN for a count": lambda row: _set(row[7][0], 1, float("nan")),
    "a count too large to be a figure": lambda row: _set(row[7][0], 1, 10**400),
    "an unknown source": lambda row: _set(row[7][0], 3, "nowhere"),
    "an unknown source of a further quote": lambda row: _set(row[7][0], 7, [["nowhere", "a quote"]]),
    "an unknown entity": lambda row: _set(row, 2, "atlantis"),
    "an unknown unit": lambda row: _set(row, 3, "furlong"),
    "an unknown qualifier": lambda row: _set(row[7][0], 2, "roughly"),
    "an unknown status": lambda row: _set(row[7][0], 6, "hoped"),
    "a label without English": lambda row: row[4].pop("en"),
    "a label as a list": lambda row: _set(row, 4, ["fr", "en"]),
    "a number for a label": lambda row: _set(row[4], "en", 3),
    "a scope without English": lambda row: _set(row[7][0], 9, {"fr": "des entreprises"}),
    "a text for a line": lambda row: _set(row, 1, "12"),
    "a line of zero": lambda row: _set(row, 1, 0),
    "a text for comparable": lambda row: _set(row, 6, "yes"),
    "a row too short": lambda row: row.pop(),
    "a row too long": lambda row: row.append(None),
    "an observation too long": lambda row: row[7][0].append(None),
    "no observation": lambda row: row[7].clear(),
    "a period twice": lambda row: row[7].append(list(row[7][0])),
    "a quote as a number": lambda row: _set(row[7][0], 4, 3),
    "a list for an id": lambda row: _set(row, 0, ["a", "b"]),
    "a conversion to an unknown unit": lambda row: _set(row[7][0], 5, [1.5, "furlong"]),
    "a conversion of three parts": lambda row: _set(row[7][0], 5, [1.5, "USD", 2]),
}


@pytest.mark.parametrize("damage", [*HOSTILE, "not JSON", "a number too large for a float", "another key", "a repeated id"])
def test_an_entry_that_is_not_what_briefgen_writes_is_refused_and_rebuilt(store, cache, reads, damage):
    expected = _outcome(store)
    entry, data, row = _entry_with(cache, "count")
    if damage in HOSTILE:
        HOSTILE[damage](row)
        payload = json.dumps(data).encode()
    elif damage == "not JSON":
        payload = b"{not json"
    elif damage == "a number too large for a float":
        row[7][0][1] = 0.5
        payload = json.dumps(data).replace("0.5", "1e999", 1).encode()
    elif damage == "another key":
        payload = json.dumps({**data, "more": 1}).encode()
    else:
        data["facts"].append(row)
        payload = json.dumps(data).encode()
    damaged = _rewrite(entry, payload)
    reads.clear()
    assert _outcome(store) == expected
    assert len(reads) == 1  # that file alone, read again and kept anew
    assert entry.read_bytes() != damaged
    reads.clear()
    assert _outcome(store) == expected
    assert reads == {}


def test_a_day_for_a_date_figure_reads_back_as_a_day(store, cache, reads, monkeypatch):
    """YAML reads an unquoted 2024-11-18 as a date; the entry keeps it as one (not its text)."""
    path = store / "cooperation.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("unit: date")
    value = text.index("value: ", start)
    end = text.index("\n", value)
    path.write_text(text[:value] + "value: 1992-11-05" + text[end:], encoding="utf-8")
    expected = _uncached(store, monkeypatch)
    assert "datetime.date(1992, 11, 5)" in expected
    _outcome(store)
    reads.clear()
    assert _outcome(store) == expected
    assert reads == {}


@pytest.mark.parametrize("damage", ["a wrong sha256", "a symlink", "a folder"])
def test_an_entry_the_file_cache_refuses_is_rebuilt(store, cache, reads, tmp_path, damage):
    expected = _outcome(store)
    entry = _entries(cache)[0]
    good = entry.read_bytes()
    if damage == "a wrong sha256":
        entry.write_bytes(good.replace(b'"', b"'", 1))
    else:
        entry.unlink()
        if damage == "a symlink":
            (tmp_path / "elsewhere").write_bytes(good)
            entry.symlink_to(tmp_path / "elsewhere")
        else:
            entry.mkdir()
    reads.clear()
    assert _outcome(store) == expected
    assert len(reads) == 1
    if damage != "a folder":  # a folder in its place is left alone, and the file read every time
        assert entry.is_file() and not entry.is_symlink() and entry.read_bytes() == good


# What an entry holds of each record, and what it takes from the file, its fact or its source: every field of
# the model, so that one added to the model but not to the entries fails here.
@pytest.mark.parametrize("model, row, context", [
    (Fact, kept.FACT_ROW, kept.FACT_CONTEXT),
    (Observation, kept.OBSERVATION_ROW, kept.OBSERVATION_CONTEXT),
    (Statement, kept.STATEMENT_ROW, kept.STATEMENT_CONTEXT),
])
def test_an_entry_holds_every_field_of_the_model(model, row, context):
    stored = [name for name in row if name != "line"]
    assert sorted(stored + list(context)) == sorted(field.name for field in dataclasses.fields(model))
    assert not set(stored) & set(context)


def test_every_field_reads_back_as_it_was_checked():
    """Records with every field set to something other than its default come back equal, field by field."""
    published = datetime.date(2024, 6, 30)
    known = Known({}, {}, None, entities=frozenset({"place"}), languages=LANGUAGES)
    sources = {name: type("Source", (), {"published": published})() for name in ("src", "src.article", "other")}
    known = dataclasses.replace(known, sources=sources)
    sample = {
        "fact_id": "place.figure", "id": "place.figure", "topic": "topic", "entity": "place", "unit": "USD",
        "label": {"fr": "un chiffre", "en": "a figure", "de": "eine Zahl"}, "note": "a note", "comparable": True,
        "period": "2021/2024", "value": 12.5, "qualifier": "more_than", "source_id": "src.article",
        "quote": "the quote", "published": published, "converted": Conversion(80, "CNY"), "status": "target",
        "also": (Quote("other", "another quote"),), "scope": {"fr": "des grandes", "en": "of large ones"},
        "text": {"fr": "une phrase", "en": "a sentence"},
    }

    def make(model, **changes):
        values = {**sample, **changes}
        return model(**{field.name: values[field.name] for field in dataclasses.fields(model)})

    observations = (make(Observation, period="2020"), make(Observation))
    fact = make(Fact, observations=observations)
    statement = make(Statement, id="place.claim")
    entries = [(fact.id, 3, fact), (statement.id, 40, statement)]
    back = kept.decode(json.loads(json.dumps(kept.encode(entries))), "topic", known)
    assert repr(back) == repr(entries)
    assert [dict(o.scope) for o in back[0][2].observations] == [sample["scope"]] * 2  # scope is not compared
