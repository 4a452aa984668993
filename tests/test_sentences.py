"""Sentences follow the data: rises and falls choose their words, nouns agree with 0, 1 and 2."""

from __future__ import annotations

import dataclasses
import datetime
import shutil

import pytest
import yaml

from briefgen.build import edition_for
from briefgen.config import load_config
from briefgen.document import dump
from briefgen.facts import load_store
from briefgen.narrative.assemble import assemble

NBSP = "\u00a0"


def _vr_text(tmp_path, repo, lang: str, **values) -> str:
    """The VR section's text after setting the latest value of each fact named in `values`."""
    facts = tmp_path / "facts"
    if not facts.exists():
        shutil.copytree(repo / "facts", facts)
    path = facts / "vr.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for fact in data["facts"]:
        key = fact["id"].rsplit(".", 1)[-1]
        if key in values:
            fact["observations"][-1]["value"] = values[key]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = dataclasses.replace(load_config(repo / "briefgen.toml"), sections=("vr",))
    edition = edition_for(datetime.date(2026, 11, 1), None)
    document = assemble(load_store(facts, as_of=edition.as_of), config, repo / "templates", lang, edition).document
    return dump(document)


@pytest.mark.parametrize("growth,fr,en", [
    (50, f"en hausse de 50{NBSP}% sur un an", "up 50% year on year"),
    (-3, f"en baisse de 3{NBSP}% sur un an", "down 3% year on year"),
    (0, "stable sur un an", "unchanged year on year"),
])
def test_growth_chooses_its_words(tmp_path, repo, growth, fr, en):
    assert fr in _vr_text(tmp_path, repo, "fr", industry_growth=growth)
    text = _vr_text(tmp_path, repo, "en", industry_growth=growth)
    assert en in text
    assert "-3" not in text and "−3" not in text


@pytest.mark.parametrize("lines,fr,en", [
    (0, f"0{NBSP}ligne de production", "0 production lines"),
    (1, f"1{NBSP}ligne de production", "one production line"),
    (2, "deux lignes de production", "two production lines"),
    (22, f"22{NBSP}lignes de production", "22 production lines"),
])
def test_nouns_agree_with_their_number(tmp_path, repo, lines, fr, en):
    assert fr in _vr_text(tmp_path, repo, "fr", production_lines=lines)
    assert en in _vr_text(tmp_path, repo, "en", production_lines=lines)
