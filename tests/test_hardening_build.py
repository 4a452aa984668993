"""Full builds from mutated facts: a readable edition or one located line on stderr, and nothing else written.

Each example runs the real command line in-process (both languages, both
formats) into an output folder that already holds a good edition. It must
either succeed with four files that reopen, or exit 1 with a one-line
`category: where: what` message naming the facts file, leave the previous
edition byte for byte, and leave no temporary file behind.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen.cli import main
from briefgen.facts.topics import FACT_ID
from test_hardening_facts import (ORIGINALS, REFERENCED, ROOT, Applied, Mutation, examples, fact_mutations,
                                  plausible_mutations, raw_mutations, source_mutations)

MONTH = "2026-11"
NAMES = [f"briefing-qingdao-{MONTH}-{lang}.{fmt}" for lang in ("fr", "en") for fmt in ("docx", "pdf")]
MESSAGE = re.compile(r"(?P<category>[a-z]+): \S")


def run_build(facts_dir: Path, out: Path) -> tuple[int, str]:
    """Exit code and standard error of `briefgen build` of every language and format."""
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(["build", "--lang", "all", "--format", "all", "--period", MONTH, "--jobs", "1",
                     "--facts", str(facts_dir), "--templates", str(ROOT / "templates"),
                     "--config", str(ROOT / "briefgen.toml"), "--out", str(out)])
    return code, stderr.getvalue()


def temporaries(folder: Path) -> list[str]:
    """Names of temporary files (".name.xxxx.tmp") anywhere under `folder`."""
    return sorted(p.name for p in folder.rglob(".*.tmp"))


def contents(folder: Path) -> dict[str, bytes]:
    """Every file of an edition folder and its bytes, but the lock a run takes while it publishes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != ".briefgen.lock"}


@pytest.fixture(scope="module")
def previous_edition(tmp_path_factory) -> Path:
    """An output folder holding a good edition of the shipped facts."""
    work = tmp_path_factory.mktemp("previous")
    shutil.copytree(ROOT / "facts", work / "facts")
    code, err = run_build(work / "facts", work / "out")
    assert code == 0, err
    return work / "out"


@pytest.fixture(scope="module")
def work_store(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("mutated") / "facts"
    shutil.copytree(ROOT / "facts", target)
    return target


def check_outputs(folder: Path) -> None:
    """The four files of the edition exist and reopen: DOCX with python-docx, PDF with pypdf (text on page 1)."""
    for name in NAMES:
        path = folder / name
        if name.endswith(".docx"):
            assert docx.Document(str(path)).paragraphs, name
        else:
            reader = PdfReader(str(path))
            assert len(reader.pages) > 1 and reader.pages[0].extract_text().strip(), name


# A build takes seconds: failures are reported as found (they are small edits already), not shrunk.
@settings(examples(30), phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(mutation=st.one_of(plausible_mutations(), plausible_mutations(), source_mutations(plausible=True),
                          fact_mutations(kinds=("replace", "splice")), raw_mutations()))
def test_a_mutated_store_builds_or_fails_cleanly(previous_edition, work_store, tmp_path_factory, mutation):
    out = tmp_path_factory.mktemp("out")
    try:
        check_build(previous_edition, work_store, out, mutation)
    finally:
        shutil.rmtree(out)


def check_build(previous_edition: Path, work_store: Path, out: Path, mutation) -> str:
    """Build `mutation` over a copy of the previous edition, check the contract in the module's docstring
    and return what the build wrote on standard error."""
    shutil.copytree(previous_edition, out, dirs_exist_ok=True)
    folder = out / MONTH
    before = contents(folder)
    with Applied(work_store, mutation) as facts_dir:
        code, err = run_build(facts_dir, out)
    assert "Traceback" not in err, err
    assert temporaries(out) == []
    if code == 0:
        check_outputs(folder)
        return err
    assert code == 1, err
    first, *rest = err.splitlines()
    assert all(line.startswith("  ") for line in rest), err  # further problems, indented below the first
    match = MESSAGE.match(first)
    assert match, first
    if match["category"] == "facts":  # "facts: facts/x.yaml:3: …", or "facts: N problems in …; first: facts/x.yaml…"
        assert f"facts/{mutation.file}" in err or mutation.file in REFERENCED, err
    elif match["category"] == "chart":  # a chart that cannot draw a label names the facts it shows
        named = {m.group() for m in FACT_ID.finditer(first)}
        if mutation.fact_id is not None:
            assert mutation.fact_id in named, first
        else:  # a raw edit: one of the facts named is in the edited file
            assert any(f"id: {fact_id}\n" in mutation.text for fact_id in named), first
    else:  # only a template naming a fact whose id the mutation changed
        assert match["category"] == "template" and "unknown fact" in first, first
        assert mutation.kind == "raw" or mutation.path == ("id",), first
    assert contents(folder) == before  # outputs and manifest untouched, nothing added
    return err


def _changed(file: str, fact_id: str, path: tuple, value: object) -> Mutation:
    """The shipped `file` with one field of `fact_id` set to `value`."""
    data = copy.deepcopy(ORIGINALS[file])
    node = next(f for f in data["facts"] if f["id"] == fact_id)
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return Mutation(file, yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), fact_id, path,
                    "replace")


def _unquoted_impossible_date() -> Mutation:
    text = (ROOT / "facts" / "vr.yaml").read_text(encoding="utf-8")
    return Mutation("vr.yaml", text.replace('period: "2023"', "period: 2023-02-30", 1))


SCALE, VALUE, LABEL_FR = "laoshan.vr.industry_scale", ("observations", 0, "value"), ("label", "fr")
CHARTED = "qingdao.green.green_manufacturing_companies"  # drawn in a bar chart
KNOWN = {
    "nan": _changed("vr.yaml", SCALE, VALUE, float("nan")),
    "infinity": _changed("vr.yaml", SCALE, VALUE, float("inf")),
    "integer beyond a float": _changed("vr.yaml", SCALE, VALUE, 10**400),
    "1e300 yuan": _changed("vr.yaml", SCALE, VALUE, 1e300),
    "300 decimals": _changed("vr.yaml", SCALE, VALUE, 1.5e-300),
    "unit as a list": _changed("vr.yaml", SCALE, ("unit",), ["CNY"]),
    "qualifier as a mapping": _changed("vr.yaml", SCALE, ("observations", 0, "qualifier"), {"more": "than"}),
    "control character in a label": _changed("vr.yaml", SCALE, LABEL_FR, "taille\x01"),
    "lone surrogate in a label": _changed("vr.yaml", SCALE, LABEL_FR, "taille \ud800"),
    "20,000-character label": _changed("vr.yaml", SCALE, LABEL_FR, "taille " * 3000),
    "NaN conversion": _changed("vr.yaml", "laoshan.vr.park_area_mu", ("observations", 0, "converted", "value"),
                               float("nan")),
    "unquoted impossible date": _unquoted_impossible_date(),
    "zero, 'more than', in a fact": _changed("vr.yaml", SCALE, ("observations", 0, "value"), 0),
    "zero in a charted fact": _changed("green.yaml", CHARTED, ("observations", 0, "value"), 0),
}


@pytest.mark.parametrize("mutation", KNOWN.values(), ids=KNOWN.keys())
def test_known_hostile_facts_build_or_fail_cleanly(previous_edition, work_store, tmp_path, mutation):
    check_build(previous_edition, work_store, tmp_path / "out", mutation)


def test_an_emoji_in_the_label_of_a_charted_fact_is_refused_by_name(previous_edition, work_store, tmp_path):
    """No font of the briefing has emoji: one line names the fact and the character, rather than an empty box."""
    err = check_build(previous_edition, work_store, tmp_path / "out",
                      _changed("green.yaml", CHARTED, LABEL_FR, "entreprises 🚀"))
    assert err.count("\n") == 1 and err.startswith("facts: facts/green.yaml:"), err
    assert CHARTED in err and "U+1F680 (🚀), an emoji or pictograph" in err, err
