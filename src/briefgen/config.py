"""Read and validate a project's settings file (briefgen.toml) into a frozen `Config`.

The settings say what the briefing is (its id, title, subtitle, kind,
classification and keywords per language, its languages and sections in
order, its key figures), who publishes it (organisation, contact, colours,
logo) and how it is printed (page size, the age from which a figure is
historical). Every problem is reported
at once, naming the file and key; a file with a problem is never replaced
by defaults.
"""

from __future__ import annotations

import re
import struct
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from briefgen.errors import ConfigError, collect
from briefgen.vocabulary import LANGUAGE_CODE

SETTINGS_FILE = "briefgen.toml"
MAX_STALE_MONTHS = 1200  # a century: older than that, nothing in a briefing is current
PAGE_SIZES = ("A4", "letter")
NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
"""Briefing ids and section names: lower-case letters, digits, "-" and "_" (they name files)."""
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
TEXT_LIMIT = 200  # title, subtitle, kind, organisation, contact, keyword: a cover line, not a paragraph
CLASSIFICATION_LIMIT = 80  # a marking such as "Diffusion restreinte", set in capitals on the cover
# The logo is printed at most 6 x 2.2 cm, 1,400 x 520 pixels at 600 dpi. Each writer decodes it whole, at
# about 9 bytes a pixel: a build of one language took 0.77 s and 122 MB with a small logo, 1.04 s and 199 MB
# with 8 megapixels, 1.45 s and 277 MB with 16 (over the 250 MiB a build may use), 22 s and 1.7 GB with 169.
LOGO_MAX_PIXELS = 8_000_000
LOGO_MAX_BYTES = 10 * 1024 * 1024  # an 8-megapixel JPEG of the highest quality takes about 5 MB
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the IEND chunk that closes every whole PNG
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # start-of-frame markers: they give the size

_BRIEFING_KEYS = {"id", "languages", "title", "subtitle", "kind", "classification", "keywords", "organisation",
                  "contact", "sections", "key_figures", "stale_after_months", "page_size"}
_BRANDING_KEYS = {"primary_color", "accent_color", "logo"}
_REQUIRED = ("id", "languages", "title", "sections")


@dataclass(frozen=True)
class Config:
    """A project's settings; `logo` is None when no logo is configured.

    `title`, `subtitle`, `kind`, `classification` and `keywords` map each
    language to its text (an absent subtitle, kind or classification is "");
    `kind` says what the document is ("Briefing note for a delegation
    visit"), `classification` how it may be passed on ("Restricted"), and
    `contact` whom to ask about it.
    """

    id: str
    languages: tuple[str, ...]
    title: Mapping[str, str]
    subtitle: Mapping[str, str]
    kind: Mapping[str, str]
    classification: Mapping[str, str]
    keywords: Mapping[str, tuple[str, ...]]
    organisation: str
    contact: str
    sections: tuple[str, ...]
    key_figures: tuple[str, ...]
    stale_after_months: int
    page_size: str
    primary_color: str
    accent_color: str
    logo: Path | None
    path: Path


def load_config(path: Path) -> Config:
    """The settings in `path`; a ConfigError lists every problem, each naming the file and key."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{where}: file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{where}: is a folder, not a settings file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: TOML does not parse: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    problems: list[str] = []
    briefing = _table(data, "briefing", where, problems)
    branding = _table(data, "branding", where, problems)
    for key in sorted(set(data) - {"briefing", "branding"}):
        problems.append(f"{where}: unknown table [{key}]; known: [briefing], [branding]")
    for table, keys, name in ((briefing, _BRIEFING_KEYS, "briefing"), (branding, _BRANDING_KEYS, "branding")):
        for key in sorted(set(table) - keys):
            problems.append(f"{where}: unknown key {key!r} in [{name}]; known: {', '.join(sorted(keys))}")
    for key in _REQUIRED:
        if key not in briefing:
            problems.append(f"{where}: [briefing] {key} is missing")

    briefing_id = briefing.get("id", "")
    if "id" in briefing and (not isinstance(briefing_id, str) or not NAME.fullmatch(briefing_id)):
        problems.append(f"{where}: id must be lower-case letters, digits, \"-\" or \"_\" (it names the files), "
                        f"not {briefing_id!r}")
    languages = _names(briefing, "languages", LANGUAGE_CODE, where, problems, "language codes like \"fr\" or \"de\"")
    sections = _names(briefing, "sections", NAME, where, problems, "section names (lower-case letters, digits, - _)")
    key_figures = _texts(briefing, "key_figures", where, problems)
    if len(set(key_figures)) != len(key_figures):
        problems.append(f"{where}: key_figures names a fact twice")
    title = _per_language(briefing, "title", languages, where, problems, required=True)
    subtitle = _per_language(briefing, "subtitle", languages, where, problems, required=False)
    kind = _per_language(briefing, "kind", languages, where, problems, required=False)
    classification = _per_language(briefing, "classification", languages, where, problems, required=False,
                                   limit=CLASSIFICATION_LIMIT)
    keywords = _keywords(briefing, languages, where, problems)
    organisation = _line(briefing, "organisation", where, problems)
    contact = _line(briefing, "contact", where, problems)
    stale = briefing.get("stale_after_months", 24)
    if not isinstance(stale, int) or isinstance(stale, bool) or not 1 <= stale <= MAX_STALE_MONTHS:
        problems.append(f"{where}: stale_after_months must be a whole number of months from 1 to {MAX_STALE_MONTHS}")
    page_size = briefing.get("page_size", "A4")
    if page_size not in PAGE_SIZES:
        problems.append(f"{where}: page_size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    colors = {}
    for key, default in (("primary_color", "#1F3A5F"), ("accent_color", "#C8102E")):
        colors[key] = branding.get(key, default)
        if not isinstance(colors[key], str) or not _COLOR.match(colors[key]):
            problems.append(f"{where}: {key} must be a colour like \"#1F3A5F\"")
    logo = None
    if branding.get("logo"):
        if not isinstance(branding["logo"], str):
            problems.append(f"{where}: logo must be the path of an image file")
        else:
            logo = path.parent / branding["logo"]
            problem = logo_problem(logo)
            if problem is not None:
                problems.append(f"{where}: logo {branding['logo']!r} {problem}")
    collect(problems, ConfigError, where)
    return Config(
        id=briefing_id,
        languages=languages,
        title=title,
        subtitle=subtitle,
        kind=kind,
        classification=classification,
        keywords=keywords,
        organisation=organisation,
        contact=contact,
        sections=sections,
        key_figures=key_figures,
        stale_after_months=stale,
        page_size=page_size,
        primary_color=colors["primary_color"],
        accent_color=colors["accent_color"],
        logo=logo,
        path=path,
    )


def logo_problem(path: Path) -> str | None:
    """Why the file at `path` cannot be the logo, or None: a whole PNG or JPEG image of bounded size.

    Only the file's size and its header are read (the PNG IHDR chunk, the
    JPEG start-of-frame segment), so a huge image is refused before anything
    decodes it.
    """
    try:
        if not path.is_file():
            return "not found (or not a file)"
        size = path.stat().st_size
        if size > LOGO_MAX_BYTES:
            return f"is {size:,} bytes; a logo file has at most {LOGO_MAX_BYTES:,}"
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if data.startswith(_PNG_SIGNATURE):
        dimensions = _png_size(data)
        kind = "PNG"
    elif data.startswith(b"\xff\xd8"):
        dimensions = _jpeg_size(data)
        kind = "JPEG"
    else:
        return "is not a PNG or JPEG image"
    if dimensions is None or 0 in dimensions:
        return f"is not a whole {kind} image"
    width, height = dimensions
    if width * height > LOGO_MAX_PIXELS:
        return (f"is {width} x {height} pixels; a logo has at most {LOGO_MAX_PIXELS:,} pixels "
                "(it is printed at most 6 cm wide)")
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk, which must come first; None unless the file ends as a PNG does."""
    if len(data) < 33 or data[8:16] != b"\x00\x00\x00\x0dIHDR" or not data.endswith(_PNG_END):
        return None
    return struct.unpack(">II", data[16:24])


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's start-of-frame segment, found by walking the segments before it."""
    if not data.endswith(b"\xff\xd9"):
        return None
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
        elif marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        elif marker in (0xD9, 0xDA):  # the end, or the image data, before any frame header
            return None
        elif marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            at += 2
        else:
            at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return None


def _table(data: dict, name: str, where: str, problems: list[str]) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        problems.append(f"{where}: [{name}] must be a table")
        return {}
    return table


def _line(table: dict, key: str, where: str, problems: list[str]) -> str:
    """An optional text of one line, at most TEXT_LIMIT characters ("" when absent)."""
    value = table.get(key, "")
    if not isinstance(value, str) or len(value) > TEXT_LIMIT or any(c in value for c in "\r\n"):
        problems.append(f"{where}: {key} must be one line of text of at most {TEXT_LIMIT} characters")
        return ""
    return value


def _texts(table: dict, key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    values = table.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        problems.append(f"{where}: {key} must be a list of non-empty texts")
        return ()
    return tuple(values)


def _names(table: dict, key: str, pattern: re.Pattern, where: str, problems: list[str], what: str) -> tuple[str, ...]:
    """A required, non-empty list of distinct names matching `pattern`."""
    if key not in table:
        return ()
    values = _texts(table, key, where, problems)
    if key in table and isinstance(table[key], list) and not table[key]:
        problems.append(f"{where}: {key} is empty; list at least one")
    for value in values:
        if not pattern.fullmatch(value):
            problems.append(f"{where}: {key}: {value!r} is not one of {what}")
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        problems.append(f"{where}: {key} lists {', '.join(repeated)} more than once")
    return values


def _per_language(table: dict, key: str, languages: tuple[str, ...], where: str, problems: list[str],
                  required: bool, limit: int = TEXT_LIMIT) -> Mapping[str, str]:
    """A text of at most `limit` characters per language, from a table `[briefing.<key>]` with one entry each."""
    values = table.get(key, {})
    if not isinstance(values, dict):
        problems.append(f"{where}: {key} must be a table of texts per language ([briefing.{key}] with "
                        f"{' and '.join(f'{lang} = …' for lang in languages) or 'one line per language'})")
        return MappingProxyType({})
    texts = {}
    for lang in languages:
        text = values.get(lang, None)
        if not required and (text is None or text == ""):
            texts[lang] = ""
        elif not isinstance(text, str) or not text.strip() or len(text) > limit:
            state = "is missing" if text is None else f"must be text of 1 to {limit} characters"
            problems.append(f"{where}: [briefing.{key}] {lang} {state}")
        else:
            texts[lang] = text
    for lang in sorted(set(values) - set(languages)):
        problems.append(f"{where}: [briefing.{key}] {lang}: {lang!r} is not one of the briefing's languages")
    return MappingProxyType(texts)


def _keywords(table: dict, languages: tuple[str, ...], where: str, problems: list[str]) -> Mapping[str, tuple]:
    values = table.get("keywords", {})
    if not isinstance(values, dict):
        problems.append(f"{where}: keywords must be a table of lists per language ([briefing.keywords])")
        return MappingProxyType({})
    result = {}
    for lang in languages:
        words = values.get(lang, [])
        if not isinstance(words, list) or not all(isinstance(w, str) and 0 < len(w) <= TEXT_LIMIT for w in words):
            problems.append(f"{where}: [briefing.keywords] {lang} must be a list of short texts")
            words = []
        result[lang] = tuple(words)
    for lang in sorted(set(values) - set(languages)):
        problems.append(f"{where}: [briefing.keywords] {lang}: {lang!r} is not one of the briefing's languages")
    return MappingProxyType(result)
