"""Full builds from mutated facts: a readable edition or one located line on stderr, and nothing else written.

Each example runs the real command line in-process (both languages, both
formats) into an output folder that already holds a good edition. It must
either succeed with four files that reopen, or exit 1 with a one-line
`category: where: what` message naming the facts file, leave the previous
edition byte for byte, and leave no temporary file behind.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import docx
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen.cli import main
from test_hardening_facts import ROOT, Applied, examples, fact_mutations, plausible_mutations, raw_mutations

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
@given(mutation=st.one_of(plausible_mutations(), plausible_mutations(),
                          fact_mutations(kinds=("replace", "splice")), raw_mutations()))
def test_a_mutated_store_builds_or_fails_cleanly(previous_edition, work_store, tmp_path_factory, mutation):
    out = tmp_path_factory.mktemp("out")
    try:
        check_build(previous_edition, work_store, out, mutation)
    finally:
        shutil.rmtree(out)


def check_build(previous_edition: Path, work_store: Path, out: Path, mutation) -> None:
    """Build `mutation` over a copy of the previous edition and check the contract in the module's docstring."""
    shutil.copytree(previous_edition, out, dirs_exist_ok=True)
    folder = out / MONTH
    before = {name: (folder / name).read_bytes() for name in NAMES}
    with Applied(work_store, mutation) as facts_dir:
        code, err = run_build(facts_dir, out)
    assert "Traceback" not in err, err
    assert temporaries(out) == []
    if code == 0:
        check_outputs(folder)
        return
    assert code == 1, err
    first, *rest = err.splitlines()
    assert all(line.startswith("  ") for line in rest), err  # further problems, indented below the first
    match = MESSAGE.match(first)
    assert match, first
    if match["category"] == "facts":  # "facts: facts/x.yaml:3: …", or "facts: N problems in …; first: facts/x.yaml…"
        assert f"facts/{mutation.file}" in first or f"  facts/{mutation.file}" in err, err
    else:  # only a template naming a fact whose id the mutation changed
        assert match["category"] == "template" and "unknown fact" in first, first
        assert mutation.kind == "raw" or mutation.path == ("id",), first
    assert {name: (folder / name).read_bytes() for name in NAMES} == before
