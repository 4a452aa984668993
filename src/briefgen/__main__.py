"""Run briefgen as `python -m briefgen`."""

from briefgen.cli import entry

entry()
