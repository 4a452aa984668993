"""Intake: read a registered article and propose the figures it states as a draft topic file.

`briefgen facts extract` is the only user; nothing here is imported by a build.
"""
