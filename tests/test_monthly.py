"""Monthly runs: reproducible files, manifest, reruns that write nothing, the lock, changes and staleness."""

from __future__ import annotations

import fcntl
import hashlib
import json

import docx
import pytest
import yaml

from briefgen.cli import main


def build(project, *extra: str, out: str = "out") -> int:
    args = ["build", "--facts", str(project / "facts"), "--templates", str(project / "templates"),
            "--config", str(project / "briefgen.toml"), "--out", str(project / out)]
    if "--period" not in extra:
        args += ["--period", "2026-11"]
    return main([*args, *extra])


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_inputs_give_byte_identical_files(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build(project, "--lang", "all", out="a") == 0
    assert build(project, "--lang", "all", "--jobs", "1", out="b") == 0
    names = sorted(p.name for p in (project / "a" / "2026-11").glob("briefing-*"))
    assert len(names) == 4
    for name in names:
        assert sha(project / "a" / "2026-11" / name) == sha(project / "b" / "2026-11" / name), name


def test_one_language_split_over_two_processes_gives_the_same_files(project, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")  # each process draws its own charts
    assert build(project, "--lang", "en", "--jobs", "2", out="a") == 0
    assert build(project, "--lang", "en", "--jobs", "1", out="b") == 0
    for name in ("briefing-qingdao-2026-11-en.docx", "briefing-qingdao-2026-11-en.pdf", "manifest.json"):
        assert sha(project / "a" / "2026-11" / name) == sha(project / "b" / "2026-11" / name), name


def test_work_is_shared_by_language_then_by_format():
    from briefgen.build import work_units

    both = ("docx", "pdf")
    assert work_units(("fr", "en"), both, 2) == [("fr", both), ("en", both)]
    assert work_units(("fr",), both, 1) == [("fr", both)]
    assert work_units(("fr",), both, 2) == [("fr", ("docx",)), ("fr", ("pdf",))]
    assert work_units(("fr", "en"), both, 4) == [("fr", ("docx",)), ("fr", ("pdf",)), ("en", ("docx",)),
                                                  ("en", ("pdf",))]
    assert work_units(("fr",), ("pdf",), 2) == [("fr", ("pdf",))]


def test_manifest_records_inputs_and_outputs_and_a_rerun_writes_nothing(project, capsys):
    assert build(project, "--lang", "fr", "--format", "docx") == 0
    folder = project / "out" / "2026-11"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["inputs"]) >= {"briefgen", "facts", "templates", "config", "as_of"}
    assert manifest["as_of"] == "2026-11-30"
    entry = manifest["outputs"]["briefing-qingdao-2026-11-fr.docx"]
    output = folder / "briefing-qingdao-2026-11-fr.docx"
    canonical = json.dumps(manifest["inputs"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert entry == {"size": output.stat().st_size, "sha256": sha(output),
                     "inputs": hashlib.sha256(canonical.encode("utf-8")).hexdigest()}
    assert any(f["id"] == "laoshan.unicorns" and f["value"] == 9 for f in manifest["figures"])
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    capsys.readouterr()

    assert build(project, "--lang", "fr", "--format", "docx") == 0
    assert "up to date" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps

    facts = project / "facts" / "innovation.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build(project, "--lang", "fr", "--format", "docx") == 0
    assert "wrote" in capsys.readouterr().out


def test_a_draft_of_facts_or_a_lock_file_leaves_an_edition_up_to_date(project, capsys):
    assert build(project, "--lang", "fr", "--format", "docx") == 0
    (project / "facts" / "drafts").mkdir()
    (project / "facts" / "drafts" / "new_article.yaml").write_text("topic: marine\nfacts: []\n", encoding="utf-8")
    (project / "facts" / ".sources.lock").write_bytes(b"")
    capsys.readouterr()
    assert build(project, "--lang", "fr", "--format", "docx") == 0
    assert "up to date" in capsys.readouterr().out  # no build reads a draft: writing one changes no edition
    (project / "facts" / "marine.yaml").write_text((project / "facts" / "marine.yaml").read_text(encoding="utf-8")
                                                   + "\n", encoding="utf-8")
    assert build(project, "--lang", "fr", "--format", "docx") == 0
    assert "wrote" in capsys.readouterr().out  # a topic file is an input


def test_a_second_run_on_a_locked_folder_stops_with_a_clear_message(project, capsys):
    assert build(project, "--lang", "fr", "--format", "docx") == 0
    folder = project / "out" / "2026-11"
    before = sha(folder / "briefing-qingdao-2026-11-fr.docx")
    (project / "briefgen.toml").write_text((project / "briefgen.toml").read_text().replace("#C8102E", "#00AA00"))
    capsys.readouterr()
    with open(folder / ".briefgen.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert build(project, "--lang", "fr", "--format", "docx") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("write: ") and "another briefgen build" in err and len(err.splitlines()) == 1
    assert sha(folder / "briefing-qingdao-2026-11-fr.docx") == before


def test_temporaries_left_by_a_killed_run_are_removed(project):
    folder = project / "out" / "2026-11"
    folder.mkdir(parents=True)
    stale = folder / ".briefing-qingdao-2026-11-fr.docx.abc123.tmp"
    stale.write_bytes(b"half")
    staged = project / "out" / ".2026-11.briefgen-abc123.tmp"
    staged.mkdir()
    (staged / "briefing-qingdao-2026-11-fr.docx").write_bytes(b"half")
    assert build(project, "--lang", "fr", "--format", "docx") == 0
    assert not stale.exists() and not staged.exists()
    assert sorted(p.name for p in (project / "out").iterdir()) == ["2026-11"]


def _section_text(path, heading: str) -> str:
    """The text under `heading` (of any level), up to the next heading of the same level or above."""
    paragraphs = [p for p in docx.Document(str(path)).paragraphs]
    start = next(i for i, p in enumerate(paragraphs) if p.text == heading and p.style.name.startswith("Heading"))
    level = paragraphs[start].style.name
    end = next((i for i, p in enumerate(paragraphs[start + 1:], start + 1)
                if p.style.name.startswith("Heading") and p.style.name <= level), len(paragraphs))
    return "\n".join(p.text for p in paragraphs[start + 1:end])


def test_what_changed_lists_revisions_since_the_last_edition(project, capsys):
    assert build(project, "--lang", "fr", "--format", "docx", "--period", "2026-10") == 0
    path = project / "facts" / "innovation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == "laoshan.unicorns")
    fact["observations"][0]["value"] = 10  # a correction made after October's edition
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert build(project, "--lang", "fr", "--format", "docx") == 0
    text = _section_text(project / "out" / "2026-11" / "briefing-qingdao-2026-11-fr.docx",
                         "Ce qui a changé depuis l’édition précédente")
    assert "Depuis l’édition d’octobre 2026" in text
    assert "révisé\u00a0: 10 au lieu de 9 — Licornes (2024)" in text
    capsys.readouterr()
    assert main(["changes", "--since", "2026-10", "--period", "2026-11", "--lang", "en",
                 "--facts", str(project / "facts"), "--out", str(project / "out")]) == 0
    assert "~ Unicorn companies (2024): 9 -> 10" in capsys.readouterr().out


def test_an_unchanged_month_says_so_in_one_line(project):
    assert build(project, "--lang", "en", "--format", "docx") == 0
    text = _section_text(project / "out" / "2026-11" / "briefing-qingdao-2026-11-en.docx",
                         "What changed since the previous edition")
    assert text.strip() == "No figure has been added, revised or withdrawn since the October 2026 edition."


def test_old_figures_are_marked_and_fail_on_stale_alerts(project, capsys):
    assert build(project, "--lang", "fr", "--format", "docx", "--fail-on-stale") == 4
    assert "stale:" in capsys.readouterr().err
    text = "\n".join(p.text for p in docx.Document(
        str(project / "out" / "2026-11" / "briefing-qingdao-2026-11-fr.docx")).paragraphs)
    assert "\u2020" in text and "contexte historique." in text
    assert "Le chiffre le plus récent de cette édition a été publié en" in text
    # The age is configurable: with ten years, nothing in the store is historical yet.
    config = project / "briefgen.toml"
    config.write_text(config.read_text().replace("stale_after_months = 24", "stale_after_months = 120"))
    assert build(project, "--lang", "fr", "--format", "docx", "--fail-on-stale") == 0


def test_sections_option_keeps_only_the_named_sections(project):
    assert build(project, "--lang", "en", "--format", "docx", "--sections", "vr,green") == 0
    headings = [p.text for p in docx.Document(
        str(project / "out" / "2026-11" / "briefing-qingdao-2026-11-en.docx")).paragraphs if p.style.name == "Heading 1"]
    assert "Laoshan’s virtual reality industry" in headings and "The green transformation" in headings
    assert "Qingdao’s marine economy" not in headings
    assert build(project, "--lang", "en", "--sections", "nope") == 1


def test_a_range_of_months_gives_the_files_of_months_built_one_after_another(project, capsys):
    assert build(project, "--period", "2026-09", "--until", "2026-11", "--jobs", "2", out="range") == 0
    written = [line for line in capsys.readouterr().out.splitlines() if line.startswith("wrote ")]
    assert len(written) == 12
    for month in ("2026-09", "2026-10", "2026-11"):
        assert build(project, "--period", month, "--jobs", "1", out="single") == 0
    for month in ("2026-09", "2026-10", "2026-11"):
        names = sorted(p.name for p in (project / "single" / month).iterdir())
        assert names == sorted(p.name for p in (project / "range" / month).iterdir())
        for name in names:
            assert sha(project / "range" / month / name) == sha(project / "single" / month / name), (month, name)


def test_a_range_skips_the_months_already_up_to_date(project, capsys):
    assert build(project, "--lang", "fr", "--format", "docx", "--period", "2026-10") == 0
    capsys.readouterr()
    assert build(project, "--lang", "fr", "--format", "docx", "--period", "2026-10", "--until", "2026-11") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("up to date: ") and out[0].split()[3].endswith("2026-10")
    assert out[1] == f"wrote {project / 'out' / '2026-11' / 'briefing-qingdao-2026-11-fr.docx'}"
    assert out[2].startswith("figures: ") and len(out) == 3


@pytest.mark.parametrize("extra, message", [
    (("--period", "2026-11", "--until", "2026-10"), "usage: --until 2026-10 is before --period 2026-11"),
    (("--until", "2026-10"), "usage: --until needs --period, the first month to build"),
    (("--period", "2026-09", "--until", "2026-10", "--as-of", "2026-10-15"),
     "usage: --as-of cannot be used with --until: each month is built as of its own last day"),
])
def test_a_wrong_range_is_refused_in_one_line(project, capsys, extra, message):
    args = ["build", "--facts", str(project / "facts"), "--templates", str(project / "templates"),
            "--out", str(project / "out"), *extra]
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == message
    assert not (project / "out").exists()


@pytest.mark.parametrize("since", ["2026-11", "2026-12"])
def test_changes_since_a_month_not_before_the_edition_is_refused(project, capsys, since):
    code = main(["changes", "--since", since, "--period", "2026-11", "--facts", str(project / "facts"),
                 "--out", str(project / "out")])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"usage: --since {since} must be before --period 2026-11"
