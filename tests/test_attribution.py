"""Attribution: which ticker(s) each sentence is about, and how the link was made."""

from __future__ import annotations

import pytest

from sentiment.attribution import LINK_WEIGHTS, QUESTION, attribute, is_heading, note_subject


def _methods(sentences: list[str], named: list[list[str]]) -> list[list[tuple[str, str]]]:
    return [[(link.symbol, link.method) for link in links] for links in attribute(sentences, named)]


CHIPOTLE = [
    "Chipotle (CMG) posted a small beat on comparable sales, but it guided below expectations.",
    "Traffic fell 2%.",
    "Management also cut its restaurant opening target.",
    "We lower estimates and see the shares under pressure.",
]


def test_a_single_company_note_links_every_sentence_to_it() -> None:
    assert _methods(CHIPOTLE, [["CMG"], [], [], []]) == [
        [("CMG", "direct")],
        [("CMG", "subject")],
        [("CMG", "management")],
        [("CMG", "we")],
    ]


def test_linked_sentences_weigh_less_than_direct_ones_and_keep_their_cue() -> None:
    links = attribute(CHIPOTLE, [["CMG"], [], [], []])
    assert links[0][0].weight == LINK_WEIGHTS["direct"] == 1.0
    assert all(0 < found[0].weight < 1 for found in links[1:])
    assert links[2][0].cue == "Management"
    assert links[3][0].cue == "We"


def test_a_same_sentence_carries_the_story_before_to_its_new_ticker() -> None:
    sentences = [
        "Sold $EL.",
        "I thought China travel retail had bottomed last year.",
        "It had not.",
        "Same goes for $COTY.",
    ]
    links = attribute(sentences, [["EL"], [], [], ["COTY"]])
    assert [[(link.symbol, link.method) for link in found] for found in links] == [
        [("EL", "direct"), ("COTY", "same")],
        [("EL", "subject"), ("COTY", "same")],
        [("EL", "pronoun"), ("COTY", "same")],
        [("COTY", "direct")],
    ]
    assert links[0][1].cue == "Same goes for"
    assert links[3][0].weight == 0.0  # its own words say nothing of their own


@pytest.mark.parametrize(
    "last",
    [
        "$FSLR: not the same story.",  # denied
        "$FSLR isn't the same story.",  # denied
        "$AGCO same story, but with ag orders down 30% and a guide cut.",  # words of its own
    ],
)
def test_no_same_link_where_denied_or_with_words_of_its_own(last: str) -> None:
    symbol = last.split()[0].strip("$")
    links = attribute(["$DE guided below the Street.", last], [["DE"], [symbol]])
    assert [link.method for found in links for link in found] == ["direct", "direct"]
    assert links[1][0].weight == 1.0


@pytest.mark.parametrize(
    ("sentences", "named", "expected"),
    [
        # "it" refers to the one company of the sentence before
        (
            ["Intel (INTC) and Nvidia (NVDA) report.", "Intel cut guidance.", "It also cut jobs."],
            [["INTC", "NVDA"], ["INTC"], []],
            [("INTC", "pronoun")],
        ),
        # two companies before and no subject: a pronoun is not guessed
        (
            ["Intel and Nvidia report today.", "It will be a busy week."],
            [["INTC", "NVDA"], []],
            [],
        ),
        # "we" only speaks for one company in a note about one company
        (
            ["Intel and Nvidia report today.", "We stay on the sidelines."],
            [["INTC", "NVDA"], []],
            [],
        ),
        # no one subject (a peer named as often), but the note opens with one company:
        # the author's "we" speaks of it
        (
            [
                "Our dealer checks on Deere (DE) were better than we feared.",
                "CNH Industrial (CNH) looks more exposed.",
                "We cut our estimates anyway.",
            ],
            [["DE"], ["CNH"], []],
            [("DE", "we")],
        ),
        # a heading that names one ticker is the subject of the list below it
        (
            ["Big week for chips.", "Nvidia (NVDA):", "- Data-center revenue rose 112%."],
            [[], ["NVDA"], []],
            [("NVDA", "heading")],
        ),
        # a pronoun too far from its company links nowhere (no subject)
        (
            ["Intel and AMD report.", "Intel fell.", "A.", "B.", "C.", "D.", "It rose."],
            [["INTC", "AMD"], ["INTC"], [], [], [], [], []],
            [],
        ),
    ],
)
def test_reference_links(sentences, named, expected) -> None:
    assert _methods(sentences, named)[-1] == expected


def test_a_naming_sentence_also_links_the_subject_it_refers_to() -> None:
    sentences = [
        "Chipotle (CMG) fell 9% after cutting its outlook.",
        "Morgan Stanley said traffic softened, and the company warned on costs.",
        "Chipotle shares fell.",
    ]
    links = _methods(sentences, [["CMG"], ["MS"], ["CMG"]])
    assert links[1] == [("MS", "direct"), ("CMG", "noun")]


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        ([["CMG"], [], ["MS"], ["CMG"]], "CMG"),
        ([[], ["CMG"], []], "CMG"),
        ([["UNH", "CVS"], ["UNH"]], None),  # a pair: two subjects
        ([["JNJ"], ["CVX"], ["TGT"]], None),  # a round-up of equals
        ([[], [], [], ["KO"]], None),  # first named in a footnote: no subject
        ([[], [], ["LOW"], [], []], "LOW"),  # a transcript's speaker line after the question
        ([[], [], ["LOW"], ["HD"], ["LOW"]], None),  # late, and another company is named
        ([["PLTR"], [], [], ["QQQ"]], "PLTR"),  # a ticker first named last is a closing aside
        ([["PLTR"], ["QQQ"]], None),  # ... not in a note of two sentences
        ([["PLTR"], ["QQQ"], [], ["QQQ"]], None),  # ... nor one named before
        ([[], [], []], None),
    ],
)
def test_note_subject(named, expected) -> None:
    assert note_subject(named) == expected


def test_a_note_that_opens_by_rating_a_company_is_about_it_on_a_tie() -> None:
    named = [["CMA"], ["KEY"], [], ["ZION"]]  # "We downgrade Comerica (CMA) ..."
    assert note_subject(named) is None  # a tie: no subject
    assert note_subject(named, opened="CMA") == "CMA"
    assert note_subject([["CMA"], ["KEY"], ["KEY"]], opened="CMA") is None  # KEY named more


def test_a_note_labelled_with_its_companys_symbol_is_about_it_whoever_else_it_names() -> None:
    sentences = [
        "Constellation Energy (CEG): the Microsoft power purchase agreement is the template.",
        "Raising target to $300; Buy.",
    ]
    named = [["CEG", "MSFT"], []]
    assert note_subject(named, sentences=sentences) == "CEG"
    # the same opening with no label names two companies: no subject
    plain = ["Constellation Energy (CEG) signed a power purchase agreement with Microsoft.", ""]
    assert note_subject(named, sentences=plain) is None
    # a label without its symbol opening a two-company sentence stays as it was
    assert note_subject(named, sentences=["Constellation: the Microsoft deal.", ""]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Key figures:", True),
        ("Chipotle (CMG): downgrade to Neutral", True),
        ("Traffic fell 2%.", False),
        ("- NVDA trades at 32x forward earnings", False),
        ("Revenue rose\nand margins expanded", False),
    ],
)
def test_is_heading(text: str, expected: bool) -> None:
    assert is_heading(text) is expected


def test_sentences_and_symbols_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 sentences but 1"):
        attribute(["One.", "Two."], [[]])


# -- bad input (issue 18): never a link to a ticker the note does not name ----------------------


def _linked_symbols(sentences: list[str], named: list[list[str]]) -> set[str]:
    return {link.symbol for links in attribute(sentences, named) for link in links}


def test_forty_tickers_each_link_only_where_named() -> None:
    symbols = [f"T{i:02d}" for i in range(40)]
    sentences = [f"{s} rose 1% and its volume doubled." for s in symbols] + ["It was a busy day."]
    named = [[s] for s in symbols] + [[]]
    links = attribute(sentences, named)
    assert all([link.symbol for link in found] == [s] for found, s in zip(links, symbols))
    assert [(lk.symbol, lk.method) for lk in links[-1]] == [("T39", "pronoun")]
    assert _linked_symbols(sentences, named) == set(symbols)


def test_tickers_only_in_a_table_link_their_rows_only() -> None:
    sentences = ["Sector returns this week.", "AAPL | 2.1% | 0.4%", "MSFT | 1.3% | 0.2%"]
    links = attribute(sentences, [[], ["AAPL"], ["MSFT"]])
    assert [[lk.symbol for lk in found] for found in links] == [[], ["AAPL"], ["MSFT"]]


def test_a_ticker_named_once_in_a_footnote_takes_no_other_sentence() -> None:
    sentences = ["Rates fell.", "We like duration.", "The company view is ours.", "1. Data: KO."]
    links = attribute(sentences, [[], [], [], ["KO"]])
    assert [[lk.symbol for lk in found] for found in links] == [[], [], [], ["KO"]]


def test_text_with_no_ticker_has_no_links() -> None:
    sentences = ["It was a quiet day.", "We stay cautious.", "The company of markets is fickle."]
    assert attribute(sentences, [[], [], []]) == [(), (), ()]


def test_a_note_in_capitals_links_like_one_in_lower_case() -> None:
    upper = [s.upper() for s in CHIPOTLE]
    assert _methods(upper, [["CMG"], [], [], []]) == _methods(CHIPOTLE, [["CMG"], [], [], []])


def test_a_both_sentence_is_about_each_ticker_of_the_sentence_before() -> None:
    sentences = [
        "$UBER vs $LYFT: both grew trips 15%.",
        "Not seeing any edge either way this quarter.",
        "Neither reports until May.",
    ]
    named = [["UBER", "LYFT"], [], []]
    assert _methods(sentences, named)[1:] == [
        [("UBER", "both"), ("LYFT", "both")],
        [("UBER", "both"), ("LYFT", "both")],
    ]
    links = attribute(sentences, named)
    assert links[1][0].cue == "either way" and links[1][0].weight == LINK_WEIGHTS["both"]


def test_the_former_and_the_latter_are_the_first_and_second_ticker_before() -> None:
    sentences = [
        "Molson Coors (TAP) and Constellation Brands (STZ) both reported on Thursday.",
        "The former beat on margins, and it reaffirmed its guide.",
        "The latter cut its depletion forecast.",
        "Holders may prefer the former and traders the latter.",
    ]
    named = [["TAP", "STZ"], [], [], []]
    assert _methods(sentences, named)[1:] == [
        [("TAP", "former")],
        [("STZ", "latter")],
        [("TAP", "former"), ("STZ", "latter")],
    ]
    # three tickers before: which one is "the former" is not said
    three = ["A (AAA), B (BBB) and C (CCC) reported.", "The former beat."]
    assert _methods(three, [["AAA", "BBB", "CCC"], []])[1] == []


def test_both_falls_back_to_the_two_tickers_the_note_has_named() -> None:
    sentences = [
        "SPLV fell 12% in 2022, half the decline of SPY.",
        "The catch is that it has trailed SPY in every rally since.",
        "Which you prefer depends on whether you fear the next drop.",
    ]
    assert _methods(sentences, [["SPLV", "SPY"], ["SPY"], []])[2] == [
        ("SPLV", "both"),
        ("SPY", "both"),
    ]


def test_both_needs_two_or_three_tickers_before_it() -> None:
    one = ["Intel (INTC) cut guidance.", "Both segments shrank."]
    # one ticker: "both" is not about tickers (the note's subject takes the sentence)
    assert _methods(one, [["INTC"], []])[1] == [("INTC", "subject")]
    many = ["A (AAA), B (BBB), C (CCC) and D (DDD) reported.", "Both beat."]
    assert _methods(many, [["AAA", "BBB", "CCC", "DDD"], []])[1] == []


TRANSCRIPT = [
    "Analyst (Piper Sandler): How much of the growth is international?",
    "CFO, Interactive Brokers: About three quarters.",
    "We added 270,000 accounts, well ahead of Schwab's 4%.",
    "Our margin loans are at a high.",
    "Analyst (Citi): And what do you expect for rates?",
    "We expect two cuts.",
]


def test_we_in_a_transcript_answer_is_the_speakers_company() -> None:
    named = [["PIPR"], ["IBKR"], ["SCHW"], [], ["C"], []]
    assert _methods(TRANSCRIPT, named) == [
        [("PIPR", "direct")],
        [("IBKR", "direct")],
        [("SCHW", "direct"), ("IBKR", "speaker")],  # even beside another company
        [("IBKR", "speaker")],
        [("C", "direct")],
        [],  # a question's label ends the answer: the analyst's "we" is nobody's here
    ]


def test_a_speaker_label_may_carry_a_name_and_the_company_its_symbol() -> None:
    sentences = ["Jane Roe, CEO, Lowe's (LOW): Demand is soft.", "We expect it back."]
    assert _methods(sentences, [["LOW"], []])[1] == [("LOW", "speaker")]


def test_a_bare_answer_label_links_we_to_the_transcripts_company() -> None:
    sentences = [
        "Boston Scientific (BSX).",
        "Analyst (Barclays): And competition in pulsed field ablation?",
        "CFO: We're aware of Medtronic's (MDT) launch.",
        "Our Farapulse share remains well above 50%.",
    ]
    links = _methods(sentences, [["BSX"], ["BCS"], ["MDT"], []])
    assert links[3] == [("BSX", "speaker")]  # not the company the answer names


def test_a_ticker_named_in_a_question_turn_is_marked_so() -> None:
    sentences = [
        "Analyst (Citi): Can you talk about competition?",
        "T-Mobile and AT&T were both aggressive on promotions.",
        "CEO, Verizon: We will compete.",
        "AT&T is a fine company.",
    ]
    links = attribute(sentences, [["C"], ["TMUS", "T"], ["VZ"], ["T"]])
    assert [link.cue for link in links[1]] == [QUESTION, QUESTION]
    assert [link.cue for link in links[2] if link.method == "direct"] == [""]
    assert [link.cue for link in links[3]] == [""]  # the answer's turn


@pytest.mark.parametrize(
    "label", ["CEO: We expect a better year.", "CEO Jensen Huang: We expect it."]
)
def test_a_bare_title_label_opens_an_answer(label: str) -> None:
    sentences = ["Analyst (Citi): Are you losing share?", label, "AMD has made real gains."]
    links = attribute(sentences, [["C"], [], ["AMD"]])
    assert [link.cue for link in links[2]] == [""]  # the answer's turn, not the question's


HEADED_TRANSCRIPT = [
    "Carlisle Companies (CSL) Q2 call excerpt.",
    "Analyst, Barclays: How did pricing hold up, given what Owens Corning said last week?",
    "CFO: Realized price was up about 2% and we believe we gained share.",
    "Analyst, Barclays: And on costs?",
    "CEO: We have taken out $40 million of costs.",
]


def test_a_bare_answer_label_speaks_for_the_transcripts_company() -> None:
    from sentiment.attribution import note_subject

    named = [["CSL"], ["BCS", "OC"], [], ["BCS"], []]
    # the analyst's firm and the rival asked about, named in question lines, make no subject
    assert note_subject(named, sentences=HEADED_TRANSCRIPT) == "CSL"
    assert note_subject(named) is None  # counted, the analyst's firm outnumbers the company
    methods = _methods(HEADED_TRANSCRIPT, named)
    assert methods[2] == [("CSL", "speaker")]
    assert methods[4] == [("CSL", "speaker")]


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("A (CEO): Traffic was up.", "answer"),
        ("A - Chief Executive Officer: Supply is fine.", "answer"),
        ("ODFL CEO: We're not.", "answer"),
        ("Chief Commercial Officer: We lost some share.", "answer"),
        ("-- President & CEO: The bulk of it is new accounts.", "answer"),
        ("Q (UBS): Where are you on supply?", "question"),
        ("A strong quarter: revenue rose.", None),
        ("Apple reported: sales rose.", None),
        ("Q&A, Kimberly-Clark (KMB) call:", None),  # a title, not a question's label
        ("Operator: Our next question is from UBS.", "question"),
    ],
)
def test_speaker_labels_in_their_usual_styles(label: str, kind: str | None) -> None:
    from sentiment.attribution import default_words

    assert default_words().speaker(label) == kind


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Carlisle Companies (CSL) Q2 call excerpt.", True),
        ("Intel 4Q call: notes", True),
        ("Deere & Company (DE) - fiscal Q3 call, Q&A excerpt", True),
        ("Mosaic Co. - third-quarter conference call", True),
        ("Hubbell (HUBB).", True),
        ("Intel said its Q2 call would be held in July.", False),
        ("Hubbell (HUBB) beat.", False),
        ("Centene (CNC) - Q2 earnings call, Q&A", True),
        ("Progressive Corp. - 2Q conference call (edited)", True),
        ("Advance Auto Parts (AAP) Q2 call, CEO remarks:", True),
        ("Intel 4Q call, CEO remarks were upbeat.", False),
        ("Bank of America (BAC).", True),
        ("e.l.f. Beauty (ELF).", True),
        # a statement ending with its company's symbol is no title: it counts
        ("We remain Underweight on Paramount Global (PARA).", False),
        ("Sell Ally Financial (ALLY).", False),
    ],
)
def test_title_lines(line: str, title: bool) -> None:
    from sentiment.attribution import is_title_line

    assert is_title_line(line) == title


def test_a_note_headed_by_its_companys_name_alone_is_about_it() -> None:
    from sentiment.attribution import note_subject

    sentences = [
        "Hubbell (HUBB).",
        "The utility segment is carrying the company.",
        "Orders grew, and management said spending from Duke Energy (DUK) is locked in.",
        "We stay Buy.",
    ]
    named = [["HUBB"], [], ["DUK"], []]
    assert note_subject(named, sentences=sentences) == "HUBB"
    opened = ["Hubbell (HUBB) reported.", *sentences[1:]]  # a sentence, not a title: a tie
    assert note_subject(named, sentences=opened) is None


def test_a_note_labelled_with_its_companys_name_is_about_it() -> None:
    from sentiment.attribution import note_subject

    sentences = [
        "Verizon Communications: a mixed quarter.",
        "Phone adds beat, but free cash flow came in light.",
        "Phone adds still trail T-Mobile by a wide margin.",
        "We stay Hold.",
    ]
    named = [["VZ"], [], ["TMUS"], []]
    assert note_subject(named, sentences=sentences) == "VZ"
    plain = ["Verizon Communications had a mixed quarter.", *sentences[1:]]  # a tie
    assert note_subject(named, sentences=plain) is None


def test_a_sentence_opening_with_a_reference_keeps_the_antecedent() -> None:
    sentences = [
        "Super Micro (SMCI) missed its sales guide.",
        "Management blamed late deliveries of Nvidia's GPUs.",
        "The shares fell 9%.",
    ]
    assert _methods(sentences, [["SMCI"], ["NVDA"], []])[2] == [("SMCI", "noun")]
    # a sentence that opens with the company it names is the antecedent
    named_first = [sentences[0], "Nvidia said deliveries would slip.", sentences[2]]
    assert _methods(named_first, [["SMCI"], ["NVDA"], []])[2] == [("NVDA", "noun")]


def test_a_naming_sentence_opening_with_a_noun_is_about_the_company_before() -> None:
    sentences = [
        "The SPDR S&P Regional Banking ETF (KRE) saw $1.2 billion of outflows last week.",
        "The fund has now lagged the Financial Select Sector SPDR (XLF) by nine points.",
        "The shares trade below book.",
    ]
    methods = _methods(sentences, [["KRE"], ["XLF"], []])
    assert methods[1] == [("XLF", "direct"), ("KRE", "opening")]
    assert methods[2] == [("KRE", "noun")]  # the antecedent carries on
    # not by a pronoun ("It started Insulet at Overweight": often the broker before)
    pronoun = [sentences[0], "It has now lagged the Financial Select Sector SPDR (XLF).", "Fine."]
    assert _methods(pronoun, [["KRE"], ["XLF"], []])[1] == [("XLF", "direct")]


def test_the_shares_of_a_one_company_note_are_its_company_whoever_was_named_last() -> None:
    sentences = [
        "Ulta Beauty (ULTA) beat on comparable sales.",
        "Ulta also raised its full-year EPS guide.",
        "Sephora's build-out inside Kohl's (KSS) stores remains the main overhang.",
        "Shares +7% after hours.",
    ]
    assert _methods(sentences, [["ULTA"], ["ULTA"], ["KSS"], []])[3] == [("ULTA", "noun")]
    # other references still point back to the company named last
    referred = [*sentences[:3], "It reports next week."]
    assert _methods(referred, [["ULTA"], ["ULTA"], ["KSS"], []])[3] == [("KSS", "pronoun")]


def test_which_one_depends_is_about_both_tickers_before() -> None:
    sentences = ["SCHD yields 3.8% against 2.7% for VIG.", "Which is better depends on your goals."]
    links = attribute(sentences, [["SCHD", "VIG"], []])
    assert [(lk.symbol, lk.method) for lk in links[1]] == [("SCHD", "both"), ("VIG", "both")]


def test_a_bullets_later_sentences_are_about_its_ticker() -> None:
    sentences = [
        "Bank earnings scorecard:",
        "- JPMorgan (JPM): NII guide raised again.",
        "Top pick.",
        "- Citigroup (C): the expense guide drifted higher.",
        "Equal Weight.",
        "- Markets were volatile.",
        "No change.",
    ]
    links = attribute(sentences, [[], ["JPM"], [], ["C"], [], [], []])
    assert [[(lk.symbol, lk.method) for lk in found] for found in links[2:]] == [
        [("JPM", "heading")],
        [("C", "direct")],
        [("C", "heading")],
        [],
        [],
    ]


def test_a_ticker_named_after_a_reference_to_another_is_no_antecedent() -> None:
    from sentiment.attribution import named_after_reference

    text = "Volumes fell 4%, and management now expects the McDonald's value menu to help."
    assert named_after_reference(text, [("MCD", text.index("McDonald"))]) == {"MCD"}
    named_first = "McDonald's said management expects the menu to help."
    assert named_after_reference(named_first, [("MCD", 0)]) == set()
    shares_of = "The shares of Nike (NKE) rose."
    assert named_after_reference(shares_of, [("NKE", shares_of.index("Nike"))]) == set()
    sentences = [
        "Lamb Weston (LW) cut its sales guide.",
        "Volumes fell 4%, and management now expects the McDonald's value menu to help.",
        "The stock fell 6% after hours.",
    ]
    named = [["LW"], ["MCD"], []]
    plain = attribute(sentences, named)
    assert [(lk.symbol, lk.method) for lk in plain[2]] == [("MCD", "noun")]
    aside = attribute(sentences, named, asides=[set(), {"MCD"}, set()])
    assert [(lk.symbol, lk.method) for lk in aside[2]] == [("LW", "noun")]


def test_across_the_board_is_no_reference_and_management_at_names_the_company() -> None:
    from sentiment.attribution import default_words, named_after_reference

    assert default_words().find("Carloads were soft across the board.") == []
    text = "Management at Kraft Heinz (KHC) said volumes fell."
    assert named_after_reference(text, [("KHC", text.index("Kraft"))]) == set()


def test_an_even_verdict_naming_no_ticker_is_about_both() -> None:
    sentences = [
        "SGOV yields 4.9% with a 0.09% fee, while BIL yields 4.8%.",
        "BIL has the longer track record.",
        "Either works for parking cash.",
    ]
    named = [["SGOV", "BIL"], ["BIL"], []]
    plain = attribute(sentences, named)
    assert plain[2] == ()
    even = attribute(sentences, named, evens=[None, None, "Either works"])
    assert [(lk.symbol, lk.method, lk.cue) for lk in even[2]] == [
        ("SGOV", "both", "Either works"),
        ("BIL", "both", "Either works"),
    ]


def test_a_closing_source_line_names_the_transcripts_company() -> None:
    from sentiment.attribution import is_source_line, note_subject

    assert is_source_line("(Excerpt, Toast (TOST) second-quarter call)")
    assert is_source_line("(Dollar Tree (DLTR) Q1 call).")
    assert not is_source_line("Toast (TOST) held its call.")
    # a closing label line after a dash or in square brackets
    assert is_source_line("- Marriott International (MAR) Q3 call")
    assert is_source_line("[Ally Financial (ALLY) Q3 2025 earnings call]")
    assert is_source_line("- American Airlines Group (NASDAQ: AAL), Q3 call")
    assert not is_source_line("- Management said demand improved on the call.")
    assert not is_source_line("- Apple (AAPL) said it would call.")
    sentences = [
        "Analyst (Morgan Stanley): Are you losing deals to CrowdStrike?",
        "CEO: In a couple of cases, yes.",
        "(SentinelOne (S) fiscal second-quarter call)",
    ]
    named = [["MS", "CRWD"], [], ["S"]]
    passers = [{"MS"}, set(), set()]
    assert note_subject(named, passers) == "CRWD"  # without the line: the rival asked about
    assert note_subject(named, passers, sentences=sentences) == "S"


def test_sentences_opening_with_a_reference_right_after_a_company_count_for_it() -> None:
    sentences = [
        "Generac's residential business is having a soft year.",
        "The company booked its first data center orders.",
        "Caterpillar and Cummins dominate that market today.",
        "We upgrade to Outperform.",
    ]
    named = [["GNRC"], [], ["CAT", "CMI"], []]
    assert note_subject(named) is None  # named once each: a tie
    assert note_subject(named, sentences=sentences) == "GNRC"
    # a reference that does not open its sentence, or one after another naming, counts nothing
    later = [sentences[0], "Orders came in, and the company said so.", *sentences[2:]]
    assert note_subject(named, sentences=later) is None


def test_the_stock_in_a_sentence_naming_only_a_source_is_the_company_before() -> None:
    sentences = [
        "C.H. Robinson shares hit a record after the freight broker reported strong income.",
        "Morgan Stanley upgraded the stock to Overweight.",
        "The results contrast with RXO, which lost money again.",
        "J.B. Hunt said its intermodal volumes rose 6%.",
    ]
    named = [["CHRW"], ["MS"], ["RXO"], ["JBHT"]]
    passers = [set(), {"MS"}, set(), set()]
    linked = attribute(sentences, named, passers=passers)
    assert [(k.symbol, k.method) for k in linked[1]] == [("MS", "direct"), ("CHRW", "noun")]
    # a source's own company noun is not followed back ("concerns about the company's debt")
    other = [sentences[0], "Moody's flagged the company's rising debt.", *sentences[2:]]
    assert [k.symbol for k in attribute(other, named, passers=passers)[1]] == ["MS"]


DEERE = [
    "Our dealer checks on Deere (DE) were better than we feared.",
    "Inventories are about 20% below peak.",
    "We reiterate Buy.",
    "CNH Industrial (CNH) looks more exposed to the South American slowdown.",
    "We cut our CNH estimates.",
]


def test_with_no_one_subject_the_authors_word_is_on_the_company_the_note_opens_with() -> None:
    named = [["DE"], [], [], ["CNH"], []]
    assert note_subject(named) is None  # CNH is named as often as Deere
    acts = [None, None, "Buy", None, None]
    links = attribute(DEERE, named, acts=acts)
    assert [(link.symbol, link.method, link.cue) for link in links[2]] == [("DE", "we", "Buy")]
    assert links[1] == ()  # no reference, no subject: nobody's
    # a note that opens naming two companies has no lead: the call stays unlinked
    two = attribute(
        ["Deere (DE) and CNH (CNH) reported.", "We reiterate Buy."],
        [["DE", "CNH"], []],
        acts=[None, "Buy"],
    )
    assert two[1] == ()


def test_a_company_named_in_a_question_is_no_antecedent_for_the_answer() -> None:
    sentences = [
        "Archer-Daniels-Midland (ADM) Q&A.",
        'Analyst: "Bunge just raised its crush margin guidance.',
        'Why are you more cautious?"',
        'CEO: "Biofuel policy clarity is not here yet."',
        "Management cut EPS guidance to $4.00 at the low end.",
    ]
    links = _methods(sentences, [["ADM"], ["BG"], [], [], []])
    assert links[4] == [("ADM", "management")]  # not Bunge, whom the analyst asked about
