"""The chart file cache: reused images are the bytes a new drawing gives, and the cache never stops a build."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen import charts, filecache
from briefgen.charts import clear_caches, render_chart
from briefgen.cli import main
from test_charts import FRENCH_BARS, SHARE_CHANGE, english_number


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own, with the process's kept images forgotten."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    clear_caches()
    yield folder / "charts"
    clear_caches()


def no_drawing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the chart was drawn again")
    monkeypatch.setattr(charts, "_draw", refuse)


def test_an_image_read_back_is_the_image_drawn(cache, monkeypatch):
    drawn = render_chart(SHARE_CHANGE)
    assert sorted(p.name.split(".", 1)[1] for p in cache.iterdir()) == ["png.json", "svg.json"]
    clear_caches()  # a new process: only the files remain
    no_drawing(monkeypatch)
    again = render_chart(SHARE_CHANGE)
    assert (again.png, again.svg) == (drawn.png, drawn.svg)


def test_only_the_formats_asked_for_are_drawn_and_kept(cache):
    image = render_chart(FRENCH_BARS, formats=("svg",))
    assert image.png is None and image.svg.startswith(b"<?xml")
    assert [p.name.split(".", 1)[1] for p in cache.iterdir()] == ["svg.json"]
    both = render_chart(FRENCH_BARS)
    assert both.svg == image.svg and both.png.startswith(b"\x89PNG")


def test_unknown_formats_are_refused(cache):
    with pytest.raises(charts.ChartError, match="chart formats must be among png, svg, got pdf"):
        render_chart(FRENCH_BARS, formats=("pdf",))


@pytest.mark.parametrize("damage", [b"", b"not json", b'{"ticks": [], "image": "***"}', b"[1, 2]"])
@pytest.mark.parametrize("with_digest", [False, True], ids=["bytes", "entry"])
def test_a_damaged_entry_is_drawn_again_and_replaced(cache, damage, with_digest):
    drawn = render_chart(SHARE_CHANGE)
    for entry in cache.iterdir():
        if with_digest:  # a payload the header vouches for: the checks of its content refuse it
            filecache.FileCache("charts").put(entry.name, damage)
        else:
            entry.write_bytes(damage)
    clear_caches()
    again = render_chart(SHARE_CHANGE)
    assert (again.png, again.svg) == (drawn.png, drawn.svg)
    for entry in cache.iterdir():
        assert json.loads(filecache.FileCache("charts").get(entry.name))["ticks"]


def test_an_image_is_not_reused_when_the_tick_format_writes_differently(cache):
    french = render_chart(FRENCH_BARS, formats=("svg",))
    clear_caches()
    english = render_chart(replace(FRENCH_BARS, tick_format=english_number), formats=("svg",))
    assert english.svg != french.svg
    assert b">100,000<" in english.svg and ">100\u202f000<".encode() in french.svg


def test_the_process_settings_and_a_users_matplotlibrc_do_not_change_a_chart(cache, tmp_path, monkeypatch):
    import subprocess
    import sys

    import matplotlib

    drawn = render_chart(SHARE_CHANGE, formats=("svg",)).svg
    clear_caches()
    with matplotlib.rc_context({"grid.linewidth": 2.0, "font.size": 20, "axes.prop_cycle": "cycler(color='r')"}):
        assert render_chart(SHARE_CHANGE, formats=("svg",)).svg == drawn
    assert len(list(cache.iterdir())) == 1  # one entry, drawn once
    (tmp_path / "matplotlibrc").write_text("grid.linewidth: 3\nfont.size: 17\naxes.edgecolor: red\n")
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from test_charts import SHARE_CHANGE;"
              "from briefgen.charts import render_chart;"
              "sys.stdout.buffer.write(render_chart(SHARE_CHANGE, formats=('svg',)).svg)")
    env = {**os.environ, "MATPLOTLIBRC": str(tmp_path / "matplotlibrc"), "BRIEFGEN_CACHE_DIR": "off"}
    elsewhere = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], env=env,
                               capture_output=True, check=True).stdout
    assert elsewhere == drawn


def test_a_build_whose_charts_are_all_kept_loads_neither_matplotlib_nor_svglib(cache, repo, tmp_path):
    import subprocess
    import sys

    def build(out: str) -> str:
        script = ("import sys, runpy; sys.argv = ['briefgen'] + sys.argv[1:];"
                  "from briefgen.cli import main; code = main(sys.argv[1:]);"
                  "print('matplotlib' in sys.modules, 'svglib' in sys.modules, code)")
        args = ["build", "--lang", "fr", "--jobs", "1", "--period", "2026-11", "--quiet", "--facts",
                str(repo / "facts"), "--templates", str(repo / "templates"), "--config", str(repo / "briefgen.toml"),
                "--out", str(tmp_path / out)]
        env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(cache.parent)}
        return subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                              check=True).stdout.split()

    assert build("first") == ["True", "True", "0"]
    assert build("second") == ["False", "False", "0"]


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    clear_caches()
    render_chart(SHARE_CHANGE)
    clear_caches()
    assert list(tmp_path.iterdir()) == []


def test_a_cache_folder_that_cannot_be_written_is_passed_over(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(blocker))
    clear_caches()
    image = render_chart(SHARE_CHANGE)
    clear_caches()
    assert image.svg and image.png and blocker.read_text() == "not a folder"


def test_the_folder_follows_xdg_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert filecache.cache_folder() == tmp_path / "xdg" / "briefgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert filecache.cache_folder() == tmp_path / "home" / ".cache" / "briefgen"


def test_the_least_recently_used_entries_go_first(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(filecache, "MAX_ENTRIES", 3)
    cache = filecache.FileCache("kind", tmp_path)
    names = [f"{index:064x}.json" for index in range(5)]
    for index, name in enumerate(names[:3]):
        cache.put(name, b"x")
        os.utime(tmp_path / "kind" / name, (1000 + index, 1000 + index))
    assert cache.get(names[0]) == b"x"  # used: now the most recently used
    cache.put(names[3], b"x")
    cache.put(names[4], b"x")
    assert sorted(p.name for p in (tmp_path / "kind").iterdir()) == [names[0], names[3], names[4]]


def test_a_build_gives_the_same_files_with_a_cold_or_a_warm_cache(cache, repo, tmp_path):
    def build(out: Path) -> dict[str, str]:
        code = main(["build", "--lang", "en", "--period", "2026-11", "--facts", str(repo / "facts"), "--quiet",
                     "--templates", str(repo / "templates"), "--config", str(repo / "briefgen.toml"), "--out", str(out)])
        assert code == 0
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (out / "2026-11").iterdir()}

    cold = build(tmp_path / "cold")
    assert len(list(cache.iterdir())) == 2  # one chart, PNG and SVG
    clear_caches()
    assert build(tmp_path / "warm") == cold


def test_a_package_is_told_apart_by_its_installed_files_without_importing_it(tmp_path, monkeypatch):
    import sys

    package = tmp_path / "pkg_for_identity"
    package.mkdir()
    (package / "__init__.py").write_text("raise ImportError('never imported')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = filecache.package_identity("pkg_for_identity")
    (package / "_version.py").write_text("version = '2.0'\n")
    after = filecache.package_identity("pkg_for_identity")
    assert before != after and "pkg_for_identity" not in sys.modules
    assert filecache.package_identity("no_such_package_here") == ("no_such_package_here",)
