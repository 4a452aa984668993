"""The previous month's manifest is an input like any other: bad records are skipped and said so, sizes bounded.

"What changed" and `briefgen changes` read last month's figures from its
manifest, a file anyone may have edited. A record with an unknown unit, a
value that is not a number, a megabyte of text, a 400-digit number or
terminal escape sequences must neither crash the build nor reach the
document or the terminal; the user hears which file was wrong.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest

from briefgen.changes import Figure, from_records
from briefgen.cli import main
from briefgen.listing import terminal_line
from briefgen.manifest import MANIFEST_LIMIT, load_manifest, recorded

GOOD = {"id": "gone.old_figure", "period": "2022", "value": 5, "unit": "count", "qualifier": "exact",
        "source": "old_source"}
BAD = {  # what each bad record is, and the reason given for skipping it
    "unknown unit": ({**GOOD, "unit": "furlong"}, 'unit "furlong" is unknown'),
    "not a number": ({**GOOD, "value": "lots"}, 'value "lots" is not a number'),
    "a megabyte": ({**GOOD, "value": "x" * 1_000_000}, "is longer than 200 characters"),
    "400 digits": ({**GOOD, "value": int("9" * 400)}, "is not a number"),
    "too many decimals": ({**GOOD, "unit": "percent", "value": 1.1234567}, "has more than 6 decimals"),
    "escape sequence": ({**GOOD, "id": "gone.\x1b]0;owned\x07x"}, "holds U+001B"),
    "bidi control": ({**GOOD, "source": "old\u202esource"}, "holds U+202E"),
    "a megabyte of period": ({**GOOD, "period": "2" * 1_000_000}, "is not a text of 1 to 200 characters"),
    "not a date": ({**GOOD, "period": "last year"}, 'period "last year" is not a date'),
    "not a mapping": ([1, 2], "is not a mapping"),
    "a key missing": ({k: v for k, v in GOOD.items() if k != "unit"}, "unit missing"),
    "unhashable unit": ({**GOOD, "unit": ["count"]}, "is unknown"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_record_is_skipped_with_its_reason(name):
    record, reason = BAD[name]
    figures, problems = from_records([GOOD, record])
    assert figures == (Figure("gone.old_figure", "2022", 5, "count", "exact", "old_source"),)
    assert len(problems) == 1 and problems[0].startswith("figures[1]: ") and reason in problems[0]
    assert len(problems[0]) < 400 and "\x1b" not in problems[0] and "\u202e" not in problems[0]


def write_manifest(folder: Path, data) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(("content", "reason"), [
    (b"[" * 100_000 + b"]" * 100_000, "not UTF-8 JSON"),
    (b'{"figures": {"a": 1}}', "figures is not a JSON array"),
    (b'{"warnings": 5}', "warnings is not a JSON array"),
    (b'{"warnings": ["' + b"w" * 600 + b'"]}', "a warning is not a text of at most 500 characters"),
    (b'{"outputs": {"a.pdf": 3}}', "an entry of outputs is not a JSON object"),
    (b"\xff\xfe", "not UTF-8 JSON"),
])
def test_a_manifest_of_the_wrong_shape_is_ignored_with_a_warning(tmp_path, content, reason):
    (tmp_path / "manifest.json").write_bytes(content)
    assert load_manifest(tmp_path) == (None, f"{tmp_path / 'manifest.json'}: {reason}; ignored")


def test_a_manifest_larger_than_the_limit_is_not_read(tmp_path):
    with open(tmp_path / "manifest.json", "wb") as stream:
        stream.write(b'{"figures": [' + b" " * MANIFEST_LIMIT + b"]}")
    manifest, problem = load_manifest(tmp_path)
    assert manifest is None and "larger than a manifest can be" in problem


def test_a_fifo_in_place_of_the_manifest_does_not_hold_the_build_up(tmp_path):
    os.mkfifo(tmp_path / "manifest.json")
    assert load_manifest(tmp_path) == (None, f"{tmp_path / 'manifest.json'}: not a regular file; ignored")


def test_skipped_figures_are_one_warning_naming_the_file(tmp_path):
    write_manifest(tmp_path, {"figures": [GOOD, *(record for record, _ in BAD.values())]})
    figures, warnings = recorded(tmp_path)
    assert [f.fact_id for f in figures] == ["gone.old_figure"]
    assert warnings == [f"{tmp_path / 'manifest.json'}: {len(BAD)} recorded figures skipped as not valid: "
                        f"figures[1]: unit \"furlong\" is unknown (and {len(BAD) - 1} more)"]


def build(project: Path, *extra: str, period: str = "2026-11") -> int:
    return main(["build", "--period", period, "--lang", "en", "--format", "docx", "--jobs", "1",
                 "--facts", str(project / "facts"), "--templates", str(project / "templates"),
                 "--config", str(project / "briefgen.toml"), "--out", str(project / "out"), *extra])


def test_a_build_skips_the_bad_records_of_the_month_before_and_says_so_with_verbose(project, capsys):
    """October's manifest gains a figure withdrawn since, and bad records: November shows the first only."""
    assert build(project, period="2026-10") == 0
    october = project / "out" / "2026-10"
    manifest = json.loads((october / "manifest.json").read_text(encoding="utf-8"))
    manifest["figures"] += [GOOD, *(record for record, _ in BAD.values())]
    write_manifest(october, manifest)
    capsys.readouterr()
    assert build(project, "--verbose") == 0
    err = capsys.readouterr().err
    warning = f"warning: {october / 'manifest.json'}: {len(BAD)} recorded figures skipped as not valid: "
    assert err.count(warning) == 1 and "\x1b" not in err and "Traceback" not in err
    paragraphs = docx.Document(str(project / "out" / "2026-11" / "briefing-qingdao-2026-11-en.docx")).paragraphs
    start = next(i for i, p in enumerate(paragraphs)
                 if p.text == "What changed since the previous edition" and p.style.name.startswith("Heading"))
    end = next((i for i, p in enumerate(paragraphs[start + 1:], start + 1) if p.style.name.startswith("Heading")),
               len(paragraphs))
    changed = [p.text for p in paragraphs[start + 1:end]]
    assert changed == ["Since the October 2026 edition:", "withdrawn: 5 — gone.old_figure (2022)"]
    assert build(project) == 0 and capsys.readouterr().err == ""  # without --verbose, quiet


def test_warnings_recorded_in_an_up_to_date_manifest_reach_the_terminal_without_controls(project, capsys):
    assert build(project) == 0
    path = project / "out" / "2026-11" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["warnings"] = ["x (2020) \x1b[2J\u202eshown\x9b31m as historical context"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    capsys.readouterr()
    assert build(project, "--verbose") == 0
    out, err = capsys.readouterr()
    assert "up to date" in out
    assert "warning: x (2020) [2Jshown31m as historical context\n" in err


def test_changes_warns_on_standard_error_and_prints_no_control_character(project, capsys):
    write_manifest(project / "out" / "2026-10", {"figures": [GOOD, BAD["escape sequence"][0]]})
    assert main(["changes", "--since", "2026-10", "--period", "2026-11", "--project", str(project),
                 "--out", str(project / "out")]) == 0
    out, err = capsys.readouterr()
    assert "- gone.old_figure (2022): 5" in out
    assert err.startswith(f"warning: {project / 'out' / '2026-10' / 'manifest.json'}: 1 recorded figure skipped")
    assert not any(ord(c) < 32 and c != "\n" for c in out + err) and "\x1b" not in out + err


def test_a_terminal_line_holds_no_control_and_no_line_break():
    assert terminal_line("a\x1b[31mb\x9b0mc\x07d\u202ee\u2066f\u200fg\nh\ri\tj\u2028k") == "a[31mb0mcdefg h i j k"
    assert terminal_line("18\u202fmilliards d\u2019euros") == "18\u202fmilliards d\u2019euros"  # typography stays
