"""Chinese in a label: the briefing builds and the PDF carries the characters as text, in an embedded CJK font."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from briefgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
MONTH = "2026-11"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PLACES = "青岛 崂山"

pytestmark = pytest.mark.skipif(not CJK_FONT.is_file(),
                                reason=f"{CJK_FONT} is missing: apt-get install fonts-wqy-microhei")


def build_with_label(tmp_path: Path, topic: str, fact_id: str) -> tuple[int, str, Path]:
    """Build both languages with `fact_id` labelled "<PLACES> …"; exit code, stderr and the month folder."""
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    path = tmp_path / "facts" / f"{topic}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["id"] == fact_id)
    fact["label"] = {lang: f"{PLACES} {text}" for lang, text in fact["label"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(["build", "--period", MONTH, "--jobs", "1", "--facts", str(tmp_path / "facts"),
                     "--templates", str(ROOT / "templates"), "--config", str(ROOT / "briefgen.toml"),
                     "--out", str(tmp_path / "out")])
    return code, stderr.getvalue(), tmp_path / "out" / MONTH


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        names.update(str(font.get_object()["/BaseFont"]) for font in fonts.values())
    return names


@pytest.fixture(scope="module")
def built_with_places(tmp_path_factory) -> Path:
    """The briefing with laoshan.unicorns (shown in a table) labelled with Chinese place names."""
    code, err, folder = build_with_label(tmp_path_factory.mktemp("cjk"), "innovation", "laoshan.unicorns")
    assert code == 0, err
    return folder


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_chinese_in_a_label_is_text_in_the_pdf(built_with_places, lang):
    reader = PdfReader(str(built_with_places / f"briefing-qingdao-{MONTH}-{lang}.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert PLACES in text
    assert any("WenQuanYi" in name for name in font_names(reader))  # drawn with the CJK font, not empty boxes


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_chinese_in_a_label_is_in_the_docx(built_with_places, lang):
    document = docx.Document(str(built_with_places / f"briefing-qingdao-{MONTH}-{lang}.docx"))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(cell.startswith(PLACES) for cell in cells)


def docx_text(document) -> list[str]:
    """The text of the DOCX's paragraphs and table cells (charts are pictures there)."""
    return [p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells]


@pytest.fixture(scope="module")
def built_with_charted_places(tmp_path_factory) -> Path:
    """The briefing with a fact shown only in a bar chart labelled in Chinese."""
    code, err, folder = build_with_label(tmp_path_factory.mktemp("cjk-chart"), "green",
                                         "qingdao.green.green_manufacturing_companies")
    assert code == 0, err
    return folder


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_chinese_in_the_label_of_a_charted_fact_is_text_of_the_pdf_chart(built_with_charted_places, lang):
    document = docx.Document(str(built_with_charted_places / f"briefing-qingdao-{MONTH}-{lang}.docx"))
    in_docx_text = sum(text.count("崂山") for text in docx_text(document))
    reader = PdfReader(str(built_with_charted_places / f"briefing-qingdao-{MONTH}-{lang}.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # The PDF holds the label once more than the DOCX's text: in the chart, drawn as text, not as a picture
    # (where a long label may be wrapped, so the two names are counted one by one).
    assert text.count("崂山") == in_docx_text + 1
    assert any("WenQuanYi" in name for name in font_names(reader))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_chinese_in_the_label_of_a_charted_fact_builds_the_docx_with_its_charts(built_with_charted_places,
                                                                                built_with_places, lang):
    name = f"briefing-qingdao-{MONTH}-{lang}.docx"
    document = docx.Document(str(built_with_charted_places / name))
    # As many pictures as a briefing whose charts hold no Chinese: the chart with Chinese is there too.
    assert len(document.inline_shapes) == len(docx.Document(str(built_with_places / name)).inline_shapes)


def test_a_chart_label_mixing_chinese_and_latin_keeps_each_run_in_its_font():
    """As matplotlib drew it: Chinese in the CJK font, the rest in DejaVu Sans, the runs side by side."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from svglib.svglib import svg2rlg

    from briefgen.charts import BarChart, render_chart
    from briefgen.writers.pdf_figures import _vector
    from briefgen.writers.pdf_svg import font_map
    from briefgen.writers.pdf_fonts import load_fonts

    def strings(node) -> list[String]:
        found = []
        for child in getattr(node, "contents", ()):
            found += [child] if isinstance(child, String) else strings(child)
        return found

    fonts = load_fonts()
    image = render_chart(BarChart((f"{PLACES} park",), (1.0,), ("1",), "u", str, orientation="horizontal"))
    (anchored,) = [s for s in strings(svg2rlg(io.BytesIO(image.svg), font_map=font_map(fonts))) if "青" in s.text]
    assert anchored.textAnchor == "end"  # a name left of its bar, flush right
    drawn = strings(_vector(image.svg, fonts))
    first = next(i for i, s in enumerate(drawn) if s.text == "青岛")
    label = drawn[first:first + 4]
    assert [(s.text, s.fontName, s.textAnchor) for s in label] == [
        ("青岛", fonts.fallback, "start"), (" ", fonts.regular, "start"),
        ("崂山", fonts.fallback, "start"), (" park", fonts.regular, "start")]
    ends = [s.x + stringWidth(s.text, s.fontName, s.fontSize) for s in label]
    assert [s.x for s in label[1:]] == pytest.approx(ends[:-1])
    assert ends[-1] == pytest.approx(anchored.x)
