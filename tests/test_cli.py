"""The command line: bad input stops with one line naming the file, and nothing is written."""

from __future__ import annotations

import re
import subprocess
import sys


from briefgen.cli import main


def run(*args: str):
    return subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True, text=True)


def test_help_explains_every_build_option():
    result = run("build", "--help")
    assert result.returncode == 0
    for option in ("--lang", "--format", "--period", "--as-of", "--facts", "--templates", "--config", "--out"):
        assert option in result.stdout


def build(project, *extra: str) -> int:
    return main(["build", "--period", "2026-11", "--format", "docx", "--facts", str(project / "facts"),
                 "--templates", str(project / "templates"), "--config", str(project / "briefgen.toml"),
                 "--out", str(project / "out"), *extra])


def test_unknown_fact_in_template_names_template_and_line(project, capsys):
    path = project / "templates" / "fr" / "green.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "Chiffre : {{ facts.qingdao.green.no_such_figure | figure }}.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert build(project, "--lang", "fr") == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("template: ")
    assert f"{path}:3: unknown fact qingdao.green.no_such_figure" in err
    assert "Traceback" not in err
    assert not (project / "out").exists()


def test_template_syntax_error_names_file_and_line(project, capsys):
    path = project / "templates" / "en" / "marine.md"
    path.write_text("# Marine\n\n{% if x %}\nunclosed\n", encoding="utf-8")
    assert build(project, "--lang", "all") == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "template:" in err
    assert not (project / "out").exists()


def test_unparsable_facts_file_stops_the_build_and_keeps_the_previous_edition(project, capsys):
    assert build(project, "--lang", "fr") == 0
    good = project / "out" / "2026-11" / "briefing-qingdao-2026-11-fr.docx"
    before = good.read_bytes()
    (project / "facts" / "vr.yaml").write_text("topic: vr\nfacts: [\n  - id: x\n", encoding="utf-8")
    capsys.readouterr()
    assert build(project, "--lang", "fr") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("facts: ") and "vr.yaml" in err
    assert "Traceback" not in err
    assert good.read_bytes() == before
    assert sorted(p.name for p in good.parent.iterdir()) == [".briefgen.lock", good.name, "manifest.json"]


def test_data_is_never_markup_or_template_code(project):
    """A label holding markup and template syntax is printed literally."""
    tricky = 'R&D <confidential> "Q&A" {{ 7*7 }} *star* _under_ [^x]'
    path = project / "facts" / "innovation.yaml"
    text = path.read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(text)
    fact = next(f for f in data["facts"] if f["id"] == "laoshan.unicorns")
    fact["label"]["fr"] = tricky
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert build(project, "--lang", "fr") == 0
    import docx

    document = docx.Document(str(project / "out" / "2026-11" / "briefing-qingdao-2026-11-fr.docx"))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert tricky in cells


def test_problems_in_facts_and_templates_are_reported_together(project, capsys):
    (project / "facts" / "vr.yaml").write_text("topic: vr\nfacts: [\n", encoding="utf-8")
    (project / "templates" / "en" / "green.md").write_text("{% if %}\n", encoding="utf-8")
    assert build(project, "--lang", "all") == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("input: 2 problems in facts, template; first: facts: ")
    assert any(line.startswith("  template: ") and "green.md:1" in line for line in lines[1:])
    assert not (project / "out").exists()


def test_a_bad_settings_file_is_reported_with_the_facts_never_replaced_by_defaults(project, capsys):
    (project / "facts" / "vr.yaml").write_text("topic: vr\nfacts: [\n", encoding="utf-8")
    config = project / "briefgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('primary_color = "#1F3A5F"', 'primary_color = "navy"'))
    assert build(project, "--lang", "all") == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("input: 2 problems in config, facts; first: config: ")
    assert "primary_color must be a colour" in lines[0]
    assert any(line.startswith("  facts: ") and "vr.yaml" in line for line in lines[1:])
    assert not (project / "out").exists()


def test_a_build_never_touches_the_network(project, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a build opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert build(project, "--lang", "fr", "--jobs", "1") == 0


def test_the_command_prints_everything_and_exits_with_its_code(project):
    """The command leaves without tearing the interpreter down: output and exit code must still be whole."""
    common = ["build", "--period", "2026-11", "--format", "docx", "--lang", "fr", "--facts", str(project / "facts"),
              "--templates", str(project / "templates"), "--config", str(project / "briefgen.toml"),
              "--out", str(project / "out")]
    built = run(*common, "--verbose")
    assert built.returncode == 0, built.stderr
    wrote, figures = built.stdout.splitlines()
    assert wrote == f"wrote {project / 'out' / '2026-11' / 'briefing-qingdao-2026-11-fr.docx'}"
    assert re.fullmatch(r"figures: \d+ shown, the newest published \d{4}-\d{2}-\d{2}; \d+ published more than 24 "
                        r"months before the edition \(marked † as historical context\)", figures), figures
    assert "rendered 2026-11 fr docx" in built.stderr
    again = run(*common)
    assert again.returncode == 0 and again.stdout.startswith("up to date: ")
    (project / "facts" / "vr.yaml").write_text("topic: [\n", encoding="utf-8")
    broken = run(*common)
    assert broken.returncode == 1 and broken.stderr.startswith("facts: ") and broken.stdout == ""
    usage = run("build", "--period", "2026-13")
    assert usage.returncode == 2 and "is not a month" in usage.stderr
