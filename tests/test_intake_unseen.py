"""`facts extract` on patterns of articles outside the store: headlines, changes, areas, names, labels, periods.

Every sentence here is invented; each reproduces a way real articles state
(or seem to state) a figure: a headline on its own line, "a 3.9-percent
increase", "rose 19.5 percent and 4.8 percent, respectively", "+2 %",
"50000m²", "industrie 4.0", "livrés en 5 ans", a subject named before a
whole it is part of, a year stated in the sentence before.
"""

from __future__ import annotations

import pytest

from briefgen.facts.sources import normalise_space
from briefgen.intake.clauses import line_breaks, sentences
from briefgen.intake.draft import draft_text
from briefgen.intake.entities import mentions
from briefgen.intake.figures import find_figures
from briefgen.intake.proposals import Article, propose

NAMES = {"Harbourton": "harbourton", "Westmere province": "westmere", "Westmere": "westmere"}


def _propose(raw: str, lang: str = "en", published: str = "2024-03"):
    text = normalise_space(raw)
    article = Article("src", lang, published, 0, len(text), frozenset({"src"}), line_breaks(raw))
    return text, propose(text, article, mentions(text, NAMES))


def _figures(sentence: str, lang: str = "en"):
    return [(f.value, f.unit, f.qualifier) for f in find_figures(sentence, lang, 2024)[0]]


def test_a_line_break_ends_a_sentence_but_a_wrapped_line_goes_on():
    raw = "Harbourton posts strong growth\nThe port handled 5 million tonnes. Its fleet grew by\nfour percent.\n"
    text = normalise_space(raw)
    found = [text[s.start:s.end] for s in sentences(text, breaks=line_breaks(raw))]
    assert found == ["Harbourton posts strong growth", "The port handled 5 million tonnes.",
                     "Its fleet grew by four percent."]


def test_a_headline_is_its_own_sentence_and_its_year_no_figure():
    text, proposals = _propose("Harbourton's harbour economy posts strong growth in 2023\n"
                               "In 2023, the harbour handled 48 million tonnes of cargo.\n")
    assert [(p.value, p.unit, p.qualifier, p.period) for p in proposals] == [(48000000, "tonne", "exact", "2023")]
    [cargo] = proposals
    assert cargo.quote == "In 2023, the harbour handled 48 million tonnes of cargo." and cargo.quote in text


def test_a_hyphenated_percent_is_read():
    assert _figures("sales saw a 3.9-percent increase year-on-year") == [(3.9, "growth", "exact")]


@pytest.mark.parametrize(("sentence", "lang", "figures"), [
    ("Exports and imports increased by 19.5 percent and 4.8 percent, respectively", "en",
     [(19.5, "growth", "exact"), (4.8, "growth", "exact")]),
    ("Catches fell by 2 and 3 percent", "en", [(-2, "growth", "exact"), (-3, "growth", "exact")]),
    ("Output rose 4 percent, 5 percent and 6 percent", "en",
     [(4, "growth", "exact"), (5, "growth", "exact"), (6, "growth", "exact")]),
    ("une croissance globale de 2 % en nombre d’entreprises et 4 % en nombre d’emplois", "fr",
     [(2, "growth", "exact"), (4, "growth", "exact")]),
    ("Sales grew 5 percent and 30 percent of the firms export", "en", [(5, "growth", "exact"),
                                                                      (30, "percent", "exact")]),
])
def test_a_percent_coordinated_with_a_change_is_a_change_too(sentence, lang, figures):
    assert _figures(sentence, lang) == figures


@pytest.mark.parametrize(("sentence", "lang", "figures"), [
    ("+2 % d’entreprises / +4 % d’emplois", "fr", [(2, "growth", "exact"), (4, "growth", "exact")]),
    ("les surfaces louées : -3 % sur un an", "fr", [(-3, "growth", "exact")]),
    ("soit une croissance externe de 29%", "fr", [(29, "growth", "exact")]),
    ("une progression de 5 % des effectifs", "fr", [(5, "growth", "exact")]),
    ("un recul de 3 % des ventes", "fr", [(-3, "growth", "exact")]),
    ("une augmentation de 8 %", "fr", [(8, "growth", "exact")]),
    ("a growth of 5 percent", "en", [(5, "growth", "exact")]),
    ("with a growth rate of 6.5 percent", "en", [(6.5, "growth", "exact")]),
    ("a rise of 3 percent", "en", [(3, "growth", "exact")]),
    ("a decline of 2 percent", "en", [(-2, "growth", "exact")]),
    ("une part de 30 % des entreprises", "fr", [(30, "percent", "exact")]),
])
def test_a_signed_percent_or_one_after_a_word_of_change_is_a_change(sentence, lang, figures):
    assert _figures(sentence, lang) == figures


@pytest.mark.parametrize(("sentence", "lang", "figure"), [
    ("50000m² de locaux neufs", "fr", (50000, "m2", "exact")),
    ("48 000m² de bureaux", "fr", (48000, "m2", "exact")),
    ("3 200 mètres carrés de laboratoires", "fr", (3200, "m2", "exact")),
    ("a hall of 900 m2", "en", (900, "m2", "exact")),
    ("1,500 square metres of offices", "en", (1500, "m2", "exact")),
    ("a 12-hectare site", "en", (12, "ha", "exact")),
    ("un parc de 20ha", "fr", (20, "ha", "exact")),
])
def test_areas_are_read_glued_or_not(sentence, lang, figure):
    assert _figures(sentence, lang) == [figure]


@pytest.mark.parametrize(("sentence", "lang"), [
    ("a lagoon of 12 km²", "en"), ("a bay of 40 square kilometres", "en"), ("une baie de 40 km2", "fr"),
    ("les acteurs de l’industrie 4.0 se réunissent", "fr"), ("Industry 4.0 is the theme", "en"),
    ("start-ups of the Web 3.0 era", "en"),
])
def test_square_kilometres_and_versioned_names_are_no_figures(sentence, lang):
    assert _figures(sentence, lang) == []


@pytest.mark.parametrize(("sentence", "lang", "span"), [
    ("des bâtiments livrés en 5 ans", "fr", "5 ans"), ("a plan to be carried out over five years", "en", "five years"),
    ("the dock was built in three years", "en", "three years"),
    ("It grew for 12 consecutive years.", "en", "12 consecutive years"),
    ("Au cours des 30 dernières années, le port a grandi.", "fr", "30 dernières années"),
])
def test_a_duration_is_a_count_flagged_for_a_check(sentence, lang, span):
    [figure] = find_figures(sentence, lang, 2024)[0]
    assert figure.unit == "count"
    assert f"unit: a duration ({span}); delete it unless the span is a figure itself" in figure.doubts


def test_a_count_of_things_is_no_duration():
    [figure] = find_figures("Le port emploie 30 personnes depuis des années.", "fr", 2024)[0]
    assert not any(doubt.startswith("unit: a duration") for doubt in figure.doubts)


def test_a_bare_number_beside_a_ranking_is_a_rank_only_when_unqualified_and_always_checked():
    raw = ("Cargo throughput ranked fifth among the world's ports. The port opened 12 new routes, "
           "bringing the total to more than 220. It ranked 3 in Asia.")
    figures = {f.value: f for sentence in sentences(raw) for f in find_figures(raw[sentence.start:sentence.end],
                                                                                "en", 2024)[0]}
    assert (figures[220].unit, figures[220].qualifier) == ("count", "more_than")
    assert figures[3].unit == "rank"
    assert "unit: a bare number beside a ranking; a rank is proposed" in figures[3].doubts


@pytest.mark.parametrize(("raw", "lang", "quote"), [
    ("HARBOURTON, Jan. 12, 2025 -- Harbourton Port handled 30.87 million tonnes in 2024.", "en",
     "Harbourton Port handled 30.87 million tonnes in 2024."),
    ("HARBOURTON, 12 janvier 2025 – Le port a traité 30,87 millions de tonnes en 2024, soit plus qu’avant.", "fr",
     "Le port a traité 30,87 millions de tonnes en 2024"),
    ("HARBOURTON, 12 janvier 2025 - Le port a traité 30,87 millions de tonnes en 2024.", "fr",
     "Le port a traité 30,87 millions de tonnes en 2024."),
])
def test_a_dateline_is_no_part_of_a_quote_whatever_its_dash(raw, lang, quote):
    """The date before a dash dates the article: the quote starts after it, where an intro date would be kept."""
    text, proposals = _propose(f"Port sets records\n\n{raw}\n", lang, published="2025-01-12")
    assert [p.quote for p in proposals] == [quote]


def test_the_entity_is_the_sentences_subject_and_flagged_when_another_is_named():
    raw = ("In 2023, Harbourton's harbour economy reached 40 billion yuan, with a growth rate of 6.5 percent "
           "year-on-year, making up 28 percent of the total output of Westmere province.\n")
    _text, proposals = _propose(raw)
    assert [(p.value, p.unit, p.entity) for p in proposals] == [
        (40000000000, "CNY", "harbourton"), (6.5, "growth", "harbourton"), (28, "percent", "harbourton")]
    growth = proposals[1]
    assert growth.quote == "with a growth rate of 6.5 percent year-on-year" and growth.label == "growth rate"
    assert any(check.startswith("entity: the sentence also names westmere") for check in growth.checks)
    assert growth.confidence != "high"


def test_the_label_is_a_noun_phrase_and_always_checked():
    raw = ("In 2023, Harbourton's aquatic product output reached 1.2 million tonnes. The output value of the "
           "fishery industry grew by 4.4 percent year-on-year to 24.46 billion yuan.\n")
    _text, proposals = _propose(raw)
    assert [(p.value, p.unit, p.label) for p in proposals] == [
        (1200000, "tonne", "aquatic product output"), (4.4, "growth", "output value of the fishery industry"),
        (24460000000, "CNY", "output value of the fishery industry")]
    draft = draft_text("src", None, proposals, ("en", "fr"), "en")
    assert draft.count("# check: label.en: taken from the article's words") == 3
    assert draft.count("# check: label.fr: to write") == 3


def test_a_french_label_drops_its_article_and_verb():
    _text, [proposal] = _propose("Le chiffre d’affaires de la technopole a atteint 50 millions d’euros.", "fr")
    assert (proposal.value, proposal.unit, proposal.label) == (50000000, "EUR", "chiffre d’affaires de la technopole")


def test_the_period_may_come_from_the_sentence_before_in_the_same_paragraph():
    raw = ("In 2023, Harbourton's aquatic product output reached 1.2 million tonnes. The output value of the "
           "fishery industry grew by 4.4 percent year-on-year.\nThe fleet counts 300 vessels.\n")
    _text, [output, growth, fleet] = _propose(raw)
    assert (growth.value, growth.unit, growth.period) == (4.4, "growth", "2023")
    assert "period: stated in the sentence before, none in this one" in growth.checks
    assert output.period == "2023" and not any(c.startswith("period") for c in output.checks)
    assert (fleet.value, fleet.period) == (300, "2024")  # a new paragraph: the article's year, flagged
    assert "period: the article's year, the text states none" in fleet.checks


def test_a_year_stated_for_itself_does_not_date_the_next_sentence():
    _text, proposals = _propose("In 1994, the first firms came to Harbourton. Over the past 30 years, it grew.\n")
    assert [(p.value, p.unit, p.period) for p in proposals] == [(1994, "year", "1994"), (30, "count", "2024")]


def test_last_year_is_the_year_before_publication():
    _text, [proposal] = _propose("Last year, Harbourton's fleet grew by 3 percent.", published="2024-03")
    assert (proposal.value, proposal.unit, proposal.period, proposal.entity) == (3, "growth", "2023", "harbourton")
    assert not any(check.startswith("period") for check in proposal.checks)


@pytest.mark.parametrize("sentence, lang, figures", [
    ("The park ranked third for patents filed.", "en", [(3, "rank", "exact", "third")]),
    ("The number rose to 21, the second-highest in the country.", "en",
     [(21, "count", "exact", "21"), (2, "rank", "exact", "second")]),
    ("La ville se classe au troisième rang national.", "fr", [(3, "rank", "exact", "troisième")]),
    ("The first batch of firms arrived in 1994.", "en", []),
    ("C’est le premier parc de ce type dans la région.", "fr", []),
])
def test_an_ordinal_in_words_is_a_rank_only_beside_a_ranking(sentence, lang, figures):
    found = find_figures(sentence, lang, 2024)[0]
    assert [(f.value, f.unit, f.qualifier, sentence[f.start:f.end]) for f in found] == figures


@pytest.mark.parametrize("sentence, qualifier", [
    ("The campus is spread over 14 buildings.", "exact"),
    ("The campus hosts over 14 companies.", "more_than"),
])
def test_over_after_a_verb_of_extent_says_where_not_more_than(sentence, qualifier):
    assert _figures(sentence) == [(14, "count", qualifier)]


def test_a_french_quotation_after_a_full_stop_starts_a_sentence():
    text = "La ville est au 3e rang pour les brevets déposés. « Nous voulons progresser », dit le maire."
    first = sentences(text)[0]
    assert text[first.start:first.end] == "La ville est au 3e rang pour les brevets déposés."


def _name(entity: str, kind: str, written: str):
    from briefgen.facts.model import Name

    return Name(entity, kind, {"en": written}, (), "src", written)


NAMED = {n.id: n for n in (_name("harbourton", "place", "Harbourton"), _name("acme", "company", "Acme"),
                           _name("port_board", "institution", "Port Board"), _name("aim", "term", "AIM"))}


def test_the_subject_is_of_a_kind_the_stores_figures_are_mostly_about():
    from briefgen.intake.entities import spellings, subject_kinds

    mostly_places = ["harbourton"] * 19 + ["port_board"]  # one figure in twenty about an institution
    assert subject_kinds(NAMED, mostly_places) == {"place"}
    assert subject_kinds(NAMED, ["harbourton"] * 9 + ["port_board"]) == {"place", "institution"}
    assert subject_kinds(NAMED, []) == {"place", "company", "institution"}  # a new store: any kind but terms
    text = "Acme, the largest employer of Harbourton, hired 900 people."
    found = mentions(text, spellings(NAMED, subject_kinds(NAMED, mostly_places)))
    assert [m.entity for m in found] == ["harbourton"]


@pytest.mark.parametrize(("sentence", "lang", "noun"), [
    ("The port opened 12 new routes last year.", "en", "new routes"),
    ("It will add 40 berths next year.", "en", "berths"),
    ("Le port a ouvert 12 nouvelles lignes l’an dernier.", "fr", "nouvelles lignes"),
    ("Le parc a accueilli 30 projets cette année.", "fr", "projets"),
])
def test_what_a_count_counts_stops_before_the_time_it_is_counted_in(sentence, lang, noun):
    [figure] = find_figures(sentence, lang, 2024)[0]
    assert figure.noun == noun


def test_a_french_count_label_drops_the_elided_de_of_its_scale():
    text, [proposal] = _propose("Titre\n\nLe port a traité 30,87 millions d’EVP en 2024.\n", "fr")
    assert proposal.label == "EVP"


@pytest.mark.parametrize(("sentence", "lang", "figure"), [
    ("The city attracted RMB 5.6 billion of foreign investment in 2023.", "en", (5600000000, "CNY", "exact")),
    ("It got CNY 300 million.", "en", (300000000, "CNY", "exact")),
    ("Il a reçu RMB 5,6 milliards.", "fr", (5600000000, "CNY", "exact")),
])
def test_a_currency_code_before_the_number_is_money_not_a_name(sentence, lang, figure):
    assert _figures(sentence, lang) == [figure]


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Output was three times that of 2019.", "en"),
    ("Le port a accueilli deux fois plus de visiteurs qu’en 2019.", "fr"),
])
def test_a_ratio_is_no_count(sentence, lang):
    assert _figures(sentence, lang) == []


def test_quarters_are_a_duration():
    [figure] = find_figures("The works took three quarters.", "en", 2024)[0]
    assert "unit: a duration (three quarters); delete it unless the span is a figure itself" in figure.doubts


@pytest.mark.parametrize(("raw", "lang", "periods"), [
    ("In the first three quarters, GDP rose 5.1 percent.", "en", [(5.1, "2024-01/2024-09")]),
    ("Cargo reached 157 million tonnes in the first seven months of this year.", "en",
     [(157000000, "2024-01/2024-07")]),
    ("Its throughput during the first quarter of 2023 was 75.06 million tonnes.", "en", [(75060000, "2023-01/2023-03")]),
    ("Au cours des sept premiers mois de 2023, le port a traité 157 millions de tonnes.", "fr",
     [(157000000, "2023-01/2023-07")]),
    ("Au premier semestre, le PIB a progressé de 5,1 %.", "fr", [(5.1, "2024-01/2024-06")]),
])
def test_a_part_of_the_year_from_january_is_a_span_of_months(raw, lang, periods):
    """A figure of "the first seven months" is cumulative: its period runs from January, and seven is no figure."""
    text, proposals = _propose(f"Titre\n\n{raw}\n", lang, published="2024-10")
    assert [(p.value, p.period) for p in proposals] == periods


@pytest.mark.parametrize(("sentence", "figure"), [
    ("Sales hit 5.6bn yuan.", (5600000000, "CNY", "exact")),
    ("It raised US$ 5 million.", (5000000, "USD", "exact")),
    ("It raised € 350 million.", (350000000, "EUR", "exact")),
    ("It raised RMB5.6 billion.", (5600000000, "CNY", "exact")),
    ("Imports fell 3 pct.", (-3, "growth", "exact")),
    ("It reached 80-plus projects.", (80, "count", "at_least")),
])
def test_the_shorthand_of_wire_copy_is_read(sentence, figure):
    assert _figures(sentence) == [figure]


@pytest.mark.parametrize("sentence", ["The A380 landed.", "In Q3 the port was busy.", "Its H1 results came out."])
def test_a_number_glued_to_letters_before_it_is_a_code(sentence):
    assert _figures(sentence) == []


@pytest.mark.parametrize(("sentence", "lang", "figure"), [
    ("Le fonds a levé 350 M€ en 2023.", "fr", (350000000, "EUR", "exact")),
    ("Le budget atteint 5,6 Mds €.", "fr", (5600000000, "EUR", "exact")),
    ("Le chiffre d’affaires a atteint 1,2 Md€.", "fr", (1200000000, "EUR", "exact")),
    ("It raised $5m last year.", "en", (5000000, "USD", "exact")),
    ("It raised €350k.", "en", (350000, "EUR", "exact")),
])
def test_a_short_scale_is_read_beside_a_currency_symbol(sentence, lang, figure):
    assert _figures(sentence, lang) == [figure]


@pytest.mark.parametrize(("sentence", "lang"), [("Un quai de 350 m a été construit.", "fr"),
                                                ("The quay is 350 m long.", "en")])
def test_a_short_scale_is_never_read_without_a_currency(sentence, lang):
    assert _figures(sentence, lang) == [(350, "count", "exact")]


@pytest.mark.parametrize(("sentence", "lang", "figure"), [
    ("Une centaine d’entreprises se sont installées.", "fr", (100, "count", "about")),
    ("Près d’un millier de chercheurs y travaillent.", "fr", (1000, "count", "nearly")),
    ("Plus d’une centaine d’entreprises sont venues.", "fr", (100, "count", "more_than")),
    ("A dozen firms joined.", "en", (12, "count", "about")),
    ("Près d’un million de visiteurs.", "fr", (1000000, "count", "nearly")),
    ("Plus d’un milliard de yuans a été investi.", "fr", (1000000000, "CNY", "more_than")),
    ("One million visitors came.", "en", (1000000, "count", "exact")),
])
def test_round_numbers_and_one_before_a_scale_are_read(sentence, lang, figure):
    assert _figures(sentence, lang) == [figure]


@pytest.mark.parametrize(("sentence", "lang"), [("Des centaines d’entreprises sont venues.", "fr"),
                                                ("Dozens of firms joined.", "en"), ("Une entreprise est venue.", "fr")])
def test_a_vague_plural_or_an_article_is_no_number(sentence, lang):
    assert _figures(sentence, lang) == []


def test_what_a_french_count_counts_stops_at_a_pronoun():
    [figure] = find_figures("Près d’un millier de chercheurs y travaillent.", "fr", 2024)[0]
    assert figure.noun == "de chercheurs"


@pytest.mark.parametrize(("sentence", "lang", "figures"), [
    ("its throughput surpassed 34 million twenty-foot equivalent units", "en", [(34000000, "count", "more_than")]),
    ("a 40-foot container and a 10-storey building", "en", []),
    ("Un quai de 350 mètres a été construit.", "fr", []),
    ("3 200 mètres carrés de laboratoires", "fr", [(3200, "m2", "exact")]),
    ("a 300,000-tonne vessel", "en", [(300000, "tonne", "exact")]),
])
def test_a_length_is_no_figure_but_a_unit_of_the_store_is(sentence, lang, figures):
    assert _figures(sentence, lang) == figures


@pytest.mark.parametrize(("sentence", "figure"), [
    ("Avec 36.300 emplois, la technopole grandit.", (36300, "count", "exact")),
    ("Elle en compte désormais 40.000, un total jamais atteint.", (40000, "count", "exact")),
    ("Le solde net atteint 1.500 emplois.", (1500, "count", "exact")),
])
def test_french_thousands_with_a_dot_after_a_word_are_no_version(sentence, figure):
    assert _figures(sentence, "fr")[:1] == [figure]


def test_a_version_after_a_word_is_still_no_figure():
    assert _figures("L’industrie 4.0 arrive.", "fr") == []


def test_a_headline_figure_the_text_states_again_is_proposed_once_from_the_text():
    raw = ("Port volume up 11.2 percent\n\nThe port's container throughput climbed 11.2 percent in 2024. "
           "A record 12 berths opened.\n\nPort adds 40 cranes\n")
    text, proposals = _propose(raw)
    assert [(p.value, p.quote) for p in proposals] == [
        (11.2, "The port's container throughput climbed 11.2 percent in 2024."),
        (12, "A record 12 berths opened."),
        (40, "Port adds 40 cranes"),  # stated nowhere else: kept
    ]


def test_the_same_period_dates_a_figure_by_the_sentence_before_even_across_a_paragraph():
    raw = ("Port report\n\nCargo reached 157 million tonnes in the first seven months of this year.\n\n"
           "In the same period, container throughput climbed 11.2 percent. Revenue grew 15 percent.\n\n"
           "A new berth opened with 12 cranes.\n")
    text, proposals = _propose(raw, published="2012-10")
    periods = {p.value: (p.period, p.checks) for p in proposals}
    assert periods[157000000][0] == "2012-01/2012-07"
    assert periods[11.2] == ("2012-01/2012-07", periods[11.2][1])
    assert "period: the same period as the sentence before, which states it" in periods[11.2][1]
    assert periods[15][0] == "2012-01/2012-07"  # handed on by the sentence "in the same period"
    assert periods[12][0] == "2012"  # a new paragraph without it: the article's year, flagged


@pytest.mark.parametrize(("sentence", "lang", "figure"), [
    ("Their value has been growing at an average annual rate of more than 10 percent.", "en",
     (10, "growth", "more_than")),
    ("The businesses will grow at an average rate of more than 7 percent annually.", "en", (7, "growth", "more_than")),
    ("La valeur devrait croître à un rythme annuel moyen de 7 %.", "fr", (7, "growth", "exact")),
])
def test_a_rate_of_growth_is_a_change(sentence, lang, figure):
    assert _figures(sentence, lang) == [figure]


@pytest.mark.parametrize(("raw", "lang", "periods"), [
    ("From January to June 2013, 112 projects came in.", "en", [(112, "2013-01/2013-06")]),
    ("In January-October, exports rose 12 percent.", "en", [(12, "2024-01/2024-10")]),
    ("De janvier à juin 2013, 112 projets sont arrivés.", "fr", [(112, "2013-01/2013-06")]),
])
def test_a_span_of_months_dates_a_figure(raw, lang, periods):
    text, proposals = _propose(f"Titre\\n\\n{raw}\\n", lang, published="2024-11")
    assert [(p.value, p.period) for p in proposals] == periods


@pytest.mark.parametrize(("sentence", "lang", "figure"), [
    ("Avec 77,9 Mds USD de marchandises échangées.", "fr", (77900000000, "USD", "exact")),
    ("Un projet d’investissement de 100 millions USD.", "fr", (100000000, "USD", "exact")),
    ("It raised 5 million EUR.", "en", (5000000, "EUR", "exact")),
])
def test_a_currency_code_after_the_number_is_its_unit(sentence, lang, figure):
    assert _figures(sentence, lang) == [figure]
