"""An article file as plain text, ready to be stored under facts/sources/ and quoted verbatim.

Each kind of file is read by a well-kept library, imported only here and only
when a file of its kind is read (a build never loads them):

- `.txt`: UTF-8, the way every stored text is kept; a byte-order mark is
  dropped, anything else is kept as it is.
- `.html`, `.htm`: Beautiful Soup with Python's own HTML parser. It reads the
  broken markup real pages have, finds the page's encoding from its bytes
  and `<meta charset>`, and needs no compiled parser. What is no part of
  the article is dropped (see `_drop_furniture`): the page's head, scripts
  and styles, and the site's furniture around the article: its header and
  footer, menus, asides, forms and buttons. When the page marks its
  article, as exactly one `<article>`, `<main>` or `itemprop="articleBody"`,
  only that is kept, with the page's `<h1>` above it if it lies outside.
  Every block (paragraph, heading, list item, table cell) starts a line of
  its own.
- `.pdf`: pypdf, pure Python, the text of each page in reading order, pages
  a blank line apart.
- `.docx`: python-docx, which briefgen writes its briefings with: paragraphs
  and table cells in document order, one a line.

A file that cannot be read is a FactsError naming it and saying why.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.errors import FactsError

KINDS = (".txt", ".html", ".htm", ".pdf", ".docx")
"""The file names `article_text` reads, by their ending."""

# Elements whose text is no part of the article.
_DROPPED = ("head", "script", "style", "noscript", "template", "nav", "iframe", "svg", "aside", "button")
# The ARIA roles of a site's menus, banner, footer and sidebars.
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary"}
# A header or footer inside one of these is the article's (its headline, byline, date), not the site's.
_SECTIONING = ("article", "aside", "main", "nav", "section")
# Elements that start a line of their own, and those that start a paragraph.
_LINES = ("li", "tr", "td", "th", "dt", "dd", "caption", "figcaption", "option")
_PARAGRAPHS = ("p", "div", "section", "article", "main", "header", "footer", "blockquote", "pre",
               "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "figure", "address", "hr", "form",
               "fieldset")
# The white space HTML folds into one space (a no-break space is not).
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def article_text(path: Path) -> str:
    """The text of the article in `path`, its paragraphs a blank line apart, ending with one line break."""
    kind = path.suffix.lower()
    if path.is_dir():
        raise FactsError(f"{path}: is a folder, not a file")
    if kind not in KINDS:
        what = f"a {kind} file" if kind else "a file whose name has no ending"
        raise FactsError(f"{path}: cannot read {what} (known: {', '.join(KINDS)}); save it as one of these")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FactsError(f"{path}: no such file") from None
    except OSError as error:
        raise FactsError(f"{path}: cannot be read ({error.strerror})") from None
    reader = {".txt": _plain, ".html": _html, ".htm": _html, ".pdf": _pdf, ".docx": _docx}[kind]
    return _tidy(reader(path, data)) if kind != ".txt" else reader(path, data)


def _plain(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FactsError(f"{path}:{line}: byte 0x{data[error.start]:02x} is not UTF-8; "
                         "save the file as UTF-8 text") from None


def _html(path: Path, data: bytes) -> str:
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(data, "html.parser")
    _drop_furniture(soup)
    parts = _article_parts(soup)
    for string in soup.find_all(string=True):
        if type(string) is not NavigableString:  # comments, doctype, processing instructions
            string.extract()
        elif string.find_parent("pre") is None:
            string.replace_with(_HTML_SPACE.sub(" ", string))
    for element in soup.find_all("br"):
        element.replace_with("\n")
    for element in soup.find_all(_LINES):  # a break before each: two in a row would read as a paragraph's end
        element.insert_before("\n")
    for element in soup.find_all(_PARAGRAPHS):
        element.insert_before("\n\n")
        element.insert_after("\n\n")
    return "\n\n".join(part.get_text() for part in parts)


def _drop_furniture(soup) -> None:
    """Take out what a saved page holds around its article, so that none of it is stored or extracted.

    That is the elements of `_DROPPED` and those with a role of
    `_FURNITURE_ROLES`; the site's own header and footer (not those of an
    article, which hold its headline and date); and forms, but not one that
    holds the page's headline or article (some sites wrap the whole page in
    one). A figure's caption is kept: it may state a figure.
    """
    furniture = [*soup.find_all(_DROPPED), *soup.find_all(role=_has_furniture_role),
                 *(element for element in soup.find_all(("header", "footer"))
                   if element.find_parent(_SECTIONING) is None),
                 *(form for form in soup.find_all("form") if form.find(("h1", "article", "main")) is None)]
    for element in furniture:
        if not element.decomposed:
            element.decompose()


def _has_furniture_role(role: str | None) -> bool:
    """Whether a `role` attribute (roles a space apart) names one of the site's parts: menus, banner, footer, sidebar."""
    return role is not None and not _FURNITURE_ROLES.isdisjoint(role.split())


def _article_parts(soup) -> list:
    """What to keep of the page: its marked article (and the `<h1>` above it, if outside), or the whole page.

    The article is the first of these the page has exactly one of, holding
    text: an outermost `<article>` (comments may be articles inside it), a
    `<main>`, an element with `itemprop="articleBody"`.
    """
    for candidates in ([a for a in soup.find_all("article") if a.find_parent("article") is None],
                       soup.find_all("main"), soup.find_all(itemprop="articleBody")):
        if len(candidates) == 1 and candidates[0].get_text(strip=True):
            article = candidates[0]
            headline = soup.find("h1")
            return [article] if headline is None or article.find("h1") is not None else [headline, article]
    return [soup]


def _pdf(path: Path, data: bytes) -> str:
    import logging
    from io import BytesIO

    from pypdf import PdfReader

    # pypdf logs what it repairs in a damaged file; the command's one line is the message that counts.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    # pypdf raises many kinds of exception on a damaged file; each is a file it cannot read, not a bug here.
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FactsError(f"{path}: is an encrypted PDF; save an unprotected copy")
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except FactsError:
        raise
    except Exception as error:
        raise FactsError(f"{path}: is not a PDF pypdf can read ({_reason(error)})") from None
    finally:
        log.setLevel(level)


def _docx(path: Path, data: bytes) -> str:
    from io import BytesIO

    import docx

    # python-docx raises many kinds of exception on a file that is not a whole DOCX; none is a bug here.
    try:
        document = docx.Document(BytesIO(data))
        return "\n\n".join(_blocks(document))
    except Exception as error:
        raise FactsError(f"{path}: is not a DOCX file python-docx can read ({_reason(error)})") from None


def _blocks(container) -> list[str]:
    """The text of each paragraph and table cell of a document (or cell) in order; a merged cell once."""
    from docx.table import Table

    texts = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen = set()  # the cells' XML elements: a merged cell is the same element in each row it spans
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        texts.extend(_blocks(cell))
        else:
            texts.append(block.text)
    return texts


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:120] if text else type(error).__name__


def _tidy(text: str) -> str:
    """Lines stripped, at most one blank line between paragraphs, one line break at the end."""
    lines = [line.strip() for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text + "\n" if text else ""
