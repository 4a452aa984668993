"""The same briefing made the common way, for comparison: a Word template filled by docxtpl, then LibreOffice's PDF.

`--prepare` turns briefgen's own DOCX of a month into a docxtpl template (the
same look and length) that ends with the list of every figure, filled from
the facts; a run then does what such a pipeline does each month: read the
facts with PyYAML, fill the template, save the DOCX, and have LibreOffice
write the PDF, in a profile of its own (as `briefgen build --pdf-engine
libreoffice` does). Needs docxtpl (`pip install briefgen[bench]`) and
LibreOffice's `soffice` on the PATH; bench/run.py runs it when both are there.

    python bench/peer.py --prepare briefing-fr.docx --template /tmp/peer.docx
    python bench/peer.py --template /tmp/peer.docx --facts facts --out /tmp/peer-out
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

_NOT_TOPICS = ("sources.yaml", "names.yaml", "rates.yaml")


def prepare(briefing: Path, template: Path) -> None:
    """Write `template`: the DOCX `briefing` followed by a docxtpl loop over the figures."""
    import docx

    document = docx.Document(str(briefing))
    document.add_paragraph("{%p for figure in figures %}")
    document.add_paragraph("{{ figure.label }}: {{ figure.value }} {{ figure.unit }} ({{ figure.period }})")
    document.add_paragraph("{%p endfor %}")
    document.save(str(template))


def figures(facts: Path) -> list[dict]:
    """The latest observation of every fact, as a template would show it."""
    import yaml

    shown = []
    for path in sorted(facts.glob("*.yaml")):
        if path.name in _NOT_TOPICS:
            continue
        for fact in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["facts"]:
            latest = max(fact["observations"], key=lambda o: str(o["period"]))
            shown.append({"label": fact["label"]["fr"], "value": latest["value"], "unit": fact["unit"],
                          "period": latest["period"]})
    return shown


def render(template: Path, facts: Path, out: Path) -> None:
    """Fill `template` from `facts` into out/briefing.docx, and have LibreOffice write out/briefing.pdf."""
    from docxtpl import DocxTemplate

    out.mkdir(parents=True)
    document = DocxTemplate(str(template))
    document.render({"figures": figures(facts)})
    document.save(str(out / "briefing.docx"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation={(out / 'profile').resolve().as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(out), str(out / "briefing.docx")],
                   check=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=300)
    if not (out / "briefing.pdf").exists():
        raise SystemExit("LibreOffice wrote no PDF")


def command_line(description: str, prepare, render, template: str) -> None:
    """The command line both peers share: `--prepare DOCX --template T`, or `--template T --facts F --out O`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--prepare", type=Path, metavar="DOCX", help=f"make the {template} from this briefing")
    parser.add_argument("--template", type=Path, required=True, help=f"the {template}")
    parser.add_argument("--facts", type=Path, help="the facts folder (to render)")
    parser.add_argument("--out", type=Path, help="a new folder (to render)")
    options = parser.parse_args()
    if options.prepare:
        prepare(options.prepare, options.template)
    elif options.facts and options.out:
        render(options.template, options.facts, options.out)
    else:
        parser.error("give --prepare, or --facts and --out")


if __name__ == "__main__":
    command_line(__doc__.splitlines()[0], prepare, render, "template")
