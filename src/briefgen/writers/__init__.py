"""Writers that render a `Document` to a file format (DOCX, PDF)."""

from briefgen.writers.base import Writer, get_writer, register, writer_names, writer_suffix

__all__ = ["Writer", "get_writer", "register", "writer_names", "writer_suffix"]
