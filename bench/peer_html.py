"""A second common pipeline, for comparison: Jinja2 HTML printed by WeasyPrint, and the DOCX by python-docx.

`--prepare` turns briefgen's own DOCX of a month into the two templates such
a pipeline keeps: an HTML page (Jinja2) holding the briefing's headings,
paragraphs, tables and charts, and the DOCX itself; both end with the list of
every figure, filled from the facts. A run then does what the pipeline does
each month: read the facts with PyYAML, render the HTML and have WeasyPrint
write the PDF, and add the figures to the DOCX with python-docx. Needs
WeasyPrint (`pip install briefgen[bench]`, and Pango from the system);
bench/run.py runs it when it imports.

    python bench/peer_html.py --prepare briefing-fr.docx --template /tmp/peer-html
    python bench/peer_html.py --template /tmp/peer-html --facts facts --out /tmp/peer-html-out
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from peer import command_line, figures

_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm; @bottom-right {{ content: counter(page); }} }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; }}
h1, h2, h3 {{ color: #1f3a5f; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ border-bottom: 0.5pt solid #999; padding: 2pt 4pt; }}
img {{ width: 15cm; }}
</style></head><body>
{body}
{{% for figure in figures %}}<p>{{{{ figure.label }}}}: {{{{ figure.value }}}} {{{{ figure.unit }}}} ({{{{ figure.period }}}})</p>
{{% endfor %}}
</body></html>
"""


def prepare(briefing: Path, folder: Path) -> None:
    """Write folder/briefing.html.j2 (the briefing as HTML, then a loop over the figures) and folder/briefing.docx."""
    import docx

    document = docx.Document(str(briefing))
    body = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(block, document)
            for blip in block.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"):
                part = document.part.related_parts[blip.get(docx.oxml.ns.qn("r:embed"))]
                body.append(f'<img src="data:{part.content_type};base64,{base64.b64encode(part.blob).decode()}">')
            if paragraph.text.strip():
                style = paragraph.style.name if paragraph.style is not None else ""
                element = f"h{style[-1]}" if style.startswith("Heading") and style[-1:].isdigit() else "p"
                body.append(f"<{element}>{html.escape(paragraph.text)}</{element}>")
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            rows = ("<tr>" + "".join(f"<td>{html.escape(cell.text)}</td>" for cell in row.cells) + "</tr>"
                    for row in table.rows)
            body.append("<table>" + "".join(rows) + "</table>")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "briefing.html.j2").write_text(_PAGE.format(body="\n".join(body)), encoding="utf-8")
    document.save(str(folder / "briefing.docx"))


def render(folder: Path, facts: Path, out: Path) -> None:
    """Fill the templates of `folder` from `facts`: out/briefing.pdf by WeasyPrint, out/briefing.docx by python-docx."""
    import docx
    import jinja2
    import weasyprint

    out.mkdir(parents=True)
    shown = figures(facts)
    page = jinja2.Template((folder / "briefing.html.j2").read_text(encoding="utf-8"), autoescape=True)
    weasyprint.HTML(string=page.render(figures=shown)).write_pdf(str(out / "briefing.pdf"))
    document = docx.Document(str(folder / "briefing.docx"))
    for figure in shown:
        document.add_paragraph(f"{figure['label']}: {figure['value']} {figure['unit']} ({figure['period']})")
    document.save(str(out / "briefing.docx"))


if __name__ == "__main__":
    command_line(__doc__.splitlines()[0], prepare, render, "folder of the templates")
