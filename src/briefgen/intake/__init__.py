"""Intake: bring a new article into the store and propose the figures it states as a draft topic file.

`briefgen sources add` registers the article (register, totext); `briefgen
facts extract` reads it and writes the draft. Nothing here is imported by a
build.
"""
