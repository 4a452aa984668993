"""TrueType fonts for the PDF writer: DejaVu Sans, plus a CJK fallback when installed.

Every glyph of a briefing is drawn with an embedded TrueType font, never the
unembedded built-in Helvetica: DejaVu Sans (shipped with matplotlib) covers
Latin text and French spacing (U+00A0, U+202F), « », €, ¥ and —. It has no
Chinese, so runs of characters it lacks switch to WenQuanYi Micro Hei when
that font is installed (Debian/Ubuntu package fonts-wqy-microhei). Without it
those characters stay in the text, searchable and copyable, and show as empty
boxes: the README asks for the font rather than the writer hiding the text.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefgen.filecache import file_identity

REGULAR = "Briefgen-Sans"
BOLD = "Briefgen-Sans-Bold"
ITALIC = "Briefgen-Sans-Oblique"
BOLD_ITALIC = "Briefgen-Sans-BoldOblique"
CJK = "Briefgen-CJK"

_DEJAVU_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
NO_BREAK_SPACES = ("\u00a0", "\u202f")  # no-break space, narrow no-break space


class _SpaceKeepingTTFont(TTFont):
    """A TrueType font in which no-break spaces stay unbreakable and stay in the text layer.

    reportlab breaks lines at U+202F, and writes U+00A0 into the PDF as a
    plain space, so "180 000 000" could split across lines and "86,55 %"
    would be copied out with an ordinary space. The writer sets private-use
    stand-ins instead: to reportlab they are ordinary characters, so no line
    ever breaks there; they are drawn with the real glyphs and widths; and
    the font's ToUnicode map names the real characters, so extracted or
    copied text holds U+00A0 and U+202F.
    """

    _real: dict = {}  # stand-in code point -> the no-break space it draws
    _stand_in_chars: frozenset = frozenset()

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        # reportlab shares one font object per face name: under the plain
        # "DejaVuSans", a registration made elsewhere first (svglib, charts)
        # would silently stand in for this one, without the stand-ins.
        self.face.name += b"-Briefgen"

    def keep_spaces(self, stand_ins: dict[int, int]) -> None:
        """Draw each stand-in code point (key) as the no-break space it replaces (value)."""
        face = self.face
        for stand_in, real in stand_ins.items():
            face.charToGlyph[stand_in] = face.charToGlyph[real]
            face.charWidths[stand_in] = face.charWidths[real]
        self._real = stand_ins
        self._stand_in_chars = frozenset(map(chr, stand_ins))

    def splitString(self, text, doc, encoding="utf-8"):
        chunks = super().splitString(text, doc, encoding)
        present = self._stand_in_chars.intersection(text)
        if present:
            # The subsets list the Unicode value of each code: it becomes the
            # ToUnicode map and selects the glyph embedded for that code. A
            # stand-in's entry is set to its real space once, when assigned.
            state = self._assignState(doc)
            for char in present:
                code = state.assignments[ord(char)]
                subset, index = state.subsets[code >> 8], code & 0xFF
                if index < len(subset) and subset[index] == ord(char):
                    subset[index] = self._real[ord(char)]
                elif not (index < len(subset) and subset[index] == self._real[ord(char)]):
                    self._replace_everywhere(state)  # laid out otherwise than expected: look at every entry
        return chunks

    def _replace_everywhere(self, state) -> None:
        for subset in state.subsets:
            for index, code in enumerate(subset):
                subset[index] = self._real.get(code, code)


@dataclass(frozen=True)
class FontSet:
    """The registered font names, and which characters the main font can draw.

    `fallback` is the registered CJK font name, or None when no CJK font is
    installed.
    """

    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallback: str | None
    _main_chars: frozenset
    _fallback_chars: frozenset
    _stand_ins: tuple  # (no-break space, its stand-in) pairs
    files: tuple = ()  # (path, size, modification time) of each font file: what the faces' metrics come from

    @property
    def identity(self) -> tuple:
        """What tells these fonts apart from others: names, stand-ins and font files (not the character sets)."""
        return (self.regular, self.bold, self.italic, self.bold_italic, self.fallback, self._stand_ins, self.files)

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The font name for a weight and slant."""
        return ((self.regular, self.italic), (self.bold, self.bold_italic))[bold][italic]

    def needs_fallback(self, char: str) -> bool:
        """True when `char` is missing from the main font and the fallback font has it."""
        code = ord(char)
        return code not in self._main_chars and code in self._fallback_chars

    def runs(self, text: str) -> list[tuple[str, bool]]:
        """`text` cut into (run, uses_fallback) pieces, in order."""
        if not (set(map(ord, text)) - self._main_chars) & self._fallback_chars:
            return [(text, False)] if text else []  # the usual case, found without a loop over the text
        pieces: list[tuple[str, bool]] = []
        for char in text:
            fallback = self.needs_fallback(char)
            if pieces and pieces[-1][1] == fallback:
                pieces[-1] = (pieces[-1][0] + char, fallback)
            else:
                pieces.append((char, fallback))
        return pieces

    def unbreakable(self, text: str) -> str:
        """`text` (set in the main font) with its no-break spaces swapped for their stand-ins."""
        for space, stand_in in self._stand_ins:
            text = text.replace(space, stand_in)
        return text


@functools.cache
def load_fonts(fallback: bool = True) -> FontSet:
    """Register the fonts with reportlab (once per process) and describe them.

    With `fallback` False the CJK font is left out: reading it costs a
    tenth of a second, which a briefing without Chinese need not pay.
    """
    faces, stand_ins = _main_faces()
    cjk = _cjk_face() if fallback else None
    return FontSet(
        regular=REGULAR,
        bold=BOLD,
        italic=ITALIC,
        bold_italic=BOLD_ITALIC,
        fallback=None if cjk is None else CJK,
        _main_chars=frozenset(faces[REGULAR].face.charToGlyph),
        _fallback_chars=frozenset() if cjk is None else frozenset(cjk.face.charToGlyph),
        _stand_ins=stand_ins,
        files=tuple(file_identity(face.face.filename) for face in (*faces.values(), *([cjk] if cjk else []))),
    )


def fonts_for(texts) -> FontSet:
    """The fonts for `texts`: the CJK fallback is loaded only when some character needs it."""
    plain = load_fonts(fallback=False)
    used = set(map(ord, set().union(*texts))) - {ord("\n"), ord("\r"), ord("\t")}
    return plain if used <= plain._main_chars else load_fonts()


@functools.cache
def _main_faces() -> tuple[dict[str, TTFont], tuple]:
    """The DejaVu faces, registered, and the (no-break space, stand-in) pairs they draw."""
    # matplotlib ships DejaVu Sans; its package folder is found without importing it.
    package = os.path.dirname(importlib.util.find_spec("matplotlib").origin)
    folder = os.path.join(package, "mpl-data", "fonts", "ttf")
    faces = {name: _SpaceKeepingTTFont(name, os.path.join(folder, file)) for name, file in _DEJAVU_FILES.items()}
    codes = _free_private_codes(faces.values(), len(NO_BREAK_SPACES))
    stand_ins = tuple(zip(NO_BREAK_SPACES, map(chr, codes)))  # (no-break space, stand-in)
    for face in faces.values():
        face.keep_spaces({ord(stand_in): ord(space) for space, stand_in in stand_ins})
        pdfmetrics.registerFont(face)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return faces, stand_ins


@functools.cache
def _cjk_face() -> TTFont | None:
    """The CJK fallback face, registered, or None when no CJK font is installed."""
    path = next((p for p in CJK_FONT_FILES if os.path.exists(p)), None)
    if path is None:
        return None
    face = TTFont(CJK, path, subfontIndex=0)
    pdfmetrics.registerFont(face)
    # The CJK font has no bold or italic: <b> and <i> around Chinese text
    # keep this face instead of failing to find a variant.
    pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
    return face


def _free_private_codes(fonts, count: int) -> list[int]:
    """The first `count` private-use code points that none of `fonts` maps to a glyph."""
    taken = set().union(*(font.face.charToGlyph for font in fonts))
    return [code for code in range(0xE000, 0xF900) if code not in taken][:count]
