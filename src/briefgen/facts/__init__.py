"""The facts store: sourced figures on Qingdao and Laoshan, validated and seen as of a date."""

from briefgen.facts.loader import load_store
from briefgen.facts.model import Conversion, Fact, Name, Observation, Quote, Source
from briefgen.facts.store import FactStore

__all__ = ["Conversion", "Fact", "FactStore", "Name", "Observation", "Quote", "Source", "load_store"]
