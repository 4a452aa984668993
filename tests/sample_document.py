"""A small hand-built `Document` holding every node type, for writer tests.

It carries the text that breaks naive writers: markup characters, template
syntax, French spacing (U+202F between digit groups, U+00A0 before %),
guillemets, currency signs and CJK.
"""

from __future__ import annotations

import datetime
import io

from briefgen.document import (
    Branding,
    BulletList,
    Citation,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    KeyFigure,
    KeyFigures,
    Link,
    Meta,
    PageBreak,
    Paragraph,
    SourceEntry,
    Strong,
    Table,
    Text,
)

NNBSP = "\u202f"
NBSP = "\u00a0"

TRICKY = 'R&D <confidential> "Q&A" {{ 7*7 }} *star* _under_ 青岛 崂山 € ¥ — « guillemets »'

LABELS = {
    "fr": {
        "contents": "Sommaire",
        "sources": "Sources",
        "notes": "Notes",
        "page_of": "Page {page} sur {total}",
        "figure": "Figure",
        "table": "Tableau",
        "source": "Source",
        "key_figures": "Chiffres clés",
        "language": "Langue",
        "edition": "Édition du",
        "contact": "Contact",
        "language_name": "français",
        "colon": "\u00a0: ",
    },
    "en": {
        "contents": "Contents",
        "sources": "Sources",
        "notes": "Notes",
        "page_of": "Page {page} of {total}",
        "figure": "Figure",
        "table": "Table",
        "source": "Source",
        "key_figures": "Key figures",
        "language": "Language",
        "edition": "Edition of",
        "contact": "Contact",
        "language_name": "English",
        "colon": ": ",
    },
}


def tiny_chart() -> Image:
    """A real (small) matplotlib chart as PNG and SVG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(4, 2.5))
    ax = fig.add_subplot()
    ax.bar(["2016", "2023"], [82.2, 86.55], color="#1F3A5F")
    png, svg = io.BytesIO(), io.BytesIO()
    fig.savefig(png, format="png", dpi=100, metadata={"Software": None})
    fig.savefig(svg, format="svg", metadata={"Date": None})
    return Image(png=png.getvalue(), svg=svg.getvalue(), width_cm=12.0, height_cm=7.5)


def sample_document(lang: str = "fr") -> Document:
    """A document with every node type; `lang` is "fr" or "en"."""
    fr = lang == "fr"
    share = f"86,55{NBSP}%" if fr else "86.55%"
    big = f"180{NNBSP}000" if fr else "180,000"
    meta = Meta(
        title="Qingdao et Laoshan" if fr else "Qingdao and Laoshan",
        subtitle="Note d’information" if fr else "Briefing note",
        language="fr-FR" if fr else "en-GB",
        period="novembre 2026" if fr else "November 2026",
        edition_date=(Text("21 novembre 2026" if fr else "21 November 2026"),),
        issued=datetime.date(2026, 11, 21),
        organisation="Sophia Antipolis",
        keywords=("Qingdao", "Laoshan", "innovation"),
        labels=tuple(LABELS[lang].items()),
        branding=Branding(organisation="Sophia Antipolis"),
        kind="Note d’information pour une visite de délégation" if fr else "Briefing note for a delegation visit",
        contact="Service des relations internationales — international@example.org",
        classification="Diffusion restreinte" if fr else "Restricted",
    )
    blocks = (
        KeyFigures(
            items=(
                KeyFigure(value=share, label=(Text("part de la haute technologie" if fr else "high-tech share"),), source_id="s1"),
                KeyFigure(value=big, label=(Text(TRICKY),), source_id="s2"),
            )
        ),
        Heading(1, (Text("Densité d’innovation" if fr else "Innovation density"),), "innovation"),
        Paragraph(
            (
                Text("En 2023, la part atteint " if fr else "In 2023 the share reached "),
                Strong((Text(share),)),
                Citation("s1"),
                Text(" ; " if fr else "; "),
                Emph((Text(TRICKY),)),
                Text(" "),
                Link((Text("lien" if fr else "link"),), "https://example.org/a?b=1&c=2"),
                Text("."),
            )
        ),
        Heading(2, (Text("Détail" if fr else "Detail"),), "innovation-detail"),
        BulletList(items=((Text(f"plus de {big} mu" if fr else f"over {big} mu"), Citation("s2")), (Text(TRICKY),))),
        Table(
            header=("Indicateur" if fr else "Indicator", "Valeur" if fr else "Value"),
            rows=(("Licornes" if fr else "Unicorns", "9"), (TRICKY, big), ("Part" if fr else "Share", share)),
            caption="Chiffres de Laoshan" if fr else "Laoshan figures",
            sources=("s1",),
            align=("left", "right"),
        ),
        Figure(image=tiny_chart(), caption="Part de la haute technologie" if fr else "High-tech share",
               alt_text="Diagramme en barres" if fr else "Bar chart", sources=("s1", "s2")),
        PageBreak(),
        Heading(1, (Text("Coopération" if fr else "Cooperation"),), "cooperation"),
        Paragraph((Text(TRICKY), Citation("s2"))),
    )
    sources = (
        SourceEntry("s1", "Laoshan district drives innovation growth", "chinadaily.com.cn", "18 novembre 2024" if fr else "18 November 2024", "anglais" if fr else "English"),
        SourceEntry("s2", "Coopération avec Qingdao & <autres>", "Fondation Sophia Antipolis", "août 2022" if fr else "August 2022", "français" if fr else "French"),
    )
    return Document(meta=meta, blocks=blocks, sources=sources)
