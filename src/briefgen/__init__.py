"""briefgen: sourced briefings on Qingdao and Laoshan, in French and English, as DOCX and PDF."""

__version__ = "0.1.0"
