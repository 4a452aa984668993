"""Mutated facts stores: every bad input is a FactsError naming file, line, fact and field, never a crash.

The repository's own facts/ is copied once per module; each example rewrites
one of its files (a field of a fact or source dropped, given a value of the
wrong type or a hostile text, a line of YAML damaged, or a change validation
accepts), loads the store, and restores the file. Examples are derandomized, so a failure reproduces on every run; the
strategies here are shared with the full-build properties in
test_hardening_build.py.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.build import edition_for
from briefgen.config import load_config
from briefgen.errors import BriefgenError, FactsError, TemplateError
from briefgen.facts import load_store

LANGUAGES = ("fr", "en")  # the languages of the repository's briefing
from briefgen.facts.topics import LABEL_LIMIT
from briefgen.facts.validate import FIGURE_LIMIT
from briefgen.narrative.assemble import assemble

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
PERIOD = datetime.date(2026, 11, 1)
TOPIC_FILES = sorted(p.name for p in FACTS.glob("*.yaml") if p.name not in ("sources.yaml", "names.yaml", "rates.yaml"))
ALL_FILES = sorted(p.name for p in FACTS.glob("*.yaml"))

HOSTILE = (
    "", " ", "\n", "\t", "مرحبا بالعالم", "שלום", "\u202eevil\u202c", "a\u200fb", "🚀", "👩\u200d👩\u200d👧", "🇫🇷",
    "青岛 崂山", "{{ 7*7 }}", "{% for x in y %}", "{# x", "<script>alert(1)</script>", "&amp;", "*x*", "_y_",
    "[^id]", "# heading", "- item", "| a | b |", "\\", '"', "'", "x" * 5000, "a\x00b", "\x1b[31m", "\x7f", "\x85",
    "\ud800", "\ufffe", "\u2028", "2024-02-30", "1e400", ".nan", ".inf", "yes", "null", "~", "laoshan.unicorns",
)  # fmt: skip
"""Texts chosen to break something: bidi, emoji, CJK, markup, template code, controls, surrogates, YAML look-alikes."""

REQUIRED = {"id", "entity", "unit", "label", "observations", "fr", "en", "period", "value", "qualifier", "source",
            "quote"}  # fmt: skip
"""Field names that must be present wherever they are allowed; `converted` and `also` require theirs too."""

NESTED_REQUIRED = {"converted": {"value", "unit"}, "also": {"source", "quote"}}


def hostile_texts() -> st.SearchStrategy[str]:
    """Texts from anywhere in Unicode (controls included), plus the hand-picked ones above."""
    odd = st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp", "Lo", "So", "Mn"])
    return st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30), st.text(odd, max_size=12))


def hostile_values() -> st.SearchStrategy[object]:
    """Anything YAML can hold: wrong types, huge, tiny and non-finite numbers, hostile texts, nesting."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(),
        st.sampled_from([0, -1, 1, 10**15, -(10**15), 10**400, -(10**400), 2**63]),
        st.floats(), st.sampled_from([float("nan"), float("inf"), float("-inf"), 5e-324, 1e300, -0.0, 86.55]),
        st.dates(), hostile_texts(),
    )  # fmt: skip
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                        max_leaves=6)


@dataclass(frozen=True)
class Mutation:
    """One change to one facts file: its new text, and the fact and field it touched (None and () for raw edits).

    `kind` is "drop", "replace" or "splice" for a fact's field, "plausible"
    for a change validation accepts, "source" for sources.yaml, "raw" for a
    damaged line.
    """

    file: str
    text: str
    fact_id: str | None = None
    path: tuple = ()
    kind: str = "raw"

    @property
    def field(self) -> str:
        """The field as messages name it: "value", "label.fr", "converted.unit", "also[0].quote"."""
        names = [str(p) for p in self.path if isinstance(p, str)]
        if self.path and self.path[0] == "observations" and len(self.path) > 2:
            names, index = names[1:], [p for p in self.path[2:] if isinstance(p, int)]
            if names[0] == "also" and index and len(names) > 1:
                return f"also[{index[0]}].{names[1]}"
        return ".".join(names)


def _read(name: str) -> dict:
    return yaml.safe_load((FACTS / name).read_text(encoding="utf-8"))


ORIGINALS = {name: _read(name) for name in TOPIC_FILES}
SOURCES = _read("sources.yaml")


def _paths(fact: dict) -> list[tuple]:
    """Every field of a fact that a mutation may touch, as a path of keys and indexes."""
    paths = [(key,) for key in fact]
    paths += [("label", lang) for lang in fact.get("label", {})]
    for index, observation in enumerate(fact.get("observations", [])):
        paths.append(("observations", index))
        for key, value in observation.items():
            paths.append(("observations", index, key))
            if key == "converted":
                paths += [("observations", index, key, inner) for inner in value]
            if key == "also":
                paths += [("observations", index, key, n, inner) for n, item in enumerate(value) for inner in item]
    return paths


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)


@st.composite
def fact_mutations(draw, kinds=("drop", "replace", "splice")) -> Mutation:
    """A fact of a topic file with one field dropped, replaced by a hostile value, or with hostile text spliced in."""
    file = draw(st.sampled_from(TOPIC_FILES))
    data = copy.deepcopy(ORIGINALS[file])
    fact = draw(st.sampled_from(data["facts"]))
    fact_id = fact["id"]
    path = draw(st.sampled_from(_paths(fact)))
    parent = fact
    for key in path[:-1]:
        parent = parent[key]
    current = parent[path[-1]]
    kind = draw(st.sampled_from([k for k in kinds if k != "splice" or isinstance(current, str)]))
    if kind == "drop":
        del parent[path[-1]]
    elif kind == "replace":
        parent[path[-1]] = draw(hostile_values())
    else:
        cut = draw(st.integers(0, len(current)))
        parent[path[-1]] = current[:cut] + draw(hostile_texts()) + current[cut:]
    return Mutation(file, _dump(data), fact_id, path, kind)


def printable_texts() -> st.SearchStrategy[str]:
    """Hostile texts a briefing must print as they are: bidi, emoji, CJK, markup and template code, no controls."""
    unprintable = ("\x00", "\x1b", "\x7f", "\x85", "\ud800", "\ufffe")
    chosen = [t for t in HOSTILE if t.strip() and len(t) < 100 and not any(c in t for c in unprintable)]
    return st.one_of(st.sampled_from(chosen),
                     st.text(st.characters(exclude_categories=["Cc", "Cs"], exclude_characters="\ufffe\uffff"),
                             min_size=1, max_size=20))


def plausible_values(unit: str) -> st.SearchStrategy[object]:
    """Values that validation accepts for `unit`, from the smallest to the largest it allows."""
    limit = FIGURE_LIMIT - 1
    if unit == "date":
        return st.dates(datetime.date(1000, 1, 1), datetime.date(2999, 12, 31)).flatmap(
            lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))
    if unit == "year":
        return st.integers(1000, 2999)
    if unit == "rank":
        return st.integers(1, limit)
    if unit == "count":
        return st.one_of(st.integers(0, limit), st.sampled_from([0, 1, 2, limit]))
    decimals = st.integers(0, 6)
    if unit == "percent":
        return st.tuples(st.floats(0, 100), decimals).map(lambda p: round(p[0], p[1]))
    low = -100 if unit == "growth" else 0
    return st.one_of(st.integers(low, limit), st.sampled_from([0.000001, 0.5, float(limit)]),
                     st.tuples(st.floats(low, limit), decimals).map(lambda p: round(p[0], p[1])))


@st.composite
def plausible_mutations(draw) -> Mutation:
    """A fact changed in ways validation accepts: hostile but printable labels, any value its unit allows,
    another qualifier, period or status. These reach the templates and writers."""
    file = draw(st.sampled_from(TOPIC_FILES))
    data = copy.deepcopy(ORIGINALS[file])
    fact = draw(st.sampled_from(data["facts"]))
    index = draw(st.integers(0, len(fact["observations"]) - 1))
    observation = fact["observations"][index]
    target = draw(st.sampled_from(["label", "value", "qualifier", "period", "status"]))
    if target == "label":
        lang = draw(st.sampled_from(["fr", "en"]))
        current = fact["label"][lang]
        cut = draw(st.integers(0, len(current)))
        fact["label"][lang] = (current[:cut] + draw(printable_texts()) + current[cut:])[:LABEL_LIMIT]
        path = ("label", lang)
    elif target == "value":
        observation.pop("converted", None)  # the source's conversion would no longer agree
        observation["value"] = draw(plausible_values(fact["unit"]))
        path = ("observations", index, "value")
    elif target == "qualifier":
        observation["qualifier"] = draw(st.sampled_from(["exact", "about", "nearly", "more_than", "at_least"]))
        path = ("observations", index, "qualifier")
    elif target == "period":
        observation["period"] = draw(plausible_values("date"))
        path = ("observations", index, "period")
    else:
        observation["status"] = draw(st.sampled_from(["actual", "target"]))
        path = ("observations", index, "status")
    return Mutation(file, _dump(data), fact["id"], path, "plausible")


@st.composite
def source_mutations(draw, plausible: bool = False) -> Mutation:
    """A source with a field dropped, replaced or spliced; `plausible` keeps it valid: hostile but printable
    text in its title or publisher, or another web address."""
    data = copy.deepcopy(SOURCES)
    source = draw(st.sampled_from(data["sources"]))
    source_id = source["id"]
    if plausible:
        field = draw(st.sampled_from(["title", "publisher", "url"]))
        if field == "url":
            tail = draw(st.text(st.characters(exclude_categories=["Cc", "Cs", "Zs", "Zl", "Zp"]), max_size=60))
            source["url"] = f"https://example.org/{tail}"
        else:
            current = source[field]
            cut = draw(st.integers(0, len(current)))
            source[field] = current[:cut] + draw(printable_texts()) + current[cut:]
        return Mutation("sources.yaml", _dump(data), None, ("sources", source_id, field), "source")
    field = draw(st.sampled_from(sorted(source)))
    kind = draw(st.sampled_from(["drop", "replace"] + (["splice"] if isinstance(source[field], str) else [])))
    if kind == "drop":
        del source[field]
    elif kind == "replace":
        source[field] = draw(hostile_values())
    else:
        cut = draw(st.integers(0, len(source[field])))
        source[field] = source[field][:cut] + draw(hostile_texts()) + source[field][cut:]
    return Mutation("sources.yaml", _dump(data), None, ("sources", source_id, field), "source")


@st.composite
def raw_mutations(draw) -> Mutation:
    """Any facts file with a line deleted, doubled or damaged, hostile text inserted, or the file cut short."""
    file = draw(st.sampled_from(ALL_FILES))
    lines = (FACTS / file).read_text(encoding="utf-8").splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "double", "insert", "overwrite", "truncate"]))
    if kind == "delete":
        del lines[at]
    elif kind == "double":
        lines.insert(at, lines[at])
    elif kind == "truncate":
        lines = lines[:at]
    else:
        text = draw(st.one_of(hostile_texts(), st.sampled_from(["\t", "  - ", ": ", "{", "[", "&a", "*a", "<<: *a",
                                                               "!!python/object/apply:os.system ['true']", "---"])))
        line = lines[at]
        cut = draw(st.integers(0, len(line)))
        lines[at] = line[:cut] + text + (line[cut:] if kind == "insert" else line[cut + len(text):])
    return Mutation(file, "".join(lines))


@pytest.fixture(scope="module")
def store_copy(tmp_path_factory) -> Path:
    """A copy of the repository's facts/, named facts so that messages read facts/<file>; restored after each use."""
    target = tmp_path_factory.mktemp("hardening") / "facts"
    shutil.copytree(FACTS, target)
    load_store(target, languages=LANGUAGES)  # the copy is valid before any mutation
    return target


class Applied:
    """Write a mutation into the store copy for the length of a `with` block."""

    def __init__(self, facts_dir: Path, mutation: Mutation):
        self.path = facts_dir / mutation.file
        self.mutation = mutation

    def __enter__(self) -> Path:
        self.original = self.path.read_bytes()
        # surrogatepass: a lone surrogate reaches the file as the bytes a careless editor would write
        self.path.write_bytes(self.mutation.text.encode("utf-8", errors="surrogatepass"))
        return self.path.parent

    def __exit__(self, *exc_info) -> None:
        self.path.write_bytes(self.original)


REFERENCED = ("sources.yaml", "rates.yaml")
"""Files whose changes may only show in the facts that use them (a quote no longer found, a rate no longer agreeing)."""
LOCATED = re.compile(r"facts/(?P<file>[\w.-]+\.yaml)(?::(?P<line>\d+|\?))?: \S")


def check_facts_error(error: FactsError, mutation: Mutation) -> None:
    """Every problem is one line naming a facts file (and a line); one names the mutated file, fact and field."""
    problems = error.problems or (error.message,)
    assert "\n" not in error.message and "\r" not in error.message
    for problem in problems:
        assert "\n" not in problem and "\r" not in problem, problem
        assert LOCATED.match(problem), problem
    mine = [p for p in problems if f"facts/{mutation.file}" in p]
    if mutation.kind in ("raw", "source"):
        # sources and rates that still read well may change what the facts citing them say: those facts are named
        assert mine or mutation.file in REFERENCED, (mutation.file, problems)
        return
    assert mine, (mutation.file, problems)
    assert all(LOCATED.match(p)["line"] not in (None, "?") for p in mine), mine
    if mutation.path != ("id",):
        assert any(f": fact {mutation.fact_id}: " in p for p in mine), (mutation.fact_id, mine)


def load_or_refuse(facts_dir: Path, mutation: Mutation):
    """The store, or None after checking the FactsError; any other exception fails the test."""
    try:
        return load_store(facts_dir, as_of=edition_for(PERIOD, None).as_of, languages=LANGUAGES)
    except FactsError as error:
        check_facts_error(error, mutation)
        return None


def _is_required(mutation: Mutation) -> bool:
    """Whether the dropped field must be present (an observation or an `also` entry is not a field)."""
    name = mutation.path[-1]
    if isinstance(name, int):
        return False
    parent = next((p for p in reversed(mutation.path[:-1]) if isinstance(p, str)), None)
    return name in NESTED_REQUIRED.get(parent, REQUIRED)


BASE = settings(deadline=None, derandomize=True, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def examples(count: int) -> settings:
    """The shared settings with `count` examples."""
    return settings(BASE, max_examples=count)


@examples(150)
@given(mutation=fact_mutations(kinds=("drop",)))
def test_a_dropped_field_is_named_as_missing_unless_optional(store_copy, mutation):
    """A required field dropped reads `facts/<file>:<line>: fact <id>: <field> is missing`; an optional one is fine."""
    with Applied(store_copy, mutation) as facts_dir:
        try:
            load_store(facts_dir, languages=LANGUAGES)
            problems = None
        except FactsError as error:
            check_facts_error(error, mutation)
            problems = error.problems
    if isinstance(mutation.path[-1], int):
        return  # a whole observation or `also` entry: the others remain, or the fact says it has none
    if not _is_required(mutation):
        assert problems is None, f"dropping optional {mutation.field} of {mutation.fact_id} was refused: {problems}"
        return
    assert problems is not None, f"dropping {mutation.field} of {mutation.fact_id} went unnoticed"
    subject = "fact" if mutation.path == ("id",) else f"fact {mutation.fact_id}"
    pattern = rf"facts/{re.escape(mutation.file)}:\d+: {re.escape(subject)}: {re.escape(mutation.field)} is missing"
    assert any(re.fullmatch(pattern, p) for p in problems), (pattern, problems)


@examples(300)
@given(mutation=st.one_of(fact_mutations(kinds=("replace", "splice")), source_mutations(), raw_mutations()))
def test_a_mutated_store_loads_or_names_the_problem(store_copy, mutation):
    """Wrong types, hostile texts, huge/tiny/NaN numbers and damaged YAML: a located FactsError or a valid store."""
    with Applied(store_copy, mutation) as facts_dir:
        load_or_refuse(facts_dir, mutation)


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "briefgen.toml")


@examples(150)
@given(mutation=st.one_of(plausible_mutations(), fact_mutations(kinds=("replace", "splice")), raw_mutations()),
       lang=st.sampled_from(["fr", "en"]))
def test_a_store_that_loads_assembles(store_copy, config, mutation, lang):
    """A mutated store that validates assembles into a document, or a template names what it lacks.

    The only template error a valid store may cause is a template naming a
    fact whose id the mutation changed; a figure that validation accepted is
    always printable.
    """
    with Applied(store_copy, mutation) as facts_dir:
        store = load_or_refuse(facts_dir, mutation)
    if store is None:
        return
    try:
        assemble(store, config, ROOT / "templates", lang, edition_for(PERIOD, None))
    except TemplateError as error:
        assert "\n" not in error.message
        assert error.message.startswith(str(ROOT / "templates" / lang)), error.message
        assert "unknown fact" in error.message, error.message
        assert mutation.kind == "raw" or mutation.path == ("id",), error.message
    except BriefgenError as error:
        pytest.fail(f"{error.category}: {error.message} after {mutation.file} {mutation.kind} {mutation.path}")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>",
                                 "https://example.org/a b", "example.org"])
def test_a_source_links_only_to_a_web_address(store_copy, url):
    data = copy.deepcopy(SOURCES)
    data["sources"][0]["url"] = url
    mutation = Mutation("sources.yaml", _dump(data), None, ("sources", data["sources"][0]["id"], "url"), "source")
    with Applied(store_copy, mutation) as facts_dir, pytest.raises(FactsError) as info:
        load_store(facts_dir, languages=LANGUAGES)
    source_id = data["sources"][0]["id"]
    assert [p for p in info.value.problems if ": url " in p] == [
        f'facts/sources.yaml:{_line_of(mutation.text, "url:")}: source {source_id}: url {json.dumps(url)} '
        "is not a web address (http:// or https://, without spaces)"]


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(start))
