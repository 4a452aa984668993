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

_UNITS = {
    "en": [
        (r"[\s-]?(?:%|per\s?cent\b|percentage\s+points?\b)", "percent"),
        (r"\s(?:yuan|RMB|renminbi)\b", "CNY"),
        (r"\s(?:US\s)?dollars\b", "USD"),
        (r"\s(?:euros?)\b", "EUR"),
        (r"\smu\b", "mu"),
        (r"[\s-](?:hectares?\b)|\s?ha\b", "ha"),
        (r"[\s-](?:square[\s-]+met(?:er|re)s?\b|sq\.?\s?m\b)|\s?(?:m2\b|m²)", "m2"),
        (r"[\s-](?:metric\s+)?(?:tons?|tonnes?)\b", "tonne"),
    ],
    "fr": [
        (r"\s?(?:%|pour\s?cent\b|points?\s+de\s+pourcentage\b)", "percent"),
        (r"\s(?:de\s|d[’'])?(?:yuans?|RMB|renminbi)\b", "CNY"),
        (r"\s(?:de\s)?dollars(?:\s(?:américains|US))?\b", "USD"),
        (r"\s?(?:d[’']euros\b|euros?\b|€)", "EUR"),
        (r"\s(?:de\s)?mu\b", "mu"),
        (r"\s(?:d[’'])?hectares?\b|\s?ha\b", "ha"),
        (r"\s(?:de\s)?mètres?\s+carrés\b|\s?m2\b|\s?m²", "m2"),
        (r"\s(?:de\s)?tonnes?\b", "tonne"),
    ],
}
_UNIT = {lang: [(re.compile(pattern, re.IGNORECASE), unit) for pattern, unit in units] for lang, units in _UNITS.items()}
_CURRENCY_BEFORE = re.compile(r"(?:(?P<USD>US\$|\\?\$|USD\s?)|(?P<EUR>€|EUR\s?)|(?P<CNY>RMB\s?|CNY\s?|¥))$")
_SCALE = {lang: re.compile(rf"\s(?P<scale>{'|'.join(scales)})\b", re.IGNORECASE) for lang, scales in numbers.SCALES.items()}

_QUALIFIERS = {
    "en": [
        ("more_than", r"more\s+than|over|exceed(?:ing|ed|s)?|surpass(?:ed|ing|es)?|above|upwards\s+of|in\s+excess\s+of"),
        ("nearly", r"nearly|almost|nearing|approaching|close\s+to|just\s+under"),
        ("about", r"approximately|around|about|roughly|some|an\s+estimated"),
        ("at_least", r"at\s+least|no\s+fewer\s+than|no\s+less\s+than"),
    ],
    "fr": [
        ("more_than", r"plus\s+de|plus\s+d[’']|dépass(?:ant|é|e|era|er|ait)|au-delà\s+de|supérieure?s?\s+à|excédant"),
        ("nearly", r"près\s+de|près\s+d[’']|presque|quasi|pratiquement"),
        ("about", r"environ|quelque|quelques|autour\s+de|approximativement"),
        ("at_least", r"au\s+moins|au\s+minimum|pas\s+moins\s+de"),
    ],
}
_QUALIFIER = {lang: [(q, re.compile(rf"(?<![\w-])(?:{words})\s+$", re.IGNORECASE)) for q, words in items]
              for lang, items in _QUALIFIERS.items()}
_AT_LEAST_AFTER = re.compile(r"\s+(?:or\s+more|and\s+above|ou\s+plus|et\s+plus)\b", re.IGNORECASE)
_SPREAD_OVER = re.compile(r"\b(?:spread|spreads|stretch(?:es|ed|ing)?|extend(?:s|ed|ing)?|scattered|distributed)"
                          r"\s+over\s+$", re.IGNORECASE)
""""spread over 14 buildings": there `over` says where, not "more than"."""
_DURING = re.compile(r"\b(?:over|during|in)\s+the\s+(?:past|last|next)\s+$", re.IGNORECASE)
""""Over the past 30 years" is a span of time, not more than 30 years."""

# A rise or a fall, then up to two words that qualify it ("growth rate of", "croissance externe de");
# "making up 28 percent" is a share.
_QUALIFYING = (r"(?:\s+(?!(?:the|a|an|its|their|this|le|la|les|des|du|de|ce|cette|son|sa|ses|leurs?)\b)"
               r"[^\W\d_][\w-]*){0,2}")
_RISE_BEFORE = {
    "en": rf"\b(?:(?<!make\s)(?<!makes\s)(?<!made\s)(?<!making\s)up|increas\w*|rose|rise|risen|grew|grow\w*|"
          rf"jump\w*|climb\w*|gain\w*|surg\w*|expand\w*)"
          rf"(?:{_QUALIFYING}\s+(?:by|of))?\s+$",
    "fr": rf"\b(?:hausse|augment\w*|croissance|progress\w*|cr[uû]|bond\w*)(?:{_QUALIFYING}\s+(?:de\s+|d[’']))?\s*$",
}
_FALL_BEFORE = {
    "en": rf"\b(?:down|decreas\w*|declin\w*|fell|fall\w*|dropp?\w*|shr[au]nk|contract\w*)"
          rf"(?:{_QUALIFYING}\s+(?:by|of))?\s+$",
    "fr": rf"\b(?:baisse|diminu\w*|recul\w*|repli\w*|chut\w*|contract\w*)(?:{_QUALIFYING}\s+(?:de\s+|d[’']))?\s*$",
}
_RISE_AFTER = {
    "en": r"\s*(?:year[- ]on[- ]year|yoy\b|increase|growth|rise\b|more\s+than\s+(?:in|a\s+year))",
    "fr": r"\s*(?:en\s+glissement\s+annuel|sur\s+un\s+an|de\s+hausse|de\s+croissance|d[’']augmentation|de\s+plus\b)",
}
_SIGN = re.compile(r"(?:^|(?<=[\s(/]))(?P<sign>[+\-−])$")
_SHARED_PERCENT = {"en": re.compile(r"(?:\s*,\s*|\s+(?:and|or)\s+)\d+(?:\.\d+)?\s?(?:%|per\s?cent\b)", re.IGNORECASE),
                   "fr": re.compile(r"(?:\s*,\s*|\s+(?:et|ou)\s+)\d+(?:,\d+)?\s?(?:%|pour\s?cent\b)", re.IGNORECASE)}
_DURATION = {"en": re.compile(r"(?:years?|months?|weeks?|days|decades?)\b", re.IGNORECASE),
             "fr": re.compile(r"(?:ans|années|mois|semaines|jours|décennies)\b", re.IGNORECASE)}
# Between two percents of one change: a comma, "and", "et", "/", after a few words at most
# ("de 2 % en nombre d'entreprises et 4 %"); a share of a whole ("30 percent of the firms") is no follow-up.
_FOLLOW_UP = {"en": re.compile(r"(?:\s+[^\W\d_][\w’'-]*){0,4}\s*(?:,\s*(?:and\s+)?|\s(?:and|or)\s+|/\s*)(?:by\s+)?"),
              "fr": re.compile(r"(?:\s+[^\W\d_][\w’'-]*){0,4}\s*(?:,\s*(?:et\s+)?|\s(?:et|ou)\s+|/\s*)(?:de\s+)?")}
_SHARE_OF = re.compile(r"(?:of\s+(?:the|its|their|all)|des|du|de\s+(?:la|l[’']|leurs?|ses))\b", re.IGNORECASE)
_GROWTH = {lang: (re.compile(_RISE_BEFORE[lang], re.IGNORECASE), re.compile(_FALL_BEFORE[lang], re.IGNORECASE),
                  re.compile(_RISE_AFTER[lang], re.IGNORECASE)) for lang in _RISE_BEFORE}

_RANK_WORDS = re.compile(r"\b(?:rank\w*|No\.|rang\w*|class(?:é|ée|és|ées|ement)\b|position\w*)", re.IGNORECASE)
_RANK_BESIDE = re.compile(r"\b(?:rank\w*|rang\w*|place|position)\b|-(?:highest|largest|biggest|best)\b|\bplus\s+(?:grand|important)",
                         re.IGNORECASE)
"""What names a ranking right beside an ordinal word: "ranked third", "au troisième rang", "the second-highest"."""
_ORDINAL = {"en": re.compile(r"(?:st|nd|rd|th)\b"), "fr": re.compile(r"(?:e|ème|eme|er|re|ᵉ)\b")}
_BASE_BEFORE = re.compile(r"(?<![\w-])(?:per|each|every|pour|par|chaque|tranche\s+de|top)\s+$", re.IGNORECASE)
_CLASS_AFTER = re.compile(r"\s+(?:meilleur|premi[eè]r|plus\s+grand|plus\s+important)", re.IGNORECASE)
_BOTH = re.compile(r"\b(?:the|these|those|both|les|ces|tous|toutes)\s+$", re.IGNORECASE)
"""Before "two"/"deux", a reference to two things already named ("les deux partenaires", "tous deux")."""
_OTHER_UNIT = re.compile(r"\s?(?:km²|km2\b|sq\.?\s?km\b|square[\s-]+kilomet(?:er|re)s?\b|kilomètres?\s+carrés\b)",
                         re.IGNORECASE)
_VERSION = re.compile(r"\d+\.\d+(?!\d)")
_NAME_BEFORE = re.compile(r"\S\s+[A-Z][\w’'.&-]*\s+$")
_RANGE = {
    "en": re.compile(r"\s*(?:to|-|–|—|and)\s*"),
    "fr": re.compile(r"\s*(?:à|-|–|—|et)\s*"),
}
_RANGE_OPENER = {"en": re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE),
                 "fr": re.compile(r"\b(?:entre|de)\s+$", re.IGNORECASE)}
_NOUN_STOP = {
    "en": set("in at on with that which who whose have has had are is were was will would from to for by per each as "
              "than this these those since during over under across into against within through led including "
              "compared".split()),
    "fr": set("dans à au aux qui que dont ont a sont est sera seront pour avec par en sur depuis pendant contre "
              "selon soit".split()),
}
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
                and not _SHARE_OF.match(figure.noun)):
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
    for match in numbers.DIGITS[lang].finditer(sentence):
        found.append(_Number(match.start(), match.end(), numbers.digits_value(match.group(), lang)))
    for match in numbers.ORDINAL_WORDS[lang].finditer(sentence):
        if _RANK_BESIDE.search(sentence[max(0, match.start() - 30):match.end() + 30]):
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
    after = sentence[number.end:]
    return not (_SCALE[lang].match(after) or any(p.match(after) for p, _ in _UNIT[lang]))


def _no_figure(sentence: str, number: _Number, lang: str) -> bool:
    """Whether the number is a base, a class of a ranking, part of a name or a word, or in a unit the store lacks."""
    head, tail = sentence[:number.start], sentence[number.end:]
    written = sentence[number.start:number.end]
    if _BASE_BEFORE.search(head) or _CLASS_AFTER.match(tail) or re.match(r"[A-Za-z]-$", head[-2:]):
        return True
    if number.spelled:
        if number.value == 2 and not (number.fraction or number.ordinal) and _BOTH.search(head):
            return True
        # "the 14th Five-Year Plan": a capitalised number word in mid-sentence is part of a name
        return written[0].isupper() and bool(head.strip()) and not head.rstrip().endswith(("-", "–", ":"))
    if _NAME_BEFORE.search(head) and not _qualifier(head, lang):
        return True  # "Fortune Global 500", "Plan 2.0"
    if _OTHER_UNIT.match(tail):
        return True  # "12 km²": no unit of the store, and the source gives no conversion to one
    glued = re.match(r"[^\W\d_]", tail) and not _ORDINAL[lang].match(tail)
    if glued and not any(pattern.match(tail) for pattern, _unit in _UNIT[lang]):
        return True  # "5G", "A380" and the like; "50000m²" is a figure
    return _is_version(sentence, number, lang)


def _is_version(sentence: str, number: _Number, lang: str) -> bool:
    """"Industry 4.0", "industrie 4.0", "Web 3.0": a dotted number right after a word, with no unit, names a thing."""
    version = _VERSION.match(sentence, number.start)
    if version is None or not re.search(r"[^\W\d_]\s$", sentence[:number.start]):
        return False
    after = sentence[version.end():]
    return not (_SCALE[lang].match(after) or any(pattern.match(after) for pattern, _unit in _UNIT[lang]))


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
    if qualifier is None and _AT_LEAST_AFTER.match(sentence, end):
        qualifier = "at_least"
    if upper is not None:
        qualifier = "at_least"
    if qualifier is not None:
        start = _qualifier_start(sentence[:start], lang)
    noun = _noun(sentence[end:], lang)
    if unit is None:
        if not noun.strip("-"):
            if sentence[end:].strip(" -–") == "" or not (_RANK_WORDS.search(sentence) or _RANK_WORDS.search(before)):
                if not sentence[end:].strip(" -–"):
                    return None  # a number cut off by the end of the text
                doubts.append("unit: nothing follows the number; a count is proposed")
                unit = "count"
            else:
                unit = "rank"
        else:
            unit = "count"
    if unit == "percent":
        unit, value, start = _change(sentence, start, end, value, lang)
    if unit in ("count", "rank") and value != value.to_integral_value():
        return None  # "2.0", "1.5 times": no whole number of things
    if unit == "count" and _DURATION[lang].match(noun):
        doubts.append(f"unit: a duration ({written} {noun.split()[0]}); delete it unless the span is a figure itself")
    if number.fraction and number.value != number.value.to_integral_value():
        doubts.append("value: a fraction, rounded to six decimals")
    return Figure(start, end, numbers.plain(value), unit, qualifier or "exact", converted, noun, tuple(doubts),
                  number.spelled)


def _ordinal(sentence: str, number: _Number, lang: str, before: str) -> Figure | None:
    """"ranked 20th", "au 20e rang": a rank when the sentence (or the one before) speaks of a ranking."""
    if not (number.ordinal or _RANK_WORDS.search(sentence) or _RANK_WORDS.search(before)):
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
    opening = re.compile(r"\s*\(").match(sentence, end)
    closing = sentence.find(")", end)
    if opening is None or closing < 0:
        return None, end
    inner = sentence[opening.end():closing]
    found = [f for f in _inner_figures(inner, lang)]
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
    if _DURING.search(head) or _SPREAD_OVER.search(head):
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
    rise, fall, rise_after = _GROWTH[lang]
    head = sentence[:start]
    if rise.search(head) or rise_after.match(sentence, end):
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
        if word.lower() in ("and", "et") and re.match(r"\s+(?:their|the|a|an|its|his|her|it|they|we|les|leurs|des|il|elle|ils|elles|\d)",
                                                      rest[match.end():]):
            break
        words.append(word)
        position = match.end()
    return " ".join(words).strip("-")
