"""Cache entries someone else wrote, damaged or hostile: redrawn and replaced, never in a document, never a hang."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image as PillowImage

from briefgen import charts, filecache
from briefgen.charts import clear_caches, render_chart
from briefgen.cli import main
from briefgen.filecache import FileCache
from test_charts import SHARE_CHANGE, SPECS
from test_pdf_drawings import pdf_of

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own, with the process's kept images forgotten."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    clear_caches()
    yield folder
    clear_caches()


def entry_name(index: int) -> str:
    return f"{index:064x}.json"


def assert_whole_png(data: bytes) -> None:
    """The PNG signature, an IHDR with a size, and pixels Pillow decodes."""
    assert data.startswith(PNG_SIGNATURE)
    length, kind, width, height = struct.unpack(">I4sII", data[8:24])
    assert (length, kind) == (13, b"IHDR") and width > 0 and height > 0
    with PillowImage.open(io.BytesIO(data)) as image:
        image.load()
        assert image.size == (width, height)


def docx_images(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as docx:
        return {name: docx.read(name) for name in docx.namelist() if name.startswith("word/media/")}


@pytest.mark.parametrize("damage", [
    lambda png: png[: len(png) // 2],  # cut short
    lambda png: png[:len(png) // 2] + bytes([png[len(png) // 2] ^ 0xFF]) + png[len(png) // 2 + 1:],  # one byte
    lambda png: b"GIF89a" + png[6:],  # another format
    lambda png: PNG_SIGNATURE + b"\x00\x00\x00\x0dIHDR" + bytes(17),  # a header of no image
], ids=["truncated", "flipped-byte", "not-png", "empty-header"])
def test_a_damaged_png_in_a_sound_entry_is_drawn_again_and_never_reaches_a_document(cache, repo, tmp_path, damage):
    def build(out: Path) -> dict[str, bytes]:
        clear_caches()  # as in a new process: only the files remain
        code = main(["build", "--lang", "en", "--format", "docx", "--period", "2026-11", "--quiet",
                     "--facts", str(repo / "facts"), "--templates", str(repo / "templates"),
                     "--config", str(repo / "briefgen.toml"), "--out", str(out)])
        assert code == 0
        return {p.name: p.read_bytes() for p in (out / "2026-11").iterdir()}

    first = build(tmp_path / "first")
    files = FileCache("charts")
    kept = {}
    for path in (cache / "charts").glob("*.png.json"):
        entry = json.loads(files.get(path.name))
        kept[path.name] = entry["image"]
        entry["image"] = base64.b64encode(damage(base64.b64decode(entry["image"]))).decode()
        files.put(path.name, json.dumps(entry).encode())  # valid JSON, its digest right: only the image is wrong
    assert kept

    second = build(tmp_path / "second")
    assert second == first  # the DOCX and the manifest alike
    (docx,) = (tmp_path / "second" / "2026-11").glob("*.docx")
    images = docx_images(docx)
    assert images and all(name.endswith(".png") for name in images)
    for data in images.values():
        assert_whole_png(data)
    for name, image in kept.items():
        assert json.loads(files.get(name))["image"] == image  # replaced by the image drawn again


SVG_BOMB = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>')
CHART_DAMAGES = {
    "svg-cut-short": lambda entry, svg: entry.update(image=encoded(svg[: len(svg) // 2])),
    "svg-other-root": lambda entry, svg: entry.update(image=encoded(b'<html xmlns="http://www.w3.org/2000/svg"/>')),
    "svg-no-namespace": lambda entry, svg: entry.update(image=encoded(svg.replace(b'xmlns="', b'xmlns:x="'))),
    "svg-not-utf8": lambda entry, svg: entry.update(image=encoded(svg.replace(b"utf-8", b"latin-1") + b"\xe9")),
    "svg-entities": lambda entry, svg: entry.update(image=encoded(SVG_BOMB)),
    "tick-text-number": lambda entry, svg: entry["ticks"][0].__setitem__(1, 5),
    "tick-value-text": lambda entry, svg: entry["ticks"][0].__setitem__(0, "0"),
    "tick-value-not-finite": lambda entry, svg: entry["ticks"][0].__setitem__(0, float("nan")),
    "tick-of-three": lambda entry, svg: entry["ticks"][0].append("more"),
    "unknown-field": lambda entry, svg: entry.update(drawn_by="someone"),
}


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize("damage", CHART_DAMAGES.values(), ids=CHART_DAMAGES.keys())
def test_a_chart_entry_with_a_damaged_svg_or_ill_typed_ticks_is_drawn_again(cache, damage):
    drawn = render_chart(SHARE_CHANGE, formats=("svg",)).svg
    clear_caches()
    files = FileCache("charts")
    (name,) = (path.name for path in (cache / "charts").iterdir())
    sound = files.get(name)
    entry = json.loads(sound)
    damage(entry, drawn)
    files.put(name, json.dumps(entry).encode())  # its digest right: only the content is wrong
    assert render_chart(SHARE_CHANGE, formats=("svg",)).svg == drawn
    assert files.get(name) == sound


@pytest.mark.parametrize("hostile", ["fifo", "symlink-to-fifo", "symlink-to-device", "symlink-to-entry"])
def test_an_entry_that_is_no_regular_file_is_never_opened_and_the_chart_is_drawn(cache, tmp_path, hostile):
    drawn = render_chart(SHARE_CHANGE)
    clear_caches()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for path in (cache / "charts").iterdir():
        sound = path.read_bytes()
        path.unlink()
        if hostile == "fifo":
            os.mkfifo(path)
        elif hostile == "symlink-to-fifo":
            os.mkfifo(elsewhere / path.name)
            path.symlink_to(elsewhere / path.name)
        elif hostile == "symlink-to-device":
            path.symlink_to("/dev/zero")  # endless: a read would never finish
        else:
            (elsewhere / path.name).write_bytes(sound)  # a sound entry, but not in the folder
            path.symlink_to(elsewhere / path.name)
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from test_charts import SHARE_CHANGE;"
              "from briefgen import charts; from briefgen.charts import render_chart;"
              "drawn = []; draw = charts._draw;"
              "charts._draw = lambda *args: drawn.append(args[-1]) or draw(*args);"
              "image = render_chart(SHARE_CHANGE); from hashlib import sha256;"
              "print(*sorted(f for formats in drawn for f in formats), sha256(image.png + image.svg).hexdigest())")
    result = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout.split() == ["png", "svg", hashlib.sha256(drawn.png + drawn.svg).hexdigest()]
    for path in (cache / "charts").iterdir():
        assert path.is_file() and not path.is_symlink()  # replaced by a sound entry
        assert json.loads(FileCache("charts").get(path.name))["image"]
    assert all(path.exists() for path in elsewhere.iterdir())  # what the links pointed to is left alone


def _first(node: dict, kind: str) -> dict:
    """The first node of `kind` in a drawing's tree, depth first."""
    if node["kind"] == kind:
        return node
    for child in node.get("contents", ()):
        found = _first(child, kind)
        if found is not None:
            return found
    return None


def _nested(tree: dict) -> None:
    group = {"kind": "group", "attributes": {"transform": {"tuple": [1, 0, 0, 1, 0, 0]}}, "contents": []}
    for _level in range(40):
        group = {"kind": "group", "attributes": {"transform": {"tuple": [1, 0, 0, 1, 0, 0]}}, "contents": [group]}
    tree["contents"].append(group)


DRAWING_DAMAGES = {
    "drawing-without-width": lambda tree: tree["attributes"].pop("width"),
    "drawing-of-no-size": lambda tree: tree["attributes"].update(height=0),
    "drawing-width-text": lambda tree: tree["attributes"].update(width="wide"),
    "drawing-without-contents": lambda tree: tree.pop("contents"),
    "path-without-points": lambda tree: _first(tree, "path")["attributes"].pop("points"),
    "path-points-text": lambda tree: _first(tree, "path")["attributes"].update(points="0 0 1 1"),
    "path-operator-without-points": lambda tree: _first(tree, "path")["attributes"]["operators"].append(2),
    "path-unknown-operator": lambda tree: _first(tree, "path")["attributes"].update(operators=[7], points=[0, 0]),
    "string-without-text": lambda tree: _first(tree, "string")["attributes"].pop("text"),
    "string-text-number": lambda tree: _first(tree, "string")["attributes"].update(text=5),
    "string-unknown-font": lambda tree: _first(tree, "string")["attributes"].update(fontName="NoSuchFont"),
    "colour-of-three": lambda tree: _first(tree, "string")["attributes"].update(fillColor={"rgba": [0, 0, 0]}),
    "colour-beyond-one": lambda tree: _first(tree, "string")["attributes"].update(fillColor={"rgba": [2, 0, 0, 1]}),
    "transform-text": lambda tree: tree["attributes"].update(transform={"tuple": "abcdef"}),
    "number-not-finite": lambda tree: _first(tree, "string")["attributes"].update(x=float("inf")),
    "unknown-field": lambda tree: _first(tree, "path")["attributes"].update(onClick="run"),
    "drawing-inside": lambda tree: tree["contents"].append({"kind": "drawing", "attributes": tree["attributes"],
                                                            "contents": []}),
    "group-contents-text": lambda tree: _first(tree, "group").update(contents="none"),
    "nested-too-deep": _nested,
    "value-nested-too-deep": lambda tree: _first(tree, "path")["attributes"].update(
        points=json.loads("[" * 900 + "]" * 900)),
}


@pytest.mark.parametrize("damage", DRAWING_DAMAGES.values(), ids=DRAWING_DAMAGES.keys())
def test_a_drawing_entry_with_missing_or_ill_typed_fields_is_converted_again(cache, monkeypatch, damage):
    from briefgen.writers import pdf_figures
    from briefgen.writers.pdf_fonts import load_fonts

    monkeypatch.setattr(pdf_figures, "_DRAWINGS", type(pdf_figures._DRAWINGS)())
    fonts = load_fonts()
    svg = render_chart(SPECS[1], formats=("svg",)).svg
    converted = pdf_of(pdf_figures._vector(svg, fonts))
    files = FileCache("drawings")
    (name,) = (path.name for path in (cache / "drawings").iterdir())
    sound = files.get(name)
    tree = json.loads(sound)
    damage(tree)
    files.put(name, json.dumps(tree).encode())  # its digest right: only the fields are wrong

    monkeypatch.setattr(pdf_figures, "_DRAWINGS", type(pdf_figures._DRAWINGS)())  # as in a new process
    assert pdf_of(pdf_figures._vector(svg, fonts)) == converted
    assert files.get(name) == sound  # replaced by the drawing converted again


def test_a_trim_removes_only_the_entries_and_stale_temporaries_briefgen_made(tmp_path, monkeypatch):
    monkeypatch.setattr(filecache, "MAX_ENTRIES", 2)
    folder, outside = tmp_path / "cache" / "kind", tmp_path / "outside"
    folder.mkdir(parents=True)
    outside.mkdir()
    (outside / entry_name(90)).write_bytes(b"a user's file")
    foreign = {
        "notes.txt": b"a user's notes",
        f"{entry_name(91)}.bak": b"a user's copy",
        ".tmp-handmade": b"not a temporary of briefgen's",
    }
    for name, data in foreign.items():
        (folder / name).write_bytes(data)
    (folder / entry_name(92)).mkdir()  # a folder, named as an entry
    (folder / entry_name(92) / "inside").write_bytes(b"kept")
    (folder / entry_name(93)).symlink_to(outside / entry_name(90))  # a link, named as an entry
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    stale_temporary, fresh_temporary = folder / ".tmp-0123456789abcdef", folder / ".tmp-fedcba9876543210"
    stale_temporary.write_bytes(b"left by a killed run")
    fresh_temporary.write_bytes(b"being written")
    for path in folder.iterdir():
        os.utime(path, (1000, 1000), follow_symlinks=False)  # all older than any entry
    os.utime(fresh_temporary)

    cache = FileCache("kind", tmp_path / "cache")
    for index in range(4):
        cache.put(entry_name(index), b"x")

    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [*foreign, entry_name(2), entry_name(3), entry_name(92), entry_name(93), "linked", fresh_temporary.name])
    assert all((folder / name).read_bytes() == data for name, data in foreign.items())
    assert (folder / entry_name(92) / "inside").read_bytes() == b"kept"
    assert (outside / entry_name(90)).read_bytes() == b"a user's file"


def test_a_kind_folder_that_is_a_symlink_is_neither_read_nor_written_nor_trimmed(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    FileCache("kind", outside).put(entry_name(0), b"x")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "kind").symlink_to(outside / "kind", target_is_directory=True)
    monkeypatch.setattr(filecache, "MAX_ENTRIES", 0)  # a trim would remove every entry it saw
    cache = FileCache("kind", tmp_path / "cache")
    assert cache.get(entry_name(0)) is None
    cache.put(entry_name(1), b"y")
    assert os.listdir(outside / "kind") == [entry_name(0)]


@pytest.mark.parametrize("oversize", ["padded", "sparse"])
def test_an_oversize_entry_is_ignored_and_replaced(cache, monkeypatch, oversize):
    drawn = render_chart(SHARE_CHANGE, formats=("png",))
    clear_caches()
    (path,) = (cache / "charts").iterdir()
    if oversize == "padded":  # sound JSON, its digest right, only too large
        payload = FileCache("charts").get(path.name) + b" " * filecache.MAX_ENTRY_BYTES
        path.write_bytes(filecache.HEADER + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    else:  # a gigabyte that is never read
        with path.open("r+b") as file:
            file.truncate(2**30)
    drawings = []
    draw = charts._draw
    monkeypatch.setattr(charts, "_draw", lambda *args: drawings.append(args[-1]) or draw(*args))
    assert render_chart(SHARE_CHANGE, formats=("png",)).png == drawn.png
    assert drawings == [("png",)]
    assert path.stat().st_size < filecache.MAX_ENTRY_BYTES


def test_an_entry_too_large_to_be_read_back_is_not_written(tmp_path):
    cache = FileCache("kind", tmp_path)
    cache.put(entry_name(0), b"x" * filecache.MAX_ENTRY_BYTES)
    cache.put(entry_name(1), b"x")
    assert sorted(os.listdir(tmp_path / "kind")) == [entry_name(1)]
    assert cache.get(entry_name(1)) == b"x"


def test_an_entry_without_its_digest_or_with_another_is_a_miss(tmp_path):
    cache = FileCache("kind", tmp_path)
    cache.put(entry_name(0), b"payload")
    path = tmp_path / "kind" / entry_name(0)
    sound = path.read_bytes()
    assert sound.startswith(filecache.HEADER) and cache.get(entry_name(0)) == b"payload"
    for damaged in (b"payload", sound.replace(b"payload", b"Payload"), sound[:-1], sound[:40]):
        path.write_bytes(damaged)
        assert cache.get(entry_name(0)) is None
