"""Find the figures one sentence states: a number with its unit, its qualifier and the source's own conversion.

Every figure is read in its base unit ("18 billion yuan" is 18000000000
CNY). What is not a figure is left out, each for a reason a reader can see
in the sentence: a base ("per 10,000 companies", "pour chaque tranche de
10 000"), a part of a name ("Fortune Global 500", "Plan 2.0", "Five-Year
Plan", "industrie 4.0"), an area in km² (no unit of the store), two things
already named ("les deux partenaires"), a class of a ranking ("top 100",
"les 100 meilleures": the store has no "at most" qualifier), an ordinal no
ranking is spoken of ("14th"), and the years, which are temporal
expressions (see temporal) unless a unit follows ("2000 mu").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal

from briefgen.intake import numbers
from briefgen.intake.temporal import YEAR, Temporal, find_temporal, year_of_event
from briefgen.intake.words import PerLanguage, alternatives, compiled, of


def _units(lang: str) -> list[tuple[re.Pattern, str]]:
    """Each unit's pattern after a number, in the order the file writes them: its words after a space or a
    hyphen (and a joiner, "de", "d’"), its symbols right after the number or after a space."""
    words = of(lang)
    joiner = rf"(?:{alternatives(words['unit_joiners']['before'])})?"
    found = []
    for unit in dict.fromkeys([*words["units"], *words["unit_symbols"]]):
        forms = []
        if words["units"].get(unit):
            forms.append(rf"[\s-]{joiner}(?:{alternatives(words['units'][unit])})")
        if words["unit_symbols"].get(unit):
            forms.append(rf"\s?(?:{alternatives(words['unit_symbols'][unit])})")
        found.append((re.compile("|".join(forms), re.IGNORECASE), unit))
    return found


_UNIT = PerLanguage(_units)


def _percent(lang: str) -> str:
    return next(pattern.pattern for pattern, unit in _UNIT[lang] if unit == "percent")


def _and_or(lang: str) -> str:
    conjunctions = of(lang)["conjunctions"]
    return alternatives([*conjunctions["and"], *conjunctions["or"]])


_CURRENCY_BEFORE = re.compile(r"(?:(?P<USD>US\$|\\?\$|USD)|(?P<EUR>€|EUR)|(?P<CNY>RMB|CNY|¥))\s?$")
_SCALE = PerLanguage(lambda lang: re.compile(rf"\s?(?P<scale>{alternatives(list(numbers.SCALES[lang]))})",
                                             re.IGNORECASE))

_MONEY_SCALE = compiled(lambda w: rf"\s?(?P<scale>{alternatives(list(w['money_scales']))})", flags=0)
_SYMBOL_AFTER = re.compile(r"\s?(?:US\$|\$|€|¥|(?:USD|EUR|CNY|RMB)\b)")


def _money_scale(sentence: str, number: _Number, end: int, lang: str) -> re.Match | None:
    """A short scale after the number ("M", "Md", "m"), when a currency symbol or code stands before the number or after it."""
    short = _MONEY_SCALE[lang].match(sentence, end)
    if short and (_CURRENCY_BEFORE.search(sentence[:number.start]) or _SYMBOL_AFTER.match(sentence, short.end())):
        return short
    return None


_QUALIFIER = PerLanguage(lambda lang: [(name, re.compile(rf"(?<![\w-])(?:{alternatives(words)})(?:\s+|(?<=[’']))$",
                                                          re.IGNORECASE))
                                       for name, words in of(lang)["qualifiers"].items()])
"""Each qualifier with the words before a figure that state it, tried in the order the file writes them."""
_AT_LEAST_AFTER = compiled(lambda w: rf"(?:\s+|-)(?:{alternatives(w['qualifiers_after']['at_least'])})")
_NOT_QUALIFIER = compiled(lambda w: rf"\b(?:{alternatives(w['not_qualifiers']['before'])})\s+$")
""""spread over 14 buildings", "over the past 30 years": there `over` says where or how long, not "more than"."""


def _changes(lang: str) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """Before a percent, a rise and a fall; after it, a rise; before it, a rise word that states a share.

    Before the percent, up to two words may qualify the rise or fall ("growth
    rate of", "croissance externe de"); "making up 28 percent" is a share.
    """
    growth = of(lang)["growth"]
    qualifying = rf"(?:\s+(?!(?:{alternatives(growth['determiners'])}))[^\W\d_][\w-]*){{0,2}}"
    by = alternatives(growth["by"])

    def before(kind: str) -> re.Pattern:
        return re.compile(rf"\b(?:{alternatives(growth[kind])})(?:{qualifying}\s+(?:{by}))?\s*$", re.IGNORECASE)

    after = re.compile(rf"\s*(?:{alternatives(growth['rise_after'])})", re.IGNORECASE)
    return before("rise"), before("fall"), after, before("share")


_GROWTH = PerLanguage(_changes)
_SIGN = re.compile(r"(?:^|(?<=[\s(/]))(?P<sign>[+\-−])$")
_SHARED_PERCENT = PerLanguage(lambda lang: re.compile(
    rf"(?:\s*,\s*|\s+(?:{_and_or(lang)})\s+)(?:{numbers.DIGITS[lang].pattern})(?:{_percent(lang)})",
    re.IGNORECASE))
"""After a number, a percent it is paired with: "fell by 2 and 3 percent"."""
_DURATION = compiled(lambda w: rf"(?:(?:{alternatives(w['durations']['between'])})\s+)?"
                                rf"(?:{alternatives(w['durations']['words'])})")
# Between two percents of one change: a comma, "and", "et", "/", after a few words at most
# ("de 2 % en nombre d'entreprises et 4 %"); a share of a whole ("30 percent of the firms") is no follow-up.
_FOLLOW_UP = PerLanguage(lambda lang: re.compile(
    rf"(?:\s+[^\W\d_][\w’'-]*){{0,4}}\s*(?:,\s*(?:(?:{alternatives(of(lang)['conjunctions']['and'])})\s+)?|"
    rf"\s(?:{_and_or(lang)})\s+|/\s*)(?:(?:{alternatives(of(lang)['growth']['again'])})\s+)?"))
_SHARE_OF = compiled(lambda w: rf"(?:{alternatives(w['growth']['share_of'])})")

_RANK_WORDS = compiled(lambda w: rf"\b(?:{alternatives(w['ranks']['words'])})")
_RANK_BESIDE = compiled(lambda w: rf"\b(?:{alternatives(w['ranks']['beside'])})")
"""What names a ranking right beside an ordinal word: "ranked third", "au troisième rang", "the second-highest"."""
_ORDINAL = compiled(lambda w: rf"(?:{alternatives(w['ranks']['suffixes'])})", 0)
_BASE_BEFORE = compiled(lambda w: rf"(?<![\w-])(?:{alternatives(w['figures']['base_before'])})\s+$")
_CLASS_AFTER = compiled(lambda w: rf"\s+(?:{alternatives(w['ranks']['class_after'])})")
_BOTH = compiled(lambda w: rf"\b(?:{alternatives(w['figures']['both_before'])})\s+$")
"""Before "two"/"deux", a reference to two things already named ("les deux partenaires", "tous deux")."""
_OTHER_UNIT = compiled(lambda w: rf"[\s-]?(?:{alternatives(w['other_units']['words'])})")
_VERSION = re.compile(r"\d+\.\d+(?!\d)")
_OPENING = re.compile(r"\s*\(")
_NAME_BEFORE = re.compile(r"\S\s+[A-Z][\w’'.&-]*\s+$")
_RANGE = compiled(lambda w: rf"\s*(?:{alternatives(w['ranges']['to'])}|-|–|—)\s*", 0)
_RANGE_OPENER = compiled(lambda w: rf"\b(?:{alternatives(w['ranges']['opener'])})\s+$")
_NOUN_STOP = PerLanguage(lambda lang: frozenset(of(lang)["nouns"]["stop"]))
_CLAUSE_AFTER_AND = compiled(lambda w: rf"\s+(?:{alternatives(w['nouns']['after_and'])}|\d)", 0)
"""After "and" in what a figure counts, the start of another clause: "… and their …"."""
_WORD = re.compile(r"[\w“”\"«»’'\-]+|[«»“”\"]")
_NOUN_WORDS = 6


@dataclass(frozen=True)
class Figure:
    """A figure of a sentence at [start, end): from its qualifier or currency sign to its unit or conversion.

    `value` is in the base `unit`; `converted` is the source's own conversion
    (value, unit) or None; `noun` holds the words that follow it (what it
    counts); `doubts` name what a person must check ("value: a range, 20 to 30").
    """

    start: int
    end: int
    value: int | float
    unit: str
    qualifier: str
    converted: tuple[int | float, str] | None
    noun: str
    doubts: tuple[str, ...] = ()
    spelled: bool = False


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: Decimal
    spelled: bool = False
    fraction: bool = False
    ordinal: bool = False  # an ordinal in words ("third"), read as a rank only beside a ranking
    round: bool = False  # a noun of a round number ("une centaine"), about that many unless a qualifier says more


def find_figures(sentence: str, lang: str, year: int, before: str = "") -> tuple[list[Figure], list[Temporal]]:
    """The figures and temporal expressions of `sentence` (offsets within it).

    `year` is the publication's, for "this year"; `before` is the sentence
    that precedes, where a ranking may have been named ("the city's ranking
    in the index … has risen from 80 in 2019 to 20").
    """
    temporal = find_temporal(sentence, lang, year)
    taken = [(t.start, t.end) for t in temporal]
    figures: list[Figure] = []
    consumed = 0
    for number in _numbers(sentence, lang, taken):
        if number.start < consumed:
            continue
        if not number.spelled and not number.fraction and _is_year(sentence, number, lang):
            value = int(number.value)
            event = year_of_event(sentence, number.start, lang)
            temporal.append(Temporal(number.start, number.end, str(value), value if event else None))
            continue
        figure = _figure(sentence, number, lang, before)
        if figure is not None:
            figures.append(figure)
            consumed = figure.end
    return _coordinated(sentence, figures, lang), sorted(temporal, key=lambda t: t.start)


def _coordinated(sentence: str, figures: list[Figure], lang: str) -> list[Figure]:
    """A percent joined to a change before it ("rose 19.5 and 4.8 percent") is a change too, of the same sign."""
    result: list[Figure] = []
    for figure in figures:
        previous = result[-1] if result else None
        if (previous is not None and previous.unit == "growth" and figure.unit == "percent"
                and _FOLLOW_UP[lang].fullmatch(sentence, previous.end, figure.start)
                and not _SHARE_OF[lang].match(figure.noun)):
            value = -figure.value if previous.value < 0 else figure.value
            figure = dataclasses.replace(figure, unit="growth", value=value)
        result.append(figure)
    return result


def _numbers(sentence: str, lang: str, taken: list[tuple[int, int]]) -> list[_Number]:
    found: list[_Number] = []
    for match in numbers.FRACTIONS[lang].finditer(sentence):
        value = numbers.fraction_percent(match["num"], match["den"], lang)
        found.append(_Number(match.start(), match.end(), value, spelled=True, fraction=True))
    for match in numbers.HALF[lang].finditer(sentence):
        found.append(_Number(match.start(), match.end(), Decimal(50), spelled=True, fraction=True))
    for match in numbers.NUMBER_WORDS[lang].finditer(sentence):
        value = numbers.words_value(match.group(), lang)
        if value is not None:
            found.append(_Number(match.start(), match.end(), Decimal(value), spelled=True))
    for match in numbers.ONE_SCALED[lang].finditer(sentence):
        found.append(_Number(match.start(), match.end(), Decimal(1), spelled=True))
    for match in numbers.ROUND_NUMBERS[lang].finditer(sentence):
        value = numbers.round_value(match["noun"], lang)
        found.append(_Number(match.start(), match.end(), Decimal(value), spelled=True, round=True))
    for match in numbers.DIGITS[lang].finditer(sentence):
        found.append(_Number(match.start(), match.end(), numbers.digits_value(match.group(), lang)))
    for match in numbers.ORDINAL_WORDS[lang].finditer(sentence):
        if _RANK_BESIDE[lang].search(sentence[max(0, match.start() - 30):match.end() + 30]):
            value = numbers.ordinal_value(match.group(), lang)
            found.append(_Number(match.start(), match.end(), Decimal(value), spelled=True, ordinal=True))
    found.sort(key=lambda n: (n.start, -n.end))
    kept: list[_Number] = []
    for number in found:
        if any(start < number.end and number.start < end for start, end in taken):
            continue
        if kept and number.start < kept[-1].end:
            continue
        kept.append(number)
    return kept


def _is_year(sentence: str, number: _Number, lang: str) -> bool:
    """A four-digit number from 1800 to 2100, written without separators, with no scale or unit after it."""
    if not YEAR.fullmatch(sentence[number.start:number.end]):
        return False
    return not _scale_or_unit(sentence[number.end:], lang)


def _scale_or_unit(after: str, lang: str) -> bool:
    """Whether `after`, what follows a number, starts with a scale or a unit."""
    return bool(_SCALE[lang].match(after)) or _unit_follows(after, lang)


def _unit_follows(after: str, lang: str) -> bool:
    """Whether `after`, what follows a number, starts with a unit of the store ("mètres carrés", "yuan", "%")."""
    return any(pattern.match(after) for pattern, _unit in _UNIT[lang])


def _no_figure(sentence: str, number: _Number, lang: str) -> bool:
    """Whether the number is a base, a class of a ranking, part of a name or a word, or in a unit the store lacks."""
    head, tail = sentence[:number.start], sentence[number.end:]
    written = sentence[number.start:number.end]
    if _BASE_BEFORE[lang].search(head) or _CLASS_AFTER[lang].match(tail) or re.match(r"[A-Za-z]-$", head[-2:]):
        return True
    if _OTHER_UNIT[lang].match(tail) and not _unit_follows(tail, lang):
        return True  # "12 km²", "a 40-foot box": no unit of the store (which "mètres carrés" is); "deux fois plus"
    if re.search(r"[^\W\d_]$", head) and not _CURRENCY_BEFORE.search(head):
        return True  # "A380", "Q3", "H1": a code; "RMB5.6 billion" is money
    if number.spelled:
        if number.value == 2 and not (number.fraction or number.ordinal) and _BOTH[lang].search(head):
            return True
        # "the 14th Five-Year Plan": a capitalised number word in mid-sentence is part of a name
        return written[0].isupper() and bool(head.strip()) and not head.rstrip().endswith(("-", "–", ":"))
    if _NAME_BEFORE.search(head) and not _qualifier(head, lang) and not _CURRENCY_BEFORE.search(head):
        return True  # "Fortune Global 500", "Plan 2.0"; "RMB 5.6 billion" is money
    glued = (re.match(r"[^\W\d_]", tail) and not _ORDINAL[lang].match(tail) and not _SCALE[lang].match(tail)
             and not _money_scale(sentence, number, number.end, lang))
    if glued and not _unit_follows(tail, lang):
        return True  # "5G", "A380" and the like; "50000m²" and "5.6bn" are figures
    return _is_version(sentence, number, lang)


def _is_version(sentence: str, number: _Number, lang: str) -> bool:
    """"Industry 4.0", "industrie 4.0", "Web 3.0": a dotted number right after a word, with no unit, names a thing."""
    version = _VERSION.match(sentence, number.start)
    if version is None or not re.search(r"[^\W\d_]\s$", sentence[:number.start]):
        return False
    written = sentence[number.start:number.end]
    if "." in of(lang)["digits"]["group_alone"] and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", written):
        return False  # "avec 36.300 emplois": thousands, as French also writes them
    return not _scale_or_unit(sentence[version.end():], lang)


def _figure(sentence: str, number: _Number, lang: str, before: str) -> Figure | None:
    head, tail = sentence[:number.start], sentence[number.end:]
    written = sentence[number.start:number.end]
    if _no_figure(sentence, number, lang):
        return None
    if number.ordinal or (not number.spelled and _ORDINAL[lang].match(tail)):
        return _ordinal(sentence, number, lang, before)
    doubts: list[str] = []
    value, end = number.value, number.end
    upper = _range_end(sentence, number, lang)
    if upper is not None:
        doubts.append(f"value: a range, {written} to {sentence[upper.start:upper.end]}; the lower bound is proposed")
        end = upper.end
    scale = _SCALE[lang].match(sentence, end) if not number.fraction else None
    if scale:
        factor = numbers.SCALES[lang][scale["scale"].lower()]
        value, end = value * factor, scale.end()
    elif (short := _money_scale(sentence, number, end, lang)) is not None and not number.fraction:
        value, end = value * 10 ** of(lang)["money_scales"][short["scale"]], short.end()
    start = number.start
    unit = "percent" if number.fraction else None
    currency = _CURRENCY_BEFORE.search(head)
    if currency and unit is None:
        unit, start = currency.lastgroup, currency.start()
    if unit is None:
        for pattern, candidate in _UNIT[lang]:
            match = pattern.match(sentence, end)
            if match:
                unit, end = candidate, match.end()
                break
    if unit is None and _SHARED_PERCENT[lang].match(sentence, end):
        unit = "percent"  # "fell by 2 and 3 percent": the unit of the number it is paired with
    converted, end = _conversion(sentence, end, lang)
    qualifier = _qualifier(sentence[:start], lang)
    if qualifier is None and _AT_LEAST_AFTER[lang].match(sentence, end):
        qualifier = "at_least"
    if upper is not None:
        qualifier = "at_least"
    if qualifier is None and number.round:
        qualifier = "about"
    if qualifier is not None:
        start = _qualifier_start(sentence[:start], lang)
    noun = _noun(sentence[end:], lang)
    if unit is None:
        if not noun.strip("-"):
            ranking = _RANK_WORDS[lang].search(sentence) or _RANK_WORDS[lang].search(before)
            # "more than 220" is no place in a ranking, whatever ranking the sentences speak of.
            if sentence[end:].strip(" -–") == "" or not ranking or qualifier is not None:
                if not sentence[end:].strip(" -–"):
                    return None  # a number cut off by the end of the text
                doubts.append("unit: nothing follows the number; a count is proposed")
                unit = "count"
            else:
                doubts.append("unit: a bare number beside a ranking; a rank is proposed")
                unit = "rank"
        else:
            unit = "count"
    if unit == "percent":
        unit, value, start = _change(sentence, start, end, value, lang)
    if unit in ("count", "rank") and value != value.to_integral_value():
        return None  # "2.0", "1.5 times": no whole number of things
    duration = _DURATION[lang].match(noun) if unit == "count" else None
    if duration:
        doubts.append(f"unit: a duration ({written} {duration.group()}); delete it unless the span is a figure itself")
    if number.fraction and number.value != number.value.to_integral_value():
        doubts.append("value: a fraction, rounded to six decimals")
    return Figure(start, end, numbers.plain(value), unit, qualifier or "exact", converted, noun, tuple(doubts),
                  number.spelled)


def _ordinal(sentence: str, number: _Number, lang: str, before: str) -> Figure | None:
    """"ranked 20th", "au 20e rang": a rank when the sentence (or the one before) speaks of a ranking."""
    if not (number.ordinal or _RANK_WORDS[lang].search(sentence) or _RANK_WORDS[lang].search(before)):
        return None
    suffix = _ORDINAL[lang].match(sentence, number.end)
    end = suffix.end() if suffix else number.end
    qualifier = _qualifier(sentence[:number.start], lang)
    return Figure(_qualifier_start(sentence[:number.start], lang) if qualifier else number.start, end,
                  int(number.value), "rank", qualifier or "exact", None, _noun(sentence[end:], lang))


def _range_end(sentence: str, number: _Number, lang: str) -> _Number | None:
    """The upper bound of "between 20 and 30", "de 20 à 30", "20–30", or None."""
    joiner = _RANGE[lang].match(sentence, number.end)
    if joiner is None:
        return None
    dash = joiner.group().strip() in ("-", "–", "—")
    if not dash and not _RANGE_OPENER[lang].search(sentence[:number.start]):
        return None
    match = numbers.DIGITS[lang].match(sentence, joiner.end())
    if match is None:
        return None
    upper = numbers.digits_value(match.group(), lang)
    return _Number(match.start(), match.end(), upper) if upper > number.value else None


def _conversion(sentence: str, end: int, lang: str) -> tuple[tuple[int | float, str] | None, int]:
    """The source's own conversion right after a figure, "($3.4 billion)" or "(133,33 hectares)", and its end."""
    opening = _OPENING.match(sentence, end)
    closing = sentence.find(")", end)
    if opening is None or closing < 0:
        return None, end
    inner = sentence[opening.end():closing]
    found = _inner_figures(inner, lang)
    if len(found) != 1 or found[0].unit not in ("CNY", "USD", "EUR", "mu", "ha", "m2", "tonne"):
        return None, end
    if inner[found[0].end:].strip():
        return None, end
    return (found[0].value, found[0].unit), closing + 1


def _inner_figures(inner: str, lang: str) -> list[Figure]:
    figures = []
    for number in _numbers(inner, lang, []):
        figure = _figure(inner, number, lang, "")
        if figure is not None:
            figures.append(figure)
    return figures


def _qualifier(head: str, lang: str) -> str | None:
    if _NOT_QUALIFIER[lang].search(head):
        return None
    for qualifier, pattern in _QUALIFIER[lang]:
        if pattern.search(head):
            return qualifier
    return None


def _qualifier_start(head: str, lang: str) -> int:
    for _qualifier_name, pattern in _QUALIFIER[lang]:
        match = pattern.search(head)
        if match:
            return match.start()
    return len(head)


def _change(sentence: str, start: int, end: int, value: Decimal, lang: str) -> tuple[str, Decimal, int]:
    """A percent's unit, value and start: a signed one ("+2 %", "-3 %") is a change, with its sign; else see _growth."""
    sign = _SIGN.search(sentence, 0, start)
    if sign is not None:
        return "growth", -value if sign["sign"] != "+" else value, sign.start("sign")
    return (*_growth(sentence, start, end, value, lang), start)


def _growth(sentence: str, start: int, end: int, value: Decimal, lang: str) -> tuple[str, Decimal]:
    """A percent is a change (unit growth, negative for a fall) when a rise or fall is spoken of; else a share.

    "10.3 percent reduction" stays a share: the size of a cut, as of its base.
    """
    rise, fall, rise_after, share = _GROWTH[lang]
    head = sentence[:start]
    if (rise.search(head) and not share.search(head)) or rise_after.match(sentence, end):
        return "growth", value
    if fall.search(head):
        return "growth", -value
    return "percent", value


def _noun(after: str, lang: str) -> str:
    """The words that follow a figure, up to a preposition, a verb or a punctuation: what it counts."""
    rest = after.lstrip("-")
    words: list[str] = []
    position = 0
    while len(words) < _NOUN_WORDS:
        match = _WORD.match(rest, len(rest) - len(rest[position:].lstrip(" ")))
        if match is None:
            break  # a comma, a colon, a parenthesis or the end: the phrase ended
        word = match.group()
        if word.lower() in _NOUN_STOP[lang] or any(c.isdigit() for c in word):
            break
        if word.lower() in of(lang)["conjunctions"]["and"] and _CLAUSE_AFTER_AND[lang].match(rest, match.end()):
            break
        words.append(word)
        position = match.end()
    return " ".join(words).strip("-")
