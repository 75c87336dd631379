"""The ticker finder: recognisers, false-positive traps, bad input, config and speed."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

try:  # pragma: no cover - only until the claim finder lands
    import sentiment.components.claims  # noqa: F401
except ImportError:  # spaCy loads every declared entry point when a Language is created
    _stub = types.ModuleType("sentiment.components.claims")
    _stub.make_claim_finder = None  # type: ignore[attr-defined]
    sys.modules["sentiment.components.claims"] = _stub

import sentiment.components.tickers  # noqa: E402,F401  (registers the factory)
from sentiment.components.ticker_rules import context, exchange_symbol  # noqa: E402
from sentiment.components.tickers import TickerFinder  # noqa: E402
from sentiment.gazetteer import default_gazetteer  # noqa: E402
from sentiment.results import TickerMention  # noqa: E402


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentiment_tickers")
    return nlp


def found(nlp: Language, text: str) -> list[TickerMention]:
    return nlp(text)._.tickers


def symbols(nlp: Language, text: str) -> list[str]:
    return [m.symbol for m in found(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cashtags
        ("Long $VOO into year end.", [("VOO", "cashtag")]),
        ("$tsla squeezed again", [("TSLA", "cashtag")]),
        ("Added $BRK.B on the dip", [("BRK.B", "cashtag")]),
        ("Revenue of $5.2bn and $mm of cash", []),
        # exchange-qualified
        ("Coca-Cola (NYSE: KO) rose.", [("KO", "alias"), ("KO", "exchange")]),
        ("PepsiCo, Inc. (NASDAQ: PEP) fell.", [("PEP", "alias"), ("PEP", "exchange")]),
        ("Listed as NASDAQ:AAPL.", [("AAPL", "exchange")]),
        ("Vodafone trades as LSE: VOD.", [("VOD.L", "alias"), ("VOD.L", "exchange")]),
        ("Shopify (TSX: SHOP) jumped.", [("SHOP.TO", "alias"), ("SHOP.TO", "exchange")]),
        # the exchange prefix itself is no ticker (ETR is Entergy, TYO an ETF, TSE Trinseo)
        (
            "Siemens (ETR: SIE) cut its margin outlook by 50 basis points.",
            [("SIE.DE", "name"), ("SIE.DE", "exchange")],
        ),
        ("Sony (TYO: 6758) shares fell 4%.", [("6758.T", "alias"), ("6758.T", "exchange")]),
        ("Toyota (TSE: 7203) rose.", [("7203.T", "alias"), ("7203.T", "exchange")]),
        ("Sony Group (TSE Prime: 6758)", [("6758.T", "alias"), ("6758.T", "exchange")]),
        # Hong Kong codes without leading zeros, as the gazetteer writes them
        ("HKEX: 0700 and HKEX: 700", [("700.HK", "exchange"), ("700.HK", "exchange")]),
        # a name followed by the symbol its author gives it takes that listing
        ("Nokia (NOK) rose.", [("NOK", "alias"), ("NOK", "parenthesised")]),
        (
            "Toyota (TM) and Honda (HMC) fell.",
            [("TM", "alias"), ("TM", "parenthesised"), ("HMC", "alias"), ("HMC", "parenthesised")],
        ),
        ("Tokyo Electron rose; (HMC) fell.", [("8035.T", "name"), ("HMC", "parenthesised")]),
        # a name is its US listing where the company has one (an ADR)
        ("Nokia rose; (NOK) is its ADR.", [("NOK", "alias"), ("NOK", "parenthesised")]),
        ("Vodafone trades as LSE: VOD.", [("VOD.L", "alias"), ("VOD.L", "exchange")]),
        ("Nokia  (  NYSE:  NOK) rose.", [("NOK", "alias"), ("NOK", "exchange")]),
        (
            "Tokyo Electron rose. (MSFT) (AMZN) (HMC) followed.",
            [("8035.T", "name")] + [(s, "parenthesised") for s in ("MSFT", "AMZN", "HMC")],
        ),
        # a bare symbol that is the root of a listing the text named takes that listing
        (
            "Barclays (BARC) fell.\n\n| Ticker | P/E |\n| BARC | 6.1x |",
            [("BARC.L", "alias"), ("BARC.L", "parenthesised"), ("BARC.L", "bare_symbol")],
        ),
        ("| Ticker | P/E |\n| BARC | 6.1x |", [("BARC", "bare_symbol")]),
        # parenthesised
        ("Nvidia (NVDA) beat.", [("NVDA", "alias"), ("NVDA", "parenthesised")]),
        ("We like (MSFT, AMZN) here.", [("MSFT", "parenthesised"), ("AMZN", "parenthesised")]),
        ("Allstate (ALL) cut its dividend.", [("ALL", "name"), ("ALL", "parenthesised")]),
        ("Agilent (A) rose.", [("A", "name"), ("A", "parenthesised")]),
        ("Gartner (IT) rose.", [("IT", "name"), ("IT", "parenthesised")]),
        # a short form of the company's name before a symbol that is also a word
        ("Southern Co. (SO) trimmed its outlook.", [("SO", "alias"), ("SO", "parenthesised")]),
        ("Amer Sports (AS) gained share.", [("AS", "name"), ("AS", "parenthesised")]),
        ("onsemi (ON) beat estimates.", [("ON", "parenthesised")]),
        ("Results on Monday (ON) were weak.", []),
        ("We like artificial intelligence (AI) names.", []),
        # a symbol with an exchange suffix, in the gazetteer or not; a name before takes it
        (
            "Tencent (0700.HK) posted revenue of RMB 167 billion, up 8%.",
            [("700.HK", "parenthesised")],
        ),
        ("Volkswagen (VOW3.DE) cut its operating margin guidance.", [("VOW3.DE", "parenthesised")]),
        (
            "Mitsubishi UFJ (8306.T) expects net profit of JPY 2 trillion.",
            [("8306.T", "alias"), ("8306.T", "parenthesised")],
        ),
        (
            "Toyota (7203.T) expects operating profit of JPY 4.3 trillion.",
            [("7203.T", "alias"), ("7203.T", "parenthesised")],
        ),
        (
            "Alibaba (9988.HK) trades at 9 times forward earnings",
            [("9988.HK", "alias"), ("9988.HK", "parenthesised")],
        ),
        ("HSBC (0005.HK) shares rose 1%.", [("5.HK", "alias"), ("5.HK", "parenthesised")]),
        ("SAP (SAP.DE) rose.", [("SAP.DE", "alias"), ("SAP.DE", "parenthesised")]),
        ("Harrison Ford starred; HD Supply and GE Aerospace.", [("GE", "name")]),
        # names and aliases
        ("Apple's margins expanded.", [("AAPL", "alias")]),
        ("Apple Inc. guided higher.", [("AAPL", "alias")]),
        ("Alphabet and Google", [("GOOGL", "alias"), ("GOOGL", "alias")]),
        ("Meta, formerly Facebook", [("META", "alias"), ("META", "alias")]),
        ("Berkshire Hathaway bought more.", [("BRK.B", "alias")]),
        # a dual-class company by name: the class quoted (UAA, not the class C UA)
        ("Nike and Under Armour were little changed.", [("NKE", "alias"), ("UAA", "alias")]),
        ("JPMorgan Chase & Co. reported.", [("JPM", "alias")]),
        ("Macy's and AT&T", [("M", "alias"), ("T", "alias")]),
        ("Inflows into the Vanguard S&P 500 ETF", [("VOO", "alias")]),
        ("The iShares Russell 2000 lagged.", [("IWM", "alias")]),
        ("Mastercard beat estimates.", [("MA", "name")]),
        ("Rio Tinto shares rose 2%", [("RIO", "alias")]),
        ("Lloyds shares fell 3%", [("LYG", "alias")]),
        ("BHP will pay a final dividend", [("BHP", "alias")]),
        # an ordinary-word name with a business cue
        ("Ford guided full-year adjusted EBIT of $7-8.5 billion.", [("F", "alias")]),
        ("Ford expects adjusted EBIT of $7 billion to $8.5 billion this year.", [("F", "alias")]),
        # bare symbols
        (
            "Shares of TSLA fell while NVDA rallied.",
            [("TSLA", "bare_symbol"), ("NVDA", "bare_symbol")],
        ),
        (
            "Top picks: AAPL, MSFT, NVDA, ALL, T",
            [
                ("AAPL", "bare_symbol"),
                ("MSFT", "bare_symbol"),
                ("NVDA", "bare_symbol"),
                ("ALL", "bare_symbol"),
                ("T", "bare_symbol"),
            ],
        ),
        ("Allstate is cheap. ALL trades at 9x.", [("ALL", "name"), ("ALL", "bare_symbol")]),
        # an acronym whose everyday meaning wins needs a ticker marker, not just the company
        ("Gartner expects IT spending to rise 9% in 2025.", [("IT", "name")]),
        (
            "Shares of IT rose after Gartner beat.",
            [("IT", "bare_symbol"), ("IT", "name")],
        ),
        # coreference
        ("Coca-Cola raised prices. Coke volumes fell.", [("KO", "alias"), ("KO", "coreference")]),
        (
            "Berkshire Hathaway said so. Berkshire also sold.",
            [("BRK.B", "alias"), ("BRK.B", "coreference")],
        ),
        ("Coke is it.", []),  # a short name alone, with nothing named before it
        ("Goldman's shares fell.", [("GS", "alias")]),  # a short name with business context
        # tables: the column headed Ticker / Symbol / Stock
        (
            "| Ticker | Price |\n|---|---|\n| KO | 62.1 |\n| T | 18.0 |",
            [("KO", "bare_symbol"), ("T", "bare_symbol")],
        ),
        (
            "Name\tSymbol\nBerkshire Hathaway B\tBRK-B",
            [("BRK.B", "alias"), ("BRK.B", "bare_symbol")],
        ),
        # lists: a label, bullets, mostly ambiguous symbols
        (
            "Long: JPM, GS, MS",
            [("JPM", "bare_symbol"), ("GS", "bare_symbol"), ("MS", "bare_symbol")],
        ),
        (
            "- KO\n- PEP\n- KDP",
            [("KO", "bare_symbol"), ("PEP", "bare_symbol"), ("KDP", "bare_symbol")],
        ),
        # lines each headed by a symbol: a list of tickers, its ambiguous labels too
        (
            "Midstream\n- WMB: raises its guide\n- KMI: in line\n- ET: misses on NGL prices",
            [("WMB", "bare_symbol"), ("KMI", "bare_symbol"), ("ET", "bare_symbol")],
        ),
        ("Key points\n- EPS: $1.20\n- ARR: up 30%\n- CEO: stepping down", []),
        (
            "Semis basket: NVDA AMD MU",
            [("NVDA", "bare_symbol"), ("AMD", "alias"), ("MU", "bare_symbol")],
        ),
        # renamed symbols report the current one
        ("Sold my $FB and $SQ.", [("META", "cashtag"), ("XYZ", "cashtag")]),
        # names without their legal suffix: after a deal phrase or coordinated
        ("Salesforce agreed to acquire Informatica.", [("CRM", "alias"), ("INFA", "name")]),
        ("Uber and Hertz drivers", [("UBER", "alias"), ("HTZ", "name")]),
        ("Pfizer and BioNTech filed.", [("PFE", "alias"), ("BNTX", "alias")]),
        # a local code in parentheses: its listing; a name that resolved to another listing
        # of the same company follows it (Toyota's US ADR is TM)
        ("Toyota (7203) rose.", [("7203.T", "alias"), ("7203.T", "parenthesised")]),
        ("Tokyo Electron (8035) fell.", [("8035.T", "name"), ("8035.T", "parenthesised")]),
        ("Shin-Etsu (4063) rose.", [("4063.T", "parenthesised")]),
        ("Puma (PUM) fell.", [("PUM.DE", "alias"), ("PUM.DE", "parenthesised")]),
        # NSE and LSE names with their local symbols
        (
            "HDFC Bank (HDFCBANK) rose.",
            [("HDFCBANK.NS", "alias"), ("HDFCBANK.NS", "parenthesised")],
        ),
        (
            "Tata Consultancy Services (TCS) fell.",
            [("TCS.NS", "alias"), ("TCS.NS", "parenthesised")],
        ),
        ("Rolls-Royce (RR) rose.", [("RR.L", "alias"), ("RR.L", "parenthesised")]),
        # a long code that starts with the name before it, not in the symbol table
        ("Kotak Mahindra Bank (KOTAKBANK) rose.", [("KOTAKBANK", "parenthesised")]),
        # a possessive bare symbol
        ("We prefer COP given OXY's leverage.", [("COP", "bare_symbol"), ("OXY", "bare_symbol")]),
    ],
)
def test_finds(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.symbol, m.method) for m in found(nlp, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "AI is big.",
        "The CEO said margins would improve.",
        "IT spending slowed.",
        "ALL of them beat.",
        "EPS rose 12% and GDP grew.",
        "We have an A rating on the bonds.",
        "We raise our target price to $250.",
        "Target price raised to $250.",
        "The gap between bulls and bears widened.",
        "artificial intelligence (AI) and earnings per share (EPS)",
        "Net interest margin (NIM) compressed.",
        "US stocks rose ON hopes, NOW what?",
        "C-suite turnover; the K-shaped recovery; a V-shaped rebound.",
        "The Nasdaq rose 1% while the S&P 500 fell.",
        "Next quarter looks better.",
        "NEW HIGHS FOR THE MARKET AS FED HOLDS RATES",
        "apple pie and a meta discussion",
        "Q3 FY24 results; YoY growth 5%; ROE 12%.",
        "Apple pie sales rose at the farm stand.",
        "Amazon rainforest deforestation fell 30%.",
        "The company sold 3M units in the quarter and added 3M subscribers.",
        "Meta descriptions help search ranking.",
        "The Oracle of Omaha prefers cash.",
        "Leonardo da Vinci painted it.",
        "The S&P 500 rose while the Dow lagged.",
        "Revenue for JAN, FEB and MAR was flat; MAY improved.",
        "The FAA cleared the 737 MAX.",
        # short names and symbols that notes use for something else: an agency, a product or
        # brand of another company, a place, a term of the trade
        "CMS finalized its 2026 Medicare Advantage rate notice.",
        "Analog chipmakers diverge as industrial demand stays soft.",
        "Target changes: the Street lifts its price targets.",
        "LTL tonnage stayed weak, and the PPA market is tight.",
        "Clover revenue growth slowed to 27%; Hinge payers rose.",
        "Upstream production reached 4.5 million barrels per day.",
        "The Eaton fire claims process is progressing.",
        "The company reports Tue AMC; QSR traffic fell.",
        "| Metric | Q1 |\n| FCF ($m) | 820 |\n| 3M | 1% |",
        "| Region | Sales |\n| US | 12.1 |\n| IT | 0.8 |",
        "Country codes: US, GB, DE, JP, AU, CA, FR.",
        # parenthesised words and years that are no local codes
        "Consolidated Statements of Operations (UNAUDITED)",
        "Results (RESTATED) for the quarter",
        "Revenue (2023) rose 5%.",
        # a name that is an ordinary word, used as a verb
        "They tried to Ford the river before the flood.",
        "not saying which one, DYOR, NFA",
        "We will Target the youth market next.",
        "$VIX spiking, $BTC sliding; revenue of $5m.",
        "",
        "   \n\t ",
    ],
)
def test_false_positive_traps(nlp: Language, text: str) -> None:
    assert symbols(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # an exchange prefix before a symbol
        ("Siemens (ETR: SIE) cut its margin outlook by 50 basis points.", "ETR"),
        ("Sony (TYO: 6758) shares fell 4%.", "TYO"),
        ("Toyota (TSE: 7203) rose.", "TSE"),
        ("Infosys (NSE: INFY) and HDFC (BSE: 500180) rose.", "BSE"),
        # an acronym read as the word, though the text names the company
        ("Gartner expects IT spending to rise 9% in 2025.", "IT"),
        ("Gartner said IT budgets will grow; IT spending rose.", "IT"),
        # a finance acronym that is also a listed symbol
        ("HSBC reported PBT of $8.5bn in H1.", "PBT"),
        ("Zee Entertainment Q2 PAT at Rs 243 crore.", "PAT"),
        ("FII outflows hit the Nifty; the OFS was subscribed twice.", "FII"),
        ("FII outflows hit the Nifty; the OFS was subscribed twice.", "OFS"),
    ],
)
def test_no_bare_symbol_for(nlp: Language, text: str, wrong: str) -> None:
    assert (wrong, "bare_symbol") not in [(m.symbol, m.method) for m in found(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We raise our target price on Target to $250; Target shares rose.", ["TGT", "TGT"]),
        ("Target (TGT) missed. Target cut guidance.", ["TGT", "TGT", "TGT"]),
        ("Visa and Mastercard reported.", ["V", "MA"]),
        ("NVIDIA, AMD RALLY AS AI CHIP DEMAND SOARS", ["NVDA", "AMD"]),
        ("TARGET MISSES, CUTS FORECAST; SHARES TUMBLE", ["TGT"]),
        ("APPLE, MICROSOFT LEAD TECH REBOUND", ["AAPL", "MSFT"]),
        ("Home Depot agreed to buy SRS Distribution.", ["HD"]),
        ("Berkshire disclosed a larger stake in Occidental Petroleum.", ["BRK.B", "OXY"]),
        # a move right after the name, a possessive after "that" (a conjunction)
        ("Target reports a day earlier.", ["TGT"]),
        ("Carnival +6%, Royal Caribbean +4%, Norwegian +5%", ["CCL", "RCL", "NCLH"]),
        ("Management noted that Visa's settlement does not change it.", ["V"]),
        ("We like that visa policy.", []),
        ("with the OxyChem sale to Berkshire we'll be there early", ["BRK.B"]),
        # a short symbol with a move after it, or labelling the text's heading
        ("TGT rose 3% and DG fell 2% on guidance.", ["TGT", "DG"]),
        ("RH reports on Thursday.", ["RH"]),
        ("RH, which reports next week, rose 4% in sympathy.", ["RH"]),
        # an unlisted fund's symbol right after its name
        ("The SPDR Portfolio Aggregate Bond ETF (SPAB) is also 0.03%.", ["SPAB"]),
        ("MU: Raising estimates on HBM pricing", ["MU"]),
        ("KO: pricing power intact\nThe company grew organic revenue 9%.", ["KO"]),
        ("KO: pricing power intact, and more besides", []),  # no heading line of its own
        ("AP: Caterpillar posts a jump in profit", ["CAT"]),
        ("Burrow Wins Heisman Trophy, AP Reports", []),
        ("The Dow rose 0.8% on Wednesday.", []),
        # a minor listing's symbol used as a modifier is a name, not the listing
        ("- The SRS integration is on track.", []),
        ("The NVDA trade worked.", ["NVDA"]),
        ("NVDA trades at 32x versus 25x for the SOXX semiconductor ETF.", ["NVDA", "SOXX"]),
        # brokers and short names of well-known companies
        ("Micron fell after Bernstein cut it to Market Perform.", ["MU", "AB"]),
        ("KBW reiterated its rating.", ["SF"]),
        ("Devon rose after analysts at RBC called the price reasonable.", ["DVN", "RY"]),
        ("RBC Bearings (RBC) raised guidance.", ["RBC", "RBC"]),
        ("Customers such as Tesla and Lucid slowed orders.", ["TSLA", "LCID"]),
        ("Citizens Financial reports on Wednesday.", ["CFG"]),
        ("She joins from Knight-Swift Transportation.", ["KNX"]),
        ("Duke Energy and Southern Co. each fell about 1%.", ["DUK", "SO"]),
        # airline and cable names that are ordinary words too
        ("Delta fell 3% and United slipped 4% on the fuel bill.", ["DAL", "UAL"]),
        ("United, which reports Thursday, traded down in sympathy.", ["UAL"]),
        ("The United States and the United Kingdom signed the accord.", []),
        ("Charter lost 149,000 internet customers in the quarter.", ["CHTR"]),
        ("Our preferred pair: long AT&T (T), short Charter.", ["T", "T", "CHTR"]),
        ("The Charter school network raised its budget.", []),
        ("United Rentals (URI) rose 3%.", ["URI", "URI"]),
        # a broker's short or minor symbol with what a house does right after it
        ("MS cut $DIS to Equal-weight this morning.", ["MS", "DIS"]),
        ("BMO cut CSX to Market Perform.", ["BMO", "CSX"]),
        ("Nomura and SMBC Nikko moved to Buy.", ["NMR", "SMFG"]),
        ("Its largest holding, Cameco, is up 40% this year.", ["CCJ"]),
        ("Goldman cuts Intel to Sell.", ["GS", "INTC"]),
        ("Goldman keeps Boeing at Neutral.", ["GS", "BA"]),
        ("Meanwhile CVS is up 40% this year.", ["CVS"]),
        ("We lower our estimate for Walgreens Boots Alliance.", ["WBA"]),
        ("BMO reports Tue, consensus EPS $0.41.", []),
        # an ordinary-word name opening its sentence: an earnings call's words or a quarter's
        # code in the sentence, a flat move, a report date or a company's act right after it
        ("Vertex Q2 call, Q&A.", ["VRTX"]),
        ("Snowflake earnings call: product revenue up 26%.", ["SNOW"]),
        ("Delta of the call is 0.4 and gamma is small.", []),
        ("Snowflake Q3 takeaways", ["SNOW"]),
        ("Travelers was little changed.", ["TRV"]),
        ("Best Buy is due to report on Thursday.", ["BBY"]),
        ("Vertex halted a pain-drug trial after a safety signal.", ["VRTX"]),
        ("Target missed on the top line again.", ["TGT"]),
        ("Target raised to $150.", []),
        ("Target stays at $150.", []),
        ("Target closed at $150.", []),
        # US listings the table names only with a legal suffix, or not at all
        ("Celestica, a key manufacturing partner, rose 5% after hours.", ["CLS"]),
        ("ON Semi cut its guide; Monolithic Power beat.", ["ON", "MPWR"]),
        # an ambiguous symbol where the text names its industry, not before a margin's figure
        ("Meanwhile GM raised guidance while Ford paused EV output.", ["GM", "F"]),
        ("Deere cut its outlook, and CNH is seeing the same.", ["DE", "CNH"]),
        ("Compare RH, which is still burning cash on its gallery rollout.", ["RH"]),
        ("Ford Pro revenue +8%, GM +110bp, EPS $0.47.", ["F"]),
        ("GM raised guidance for the third time this year.", []),
        ("The GM of the plant said output of pickups rose.", []),
        # an ambiguous symbol opening a recap's heading with a quarter's code; not an acronym
        ("PG FQ4 snapshot\n- Organic sales +2%", ["PG"]),
        ("GS 3Q beat check", ["GS"]),
        ("IT Q3 spending rose.", []),
        ("On the cable side, Charter shed 120,000 broadband subscribers.", ["CHTR"]),
        # a position or a trade right before an ordinary-word name opening its sentence
        ("Long Visa, short American Express.", ["V", "AXP"]),
        ("Short Chewy against a long in Tractor Supply.", ["CHWY", "TSCO"]),
    ],
)
def test_ambiguous_names_need_context(nlp: Language, text: str, expected: list[str]) -> None:
    assert symbols(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AT&amp;T and Macy’s posted results; Coca–Cola too.", ["T", "M", "KO"]),
        ("Apple\u00a0Inc. (NASDAQ:\u00a0AAPL)", ["AAPL", "AAPL"]),
        ("“Nvidia” — the chipmaker — rose", ["NVDA"]),
        ("no tickers here, just words " * 2000, []),
        ("x" * 100_000, []),
        ("(" * 500 + "AAPL" + ")" * 500, ["AAPL"]),
        ("$$$ $ $. (NYSE:) NYSE: ( ) $", []),
    ],
)
def test_bad_input(nlp: Language, text: str, expected: list[str]) -> None:
    assert symbols(nlp, text) == expected


def test_long_list_of_tickers(nlp: Language) -> None:
    listed = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "XOM", "KO"]
    text = ", ".join(listed * 50)
    mentions = found(nlp, text)
    assert [m.symbol for m in mentions] == listed * 50


def test_mentions_are_well_formed(nlp: Language) -> None:
    text = "Nvidia (NVDA) and $AAPL rose; Coca-Cola (NYSE: KO) fell. Coke lagged."
    mentions = found(nlp, text)
    assert mentions == sorted(mentions, key=lambda m: m.start)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert 0.0 <= m.confidence <= 1.0
        assert m.reason and m.method in {
            "cashtag",
            "exchange",
            "parenthesised",
            "name",
            "alias",
            "bare_symbol",
            "coreference",
        }
    assert mentions[0].name == "NVIDIA Corporation"


def test_empty_doc_gets_an_empty_list(nlp: Language) -> None:
    assert nlp("Nothing to see.")._.tickers == []


def test_pipe_matches_call(nlp: Language) -> None:
    texts = ["Apple (AAPL) rose.", "No tickers.", "$TSLA and NYSE: KO"] * 50
    piped = [d._.tickers for d in nlp.pipe(texts, batch_size=16)]
    assert piped == [nlp(t)._.tickers for t in texts]


def test_find_works_on_plain_strings() -> None:
    finder = TickerFinder()
    assert [m.symbol for m in finder.find("Nvidia (NVDA)")] == ["NVDA", "NVDA"]


@pytest.mark.parametrize(
    ("config", "text", "expected"),
    [
        ({"names": False}, "Apple and $TSLA", ["TSLA"]),
        ({"bare_symbols": False}, "NVDA and $TSLA", ["TSLA"]),
        ({"coreference": False}, "Coca-Cola said. Coke fell.", ["KO"]),
        ({"min_confidence": 0.95}, "Apple Inc. and NVDA and $TSLA", ["AAPL", "TSLA"]),
    ],
)
def test_config(config: dict, text: str, expected: list[str]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentiment_tickers", config=config)
    assert symbols(nlp, text) == expected


def test_extra_aliases_and_symbols_from_files(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("Big Blue\tIBM\nRoadrunner\tZQXJ\n", encoding="utf-8")
    extra = tmp_path / "symbols.tsv"
    extra.write_text("symbol\tname\nZQXJ\tAcme Robotics, Inc.\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "sentiment_tickers", config={"extra_aliases": str(aliases), "extra_symbols": str(extra)}
    )
    text = "Big Blue and Acme Robotics; Roadrunner too. ZQXJ rose."
    assert symbols(nlp, text) == ["IBM", "ZQXJ", "ZQXJ", "ZQXJ"]
    # the shared gazetteer is untouched
    assert symbols(spacy_default(), "Big Blue and Acme Robotics") == []


def spacy_default() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentiment_tickers")
    return nlp


def test_python_extension_on_the_component(nlp: Language) -> None:
    own = spacy_default()
    own.get_pipe("sentiment_tickers").gazetteer.add_alias("Big Blue", "IBM")
    assert symbols(own, "Big Blue rose") == ["IBM"]
    assert symbols(nlp, "Big Blue rose") == []


def test_full_pipeline() -> None:
    from sentiment.nlp import build_pipeline

    doc = build_pipeline()("Nvidia (NVDA) beat. Revenue rose 20%.")
    assert [m.symbol for m in doc._.tickers] == ["NVDA", "NVDA"]


@pytest.mark.parametrize(
    ("local", "suffix", "symbol"),
    [
        ("VOD", ".L", "VOD.L"),
        ("VOD.L", ".L", "VOD.L"),
        ("BRK-B", "", "BRK.B"),
        ("700", ".HK", "700.HK"),
        ("0700", ".HK", "700.HK"),
        ("0005.HK", ".HK", "5.HK"),
        ("005930", ".KS", "005930.KS"),
    ],
)
def test_exchange_symbol(local: str, suffix: str, symbol: str) -> None:
    assert exchange_symbol(local, suffix) == symbol


def test_acronyms_are_stop_words() -> None:
    gaz = default_gazetteer()
    assert context().acronyms and all(gaz.is_stopword(a) for a in context().acronyms)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kellanova (K) jumped 16% on the bid.", ["K", "K"]),  # a curated alias
        ("Barrick Gold (GOLD) fell 2.2%.", ["GOLD"]),  # a listed word in its own name
        ("Tyson Foods (TSN) and Yum! Brands were little changed.", ["TSN", "TSN", "YUM"]),
        ("Royal Caribbean rose 4% and Valero fell 2%.", ["RCL", "VLO"]),
    ],
)
def test_names_before_short_or_word_like_symbols(
    nlp: Language, text: str, expected: list[str]
) -> None:
    assert symbols(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Plan (B) failed, so we moved to Option (C).",  # a list's letters
        "Gold (GOLD) rose with the dollar weaker.",  # the symbol alone
        "Jane Doe (VP) and John Roe (CFO) spoke.",  # job titles
        "Wow! Great quarter.",
    ],
)
def test_parenthesised_letters_and_titles_are_no_symbols(nlp: Language, text: str) -> None:
    assert symbols(nlp, text) == []


def test_a_name_the_gazetteer_lacks_takes_a_listed_two_letter_symbol(nlp: Language) -> None:
    assert symbols(nlp, "Acme Foods (DG) rose.") == ["DG"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shipments of Nvidia-based systems slipped.", ["NVDA"]),  # a compound's name part
        ("A Tesla-led rally lifted the index.", ["TSLA"]),
        ("3M will hold its annual meeting of shareholders on May 12.", ["MMM"]),
        ("CFO, Polaris: It's mostly macro.", ["PII"]),  # a transcript's speaker label
        ("Accounts grew well ahead of Schwab's 4%.", ["SCHW"]),
    ],
)
def test_compounds_speaker_labels_and_business_cues(
    nlp: Language, text: str, expected: list[str]
) -> None:
    assert symbols(nlp, text) == expected


def test_mutual_fund_symbols_in_a_text_about_funds(nlp: Language) -> None:
    text = "FXAIX or VFIAX? Both track the S&P 500 at a few hundredths of a percent."
    mentions = found(nlp, text)
    assert [m.symbol for m in mentions] == ["FXAIX", "VFIAX"]
    assert "mutual fund symbol" in mentions[0].reason
    assert symbols(nlp, "Buy ABCDX now.") == []  # no word of funds: no fund symbol
    assert symbols(nlp, "The INDEX FUND ROSE; the index fund's FOREX desk grew.") == []


def test_the_first_part_of_a_hyphenated_name_stands_for_it_later(nlp: Language) -> None:
    text = "Parker-Hannifin agreed to buy a rival. Parker said the deal would add to earnings."
    assert symbols(nlp, text) == ["PH", "PH"]
    assert symbols(nlp, "Parker said the deal would add to earnings.") == []  # not named first


def test_a_word_like_name_before_an_analysts_noun_is_the_company(nlp: Language) -> None:
    assert symbols(nlp, "KeyBanc raises its Snowflake target to $260.") == ["KEY", "SNOW"]
    assert symbols(nlp, "The company hit its target of 5%.") == []
