"""briefgen: sourced briefings, in any language, as DOCX and PDF, from a project folder of facts and templates."""

__version__ = "0.1.0"
