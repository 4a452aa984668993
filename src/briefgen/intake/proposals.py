"""Turn the figures of an article into proposed facts: period, entity, status, label, id, how sure, what to check.

A proposal is a guess for a person to confirm; what cannot be guessed stays
None, so that the topic reader refuses the draft until it is filled. A
figure the store already holds is not proposed again but reported with the
id of the fact that holds it.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field

from briefgen.facts.model import Fact
from briefgen.intake.clauses import DASHES, STOPS, Span, clauses, sentences
from briefgen.intake.entities import Mention, entity_at
from briefgen.intake.figures import Figure, find_figures
from briefgen.intake.temporal import Temporal
from briefgen.intake.words import PerLanguage, alternatives, compiled, of

_TARGET = compiled(lambda w: rf"\b(?:{alternatives(w['status']['target'])})")
_BY_YEAR = compiled(lambda w: rf"\b(?:{alternatives(w['status']['by'])})\s+(\d{{4}})\b")
_SAME_PERIOD = compiled(lambda w: rf"\b(?:{alternatives(w['periods']['same'])})")
_BASELINE = compiled(lambda w: rf"\b(?:{alternatives(w['periods']['baseline'])})\s+$")
_YEARS = re.compile(r"\d{4}(?:/\d{4})?|\d{4}-01/\d{4}-\d{2}")
"""The periods a sentence's figures lend the next: a year, a span of years, the months from January."""
_INTRO_WORDS = 4  # a clause of at most this many words around a date ("Also in 2016") introduces the next one
_ID_WORDS = 3
_LABEL_LIMIT = 140


def _verb(lang: str) -> re.Pattern:
    """The first verb of a clause, which ends its subject: a few common ones, and a past form before by/to/from/at."""
    labels = of(lang)["labels"]
    verbs = alternatives(labels["verbs"])
    if labels["past_ending"]:
        past = re.escape(labels["past_ending"])
        verbs += rf"|\w+{past}(?=\s+(?:{alternatives(labels['past_before'])}))"
    if labels["verbs_between_spaces"]:
        return re.compile(rf"(?:^|\s)(?:{verbs})(?=\s|$)", re.IGNORECASE)
    return re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE)


_VERB = PerLanguage(_verb)
# What a label neither starts nor ends with: articles, prepositions, conjunctions, possessives.
_EDGE_WORDS = PerLanguage(lambda lang: frozenset(of(lang)["labels"]["edge_words"]))
_ELISION = compiled(lambda w: rf"^(?:{alternatives(w['labels']['elided'])})")
_SHARE_LABEL = compiled(lambda w: rf"(?:{alternatives(w['labels']['share_of'])})")
_ID_STOP = PerLanguage(lambda lang: frozenset(_folded(word) for word in of(lang)["ids"]["stop"]))
_POSSESSIVE = re.compile(r"^.*[’']s\s+")


@dataclass(frozen=True)
class Proposal:
    """A proposed observation of a proposed fact, with how sure it is and which fields a person must check."""

    source: str
    quote: str
    value: int | float | str
    unit: str
    qualifier: str
    period: str
    status: str
    entity: str | None
    label: str | None
    converted: tuple[int | float, str] | None = None
    confidence: str = "medium"
    checks: tuple[str, ...] = ()
    fact_id: str | None = None
    known_as: str | None = None  # the id of the store's fact that already holds this figure


@dataclass
class Article:
    """One article to read: its id (the id quotes are cited by), its language and where it lies in the text."""

    id: str
    language: str
    published: str  # as the source states it: "2024-11-18", "2024-11", "2017"
    start: int
    end: int
    family: frozenset[str] = field(default_factory=frozenset)  # the ids a stored quote of it may cite
    breaks: frozenset[int] = field(default_factory=frozenset)  # where the stored text had line breaks


def propose(text: str, article: Article, found: list[Mention]) -> list[Proposal]:
    """Every figure of `article` in the whitespace-normalised `text`, as proposals in reading order."""
    year = int(article.published[:4])
    proposals: list[Proposal] = []
    headline: list[Proposal] = []  # a headline's figures, dropped where the text states the same figure
    previous, before = None, []
    for sentence in sentences(text, article.start, article.end, article.breaks, article.language):
        words = text[sentence.start:sentence.end]
        figures, temporal = find_figures(words, article.language, year, _text(text, previous))
        figures = [_shifted(f, sentence.start) for f in figures]
        temporal = _dated_by_sentence([_shifted(t, sentence.start) for t in temporal])
        same_period = _SAME_PERIOD[article.language].search(words) is not None
        if previous is None or (_new_paragraph(previous, sentence, article.breaks) and not same_period):
            before = []
        context = _Context(text, article, sentence, clauses(text, sentence), temporal, found, before, same_period)
        heading = _is_heading(text, sentence, article)
        for figure in figures:
            (headline if heading else proposals).append(_from_figure(context, figure))
        if not heading:
            for item in temporal:
                proposal = _from_temporal(context, item, figures)
                if proposal is not None:
                    proposals.append(proposal)
        # A sentence "in the same period" hands that period on to the next, as the one before it did.
        previous, before = sentence, (_dating(text, sentence, temporal, figures, article.language)
                                      or (before if same_period and figures else []))
    stated = {(p.value, p.unit) for p in proposals}
    proposals += [p for p in headline if (p.value, p.unit) not in stated]
    return sorted(proposals, key=lambda p: text.find(p.quote, article.start))


@dataclass(frozen=True)
class _Context:
    """What a figure's proposal is built from: its sentence, the sentence's clauses and temporal expressions.

    `before` holds the periods the previous sentence of the same paragraph
    states (of any paragraph when `same_period`: the sentence says "in the
    same period").
    """

    text: str
    article: Article
    sentence: Span
    parts: list[Span]
    temporal: list[Temporal]
    found: list[Mention]
    before: list[Temporal]
    same_period: bool = False


def _text(text: str, span: Span | None) -> str:
    return "" if span is None else text[span.start:span.end]


def _new_paragraph(previous: Span, sentence: Span, breaks: frozenset[int]) -> bool:
    """Whether a line break of the stored text lies between two sentences."""
    return any(previous.end <= offset < sentence.start for offset in breaks)


def _is_heading(text: str, sentence: Span, article: Article) -> bool:
    """A line of its own without a final stop: a headline, whose year dates what it announces."""
    return sentence.end in article.breaks and not text[sentence.start:sentence.end].rstrip().endswith(STOPS)


def _dating(text: str, sentence: Span, temporal: list[Temporal], figures: list[Figure], lang: str) -> list[Temporal]:
    """The years a sentence dates its figures by, which the next sentence of its paragraph may go on with.

    None from a sentence without figures: its year is an event of its own ("In 1994, the first firms came").
    """
    if not figures:
        return []
    return [t for t in _stated(text, sentence, temporal, lang) if _YEARS.fullmatch(t.period)]


def _stated(text: str, sentence: Span, temporal: list[Temporal], lang: str) -> list[Temporal]:
    """The periods a sentence states for what it says (not the baselines it compares with)."""
    return [t for t in temporal if not _BASELINE[lang].search(text[sentence.start:t.start])]


def _shifted(item, offset: int):
    return dataclasses.replace(item, start=item.start + offset, end=item.end + offset)


def _dated_by_sentence(temporal: list[Temporal]) -> list[Temporal]:
    """A day or month without its year takes the year the sentence states ("The 2024 conference, on Nov 12")."""
    years = [t for t in temporal if re.fullmatch(r"\d{4}", t.period)]
    if not years:
        return temporal
    stated = years[0].period
    dated = []
    for t in temporal:
        if t.guessed and re.match(r"\d{4}-\d{2}", t.period):
            period = stated + t.period[4:]
            dated.append(Temporal(t.start, t.end, period, period if t.value is not None else None))
        else:
            dated.append(t)
    return dated


def _clause_of(parts: list[Span], start: int) -> int:
    return next((i for i, span in enumerate(parts) if span.start <= start < span.end), len(parts) - 1)


def _is_intro(text: str, span: Span, temporal: list[Temporal]) -> bool:
    """A clause that only dates what follows: "By 2023", "Also in 2016", "En 1994"."""
    inside = [t for t in temporal if span.start <= t.start < span.end]
    if not inside:
        return False
    rest = text[span.start:inside[0].start] + text[inside[-1].end:span.end]
    return len(rest.split()) <= _INTRO_WORDS - 1


def _aside(text: str, sentence: Span, position: int) -> Span | None:
    """The parenthesis of the sentence that holds `position` ("(la zone compte environ 230 entreprises)"), if any."""
    opening = text.rfind("(", sentence.start, position)
    closing = text.find(")", position, sentence.end)
    if opening < 0 or closing < 0 or text.find(")", opening, position) >= 0:
        return None
    return Span(opening + 1, closing)


def _quote(text: str, sentence: Span, parts: list[Span], position: int,
           temporal: list[Temporal]) -> tuple[str, Span]:
    """The clause that carries a figure, with the clause before it when that one only dates it.

    A figure inside an aside in parentheses is quoted by that aside alone.
    """
    aside = _aside(text, sentence, position)
    if aside is not None:
        return text[aside.start:aside.end], aside
    index = _clause_of(parts, position)
    span = parts[index]
    # A date before a dash is a dateline, which dates the article, not the figure.
    dateline = index > 0 and any(dash in text[parts[index - 1].end:span.start] for dash in DASHES)
    if index > 0 and not dateline and _is_intro(text, parts[index - 1], temporal):
        span = Span(parts[index - 1].start, span.end)
    return text[span.start:span.end], span


def _period(figure: Figure, span: Span, context: _Context) -> tuple[str, str | None]:
    """The period a figure is stated for, and the check it needs when the text does not state it beside it.

    The period of its clause, else of its sentence, else the last one the
    sentence before (in the same paragraph, or in any when the sentence says
    "in the same period") states, else the article's year.
    """
    usable = _stated(context.text, context.sentence, context.temporal, context.article.language)
    for scope in (span, context.sentence):
        near = [t for t in usable if scope.start <= t.start < scope.end]
        if near:
            best = min(near, key=lambda t: min(abs(t.start - figure.end), abs(figure.start - t.end)))
            return best.period, None
    if context.before:
        if context.same_period:
            return context.before[-1].period, "period: the same period as the sentence before, which states it"
        return context.before[-1].period, "period: stated in the sentence before, none in this one"
    return context.article.published[:4], "period: the article's year, the text states none"


def _status(text: str, sentence: Span, span: Span, lang: str, year: int) -> str:
    """`target` when the sentence up to the figure's clause speaks of a plan, an aim or the future."""
    head = text[sentence.start if text[span.start - 1:span.start] != "(" else span.start:span.end]
    if _TARGET[lang].search(head):
        return "target"
    return "target" if any(int(y) > year for y in _BY_YEAR[lang].findall(head)) else "actual"


def _label(text: str, span: Span, figure: Figure, lang: str) -> str | None:
    """A label in the article's language: what a count counts, else the subject of the figure's clause."""
    if figure.unit == "count" and figure.noun:
        label = _trimmed(figure.noun, lang) or figure.noun  # "d’EVP de conteneurs" → "EVP de conteneurs"
    elif figure.unit == "percent" and _SHARE_LABEL[lang].match(figure.noun):
        label = f"{of(lang)['labels']['share']} {figure.noun}"
    else:
        label = _subject(text[span.start:figure.start], lang) or figure.noun
    label = label.strip(" ,.;:“”\"«»")
    if len(label) > _LABEL_LIMIT:
        label = label[:_LABEL_LIMIT].rsplit(" ", 1)[0]
    return label or None


def _subject(before: str, lang: str) -> str:
    """The noun phrase the words of a clause before its figure name ("aquatic product output").

    After the last comma, before the first verb, without the owner ("the
    city's"), the articles, prepositions and numbers at either end.
    """
    phrase = re.split(r"[,;:()]", before)[-1]
    parts = [_trimmed(part, lang) for part in _VERB[lang].split(phrase)]
    return parts[0] or parts[-1]


def _trimmed(phrase: str, lang: str) -> str:
    """`phrase` without its owner ("the city's") and the articles, prepositions and numbers at either end."""
    if of(lang)["labels"]["possessive"]:
        phrase = _POSSESSIVE.sub("", phrase)
    words = phrase.split()
    while words and (_edge(words[0], lang) or _ELISION[lang].match(words[0])):
        if _ELISION[lang].match(words[0]) and not _edge(words[0], lang):
            words[0] = _ELISION[lang].sub("", words[0])  # "l’industrie" → "industrie"
        else:
            words.pop(0)
    while words and _edge(words[-1], lang):
        words.pop()
    return " ".join(words)


def _edge(word: str, lang: str) -> bool:
    """Whether a word cannot begin or end a label: an article, a preposition, a number, "d’" alone."""
    bare = word.lower().strip("“”\"«»")
    return bare in _EDGE_WORDS[lang] or any(c.isdigit() for c in bare) or bare.rstrip("’'") in _EDGE_WORDS[lang]


def _from_figure(context: _Context, figure: Figure) -> Proposal:
    text, article, sentence = context.text, context.article, context.sentence
    quote, span = _quote(text, sentence, context.parts, figure.start, context.temporal)
    if not (span.start <= figure.start and figure.end <= span.end):
        span = Span(min(span.start, figure.start), max(span.end, figure.end))
        quote = text[span.start:span.end]
    period, period_check = _period(figure, span, context)
    entity, entity_check = entity_at(context.found, sentence, span, figure.start)
    checks = [*figure.doubts, *filter(None, (period_check, entity_check))]
    confidence = "low" if figure.doubts or entity is None else (
        "high" if not entity_check and not period_check and not figure.spelled else "medium")
    return Proposal(article.id, quote, figure.value, figure.unit, figure.qualifier, period,
                    _status(text, sentence, span, article.language, int(article.published[:4])), entity,
                    _label(text, span, figure, article.language), figure.converted, confidence, tuple(checks))


def _from_temporal(context: _Context, item: Temporal, figures: list[Figure]) -> Proposal | None:
    """A year or a date stated for itself ("In 1994, the first enterprises gathered"); None when it dates a figure."""
    text, article, sentence, parts = context.text, context.article, context.sentence, context.parts
    if item.value is None or str(item.value) == article.published:
        return None  # only a period, or the dateline
    index = _clause_of(parts, item.start)
    scope = [parts[index]]
    if _is_intro(text, parts[index], context.temporal) and index + 1 < len(parts):
        scope.append(parts[index + 1])
    if any(s.start <= f.start < s.end for s in scope for f in figures):
        return None  # it dates a figure of its clause
    span = Span(scope[0].start, scope[-1].end)
    unit = "year" if isinstance(item.value, int) else "date"
    entity, entity_check = entity_at(context.found, sentence, span, item.start)
    checks = ["label: say what happened that year" if unit == "year" else "label: say what happened that day"]
    if item.guessed:
        checks.append("value: the year is the article's, the text states none")
    if entity_check:
        checks.append(entity_check)
    period = str(item.value) if unit == "year" else str(item.value)[:7]
    return Proposal(article.id, text[span.start:span.end], item.value, unit, "exact", period,
                    _status(text, sentence, span, article.language, int(article.published[:4])),
                    entity, None, None, "low" if item.guessed or entity is None else "medium", tuple(checks))


def known_fact(proposal: Proposal, facts: list[Fact], family: frozenset[str]) -> str | None:
    """The id of a stored fact holding the same figure: same value and unit, and the same entity or source.

    Where several do, the one whose quote shares the proposal's clause wins,
    then one of the same source, then one with the same qualifier.
    """
    best, best_score = None, None
    for fact in facts:
        if fact.unit != proposal.unit:
            continue
        for observation in fact.observations:
            if observation.value != proposal.value:
                continue
            quotes = [(observation.source_id, observation.quote), *((q.source_id, q.text) for q in observation.also)]
            cited = {source for source, _quote in quotes}
            if fact.entity != proposal.entity and not cited & family:
                continue
            overlap = any(source in family and (quote in proposal.quote or proposal.quote in quote)
                          for source, quote in quotes)
            score = (overlap, bool(cited & family), observation.qualifier == proposal.qualifier)
            if best_score is None or score > best_score:
                best, best_score = fact.id, score
    return best


def suggested_id(entity: str | None, label: str | None, unit: str, taken: set[str], lang: str) -> str | None:
    """`<entity>.<first words of the label>`, free among `taken` (which it joins); None without an entity.

    The label's words in `lang` that say little ("the", "de") are left out.
    """
    if entity is None:
        return None
    words = [w for w in re.findall(r"[a-z0-9]+", _folded(label or "")) if w not in _ID_STOP[lang]][:_ID_WORDS] or [unit]
    if words[0][0].isdigit():
        words.insert(0, unit)
    base = f"{entity}.{'_'.join(words)}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _folded(text: str) -> str:
    """`text` in lower-case ASCII, as an id is written: "Ville d’été" → "ville dete"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
