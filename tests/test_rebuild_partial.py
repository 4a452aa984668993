"""A build of some files (one format, one language) never lets a later full build keep the others stale."""

from __future__ import annotations

import json
import re

import docx
import pytest
import yaml
from pypdf import PdfReader

from briefgen.cli import main

MONTH = "2026-11"
NAMES = [f"briefing-qingdao-{MONTH}-{lang}.{fmt}" for lang in ("fr", "en") for fmt in ("docx", "pdf")]


def build(project, *extra: str) -> int:
    return main(["build", "--period", MONTH, "--jobs", "1", "--facts", str(project / "facts"),
                 "--templates", str(project / "templates"), "--config", str(project / "briefgen.toml"),
                 "--out", str(project / "out"), *extra])


def unicorns(path) -> str:
    """How many unicorn companies in Laoshan the file's table states: the row "Licornes 9†" / "Unicorn companies 9†"."""
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        text = "\n".join(" ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows)
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    found = set(re.findall(r"(?:Licornes|Unicorn companies)\s+(\d+)†", text))
    assert len(found) == 1, found
    return found.pop()


def set_unicorns(project, value: int) -> None:
    path = project / "facts" / "innovation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == "laoshan.unicorns")
    fact["observations"][0]["value"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")


def outputs(project) -> dict:
    return json.loads((project / "out" / MONTH / "manifest.json").read_text(encoding="utf-8"))["outputs"]


@pytest.mark.parametrize("partial, rebuilt", [
    (("--format", "pdf"), ["briefing-qingdao-2026-11-fr.docx", "briefing-qingdao-2026-11-en.docx"]),
    (("--lang", "fr"), ["briefing-qingdao-2026-11-en.docx", "briefing-qingdao-2026-11-en.pdf"]),
], ids=["format", "lang"])
def test_a_full_build_after_a_partial_one_rebuilds_the_files_the_partial_one_kept(project, capsys, partial, rebuilt):
    folder = project / "out" / MONTH
    assert build(project) == 0
    assert {name: unicorns(folder / name) for name in NAMES} == dict.fromkeys(NAMES, "9")
    set_unicorns(project, 10)

    assert build(project, *partial) == 0
    entries = outputs(project)
    assert sorted(entries) == sorted(NAMES)
    assert {name: unicorns(folder / name) for name in rebuilt} == dict.fromkeys(rebuilt, "9")  # kept as they were
    fresh = {entries[name]["inputs"] for name in NAMES if name not in rebuilt}
    assert len(fresh) == 1 and fresh.isdisjoint(entries[name]["inputs"] for name in rebuilt)
    capsys.readouterr()

    assert build(project) == 0
    assert "up to date" not in capsys.readouterr().out
    assert {name: unicorns(folder / name) for name in NAMES} == dict.fromkeys(NAMES, "10")
    assert len({entry["inputs"] for entry in outputs(project).values()}) == 1


def test_a_partial_build_with_unchanged_inputs_leaves_a_full_build_up_to_date(project, capsys):
    assert build(project, "--format", "docx") == 0
    assert build(project, "--format", "pdf") == 0
    capsys.readouterr()
    assert build(project) == 0
    assert capsys.readouterr().out.startswith("up to date: ")
