"""The facts store: sourced figures and named entities, validated and seen as of a date."""

from briefgen.facts.loader import CheckedFacts, load_store, read_facts
from briefgen.facts.model import Conversion, Fact, Name, Observation, Quote, Source
from briefgen.facts.store import FactStore

__all__ = ["CheckedFacts", "Conversion", "Fact", "FactStore", "Name", "Observation", "Quote", "Source", "load_store",
           "read_facts"]
