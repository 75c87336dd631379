"""Bystanders and comparison sides added after the notes' validation errors (issue 18): lists
with names the finder does not know, verb cues, a broker acting alone, a rating word that is
no comparison verb, a preference whose winner is only referred to, one metric under two
names, and a tie that is no tie. Sentences written for these tests."""

from __future__ import annotations

import pytest

from sentiment.readings import Mention, read_sentence


def mentions_of(text: str, pairs: list[tuple[str, str]]) -> list[Mention]:
    found, position = [], 0
    for symbol, surface in pairs:
        start = text.index(surface, position)
        found.append(Mention(symbol, start, start + len(surface)))
        position = start + len(surface)
    return found


def read(kind: str, text: str, pairs: list[tuple[str, str]]) -> set[tuple[str | None, str]]:
    return {
        (r.ticker, r.effect)
        for r in read_sentence(text, mentions_of(text, pairs))
        if r.kind == kind
    }


ROLES = [
    # a list after its cue may start with a company the finder does not know
    (
        "The firm noted partnerships with Waymo, Nvidia and Baidu.",
        [("NVDA", "Nvidia"), ("BIDU", "Baidu")],
        {("NVDA", "neutral"), ("BIDU", "neutral")},
    ),
    # a cue of two words is a verb or a preposition: the ticker after it is its object
    ("Schulman previously ran PayPal (PYPL).", [("PYPL", "PayPal (PYPL)")], {("PYPL", "neutral")}),
    # ... while a one-word cue in the subject's place still makes no role
    ("Rival Dexcom fell 4% on the news.", [("DXCM", "Dexcom")], set()),
    # a broker alone in its sentence, acting as a house, is the source
    (
        "Telsey Advisory lowered its target to $190; Jefferies moved to Underperform.",
        [("JEF", "Jefferies")],
        {("JEF", "neutral")},
    ),
    # ... but not when it is the one rated
    ("Jefferies was moved to Underperform at Goldman.", [("JEF", "Jefferies")], set()),
    # a broker's rating action on another ticker
    (
        "Citi lifted its CAT target to $610 and remains Buy.",
        [("C", "Citi"), ("CAT", "CAT")],
        {("C", "neutral")},
    ),
    (
        "Wells Fargo Securities called it a clean beat.",
        [("WFC", "Wells Fargo")],
        {("WFC", "neutral")},
    ),
    (
        "For 2026, we think the concentration in Nvidia, Apple and Microsoft is the biggest risk.",
        [("NVDA", "Nvidia"), ("AAPL", "Apple"), ("MSFT", "Microsoft")],
        {("NVDA", "neutral"), ("AAPL", "neutral"), ("MSFT", "neutral")},
    ),
]

COMPARISONS = [
    # a rating written with its capital is the rating reader's, not a comparison verb
    (
        "We rate WPC Outperform and Realty Income Market Perform.",
        [("WPC", "WPC"), ("O", "Realty Income")],
        set(),
    ),
    (
        "Alphabet outperformed Microsoft this year.",
        [("GOOGL", "Alphabet"), ("MSFT", "Microsoft")],
        {("GOOGL", "positive"), ("MSFT", "negative")},
    ),
    # the losers after "over" where the winner is only referred to, a list with an unknown name
    (
        "The stock remains our favored exchange name over Intercontinental Exchange (ICE) and "
        "Cboe (CBOE).",
        [("ICE", "Intercontinental Exchange"), ("ICE", "ICE"), ("CBOE", "CBOE")],
        {("ICE", "negative"), ("CBOE", "negative")},
    ),
    # a fund's charges and its expense ratio are one metric between two funds
    (
        "The Vanguard Total Stock Market ETF (VTI) charges 0.03%, a fraction of the 0.20% "
        "expense ratio on the SPDR Portfolio S&P 500 High Dividend ETF (SPYD).",
        [("VTI", "VTI"), ("SPYD", "SPYD")],
        {("VTI", "positive"), ("SPYD", "negative")},
    ),
    # "both" is no tie where the clause sets them on one side
    (
        "Kroger and Target both look worse positioned into 2026.",
        [("KR", "Kroger"), ("TGT", "Target")],
        set(),
    ),
    (
        "SCHB and ITOT both charge 0.03%.",
        [("SCHB", "SCHB"), ("ITOT", "ITOT")],
        {("SCHB", "neutral"), ("ITOT", "neutral")},
    ),
]


@pytest.mark.parametrize(("text", "pairs", "expected"), ROLES)
def test_roles(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("role", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), COMPARISONS)
def test_comparisons(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("comparison", text, pairs) == expected


FACTS = [
    (
        "Exxon Mobil (XOM) declared a fourth-quarter dividend of $1.03 per share, payable "
        "December 10, to shareholders of record on November 14.",
        [("XOM", "Exxon Mobil (XOM)")],
        {(None, "neutral")},
    ),
    (
        "Honeywell completed the spin-off of Solstice Advanced Materials (SOLS) on October 30.",
        [("HON", "Honeywell"), ("SOLS", "SOLS")],
        {(None, "neutral")},
    ),
    (
        "Moody's affirmed Apple's Aaa rating with a stable outlook.",
        [("MCO", "Moody's"), ("AAPL", "Apple")],
        {(None, "neutral")},
    ),
    # index changes and record dates
    (
        "Ciena (CIEN) will join the S&P 500 on Monday, replacing Enphase Energy (ENPH).",
        [("CIEN", "Ciena (CIEN)"), ("ENPH", "Enphase Energy (ENPH)")],
        {(None, "neutral")},
    ),
    (
        "Coca-Cola (KO) set March 13 as the record date for its next payment.",
        [("KO", "Coca-Cola (KO)")],
        {(None, "neutral")},
    ),
    (
        "SCHD completed its annual reconstitution, adding Merck (MRK).",
        [("SCHD", "SCHD"), ("MRK", "Merck (MRK)")],
        {(None, "neutral")},
    ),
    ("Nvidia (NVDA) will join the fight for AI budgets.", [("NVDA", "Nvidia (NVDA)")], set()),
    (
        "The buyer, NextEra Energy (NEE), declined to comment.",
        [("NEE", "NextEra Energy (NEE)")],
        {(None, "neutral")},
    ),
    ("Hasbro (HAS) did not comment.", [("HAS", "Hasbro (HAS)")], {(None, "neutral")}),
    # a deal's advisers: a plain fact for every ticker of the clause
    (
        "Goldman Sachs (GS) advised Salesforce on the deal.",
        [("GS", "Goldman Sachs (GS)"), ("CRM", "Salesforce")],
        {(None, "neutral")},
    ),
    (
        "Jefferies advised clients to sell Nike (NKE).",
        [("JEF", "Jefferies"), ("NKE", "Nike (NKE)")],
        set(),
    ),
    # news with a direction is no plain fact
    ("Morgan Stanley (MS) raised its quarterly dividend by 8%.", [("MS", "Morgan Stanley")], set()),
    ("Costco beat estimates and sales rose 8%.", [("COST", "Costco")], set()),
]


@pytest.mark.parametrize(("text", "pairs", "expected"), FACTS)
def test_plain_facts(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("fact", text, pairs) == expected


def test_facts_can_be_turned_off() -> None:
    text = "KO declared a quarterly dividend of $0.53 per share."
    assert not read_sentence(text, mentions_of(text, [("KO", "KO")]), kinds=("hedge",))


def test_a_possessive_qualifying_another_noun_is_not_the_one_rated() -> None:
    text = "Dell preview: a beat helped by Nvidia's Blackwell ramp, and we raise our estimates."
    pairs = [("DELL", "Dell"), ("NVDA", "Nvidia")]
    assert read("rating", text, pairs) == {("DELL", "positive")}
    assert read("comparison", text, pairs) == set()  # "a beat helped by": no one beaten
    # a possessive on the cue itself is the one rated
    assert read("rating", "We raise Nvidia's estimates.", [("NVDA", "Nvidia")]) == {
        ("NVDA", "positive")
    }


@pytest.mark.parametrize(
    ("text", "pairs", "expected"),
    [
        (
            "Sold my $DIS, bought $NFLX.",
            [("DIS", "$DIS"), ("NFLX", "$NFLX")],
            {("DIS", "negative"), ("NFLX", "positive")},
        ),
        (
            "$ELF ripping after that guide. still adding here",
            [("ELF", "$ELF")],
            {("ELF", "positive")},
        ),
        (
            "$BYND another dilutive raise. shorting the bounce",
            [("BYND", "$BYND")],
            {("BYND", "negative")},
        ),
        ("still adding here", [], {(None, "positive")}),  # the post's ticker, by its link
        (
            "Trimmed $CMG after the run, still a core holding.",
            [("CMG", "$CMG")],
            {("CMG", "neutral")},
        ),  # a partial sale with the profit taken: no view against the stock
        ("Trimmed $CELH, destocking isn't done.", [("CELH", "$CELH")], {("CELH", "negative")}),
        ("Sold $COST after the run.", [("COST", "$COST")], {("COST", "negative")}),  # all of it
        (
            "Apple bought Beats and sold Shazam (SHZ).",
            [("AAPL", "Apple"), ("SHZ", "Shazam")],
            set(),
        ),  # no cashtag: a deal, not a trader's trade
    ],
)
def test_a_traders_own_trades(text, pairs, expected) -> None:
    assert read("rating", text, pairs) == expected


def test_a_bank_with_a_research_desk_reporting_its_own_news_is_no_source() -> None:
    text = "Fifth Third rose, while KeyCorp's beat came from taxes; it cut its fee guidance."
    assert read("role", text, [("FITB", "Fifth Third"), ("KEY", "KeyCorp")]) == set()
    text = "Fifth Third and KeyCorp both topped earnings estimates."
    assert read("role", text, [("FITB", "Fifth Third"), ("KEY", "KeyCorp")]) == set()
    text = "JPMorgan estimates Apple (AAPL) sold 50 million phones."  # the desk's estimate
    assert read("role", text, [("JPM", "JPMorgan"), ("AAPL", "Apple")]) == {("JPM", "neutral")}


def test_more_slowly_than_is_a_comparative() -> None:
    text = "Lyft (LYFT) grew more slowly than Uber (UBER)."
    pairs = [("LYFT", "Lyft"), ("UBER", "Uber")]
    assert read("comparison", text, pairs) == {("LYFT", "negative"), ("UBER", "positive")}


def test_moves_of_one_sign_rank_nothing_even_when_approximate() -> None:
    text = "Devon Energy and Diamondback each fell more than 3%, and APA Corp. lost 5%."
    pairs = [("DVN", "Devon Energy"), ("FANG", "Diamondback"), ("APA", "APA Corp.")]
    assert read("comparison", text, pairs) == set()


def test_a_broker_acting_in_the_present_tense_is_the_source() -> None:
    text = "Piper Sandler reiterates Overweight on Medtronic and lifts its target to $105."
    pairs = [("PIPR", "Piper Sandler"), ("MDT", "Medtronic")]
    assert read("role", text, pairs) == {("PIPR", "neutral")}
    assert read("rating", text, pairs) == {("MDT", "positive")}


def test_a_name_qualifying_a_product_is_a_passer_by() -> None:
    text = "Super Micro fell after delays of Nvidia-based systems."
    pairs = [("SMCI", "Super Micro"), ("NVDA", "Nvidia")]
    assert read("role", text, pairs) == {("NVDA", "neutral")}


@pytest.mark.parametrize(
    ("text", "pairs", "expected"),
    [
        (
            "T-Mobile won the Amtrak onboard Wi-Fi contract from AT&T.",
            [("TMUS", "T-Mobile"), ("T", "AT&T")],
            {("TMUS", "positive"), ("T", "negative")},
        ),  # the rival's contract
        (
            "Oracle won a multiyear cloud capacity contract from Meta Platforms (META).",
            [("ORCL", "Oracle"), ("META", "Meta Platforms")],
            set(),
        ),  # a customer's award: no loser
        (
            "Axon keeps winning large state police customers from Motorola Solutions (MSI).",
            [("AXON", "Axon"), ("MSI", "Motorola Solutions")],
            {("AXON", "positive"), ("MSI", "negative")},
        ),  # four words before the noun
    ],
)
def test_business_taken_from_a_rival(text, pairs, expected) -> None:
    assert read("comparison", text, pairs) == expected


def test_a_fall_given_up_is_a_fall_in_a_race() -> None:
    text = "CSX lost 2.4% and Canadian Pacific Kansas City (CP) gave up 1.9%."
    pairs = [("CSX", "CSX"), ("CP", "Canadian Pacific Kansas City")]
    assert read("comparison", text, pairs) == set()  # falls of one sign rank nothing
    assert ("CP", "negative") in read("move", text, pairs)


@pytest.mark.parametrize(
    ("text", "pairs", "expected"),
    [
        (
            "ARK Innovation (ARKK) has returned -32% over three years with a 0.75% fee, versus "
            "+41% for the Invesco QQQ Trust (QQQ) at 0.20%.",
            [("ARKK", "ARK Innovation"), ("QQQ", "Invesco QQQ Trust")],
            {("ARKK", "negative"), ("QQQ", "positive")},
        ),  # +41% is QQQ's return, not a fee
        (
            "Cash parking: SGOV (0.09% fee) and BIL (0.1356%) hold nearly identical portfolios.",
            [("SGOV", "SGOV"), ("BIL", "BIL")],
            {("SGOV", "positive"), ("BIL", "negative")},
        ),  # the fee right after the figure, not the "cash" before it
    ],
)
def test_a_figure_takes_its_own_metric(text, pairs, expected) -> None:
    assert read("comparison", text, pairs) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Either is fine.",
        "Pick whichever your broker trades free.",
        "Differences are small and mostly a matter of taste.",
        "Pick one and stop overthinking it.",
    ],
)
def test_even_verdicts_naming_no_ticker(text) -> None:
    assert read("comparison", text, []) == {(None, "neutral")}
