"""Check a project's templates before anything renders: each parses, and each fact it names exists.

A template names facts as `facts.park.companies` (or `facts["…"]`), in
sentences and in chart and table calls alike. Reading the parsed template
finds every such name with its line, so a misspelt id is reported for all
templates of all languages at once, as `templates/fr/green.md:3: unknown fact
…`, before any chart is drawn. Names built at render time (a variable holding
`facts.park`, then `.companies`) are checked when the template renders.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from jinja2 import nodes

from briefgen.config import Config
from briefgen.errors import TemplateError, collect
from briefgen.narrative.assemble import language_tools, template_path
from briefgen.narrative.environment import keep_compiled, make_environment, parse_template

def check_templates(templates_dir: Path, config: Config, fact_ids: frozenset[str] | None,
                    locale_dir: Path | None = None) -> None:
    """Parse every section template of every language and check the facts they name; all problems at once.

    `fact_ids` None (the facts could not be read) checks that the templates parse.
    """
    problems = []
    prefixes = frozenset(fid.rsplit(".", n)[0] for fid in fact_ids or () for n in range(1, fid.count(".") + 1))
    for lang in config.languages:
        fmt, ui = language_tools(lang, locale_dir)
        env = make_environment(templates_dir, fmt, ui=ui)
        for name in config.sections:
            where = template_path(templates_dir, lang, name)
            try:
                parsed = parse_template(env, f"{name}.md", where)
            except TemplateError as exc:
                problems.append(exc.message)
                continue
            problems.extend(f"{where}:{line}: {problem}" for line, problem in literal_figures(parsed.tree))
            if fact_ids is not None:
                for line, path in named_facts(parsed.tree):
                    unknown = unknown_fact(path, fact_ids, prefixes)
                    if unknown is not None:
                        problems.append(f"{where}:{line}: unknown fact {unknown}")
            try:
                keep_compiled(env, parsed, where)  # after the checks: compiling changes the tree
            except TemplateError as exc:
                problems.append(exc.message)
    collect(problems, TemplateError, "the templates")


DIGIT = re.compile(r"\d")
TEXT_ARGUMENTS = ("caption", "axis")
"""Keyword arguments of chart and table calls whose text is shown to the reader."""


def literal_figures(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    """(line, problem) for each digit a template writes itself, in its text or a caption, not from a fact.

    Every figure a briefing shows comes from a fact, with its source: a year
    or a number typed into a template is a claim nobody can check.
    """
    for node in tree.find_all(nodes.TemplateData):
        for offset, line in enumerate(node.data.split("\n")):
            found = DIGIT.search(line)
            if found:
                yield node.lineno + offset, (f"the text “{_around(line, found.start())}” holds a figure that is "
                                             "not a fact; print it from the facts store ({{ facts.… }})")
    for call in tree.find_all(nodes.Call):
        for keyword in call.kwargs:
            value = keyword.value
            if keyword.key in TEXT_ARGUMENTS and isinstance(value, nodes.Const) and isinstance(value.value, str):
                found = DIGIT.search(value.value)
                if found:
                    yield call.lineno, (f"the {keyword.key} “{_around(value.value, found.start())}” holds a figure "
                                        "that is not a fact; name it in words or print it from a fact")


def _around(text: str, index: int) -> str:
    start, end = max(0, index - 25), min(len(text), index + 25)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def unknown_fact(path: list[str], fact_ids: frozenset[str], prefixes: frozenset[str]) -> str | None:
    """The id a template reads that names no fact, as the render would report it; None when `path` is fine.

    `path` is read up to a fact's id (what follows are its fields: `.period`,
    `.first.value`); a path that stops at a group of facts (`facts.park`)
    is fine too.
    """
    for end in range(1, len(path) + 1):
        dotted = ".".join(path[:end])
        if dotted in fact_ids:
            return None
        if dotted not in prefixes:
            return dotted
    return None


def named_facts(tree: nodes.Template) -> Iterator[tuple[int, list[str]]]:
    """(line, names) for each whole `facts.a.b…` or `facts["a.b"]` chain the template reads."""
    chains = list(tree.find_all((nodes.Getattr, nodes.Getitem)))
    inner = {id(node.node) for node in chains}
    for node in chains:
        if id(node) not in inner:
            path = _fact_path(node)
            if path:
                yield node.lineno, path


def _fact_path(node) -> list[str] | None:
    """The names read from `facts` by a chain of attribute or item reads, or None if it does not start at `facts`."""
    names = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            names.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            names.extend(reversed(node.arg.value.split(".")))
        else:
            return None
        node = node.node
    if isinstance(node, nodes.Name) and node.name == "facts":
        return list(reversed(names))
    return None
