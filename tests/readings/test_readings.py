"""Tables of (sentence, mentions, expected readings) for each kind of reading, written for
these tests (not taken from the corpus), the issue's examples among them."""

from __future__ import annotations

import pytest

from sentiment.errors import InputError
from sentiment.readings import Mention, Reading, read_sentence


def mentions_of(text: str, pairs: list[tuple[str, str]]) -> list[Mention]:
    """Mentions from (symbol, surface) pairs, each surface found after the one before."""
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
    (
        "Two upgrades for Carrier Global (CARR): KeyBanc moves to Overweight and Stifel takes "
        "the stock to Buy.",
        [("CARR", "Carrier Global"), ("KEY", "KeyBanc"), ("SF", "Stifel")],
        {("KEY", "neutral"), ("SF", "neutral")},
    ),
    # the object of a house's action is no house acting: Goldman is rated, not rating
    (
        "Citi cut Goldman Sachs (GS) to Neutral, and Apple (AAPL) rose.",
        [("C", "Citi"), ("GS", "Goldman Sachs"), ("AAPL", "Apple")],
        {("C", "neutral")},
    ),
    # a house's call right after its name, on the company the sentence is about
    (
        "Two downgrades hit Portillo's (PTLO): Baird to Neutral and Morgan Stanley (MS) to "
        "Underweight.",
        [("PTLO", "Portillo's"), ("MS", "Morgan Stanley")],
        {("MS", "neutral")},
    ),
    (
        "Wells Fargo raised its target to $1,150, and Barclays stays Underweight on Costco (COST).",
        [("WFC", "Wells Fargo"), ("BCS", "Barclays"), ("COST", "Costco")],
        {("WFC", "neutral"), ("BCS", "neutral")},
    ),
    (
        "JPMorgan analyst Doug Anmuth said Meta's ad pricing is likely to keep rising.",
        [("JPM", "JPMorgan"), ("META", "Meta")],
        {("JPM", "neutral")},
    ),
    (
        "Micron guided well above consensus for the quarter, and Nvidia remains its largest "
        "customer for the chips.",
        [("MU", "Micron"), ("NVDA", "Nvidia")],
        {("NVDA", "neutral")},
    ),
    (
        "According to Goldman Sachs, Costco's membership fee income rose 9%.",
        [("GS", "Goldman Sachs"), ("COST", "Costco")],
        {("GS", "neutral")},
    ),
    (
        "Broadcom jumped 6% ahead of rival Marvell's report next week.",
        [("AVGO", "Broadcom"), ("MRVL", "Marvell")],
        {("MRVL", "neutral")},
    ),
    (
        "Palantir won a $480 million contract with Lockheed Martin and raised its outlook.",
        [("PLTR", "Palantir"), ("LMT", "Lockheed Martin")],
        {("LMT", "neutral")},
    ),
    (
        "Snowflake's revenue growth slowed to 26%, and competition from Databricks and Oracle "
        "is rising.",
        [("SNOW", "Snowflake"), ("DBX", "Databricks"), ("ORCL", "Oracle")],
        {("DBX", "neutral"), ("ORCL", "neutral")},
    ),
    (
        "UBS said Apple's services growth should re-accelerate in the second half.",
        [("UBS", "UBS"), ("AAPL", "Apple")],
        {("UBS", "neutral")},
    ),
    # the role is dropped when the sentence judges the ticker: the rival lost here
    (
        "Alphabet outperformed rival Microsoft this year.",
        [("GOOGL", "Alphabet"), ("MSFT", "Microsoft")],
        set(),
    ),
    # a company speaking of itself is no source
    ("Apple said revenue rose 8% on iPhone demand.", [("AAPL", "Apple")], set()),
]

RATINGS = [
    # a colon after the rating opens its reason: the ticker named there is not rated
    (
        "We remain Neutral: the quarter was fine, yet T-Mobile keeps growing twice as fast.",
        [("TMUS", "T-Mobile")],
        set(),
    ),
    # a list after the colon is what is rated
    ("Outperform: Nvidia (NVDA).", [("NVDA", "Nvidia"), ("NVDA", "NVDA")], {("NVDA", "positive")}),
    (
        "Trade idea: long $UNH, short $CVS.",
        [("UNH", "$UNH"), ("CVS", "$CVS")],
        {("UNH", "positive"), ("CVS", "negative")},
    ),
    (
        "Pair idea: long Visa (V) / short PayPal (PYPL).",
        [("V", "Visa"), ("V", "V"), ("PYPL", "PayPal"), ("PYPL", "PYPL")],
        {("V", "positive"), ("PYPL", "negative")},
    ),
    (
        "Morgan Stanley upgraded Tesla (TSLA) to Overweight from Equal Weight.",
        [("MS", "Morgan Stanley"), ("TSLA", "Tesla"), ("TSLA", "TSLA")],
        {("TSLA", "positive")},
    ),
    (
        "Ford was downgraded to Sell at Jefferies.",
        [("F", "Ford"), ("JEF", "Jefferies")],
        {("F", "negative")},
    ),
    ("We stay Equal Weight on Tesla.", [("TSLA", "Tesla")], {("TSLA", "neutral")}),
    (
        "We initiate coverage of Datadog (DDOG) at Outperform.",
        [("DDOG", "Datadog")],
        {("DDOG", "positive")},
    ),
    ("Moving Snap (SNAP) to Neutral from Sell.", [("SNAP", "Snap")], {("SNAP", "positive")}),
    # a rating a step past its side's: Strong Buy over Outperform
    (
        "Raymond James moved Devon Energy (DVN) to Strong Buy from Outperform.",
        [("RJF", "Raymond James"), ("DVN", "Devon Energy")],
        {("DVN", "positive")},
    ),
    (
        "We move Devon (DVN) to Outperform from Strong Buy.",
        [("DVN", "Devon")],
        {("DVN", "negative")},
    ),
    ("We move Devon (DVN) to Buy from Outperform.", [("DVN", "Devon")], {("DVN", "neutral")}),
    # in capitals, "TO BUY" before a name is a deal, before "FROM" or "AT" a rating
    ("SALESFORCE TO BUY BRAZE FOR $6.1 BILLION", [("CRM", "SALESFORCE")], set()),
    (
        "NIKE UPGRADED TO BUY AT JEFFERIES",
        [("NKE", "NIKE"), ("JEF", "JEFFERIES")],
        {("NKE", "positive")},
    ),
    # a rating action on a company referred to ("cut it to Neutral")
    (
        "First Solar (FSLR) slid 3% after UBS (UBS) cut it to Neutral.",
        [("FSLR", "First Solar"), ("FSLR", "FSLR"), ("UBS", "UBS"), ("UBS", "UBS")],
        {("FSLR", "negative")},
    ),
    ("Management cut it to the bone.", [], set()),
    (
        "Long the Financial Select Sector SPDR (XLF), short the Utilities Select Sector SPDR "
        "(XLU).",
        [
            ("XLF", "Financial Select Sector SPDR"),
            ("XLF", "XLF"),
            ("XLU", "Utilities Select Sector SPDR"),
            ("XLU", "XLU"),
        ],
        {("XLF", "positive"), ("XLU", "negative")},
    ),
    # a rating verb's object between it and the rating (rating_objects.txt)
    ("We rate the shares Sell.", [], {(None, "negative")}),
    ("We keep the stock Overweight.", [], {(None, "positive")}),
    ("We reiterate it Outperform after the print.", [], {(None, "positive")}),
    ("Analysts rate them Hold.", [], {(None, "neutral")}),
    ("The shares Sell off into the close.", [], set()),  # no rating verb before the object
    # "Positive" / "Negative" are some brokers' ratings; a change between them has a side
    ("We are lowering it to Neutral from Positive.", [], {(None, "negative")}),
    ("Positive free cash flow is the key.", [], set()),
    # "are Underweight X"; a rating alone in its segment with its price target
    (
        "We are Underweight Ford (F) into the print.",
        [("F", "Ford"), ("F", "F")],
        {("F", "negative")},
    ),
    ("We'd own the shares into the print; Overweight, $400 target.", [], {(None, "positive")}),
    ("Our view: Buy with a $90 price target.", [], {(None, "positive")}),
    # a passive revision verb before a ticker's own "to ... from ..."
    (
        "Ventas (VTR) had its target raised to $72 from $68, while Healthpeak (DOC) was "
        "trimmed to $20 from $22.",
        [("VTR", "Ventas"), ("VTR", "VTR"), ("DOC", "Healthpeak"), ("DOC", "DOC")],
        {("VTR", "positive"), ("DOC", "negative")},
    ),
    # a share price's move is no revision, even beside a target change
    (
        "Apple (AAPL) rose to $200 from $180 after Citi (C) kept its price target.",
        [("AAPL", "Apple"), ("AAPL", "AAPL"), ("C", "Citi"), ("C", "C")],
        set(),
    ),
    (
        "We cut Target to Underperform from Market Perform.",
        [("TGT", "Target")],
        {("TGT", "negative")},
    ),
    (
        "We lower our price target on Pfizer (PFE) to $24 from $28.",
        [("PFE", "Pfizer")],
        {("PFE", "negative")},
    ),
    ("Our MU target rises to $300.", [("MU", "MU")], {("MU", "positive")}),
    (
        "Citi raised its price target on Amazon to $275.",
        [("C", "Citi"), ("AMZN", "Amazon")],
        {("AMZN", "positive")},
    ),
    (
        "Sector | Top pick | Rating\nTech | NVDA | Buy | 250",
        [("NVDA", "NVDA")],
        {("NVDA", "positive")},
    ),
    (
        "Vistra (VST) remains our preferred name; Bank of America is our least preferred.",
        [("VST", "Vistra"), ("BAC", "Bank of America")],
        {("VST", "positive"), ("BAC", "negative")},
    ),
    ("We raise estimates and reiterate Buy.", [], {(None, "positive")}),
    # "buy" as a verb, "short" and "long" not before a ticker, the upgrade cycle: no ratings
    (
        "Apple agreed to buy the startup, and the iPhone upgrade cycle looks long in the tooth.",
        [("AAPL", "Apple")],
        set(),
    ),
    (
        "Hold the line, said Walmart's CEO, as short-term traffic slowed.",
        [("WMT", "Walmart")],
        set(),
    ),
]

COMPARISONS = [
    (
        "Vanguard's VTI charges 0.03%, a fraction of the 0.20% that SPDR's SPYD charges, and its "
        "five-year return is well ahead of SPYD's.",
        [("VTI", "VTI"), ("SPYD", "SPYD"), ("SPYD", "SPYD")],
        {("VTI", "positive"), ("SPYD", "negative")},
    ),
    (
        "AMD outperformed Intel by 30 points this year.",
        [("AMD", "AMD"), ("INTC", "Intel")],
        {("AMD", "positive"), ("INTC", "negative")},
    ),
    (
        "Intel lagged AMD again.",
        [("INTC", "Intel"), ("AMD", "AMD")],
        {("AMD", "positive"), ("INTC", "negative")},
    ),
    (
        "Intel was outpaced by AMD in server share.",
        [("INTC", "Intel"), ("AMD", "AMD")],
        {("AMD", "positive"), ("INTC", "negative")},
    ),
    (
        "SCHD's expense ratio is lower than VYM's.",
        [("SCHD", "SCHD"), ("VYM", "VYM")],
        {("SCHD", "positive"), ("VYM", "negative")},
    ),
    (
        "USMV had a smaller drawdown than SPLV in 2022.",
        [("USMV", "USMV"), ("SPLV", "SPLV")],
        {("USMV", "positive"), ("SPLV", "negative")},
    ),
    (
        "QQQ returned 21.8% a year against 9.6% for RSP.",
        [("QQQ", "QQQ"), ("RSP", "RSP")],
        {("QQQ", "positive"), ("RSP", "negative")},
    ),
    (
        "JEPI yields 7.2% against 3.4% for SCHD.",
        [("JEPI", "JEPI"), ("SCHD", "SCHD")],
        {("JEPI", "positive"), ("SCHD", "negative")},
    ),
    (
        "VXUS and IXUS both charge 0.07% and returned 8.4% and 8.5% in 2025.",
        [("VXUS", "VXUS"), ("IXUS", "IXUS")],
        {("VXUS", "neutral"), ("IXUS", "neutral")},
    ),
    (
        "IVV and VOO have similar fees and tracking.",
        [("IVV", "IVV"), ("VOO", "VOO")],
        {("IVV", "neutral"), ("VOO", "neutral")},
    ),
    ("Micron lagged the index for a third month.", [("MU", "Micron")], {("MU", "negative")}),
    # "beat estimates" compares Nvidia with no other ticker
    (
        "Nvidia beat estimates, and AMD rose in sympathy.",
        [("NVDA", "Nvidia"), ("AMD", "AMD")],
        set(),
    ),
]

DEALS = [
    (
        "Fifth Third (FITB) agreed to buy Comerica (CMA) for $82.88 a share, a 20% premium.",
        [("FITB", "Fifth Third"), ("FITB", "FITB"), ("CMA", "Comerica"), ("CMA", "CMA")],
        {("FITB", "neutral"), ("CMA", "positive")},
    ),
    (
        "Juniper agreed to be acquired by Hewlett Packard Enterprise for $40 a share.",
        [("JNPR", "Juniper"), ("HPE", "Hewlett Packard Enterprise")],
        {("JNPR", "positive"), ("HPE", "neutral")},
    ),
    (
        "Capital One completed its acquisition of Discover.",
        [("COF", "Capital One"), ("DFS", "Discover")],
        {("COF", "neutral"), ("DFS", "neutral")},
    ),
    (
        "American Water's pending merger with Essential Utilities won approval.",
        [("AWK", "American Water"), ("WTRG", "Essential Utilities")],
        {("AWK", "neutral"), ("WTRG", "neutral")},
    ),
    # no target among the tickers: no deal reading
    ("Alphabet agreed to buy Wiz for $32 billion in cash.", [("GOOGL", "Alphabet")], set()),
]

HEDGES = [
    (
        "Into Tuesday's print, a beat on deliveries would likely lift Tesla shares, while a miss "
        "could pressure them.",
        [("TSLA", "Tesla")],
        {(None, "neutral")},
    ),
    ("If rates fall, homebuilders could rally.", [], {(None, "neutral")}),
    (
        "Nvidia rose 3%, and AMD could follow if demand holds.",
        [("NVDA", "Nvidia"), ("AMD", "AMD")],
        {(None, "neutral")},
    ),
    (
        "Walmart beat estimates; Target, which reports next week, may cut its outlook.",
        [("WMT", "Walmart"), ("TGT", "Target")],
        {("TGT", "neutral")},
    ),
    (
        "Ahead of its results on Thursday, Adobe trades at 17x earnings.",
        [("ADBE", "Adobe")],
        {(None, "neutral")},
    ),
    # "May" the month is no hedge; a plain statement has none
    ("Costco raised its dividend in May and sales rose 8%.", [("COST", "Costco")], set()),
]


def _ids(table: list) -> list[str]:
    return [case[0][:40] for case in table]


MOVES = [
    (
        "XLP (XLP) ended the week down 1.5%, while XLY (XLY) rose 1.2%.",
        [("XLP", "XLP"), ("XLP", "XLP"), ("XLY", "XLY"), ("XLY", "XLY")],
        {("XLP", "negative"), ("XLY", "positive")},
    ),
    (
        "CRWD (CRWD) rose, ZS (ZS) dropped on billings.",
        [("CRWD", "CRWD"), ("CRWD", "CRWD"), ("ZS", "ZS"), ("ZS", "ZS")],
        {("CRWD", "positive"), ("ZS", "negative")},
    ),
    ("Shares of Axon rose 4% in premarket trading.", [("AXON", "Axon")], {("AXON", "positive")}),
    (
        "Flex (FLEX) and Celestica (CLS) also traded flat.",
        [("FLEX", "Flex"), ("FLEX", "FLEX"), ("CLS", "Celestica"), ("CLS", "CLS")],
        {("FLEX", "neutral"), ("CLS", "neutral")},
    ),
    (
        "SBA Communications (SBAC) was down only 1%.",
        [("SBAC", "SBA Communications")],
        {("SBAC", "neutral")},
    ),
    # past an aside or a relative clause
    (
        "SQM (SQM), the Chilean rival whose ADRs trade in New York, fell 3%.",
        [("SQM", "SQM"), ("SQM", "SQM")],
        {("SQM", "negative")},
    ),
    (
        "Cisco Systems (CSCO), which competes for the same workloads, was down 1%.",
        [("CSCO", "Cisco Systems"), ("CSCO", "CSCO")],
        {("CSCO", "negative")},
    ),
    # "the shares" in a sentence naming no ticker: about the company it is linked to
    ("The shares fell 18% to a 15-year low.", [], {(None, "negative")}),
    # the one ticker a sentence names, and its shares referred to
    (
        "Travelers (TRV) beat on underwriting, but the insurer's shares fell 2%.",
        [("TRV", "Travelers"), ("TRV", "TRV")],
        {("TRV", "negative")},
    ),
    (
        "According to data compiled by Raymond James (RJF), the stock has outperformed.",
        [("RJF", "Raymond James"), ("RJF", "RJF")],
        set(),
    ),
    # a beat is no price move
    (
        "Nike (NKE) beat on earnings, $0.94 against $0.71 expected.",
        [("NKE", "Nike"), ("NKE", "NKE")],
        set(),
    ),
    # not the ticker moving: its revenue, or a competition
    ("Apple's revenue rose 5% to $95 billion.", [("AAPL", "Apple")], set()),
    (
        "Competition from Databricks and Oracle (ORCL) is rising.",
        [("ORCL", "Oracle"), ("ORCL", "ORCL")],
        set(),
    ),
]


GUIDANCE = [
    (
        "Airbnb (ABNB), the third name in the group, guided to slower Q4 growth.",
        [("ABNB", "Airbnb"), ("ABNB", "ABNB")],
        {("ABNB", "negative")},
    ),
    (
        "Expedia (EXPE) lost ground, and Airbnb (ABNB) guided to slower growth.",
        [("EXPE", "Expedia"), ("EXPE", "EXPE"), ("ABNB", "Airbnb"), ("ABNB", "ABNB")],
        {("ABNB", "negative")},
    ),
    ("Management cut its full-year outlook.", [], {(None, "negative")}),
    (
        "Palo Alto Networks (PANW) raised its revenue guidance.",
        [("PANW", "Palo Alto Networks")],
        {("PANW", "positive")},
    ),
    ("We cut our outlook for the sector.", [], set()),
    (
        "Cracker Barrel (CBRL) slid, and it suspended guidance.",
        [("CBRL", "Cracker Barrel"), ("CBRL", "CBRL")],
        {("CBRL", "negative")},
    ),
    # a relative clause is about the ticker it follows
    (
        "Traffic shifted to Dick's Sporting Goods (DKS), which raised its guidance.",
        [("DKS", "Dick's Sporting Goods"), ("DKS", "DKS")],
        {("DKS", "positive")},
    ),
    # ... but not past the clause it opens
    (
        "Traffic shifted to Dick's Sporting Goods (DKS), which gained, but management cut its"
        " outlook.",
        [("DKS", "Dick's Sporting Goods"), ("DKS", "DKS")],
        {(None, "negative")},
    ),
]


@pytest.mark.parametrize(("text", "pairs", "expected"), GUIDANCE, ids=_ids(GUIDANCE))
def test_guidance(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("guidance", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), MOVES, ids=_ids(MOVES))
def test_moves(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("move", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), ROLES, ids=_ids(ROLES))
def test_roles(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("role", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), RATINGS, ids=_ids(RATINGS))
def test_ratings(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("rating", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), COMPARISONS, ids=_ids(COMPARISONS))
def test_comparisons(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("comparison", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), DEALS, ids=_ids(DEALS))
def test_deals(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("deal", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), HEDGES, ids=_ids(HEDGES))
def test_hedges(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("hedge", text, pairs) == expected


def test_a_reading_keeps_its_cue_and_offsets() -> None:
    text = "Trade idea: long $UNH, short $CVS."
    readings = read_sentence(text, mentions_of(text, [("UNH", "$UNH"), ("CVS", "$CVS")]))
    assert readings[0] == Reading("rating", "UNH", "positive", "long", 12, 16)
    assert all(text[r.start : r.end] == r.cue for r in readings)
    assert readings[1].to_dict() == {
        "kind": "rating",
        "ticker": "CVS",
        "effect": "negative",
        "cue": "short",
        "start": 23,
        "end": 28,
    }


def test_a_name_and_its_symbol_are_one_mention() -> None:
    text = "Morgan Stanley upgraded Tesla (TSLA) to Overweight."
    pairs = [("MS", "Morgan Stanley"), ("TSLA", "Tesla"), ("TSLA", "TSLA")]
    assert read("role", text, pairs) == {("MS", "neutral")}
    assert read("rating", text, pairs) == {("TSLA", "positive")}


@pytest.mark.parametrize(
    "text",
    ["", "   ", "NO TICKER HERE, JUST CAPITALS: BUY? SELL? IF ANYTHING, HOLD.", "$" * 500],
)
def test_odd_text_gives_no_error(text: str) -> None:
    readings = read_sentence(text, [])
    assert all(r.ticker is None for r in readings)


def test_mentions_outside_the_text_are_ignored() -> None:
    assert read_sentence("Long it.", [Mention("AAPL", 5, 99), Mention("MSFT", -1, 2)]) == ()


def test_forty_tickers() -> None:
    symbols = [f"T{i:02d}" for i in range(40)]
    text = "Long " + ", ".join(symbols[:-1]) + " and " + symbols[-1] + "."
    readings = read_sentence(text, mentions_of(text, [(s, s) for s in symbols]))
    assert {r.ticker for r in readings} == set(symbols)
    assert {r.effect for r in readings} == {"positive"}


MORE_ROLES = [
    (
        "Walmart (WMT) is left out of the trade.",
        [("WMT", "Walmart"), ("WMT", "WMT")],
        {("WMT", "neutral")},
    ),
    (
        "The stock trades at a premium to Motorola Solutions (MSI).",
        [("MSI", "Motorola Solutions"), ("MSI", "MSI")],
        {("MSI", "neutral")},
    ),
    # rivals, holdings, holders and former employers named in passing
    (
        "Motorola Solutions (MSI) remains its main rival in body cameras.",
        [("MSI", "Motorola Solutions"), ("MSI", "MSI")],
        {("MSI", "neutral")},
    ),
    (
        "The fund (VGT) holds Apple (AAPL) and Microsoft (MSFT) as its top two.",
        [("VGT", "VGT"), ("AAPL", "Apple"), ("AAPL", "AAPL"), ("MSFT", "Microsoft")],
        {("AAPL", "neutral"), ("MSFT", "neutral")},
    ),
    (
        "Occidental (OXY), in which Berkshire Hathaway holds a 27% stake, fell 3%.",
        [("OXY", "Occidental"), ("OXY", "OXY"), ("BRK.B", "Berkshire Hathaway")],
        {("BRK.B", "neutral")},
    ),
    (
        "Apple (AAPL) holds its developer conference in June.",
        [("AAPL", "Apple"), ("AAPL", "AAPL")],
        set(),
    ),
    # sources of data and checks, examples of a group, a report coming up
    (
        "Constraints at suppliers such as Honeywell (HON) ease.",
        [("HON", "Honeywell"), ("HON", "HON")],
        {("HON", "neutral")},
    ),
    (
        "According to data compiled by Raymond James (RJF), the stock has outperformed.",
        [("RJF", "Raymond James"), ("RJF", "RJF")],
        {("RJF", "neutral")},
    ),
    (
        "Our checks at Floor & Decor (FND) stores pointed to flat demand.",
        [("FND", "Floor & Decor"), ("FND", "FND")],
        {("FND", "neutral")},
    ),
    ("$DLTR $WMT up next", [("DLTR", "$DLTR"), ("WMT", "$WMT")], {("WMT", "neutral")}),
    # competitors, a parent, a question's subject, fund holdings, partners named in passing
    (
        "Medtronic (MDT) and Abbott (ABT) sell competing mapping systems.",
        [("MDT", "Medtronic"), ("MDT", "MDT"), ("ABT", "ABT")],
        {("MDT", "neutral"), ("ABT", "neutral")},
    ),
    (
        "Asked about Verizon (VZ)'s promotions, management said churn was stable.",
        [("VZ", "Verizon"), ("VZ", "VZ")],
        {("VZ", "neutral")},
    ),
    (
        "A strategist at RBC Capital Markets, a unit of Royal Bank of Canada (RY), said so.",
        [("RY", "Royal Bank of Canada"), ("RY", "RY")],
        {("RY", "neutral")},
    ),
    (
        "Tesla, Coinbase (COIN) and Roku (ROKU) make up a third of assets.",
        [("TSLA", "Tesla"), ("COIN", "Coinbase"), ("COIN", "COIN"), ("ROKU", "Roku")],
        {("TSLA", "neutral"), ("COIN", "neutral"), ("ROKU", "neutral")},
    ),
    (
        "Dick's Sporting Goods (DKS), a key partner, reports next week.",
        [("DKS", "Dick's Sporting Goods"), ("DKS", "DKS")],
        {("DKS", "neutral")},
    ),
    (
        "Shares of Gap Inc., whose Athleta brand also competes in the category, were unchanged.",
        [("GAP", "Gap Inc.")],
        {("GAP", "neutral")},
    ),
    (
        "Citigroup and Goldman Sachs report on Wednesday.",
        [("C", "Citigroup"), ("GS", "Goldman Sachs")],
        {("C", "neutral"), ("GS", "neutral")},
    ),
    (
        "United Airlines (UAL) reports next week.",
        [("UAL", "United Airlines"), ("UAL", "UAL")],
        {("UAL", "neutral")},
    ),
    # a peer in the subject's place is what the sentence is about
    ("Rival Dexcom fell 4% on the news.", [("DXCM", "Dexcom")], set()),
    # the company's own event, not its analyst
    ("Equinix (EQIX) analyst day takeaways", [("EQIX", "Equinix"), ("EQIX", "EQIX")], set()),
    # the claims' analyst actions: the house acting on the company is the source
    (
        "Morgan Stanley cut its price target on Nike to $70.",
        [("MS", "Morgan Stanley"), ("NKE", "Nike")],
        {("MS", "neutral")},
    ),
]

MORE_RATINGS = [
    (
        "Cutting estimates at Polaris (PII): we now expect 2026 EPS of $2.10.",
        [("PII", "Polaris"), ("PII", "PII")],
        {("PII", "negative")},
    ),
    (
        "Ratings unchanged: GS Buy, MS Buy, USB Hold.",
        [("GS", "GS"), ("MS", "MS"), ("USB", "USB")],
        {("GS", "positive"), ("MS", "positive"), ("USB", "neutral")},
    ),
    (
        "We start U.S. Bancorp (USB) and Truist (TFC) at Equal Weight, and PNC (PNC) at "
        "Underweight.",
        [("USB", "U.S. Bancorp"), ("TFC", "Truist"), ("PNC", "PNC"), ("PNC", "PNC")],
        {("USB", "neutral"), ("TFC", "neutral"), ("PNC", "negative")},
    ),
    (
        "Price target moves: Goldman Sachs (GS) to $850 from $780; U.S. Bancorp (USB) to $52 "
        "from $55.",
        [("GS", "Goldman Sachs"), ("USB", "U.S. Bancorp")],
        {("GS", "positive"), ("USB", "negative")},
    ),
    (
        "The firm cut Diamondback Energy to Market Perform on valuation.",
        [("FANG", "Diamondback Energy")],
        {("FANG", "negative")},
    ),
    (
        "Raymond James upgraded Devon Energy to Strong Buy and lifted EQT to Outperform.",
        [("RJF", "Raymond James"), ("DVN", "Devon Energy"), ("EQT", "EQT")],
        {("DVN", "positive"), ("EQT", "positive")},
    ),
    # the house's own rating, on "the stock": not about the house
    (
        "Morgan Stanley, the most bullish broker on the stock, kept its Overweight rating.",
        [("MS", "Morgan Stanley")],
        set(),
    ),
    # a company's target after its deal: not the counterparty's
    (
        "Fiber target raised to 60M after the purchase of Lumen's (LUMN) fiber business.",
        [("LUMN", "Lumen")],
        set(),
    ),
]

MORE_COMPARISONS = [
    (
        "Mid-cap REITs: we prefer Agree Realty (ADC) over Realty Income (O) for 2026.",
        [("ADC", "Agree Realty"), ("O", "Realty Income")],
        {("ADC", "positive"), ("O", "negative")},
    ),
    (
        "$GOOGL > $MSFT for 2026.",
        [("GOOGL", "$GOOGL"), ("MSFT", "$MSFT")],
        {("GOOGL", "positive"), ("MSFT", "negative")},
    ),
    (
        "American Airlines (AAL) remains the laggard.",
        [("AAL", "American Airlines")],
        {("AAL", "negative")},
    ),
    (
        "XLE returned 4% in 2025 while OIH lost 9%.",
        [("XLE", "XLE"), ("OIH", "OIH")],
        {("XLE", "positive"), ("OIH", "negative")},
    ),
    # moves of one sign rank nothing; a trade-off is neutral for both
    (
        "Nvidia lost 4.2%, Broadcom 5.1% and AMD 6.3%.",
        [("NVDA", "Nvidia"), ("AVGO", "Broadcom"), ("AMD", "AMD")],
        set(),
    ),
    (
        "LQD yields 5.1% against 4.9% for VCIT, but VCIT costs 0.03% against LQD's 0.14%.",
        [("LQD", "LQD"), ("VCIT", "VCIT"), ("VCIT", "VCIT"), ("LQD", "LQD")],
        {("LQD", "neutral"), ("VCIT", "neutral")},
    ),
    # "both" with no metric is no balanced comparison
    ("$CVX $XOM both green", [("CVX", "$CVX"), ("XOM", "$XOM")], set()),
]

MORE_DEALS = [
    (
        "Air Lease agreed to be acquired by a consortium for $65 a share in cash.",
        [("AL", "Air Lease")],
        {("AL", "positive")},
    ),
    (
        "Huntington (HBAN) agreed to buy Cadence Bank (CADE).",
        [("HBAN", "Huntington"), ("HBAN", "HBAN"), ("CADE", "Cadence Bank"), ("CADE", "CADE")],
        {("HBAN", "neutral"), ("CADE", "positive")},
    ),
    # "to Buy" is a rating
    (
        "We raise Johnson & Johnson (JNJ) to Buy and cut Bristol-Myers Squibb (BMY) to Sell.",
        [("JNJ", "Johnson & Johnson"), ("BMY", "Bristol-Myers Squibb")],
        set(),
    ),
]


@pytest.mark.parametrize(("text", "pairs", "expected"), MORE_ROLES, ids=_ids(MORE_ROLES))
def test_more_roles(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("role", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), MORE_RATINGS, ids=_ids(MORE_RATINGS))
def test_more_ratings(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("rating", text, pairs) == expected


@pytest.mark.parametrize(
    ("text", "pairs", "expected"), MORE_COMPARISONS, ids=_ids(MORE_COMPARISONS)
)
def test_more_comparisons(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("comparison", text, pairs) == expected


@pytest.mark.parametrize(("text", "pairs", "expected"), MORE_DEALS, ids=_ids(MORE_DEALS))
def test_more_deals(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("deal", text, pairs) == expected


EDGE_COMPARISONS = [
    (
        "Owning $COST over $WMT here.",
        [("COST", "$COST"), ("WMT", "$WMT")],
        {("COST", "positive"), ("WMT", "negative")},
    ),
    (
        "$UBER vs $LYFT: both grew trips ~15%, no edge either way.",
        [("UBER", "$UBER"), ("LYFT", "$LYFT")],
        {("UBER", "neutral"), ("LYFT", "neutral")},
    ),
    # "to CVX's 4.2%": the possessive names the next figure's owner, not this one's
    (
        "$XOM yields 3.4% to $CVX's 4.2%.",
        [("XOM", "$XOM"), ("CVX", "$CVX")],
        {("XOM", "negative"), ("CVX", "positive")},
    ),
    (
        "Apple (AAPL) gave back more than Microsoft (MSFT) after a supplier warning.",
        [("AAPL", "Apple"), ("AAPL", "AAPL"), ("MSFT", "Microsoft"), ("MSFT", "MSFT")],
        {("AAPL", "negative"), ("MSFT", "positive")},
    ),
    (
        "Eli Lilly (LLY) closed the gap with Novo Nordisk (NVO) in obesity drugs.",
        [("LLY", "Eli Lilly"), ("LLY", "LLY"), ("NVO", "Novo Nordisk"), ("NVO", "NVO")],
        {("LLY", "positive"), ("NVO", "negative")},
    ),
    (
        "$INTC still a step behind $AMD on server share.",
        [("INTC", "$INTC"), ("AMD", "$AMD")],
        {("INTC", "negative"), ("AMD", "positive")},
    ),
    # a figure with its own rising verb keeps its sign after a fall
    (
        "Coinbase (COIN) vs Robinhood (HOOD): Coinbase's trading revenue fell 10% while "
        "Robinhood's rose 30%.",
        [
            ("COIN", "Coinbase"),
            ("COIN", "COIN"),
            ("HOOD", "Robinhood"),
            ("HOOD", "HOOD"),
            ("COIN", "Coinbase"),
            ("HOOD", "Robinhood"),
        ],
        {("COIN", "negative"), ("HOOD", "positive")},
    ),
    # a comparison verb's object is not across a clause's joint, nor its subject before one
    (
        "High yield lagged, with the iShares iBoxx High Yield Corporate Bond ETF (HYG) trailing.",
        [("HYG", "iShares iBoxx High Yield Corporate Bond ETF"), ("HYG", "HYG")],
        set(),
    ),
    (
        "IWM (IWM) rose 2%, while megacap tech lagged and XLK (XLK) fell 1.3%.",
        [("IWM", "IWM"), ("IWM", "IWM"), ("XLK", "XLK"), ("XLK", "XLK")],
        set(),
    ),
    # a preferred company referred to, the other named
    (
        "We prefer it to CarMax (KMX), where unit trends remain negative.",
        [("KMX", "CarMax"), ("KMX", "KMX")],
        {("KMX", "negative")},
    ),
    (
        "Margins give it a structural advantage over Tandem Diabetes (TNDM).",
        [("TNDM", "Tandem Diabetes"), ("TNDM", "TNDM")],
        {("TNDM", "negative")},
    ),
    (
        "We see Petco (WOOF) as a continued share donor.",
        [("WOOF", "Petco"), ("WOOF", "WOOF")],
        {("WOOF", "negative")},
    ),
    # a multiple of another's figure
    (
        "SPY's 0.0945% expense ratio is roughly three times VOO's 0.03%.",
        [("SPY", "SPY"), ("VOO", "VOO")],
        {("SPY", "negative"), ("VOO", "positive")},
    ),
    # winners and losers in words of the desk (comparison_verbs.tsv)
    (
        "$XOM has beaten $CVX by 11 pts YTD.",
        [("XOM", "$XOM"), ("CVX", "$CVX")],
        {("XOM", "positive"), ("CVX", "negative")},
    ),
    (
        "On Holding (ONON) continues to take shelf space from Nike (NKE).",
        [("ONON", "On Holding"), ("ONON", "ONON"), ("NKE", "Nike"), ("NKE", "NKE")],
        {("ONON", "positive"), ("NKE", "negative")},
    ),
    (
        "Cleveland-Cliffs (CLF) looks more exposed given its automotive mix.",
        [("CLF", "Cleveland-Cliffs"), ("CLF", "CLF")],
        {("CLF", "negative")},
    ),
    # a negated comparative sets no side; a tie sets both even
    (
        "JEPI's maximum drawdown was no smaller than DGRO's.",
        [("JEPI", "JEPI"), ("DGRO", "DGRO")],
        set(),
    ),
    (
        "BND and AGG returned 2.9% and 2.8%, effectively a tie at the same 0.03% fee.",
        [("BND", "BND"), ("AGG", "AGG")],
        {("BND", "neutral"), ("AGG", "neutral")},
    ),
    # a fund name the finder did not take, before its bracketed symbol
    (
        "The Fidelity 500 Index Fund (FXAIX) costs 0.015%, less than half of what the Vanguard "
        "500 Index Fund Admiral Shares (VFIAX) charges.",
        [("FXAIX", "FXAIX"), ("VFIAX", "VFIAX")],
        {("FXAIX", "positive"), ("VFIAX", "negative")},
    ),
    (
        "Rotation day: $IWM +2.5%, $QQQ -1.1%.",
        [("IWM", "$IWM"), ("QQQ", "$QQQ")],
        {("IWM", "positive"), ("QQQ", "negative")},
    ),
    # the ticker in a relative clause neither owns the figure nor is the subject
    (
        "SMH, which caps Nvidia at about 20%, returned 38% while SOXX returned 24%.",
        [("SMH", "SMH"), ("NVDA", "Nvidia"), ("SOXX", "SOXX")],
        {("SMH", "positive"), ("SOXX", "negative")},
    ),
    # dividends of two companies are amounts, not rates to compare
    (
        "Goldman Sachs (GS) lifted its dividend to $4.00, and JPMorgan Chase (JPM) to $1.50.",
        [("GS", "Goldman Sachs"), ("JPM", "JPMorgan Chase")],
        set(),
    ),
    ("We think ALB is the best-positioned producer on cost.", [("ALB", "ALB")], set()),
    (
        "Constellation Energy, which struck a similar deal with Microsoft last year, gained 3%.",
        [("CEG", "Constellation Energy"), ("MSFT", "Microsoft")],
        set(),
    ),
]


@pytest.mark.parametrize(
    ("text", "pairs", "expected"), EDGE_COMPARISONS, ids=_ids(EDGE_COMPARISONS)
)
def test_edge_comparisons(text: str, pairs: list[tuple[str, str]], expected: set) -> None:
    assert read("comparison", text, pairs) == expected


def test_a_note_in_capitals() -> None:
    text = "MORGAN STANLEY UPGRADED TESLA (TSLA) TO OVERWEIGHT."
    pairs = [("MS", "MORGAN STANLEY"), ("TSLA", "TESLA"), ("TSLA", "TSLA")]
    assert read("rating", text, pairs) == {("TSLA", "positive")}
    assert read("role", text, pairs) == {("MS", "neutral")}
    text = "FIFTH THIRD (FITB) AGREED TO BUY COMERICA (CMA) FOR $82.88 A SHARE."
    pairs = [("FITB", "FIFTH THIRD"), ("FITB", "FITB"), ("CMA", "COMERICA"), ("CMA", "CMA")]
    assert read("rating", text, pairs) == set()  # "TO BUY" is the deal's verb here
    assert read("deal", text, pairs) == {("FITB", "neutral"), ("CMA", "positive")}


def test_kinds_can_be_turned_off() -> None:
    text = "Morgan Stanley upgraded Tesla (TSLA) to Overweight, and a beat could lift the shares."
    mentions = mentions_of(text, [("MS", "Morgan Stanley"), ("TSLA", "Tesla")])
    assert {r.kind for r in read_sentence(text, mentions)} == {"role", "rating", "hedge"}
    assert {r.kind for r in read_sentence(text, mentions, kinds=("role",))} == {"role"}
    assert read_sentence(text, mentions, kinds=()) == ()


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(InputError, match="unknown reading kinds \\['ratings'\\]"):
        read_sentence("Buy.", [], kinds=("ratings",))


def test_text_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(InputError, match="got bytes"):
        read_sentence(b"Long $UNH.", [])  # type: ignore[arg-type]


NINTH_PASS = [
    # a rating right after the ticker's apposition is a rating, not a source
    (
        "rating",
        "PepsiCo (PEP), rated Buy, remains the firm's top pick in beverages.",
        [("PEP", "PepsiCo")],
        {("PEP", "positive")},
    ),
    # "both of which we rate Outperform": each ticker listed before
    (
        "rating",
        "We see margins inflecting at Fifth Third (FITB) and Huntington (HBAN), both of which "
        "we rate Outperform.",
        [("FITB", "Fifth Third"), ("HBAN", "Huntington")],
        {("FITB", "positive"), ("HBAN", "positive")},
    ),
    # "a long in": a pair trade's long side
    (
        "rating",
        "We'd short Hershey (HSY) against a long in Mondelez (MDLZ).",
        [("HSY", "Hershey"), ("MDLZ", "Mondelez")],
        {("HSY", "negative"), ("MDLZ", "positive")},
    ),
    # "ahead of Tesla's (TSLA) Q3 report" is a preview, not a rank
    (
        "comparison",
        "Ahead of Tesla's (TSLA) Q3 report on October 23, the debate centres on margins.",
        [("TSLA", "Tesla")],
        set(),
    ),
    (
        "comparison",
        "Nvidia (NVDA) is well ahead of AMD (AMD) in data-center revenue.",
        [("NVDA", "Nvidia"), ("AMD", "AMD")],
        {("NVDA", "positive"), ("AMD", "negative")},
    ),
    # a sentence naming no ticker that calls "both" even: a verdict about the whole sentence
    ("comparison", "Honestly hard to pick, holding both.", [], {(None, "neutral")}),
    ("comparison", "We see no edge either way this quarter.", [], {(None, "neutral")}),
    ("comparison", "It makes no difference to our estimates.", [], set()),  # no "both"
    # tenth pass: a plural possessive before the event, "edges", a trader's shorthand
    (
        "comparison",
        "Ahead of Darden Restaurants' (DRI) fiscal Q4 print, we model comps of +1.2%.",
        [("DRI", "Darden Restaurants")],
        set(),
    ),
    (
        "hedge",
        "Nvidia (NVDA) is well ahead of peers in data-center revenue.",
        [("NVDA", "Nvidia")],
        set(),  # "ahead of peers in data..." is no preview
    ),
    (
        "comparison",
        "The differences are small, but SGOV edges BIL on both counts.",
        [("SGOV", "SGOV"), ("BIL", "BIL")],
        {("SGOV", "positive"), ("BIL", "negative")},
    ),
    (
        "rating",
        "Running $URI long vs $HRI short into earnings.",
        [("URI", "$URI"), ("HRI", "$HRI")],
        {("URI", "positive"), ("HRI", "negative")},
    ),
    ("rating", "$GME short interest rose to 24%.", [("GME", "$GME")], set()),
    (
        "hedge",
        "Allstate (ALL) publishes its monthly catastrophe losses next week.",
        [("ALL", "Allstate")],
        {(None, "neutral")},
    ),
]


def test_an_even_verdict_about_the_whole_sentence_is_a_verdict() -> None:
    from sentiment.aggregate import is_verdict

    [even] = [r for r in read_sentence("Neither is the better buy.", []) if r.kind == "comparison"]
    assert is_verdict(even, "UBER") and is_verdict(even, "LYFT")
    plain = [r for r in read_sentence("Both charge 0.03%.", []) if r.kind == "comparison"]
    assert plain == []  # a tie that needs a metric is read only between named tickers


THIRTEENTH_PASS = [
    # a listed subject's plural verb carries the rating to every ticker listed
    (
        "rating",
        "Datadog and MongoDB, which also sell on consumption, are rated Overweight.",
        [("DDOG", "Datadog"), ("MDB", "MongoDB")],
        {("DDOG", "positive"), ("MDB", "positive")},
    ),
    # "rate both": the tickers the sentence refers to
    ("rating", "We rate both Overweight with equal conviction.", [], {(None, "positive")}),
    # a move whose verb is left out has the move before it; they rank nothing
    (
        "move",
        "Roblox shares rose 2% and Sony's ADRs 1%.",
        [("RBLX", "Roblox"), ("SONY", "Sony")],
        {("RBLX", "positive"), ("SONY", "positive")},
    ),
    (
        "comparison",
        "Roblox shares rose 2% and Sony's ADRs 1%.",
        [("RBLX", "Roblox"), ("SONY", "Sony")],
        set(),
    ),
    (
        "move",
        "Nvidia lost 4.2%, Broadcom 5.1% and AMD 6.3%.",
        [("NVDA", "Nvidia"), ("AVGO", "Broadcom"), ("AMD", "AMD")],
        {("NVDA", "negative"), ("AVGO", "negative"), ("AMD", "negative")},
    ),
    # ... but not a figure of something else after a full stop or semicolon
    (
        "move",
        "Apple rose 2% on the news; Microsoft 1% of revenue.",
        [("AAPL", "Apple"), ("MSFT", "Microsoft")],
        {("AAPL", "positive")},
    ),
    # moves of one sign race where the sentence sets them against each other or in a
    # drawdown: the smaller fall wins, and the loser's rise or the winner's fall is no move
    (
        "comparison",
        "In the 2022 selloff, USMV fell 17% from peak to trough, while the iShares Core S&P 500 "
        "ETF (IVV) dropped roughly 25%.",
        [("USMV", "USMV"), ("IVV", "iShares Core S&P 500 ETF")],
        {("USMV", "positive"), ("IVV", "negative")},
    ),
    (
        "move",
        "In the 2022 selloff, USMV fell 17% from peak to trough, while the iShares Core S&P 500 "
        "ETF (IVV) dropped roughly 25%.",
        [("USMV", "USMV"), ("IVV", "iShares Core S&P 500 ETF")],
        set(),
    ),
    (
        "comparison",
        "The iShares Russell 2000 ETF (IWM) rose 1.8% against 0.4% for the SPDR S&P 500 ETF "
        "Trust (SPY).",
        [("IWM", "iShares Russell 2000 ETF"), ("SPY", "SPDR S&P 500 ETF Trust")],
        {("IWM", "positive"), ("SPY", "negative")},
    ),
    # a fund name's words are no metric of its move
    (
        "comparison",
        "In the 2022 selloff the Invesco S&P 500 Low Volatility ETF (SPLV) fell 12% from peak "
        "to trough, against 18% for USMV.",
        [("SPLV", "Invesco S&P 500 Low Volatility ETF"), ("USMV", "USMV")],
        {("SPLV", "positive"), ("USMV", "negative")},
    ),
    (
        "comparison",
        "Oilfield services got hit too, with SLB down 4.5% and Halliburton down 5.2%.",
        [("SLB", "SLB"), ("HAL", "Halliburton")],
        set(),
    ),
    # a plural pick of a list
    (
        "rating",
        "Duke Energy (DUK) and Dominion (D) remain our preferred names in the group.",
        [("DUK", "Duke Energy"), ("D", "Dominion")],
        {("DUK", "positive"), ("D", "positive")},
    ),
    # a post's words of a move
    (
        "move",
        "$AMD ripping, $INTC dumping.",
        [("AMD", "$AMD"), ("INTC", "$INTC")],
        {("AMD", "positive"), ("INTC", "negative")},
    ),
    # "cheaper than" is better whatever metric is near
    (
        "comparison",
        "Interactive Brokers (IBKR) still screens cheaper than Charles Schwab (SCHW) on 2025 "
        "earnings.",
        [("IBKR", "Interactive Brokers"), ("SCHW", "Charles Schwab")],
        {("IBKR", "positive"), ("SCHW", "negative")},
    ),
    # a phrasal verb is no revision
    (
        "rating",
        "We stay Neutral on Lowe's (LOW) until its own Pro push shows up in the numbers.",
        [("LOW", "Lowe's")],
        {("LOW", "neutral")},
    ),
    # a table row's signed cell after its ticker is its move
    ("move", "Energy (XLE) | -2.4% | +4%", [("XLE", "XLE")], {("XLE", "negative")}),
    ("move", "Utilities (XLU) | +0.0% | +16%", [("XLU", "XLU")], {("XLU", "neutral")}),
    ("move", "Vanguard S&P 500 ETF | VOO | 0.03%", [("VOO", "VOO")], set()),
    # a guidance change with a few words between
    (
        "guidance",
        "Bank stocks rallied after JPMorgan Chase (JPM) raised its 2025 net interest income "
        "forecast.",
        [("JPM", "JPMorgan Chase")],
        {("JPM", "positive")},
    ),
    # "over" a group and its "such as"
    (
        "comparison",
        "We prefer D.R. Horton (DHI) over smaller builders such as Beazer Homes (BZH) and "
        "Hovnanian (HOV).",
        [("DHI", "D.R. Horton"), ("BZH", "Beazer Homes"), ("HOV", "Hovnanian")],
        {("DHI", "positive"), ("BZH", "negative"), ("HOV", "negative")},
    ),
    # a race of three: the middle one is neither side; "in between" is no side
    (
        "comparison",
        "In the 2022 selloff SPLV fell 12% from peak to trough, against 18% for USMV and 25% "
        "for SPY.",
        [("SPLV", "SPLV"), ("USMV", "USMV"), ("SPY", "SPY")],
        {("SPLV", "positive"), ("USMV", "neutral"), ("SPY", "negative")},
    ),
    (
        "comparison",
        "PulteGroup (PHM) and NVR (NVR) sat in between.",
        [("PHM", "PulteGroup"), ("NVR", "NVR")],
        {("PHM", "neutral"), ("NVR", "neutral")},
    ),
    # signed moves keep their signs in a list
    (
        "comparison",
        "Movers: Amazon +1.8%, Tesla -4.2%, Home Depot +0.6%, McDonald's -1.1%.",
        [("AMZN", "Amazon"), ("TSLA", "Tesla"), ("HD", "Home Depot"), ("MCD", "McDonald")],
        {("AMZN", "positive"), ("TSLA", "negative"), ("HD", "positive"), ("MCD", "negative")},
    ),
    # a rank within a group for every ticker listed; not one someone else gave
    (
        "comparison",
        "Western Digital (WDC) and Seagate (STX) are also beneficiaries via HDD pricing.",
        [("WDC", "Western Digital"), ("STX", "Seagate")],
        {("WDC", "positive"), ("STX", "positive")},
    ),
    (
        "comparison",
        "Home Depot (HD) was cited as a beneficiary of a housing recovery.",
        [("HD", "Home Depot")],
        set(),
    ),
    # a relative clause on the tickers' own shares
    (
        "move",
        "A read-through for customers Nvidia and AMD, whose shares rose 2% before the open.",
        [("NVDA", "Nvidia"), ("AMD", "AMD")],
        {("NVDA", "positive"), ("AMD", "positive")},
    ),
    # a ticker after a second verb is not the rated one
    (
        "rating",
        "The firm reiterates Buy and sees Lyft (LYFT) as the share donor in US rideshare.",
        [("LYFT", "Lyft")],
        set(),
    ),
    # a small move is neutral
    (
        "move",
        "Dell Technologies and Hewlett Packard Enterprise (HPE), which sell competing AI servers, "
        "rose modestly.",
        [("DELL", "Dell Technologies"), ("HPE", "Hewlett Packard Enterprise")],
        {("DELL", "neutral"), ("HPE", "neutral")},
    ),
    # customers and suppliers named in a list
    (
        "role",
        "It named Nvidia (NVDA) and Cisco (CSCO) among its largest buyers.",
        [("NVDA", "Nvidia"), ("CSCO", "Cisco")],
        {("NVDA", "neutral"), ("CSCO", "neutral")},
    ),
    (
        "role",
        "Its pens use components from suppliers including Becton Dickinson (BDX).",
        [("BDX", "Becton Dickinson")],
        {("BDX", "neutral")},
    ),
    # no move is neutral
    ("move", "$NVO barely moved.", [("NVO", "$NVO")], {("NVO", "neutral")}),
    ("move", "Both ADRs were flat.", [], {(None, "neutral")}),
    # a comparison's verb sets every ticker listed after it against its subject
    (
        "comparison",
        "The company's SASE offering trails Zscaler (ZS) and Palo Alto Networks (PANW).",
        [("ZS", "Zscaler"), ("PANW", "Palo Alto Networks")],
        {("ZS", "positive"), ("PANW", "positive")},
    ),
    (
        "comparison",
        "Lilly is gaining share versus Novo Nordisk (NVO).",
        [("LLY", "Lilly"), ("NVO", "Novo Nordisk")],
        {("LLY", "positive"), ("NVO", "negative")},
    ),
    # an apposition naming a counterparty or a peer makes a passer-by, of a list too
    (
        "role",
        "Ulta Beauty (ULTA), its largest US retail partner, reports next week.",
        [("ULTA", "Ulta Beauty")],
        {("ULTA", "neutral")},
    ),
    (
        "role",
        "GE Aerospace (GE) and RTX (RTX), its biggest customers, are guiding to higher output.",
        [("GE", "GE Aerospace"), ("RTX", "RTX")],
        {("GE", "neutral"), ("RTX", "neutral")},
    ),
    (
        "role",
        "Nvidia, its largest end-customer for cable assemblies, keeps adding rack volume.",
        [("NVDA", "Nvidia")],
        {("NVDA", "neutral")},
    ),
    ("role", "Nike reports its own quarter on Thursday.", [("NKE", "Nike")], {("NKE", "neutral")}),
    # ... not one naming what the company is
    ("role", "Zendesk, the customer-service software maker, rose 5%.", [("ZEN", "Zendesk")], set()),
    ("role", "Nvidia (NVDA), the AI chip leader, rose 5%.", [("NVDA", "Nvidia")], set()),
]

FOURTEENTH_PASS = [
    # volatility: the more volatile fund is the worse one
    (
        "comparison",
        "TLT has been twice as volatile as IEF this year.",
        [("TLT", "TLT"), ("IEF", "IEF")],
        {("TLT", "negative"), ("IEF", "positive")},
    ),
    # figures of one metric set side by side across an aside of another metric
    (
        "comparison",
        "QYLD returned 41% over five years including its 12% distributions, while QQQ "
        "returned 118%.",
        [("QYLD", "QYLD"), ("QQQ", "QQQ")],
        {("QYLD", "negative"), ("QQQ", "positive")},
    ),
    (
        "comparison",
        "ARKK lost 8% a year, with a maximum drawdown of 81%, while XLK returned 20% a year.",
        [("ARKK", "ARKK"), ("XLK", "XLK")],
        {("ARKK", "negative"), ("XLK", "positive")},
    ),
    # ... not across a figure of a third ticker
    (
        "comparison",
        "SMH, which caps NVDA at about 20%, returned 38%, while SOXX returned 24%.",
        [("SMH", "SMH"), ("NVDA", "NVDA"), ("SOXX", "SOXX")],
        {("SMH", "positive"), ("SOXX", "negative")},
    ),
    # sources: analysts from a list of houses; a broker calling a deal something, whose
    # sentence's "the shares" are the note company's; a trade against a company is about it
    (
        "role",
        "Analysts from Bernstein and Evercore ISI pressed on labor costs.",
        [("AB", "Bernstein"), ("EVR", "Evercore ISI")],
        {("AB", "neutral"), ("EVR", "neutral")},
    ),
    (
        "role",
        "Truist called the price disciplined; the shares rose 2%.",
        [("TFC", "Truist")],
        {("TFC", "neutral")},
    ),
    (
        "move",
        "Truist called the price disciplined; the shares rose 2%.",
        [("TFC", "Truist")],
        {(None, "positive")},
    ),
    (
        "move",
        "Truist raised its dividend; the shares rose 2%.",
        [("TFC", "Truist")],
        {("TFC", "positive")},
    ),
    (
        "role",
        "Hedge funds built short positions against Zions Bancorporation (ZION).",
        [("ZION", "Zions Bancorporation")],
        set(),
    ),
    # peers and counterparties named after the fact
    (
        "role",
        "Figma (FIG), which went public in 2025, remains the main competitor in design.",
        [("FIG", "Figma")],
        {("FIG", "neutral")},
    ),
    (
        "role",
        "Target Corp. (TGT) was named as one of the retailers working down inventory.",
        [("TGT", "Target Corp.")],
        {("TGT", "neutral")},
    ),
    (
        "role",
        "Destocking is lasting longer; Watsco (WSO) flagged the same dynamic last month.",
        [("WSO", "Watsco")],
        {("WSO", "neutral")},
    ),
    # an acquirer said to overpay
    (
        "deal",
        "Several analysts, including those at Morgan Stanley (MS), argue HPE overpaid.",
        [("MS", "Morgan Stanley (MS)"), ("HPE", "HPE")],
        {("HPE", "negative")},
    ),
    ("deal", "WBD holders get a rich price for the crown jewels.", [("WBD", "WBD")], set()),
    # moves: a second move after "and", a wrap's signed moves, "just" past the figure
    (
        "move",
        "Cisco rose 3% on the boost and Datadog gained 21% to just below the offer.",
        [("CSCO", "Cisco"), ("DDOG", "Datadog")],
        {("CSCO", "positive"), ("DDOG", "positive")},
    ),
    (
        "move",
        "Flex and Celestica rose 3%.",
        [("FLEX", "Flex"), ("CLS", "Celestica")],
        {("FLEX", "positive"), ("CLS", "positive")},
    ),
    (
        "move",
        "REIT wrap: Equinix +3.1%, Vornado -1.8% after a tenant left, Public Storage +0.0%.",
        [("EQIX", "Equinix"), ("VNO", "Vornado"), ("PSA", "Public Storage")],
        {("EQIX", "positive"), ("VNO", "negative"), ("PSA", "neutral")},
    ),
    ("move", "Revenue grew 5% as Nvidia +12% demand held.", [("NVDA", "Nvidia")], set()),
    # moves "each" of a list made, and words of a move the claims do not read
    (
        "move",
        "Coca-Cola (KO) and PepsiCo (PEP) each rose 1.5%.",
        [("KO", "Coca-Cola (KO)"), ("PEP", "PepsiCo (PEP)")],
        {("KO", "positive"), ("PEP", "positive")},
    ),
    (
        "move",
        "Tractor Supply (TSCO) added 2% after reaffirming guidance.",
        [("TSCO", "Tractor Supply (TSCO)")],
        {("TSCO", "positive")},
    ),
    ("move", "Costco (COST) added 30 warehouses.", [("COST", "Costco (COST)")], set()),
    # a fund's flows
    (
        "move",
        "The iShares Bitcoin Trust (IBIT) took in $1.1 billion on Thursday.",
        [("IBIT", "iShares Bitcoin Trust (IBIT)")],
        {("IBIT", "positive")},
    ),
    ("move", "Intel (INTC) lost ground in servers.", [("INTC", "Intel (INTC)")], set()),
    # the tickers that drove a market's move
    (
        "move",
        "The Dow rose 0.8% on Wednesday, led by Caterpillar (CAT) and Goldman Sachs (GS).",
        [("CAT", "Caterpillar (CAT)"), ("GS", "Goldman Sachs (GS)")],
        {("CAT", "positive"), ("GS", "positive")},
    ),
    (
        "move",
        "Discretionary fell behind, dragged lower by Tesla (TSLA).",
        [("TSLA", "Tesla (TSLA)")],
        {("TSLA", "negative")},
    ),
    (
        "move",
        "Shares rose after a round led by Blackstone (BX).",
        [("BX", "Blackstone (BX)")],
        set(),
    ),
    # a move under a fifth of a percent says nothing
    (
        "move",
        "The iShares Semiconductor ETF (SOXX) ended up 0.1%.",
        [("SOXX", "iShares Semiconductor ETF (SOXX)")],
        {("SOXX", "neutral")},
    ),
    (
        "move",
        "Wrap: Equinix +0.1%, Vornado -1.8%.",
        [("EQIX", "Equinix"), ("VNO", "Vornado")],
        {("EQIX", "neutral"), ("VNO", "negative")},
    ),
    # a source takes no side in a comparison
    (
        "comparison",
        "Tirzepatide scripts outpacing semaglutide again per IQVIA.",
        [("IQV", "IQVIA")],
        set(),
    ),
    # peers an investor will compare it with; a holder disclosing a stake
    (
        "role",
        "Investors will again compare it with Amazon (AMZN) and Costco (COST) on share gains.",
        [("AMZN", "Amazon (AMZN)"), ("COST", "Costco (COST)")],
        {("AMZN", "neutral"), ("COST", "neutral")},
    ),
    (
        "role",
        "Berkshire Hathaway (BRK.B) disclosed a new $2 billion stake in Deere (DE).",
        [("BRK.B", "Berkshire Hathaway (BRK.B)"), ("DE", "Deere (DE)")],
        {("BRK.B", "neutral")},
    ),
    # a rating's ticker is not looked for past a reason's "after"
    (
        "rating",
        "Jefferies raised its target on $ANET and reiterated Buy, after Meta Platforms told "
        "investors its capex would rise.",
        [("JEF", "Jefferies"), ("ANET", "$ANET"), ("META", "Meta Platforms")],
        {("ANET", "positive")},
    ),
    # a figure in line with what the market expects states no view
    (
        "hedge",
        "Analysts expect Apple's (AAPL) iPhone revenue to grow 3%, roughly in line with consensus.",
        [("AAPL", "Apple's (AAPL)")],
        {(None, "neutral")},
    ),
    # a revision someone might make is none yet
    (
        "rating",
        "If rates fall faster than expected, the bank could trim its full-year forecast.",
        [],
        set(),
    ),
    # a rating's ticker is not looked for past a semicolon
    (
        "rating",
        "We reiterate Buy; Nike's print next week is the next read on the category.",
        [("NKE", "Nike")],
        set(),
    ),
    ("hedge", "$DLTR $WMT up next", [("DLTR", "$DLTR"), ("WMT", "$WMT")], {(None, "neutral")}),
    # the comparative nearest "than" decides ("weaker ... better than")
    (
        "comparison",
        "MPC's cash flows cushion weaker crack spreads better than Valero's (VLO) book.",
        [("MPC", "MPC"), ("VLO", "Valero")],
        {("MPC", "positive"), ("VLO", "negative")},
    ),
    # pair trades written with verbs, "X over Y" after a like, a shorthand after "vs"
    (
        "rating",
        "Trade: buy Caterpillar (CAT), sell Deere (DE) against it.",
        [("CAT", "Caterpillar"), ("DE", "Deere")],
        {("CAT", "positive"), ("DE", "negative")},
    ),
    (
        "rating",
        "Our trade idea: buy Marvell and fund it by selling Qualcomm.",
        [("MRVL", "Marvell"), ("QCOM", "Qualcomm")],
        {("MRVL", "positive"), ("QCOM", "negative")},
    ),
    (
        "rating",
        "Pair: buy Ross Stores, sell TJX?",
        [("ROST", "Ross Stores"), ("TJX", "TJX")],
        set(),
    ),
    (
        "rating",
        "Merck agreed to buy Verona Pharma and sell its unit to Zoetis.",
        [("MRK", "Merck"), ("ZTS", "Zoetis")],
        set(),
    ),
    (
        "comparison",
        "Pair I like for 2026: $LLY over $NVO.",
        [("LLY", "$LLY"), ("NVO", "$NVO")],
        {("LLY", "positive"), ("NVO", "negative")},
    ),
    (
        "rating",
        "$AMD long vs $INTC short remains our favorite semis pair.",
        [("AMD", "$AMD"), ("INTC", "$INTC")],
        {("AMD", "positive"), ("INTC", "negative")},
    ),
    # figures side by side across a semicolon, an owner after "for the cap-weighted", "the
    # same index" names no metric
    (
        "comparison",
        "The SPDR S&P 500 ETF (SPY) charges 0.0945%; Vanguard's VOO charges 0.03%.",
        [("SPY", "SPDR S&P 500 ETF (SPY)"), ("VOO", "VOO")],
        {("SPY", "negative"), ("VOO", "positive")},
    ),
    (
        "comparison",
        "RSP returned about 70%, versus roughly 95% for the cap-weighted iShares Core S&P 500 "
        "ETF (IVV).",
        [("RSP", "RSP"), ("IVV", "iShares Core S&P 500 ETF (IVV)")],
        {("RSP", "negative"), ("IVV", "positive")},
    ),
    (
        "comparison",
        "QQQ charges 0.20% a year, while QQQM tracks the same index for 0.15%.",
        [("QQQ", "QQQ"), ("QQQM", "QQQM")],
        {("QQQ", "negative"), ("QQQM", "positive")},
    ),
    # a fund's name after a figure names no metric of it
    (
        "comparison",
        "Vanguard S&P 500 ETF (VOO) charges 0.03% a year, undercutting the 0.09% on SPDR S&P 500 "
        "ETF Trust (SPY).",
        [("VOO", "Vanguard S&P 500 ETF (VOO)"), ("SPY", "SPDR S&P 500 ETF Trust (SPY)")],
        {("VOO", "positive"), ("SPY", "negative")},
    ),
    # share lost to a rival, overtaking, a list of winners before a comparison verb, "ahead
    # of" a list with no metric, growth as "growing"
    (
        "comparison",
        "We see continued share loss to AMD (AMD) in server CPUs.",
        [("AMD", "AMD (AMD)")],
        {("AMD", "positive")},
    ),
    (
        "comparison",
        "We see the company's revenue overtaking Novo Nordisk's (NVO) franchise in 2026.",
        [("NVO", "Novo Nordisk's (NVO)")],
        {("NVO", "negative")},
    ),
    (
        "comparison",
        "Walmart (WMT) and Costco (COST) continue to take share from Target (TGT).",
        [("WMT", "Walmart (WMT)"), ("COST", "Costco (COST)"), ("TGT", "Target (TGT)")],
        {("WMT", "positive"), ("COST", "positive"), ("TGT", "negative")},
    ),
    (
        "comparison",
        "We see it as the highest-quality name in software, ahead of Salesforce (CRM) and "
        "Workday (WDAY).",
        [("CRM", "Salesforce (CRM)"), ("WDAY", "Workday (WDAY)")],
        {("CRM", "negative"), ("WDAY", "negative")},
    ),
    (
        "comparison",
        "Microsoft's Azure grew 37%, well ahead of Amazon Web Services (AMZN) at roughly 18%.",
        [("MSFT", "Microsoft"), ("AMZN", "Amazon Web Services (AMZN)")],
        {("MSFT", "positive"), ("AMZN", "negative")},
    ),
    (
        "comparison",
        "Azure kept growing 37%, well ahead of Amazon Web Services (AMZN) at 18%.",
        [("AMZN", "Amazon Web Services (AMZN)")],
        {("AMZN", "negative")},
    ),
    (
        "comparison",
        "Under Armour (UAA) is losing shelf space to On Holding (ONON).",
        [("UAA", "Under Armour (UAA)"), ("ONON", "On Holding (ONON)")],
        {("UAA", "negative"), ("ONON", "positive")},
    ),
    (
        "comparison",
        "SPY returned 15.1% and came out ahead on a risk-adjusted basis.",
        [("SPY", "SPY")],
        {("SPY", "positive")},
    ),
    # ranks within a group
    (
        "comparison",
        "Medtronic (MDT) grew 4%, the low end of the group.",
        [("MDT", "Medtronic (MDT)")],
        {("MDT", "negative")},
    ),
    (
        "comparison",
        "Tesla (TSLA) remains the scale leader.",
        [("TSLA", "Tesla (TSLA)")],
        {("TSLA", "positive")},
    ),
    # the author declining to pick
    (
        "comparison",
        "Which is better depends on whether you want income now or growth later.",
        [],
        {(None, "neutral")},
    ),
    ("comparison", "Neither is clearly better; it comes down to taste.", [], {(None, "neutral")}),
    ("comparison", "idk, both fine for income tbh", [], {(None, "neutral")}),
    ("comparison", "Whether it works depends on rates.", [], set()),
    # a trade being exited holds no position, on either leg; "a clear edge either way" is a tie
    (
        "rating",
        "We exit our long Costco / short BJ's Wholesale Club trade with a 14% gain.",
        [("COST", "Costco"), ("BJ", "BJ's Wholesale Club")],
        {("COST", "neutral"), ("BJ", "neutral")},
    ),
    ("comparison", "No longer a clear edge either way.", [], {(None, "neutral")}),
    # "barely better than": no real edge
    (
        "comparison",
        "QYLD fell 23% in 2022, barely better than QQQ's 33% drop.",
        [("QYLD", "QYLD"), ("QQQ", "QQQ")],
        {("QYLD", "neutral"), ("QQQ", "neutral")},
    ),
]


FIFTEENTH_PASS = [
    # the author's net verdict: at a sentence's or a bullet's start only for a lead cue
    ("net", "Net, our EPS estimate is unchanged at $11.90.", [], {(None, "scored")}),
    ("net", "- Net: more bad than good; the turnaround will take longer.", [], {(None, "scored")}),
    ("net", "Net income rose 5% to $2.1 billion.", [], set()),
    ("net", "Revenue rose; on balance, a solid print.", [], set()),
    ("net", "Revenue rose 4%. On balance, the quarter was solid.", [], {(None, "scored")}),
    ("net", "We think the guide-down outweighs the comp beat.", [], {(None, "scored")}),
    ("net", "Overall the quarter was a wash.", [], {(None, "neutral")}),
    ("net", "The quarter was weaker than it looks.", [], {(None, "negative")}),
    ("net", "More good than bad in this print.", [], {(None, "positive")}),
    # a preference however it is opened ("we'd", "I'd")
    (
        "comparison",
        "Net, we'd rather own GM.",
        [("GM", "GM")],
        {("GM", "positive")},
    ),
    (
        "comparison",
        "I'd rather own $MSI at half the multiple.",
        [("MSI", "$MSI")],
        {("MSI", "positive")},
    ),
    # a reader's hedged choice is no side; two of them are an even verdict
    (
        "comparison",
        "Income investors may prefer JEPI; total-return investors may prefer SCHD.",
        [("JEPI", "JEPI"), ("SCHD", "SCHD")],
        {(None, "neutral")},
    ),
    ("comparison", "Some readers might prefer JEPI for the income.", [("JEPI", "JEPI")], set()),
    # an edge, a safer pick, a preference for the one before ("we prefer it")
    ("comparison", "On balance Merck has the edge.", [("MRK", "Merck")], {("MRK", "positive")}),
    (
        "comparison",
        "Costco (COST) is the safer compounder here.",
        [("COST", "Costco")],
        {("COST", "positive")},
    ),
    (
        "comparison",
        "Microsoft (MSFT) keeps compounding, and we prefer it.",
        [("MSFT", "Microsoft")],
        {("MSFT", "positive")},
    ),
    (
        "comparison",
        "We would pick COP over CVX.",
        [("COP", "COP"), ("CVX", "CVX")],
        {("COP", "positive"), ("CVX", "negative")},
    ),
    # a rating agency raising its outlook on a company is a source, not guiding
    (
        "guidance",
        "S&P Global Ratings raised its outlook on Ford Motor's credit rating to positive.",
        [("SPGI", "S&P Global"), ("F", "Ford Motor")],
        set(),
    ),
    # a company's warning is guidance cut; a house's warning about others is no guidance
    (
        "guidance",
        "Airline stocks slid after United Airlines (UAL) warned that unit revenue would land at "
        "the low end of its range.",
        [("UAL", "United Airlines")],
        {("UAL", "negative")},
    ),
    (
        "guidance",
        "Halliburton (HAL) fell after Barclays warned that completion activity would slow.",
        [("HAL", "Halliburton"), ("BCS", "Barclays")],
        set(),
    ),
    # share taken with a word or two between ("re:" rows of comparison_verbs.tsv)
    (
        "comparison",
        "Client CPUs were strong, and AMD keeps taking desktop share from Intel (INTC).",
        [("AMD", "AMD"), ("INTC", "Intel (INTC)")],
        {("AMD", "positive"), ("INTC", "negative")},
    ),
    # a rank, then the ticker that holds it
    (
        "comparison",
        "Albertsons (ACI) ceded share again, and the winner was Sprouts Farmers Market (SFM).",
        [("ACI", "Albertsons (ACI)"), ("SFM", "Sprouts Farmers Market (SFM)")],
        {("ACI", "negative"), ("SFM", "positive")},  # share ceded is a loss of its own
    ),
    # a retailer as the channel ("destocking at", "orders through") is a counterparty; a
    # broker before a listed mover is none of the movers
    (
        "role",
        "The broker expects retailer destocking at Walmart and Target to stretch into 2026.",
        [("WMT", "Walmart"), ("TGT", "Target")],
        {("WMT", "neutral"), ("TGT", "neutral")},
    ),
    (
        "move",
        "Lululemon (LULU) added 2% after an upgrade at Jefferies (JEF), and Crocs (CROX) rose 4%.",
        [("LULU", "Lululemon (LULU)"), ("JEF", "Jefferies (JEF)"), ("CROX", "Crocs (CROX)")],
        {("LULU", "positive"), ("CROX", "positive")},
    ),
    # a price move's reason after it is no metric of the figure
    (
        "comparison",
        "Norwegian (NCLH) dropped 7% on a fuel-cost warning that also dragged Royal Caribbean "
        "(RCL) down 2%.",
        [("NCLH", "Norwegian (NCLH)"), ("RCL", "Royal Caribbean (RCL)")],
        set(),
    ),
    # guidance by a referred company goes to the ticker named last before the reference
    (
        "guidance",
        "Uber's bookings rose 18% and it guided above the Street; Lyft's rides grew 15%, but "
        "the company warned of higher insurance costs.",
        [("UBER", "Uber"), ("LYFT", "Lyft")],
        {("UBER", "positive"), ("LYFT", "negative")},
    ),
    # a position only thought about is no view yet
    (
        "hedge",
        "Thinking about starting a position in $ELF.",
        [("ELF", "$ELF")],
        {(None, "neutral")},
    ),
    # a rating is not about a ticker inside another's apposition
    (
        "rating",
        "Initiating on Solventum (SOLV), the healthcare business 3M (MMM) spun off in April, "
        "at Overweight with a $75 target.",
        [("SOLV", "SOLV"), ("MMM", "MMM")],
        {("SOLV", "positive")},
    ),
]

SIXTEENTH_PASS = [
    # even verdicts on a comparison, in a sentence naming no ticker
    ("comparison", "Neither is the obvious choice.", [], {(None, "neutral")}),
    ("comparison", "We see little to choose between them.", [], {(None, "neutral")}),
    (
        "comparison",
        "Either fund gives chip exposure; the choice comes down to how concentrated you want.",
        [],
        {(None, "neutral")},
    ),
    ("net", "We'd call it a draw.", [], {(None, "neutral")}),
    # a broker acting as a house alone or beside other brokers: the source
    (
        "role",
        "Morgan Stanley upgraded the stock to Overweight.",
        [("MS", "Morgan Stanley")],
        {("MS", "neutral")},
    ),
    (
        "role",
        "Jefferies lifted its target to $90, while Bank of America stayed on the sidelines.",
        [("JEF", "Jefferies"), ("BAC", "Bank of America")],
        {("JEF", "neutral")},
    ),
    # a move's particle is no comparison's object
    (
        "comparison",
        "RTX edged up after Moody's moved its outlook.",
        [("RTX", "RTX"), ("MCO", "Moody's")],
        set(),
    ),
    # a peer named for context takes no rating of the note's company
    (
        "rating",
        "Growth will slow as peers such as Allstate step up their ad budgets, but we stay at Buy.",
        [("ALL", "Allstate")],
        set(),
    ),
    # picks in words, not negated ones
    (
        "rating",
        "Our preference remains SMH for AI exposure.",
        [("SMH", "SMH")],
        {("SMH", "positive")},
    ),
    (
        "rating",
        "For buy-and-hold investors, GLDM is the cheaper and better choice.",
        [("GLDM", "GLDM")],
        {("GLDM", "positive")},
    ),
    ("rating", "SCHD is not the better choice here.", [("SCHD", "SCHD")], set()),
    ("comparison", "SCHD is not the better fund here.", [("SCHD", "SCHD")], set()),
    # the subject's metric before the comparative decides, not a word after it
    (
        "comparison",
        "GLDM's return was about 1.5 points ahead of GLD's purely on fees.",
        [("GLDM", "GLDM"), ("GLD", "GLD")],
        {("GLDM", "positive"), ("GLD", "negative")},
    ),
    # moves: past an aside, a verb left out before "as"; a metric's figure is no move's rival
    (
        "move",
        "Brown & Brown, however, slumped 9% on slower growth.",
        [("BRO", "Brown & Brown")],
        {("BRO", "negative")},
    ),
    (
        "move",
        "Advanced Micro Devices fell 4% and Broadcom 3% as investors trimmed AI winners.",
        [("AMD", "Advanced Micro Devices"), ("AVGO", "Broadcom")],
        {("AMD", "negative"), ("AVGO", "negative")},
    ),
    (
        "comparison",
        "Brown & Brown slumped 9% after organic revenue growth slowed to 3%, and Arthur J. "
        "Gallagher fell 4% in sympathy.",
        [("BRO", "Brown & Brown"), ("AJG", "Arthur J. Gallagher")],
        set(),
    ),
    # a report-date label opening a post
    (
        "hedge",
        "Tomorrow AM: $T, $DHR, $NOC.",
        [("T", "$T"), ("DHR", "$DHR"), ("NOC", "$NOC")],
        {(None, "neutral")},
    ),
    # a rating action in a sentence naming only its source is about the note's company
    (
        "rating",
        "Morgan Stanley upgraded the stock to Overweight.",
        [("MS", "Morgan Stanley")],
        {(None, "positive")},
    ),
    # a ranking label over a list; a metric called even is no verdict on the news
    (
        "rating",
        "Worst: Conagra (-31%) and Pfizer (-9%).",
        [("CAG", "Conagra"), ("PFE", "Pfizer")],
        {("CAG", "negative"), ("PFE", "negative")},
    ),
    ("rating", "Leaders: tech and energy.", [], set()),
    ("net", "Fees are a wash.", [], set()),
    (
        "rating",
        "Old Dominion is the one you own in a downturn.",
        [("ODFL", "Old Dominion")],
        {("ODFL", "positive")},
    ),
    (
        "comparison",
        "The gap is small enough that any of the three does the job.",
        [],
        {(None, "neutral")},
    ),
    # "it" after a comparison verb: the ticker before the verb's subject, or after "and" the
    # one named last
    (
        "comparison",
        "QQQ returned 24%, while DIA lagged it by 11 points.",
        [("QQQ", "QQQ"), ("DIA", "DIA")],
        {("QQQ", "positive"), ("DIA", "negative")},
    ),
    (
        "comparison",
        "RSP has trailed the cheaper IVV for years, and has lagged it again.",
        [("RSP", "RSP"), ("IVV", "IVV")],
        {("RSP", "negative"), ("IVV", "positive")},
    ),
    # "it is the better choice": the sentence's subject
    (
        "rating",
        "QQQM charges 0.15% versus 0.20% for QQQ, so it is the better choice.",
        [("QQQM", "QQQM"), ("QQQ", "QQQ")],
        {("QQQM", "positive")},
    ),
    # a subject described before its name; records as moves
    (
        "move",
        "Power-equipment suppliers Vertiv (VRT) and GE Vernova (GEV) hit records.",
        [("VRT", "Vertiv"), ("GEV", "GE Vernova")],
        {("VRT", "positive"), ("GEV", "positive")},
    ),
    # the movers of a move it set off; a trend both report is no tie
    (
        "move",
        "UnitedHealth gained 5% after an upgrade, lifting Humana and CVS Health in sympathy.",
        [("UNH", "UnitedHealth"), ("HUM", "Humana"), ("CVS", "CVS Health")],
        {("UNH", "positive"), ("HUM", "positive"), ("CVS", "positive")},
    ),
    (
        "comparison",
        "Microchip (MCHP) and Analog Devices (ADI) have both reported improving bookings.",
        [("MCHP", "Microchip"), ("ADI", "Analog Devices")],
        set(),
    ),
    # what a fund costs is its fee
    (
        "comparison",
        "SPY charges 0.0945%, while IVV costs just 0.03%.",
        [("SPY", "SPY"), ("IVV", "IVV")],
        {("SPY", "negative"), ("IVV", "positive")},
    ),
    # a rating word negated as a verb
    ("rating", "THIS IS NOT A DIP TO BUY.", [], set()),
    ("rating", "We see no reason to sell the shares.", [], set()),
    # a trader's shorthand before "with"
    (
        "rating",
        "Fund the ROST long with a BURL short.",
        [("ROST", "ROST"), ("BURL", "BURL")],
        {("ROST", "positive"), ("BURL", "negative")},
    ),
]

SEVENTEENTH_PASS = [
    # share lost to another: the takers win, though the loser is only "the company"
    (
        "comparison",
        "The company is losing younger customers to Ulta Beauty (ULTA), and Kohl's (KSS) too.",
        [("ULTA", "Ulta Beauty"), ("KSS", "Kohl's")],
        {("ULTA", "positive"), ("KSS", "positive")},
    ),
    (
        "comparison",
        "Intel (INTC) keeps ceding data-center CPU share to AMD.",
        [("INTC", "Intel"), ("AMD", "AMD")],
        {("INTC", "negative"), ("AMD", "positive")},
    ),
    (
        "comparison",
        "The retailer keeps losing share in general merchandise to Walmart (WMT).",
        [("WMT", "Walmart")],
        {("WMT", "positive")},
    ),
    (
        "comparison",
        "Albertsons (ACI) keeps losing shoppers to discounters.",
        [("ACI", "Albertsons")],
        {("ACI", "negative")},
    ),
    (
        "comparison",
        "Grocery share gains continue at the expense of Kroger (KR) and Albertsons (ACI).",
        [("KR", "Kroger"), ("ACI", "Albertsons")],
        {("KR", "negative"), ("ACI", "negative")},
    ),
    (
        "comparison",
        "Client CPU share gains against Intel (INTC) look intact.",
        [("INTC", "Intel")],
        {("INTC", "negative")},
    ),
    ("comparison", "Margins grew at the expense of volume.", [], set()),
    # share taken within a market, then the ticker it is taken from
    (
        "comparison",
        "Chewy (CHWY) keeps taking share in pet pharmacy from Petco (WOOF).",
        [("CHWY", "Chewy"), ("WOOF", "Petco")],
        {("CHWY", "positive"), ("WOOF", "negative")},
    ),
    # the firm in a transcript's question label is the asker's house: a source
    (
        "role",
        "Analyst, Goldman Sachs: You're cutting the EPS guide for the third time.",
        [("GS", "Goldman Sachs")],
        {("GS", "neutral")},
    ),
    ("role", "Analyst (Citi): Are you losing share?", [("C", "Citi")], {("C", "neutral")}),
    # a rank conceded in the same breath is a trade-off
    (
        "comparison",
        "$MNST still the better quality co but priced for perfection.",
        [("MNST", "$MNST")],
        {("MNST", "neutral")},
    ),
    # share lost with no taker named; a relative clause's loss is its own ticker's only
    (
        "comparison",
        "Albertsons (ACI) again ceded share in the quarter.",
        [("ACI", "Albertsons")],
        {("ACI", "negative")},
    ),
    (
        "comparison",
        "Papa John's (PZZA) and Yum Brands (YUM), whose Pizza Hut chain has been losing "
        "share, both report next week.",
        [("PZZA", "Papa John's"), ("YUM", "Yum Brands")],
        {("YUM", "negative")},
    ),
    ("comparison", "Kroger (KR) bought back share count.", [("KR", "Kroger")], set()),
    # "comparable sales" is a retail metric, not an even comparison
    (
        "comparison",
        "Costco (COST) reported comparable sales up 5.4%, while Target (TGT) cut prices.",
        [("COST", "Costco"), ("TGT", "Target")],
        set(),
    ),
    (
        "comparison",
        "Costco (COST) and BJ's (BJ) charge comparable fees.",
        [("COST", "Costco"), ("BJ", "BJ's")],
        {("COST", "neutral"), ("BJ", "neutral")},
    ),
    (
        "move",
        "$S and $PANW catching a bid in sympathy.",
        [("S", "$S"), ("PANW", "$PANW")],
        {("S", "positive"), ("PANW", "positive")},
    ),
    ("hedge", "$AEO on deck next week, expectations low.", [("AEO", "$AEO")], {(None, "neutral")}),
    # a data provider, a customer whose demand is cited, competitors named for context
    (
        "role",
        "IQVIA (IQV) data show 14,200 weekly scripts.",
        [("IQV", "IQVIA")],
        {("IQV", "neutral")},
    ),
    (
        "role",
        "N3 demand from Apple (AAPL) still outstrips capacity.",
        [("AAPL", "Apple")],
        {("AAPL", "neutral")},
    ),
    (
        "role",
        "Eaton (ETN) and nVent (NVT) remain credible competitors, but Vertiv leads.",
        [("ETN", "Eaton"), ("NVT", "nVent")],
        {("ETN", "neutral"), ("NVT", "neutral")},
    ),
    # a shared result with a direction is no tie
    (
        "comparison",
        "Wendy's (WEN) and Jack in the Box (JACK) both posted negative comps.",
        [("WEN", "Wendy's"), ("JACK", "Jack in the Box")],
        set(),
    ),
    # a holder trading its stake is a passer-by (a role pattern row)
    (
        "role",
        "Berkshire Hathaway disclosed it cut its stake in Bank of America to below 10%.",
        [("BRK.B", "Berkshire Hathaway"), ("BAC", "Bank of America")],
        {("BRK.B", "neutral")},
    ),
]

EIGHTEENTH_PASS = [
    # share gained with no loser named: the taker named right before the verb
    (
        "comparison",
        "On Holding (ONON) and Deckers' Hoka brand keep taking share with the same customer.",
        [("ONON", "On Holding"), ("DECK", "Deckers")],
        {("ONON", "positive"), ("DECK", "positive")},
    ),
    (
        "comparison",
        "It keeps losing share, while e.l.f. Beauty (ELF) continues to grab share in mass.",
        [("ELF", "e.l.f. Beauty")],
        {("ELF", "positive")},
    ),
    # a taker that is no ticker, or a ticker a clause away, gets nothing
    (
        "comparison",
        "Apple (AAPL) said iPhone sales fell 11%, as Huawei took share with its new phone.",
        [("AAPL", "Apple")],
        set(),
    ),
    (
        "comparison",
        "Whether Sephora inside Kohl's (KSS) stores in particular, is taking share is the debate.",
        [("KSS", "Kohl's")],
        set(),
    ),
    # an even verdict is a tie though its words hold a rank's ("better")
    (
        "comparison",
        "Neither is clearly better: SCHD suits income investors, VYM those who want breadth.",
        [("SCHD", "SCHD"), ("VYM", "VYM")],
        {("SCHD", "neutral"), ("VYM", "neutral")},
    ),
    # a wrap's signed move right after its cashtag, wherever the item stands
    (
        "move",
        "Crypto beta bit: BTC -6% and $MSTR -13%.",
        [("MSTR", "$MSTR")],
        {("MSTR", "negative")},
    ),
    (
        "move",
        "Atlassian (TEAM) and HubSpot (HUBS) have each lost more than 6%.",
        [("TEAM", "Atlassian"), ("HUBS", "HubSpot")],
        {("TEAM", "negative"), ("HUBS", "negative")},
    ),
    # the author's call said as what to do with the stock
    (
        "rating",
        "We think the reaction is overdone and would use the weakness to add.",
        [],
        {(None, "positive")},
    ),
    ("rating", "We would not use the weakness to add.", [], set()),
    ("rating", "Risks remain, but we would own the shares into results.", [], {(None, "positive")}),
    (
        "rating",
        "Sephora, owned by LVMH, keeps expanding, but we would own the shares into results.",
        [("MC.PA", "LVMH")],
        {(None, "positive")},  # the note company's shares, not those of the one named before
    ),
    # a cause, not a revision
    ("rating", "Street gross-margin estimates look conservative given lower shrink.", [], set()),
    (
        "rating",
        "After a 40% run we would avoid the shares of Wingstop (WING).",
        [("WING", "Wingstop")],
        {("WING", "negative")},
    ),
    # a pick said as a story
    (
        "rating",
        "For now we see a cleaner story at MongoDB (MDB), where Atlas growth re-accelerated.",
        [("MDB", "MongoDB")],
        {("MDB", "positive")},
    ),
    # a relative winner, a rival's lunch eaten
    (
        "comparison",
        "Paccar (PCAR), which builds its trucks in the US, looks like the relative winner.",
        [("PCAR", "Paccar")],
        {("PCAR", "positive")},
    ),
    (
        "comparison",
        "$NVDA still eating their lunch in accelerators.",
        [("NVDA", "$NVDA")],
        {("NVDA", "positive")},
    ),
    # shoppers or customers pulled in, no loser named; not traffic taken in a question
    (
        "comparison",
        "Walmart (WMT) continues to pull lower-income shoppers away.",
        [("WMT", "Walmart")],
        {("WMT", "positive")},
    ),
    (
        "comparison",
        "The debate is whether Cava (CAVA) is taking lunch traffic in its core markets.",
        [("CAVA", "Cava")],
        set(),
    ),
    (
        "comparison",
        "Its core teen shopper is drifting to Ollie's Bargain Outlet (OLLI).",
        [("OLLI", "Ollie's Bargain Outlet")],
        {("OLLI", "positive")},
    ),
    (
        "rating",
        "For a long-term holder GLDM is the obvious choice.",
        [("GLDM", "GLDM")],
        {("GLDM", "positive")},
    ),
    (
        "comparison",
        "Guests make fewer trips, and we've seen some share shift to Walmart (WMT).",
        [("WMT", "Walmart")],
        {("WMT", "positive")},
    ),
    ("rating", "Stay away.", [], {(None, "negative")}),
    # an after-cue's verb of one names only the ticker right before it
    (
        "role",
        "DHI fell in sympathy with Lennar (LEN), and Toll Brothers (TOL) reports next week.",
        [("DHI", "DHI"), ("LEN", "Lennar"), ("TOL", "Toll Brothers")],
        {("TOL", "neutral")},
    ),
    # "less than 1%" bounds a figure; it compares nothing
    (
        "comparison",
        "TLT suffered a 48% drawdown, versus less than 1% for SGOV.",
        [("TLT", "TLT"), ("SGOV", "SGOV")],
        {("TLT", "negative"), ("SGOV", "positive")},
    ),
    # figures listed after one verb share its sign; a shared move is no tie
    (
        "comparison",
        "Five9 (FIVN) and Asana (ASAN) fell 15% and 12%, and Zoom (ZM) lost 4%.",
        [("FIVN", "Five9"), ("ASAN", "Asana"), ("ZM", "Zoom")],
        set(),
    ),
    # guidance with the noun first, as bullets write it; a bullet's bare "Shares -5%"
    (
        "guidance",
        "$RIVN Q3 deliveries missed. FY guide cut again.",
        [("RIVN", "$RIVN")],
        {("RIVN", "negative")},
    ),
    ("guidance", "* Capex guide cut $200M with volumes unchanged", [], {(None, "neutral")}),
    (
        "move",
        "$NVDA +3% premarket on the supply deal.",
        [("NVDA", "$NVDA")],
        {("NVDA", "positive")},
    ),
    ("rating", "Investors stay away from small caps.", [], set()),
    # a target move listed after a comma; a house keeping its named ratings
    (
        "rating",
        "Truist raised its targets on Arista (ANET), to $165 from $140, and Pure Storage (PSTG),"
        " to $95 from $80.",
        [("ANET", "Arista"), ("PSTG", "Pure Storage")],
        {("ANET", "positive"), ("PSTG", "positive")},
    ),
    (
        "role",
        "Truist (TFC) keeps Buy ratings on all three.",
        [("TFC", "Truist")],
        {("TFC", "neutral")},
    ),
    # news told of both is a shared side, not a tie
    (
        "comparison",
        "Target (TGT) and Best Buy (BBY) both cut their holiday outlooks on Tuesday.",
        [("TGT", "Target"), ("BBY", "Best Buy")],
        set(),
    ),
    (
        "comparison",
        "$TJX and $ROST both printing +5% comps while department stores shrink.",
        [("TJX", "$TJX"), ("ROST", "$ROST")],
        set(),
    ),
    (
        "comparison",
        "VNQ and XLRE both charge 0.09%.",
        [("VNQ", "VNQ"), ("XLRE", "XLRE")],
        {("VNQ", "neutral"), ("XLRE", "neutral")},
    ),
    # a figure said of every ticker listed before its owner
    (
        "comparison",
        "Vanguard's VOO and iShares' IVV both charge 0.03% a year, while SPY charges 0.0945%.",
        [("VOO", "VOO"), ("IVV", "IVV"), ("SPY", "SPY")],
        {("VOO", "positive"), ("IVV", "positive"), ("SPY", "negative")},
    ),
    # the author's stance; a relationship's other side
    (
        "rating",
        "We remain cautious on Microchip (MCHP), where channel inventory is still elevated.",
        [("MCHP", "Microchip")],
        {("MCHP", "negative")},
    ),
    ("rating", "Management was more cautious on mining than we expected.", [], set()),
    (
        "role",
        "Inventory swings around the PepsiCo relationship made Celsius (CELH) hard to model.",
        [("PEP", "PepsiCo"), ("CELH", "Celsius")],
        {("PEP", "neutral")},
    ),
    # a holder named as such is a counterparty
    (
        "role",
        "Sirius XM (SIRI), whose largest shareholder is Berkshire Hathaway (BRK.B), lost users.",
        [("SIRI", "Sirius XM"), ("BRK.B", "Berkshire Hathaway")],
        {("BRK.B", "neutral")},
    ),
    # guidance read for its metric's good direction
    (
        "guidance",
        "Regions (RF) also lowered its expense guide.",
        [("RF", "Regions")],
        {("RF", "positive")},
    ),
    (
        "guidance",
        "Devon (DVN) guided to lower capex on efficiency gains.",
        [("DVN", "Devon")],
        {("DVN", "neutral")},
    ),
    (
        "guidance",
        "Nucor (NUE) cut its full-year margin outlook on tariffs.",
        [("NUE", "Nucor")],
        {("NUE", "negative")},
    ),
    # a report date "next ..." or by a short weekday makes a peer
    ("role", "Ford reports next Tuesday after the close.", [("F", "Ford")], {("F", "neutral")}),
    (
        "role",
        "$LCID reports Tues, watching for read-through",
        [("LCID", "$LCID")],
        {("LCID", "neutral")},
    ),
    # a rating agency's unit acting on a company is the source
    (
        "role",
        "S&P Global Ratings placed Brunswick on CreditWatch negative.",
        [("SPGI", "S&P Global"), ("BC", "Brunswick")],
        {("SPGI", "neutral")},
    ),
    (
        "role",
        "Net leverage is down to 2.9x, and S&P Global Ratings moved its outlook to positive.",
        [("SPGI", "S&P Global")],
        {("SPGI", "neutral")},
    ),
]


NINETEENTH_PASS = [
    # a ranked stance in other words, for the ticker it is said of
    (
        "rating",
        "ConocoPhillips (COP) remains its preferred large-cap name in the group.",
        [("COP", "ConocoPhillips")],
        {("COP", "positive")},
    ),
    (
        "rating",
        "Cava Group (CAVA) is Evercore's preferred fast-casual name.",
        [("CAVA", "Cava Group"), ("EVR", "Evercore")],
        set(),
    ),
    (
        "rating",
        "We think CRM is the better value here; WDAY and NOW look stretched by comparison.",
        [("CRM", "CRM"), ("WDAY", "WDAY"), ("NOW", "NOW")],
        {("WDAY", "negative"), ("NOW", "negative")},
    ),
    (
        "rating",
        "Qorvo (QRVO) looks like the likely beneficiary of the shift.",
        [("QRVO", "Qorvo")],
        {("QRVO", "positive")},
    ),
    (
        "rating",
        "We see better risk-reward in suppliers to the program such as Aptiv (APTV).",
        [("APTV", "Aptiv")],
        {("APTV", "positive")},
    ),
    # "could have" + a past participle is no hedge: a past what-if
    (
        "hedge",
        "Chevron (CVX) is paying a full price for acreage it could have drilled around.",
        [("CVX", "Chevron")],
        set(),
    ),
    ("hedge", "Chevron (CVX) could raise its bid.", [("CVX", "Chevron")], {(None, "neutral")}),
    # an index change or a stock split announced is a plain fact
    (
        "fact",
        "Both companies will also be added to the related growth sub-indexes.",
        [],
        {(None, "neutral")},
    ),
    (
        "fact",
        "MSCI said it will add Vertiv Holdings (VRT) to its flagship USA index in May.",
        [("MSCI", "MSCI"), ("VRT", "Vertiv Holdings")],
        {(None, "neutral")},
    ),
    (
        "fact",
        "Costco Wholesale (COST) said its board approved a 5-for-1 stock split.",
        [("COST", "Costco Wholesale")],
        {(None, "neutral")},
    ),
    (
        "fact",
        "Beyond Meat (BYND) will carry out a 1-for-10 reverse stock split to stay listed.",
        [("BYND", "Beyond Meat")],
        set(),
    ),
    # a line's label is the rated ticker of a bare rating after it
    (
        "rating",
        "- Qualcomm (QCOM): Apple modem loss now baked in; Hold",
        [("QCOM", "Qualcomm"), ("AAPL", "Apple")],
        {("QCOM", "neutral")},
    ),
    # a preference for a referred winner over a peer described before its name
    (
        "comparison",
        "We prefer it to larger peer Prologis (PLD) given its higher same-store NOI growth.",
        [("PLD", "Prologis")],
        {("PLD", "negative")},
    ),
    # a shared move outweighs a balanced word in a concession ("though neither has ...")
    (
        "comparison",
        "Dick's (DKS) and Williams-Sonoma (WSM) fell in sympathy, though neither has updated its"
        " guidance.",
        [("DKS", "Dick's"), ("WSM", "Williams-Sonoma")],
        set(),
    ),
    # a broker bumping its target is the source
    (
        "role",
        "TD Cowen bumps its Spotify (SPOT) target to $800 from $700, reiterates Buy.",
        [("TD", "TD Cowen"), ("SPOT", "Spotify")],
        {("TD", "neutral")},
    ),
    # the house named after the rating it gives is the source; "off 2%" is a fall
    (
        "role",
        "KeyCorp upgraded to Overweight at JPMorgan; target raised to $21 from $17.",
        [("KEY", "KeyCorp"), ("JPM", "JPMorgan")],
        {("JPM", "neutral")},
    ),
    (
        "move",
        "Bank stocks fell, with XLF down 1.4% and JPMorgan Chase (JPM) off 2%.",
        [("XLF", "XLF"), ("JPM", "JPMorgan Chase")],
        {("XLF", "negative"), ("JPM", "negative")},
    ),
    ("move", "Nvidia (NVDA) was off its highs after the report.", [("NVDA", "Nvidia")], set()),
    # buy-and-hold is no deal; a simply-even verdict is a tie
    (
        "deal",
        "Use QQQM to buy and hold and QQQ to trade - neither is simply better.",
        [("QQQM", "QQQM"), ("QQQ", "QQQ")],
        set(),
    ),
    (
        "comparison",
        "Use QQQM to buy and hold and QQQ to trade - neither is simply better.",
        [("QQQM", "QQQM"), ("QQQ", "QQQ")],
        {("QQQM", "neutral"), ("QQQ", "neutral")},
    ),
    # a rating's reasons after ", citing" name no rated ticker
    (
        "rating",
        "Barclays (BCS) cut its Nike (NKE) target and reiterated Underweight, citing share losses"
        " to On (ONON).",
        [("BCS", "Barclays"), ("NKE", "Nike"), ("ONON", "On")],
        {("NKE", "negative")},
    ),
    # a fund's wrapper word between its name and "(SYM)"; a move ending at "and"
    (
        "move",
        "Markets barely moved: the SPDR S&P 500 ETF (SPY) closed flat and the TLT edged up 0.1%.",
        [("SPY", "SPDR S&P 500"), ("SPY", "SPY"), ("TLT", "TLT")],
        {("SPY", "neutral"), ("TLT", "neutral")},
    ),
    # a list of target changes: the broker after the label moved the label's target
    (
        "rating",
        "Kroger (NYSE:KR): Evercore ISI to $68 from $64",
        [("KR", "Kroger"), ("EVR", "Evercore ISI")],
        {("KR", "positive")},
    ),
    (
        "role",
        "Zoetis (ZTS): Stifel to $165 from $190",
        [("ZTS", "Zoetis"), ("SF", "Stifel")],
        {("SF", "neutral")},
    ),
    # "its shares" beside a source are the other ticker's; a close at a record is a rise
    (
        "move",
        "Cisco said the deal would dilute EPS; its shares fell 3%, and Morgan Stanley's analyst"
        " called the price full.",
        [("CSCO", "Cisco"), ("MS", "Morgan Stanley")],
        {("CSCO", "negative")},
    ),
    (
        "move",
        "CrowdStrike (CRWD) closed at a record after a strong ARR print.",
        [("CRWD", "CrowdStrike")],
        {("CRWD", "positive")},
    ),
    # even verdicts in other words; going ex-dividend is a plain fact
    (
        "comparison",
        "QQQ and QQQM: neither is the wrong choice; it depends on how you use it.",
        [("QQQ", "QQQ"), ("QQQM", "QQQM")],
        {("QQQ", "neutral"), ("QQQM", "neutral")},
    ),
    ("fact", "NLY -1.5% - trades ex-dividend today", [("NLY", "NLY")], {(None, "neutral")}),
    # a symbol written with its exchange ("long NYSE:WMB") is the position's ticker
    (
        "rating",
        "PAIR: LONG NYSE:WMB / SHORT NYSE:KMI",
        [("WMB", "WMB"), ("KMI", "KMI")],
        {("WMB", "positive"), ("KMI", "negative")},
    ),
    # "rather own X than Y", or a referred "this" than Y
    (
        "comparison",
        "At this point I'd rather own Verizon (VZ) than AT&T (T) for the next two years.",
        [("VZ", "Verizon"), ("T", "AT&T")],
        {("VZ", "positive"), ("T", "negative")},
    ),
    (
        "comparison",
        "Would much rather own this than $CHGG, which is getting eaten alive by chatbots.",
        [("CHGG", "$CHGG")],
        {("CHGG", "negative")},
    ),
    # the second of two moves joined by "and the"; "we'd own the shares" is the author's call
    (
        "move",
        "The SPDR S&P 500 ETF (SPY) closed unchanged and the Invesco QQQ Trust (QQQ) added 0.1%.",
        [("SPY", "SPDR S&P 500"), ("SPY", "SPY"), ("QQQ", "Invesco QQQ Trust")],
        {("SPY", "neutral"), ("QQQ", "neutral")},
    ),
    ("rating", "We'd own the shares into the print.", [], {(None, "positive")}),
    # share lost by "them": not by a ticker named before in another role
    (
        "comparison",
        "The Pepsi distribution deal was supposed to fix shelf space, and the data show them"
        " losing share to $MNST.",
        [("PEP", "Pepsi"), ("MNST", "$MNST")],
        {("MNST", "positive")},
    ),
    # a gapped move after "and the"; someone else's caution is no stance; "no better choice"
    (
        "move",
        "Caterpillar (CAT) fell 2%, United Rentals (URI) 3% and the Industrial Select Sector"
        " SPDR (XLI) 1.1%.",
        [
            ("CAT", "Caterpillar"),
            ("URI", "United Rentals"),
            ("XLI", "Industrial Select Sector SPDR"),
        ],
        {("CAT", "negative"), ("URI", "negative"), ("XLI", "negative")},
    ),
    (
        "rating",
        "Snap-on (SNA) CEO: Tools Group sales fell as technicians stay cautious on big tickets.",
        [("SNA", "Snap-on")],
        set(),
    ),
    (
        "rating",
        "QQQ and QQQM: there is no universally better choice; it depends on how you use it.",
        [("QQQ", "QQQ"), ("QQQM", "QQQM")],
        set(),
    ),
    # a rating verb right before "to <rating>" rates the line's ticker; a clause after a
    # semicolon has its own subject; a shared beat is no tie
    (
        "rating",
        "- Halliburton (HAL) -1.8%: lowered to Neutral at Citi on softer completions",
        [("HAL", "Halliburton"), ("C", "Citi")],
        {("HAL", "negative")},
    ),
    ("comparison", "S&P 500 AT RECORD AS TESLA JUMPS; ENERGY LAGS", [("TSLA", "TESLA")], set()),
    (
        "comparison",
        "Banks rallied after M&T Bank (MTB) and Huntington (HBAN) both beat on net interest"
        " income.",
        [("MTB", "M&T Bank"), ("HBAN", "Huntington")],
        set(),
    ),
    # a house that "started" coverage is the source; "we'd own it", "we'd be cautious"
    (
        "role",
        "Citizens JMP started Reddit (RDDT) at Market Outperform with a $200 target.",
        [("CFG", "Citizens JMP"), ("RDDT", "Reddit")],
        {("CFG", "neutral")},
    ),
    (
        "rating",
        "ULTA Q2 preview: we'd own it into the print.",
        [("ULTA", "ULTA")],
        {("ULTA", "positive")},
    ),
    (
        "rating",
        "Into Carnival's (CCL) fiscal Q3 report next week we'd be cautious.",
        [("CCL", "Carnival")],
        {("CCL", "negative")},
    ),
    # a descriptor before a subject's name ("telehealth compounder Hims & Hers")
    (
        "move",
        "Novo Nordisk (NVO) fell 5%, and telehealth compounder Hims & Hers (HIMS) slid 7%.",
        [("NVO", "Novo Nordisk"), ("HIMS", "Hims & Hers")],
        {("NVO", "negative"), ("HIMS", "negative")},
    ),
    # targets said to go somewhere in a list, the later items' verb left out
    (
        "rating",
        "Lam Research (LRCX) goes to $85 from $95 and Applied Materials (AMAT) to $190 from $210.",
        [("LRCX", "Lam Research"), ("AMAT", "Applied Materials")],
        {("LRCX", "negative"), ("AMAT", "negative")},
    ),
    # a house downgrading a company the finder did not name is the source, not the rated one
    (
        "rating",
        "*BOFA DOWNGRADES TARGET CORP TO NEUTRAL FROM BUY",
        [("BAC", "BOFA")],
        set(),
    ),
    # "the shares" are not those of a ticker named only after them
    (
        "move",
        "The shares are up about 30% this year but trade at a discount to HCA Healthcare (HCA).",
        [("HCA", "HCA Healthcare")],
        {(None, "positive")},
    ),
    # a broker that trims a target is the source; "no news" is a plain fact; an operating
    # ratio guided up is guided worse
    (
        "role",
        "Truist trims Dexcom (DXCM) to $85 from $95 (Buy).",
        [("TFC", "Truist"), ("DXCM", "Dexcom")],
        {("TFC", "neutral")},
    ),
    ("fact", "- DPZ: no news", [("DPZ", "DPZ")], {(None, "neutral")}),
    (
        "guidance",
        "- Operating ratio guide raised 100 bp for the quarter (worse)",
        [],
        {(None, "negative")},
    ),
    # a metric whose fall is good news, moving: its side by the metric's good direction
    (
        "metric",
        "Zions (ZION) said net charge-offs fell to 0.2% of loans.",
        [("ZION", "Zions")],
        {("ZION", "positive")},
    ),
    ("metric", "Subscriber churn ticked up to 1.9% again.", [], {(None, "negative")}),
    ("metric", "- Cost per seat mile rose 6%.", [], {(None, "negative")}),
    (
        "metric",
        "Starbucks (SBUX) beat on comparable sales, but margin shrank as labor costs climbed.",
        [("SBUX", "Starbucks")],
        {(None, "negative")},
    ),
    # no move: a noun ("debt reduction"), a refusal, a hedge's verb, a metric whose rise is good,
    # nor the tickers named after it in a clause of their own
    (
        "metric",
        "Newell Brands (NWL) suspended its dividend to prioritise debt reduction.",
        [("NWL", "Newell Brands")],
        set(),
    ),
    (
        "metric",
        "Elevance (ELV) said Medicaid cost trends remain elevated and declined to confirm.",
        [("ELV", "Elevance")],
        set(),
    ),
    (
        "metric",
        "CEO, Southwest Airlines: CASM ex-fuel will be up 5 to 6% next year.",
        [("LUV", "Southwest Airlines")],
        {("LUV", "negative")},
    ),
    ("metric", "Provisions may tick up on card normalization.", [], set()),
    # a metric acting on something else, or one of the market's or the economy's
    (
        "metric",
        "JEPI cut its distribution, as lower implied volatility shrank the premium it collects.",
        [("JEPI", "JEPI")],
        set(),
    ),
    ("metric", "Payrolls rose 22,000 and unemployment ticked up to 4.3%.", [], set()),
    ("metric", "Revenue rose 5% and margins expanded.", [], set()),
    # a company's bare fees are its fee income, not a fund's expense ratio
    (
        "metric",
        "Truist Financial (TFC) Q3: NII down 1% QoQ, fees up on investment banking.",
        [("TFC", "Truist Financial")],
        set(),
    ),
    (
        "metric",
        "Customer acquisition costs are rising as Novo Nordisk (NVO) pushes its own channel.",
        [("NVO", "Novo Nordisk")],
        set(),
    ),
]


TWENTIETH_PASS = [
    # a wrap's move right after its ticker, before a colon, or flat
    (
        "move",
        "- ASML (ASML) -5%: orders miss, 2026 growth outlook cut",
        [("ASML", "ASML")],
        {("ASML", "negative")},
    ),
    (
        "move",
        "- Shell (SHEL) flat: keeps buyback pace at $3.5B",
        [("SHEL", "Shell")],
        {("SHEL", "neutral")},
    ),
    ("move", "Shell (SHEL) flat-lined its buyback.", [("SHEL", "Shell")], set()),
    # bare "Shares" opening a sentence or a clause, moving
    ("move", "A clean quarter with no surprises; shares +1%.", [], {(None, "positive")}),
    ("move", "Shares -8% AH.", [], {(None, "negative")}),
    ("move", "Shares fell 5% on the news.", [], {(None, "negative")}),
    ("move", "Shares outstanding fell 2% on buybacks.", [], set()),
    ("move", "Stock-based compensation rose 10%.", [], set()),
    # brokers' target moves listed after the company they rate, and a house's action as a noun
    (
        "rating",
        "Target cuts after Estee Lauder's (EL) guide: JPMorgan to $80 from $105, "
        "Citi to $75 from $95.",
        [("EL", "Estee Lauder"), ("JPM", "JPMorgan"), ("C", "Citi")],
        {("EL", "negative")},
    ),
    (
        "role",
        "Target cuts after Estee Lauder's (EL) guide: JPMorgan to $80 from $105, "
        "Citi to $75 from $95.",
        [("EL", "Estee Lauder"), ("JPM", "JPMorgan"), ("C", "Citi")],
        {("JPM", "neutral"), ("C", "neutral")},
    ),
    (
        "rating",
        "* Deere (DE) +1.1%: JPMorgan upgrade to Overweight",
        [("DE", "Deere"), ("JPM", "JPMorgan")],
        {("DE", "positive")},
    ),
    (
        "role",
        "ServiceNow (NOW), which rose 1.4% after a Morgan Stanley upgrade.",
        [("NOW", "ServiceNow"), ("MS", "Morgan Stanley")],
        {("MS", "neutral")},
    ),
    # an even verdict on the tickers a sentence refers to
    (
        "comparison",
        "We see no reason to prefer one over the other at current valuations.",
        [],
        {(None, "neutral")},
    ),
    ("comparison", "We prefer one over the other.", [], set()),
    # a metric's move judged by its word, and guidance given by "both" to each of a list
    (
        "metric",
        'CFO, Old Dominion (ODFL): "Our operating ratio improved 80 basis points."',
        [("ODFL", "Old Dominion")],
        {("ODFL", "positive")},
    ),
    (
        "guidance",
        "Off-price chains TJX (TJX) rose, while Macy's (M) and Kohl's (KSS) slumped after both cut"
        " guidance.",
        [("TJX", "TJX"), ("M", "Macy's"), ("KSS", "Kohl's")],
        {("M", "negative"), ("KSS", "negative")},
    ),
    (
        "guidance",
        "The ETF (IGV) fell 5.2% as Salesforce (CRM) and Adobe (ADBE) both guided below consensus.",
        [("IGV", "IGV"), ("CRM", "Salesforce"), ("ADBE", "Adobe")],
        {("CRM", "negative"), ("ADBE", "negative")},
    ),
    # a pair trade asked, not made
    (
        "rating",
        "Long Chubb (CB), short Allstate (ALL)?",
        [("CB", "Chubb"), ("ALL", "Allstate")],
        set(),
    ),
    (
        "rating",
        "Our pair: long ALL / short CB.",
        [("ALL", "ALL"), ("CB", "CB")],
        {("ALL", "positive"), ("CB", "negative")},
    ),
    (  # a broker written with its symbol is a covered stock: its own target
        "rating",
        "Price target moves: U.S. Bancorp (USB) to $52 from $55; Goldman Sachs (GS) to $850 from"
        " $780.",
        [("USB", "U.S. Bancorp"), ("GS", "Goldman Sachs")],
        {("USB", "negative"), ("GS", "positive")},
    ),
    (
        "rating",
        "Price target moves: Goldman Sachs (GS) to $850 from $780.",
        [("GS", "Goldman Sachs")],
        {("GS", "positive")},
    ),
]

TWENTY_FIRST_PASS = [
    # ">" ranks two tickers; opening a quoted line it ranks nothing
    (
        "comparison",
        "> ASML: Q3 bookings EUR5.4bn, well above consensus; shares +4% in NY.",
        [("ASML", "ASML")],
        set(),
    ),
    (
        "comparison",
        "$GOOGL > $MSFT here.",
        [("GOOGL", "$GOOGL"), ("MSFT", "$MSFT")],
        {("GOOGL", "positive"), ("MSFT", "negative")},
    ),
    # a maturity in a fund's name is no short position
    (
        "rating",
        "Income buyers should look at the SPDR Bloomberg Short Term High Yield Bond ETF (SJNK).",
        [("SJNK", "SJNK")],
        set(),
    ),
    (
        "rating",
        "Long $UNH, short $CVS.",
        [("UNH", "$UNH"), ("CVS", "$CVS")],
        {("UNH", "positive"), ("CVS", "negative")},
    ),
    # share-price figures listed after one move verb are moves of one sign, no ranking
    (
        "comparison",
        "Rate-sensitive groups rallied: the SPDR S&P Regional Banking ETF (KRE) gained 2.8%, the"
        " iShares U.S. Home Construction ETF (ITB) 3.1%, and the iShares 20+ Year Treasury Bond"
        " ETF (TLT) 1.0%.",
        [("KRE", "KRE"), ("ITB", "ITB"), ("TLT", "TLT")],
        set(),
    ),
    # a move written as a noun right before its ticker; not a metric of the ticker's
    (
        "move",
        "Consumer discretionary led, helped by a 3% gain in Amazon (AMZN).",
        [("AMZN", "Amazon")],
        {("AMZN", "positive")},
    ),
    (
        "move",
        "Caterpillar (CAT) rallied, offsetting a 2% drop in Boeing (BA).",
        [("CAT", "Caterpillar"), ("BA", "Boeing")],
        {("CAT", "positive"), ("BA", "negative")},
    ),
    (
        "move",
        "Margins benefited from a 5% rise in Apple's (AAPL) services revenue.",
        [("AAPL", "Apple")],
        set(),
    ),
    (
        "move",
        "Trading was quiet, with a 0.1% decline in Boeing (BA).",
        [("BA", "Boeing")],
        {("BA", "neutral")},
    ),
    # a position word on the one ticker before it, by "it"
    (
        "rating",
        "HYG (HYG) yields around 6.9%, but its risk/reward looks poor and we would underweight it.",
        [("HYG", "HYG")],
        {("HYG", "negative")},
    ),
    # a comparison's verb whose subject refers to the company named before
    (
        "comparison",
        "The fund has also lagged the S&P 500 by about 14 percentage points this year.",
        [],
        {(None, "negative")},
    ),
    ("comparison", "And it has outpaced its benchmark since launch.", [], {(None, "positive")}),
    ("comparison", "Peers have lagged the S&P 500 this year.", [], set()),
    # a move of a fifth of a percent or more is a move
    (
        "move",
        "The iShares Semiconductor ETF (SOXX) ended up 0.3%.",
        [("SOXX", "iShares Semiconductor ETF (SOXX)")],
        {("SOXX", "positive")},
    ),
    # guidance named only as what was not done
    (
        "guidance",
        "Axon (AXON) held rather than raised its full-year margin outlook.",
        [("AXON", "Axon")],
        set(),
    ),
    (
        "guidance",
        "Axon (AXON) raised its full-year margin outlook.",
        [("AXON", "Axon")],
        {("AXON", "positive")},
    ),
    # a list's elided metric goes on: the middle of three is even, the last loses
    (
        "comparison",
        "The SPDR Gold MiniShares Trust (GLDM) charges 0.10% a year, against 0.25% for the iShares"
        " Gold Trust (IAU) and 0.40% for the original SPDR Gold Shares (GLD).",
        [("GLDM", "GLDM"), ("IAU", "IAU"), ("GLD", "GLD")],
        {("GLDM", "positive"), ("IAU", "neutral"), ("GLD", "negative")},
    ),
    # an estimate that is the company's own, or of a cost, is no analyst's revision
    (
        "rating",
        "Allstate (ALL) slipped 1% after raising its own catastrophe loss estimate.",
        [("ALL", "Allstate")],
        set(),
    ),
]


TWENTY_SECOND_PASS = [
    # a kind of company the ticker is an example of, in a sentence about another: a passer-by
    (
        "role",
        "Ball Corp (BALL) said can volumes grew as brewers such as Molson Coors (TAP) shifted"
        " packaging to aluminum.",
        [("BALL", "Ball Corp"), ("TAP", "Molson Coors")],
        {("TAP", "neutral")},
    ),
    # ... but not where the examples are the sentence's subject, nor a kind that judges
    (
        "role",
        "Mortgage REITs such as Annaly Capital (NLY) and AGNC Investment (AGNC) fell more than 3%.",
        [("NLY", "Annaly Capital"), ("AGNC", "AGNC Investment")],
        set(),
    ),
    (
        "role",
        "Nvidia (NVDA) led the index higher, while laggards such as Intel (INTC) fell 4%.",
        [("NVDA", "Nvidia"), ("INTC", "Intel")],
        set(),
    ),
    (
        "role",
        "That is a headwind for producers such as Diamondback Energy (FANG), which fell 3%.",
        [("FANG", "Diamondback Energy")],
        set(),
    ),
    # a clause whose subject can only mean the one company named before it
    (
        "comparison",
        "ARK Innovation ETF (ARKK) saw $400M of outflows in October, and it now trails the"
        " Invesco QQQ Trust (QQQ) by more than 20 points over three years.",
        [("ARKK", "ARK Innovation ETF"), ("QQQ", "Invesco QQQ Trust")],
        {("ARKK", "negative"), ("QQQ", "positive")},
    ),
    (
        "comparison",
        "The JPMorgan Equity Premium Income ETF (JEPI) has grown to $39B in assets, but its 12%"
        " total return this year trails the S&P 500 by more than 12 points.",
        [("JEPI", "JPMorgan Equity Premium Income ETF")],
        {("JEPI", "negative")},
    ),
    # two companies named before "it": whose is not for us to say
    (
        "comparison",
        "Sysco (SYY) beat and US Foods (USFD) missed, and it now trails Performance Food Group"
        " (PFGC) on margins.",
        [("SYY", "Sysco"), ("USFD", "US Foods"), ("PFGC", "Performance Food Group")],
        {("PFGC", "positive")},
    ),
    # the market or an index as the object of a verb that otherwise needs a ticker
    (
        "comparison",
        "The Invesco S&P 500 Equal Weight ETF (RSP) lagged the cap-weighted index by about 12"
        " points in 2024.",
        [("RSP", "Invesco S&P 500 Equal Weight ETF")],
        {("RSP", "negative")},
    ),
    (
        "comparison",
        "Costco (COST) beat estimates again.",
        [("COST", "Costco")],
        set(),
    ),
    # the bank advising on a deal is a source
    (
        "role",
        "Crown Castle (CCI) agreed to sell its fiber business for $8.5 billion, with Evercore"
        " (EVR) advising.",
        [("CCI", "Crown Castle"), ("EVR", "Evercore")],
        {("EVR", "neutral")},
    ),
    # an officer's "our guide" is the speaker's company's, not a customer's named beside it
    (
        "guidance",
        'CFO, Rexford Industrial Realty (REXR): "With large tenants like Amazon (AMZN) pulling'
        " back, we're lowering our same-property NOI growth guidance.\"",
        [("REXR", "Rexford Industrial Realty"), ("AMZN", "Amazon")],
        {(None, "negative")},
    ),
    (
        "role",
        'CFO, Rexford Industrial Realty (REXR): "With large tenants like Amazon (AMZN) pulling'
        " back, we're lowering our same-property NOI growth guidance.\"",
        [("REXR", "Rexford Industrial Realty"), ("AMZN", "Amazon")],
        {("AMZN", "neutral")},
    ),
    # a target cut outranks the rating kept the other way; a rating kept beside no revision
    (
        "rating",
        "Piper Sandler lowers its target on Tesla (TSLA) to $280 from $310, though it keeps an"
        " Overweight rating, citing softer margins.",
        [("PIPR", "Piper Sandler"), ("TSLA", "Tesla")],
        {("TSLA", "negative")},
    ),
    (
        "rating",
        "We expect Dollar General (DG) to miss third-quarter EPS on Thursday as markdowns rise;"
        " we stay Underweight.",
        [("DG", "Dollar General")],
        {("DG", "negative")},
    ),
    # a revision whose noun follows the ticker it is on
    (
        "rating",
        "The bank also lifted its Southern Copper (SCCO) target to $110.",
        [("SCCO", "Southern Copper")],
        {("SCCO", "positive")},
    ),
    (
        "guidance",
        "CFO: 'Gardasil sales in China will be minimal, and we are lowering our full-year revenue"
        " outlook by about $1 billion.'",
        [],
        {(None, "negative")},
    ),
    # "the stock" of the one company named before it, in a sentence naming another after
    (
        "move",
        "Dick's Sporting Goods (DKS) beat and raised its guide, but the stock fell 5% as"
        " management said the Foot Locker (FL) integration would dilute EPS.",
        [("DKS", "Dick's Sporting Goods"), ("FL", "Foot Locker")],
        {("DKS", "negative")},
    ),
    # estimates beaten are not revised, nor is a guide held instead of raised
    (
        "rating",
        "Boot Barn (BOOT) topped second-quarter sales estimates with same-store sales up 6.1%,"
        " and the company held its full-year EPS guide instead of raising it.",
        [("BOOT", "Boot Barn")],
        set(),
    ),
    # a buyback authorized beside a dividend raised is news with a direction, no plain fact
    (
        "fact",
        "Williams-Sonoma (WSM) authorized a new $1 billion share repurchase program and raised its"
        " quarterly dividend 16% to $0.66.",
        [("WSM", "Williams-Sonoma")],
        set(),
    ),
    (
        "fact",
        "Williams-Sonoma (WSM) authorized a new $1 billion share repurchase program.",
        [("WSM", "Williams-Sonoma")],
        {(None, "neutral")},
    ),
    # a fact is another company's only where one company's news has a direction
    (
        "fact",
        "Realty Income (O) declared its monthly dividend of $0.2640 per share, payable March 15,"
        " and Agree Realty (ADC) raised its monthly payout 2.4%.",
        [("O", "Realty Income"), ("ADC", "Agree Realty")],
        {("O", "neutral")},
    ),
    # buybacks done are plain facts
    (
        "fact",
        "Booking Holdings (BKNG) repurchased $1.9 billion of stock in the quarter; Expedia (EXPE)"
        " bought back $800 million.",
        [("BKNG", "Booking Holdings"), ("EXPE", "Expedia")],
        {("BKNG", "neutral"), ("EXPE", "neutral")},
    ),
    # a middle said outright outranks a side the figures give; a gap between two is no middle
    (
        "comparison",
        "Salesforce (CRM) grew subscription revenue 9% last quarter, a step behind ServiceNow's"
        " (NOW) 22%, with Workday (WDAY) in between at 16%.",
        [("CRM", "Salesforce"), ("NOW", "ServiceNow"), ("WDAY", "Workday")],
        {("CRM", "negative"), ("NOW", "positive"), ("WDAY", "neutral")},
    ),
    (
        "comparison",
        "Datadog (DDOG) grew revenue 26% in the quarter while Dynatrace (DT) managed 17%, and the"
        " gap in net new ARR between the two widened again.",
        [("DDOG", "Datadog"), ("DT", "Dynatrace")],
        {("DDOG", "positive"), ("DT", "negative")},
    ),
    # a list of moves with their verb left out, each after the one before
    (
        "move",
        "Rocket Companies (RKT) fell 6%, UWM Holdings (UWMC) 7%, PennyMac Financial Services"
        " (PFSI) 5% and loanDepot (LDI) 9%.",
        [
            ("RKT", "Rocket Companies"),
            ("UWMC", "UWM Holdings"),
            ("PFSI", "PennyMac Financial Services"),
            ("LDI", "loanDepot"),
        ],
        {("RKT", "negative"), ("UWMC", "negative"), ("PFSI", "negative"), ("LDI", "negative")},
    ),
    # an analyst's own forecast is no guidance
    (
        "guidance",
        "We are lowering our forecast for Nike (NKE).",
        [("NKE", "Nike")],
        set(),
    ),
    # where in its range a company now expects to land
    (
        "guidance",
        "Papa John's (PZZA) now expects adjusted EBITDA at the low end of the range.",
        [("PZZA", "Papa John's")],
        {("PZZA", "negative")},
    ),
    (
        "guidance",
        "Edwards Lifesciences (EW) expects sales in the top half of its range.",
        [("EW", "Edwards Lifesciences")],
        {("EW", "positive")},
    ),
    # the author declining to pick
    (
        "comparison",
        "We have no preference between the two.",
        [],
        {(None, "neutral")},
    ),
    # a customer placing an order is a counterparty
    (
        "role",
        "Wabtec (WAB) won a $1.2 billion locomotive order from Union Pacific (UNP), its largest"
        " ever.",
        [("WAB", "Wabtec"), ("UNP", "Union Pacific")],
        {("UNP", "neutral")},
    ),
    # a cause after estimates is no revision of them
    (
        "rating",
        "Principal Financial (PFG) beat estimates on higher fee income, but the stock fell 3%.",
        [("PFG", "Principal Financial")],
        set(),
    ),
    (
        "rating",
        "We raise our estimates for Principal Financial (PFG) on higher fee income.",
        [("PFG", "Principal Financial")],
        {("PFG", "positive")},
    ),
    # a trader's trade covers the cashtags listed after the first
    (
        "rating",
        "Just bought more $O and $NNN on this dip.",
        [("O", "$O"), ("NNN", "$NNN")],
        {("O", "positive"), ("NNN", "positive")},
    ),
    # a fund's flows as a noun in its own clause, and a list of flows
    (
        "move",
        "The Vanguard Real Estate ETF (VNQ) saw $1.1B of net outflows in October.",
        [("VNQ", "Vanguard Real Estate ETF")],
        {("VNQ", "negative")},
    ),
    (
        "move",
        "Franklin Resources (BEN) and Invesco (IVZ) also disclosed outflows for the month.",
        [("BEN", "Franklin Resources"), ("IVZ", "Invesco")],
        {("BEN", "negative"), ("IVZ", "negative")},
    ),
    (
        "move",
        "The 10-year yield rose, while the iShares 0-3 Month Treasury Bond ETF (SGOV) drew $1"
        " billion of inflows as investors parked cash.",
        [("SGOV", "iShares 0-3 Month Treasury Bond ETF")],
        {("SGOV", "positive")},
    ),
    (
        "move",
        "- SPY: -$8.1B, quarter-end rebalancing",
        [("SPY", "SPY")],
        {("SPY", "negative")},
    ),
    # flows named in passing, the fund no subject: no reading
    (
        "move",
        "Analysts at Morgan Stanley expect outflows from BlackRock (BLK) funds to slow.",
        [("MS", "Morgan Stanley"), ("BLK", "BlackRock")],
        set(),
    ),
]


TWENTY_THIRD_PASS = [
    # a ticker set against the sentence before: resolved by the Analyzer (test_notes)
    (
        "comparison",
        "Mondelez (MDLZ), by contrast, says its hedges cover cocoa needs through mid-2025.",
        [("MDLZ", "Mondelez")],
        {("MDLZ", "contrasted")},
    ),
    (
        "comparison",
        "In contrast, Rivian (RIVN) delivered 13,200 vehicles, ahead of estimates.",
        [("RIVN", "Rivian")],
        {("RIVN", "contrasted")},
    ),
    (
        "comparison",
        "Revisions for Western Digital (WDC) have been flat by contrast.",
        [("WDC", "Western Digital")],
        {("WDC", "contrasted")},
    ),
    (
        "comparison",
        "Palantir (PLTR), which has software contracts with the Army, bucked the trend.",
        [("PLTR", "Palantir")],
        {("PLTR", "contrasted")},
    ),
    (
        "comparison",
        "The contrast with Nvidia (NVDA) could not be sharper.",
        [("NVDA", "Nvidia")],
        set(),
    ),
    # moves: "edged up 1%" has its direction; traders' words; a move in a relative clause
    ("move", "Stryker (SYK) edged up 1%.", [("SYK", "Stryker")], {("SYK", "positive")}),
    (
        "move",
        "Only the banks held up, with Wells Fargo (WFC) edging higher on a steeper curve.",
        [("WFC", "Wells Fargo")],
        {("WFC", "positive")},
    ),
    (
        "move",
        "$DAL and $UAL getting smoked on the same headline.",
        [("DAL", "$DAL"), ("UAL", "$UAL")],
        {("DAL", "negative"), ("UAL", "negative")},
    ),
    (
        "move",
        "The news was a relief for obesity rival Viking Therapeutics (VKTX), which jumped 12%.",
        [("VKTX", "Viking Therapeutics")],
        {("VKTX", "positive")},
    ),
    (
        "move",
        "Comcast (CMCSA), which reports next week, dipped 2%.",
        [("CMCSA", "Comcast")],
        {("CMCSA", "negative")},
    ),
    (
        "move",
        "Union Pacific (UNP) lost 2.1%, although Canadian Pacific Kansas City (CP) edged higher.",
        [("UNP", "Union Pacific"), ("CP", "Canadian Pacific Kansas City")],
        {("UNP", "negative"), ("CP", "positive")},
    ),
    # picks, positions and trades
    (
        "rating",
        "Omega Healthcare (OHI) remains our preferred healthcare REIT.",
        [("OHI", "Omega Healthcare")],
        {("OHI", "positive")},
    ),
    (
        "rating",
        "Evercore's top pick in coffee remains Dutch Bros (BROS).",
        [("EVR", "Evercore"), ("BROS", "Dutch Bros")],
        {("BROS", "positive")},
    ),
    (
        "rating",
        "Hyatt (H) we would avoid until the asset sales close.",
        [("H", "Hyatt")],
        {("H", "negative")},
    ),
    (
        "rating",
        "Norwegian Cruise Line (NCLH) remains the firm's least-favored cruise name.",
        [("NCLH", "Norwegian Cruise Line")],
        {("NCLH", "negative")},
    ),
    (
        "rating",
        "We recommend overweighting Alphabet (GOOGL) versus Meta Platforms (META).",
        [("GOOGL", "Alphabet"), ("META", "Meta Platforms")],
        {("GOOGL", "positive"), ("META", "negative")},
    ),
    (
        "rating",
        "Sold my $PEP and put the proceeds into $KO.",
        [("PEP", "$PEP"), ("KO", "$KO")],
        {("PEP", "negative"), ("KO", "positive")},
    ),
    (
        "rating",
        "Whoever bought $PTON at $160 must be feeling it.",
        [("PTON", "$PTON")],
        set(),
    ),
    (
        "rating",
        "It kept its Buy on supplier Howmet Aerospace (HWM).",
        [("HWM", "Howmet Aerospace")],
        {("HWM", "positive")},
    ),
    (
        "rating",
        "The firm upgraded Delta Air Lines (DAL) to Overweight while cutting United Airlines"
        " (UAL) to Equal Weight.",
        [("DAL", "Delta Air Lines"), ("UAL", "United Airlines")],
        {("DAL", "positive"), ("UAL", "negative")},
    ),
    (
        "rating",
        "The read-across is negative for Terex (TEX).",
        [("TEX", "Terex")],
        {("TEX", "negative")},
    ),
    # the house asking on a call, a broker that prefers another ticker: sources
    (
        "role",
        "From the Chipotle (CMG) Q2 call, in reply to Piper Sandler (PIPR).",
        [("CMG", "Chipotle"), ("PIPR", "Piper Sandler")],
        {("PIPR", "neutral")},
    ),
    (
        "role",
        "Truist (TFC) prefers SQM (SQM) for its lower cost position.",
        [("TFC", "Truist"), ("SQM", "SQM")],
        {("TFC", "neutral")},
    ),
    # comparisons: short of another's figure, a lead widened, share ceded
    (
        "comparison",
        "Verizon (VZ) added 150,000 subscribers, well short of T-Mobile's (TMUS) 607,000.",
        [("VZ", "Verizon"), ("TMUS", "T-Mobile")],
        {("VZ", "negative"), ("TMUS", "positive")},
    ),
    (
        "comparison",
        "TSMC (TSM) keeps widening its lead.",
        [("TSM", "TSMC")],
        {("TSM", "positive")},
    ),
    (
        "comparison",
        "Kimberly-Clark (KMB) ceded about a point of share in diapers.",
        [("KMB", "Kimberly-Clark")],
        {("KMB", "negative")},
    ),
    # a buyback raised beside a dividend declared: no plain fact
    (
        "fact",
        "GE Vernova (GEV) declared a $0.25 quarterly dividend and doubled its buyback plan.",
        [("GEV", "GE Vernova")],
        set(),
    ),
]

# twenty-fourth pass: a phrase about the choice itself is an even verdict with no "both"
TWENTY_EIGHTH_PASS = [
    # a rating with its action after it, as bullet notes write it
    ("rating", "Underweight reiterated.", [], {(None, "negative")}),
    (
        "rating",
        "Nike (NKE): Buy maintained, PT $90.",
        [("NKE", "Nike (NKE)")],
        {("NKE", "positive")},
    ),
    # a pair being closed: neither leg is a position any more; a new one after it still is
    (
        "rating",
        "We're closing our long Lowe's (LOW) / short Home Depot (HD) pair after a 9% gain.",
        [("LOW", "Lowe's (LOW)"), ("HD", "Home Depot (HD)")],
        {("LOW", "neutral"), ("HD", "neutral")},
    ),
    (
        "rating",
        "We exit our long Costco (COST) and go long Walmart (WMT).",
        [("COST", "Costco (COST)"), ("WMT", "Walmart (WMT)")],
        {("COST", "neutral"), ("WMT", "positive")},
    ),
    # a held rating "on" a list of tickers, "ratings on" too
    (
        "rating",
        "Mizuho starts the insurers with Outperform ratings on Progressive and Travelers.",
        [("PGR", "Progressive"), ("TRV", "Travelers")],
        {("PGR", "positive"), ("TRV", "positive")},
    ),
    (
        "rating",
        "Buy on American Tower (AMT), Hold on Crown Castle (CCI) and SBA Communications (SBAC).",
        [
            ("AMT", "American Tower (AMT)"),
            ("CCI", "Crown Castle (CCI)"),
            ("SBAC", "SBA Communications (SBAC)"),
        ],
        {("AMT", "positive"), ("CCI", "neutral"), ("SBAC", "neutral")},
    ),
    # a house moving to a rating beside the company it rates is its source
    (
        "role",
        "Eli Lilly (LLY) picked up two upgrades, with SMBC Nikko moving to Outperform.",
        [("LLY", "Eli Lilly (LLY)"), ("SMFG", "SMBC Nikko")],
        {("SMFG", "neutral")},
    ),
    # customers lost or added by both is a shared side, not a tie
    (
        "comparison",
        "AT&T (T) and Verizon (VZ) both lost postpaid phone subscribers in the quarter.",
        [("T", "AT&T (T)"), ("VZ", "Verizon (VZ)")],
        set(),
    ),
    # a rating action's list of objects: each is rated
    (
        "rating",
        "Seaport Research cut Nucor (NUE) and Steel Dynamics (STLD) to Neutral.",
        [("NUE", "Nucor (NUE)"), ("STLD", "Steel Dynamics (STLD)")],
        {("NUE", "negative"), ("STLD", "negative")},
    ),
    (
        "rating",
        "UBS raised Alcoa (AA), Nucor (NUE) and Steel Dynamics (STLD) to Buy.",
        [("AA", "Alcoa (AA)"), ("NUE", "Nucor (NUE)"), ("STLD", "Steel Dynamics (STLD)")],
        {("AA", "positive"), ("NUE", "positive"), ("STLD", "positive")},
    ),
    # business won from or lost to a named company: policies, volume, contracts...
    (
        "comparison",
        "The insurer will keep winning auto policies from Allstate (ALL).",
        [("ALL", "Allstate (ALL)")],
        {("ALL", "negative")},
    ),
    (
        "comparison",
        "Tyson (TSN) ceded some chicken volume to Pilgrim's (PPC) in the quarter.",
        [("TSN", "Tyson (TSN)"), ("PPC", "Pilgrim's (PPC)")],
        {("TSN", "negative"), ("PPC", "positive")},
    ),
    (
        "comparison",
        "Waste Management (WM) keeps winning municipal contracts away from Republic (RSG).",
        [("WM", "Waste Management (WM)"), ("RSG", "Republic (RSG)")],
        {("WM", "positive"), ("RSG", "negative")},
    ),
]


TWENTY_FOURTH_PASS = [
    (
        "comparison",
        "There is no universally better choice; it depends on how you use it.",
        [],
        {(None, "neutral")},
    ),
    ("comparison", "Choose based on how you use it.", [], {(None, "neutral")}),
    (
        "comparison",
        "For a long-term tech sleeve, it is essentially a coin flip.",
        [],
        {(None, "neutral")},
    ),
    ("comparison", "Depends what you need.", [], {(None, "neutral")}),
    (
        "comparison",
        "So the choice depends on whether you want income now.",
        [],
        {(None, "neutral")},
    ),
    ("comparison", "It makes no difference to our estimates.", [], set()),  # still none
    # a relative call "against" the other, a pair funded "out of" or "by selling" the other
    (
        "comparison",
        "Relative value: we'd own Mosaic against CF Industries into spring.",
        [("MOS", "Mosaic"), ("CF", "CF Industries")],
        {("MOS", "positive"), ("CF", "negative")},
    ),
    (
        "rating",
        "We'd fund a long in Coca-Cola out of PepsiCo.",
        [("KO", "Coca-Cola"), ("PEP", "PepsiCo")],
        {("KO", "positive"), ("PEP", "negative")},
    ),
    (
        "rating",
        "We would fund an overweight in the Energy Select Sector SPDR (XLE) by selling XLY.",
        [("XLE", "Energy Select Sector SPDR"), ("XLY", "XLY")],
        {("XLE", "positive"), ("XLY", "negative")},
    ),
    # a credit rating affirmed at its grade, or with a stable outlook, is a plain fact
    (
        "fact",
        "The agency affirmed Devon Energy at BBB with a stable outlook.",
        [("DVN", "Devon Energy")],
        {(None, "neutral")},
    ),
    (
        "fact",
        "General Motors' rating was affirmed with a stable outlook.",
        [("GM", "General Motors")],
        {(None, "neutral")},
    ),
    ("fact", "Analysts affirmed Devon Energy at a Buy.", [("DVN", "Devon Energy")], set()),
    # "Which ... depends mostly on": an even verdict
    (
        "comparison",
        "Which one fits depends mostly on whether you trade or hold.",
        [],
        {(None, "neutral")},
    ),
    # a trade naming the cashtag outranks a verb opening the sentence
    (
        "rating",
        "Trimmed half my position today and rotated into $MSFT, priced like a business.",
        [("MSFT", "$MSFT")],
        {("MSFT", "positive")},
    ),
    ("rating", "Trimmed half my $PLTR today.", [("PLTR", "$PLTR")], {("PLTR", "negative")}),
    ("comparison", "We treat them as interchangeable.", [], {(None, "neutral")}),
    ("comparison", "Income or growth, pick your poison.", [], {(None, "neutral")}),
    ("comparison", "Cost versus breadth; depends on what you want.", [], {(None, "neutral")}),
    # one leg alone is no pair trade: "out of" with no leg of the other side
    ("rating", "Investors rotated out of PepsiCo this week.", [("PEP", "PepsiCo")], set()),
]


TWENTY_NINTH_PASS = [
    # share taken with no loser named, past an aside about the taker or two words of market
    (
        "comparison",
        "Walmart (WMT), too, keeps taking share in general merchandise.",
        [("WMT", "Walmart")],
        {("WMT", "positive")},
    ),
    (
        "comparison",
        "Dutch Bros (BROS), which reports next week, has kept taking share in drive-thru.",
        [("BROS", "Dutch Bros")],
        {("BROS", "positive")},
    ),
    (
        "comparison",
        "AMD (AMD) keeps taking data-center CPU share, and we don't see that reversing.",
        [("AMD", "AMD")],
        {("AMD", "positive")},
    ),
    (
        "comparison",
        "Comcast (CMCSA) lost subscribers as fixed wireless from AT&T (T) and others kept"
        " taking share.",
        [("CMCSA", "Comcast"), ("T", "AT&T")],
        {("T", "positive")},
    ),
    # an aside that is a clause of its own is no taker's
    (
        "comparison",
        "Dutch Bros (BROS), and its peers, kept taking share.",
        [("BROS", "Dutch Bros")],
        set(),
    ),
    # losers named as examples of a kind
    (
        "comparison",
        "The company keeps taking share from conventional grocers such as Kroger (KR) and"
        " Albertsons (ACI).",
        [("KR", "Kroger"), ("ACI", "Albertsons")],
        {("KR", "negative"), ("ACI", "negative")},
    ),
    # "it" after the verb is no company of the subject's own list
    (
        "comparison",
        "Kroger (KR) and Albertsons (ACI) have both lost share to it in natural and organic.",
        [("KR", "Kroger"), ("ACI", "Albertsons")],
        {("KR", "negative"), ("ACI", "negative")},
    ),
    # a verb whose subject is the speaker's, in a clause about where: not the ticker's
    (
        "comparison",
        "We continued to lose share to O'Reilly and AutoZone, particularly in markets where our"
        " in-stock levels lagged.",
        [("ORLY", "O'Reilly"), ("AZO", "AutoZone")],
        {("ORLY", "positive"), ("AZO", "positive")},
    ),
    # a house acting on the company the note is about, alone or beside houses only: the source
    ("role", "Stifel moved the stock to Hold from Buy.", [("SF", "Stifel")], {("SF", "neutral")}),
    (
        "role",
        "Bank of America reiterated Underperform on the chipmaker.",
        [("BAC", "Bank of America")],
        {("BAC", "neutral")},
    ),
    (
        "role",
        "Jefferies went further and downgraded the shares to Hold.",
        [("JEF", "Jefferies")],
        {("JEF", "neutral")},
    ),
    (
        "rating",
        "Wells Fargo goes to $62 from $70, Barclays to $68 from $75.",
        [("WFC", "Wells Fargo"), ("BCS", "Barclays")],
        {(None, "negative")},
    ),
    (
        "role",
        "Wells Fargo goes to $62 from $70, Barclays to $68 from $75.",
        [("WFC", "Wells Fargo"), ("BCS", "Barclays")],
        {("WFC", "neutral"), ("BCS", "neutral")},
    ),
    # a house's call before the company it is on
    (
        "role",
        "Truist up to Buy on Halliburton (HAL), PT $42",
        [("TFC", "Truist"), ("HAL", "Halliburton")],
        {("TFC", "neutral")},
    ),
    (
        "role",
        "BofA out with a Buy on $UBER and a $95 target.",
        [("BAC", "BofA"), ("UBER", "$UBER")],
        {("BAC", "neutral")},
    ),
    # a bank whose target a house moves is the company, not a second house
    (
        "rating",
        "Raymond James raises its target on JPMorgan Chase (JPM) to $265 from $240.",
        [("RJF", "Raymond James"), ("JPM", "JPMorgan Chase")],
        {("JPM", "positive")},
    ),
    # a record of raises beside a declaration is history: a plain fact, no direction
    (
        "fact",
        "The company has raised its dividend for 69 consecutive years.",
        [],
        {(None, "neutral")},
    ),
    (
        "fact",
        "Target (TGT) declared a quarterly dividend; it has raised its payout for 53 straight"
        " years.",
        [("TGT", "Target")],
        {(None, "neutral")},
    ),
    # ranks in other words: below the rest, above them, better placed, out-pricing a rival
    (
        "rating",
        "Norwegian (NCLH) remains our less preferred cruise name.",
        [("NCLH", "Norwegian")],
        {("NCLH", "negative")},
    ),
    (
        "rating",
        "Coterra (CTRA) remains at the bottom of our list.",
        [("CTRA", "Coterra")],
        {("CTRA", "negative")},
    ),
    ("rating", "EOG stays our preferred E&P.", [("EOG", "EOG")], {("EOG", "positive")}),
    (
        "comparison",
        "FedEx (FDX), with less customer concentration, looks better placed.",
        [("FDX", "FedEx")],
        {("FDX", "positive")},
    ),
    (
        "comparison",
        "Waste Management is out-pricing Republic Services (RSG) again.",
        [("WM", "Waste Management"), ("RSG", "Republic Services")],
        {("WM", "positive"), ("RSG", "negative")},
    ),
    (
        "comparison",
        "We stay Underperform on Target (TGT); the share keeps shifting to Costco (COST).",
        [("TGT", "Target"), ("COST", "Costco")],
        {("COST", "positive")},
    ),
    # share and rivals in other words: points of share, a rival's lunch, crushing, pulling
    (
        "comparison",
        "Deckers' HOKA brand gained roughly two points of US running-shoe share.",
        [("DECK", "Deckers")],
        {("DECK", "positive")},
    ),
    (
        "comparison",
        "$ONON eating $NKE's lunch again.",
        [("ONON", "$ONON"), ("NKE", "$NKE")],
        {("ONON", "positive"), ("NKE", "negative")},
    ),
    (
        "comparison",
        "$DKS CRUSHING $FL.",
        [("DKS", "$DKS"), ("FL", "$FL")],
        {("DKS", "positive"), ("FL", "negative")},
    ),
    (
        "comparison",
        "RingCentral (RNG) keeps pulling seats away from Zoom (ZM).",
        [("RNG", "RingCentral"), ("ZM", "Zoom")],
        {("RNG", "positive"), ("ZM", "negative")},
    ),
    # eating with no ticker right after it compares nothing
    ("comparison", "Tariffs are eating into Nike's (NKE) margin.", [("NKE", "Nike")], set()),
    # a read-across named before the companies it is for; on the author's buy list
    (
        "rating",
        "Positive read for Valero (VLO) and Phillips 66 (PSX), which report next week.",
        [("VLO", "Valero"), ("PSX", "Phillips 66")],
        {("VLO", "positive"), ("PSX", "positive")},
    ),
    (
        "rating",
        "Marathon (MPC) beat; a negative read for UnitedHealth (UNH) and Elevance (ELV).",
        [("MPC", "Marathon"), ("UNH", "UnitedHealth"), ("ELV", "Elevance")],
        {("UNH", "negative"), ("ELV", "negative")},
    ),
    (
        "rating",
        "Hubbell (HUBB) is also on our buy list into its print.",
        [("HUBB", "Hubbell")],
        {("HUBB", "positive")},
    ),
    # a broker written as a listed company with its own results is the company, not a house
    (
        "role",
        "Fifth Third (FITB) beat; KeyCorp (KEY) missed as deposit costs climbed and cut its NII"
        " outlook.",
        [("FITB", "Fifth Third"), ("KEY", "KeyCorp")],
        set(),
    ),
    (
        "role",
        "KeyBanc (KEY) cut Fifth Third (FITB) to Sector Weight.",
        [("KEY", "KeyBanc"), ("FITB", "Fifth Third")],
        {("KEY", "neutral")},
    ),
]


@pytest.mark.parametrize(
    ("kind", "text", "pairs", "expected"),
    NINTH_PASS
    + THIRTEENTH_PASS
    + FOURTEENTH_PASS
    + FIFTEENTH_PASS
    + SIXTEENTH_PASS
    + SEVENTEENTH_PASS
    + EIGHTEENTH_PASS
    + NINETEENTH_PASS
    + TWENTIETH_PASS
    + TWENTY_FIRST_PASS
    + TWENTY_SECOND_PASS
    + TWENTY_THIRD_PASS
    + TWENTY_FOURTH_PASS
    + TWENTY_EIGHTH_PASS
    + TWENTY_NINTH_PASS,
)
def test_readings_of_one_kind(kind: str, text: str, pairs: list, expected: set) -> None:
    assert read(kind, text, pairs) == expected
