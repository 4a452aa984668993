"""`briefgen sources add`: an article of each kind becomes a stored text and a sources.yaml entry, or nothing changes."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefgen.cli import main
from briefgen.facts import load_store
from briefgen.facts.commands import validate_command
from briefgen.facts.sources import SOURCES_LOCK, normalise_space

SENTENCE = "In 2024, the port handled more than 120 million tonnes of cargo."
FIELDS = ["--id", "port_2024", "--title", "Port report", "--publisher", "Harbour Daily", "--published", "2024-11",
          "--lang", "en"]


def add(project: Path, file: Path, *fields: str) -> int:
    return main(["sources", "add", str(file), *(fields or FIELDS), "--project", str(project)])


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the facts folder (hidden ones included) and its bytes, but the lock, which is none of the store."""
    facts = project / "facts"
    return {str(p.relative_to(facts)): p.read_bytes() for p in sorted(facts.rglob("*"))
            if p.is_file() and p.name != SOURCES_LOCK}


def new_text(project: Path, before: dict[str, bytes]) -> tuple[str, str]:
    """The one text the add stored: its name in sources/ and its content."""
    added = [name for name in snapshot(project) if name not in before]
    assert len(added) == 1 and added[0].startswith("sources/"), added
    return added[0].removeprefix("sources/"), (project / "facts" / added[0]).read_bytes().decode("utf-8")


def last_entry(project: Path) -> dict:
    return yaml.safe_load((project / "facts" / "sources.yaml").read_text(encoding="utf-8"))["sources"][-1]


def assert_store_valid(project: Path) -> None:
    text, code = validate_command(project / "facts", ("fr", "en"))
    assert code == 0, text


# --- each kind of file ---------------------------------------------------------------------------------------------


def test_a_text_file_is_stored_without_its_byte_order_mark(project, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_bytes(("\ufeff" + SENTENCE + "\n\nSecond  paragraph,\r\nwith a break.\n").encode("utf-8"))
    before = snapshot(project)
    assert add(project, article) == 0
    name, text = new_text(project, before)
    assert text == SENTENCE + "\n\nSecond  paragraph,\r\nwith a break.\n"
    digest = hashlib.sha256(normalise_space(text).encode()).hexdigest()[:16]
    assert name == f"005_{digest}.txt"  # after 000…004, named by the digest of its words
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"added source port_2024: {project / 'facts' / 'sources' / name} (17 words)"
    assert out[-1] == "next: briefgen facts extract port_2024"
    assert last_entry(project) == {"id": "port_2024", "title": "Port report", "publisher": "Harbour Daily",
                                   "published": "2024-11", "language": "en", "file": name, "url": None}
    assert_store_valid(project)
    assert load_store(project / "facts").sources["port_2024"].title == "Port report"


def test_an_html_page_keeps_its_paragraphs_and_drops_scripts_styles_and_navigation(project, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Tab title</title><style>p {color: red}</style>"
        "<script>var tracking = 1;</script></head><body><nav><a href='/'>Home</a> <a>Menu</a></nav>"
        "<h1>Port   report</h1><!-- hidden comment -->"
        f"<p>{SENTENCE.replace('more than', 'more<br>than')}</p>"
        "<p>Second\n   paragraph&nbsp;here, <b>bold</b> and <i>italic</i>.</p>"
        "<ul><li>one</li><li>two</li></ul><table><tr><td>2023</td><td>98</td></tr></table></body></html>",
        encoding="utf-8")
    before = snapshot(project)
    assert add(project, page) == 0
    _, text = new_text(project, before)
    assert text == ("Port report\n\nIn 2024, the port handled more\nthan 120 million tonnes of cargo.\n\n"
                    "Second paragraph\u00a0here, bold and italic.\n\none\ntwo\n\n2023\n98\n")
    for hidden in ("tracking", "color", "Home", "Menu", "Tab title", "hidden comment"):
        assert hidden not in text
    assert_store_valid(project)


def page_text(tmp_path: Path, body: str) -> str:
    """The text `sources add` stores for a page with this body."""
    from briefgen.intake.totext import article_text

    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html><head><title>Tab</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    return article_text(page)


SITE_HEADER = "<header><a href='/'>Harbour Daily</a><form><input name=q><button>Search</button></form></header>"
SITE_FOOTER = "<footer><p>© Harbour Daily</p><a>Contact us</a></footer>"


def test_the_site_header_footer_asides_forms_and_buttons_of_a_page_are_dropped(tmp_path):
    body = (SITE_HEADER + "<div role='navigation'>World Sport</div><div class='ad' role='complementary'>Buy now</div>"
            "<h1>Port report</h1><p>" + SENTENCE + "</p><aside><h2>Related</h2><p>Ferries up 40%</p></aside>"
            "<button>Share</button><form><p>Our newsletter, every Monday</p><input type=email></form>"
            "<noscript>Enable scripts</noscript><iframe src='/video'>Video</iframe><svg><text>Logo</text></svg>"
            "<div role='banner'>Subscribe</div><div role='contentinfo'>Terms</div>" + SITE_FOOTER)
    assert page_text(tmp_path, body) == f"Port report\n\n{SENTENCE}\n"


def test_the_header_and_footer_of_an_article_are_kept_and_so_is_a_figure_caption(tmp_path):
    body = ("<section><header><h2>Cargo</h2><p>18 November 2024</p></header><p>" + SENTENCE + "</p>"
            "<figure><img src='chart.png'><figcaption>Cargo rose 4.4% in 2023</figcaption></figure>"
            "<footer><p>Corrected on 19 November: 120, not 12, million tonnes.</p></footer></section>")
    assert page_text(tmp_path, SITE_HEADER + body + SITE_FOOTER) == (
        f"Cargo\n\n18 November 2024\n\n{SENTENCE}\n\nCargo rose 4.4% in 2023\n\n"
        "Corrected on 19 November: 120, not 12, million tonnes.\n")


@pytest.mark.parametrize("article", [
    "<article><p>{}</p></article>",
    "<main><p>{}</p></main>",
    "<div itemprop='articleBody'><p>{}</p></div>",
])
def test_only_the_one_marked_article_of_a_page_is_kept_with_the_headline_outside_it(tmp_path, article):
    body = ("<div class='breaking'>Storm closes the bridge</div><h1>Port report</h1>" + article.format(SENTENCE)
            + "<div class='most-read'><p>Ten cheap flights</p></div>")
    assert page_text(tmp_path, body) == f"Port report\n\n{SENTENCE}\n"


def test_a_page_of_several_articles_is_kept_whole_and_comments_inside_an_article_count_as_its_own(tmp_path):
    teasers = "<article><p>Ferries up 40%</p></article><article><p>Rail down 2%</p></article>"
    assert page_text(tmp_path, teasers) == "Ferries up 40%\n\nRail down 2%\n"
    story = (f"<div>Ten cheap flights</div><article><h1>Port report</h1><p>{SENTENCE}</p>"
             "<section><article><p>Great read!</p></article></section></article>")
    assert page_text(tmp_path, story) == f"Port report\n\n{SENTENCE}\n\nGreat read!\n"


def test_a_form_around_the_whole_page_is_kept(tmp_path):
    body = f"<form id='page'><div><h1>Port report</h1><p>{SENTENCE}</p></div><button>Share</button></form>"
    assert page_text(tmp_path, body) == f"Port report\n\n{SENTENCE}\n"


def test_a_page_without_markers_keeps_its_body_text(tmp_path):
    body = (f"<div id='top'>Harbour Daily</div><div class='story'><h2>Port report</h2><p>{SENTENCE}</p>"
            "<div>Second paragraph.</div></div><div id='bottom'>Contact us</div>")
    assert page_text(tmp_path, body) == ("Harbour Daily\n\nPort report\n\n"
                                         f"{SENTENCE}\n\nSecond paragraph.\n\nContact us\n")


def test_an_html_page_in_another_encoding_is_read_by_its_declared_charset(project, tmp_path):
    page = tmp_path / "page.htm"
    page.write_bytes("<html><head><meta charset='windows-1252'></head><body><p>Coopération réussie</p></body>"
                     "</html>".encode("cp1252"))
    before = snapshot(project)
    assert add(project, page) == 0
    assert new_text(project, before)[1] == "Coopération réussie\n"


def test_a_docx_gives_its_paragraphs_and_table_cells_in_order(project, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=2, cols=2)
    for (row, column), text in {(0, 0): "Year", (0, 1): "Cargo", (1, 0): "2023", (1, 1): "98 million"}.items():
        table.cell(row, column).text = text
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "One merged cell"
    document.add_paragraph("Last paragraph.")
    path = tmp_path / "report.docx"
    document.save(path)
    before = snapshot(project)
    assert add(project, path) == 0
    _, text = new_text(project, before)
    assert text == f"{SENTENCE}\n\nYear\n\nCargo\n\n2023\n\n98 million\n\nOne merged cell\n\nLast paragraph.\n"
    assert_store_valid(project)


def test_a_pdf_gives_the_text_of_each_page(project, tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "report.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, SENTENCE)
    pdf.showPage()
    pdf.drawString(72, 720, "The second page.")
    pdf.save()
    before = snapshot(project)
    assert add(project, path) == 0
    _, text = new_text(project, before)
    assert text == f"{SENTENCE}\n\nThe second page.\n"
    assert_store_valid(project)


def test_each_text_added_takes_the_next_number_and_the_entry_is_appended_below_the_file_as_it_was(project, tmp_path):
    listing = project / "facts" / "sources.yaml"
    original = listing.read_text(encoding="utf-8")
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(SENTENCE, encoding="utf-8")
    second.write_text("Another article altogether.", encoding="utf-8")
    assert add(project, first) == 0
    assert add(project, second, *FIELDS[:1], "port_2025", *FIELDS[2:7], "2025/2025-06", "--lang", "fr",
               "--url", "https://example.org/port?year=2025", "--note", 'Says "about" where it means "at least".') == 0
    now = listing.read_text(encoding="utf-8")
    assert now.startswith(original.rstrip("\n") + "\n\n  - id: port_2024\n")  # comments and layout kept
    assert "\n\n  - id: port_2025\n    title: \"Port report\"\n" in now
    files = sorted(p.name for p in (project / "facts" / "sources").iterdir())
    assert [name[:4] for name in files] == ["000_", "001_", "002_", "003_", "004_", "005_", "006_"]
    entry = last_entry(project)
    assert entry["published"] == "2025/2025-06" and entry["language"] == "fr"
    assert entry["url"] == "https://example.org/port?year=2025"
    assert entry["note"] == 'Says "about" where it means "at least".'
    assert_store_valid(project)


def test_the_site_a_text_was_read_on_follows_the_publisher_and_must_be_one_line(project, tmp_path, capsys):
    article = tmp_path / "wire.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    before = snapshot(project)
    assert add(project, article, *FIELDS, "--via", "PR\nNewswire") == 1
    assert "--via: " in capsys.readouterr().err and snapshot(project) == before
    assert add(project, article, *FIELDS, "--via", "PR Newswire") == 0
    listing = (project / "facts" / "sources.yaml").read_text(encoding="utf-8")
    assert '    publisher: "Harbour Daily"\n    via: "PR Newswire"\n    published: "2024-11"\n' in listing
    assert load_store(project / "facts").sources["port_2024"].via == "PR Newswire"
    assert_store_valid(project)


def test_a_language_yaml_would_misread_is_written_quoted(project, tmp_path, capsys):
    article = tmp_path / "artikkel.txt"
    article.write_text("Havnen håndterte mer enn 120 millioner tonn.", encoding="utf-8")
    assert add(project, article, *FIELDS[:-1], "no") == 0
    assert last_entry(project)["language"] == "no"  # unquoted, YAML would read Norwegian as false
    assert "note: no is not a language of this briefing (fr, en)" in capsys.readouterr().out
    assert_store_valid(project)


# --- refusals: one line, exit 1, nothing changed ------------------------------------------------------------------


def refused(project: Path, file: Path, fields: list[str], capsys) -> str:
    before = snapshot(project)
    capsys.readouterr()
    assert add(project, file, *fields) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    assert snapshot(project) == before  # sources.yaml's bytes, and no file added, left behind or removed
    return err


def with_field(option: str, value: str) -> list[str]:
    fields = list(FIELDS)
    if option in fields:
        fields[fields.index(option) + 1] = value
    else:
        fields += [option, value]
    return fields


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--id", "laoshan_2024_en", "facts: --id laoshan_2024_en: is already the id of a source in "),
    ("--id", "Port-2024", 'facts: --id "Port-2024": is not a lower-case identifier'),
    ("--published", "2024-13", 'facts: --published "2024-13": is not a date (YYYY-MM-DD, YYYY-MM, YYYY, or a span'),
    ("--published", "Nov 2024", 'facts: --published "Nov 2024": is not a date'),
    ("--published", "2024-12/2024-11", 'facts: --published "2024-12/2024-11": is not a date'),
    ("--lang", "English", 'facts: --lang "English": is not a language code (like fr, en, zh or pt_BR)'),
    ("--url", "ftp://example.org/report", 'facts: --url "ftp://example.org/report": is not a web address'),
    ("--url", "javascript:alert(1)", 'facts: --url "javascript:alert(1)": is not a web address'),
    ("--title", " ", "facts: --title: is empty"),
    ("--title", "Two\nlines", 'facts: --title: "Two\\nlines" holds a line break; give it on one line'),
    ("--publisher", "Evil\u202epress", "facts: --publisher: \"Evil\\u202epress\" holds U+202E, an invisible bidi"),
])
def test_a_wrong_field_is_refused_naming_the_option(project, tmp_path, capsys, option, value, message):
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    assert refused(project, article, with_field(option, value), capsys).startswith(message)


def test_the_dates_the_store_accepts_are_accepted(project, tmp_path):
    for number, published in enumerate(("2024", "2024-11-18", "2024-11/2024-12")):
        article = tmp_path / f"article{number}.txt"
        article.write_text(f"{SENTENCE} ({number})", encoding="utf-8")
        assert add(project, article, *with_field("--published", published)[:1], f"port_{number}",
                   *with_field("--published", published)[2:]) == 0
        assert last_entry(project)["published"] == published
    assert_store_valid(project)


def test_a_text_already_registered_is_refused_however_it_is_laid_out(project, tmp_path, capsys):
    stored = (project / "facts" / "sources" / "001_285ce96d0337c011.txt").read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text("\n\n" + "  ".join(stored.split()) + "\n", encoding="utf-8")
    err = refused(project, copy, FIELDS, capsys)
    assert err == (f"facts: {copy}: its text is already registered as source laoshan_2024_en "
                   f"({project / 'facts' / 'sources' / '001_285ce96d0337c011.txt'})")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("blank.txt", b" \n\t\n", "holds no text"),
    ("empty.html", b"<html><head><title>Only a title</title></head><body><nav>Menu</nav></body></html>",
     "holds no text"),
    ("latin1.txt", b"First line\nCoop\xe9ration\n", ":2: byte 0xe9 is not UTF-8; save the file as UTF-8 text"),
    ("article.rtf", b"{\\rtf1 text}", ": cannot read a .rtf file (known: .txt, .html, .htm, .pdf, .docx)"),
    ("broken.pdf", b"%PDF-1.4 not really", ": is not a PDF pypdf can read ("),
    ("broken.docx", b"PK not a zip", ": is not a DOCX file python-docx can read ("),
])
def test_a_file_that_gives_no_text_is_refused_naming_it(project, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    err = refused(project, path, FIELDS, capsys)
    assert err.startswith(f"facts: {path}") and message in err


def test_a_pdf_without_text_is_refused_with_a_hint(project, tmp_path, capsys):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 72, 200, 200, fill=1)
    pdf.save()
    assert refused(project, path, FIELDS, capsys) == (f"facts: {path}: holds no text (a scanned PDF holds images "
                                                      "of text: it needs OCR first)")


def test_a_folder_or_a_name_without_an_ending_is_refused(project, tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    assert refused(project, folder, FIELDS, capsys) == f"facts: {folder}: is a folder, not a file"
    bare = tmp_path / "article"
    bare.write_text("Some text.", encoding="utf-8")
    assert refused(project, bare, FIELDS, capsys) == (f"facts: {bare}: cannot read a file whose name has no ending "
                                                     "(known: .txt, .html, .htm, .pdf, .docx); save it as one of these")


def test_a_missing_file_is_refused(project, tmp_path, capsys):
    assert refused(project, tmp_path / "nowhere.txt", FIELDS, capsys) == f"facts: {tmp_path / 'nowhere.txt'}: no such file"


def test_a_sources_yaml_with_problems_is_left_alone(project, tmp_path, capsys):
    listing = project / "facts" / "sources.yaml"
    listing.write_text(listing.read_text(encoding="utf-8").replace('published: "2017"', 'published: "2017-13"'),
                       encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    err = refused(project, article, FIELDS, capsys)
    assert err.startswith(f"facts: {listing}: has 1 problem; fix it first (briefgen facts validate): "
                          "facts/sources.yaml:")
    assert '"2017-13" is not a date' in err


def test_a_sources_yaml_whose_list_is_not_last_is_not_appended_to(project, tmp_path, capsys):
    listing = project / "facts" / "sources.yaml"
    listing.write_text(listing.read_text(encoding="utf-8") + "reviewed_by: the desk\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    err = refused(project, article, FIELDS, capsys)
    assert err == (f"facts: {listing}: the new entry cannot be appended to this file as it is laid out (the list "
                   "under `sources` must be its last block, one entry per `- id:`); add it by hand")


def test_a_failure_while_writing_sources_yaml_takes_the_stored_text_back(project, tmp_path, capsys, monkeypatch):
    from briefgen.intake import register

    real = os.replace

    def failing(source, target):
        if Path(target).name == "sources.yaml":
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(register.os, "replace", failing)
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    err = refused(project, article, FIELDS, capsys)
    assert err == f"write: {project / 'facts' / 'sources.yaml'}: cannot be written (No space left on device)"


def test_the_readers_of_html_and_pdf_are_imported_only_to_read_such_a_file(project, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")

    def imported(*args: str) -> set[str]:
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefgen", *args], cwd=project,
                              capture_output=True, text=True, check=True)
        return {name.split(".")[0] for name in re.findall(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", done.stderr,
                                                          re.M)}

    readers = {"bs4", "pypdf", "docx"}
    assert imported("facts", "validate") & readers == set()
    assert imported("sources", "add", str(article), *FIELDS) & readers == set()


# --- two adds at once ---------------------------------------------------------------------------------------------

HOLDER = """
import fcntl, sys
with open(sys.argv[1], "a") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.read()  # holds the lock until the test closes its input
"""


@pytest.fixture
def holder(project):
    """Another process holding the sources' lock until `release()` is called on it."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(project / "facts" / SOURCES_LOCK)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "locked\n"

    def release() -> None:
        process.stdin.close()
        assert process.wait(timeout=10) == 0
        process.stdout.close()

    process.release = release
    yield process
    if process.poll() is None:
        release()


def test_an_add_while_another_holds_the_lock_gives_up_after_its_wait_changing_nothing(project, tmp_path, capsys,
                                                                                     monkeypatch, holder):
    from briefgen.intake import register

    monkeypatch.setattr(register, "LOCK_WAIT_SECONDS", 0.2)
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    assert refused(project, article, FIELDS, capsys) == (
        f"facts: {project / 'facts' / 'sources.yaml'}: is being changed by another `briefgen sources add`; try again")
    holder.release()
    assert add(project, article) == 0  # the refused add left nothing held


def test_an_add_waits_for_the_other_to_finish_then_goes_on(project, tmp_path, monkeypatch, holder):
    from types import SimpleNamespace

    from briefgen.intake import register

    waits = []

    def sleep(seconds: float) -> None:  # the other add finishes while this one waits
        waits.append(seconds)
        holder.release()

    monkeypatch.setattr(register, "time", SimpleNamespace(monotonic=register.time.monotonic, sleep=sleep))
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    assert add(project, article) == 0
    assert len(waits) == 1 and last_entry(project)["id"] == "port_2024"


def test_a_lock_file_another_user_made_is_locked_read_only(project, tmp_path, monkeypatch):
    from briefgen.intake import register

    (project / "facts" / SOURCES_LOCK).touch()
    real = os.open

    def not_writable(path, flags, *mode):  # as the lock file is to a user who did not make it
        if Path(path).name == SOURCES_LOCK and flags & os.O_RDWR:
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *mode)

    monkeypatch.setattr(register.os, "open", not_writable)
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    assert add(project, article) == 0


def test_adds_run_at_the_same_time_each_get_their_own_number_and_entry(project, tmp_path):
    runs = []
    for number in range(3):
        article = tmp_path / f"article{number}.txt"
        article.write_text(f"Article {number}: {SENTENCE}", encoding="utf-8")
        runs.append(subprocess.Popen([sys.executable, "-m", "briefgen", "sources", "add", str(article), "--id",
                                      f"port_{number}", *FIELDS[2:], "--project", str(project)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
    entries = yaml.safe_load((project / "facts" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert sorted(entry["id"] for entry in entries[-3:]) == ["port_0", "port_1", "port_2"]
    assert sorted(entry["file"][:4] for entry in entries[-3:]) == ["005_", "006_", "007_"]
    assert_store_valid(project)


def test_the_lock_file_is_no_input_of_a_build(project):
    from briefgen.manifest import input_files

    facts = project / "facts"
    before = input_files(facts, project / "templates", [])
    (facts / SOURCES_LOCK).touch()
    assert input_files(facts, project / "templates", []) == before


# --- a text a crash left unregistered -----------------------------------------------------------------------------

CRASH = """
import os, sys
from briefgen.cli import main
from briefgen.intake import register

real = os.replace
def crash(source, target):
    if os.path.basename(target) == "sources.yaml":
        os._exit(9)  # the process dies between storing the text and replacing sources.yaml
    real(source, target)
register.os.replace = crash
main(sys.argv[1:])
"""


def test_a_text_a_crash_left_behind_is_noted_by_the_next_add_and_by_validate(project, tmp_path, capsys):
    crashed = tmp_path / "crashed.txt"
    crashed.write_text("An article whose add was cut short.", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", CRASH, "sources", "add", str(crashed), "--id", "cut_short",
                          *FIELDS[2:], "--project", str(project)], capture_output=True, text=True)
    assert run.returncode == 9, run.stderr
    digest = hashlib.sha256(b"An article whose add was cut short.").hexdigest()[:16]
    orphan = project / "facts" / "sources" / f"005_{digest}.txt"
    assert orphan.is_file() and "cut_short" not in (project / "facts" / "sources.yaml").read_text(encoding="utf-8")
    (project / "facts" / "sources" / "notes.txt").write_text("a person's own file", encoding="utf-8")
    note = (f"note: {orphan} is a stored text no source of sources.yaml names (an add that did not finish?); "
            "delete it: adding its article again stores it anew")

    text, code = validate_command(project / "facts", ("fr", "en"))
    assert code == 0 and text.splitlines()[-1] == note
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    capsys.readouterr()
    assert add(project, article) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == note and "notes.txt" not in "".join(out)
    assert last_entry(project)["file"].startswith("006_")  # numbered past the text left behind
