"""Run briefgen as `python -m briefgen`."""

from briefgen._entry import run

run()
