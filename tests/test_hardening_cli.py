"""Bad command-line input: one line on stderr naming what is wrong, exit 1 or 2, never a traceback."""

from __future__ import annotations

import contextlib
import datetime
import io
from pathlib import Path

import pytest

from briefgen.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*options: str) -> tuple[int, str]:
    """Exit code and standard error of a French DOCX build of the shipped inputs with `options`."""
    stderr = io.StringIO()
    arguments = {"--period": "2026-11", "--facts": str(ROOT / "facts"), "--templates": str(ROOT / "templates"),
                 "--config": str(ROOT / "briefgen.toml")}
    arguments.update(zip(options[::2], options[1::2]))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        try:
            code = main(["build", "--lang", "fr", "--format", "docx", "--jobs", "1",
                         *[item for pair in arguments.items() for item in pair]])
        except SystemExit as exc:  # argparse refuses a usage error this way
            code = exc.code
    return code, stderr.getvalue()


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def usage_error(err: str) -> str:
    """The error line of a usage error, after the command's usage summary."""
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert lines[0].startswith("usage: briefgen build "), err
    assert not any(line.startswith("briefgen") for line in lines[:-1]), err
    return lines[-1]


@pytest.fixture
def a_file(tmp_path) -> Path:
    path = tmp_path / "not-a-folder"
    path.write_text("", encoding="utf-8")
    return path


def test_a_missing_facts_folder_is_named(tmp_path):
    code, err = run("--facts", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert code == 1 and one_line(err) == f"facts: {tmp_path / 'nowhere'} is not a folder of facts"


def test_a_missing_settings_file_is_named(tmp_path):
    code, err = run("--config", str(tmp_path / "nowhere.toml"), "--out", str(tmp_path / "out"))
    assert code == 1 and one_line(err) == f"config: {tmp_path / 'nowhere.toml'}: file not found"


def test_a_missing_templates_folder_names_a_template(tmp_path):
    code, err = run("--templates", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert code == 1 and err.startswith("template: ") and f"{tmp_path / 'nowhere' / 'fr'}" in err
    assert "Traceback" not in err


def test_an_output_folder_that_is_a_file_is_a_write_error(a_file):
    code, err = run("--out", str(a_file))
    assert code == 1 and one_line(err).startswith(f"write: {a_file}")


@pytest.mark.parametrize(("options", "message"), [
    (("--period", "0001-01"), "argument --period: '0001-01' is too early: editions start in 1900-01"),
    (("--period", "1899-12"), "argument --period: '1899-12' is too early: editions start in 1900-01"),
    (("--as-of", "0001-01-01"), "argument --as-of: '0001-01-01' is too early: editions start on 1900-01-01"),
    (("--as-of", "1899-12-31"), "argument --as-of: '1899-12-31' is too early: editions start on 1900-01-01"),
], ids=["period", "period-1899", "as-of", "as-of-1899"])
def test_a_date_at_the_start_of_the_calendar_is_refused_in_one_line(tmp_path, options, message):
    out = tmp_path / "out"
    code, err = run(*options, "--out", str(out))
    assert code == 2 and usage_error(err) == f"briefgen build: error: {message}"
    assert not out.exists()


def test_the_first_edition_month_builds(tmp_path):
    out = tmp_path / "out"
    code, err = run("--period", "1900-01", "--as-of", "1900-01-01", "--out", str(out))
    assert code == 0, err
    assert (out / "1900-01" / "briefing-qingdao-1900-01-fr.docx").is_file()


def test_a_staleness_horizon_beyond_a_century_is_a_config_error(tmp_path):
    settings = tmp_path / "briefgen.toml"
    text = (ROOT / "briefgen.toml").read_text(encoding="utf-8")
    settings.write_text(text.replace("stale_after_months = 24", "stale_after_months = 100000"), encoding="utf-8")
    out = tmp_path / "out"
    code, err = run("--config", str(settings), "--out", str(out))
    assert code == 1 and one_line(err) == (
        f"config: {settings}: stale_after_months must be a whole number of months from 1 to 1200")
    assert not out.exists()


def test_a_month_step_outside_the_calendar_is_a_config_error():
    from briefgen.errors import ConfigError
    from briefgen.narrative.assemble import months_before

    with pytest.raises(ConfigError, match="100000 months before 2026-11-30 is outside the calendar"):
        months_before(datetime.date(2026, 11, 30), 100000)
