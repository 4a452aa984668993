"""A command imports only the heavy libraries it uses: a monthly build whose charts are kept loads none.

pandas, matplotlib and svglib take about two thirds of a second to import;
each is loaded only by the step that needs it (a table of the facts, drawing
a chart, converting one for the PDF). Imports are seen with `-X importtime`,
which the build's forked worker processes inherit, so theirs count too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "matplotlib", "svglib")
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", re.M)


def _modules(args: list[str], cache: Path, cwd: Path) -> set[str]:
    """The modules a `briefgen` command imports, in its own process and its workers."""
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefgen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=True)
    return set(_IMPORTED.findall(done.stderr))


def _imported(args: list[str], cache: Path, cwd: Path) -> set[str]:
    """The top-level packages a `briefgen` command imports, in its own process and its workers."""
    return {name.split(".")[0] for name in _modules(args, cache, cwd)}


@pytest.fixture(scope="module")
def warm(tmp_path_factory, repo) -> tuple[Path, list[str]]:
    """A cache warmed by one build, and the arguments of that build into a new folder."""
    cache = tmp_path_factory.mktemp("cache")
    out = tmp_path_factory.mktemp("out")

    def build(name: str) -> list[str]:
        return ["build", "--lang", "fr", "--period", "2026-11", "--facts", str(repo / "facts"),
                "--templates", str(repo / "templates"), "--config", str(repo / "briefgen.toml"),
                "--out", str(out / name)]

    first = _imported(build("first"), cache, repo)
    assert {"matplotlib", "svglib", "yaml"} <= first  # the facts are read, the charts drawn and converted
    return cache, build("second")


def test_a_warm_build_imports_no_heavy_library(warm, repo):
    cache, args = warm
    imported = _imported(args, cache, repo)
    assert "reportlab" in imported and "docx" in imported  # the writers themselves
    assert sorted(imported & set(HEAVY)) == []


def test_a_warm_build_imports_no_url_opener(warm, repo, tmp_path):
    """The writers escape markup with `html.escape`: xml.sax.saxutils would load urllib.request and http.client."""
    cache, args = warm
    imported = _modules([*args[:-1], str(tmp_path / "out")], cache, repo)  # a new folder: a build that writes
    assert {"reportlab.platypus", "docx"} <= imported
    assert sorted(imported & {"xml.sax.saxutils", "urllib.request", "http.client"}) == []


def test_validating_the_facts_imports_no_heavy_library(warm, repo):
    cache, _args = warm
    assert sorted(_imported(["facts", "validate", "--project", str(repo)], cache, repo) & set(HEAVY)) == []


def test_validating_the_facts_imports_nothing_a_build_writes_with(warm, repo):
    """`facts validate` reads and checks the facts alone: no writer, template engine or chart library."""
    cache, _args = warm
    imported = _imported(["facts", "validate", "--project", str(repo)], cache, repo)
    assert sorted(imported & {*HEAVY, "reportlab", "docx", "jinja2", "babel"}) == []


def test_a_csv_listing_imports_pandas(warm, repo):
    """The table of observations is a pandas DataFrame: the one command that earns pandas its import."""
    cache, _args = warm
    assert "pandas" in _imported(["facts", "list", "--format", "csv", "--project", str(repo)], cache, repo)
