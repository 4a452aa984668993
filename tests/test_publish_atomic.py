"""A month is published as a whole: whichever step of its publication fails, the folder holds one whole edition.

Each test builds a good edition, changes the facts, then runs a build that
replaces one of its files (the French DOCX) and the manifest, keeping the
other three, with the k-th filesystem change of its publication made to
fail, for every k in turn. After each failure the month's folder must hold
the previous edition byte for byte (a success, the new one whole), every
file matching the sha256 its manifest records; and the next build must
publish the new edition and leave nothing of the failed one behind.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

import briefgen.publication
import briefgen.publish
from briefgen.cli import main

MONTH = "2026-11"
REPLACED = {f"briefing-qingdao-{MONTH}-fr.docx", "manifest.json"}
# The filesystem changes publication may make; open counts when it writes.
OPERATIONS = ("open", "mkdir", "chmod", "link", "fsync", "rename", "replace", "unlink", "rmdir")


def run_build(project: Path, *extra: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(["build", "--period", MONTH, "--jobs", "1", "--facts", str(project / "facts"),
                     "--templates", str(project / "templates"), "--config", str(project / "briefgen.toml"),
                     "--out", str(project / "out"), *extra])
    return code, stderr.getvalue()


def edition(folder: Path) -> dict[str, bytes]:
    """The visible files of a month's folder (outputs and manifest) and their bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def whole(folder: Path, previous: dict[str, bytes]) -> str:
    """"previous" or "new": which whole edition `folder` holds; any mixture, or a file its manifest disowns, fails."""
    now = edition(folder)
    outputs = json.loads(now["manifest.json"])["outputs"]
    assert {name: hashlib.sha256(now[name]).hexdigest() for name in now if name != "manifest.json"} == {
        name: entry["sha256"] for name, entry in outputs.items()}
    assert now.keys() == previous.keys()
    if now == previous:
        return "previous"
    assert {name for name in now if now[name] != previous[name]} == REPLACED, "a mixture of two editions"
    return "new"


def leftovers(out: Path) -> list[str]:
    """What a run left besides the month's folder: only what briefgen names as its own."""
    return sorted(p.name for p in out.rglob(".*.tmp"))


class Faults:
    """Counts the filesystem changes made while publication holds the lock; makes the one numbered `fail_at` fail."""

    def __init__(self, monkeypatch, fail_at: int | None = None, fault: type[BaseException] = OSError):
        self.count, self.fail_at, self.fault, self.armed, self.seen = 0, fail_at, fault, False, []
        for name in OPERATIONS:
            original = builtins.open if name == "open" else getattr(os, name)
            target = builtins if name == "open" else os
            monkeypatch.setattr(target, name, self._wrap(name, original))
        monkeypatch.setattr(briefgen.publish, "_exchange", self._wrap("exchange", briefgen.publish._exchange))
        locked = briefgen.publication.locked

        @contextlib.contextmanager
        def armed(folder):
            self.armed = True
            try:
                with locked(folder):
                    yield
            finally:
                self.armed = False

        monkeypatch.setattr(briefgen.publication, "locked", armed)

    def _wrap(self, name, function):
        def operation(*args, **kwargs):
            mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
            if self.armed and (name != "open" or any(c in mode for c in "wxa+")):
                self.seen.append(name)
                self.count += 1
                if self.count - 1 == self.fail_at:
                    if self.fault is OSError:
                        raise OSError(errno.EIO, f"injected fault in {name}", str(args[0]))
                    raise self.fault()
            return function(*args, **kwargs)

        return operation


@pytest.fixture
def previous(project) -> tuple[Path, dict[str, bytes]]:
    """A project whose out/ holds a good edition, kept aside in pristine/; its facts then changed."""
    assert run_build(project) == (0, "")
    shutil.copytree(project / "out", project / "pristine")
    path = project / "facts" / "innovation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == "laoshan.unicorns")
    fact["label"] = {lang: f"{text} (revised)" for lang, text in fact["label"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    return project, edition(project / "out" / MONTH)


def restore(project: Path) -> None:
    shutil.rmtree(project / "out")
    shutil.copytree(project / "pristine", project / "out")


def every_fault(project: Path, previous: dict[str, bytes], monkeypatch, fault: type[BaseException],
                expected_codes: dict[str, int]) -> list[tuple[str, str]]:
    """Fail each step of publication in turn, checked as the module's docstring says; returns each step and
    the edition it left."""
    folder = project / "out" / MONTH
    with monkeypatch.context() as patch:
        count = Faults(patch)
        assert run_build(project, "--lang", "fr", "--format", "docx")[0] == 0
    assert whole(folder, previous) == "new" and leftovers(project / "out") == []
    outcomes = []
    for index, step in enumerate(count.seen):
        restore(project)
        with monkeypatch.context() as patch:
            Faults(patch, index, fault)
            code, err = run_build(project, "--lang", "fr", "--format", "docx")
        when = f"step {index} ({step}) of {count.seen}: exit {code} {err}"
        outcome = whole(folder, previous)
        assert code == expected_codes[outcome], when
        if code == 1:
            assert err.startswith("write: ") and "injected fault" in err and err.count("\n") == 1, when
        assert all(name.startswith(f".{MONTH}.briefgen-") for name in leftovers(project / "out")), when
        assert run_build(project, "--lang", "fr", "--format", "docx") == (0, ""), when
        assert whole(folder, previous) == "new", when
        assert leftovers(project / "out") == [] and (folder / ".briefgen.lock").is_file(), when
        outcomes.append((step, outcome))
    return outcomes


def test_each_failing_step_of_publication_leaves_one_whole_edition(previous, monkeypatch):
    project, before = previous
    outcomes = every_fault(project, before, monkeypatch, OSError, {"previous": 1, "new": 0})
    steps = [step for step, _ in outcomes]
    assert {"mkdir", "chmod", "link", "open", "fsync", "exchange", "unlink", "rmdir"} <= set(steps)
    assert steps.count("link") == 4  # the three files kept and the lock
    assert outcomes[steps.index("exchange") + 1][1] == "new"  # removing the previous edition comes after the switch


def test_an_interrupt_at_each_step_of_publication_leaves_one_whole_edition(previous, monkeypatch):
    project, before = previous
    outcomes = every_fault(project, before, monkeypatch, KeyboardInterrupt, {"previous": 130, "new": 130})
    assert {"previous", "new"} == {outcome for _, outcome in outcomes}


def test_without_an_atomic_exchange_each_failing_step_still_leaves_one_whole_edition(previous, monkeypatch):
    """Where the system cannot exchange two folders, the month's folder is moved aside and the new one moved in."""
    project, before = previous

    def cannot(first, second):
        raise OSError(errno.EINVAL, "not supported here", str(first))

    monkeypatch.setattr(briefgen.publish, "_exchange", cannot)
    outcomes = every_fault(project, before, monkeypatch, OSError, {"previous": 1, "new": 0})
    assert [outcome for step, outcome in outcomes if step == "rename"] == ["previous", "previous"]


def test_a_hard_link_refused_makes_a_copy(previous, monkeypatch):
    project, before = previous

    def refuse(source, target, **kwargs):
        raise OSError(errno.EPERM, "no hard links here", str(source))

    monkeypatch.setattr(os, "link", refuse)
    assert run_build(project, "--lang", "fr", "--format", "docx") == (0, "")
    assert whole(project / "out" / MONTH, before) == "new"
    assert leftovers(project / "out") == []


def test_files_of_the_folder_that_briefgen_did_not_make_are_kept(previous):
    project, before = previous
    folder = project / "out" / MONTH
    (folder / "notes.txt").write_text("read me", encoding="utf-8")
    (folder / "annexes").mkdir()
    (folder / "annexes" / "map.png").write_bytes(b"png")
    (project / "out" / f".{MONTH}.notes.tmp").write_text("mine", encoding="utf-8")  # not by briefgen's pattern
    assert run_build(project, "--lang", "fr", "--format", "docx") == (0, "")
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "read me"
    assert (folder / "annexes" / "map.png").read_bytes() == b"png"
    assert (project / "out" / f".{MONTH}.notes.tmp").read_text(encoding="utf-8") == "mine"
    assert {p.name for p in (project / "out").iterdir()} == {MONTH, f".{MONTH}.notes.tmp"}
