"""Where each language's data files are: the package's languages/ folder, then a project's locale/ folder."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

STYLE = "style.toml"
MESSAGES = "messages.po"

_SHIPPED = files("briefgen.locale") / "languages"


@lru_cache(maxsize=None)
def shipped_languages() -> tuple[str, ...]:
    """The languages briefgen ships a house style for, sorted: ("de", "en", "fr")."""
    return tuple(sorted(entry.name for entry in _SHIPPED.iterdir() if (entry / STYLE).is_file()))


def data_files(lang: str, locale_dir: Path | None, name: str) -> list[Traversable]:
    """The existing files called `name` for `lang`: the shipped one first, then the project's.

    The project's file is read after the shipped one so that its entries win.
    """
    candidates = [_SHIPPED / lang / name] if lang in shipped_languages() else []
    if locale_dir is not None:
        candidates.append(locale_dir / lang / name)
    return [candidate for candidate in candidates if candidate.is_file()]
