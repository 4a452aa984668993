"""Shared fixtures: the repository's own facts, templates and config, and built briefings."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PERIOD = datetime.date(2026, 11, 1)


@pytest.fixture(scope="session", autouse=True)
def chart_cache(tmp_path_factory) -> Path:
    """A file cache of the test session's own, never the user's: shared by every test and subprocess."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("BRIEFGEN_CACHE_DIR")
    os.environ["BRIEFGEN_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["BRIEFGEN_CACHE_DIR"]
    else:
        os.environ["BRIEFGEN_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root (facts/, templates/, briefgen.toml)."""
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """Both languages built once, as DOCX and PDF, by the command line; keyed "fr.docx", "en.pdf"…"""
    from briefgen.cli import main

    out = tmp_path_factory.mktemp("output")
    code = main(["build", "--lang", "all", "--period", "2026-11", "--facts", str(ROOT / "facts"),
                 "--templates", str(ROOT / "templates"), "--config", str(ROOT / "briefgen.toml"), "--out", str(out)])
    assert code == 0
    folder = out / "2026-11"
    return {f"{lang}.{fmt}": folder / f"briefing-qingdao-2026-11-{lang}.{fmt}" for lang in ("fr", "en") for fmt in ("docx", "pdf")}


@pytest.fixture
def project(tmp_path, repo):
    """A copy of the repository's facts, templates and config, safe to break."""
    for name in ("facts", "templates"):
        shutil.copytree(repo / name, tmp_path / name)
    shutil.copy(repo / "briefgen.toml", tmp_path / "briefgen.toml")
    return tmp_path
