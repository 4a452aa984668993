"""The draft file: whatever a proposal's text holds, the draft reads back as YAML with the same values."""

from __future__ import annotations

import pytest
import yaml

from briefgen.intake.draft import draft_text
from briefgen.intake.proposals import Proposal

AWKWARD = [
    "in 2023, the city's aquatic product output",
    "share: of the total",
    'the "little giant" enterprises',
    "{braces} and [brackets]",
    "# not a comment",
    "yes",
    "null",
    "100",
    "entreprises « gazelles », de niveau provincial",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_a_label_and_quote_read_back_unchanged(text):
    proposal = Proposal(source="s", quote=text, value=12.5, unit="percent", qualifier="about", period="2023",
                        status="actual", entity="city", label=text, fact_id="city.share")
    data = yaml.safe_load(draft_text("s", "marine", [proposal], ("fr", "en"), "en"))
    (fact,) = data["facts"]
    assert fact["label"] == {"fr": None, "en": text}
    assert fact["observations"][0]["quote"] == text
    assert fact["observations"][0]["value"] == 12.5
