"""The PDF's creation and modification dates are the edition's issue date, and the file stays reproducible."""

from __future__ import annotations

import dataclasses
import datetime
import io

import pypdf
from sample_document import sample_document

from briefgen.writers.pdf import PdfWriter


def render(issued: datetime.date | None = None) -> bytes:
    document = sample_document("fr")
    if issued is not None:
        document = dataclasses.replace(document, meta=dataclasses.replace(document.meta, issued=issued))
    return PdfWriter().render(document)


def test_creation_and_modification_dates_are_the_issue_date_at_midnight_utc():
    # This relies on reportlab's canvas.setDateFormatter taking effect in
    # invariant mode: if reportlab changes that, this fails with its 2000-01-01.
    info = pypdf.PdfReader(io.BytesIO(render())).metadata
    midnight = datetime.datetime(2026, 11, 21, tzinfo=datetime.timezone.utc)
    assert info.creation_date == info.modification_date == midnight
    assert info["/CreationDate"] == "D:20261121000000+00'00'"


def test_another_edition_carries_its_own_date():
    info = pypdf.PdfReader(io.BytesIO(render(datetime.date(1999, 2, 1)))).metadata
    assert info.creation_date == datetime.datetime(1999, 2, 1, tzinfo=datetime.timezone.utc)


def test_dates_do_not_follow_source_date_epoch(monkeypatch):
    # reportlab would otherwise stamp the time SOURCE_DATE_EPOCH gives (here November 2023).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = pypdf.PdfReader(io.BytesIO(render())).metadata
    assert info.creation_date == info.modification_date == datetime.datetime(2026, 11, 21, tzinfo=datetime.timezone.utc)


def test_two_renders_are_byte_identical():
    assert render() == render()
