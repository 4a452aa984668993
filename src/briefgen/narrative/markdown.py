"""Turn rendered template Markdown into document blocks.

Templates are Markdown with a small, fixed vocabulary: headings (levels 1-3),
paragraphs, bullet lists, **strong**, *emphasis*, [links](url) and citations
written `[^source-id]`. Anything else (raw HTML, code blocks, tables, images)
is refused so a writer never meets a construct it cannot show. Parsing is done
by markdown-it-py; data from facts reaches this module already escaped by
`escape()`, so it can never become markup or a citation.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from briefgen.document import (BulletList, Citation, Emph, Heading, Link, Paragraph, Strong, Text, ordinal_inlines,
                               plain_text)
from briefgen.errors import TemplateError
from briefgen.narrative.citations import place_citations

BLOCK_OPEN, BLOCK_CLOSE = "\ue000", "\ue001"
"""Private-use characters around the number of a block a template function placed (see figures.py);
`escape` removes them from data, so a fact's text can never stand for a block."""
_CITATION = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9._-]*)\]")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&])")


def escape(text: str) -> str:
    """`text` as Markdown that shows it literally, on one line.

    Punctuation is backslash-escaped and line breaks become spaces, so data
    can neither add markup, a citation, a heading nor a new paragraph.
    """
    text = text.replace(BLOCK_OPEN, "").replace(BLOCK_CLOSE, "")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split("\n")).replace("\r", " "))


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[^", state.pos):
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"source_id": match.group(1)}
    state.pos = match.end()
    return True


def _parser() -> MarkdownIt:
    # Every construct stays recognised so that `to_blocks` can refuse it by
    # name; raw HTML is not parsed at all, so it reads as text.
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.inline.ruler.before("link", "citation", _citation_rule)
    return md


_MD = _parser()


def to_blocks(markdown: str, where: str, anchor_for: Callable[[int, str], str],
              typography: Callable[[str], str], ordinal_suffixes: frozenset[str] = frozenset()) -> tuple:
    """Blocks for `markdown`; `where` names the template in errors.

    `anchor_for(level, text)` gives each heading its stable anchor;
    `typography` is applied to every run of text (French spacing rules);
    the suffix of an ordinal ("20e", "1st") whose letters are one of
    `ordinal_suffixes` is raised, as a careful editor sets it.
    """
    raise_ordinals = _ordinal_raiser(ordinal_suffixes)
    tokens = _MD.parse(markdown)
    blocks: list = []
    list_items: list[tuple] | None = None
    pending_heading: int | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            pending_heading = int(token.tag[1])
        elif kind == "inline":
            inlines = raise_ordinals(_inlines(token.children or [], where, typography))
            if pending_heading is not None:
                blocks.append(Heading(pending_heading, inlines, anchor_for(pending_heading, plain_text(inlines))))
                pending_heading = None
            elif list_items is not None:
                list_items.append(place_citations(inlines, where))
            elif inlines:
                blocks.append(Paragraph(place_citations(inlines, where)))
        elif kind == "bullet_list_open":
            if list_items is not None:
                raise TemplateError(f"{where}: nested lists are not supported")
            list_items = []
        elif kind == "bullet_list_close":
            blocks.append(BulletList(tuple(list_items or ())))
            list_items = None
        elif kind in ("heading_close", "paragraph_open", "paragraph_close", "list_item_open", "list_item_close"):
            continue
        else:
            line = f":{token.map[0] + 1}" if token.map else ""
            raise TemplateError(f"{where}{line}: unsupported Markdown ({kind.replace('_open', '')})")
    return tuple(blocks)


def _inlines(children: list, where: str, typography: Callable[[str], str]) -> tuple:
    """Inline nodes for a markdown-it inline token's children."""
    stack: list[tuple[str, list, str]] = [("root", [], "")]
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            _append_text(stack[-1][1], child.content)
        elif kind in ("softbreak", "hardbreak"):
            _append_text(stack[-1][1], " ")
        elif kind == "citation":
            stack[-1][1].append(Citation(child.meta["source_id"]))
        elif kind in ("strong_open", "em_open", "link_open"):
            stack.append((kind, [], child.attrs.get("href", "") if kind == "link_open" else ""))
        elif kind in ("strong_close", "em_close", "link_close"):
            opened, nodes, href = stack.pop()
            node = {"strong_open": lambda: Strong(tuple(nodes)), "em_open": lambda: Emph(tuple(nodes)),
                    "link_open": lambda: Link(tuple(nodes), str(href))}[opened]()
            stack[-1][1].append(node)
        else:
            raise TemplateError(f"{where}: unsupported Markdown ({kind})")
    return _typeset(tuple(stack[0][1]), typography)


@functools.lru_cache(maxsize=None)
def _ordinal_raiser(suffixes: frozenset[str]) -> Callable[[tuple], tuple]:
    """A function that raises the suffix of each ordinal in top-level text runs, for `suffixes`."""
    if not suffixes:
        return lambda nodes: nodes
    pattern = re.compile(r"\b\d+(?:" + "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True)) + r")\b")

    def raise_ordinals(nodes: tuple) -> tuple:
        out: list = []
        for node in nodes:
            if isinstance(node, Text) and pattern.search(node.text):
                start = 0
                for found in pattern.finditer(node.text):
                    if found.start() > start:
                        out.append(Text(node.text[start:found.start()]))
                    out.extend(ordinal_inlines(found.group()))
                    start = found.end()
                if start < len(node.text):
                    out.append(Text(node.text[start:]))
            else:
                out.append(node)
        return tuple(out)

    return raise_ordinals


def _typeset(nodes: tuple, typography: Callable[[str], str]) -> tuple:
    """Apply `typography` to every whole run of text (after runs are merged)."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(typography(node.text)))
        elif isinstance(node, Link):
            out.append(Link(_typeset(node.children, typography), node.url))
        elif isinstance(node, (Strong, Emph)):
            out.append(type(node)(_typeset(node.children, typography)))
        else:
            out.append(node)
    return tuple(out)


def _append_text(nodes: list, text: str) -> None:
    """Append text, merging with a preceding Text so runs stay whole."""
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text + text)
    else:
        nodes.append(Text(text))
