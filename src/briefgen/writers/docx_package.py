"""The DOCX package around the text: file metadata, stale template parts, reproducible zip."""

from __future__ import annotations

import datetime
import io
import zipfile
from html import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from briefgen.document import Meta

# The template's picture of an empty page, and a Word 2010 duplicate of the
# style sheet that would keep the template's look for anyone opening the file
# in that version.
_STALE_RELATIONSHIPS = (
    RT.THUMBNAIL,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def set_metadata(document, meta: Meta) -> None:
    """Replace every template value in the core and application properties with `meta`'s."""
    issued = datetime.datetime.combine(meta.issued, datetime.time(0, 0))
    props = document.core_properties
    props.title = meta.title
    props.subject = meta.subtitle
    props.author = meta.organisation
    props.last_modified_by = meta.organisation
    props.keywords = ", ".join(meta.keywords)
    props.language = meta.language
    props.comments = ""
    props.category = ""
    props.created = issued
    props.modified = issued
    props.revision = 1
    _replace_app_properties(document, meta)


def _replace_app_properties(document, meta: Meta) -> None:
    # The template's app.xml names another program and page count; python-docx
    # has no API for this part, so a fresh one replaces it.
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[rel_id]
    blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>briefgen</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{escape(meta.organisation, quote=False)}</Company>"
        "</Properties>"
    ).encode("utf-8")
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, blob, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def drop_stale_parts(document) -> None:
    """Leave out template parts that would misdescribe the briefing."""
    for owner in (document.part.package, document.part):
        for rel_id, rel in list(owner.rels.items()):
            if rel.reltype in _STALE_RELATIONSHIPS:
                del owner.rels[rel_id]


def reproducible_zip(package: bytes) -> bytes:
    """`package` re-zipped with fixed timestamps and a stable entry order.

    python-docx stamps each entry with the current time, so two renders of the
    same briefing would differ; the content types entry stays first, as Office
    writes it.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    order = sorted(entries, key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name])
    return out.getvalue()
