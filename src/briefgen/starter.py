"""`briefgen new`: write a small project that builds at once, for its author to make their own.

The starter's files ship with briefgen under `scaffold/`: a facts file with a
few sourced facts, a sample source, one section template per shipped
language (a sentence, a chart and a table), and a README for the user. The
settings file is written here, for the languages and title asked for. The
project is written into a temporary folder beside the target and renamed
into place, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib.resources import as_file, files
from pathlib import Path

from briefgen.config import NAME, SETTINGS_FILE
from briefgen.errors import UsageError, WriteError

SECTION = "overview"
# The starter's settings show these optional cover lines commented out, in
# each language written: what the document is, and how it may be passed on.
EXAMPLE_KIND = {"de": "Hintergrundpapier für einen Delegationsbesuch", "en": "Briefing note for a delegation visit",
                "fr": "Note d’information pour la préparation d’une visite de délégation"}
EXAMPLE_CLASSIFICATION = {"de": "Nur für den Dienstgebrauch", "en": "Restricted", "fr": "Diffusion restreinte"}


def starter_languages() -> tuple[str, ...]:
    """The languages the starter has a template for."""
    with as_file(files("briefgen") / "scaffold" / "templates") as folder:
        return tuple(sorted(p.name for p in Path(folder).iterdir() if (p / f"{SECTION}.md").is_file()))


def new_project(folder: Path, languages: tuple[str, ...], title: str | None = None) -> Path:
    """Write a starter project in `folder` (which must not exist, or be empty); returns its settings file."""
    available = starter_languages()
    unknown = [lang for lang in languages if lang not in available]
    if unknown or not languages:
        raise UsageError(f"--lang {','.join(unknown) or '(none given)'}: the starter is written in "
                         f"{', '.join(available)}; add other languages to the project afterwards "
                         "(see its README, \"Adding a language\")")
    if len(set(languages)) != len(languages):
        raise UsageError("--lang names a language twice")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder}: already exists and is not an empty folder; choose a new one")
    title = (title or folder.resolve().name.replace("-", " ").replace("_", " ").strip() or "Briefing").strip()
    if "\n" in title or len(title) > 200:
        raise UsageError("--title must be one line of at most 200 characters")
    parent = folder.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise WriteError(f"{folder}: cannot write here ({exc.strerror or exc})") from None
    try:
        _write(staging, languages, title, _briefing_id(folder))
        if folder.exists():
            folder.rmdir()  # empty, checked above
        os.rename(staging, folder)
    except OSError as exc:
        raise WriteError(f"{folder}: cannot write here ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder / SETTINGS_FILE


def _briefing_id(folder: Path) -> str:
    """An id for output names from the folder's name: "My Briefing" -> "my-briefing"."""
    words = "".join(c if c.isascii() and c.isalnum() else "-" for c in folder.resolve().name.lower())
    candidate = "-".join(part for part in words.split("-") if part)
    return candidate if NAME.fullmatch(candidate or "-") else "briefing"


def _write(root: Path, languages: tuple[str, ...], title: str, briefing_id: str) -> None:
    with as_file(files("briefgen") / "scaffold") as scaffold:
        scaffold = Path(scaffold)
        shutil.copytree(scaffold / "facts", root / "facts")
        for lang in languages:
            shutil.copytree(scaffold / "templates" / lang, root / "templates" / lang)
        shutil.copy(scaffold / "README.md", root / "README.md")
        key_figures = [line.strip() for line in (scaffold / "key_figures.txt").read_text(encoding="utf-8").splitlines()
                       if line.strip() and not line.startswith("#")]
    (root / SETTINGS_FILE).write_text(settings_text(briefing_id, languages, title, key_figures), encoding="utf-8")


def settings_text(briefing_id: str, languages: tuple[str, ...], title: str, key_figures: list[str]) -> str:
    """The starter's briefgen.toml, commented for its author."""
    quoted = _toml_string
    lines = [
        "# Settings of this briefing. Paths are relative to this file; see README.md.",
        "",
        "[briefing]",
        "# Names the output files: output/2026-11/<id>-2026-11-<lang>.pdf",
        f"id = {quoted(briefing_id)}",
        "# Languages of the editions; each has its own folder under templates/.",
        f"languages = [{', '.join(quoted(lang) for lang in languages)}]",
        "organisation = \"\"",
        "# Whom to ask about the briefing, on the cover (optional), for example:",
        "# contact = \"International relations — international@example.org\"",
        "# Sections in reading order; each is templates/<lang>/<section>.md.",
        f"sections = [{quoted(SECTION)}]",
        "# Facts shown in the key-figures panel, where a template calls {{ key_figures() }}.",
        f"key_figures = [{', '.join(quoted(k) for k in key_figures)}]",
        "# A figure published longer ago than this is marked as historical context.",
        "stale_after_months = 24",
        "page_size = \"A4\"",
        "",
        "[briefing.title]",
        *(f"{lang} = {quoted(title)}" for lang in languages),
        "",
        "[briefing.subtitle]",
        *(f"{lang} = \"\"" for lang in languages),
        "",
        "# What the document is, on the cover above the title (optional), for example:",
        "# [briefing.kind]",
        *(f"# {lang} = {quoted(EXAMPLE_KIND[lang])}" for lang in languages),
        "",
        "# How the document may be passed on, on the cover and at the top of every page (optional),",
        "# for example:",
        "# [briefing.classification]",
        *(f"# {lang} = {quoted(EXAMPLE_CLASSIFICATION[lang])}" for lang in languages),
        "",
        "[branding]",
        "primary_color = \"#1F3A5F\"",
        "accent_color = \"#C8102E\"",
        "# logo = \"logo.png\"",
        "",
    ]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    """`text` as a TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
