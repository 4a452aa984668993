"""A month's edition depends on what it read of the month before: rebuilt differently, it makes the month stale."""

from __future__ import annotations

import json
import shutil

import docx
import yaml

from briefgen.cli import main

HEADING = "Ce qui a changé depuis l’édition précédente"


def build(project, period: str, facts: str = "facts") -> int:
    return main(["build", "--period", period, "--lang", "fr", "--format", "docx", "--jobs", "1",
                 "--facts", str(project / facts), "--templates", str(project / "templates"),
                 "--config", str(project / "briefgen.toml"), "--out", str(project / "out")])


def what_changed(project, period: str) -> str:
    paragraphs = docx.Document(str(project / "out" / period / f"briefing-qingdao-{period}-fr.docx")).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == HEADING and p.style.name.startswith("Heading"))
    end = next((i for i, p in enumerate(paragraphs[start + 1:], start + 1) if p.style.name.startswith("Heading")),
               len(paragraphs))
    return "\n".join(p.text for p in paragraphs[start + 1:end])


def manifest_path(project, period: str):
    return project / "out" / period / "manifest.json"


def unicorns(figures: list[dict]) -> dict:
    return next(f for f in figures if f["id"] == "laoshan.unicorns")


def built_in_order(project, capsys) -> None:
    """October then November built into out/; November finds nothing changed."""
    assert build(project, "2026-10") == 0
    assert build(project, "2026-11") == 0
    assert "Aucun chiffre" in what_changed(project, "2026-11")
    capsys.readouterr()


def test_a_month_follows_the_figures_of_the_month_before_as_its_manifest_records_them(project, capsys):
    built_in_order(project, capsys)
    manifest = json.loads(manifest_path(project, "2026-10").read_text(encoding="utf-8"))
    unicorns(manifest["figures"])["value"] = 8  # as if October had been built from other facts
    manifest_path(project, "2026-10").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    assert build(project, "2026-11") == 0
    assert "up to date" not in capsys.readouterr().out
    text = what_changed(project, "2026-11")
    assert "révisé\u00a0: 9 au lieu de 8 — Licornes (2024)" in text


def test_the_month_before_rebuilt_from_other_facts_makes_the_month_out_of_date(project, capsys):
    built_in_order(project, capsys)
    shutil.copytree(project / "facts", project / "other")
    path = project / "other" / "innovation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(f for f in data["facts"] if f["id"] == "laoshan.unicorns")["observations"][0]["value"] = 10
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    assert build(project, "2026-10", facts="other") == 0
    before = json.loads(manifest_path(project, "2026-11").read_text(encoding="utf-8"))["inputs"]

    assert build(project, "2026-11") == 0  # its own facts, templates and settings are those of its last build
    assert "up to date" not in capsys.readouterr().out
    text = what_changed(project, "2026-11")
    assert "révisé\u00a0: 9 au lieu de 10 — Licornes (2024)" in text
    after = json.loads(manifest_path(project, "2026-11").read_text(encoding="utf-8"))["inputs"]
    assert {key for key in after if after[key] != before[key]} == {"previous"}

    assert build(project, "2026-11") == 0
    assert capsys.readouterr().out.startswith("up to date: ")


def test_a_month_without_the_month_before_here_records_that_it_read_none(project, capsys):
    assert build(project, "2026-11") == 0
    assert json.loads(manifest_path(project, "2026-11").read_text(encoding="utf-8"))["inputs"]["previous"] is None
    assert build(project, "2026-10") == 0
    capsys.readouterr()
    assert build(project, "2026-11") == 0
    assert "up to date" not in capsys.readouterr().out
    previous = json.loads(manifest_path(project, "2026-11").read_text(encoding="utf-8"))["inputs"]["previous"]
    assert isinstance(previous, str) and len(previous) == 64


def test_a_range_reads_a_month_it_finds_up_to_date_from_its_manifest_as_a_single_build_would(project, capsys):
    assert build(project, "2026-10") == 0
    manifest = json.loads(manifest_path(project, "2026-10").read_text(encoding="utf-8"))
    unicorns(manifest["figures"])["value"] = 8
    manifest_path(project, "2026-10").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--period", "2026-10", "--until", "2026-11", "--lang", "fr", "--format", "docx",
                 "--facts", str(project / "facts"), "--templates", str(project / "templates"),
                 "--config", str(project / "briefgen.toml"), "--out", str(project / "out")]) == 0
    assert capsys.readouterr().out.startswith("up to date: ")  # October, whose outputs are untouched
    assert "au lieu de 8" in what_changed(project, "2026-11")
