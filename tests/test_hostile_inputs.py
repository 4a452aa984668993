"""Inputs that passed validation but spoilt the layout or reordered the text are refused with a located line."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.config import LOGO_MAX_BYTES, load_config
from briefgen.errors import ConfigError, FactsError
from briefgen.facts import load_store
from briefgen.facts.topics import LABEL_LIMIT

MINI = Path(__file__).resolve().parent / "roots" / "facts-mini"
LABEL = 'label: {fr: "superficie du parc de la robotique", en: "area of the robotics park"}'


@pytest.fixture
def mini(tmp_path) -> Path:
    """A copy of the small test store, named facts so that messages read facts/<file>."""
    shutil.copytree(MINI, tmp_path / "facts")
    return tmp_path / "facts"


def label_problems(store: Path, english: str) -> list[str]:
    """The problems of the store once the English label of its first fact reads `english`."""
    path = store / "park.yaml"
    text = path.read_text(encoding="utf-8")
    assert LABEL in text
    path.write_text(text.replace(LABEL, LABEL.replace("area of the robotics park", english)), encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_store(store, languages=("fr", "en"))
    return list(info.value.problems or (info.value.message,))


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                     "\u2069"])
def test_a_bidirectional_control_in_facts_text_is_refused_where_it_is(mini, control):
    problems = label_problems(mini, f"area of the {control}krap scitobor")
    line = next(n for n, text in enumerate((mini / "park.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if "en: " in text and control in text)
    assert problems == [f'facts/park.yaml:{line}: fact laoshan.robotics_park_area: label.en "area of the '
                        f'\\u{ord(control):04x}krap scitobor" holds U+{ord(control):04X}, an invisible bidirectional '
                        "control that would show the text after it in another order; delete it"]


def test_right_to_left_text_itself_is_kept(mini):
    """Only the invisible controls are refused: Arabic or Hebrew letters order themselves."""
    path = mini / "park.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("area of the robotics park", "area (مساحة)"),
                    encoding="utf-8")
    assert load_store(mini, languages=("fr", "en")).fact("laoshan.robotics_park_area").label["en"] == "area (مساحة)"


def test_a_label_over_the_limit_is_refused_where_it_is(mini):
    problems = label_problems(mini, "W" * (LABEL_LIMIT + 1))
    assert len(problems) == 1 and problems[0].startswith("facts/park.yaml:")
    assert problems[0].endswith(f"label.en is {LABEL_LIMIT + 1} characters long; at most {LABEL_LIMIT}")


@pytest.mark.parametrize("lang", ["fr", "en", "de"])
def test_the_longest_label_leaves_every_table_column_its_padding(lang):
    """The PDF writer's own column rule, with a label of LABEL_LIMIT of the widest letter, beside the longest
    period and the narrowest value and headers a shipped language writes."""
    from briefgen.locale import translations
    from briefgen.writers.pdf import CELL_PADDING, _column_widths
    from briefgen.writers.pdf_fonts import load_fonts
    from briefgen.writers.pdf_template import FRAME_WIDTH

    ui = translations(lang)
    header = (ui.gettext("Indicator"), ui.gettext("Value"), ui.gettext("Period"))
    for value, period in (("5", "2024-11-18/2024-12-31"), ("999\u202f999\u202f999\u202f999\u202f999,999999", "2024")):
        widths = _column_widths([header, ("W" * LABEL_LIMIT, value, period)], load_fonts(), 8.8, FRAME_WIDTH)
        assert min(widths) > 2 * CELL_PADDING, (value, period, widths)


def test_a_briefing_whose_tabled_labels_are_as_long_as_allowed_builds(tmp_path):
    """The German and English example, every label LABEL_LIMIT characters of one unbroken word."""
    import yaml

    project = tmp_path / "fraunhofer"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "fraunhofer", project)
    for path in (project / "facts").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "facts" in data:
            for fact in data["facts"]:
                fact["label"] = {lang: "W" * LABEL_LIMIT for lang in fact["label"]}
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    assert main(["build", "--project", str(project), "--period", "2026-11", "--format", "pdf", "--jobs", "1"]) == 0
    assert sorted(p.name for p in (project / "output" / "2026-11").glob("*.pdf")) == [
        "fraunhofer-briefing-2026-11-de.pdf", "fraunhofer-briefing-2026-11-en.pdf"]


def png(width: int, height: int) -> bytes:
    """A whole PNG of `width` x `height` pixels whose image data is left empty: only its header is meant to be read."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


def jpeg(width: int, height: int) -> bytes:
    """A JPEG's markers up to its start-of-frame header, then its end: only the header is meant to be read."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def real_logo(kind: str) -> bytes:
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (300, 100), (200, 30, 40)).save(stream, format=kind)
    return stream.getvalue()


def settings_with_logo(project: Path, content: bytes, name: str = "logo.img") -> Path:
    (project / name).write_bytes(content)
    settings = project / "briefgen.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("[branding]", f'[branding]\nlogo = "{name}"', 1), encoding="utf-8")
    return settings


@pytest.mark.parametrize(("content", "problem"), [
    (b"not an image", "is not a PNG or JPEG image"),
    (b"GIF89a" + b"\x00" * 40, "is not a PNG or JPEG image"),
    (png(300, 100)[:-12], "is not a whole PNG image"),
    (png(0, 100), "is not a whole PNG image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "is not a whole PNG image"),
    (jpeg(300, 100)[:-2], "is not a whole JPEG image"),
    (b"\xff\xd8\xff\xda\x00\x02\xff\xd9", "is not a whole JPEG image"),
    (png(13000, 13000), "is 13000 x 13000 pixels; a logo has at most 8,000,000 pixels"),
    (jpeg(4000, 2001), "is 4000 x 2001 pixels; a logo has at most 8,000,000 pixels"),
    (png(300, 100)[:-12] + b"\x00" * LOGO_MAX_BYTES + png(1, 1)[-12:], f"a logo file has at most {LOGO_MAX_BYTES:,}"),
], ids=["text", "gif", "cut short", "no width", "no header", "jpeg cut short", "jpeg without a frame",
        "13000 squared", "jpeg of 8 megapixels", "too large a file"])
def test_a_logo_that_is_not_a_bounded_png_or_jpeg_is_a_located_config_error(project, content, problem):
    settings = settings_with_logo(project, content)
    with pytest.raises(ConfigError) as refused:
        load_config(settings)
    assert refused.value.message.startswith(f"{settings}: logo 'logo.img' ")
    assert problem in refused.value.message and "\n" not in refused.value.message


def test_a_huge_logo_is_refused_before_anything_decodes_it(project, capsys):
    settings_with_logo(project, png(13000, 13000))
    assert main(["build", "--project", str(project), "--period", "2026-11", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("config: ") and err.count("\n") == 1 and "13000 x 13000 pixels" in err


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_png_or_jpeg_logo_is_printed_in_both_formats(project, kind):
    settings_with_logo(project, real_logo(kind))
    assert main(["build", "--project", str(project), "--period", "2026-11", "--lang", "en", "--jobs", "1"]) == 0
    folder = project / "output" / "2026-11"
    with zipfile.ZipFile(folder / "briefing-qingdao-2026-11-en.docx") as package:
        assert any(name.startswith("word/media/") for name in package.namelist())
    assert (folder / "briefing-qingdao-2026-11-en.pdf").read_bytes().count(b"/Subtype /Image") >= 1


def test_a_briefing_table_that_is_not_a_table_is_a_located_config_error(project):
    settings = project / "briefgen.toml"
    settings.write_text("briefing = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(settings)
    assert f"{settings}: [briefing] must be a table" in refused.value.problems


@pytest.mark.parametrize(("text", "code"), [
    ("robotics park 🚀", "U+1F680 (🚀)"),
    ("robotics park 🇫🇷", "U+1F1EB (🇫)"),
    ("robotics park 1\ufe0f\u20e3", "U+FE0F"),
    ("robotics park \U0001f3f4\U000e0067\U000e0062\U000e007f", "U+1F3F4 (\U0001f3f4)"),
    ("robotics park 𝄞", "U+1D11E (𝄞)"),
])
def test_an_emoji_in_facts_text_is_refused_where_it_is(mini, text, code):
    problems = label_problems(mini, text)
    assert len(problems) == 1 and problems[0].startswith("facts/park.yaml:")
    assert f"holds {code}, an emoji or pictograph the briefing's fonts do not draw" in problems[0]


def test_symbols_the_fonts_draw_are_kept(mini):
    """Signs of the BMP that DejaVu Sans draws (and Chinese, drawn with the CJK font) stay allowed."""
    text = "park ☀ ★ → € « » — ‰ 青岛"
    path = mini / "park.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("area of the robotics park", text), encoding="utf-8")
    assert load_store(mini, languages=("fr", "en")).fact("laoshan.robotics_park_area").label["en"] == text
