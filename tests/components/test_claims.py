"""Figures, periods and claims: tables of (text, expected)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sentiment.components import claims as _claims  # noqa: F401  (registers the factory)
from sentiment.components import sentences as _sentences  # noqa: F401
from sentiment.components.claims import ClaimExtractor, load_claim_vocabulary
from sentiment.components.extensions import install_extensions
from sentiment.components.forward import load_forward_classifier
from sentiment.components.periods import load_period_finder
from sentiment.errors import ResourceError
from sentiment.figures.finder import FigureFinder, load_figure_vocabulary, parse_number
from sentiment.results import TickerMention

B, M = 1e9, 1e6


@pytest.fixture(scope="module")
def figures() -> FigureFinder:
    return FigureFinder(load_figure_vocabulary())


@pytest.fixture(scope="module")
def extractor(figures: FigureFinder) -> ClaimExtractor:
    """Rules only: forward_looking from the cue lists."""
    return ClaimExtractor(load_claim_vocabulary(), figures, load_period_finder())


@pytest.fixture(scope="module")
def shipped(extractor: ClaimExtractor) -> ClaimExtractor:
    """The shipped decider: the learned forward-looking model."""
    return ClaimExtractor(
        extractor.vocabulary,
        extractor.figures,
        extractor.periods,
        forward=load_forward_classifier(),
    )


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentiment_sentences")
    pipeline.add_pipe("sentiment_claims")
    return pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fell -24.52% in a year", [("-24.52%", -24.52, "percent", None, None)]),
        ("fell \u221224.52%", [("\u221224.52%", -24.52, "percent", None, None)]),
        ("a loss of (3.2)% on the day", [("(3.2)%", -3.2, "percent", None, None)]),
        (
            "revenue grew $5m (3.2%)",
            [("$5m", 5 * M, "money", "million", "USD"), ("3.2%", 3.2, "percent", None, None)],
        ),
        ("up +3.1% today", [("+3.1%", 3.1, "percent", None, None)]),
        ("a 5 per cent rise", [("5 per cent", 5, "percent", None, None)]),
        ("sales of $2.3 billion", [("$2.3 billion", 2.3 * B, "money", "billion", "USD")]),
        ("sales of $2.3B", [("$2.3B", 2.3 * B, "money", "billion", "USD")]),
        ("EBIT of EUR131m", [("EUR131m", 131 * M, "money", "million", "EUR")]),
        ("EBIT of EUR 131 million", [("EUR 131 million", 131 * M, "money", "million", "EUR")]),
        ("profit of Rs 10.4 crore", [("Rs 10.4 crore", 104 * M, "money", "crore", "INR")]),
        ("profit of \u20b910.4 crore", [("\u20b910.4 crore", 104 * M, "money", "crore", "INR")]),
        ("a price of $1,814", [("$1,814", 1814, "money", None, "USD")]),
        ("cash of \u00a31,814.5m", [("\u00a31,814.5m", 1814.5 * M, "money", "million", "GBP")]),
        ("Umsatz 1.814,5 EUR", [("1.814,5 EUR", 1814.5, "money", None, "EUR")]),
        ("costs of 1.814.500 euros", [("1.814.500 euros", 1814500, "money", None, "EUR")]),
        ("sales of 2,00,000 rupees", [("2,00,000 rupees", 200000, "money", None, "INR")]),
        ("dividend of 50 cents", [("50 cents", 0.5, "money", None, "USD")]),
        ("target of 450p", [("450p", 4.5, "money", None, "GBP")]),
        ("a $5-million fine", [("$5-million", 5 * M, "money", "million", "USD")]),
        ("trades at 25x earnings", [("25x", 25, "x", None, None)]),
        ("trades at 2.5 times book", [("2.5 times", 2.5, "x", None, None)]),
        ("trades at 12 times earnings", [("12 times", 12, "x", None, None)]),
        ("a cut of 200bp", [("200bp", 200, "bp", None, None)]),
        ("a cut of 200 bps", [("200 bps", 200, "bp", None, None)]),
        ("a 50-basis-point cut", [("50-basis-point", 50, "bp", None, None)]),
        ("up 3 percentage points", [("3 percentage points", 3, "pp", None, None)]),
        ("the index fell 300 points", [("300 points", 300, "points", None, None)]),
        ("EPS of 2.35", [("2.35", 2.35, "number", None, None)]),
        ("1.2 million shares", [("1.2 million", 1.2 * M, "number", "million", None)]),
        ("3,5% more", [("3,5%", 3.5, "percent", None, None)]),
        (
            "EPS to $24.60 (from $20.20)",
            [("$24.60", 24.6, "money", None, "USD"), ("$20.20", 20.2, "money", None, "USD")],
        ),
        ("sales declined 41% in Dec. 2023", [("41%", 41, "percent", None, None)]),
        # a line break of wrapped text between number and scale (corpora/examples/note.txt)
        (
            "fell 6% to $13.3\nbillion",
            [
                ("6%", 6, "percent", None, None),
                ("$13.3\nbillion", 13.3 * B, "money", "billion", "USD"),
            ],
        ),
        ("up 5\r\n  percent", [("5\r\n  percent", 5, "percent", None, None)]),
        # ... but a blank line (a new paragraph) is not crossed
        ("sales of $13.3\n\nbillion", [("$13.3", 13.3, "money", None, "USD")]),
    ],
)
def test_figures(figures: FigureFinder, text: str, expected: list[tuple]) -> None:
    found = [(f.text, f.value, f.unit, f.scale, f.currency) for f in figures.find(text)]
    assert [(t, pytest.approx(v), u, s, c) for t, v, u, s, c in expected] == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("margin of 21-23%", [("21", 21, "percent"), ("23%", 23, "percent")]),
        ("margin of 21 \u2013 23%", [("21", 21, "percent"), ("23%", 23, "percent")]),
        ("costs of $85-$95 million", [("$85", 85 * M, "money"), ("$95 million", 95 * M, "money")]),
        ("sales of $2.1bn-2.3bn", [("$2.1bn", 2.1 * B, "money"), ("2.3bn", 2.3 * B, "money")]),
        ("growth from 5 to 7%", [("5", 5, "percent"), ("7%", 7, "percent")]),
        ("between 5 and 7 percent", [("5", 5, "percent"), ("7 percent", 7, "percent")]),
        ("1.5x-2.0x leverage", [("1.5x", 1.5, "x"), ("2.0x", 2.0, "x")]),
        ("its 2024 to 5% target", [("5%", 5, "percent")]),
    ],
)
def test_ranges(figures: FigureFinder, text: str, expected: list[tuple]) -> None:
    found = [(f.text, f.value, f.unit) for f in figures.find(text)]
    assert [(t, pytest.approx(v), u) for t, v, u in expected] == found


@pytest.mark.parametrize(
    "text",
    [
        "Results on March 3, 2024 and 3 March 2024.",
        "Reported on 2024-03-03 and 03/03/2024 and 03.03.2024.",
        "In 2024 the year was fine; since 1999.",
        "Call +1 (212) 555-0100 or 212-555-0100 or 212.555.0100.",
        "Growth was strong.1 See note 3 and page 12 and Table 3.1.",
        "Figures in Q3, 3Q24, FY2025, H1 and 1H25.",
        "Sony (6758.T) and Tencent (0700.HK) rose.",
        "The call is at 10:30 a.m. or 10.30am or 4 pm ET.",
        "It sold 3 stores, 12 units and 1,000 cars.",
        "A 1-year, 5-year or 2.5-year view.",
        "COVID-19 hurt the 737-800 fleet; see the 10-K.",
        "We raised it 3 times a year.",
        "Lists such as 1,2,3% are ambiguous.",
        "Footnotes [1] and [12] apply.",
    ],
)
def test_not_figures(figures: FigureFinder, text: str) -> None:
    assert figures.find(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,814", 1814),
        ("1,814.5", 1814.5),
        ("1.814,5", 1814.5),
        ("1.814.500", 1814500),
        ("1,00,000", 100000),
        ("3.5", 3.5),
        ("1.814", 1.814),
        ("1,2,3", None),
        ("1.2.3", None),
        ("1,81", None),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    value = parse_number(text)
    assert (float(value) if value is not None else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Returns over five years were 5%.", "5Y"),
        ("Its 1-year return was 5%.", "1Y"),
        ("A 3-month return of 2%.", "3M"),
        ("Sales may grow 5% over the next two years.", "next 2Y"),
        ("Sales rose 5% in Q3.", "Q3"),
        ("Sales rose 5% in 3Q24.", "Q3 2024"),
        ("Sales rose 5% in Q3 2024.", "Q3 2024"),
        ("Sales rose 5% in the third quarter of 2024.", "Q3 2024"),
        ("Sales rose 5% in 1H25.", "H1 2025"),
        ("Sales will rise 5% in FY2025.", "FY2025"),
        ("Sales will rise 5% in FY25.", "FY2025"),
        ("Sales rose 5% in fiscal 2021.", "FY2021"),
        ("EPS of $5.10 in 2025E.", "2025E"),
        ("Sales rose 5% in 2024.", "2024"),
        ("Sales rose 5% year to date.", "YTD"),
        ("Sales should rise 5% next quarter.", "next quarter"),
        ("It returned 9% since inception.", "since inception"),
        ("It returned 18.2% over the past year.", "1Y"),
        ("Volatility was 14.8% over the trailing twelve months.", "TTM"),
        ("It has a 30-day SEC yield of 4.5%.", None),
        ("The 10-year Treasury yield fell 12bp.", None),
        ("It guided 2024 sales of $38.8 billion.", "2024"),
        ("Sales rose 5%.", None),
        ("Sales rose 5% 5 years ago.", None),
        # "end-2025" names the year; a record's base year and a spread's tenor do not.
        ("We expect rates at 3.5% by end-2025.", "2025"),
        ("Yields rose to 5.1%, the highest since 2007.", None),
        ("The 10-year OAT-Bund spread widened 8bp.", None),
        ("It raised its 2025 core FFO per share guidance to $2.05.", "2025"),
        # The period of the figure's clause, not of the next one.
        ("Sales grew 4.1% and the company expects margins to improve in 2025.", None),
        ("Profit after tax was GBP 2.5bn in H1 and it expects GBP 13.5bn for 2025.", "H1"),
        ("Sales rose 5%; margins should improve in 2025.", None),
    ],
)
def test_periods(extractor: ClaimExtractor, text: str, expected: str | None) -> None:
    claim = extractor.extract(text)
    assert claim is not None
    assert claim.period == expected


@pytest.mark.parametrize(
    ("text", "metric", "value", "unit", "direction", "forward"),
    [
        ("The expense ratio is 0.03%.", "expense ratio", 0.03, "percent", None, False),
        ("It has a dividend yield of 3.1%.", "dividend yield", 3.1, "percent", None, False),
        ("Total return was 12.4% over 5 years.", "total return", 12.4, "percent", None, False),
        ("Its annualized return is 8%.", "annualised return", 8, "percent", None, False),
        ("Max drawdown was -24.52%.", "max drawdown", -24.52, "percent", "down", False),
        ("Volatility was 15.2% last year.", "volatility", 15.2, "percent", None, False),
        ("Revenue was $2.3 billion.", "revenue", 2.3 * B, "money", None, False),
        ("Revenue rose 5% year over year.", "revenue growth", 5, "percent", "up", False),
        ("Revenue fell 5% to $2bn.", "revenue growth", 5, "percent", "down", False),
        ("EPS came in at $1.23.", "EPS", 1.23, "money", None, False),
        ("EPS of 2.35 beat.", "EPS", 2.35, "number", "up", False),
        ("Gross margin expanded 200bp.", "margin", 200, "bp", "up", False),
        ("We expect revenue of $5bn in FY2025.", "revenue", 5 * B, "money", None, True),
        ("Our price target is $210.", "price target", 210, "money", None, True),
        ("It trades at 25x earnings.", "valuation multiple", 25, "x", None, False),
        ("Net income dropped to $1.2bn.", "net income", 1.2 * B, "money", "down", False),
        ("Net debt is 2.5x EBITDA.", "debt", 2.5, "x", None, False),
        ("EPS rose from $1.20 to $1.35.", "EPS", 1.2, "money", "up", False),
        ("Margin went from 30% to 25%.", "margin", 30, "percent", "down", False),
        ("The stock returned +3.1%.", "return", 3.1, "percent", "up", False),
        ("The company guides to 21-23% margin.", "margin", 21, "percent", None, True),
        ("Sales will reach $10bn.", "revenue", 10 * B, "money", None, True),
        ("Shares were unchanged at $50.", "share price", 50, "money", "flat", False),
        ("Revenue declined 41% to $58.5 billion.", "revenue growth", 41, "percent", "down", False),
        ("It lowered its EPS guidance to $9.97.", "EPS", 9.97, "money", "down", True),
        ("It cut its revenue forecast to $51bn.", "revenue", 51 * B, "money", "down", True),
        ("RPO jumped 29% to $80 billion.", "RPO growth", 29, "percent", "up", False),
        # A verb of a percent-only metric passes over money: "returned $6bn" is no return.
        ("It returned $6bn to shareholders.", "capital return", 6 * B, "money", None, False),
        ("The fund returned 12% last year.", "return", 12, "percent", None, False),
        ("The ETF lost 11.2% this year.", "return", 11.2, "percent", "down", False),
        ("The company will buy back $10 billion of stock.", "buyback", 10 * B, "money", None, True),
        ("It repurchased $2.5 billion of shares.", "buyback", 2.5 * B, "money", None, False),
        ("The Dow fell 500 points.", "index level", 500, "points", "down", False),
        ("The Nasdaq rose 1.5%.", "return", 1.5, "percent", "up", False),
        ("The shares yield 4.1%.", "dividend yield", 4.1, "percent", None, False),
        ("The medical cost ratio rose 220bp to 85.3%.", "loss ratio", 220, "bp", "up", False),
        ("The combined ratio was 94.5%.", "combined ratio", 94.5, "percent", None, False),
        ("The CET1 ratio was 13.2%.", "CET1 ratio", 13.2, "percent", None, False),
        ("Net leverage is 2.1x.", "leverage", 2.1, "x", None, False),
        ("Like-for-like sales rose 3%.", "same-store sales", 3, "percent", "up", False),
        ("FFO per share was $1.85.", "FFO", 1.85, "money", None, False),
        ("ARR grew 34% to $3.4 billion.", "ARR growth", 34, "percent", "up", False),
        # A partnership's units yield a distribution.
        ("The units yield 8.1% today.", "dividend yield", 8.1, "percent", None, False),
        (
            "It has returned an annualised 7.2% since launch.",
            "annualised return",
            7.2,
            "percent",
            None,
            False,
        ),
        ("Mortgage rates rose to 7.1%.", "interest rate", 7.1, "percent", "up", False),
        # "discount to NAV" names no metric: the figure is a discount, not a NAV ...
        ("The closed-end fund trades at an 8% premium to NAV.", None, 8, "percent", None, False),
        # ... while the NAV itself still is one.
        ("The fund's NAV rose 3%.", "NAV", 3, "percent", "up", False),
        # A "-" phrase right after the figure describes it, whatever comes before.
        ("The shares sit at a 7% discount to net asset value.", None, 7, "percent", None, False),
        # "target" alone is a price target (and looks forward when a price precedes it) ...
        ("Our $42 target implies 9% upside.", "price target", 42, "money", None, True),
        # ... but a metric right before it wins, and a price target is a price.
        ("The free cash flow target is $3bn.", "free cash flow", 3 * B, "money", None, False),
        ("Inflation stays above the 2% target.", "inflation", 2, "percent", None, False),
        # "rate" alone is an interest rate; a metric right before it wins.
        ("The ECB cut its deposit rate by 25bp.", "interest rate", 25, "bp", "down", False),
        ("The BoE left Bank Rate at 5.25%.", "interest rate", 5.25, "percent", None, False),
        ("The occupancy rate was 96%.", "occupancy", 96, "percent", None, False),
        ("The net charge-off rate rose 20bp.", "net charge-offs", 20, "bp", "up", False),
        ("Inflation ran at an annual rate of 3.2%.", "inflation", 3.2, "percent", None, False),
        # "growth" alone is revenue growth; a metric right before it wins.
        ("Cloud growth was 24%.", "revenue growth", 24, "percent", "up", False),
        ("Loan growth was 5%.", "loan growth", 5, "percent", "up", False),
        ("GDP growth was 1.1%.", "GDP", 1.1, "percent", "up", False),
        ("Wage growth was 4%.", None, 4, "percent", "up", False),
        # A fund's charges are its expense ratio.
        ("The fund charges 0.12% a year.", "expense ratio", 0.12, "percent", None, False),
        # An economy's annualised growth is GDP, a fund's annualised figure a return.
        ("The economy grew at an annualised 1.4%.", "GDP", 1.4, "percent", "up", False),
        # Returning a share of cash flow to shareholders is a capital return.
        (
            "It plans to return 60% of free cash flow to shareholders.",
            "capital return",
            60,
            "percent",
            None,
            True,
        ),
        # "high-yield" is no yield.
        ("High-yield spreads widened 30bp.", None, 30, "bp", None, False),
        # A loss is its profit line below zero, a level with no direction of its own ...
        ("Boeing reported a net loss of $2 billion.", "net income", -2 * B, "money", None, False),
        (
            "It posted a net loss of $2.4 billion in Q4.",
            "net income",
            -2.4 * B,
            "money",
            None,
            False,
        ),
        (
            "Intel reported an operating loss of $(2.9) billion in Q2.",
            "operating income",
            -2.9 * B,
            "money",
            None,
            False,
        ),
        ("EPS was a loss of $0.12.", "EPS", -0.12, "money", None, False),
        ("The net loss per share was $0.40.", "EPS", -0.4, "money", None, False),
        (
            "It swung to a pre-tax loss of GBP 300m.",
            "pre-tax profit",
            -300 * M,
            "money",
            None,
            False,
        ),
        # ... the metric comes from the words next to the figure ...
        (
            "The airline reported a loss of $2m per day, and its shares fell -3%.",
            "net income",
            -2 * M,
            "money",
            None,
            False,
        ),
        # ... a change of a loss keeps its sign, and "a loss of 3.2%" is a fall.
        ("Net loss narrowed 20% to $1bn.", "net income", 20, "percent", None, False),
        ("The fund posted a loss of 3.2% in March.", None, 3.2, "percent", "down", False),
        ("The loss ratio rose 2 percentage points.", "loss ratio", 2, "pp", "up", False),
        # Profit before tax.
        (
            "HSBC reported a pre-tax profit of $8.5bn in H1.",
            "pre-tax profit",
            8.5 * B,
            "money",
            None,
            False,
        ),
        ("Profit before tax was $8.5bn.", "pre-tax profit", 8.5 * B, "money", None, False),
        ("PBT was GBP 1.2bn.", "pre-tax profit", 1.2 * B, "money", None, False),
        ("Pretax income was $900m.", "pre-tax profit", 900 * M, "money", None, False),
        (
            "Pre-tax profit rose 12% to GBP 2.1bn.",
            "pre-tax profit growth",
            12,
            "percent",
            "up",
            False,
        ),
        ("Profit after tax was GBP 2.5bn.", "net income", 2.5 * B, "money", None, False),
        # "up to" is a cap, not a rise; a verb of movement before it makes it one again.
        ("The bank will buy back up to $3bn of shares.", "buyback", 3 * B, "money", None, True),
        ("It may spend up to $5bn on capex.", "capex", 5 * B, "money", None, False),
        ("The unemployment rate ticked up to 3.9%.", "unemployment", 3.9, "percent", "up", False),
        ("Prices rose by up to 5%.", None, 5, "percent", "up", False),
        # A multiple written "N times" after a valuation phrase or before an estimate year.
        ("The stock trades at a P/E of 25 times.", "valuation multiple", 25, "x", None, False),
        (
            "It trades at a P/E of 25 times 2026E earnings.",
            "valuation multiple",
            25,
            "x",
            None,
            True,
        ),
        # Lagging a benchmark is a relative return, down.
        (
            "The iShares Russell 2000 ETF lagged the Vanguard S&P 500 ETF by 9 percentage points"
            " over the trailing twelve months.",
            "return",
            9,
            "pp",
            "down",
            False,
        ),
        ("The fund outpaced the S&P 500 by 2 percentage points.", "return", 2, "pp", "up", False),
    ],
)
def test_claim_fields(
    extractor: ClaimExtractor,
    text: str,
    metric: str | None,
    value: float,
    unit: str,
    direction: str | None,
    forward: bool,
) -> None:
    claim = extractor.extract(text)
    assert claim is not None
    got = (claim.metric, claim.value, claim.unit, claim.direction, claim.forward_looking)
    assert got == (metric, pytest.approx(value), unit, direction, forward)


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("We expect margins of 30%.", ("expect",)),
        ("Management guided to $5bn of sales.", ("guided", "guided to")),
        ("Sales will grow 5% next year.", ("will", "next year")),
        ("The outlook calls for 5% growth.", ("outlook",)),
        ("Sales are projected to rise 5%.", ("projected",)),
        ("Sales are forecast to rise 5%.", ("forecast",)),
        ("We see EPS of $5.10 in 2025E.", ("2025e",)),
        ("Guidance is $85-$95 million.", ("guidance", "$85-$95 million")),
        ("EPS beat the consensus estimate of $1.20.", ()),
        ("Sales were better than expected at $5bn.", ()),
        ("EPS of $1.30 beat our guidance of $1.20.", ()),
        ("Sales rose 5% in 2024.", ()),
        ("Revenue rose from $1bn to $2bn.", ()),
        # A guidance revision to a figure; guiding a metric to a figure.
        (
            "It cut its full-year EPS guidance to $4.10.",
            ("cut its full-year eps guidance to", "guidance"),
        ),
        ("It guided Q2 sales to $3.1bn.", ("guided", "guided q2 sales to")),
        ("Management now sees capex of $2bn.", ("now sees",)),
        ("EPS of $5.40 in CY2026E.", ("cy2026e",)),
        # A revision with no figure of its own is no cue for the figure.
        ("Shares fell 3% after it lowered its outlook.", ("outlook",)),
        # Guiding a metric "of" a figure; announced buybacks; updated views.
        (
            "Ford guided full-year adjusted EBIT of $7 billion.",
            ("guided", "guided full-year adjusted ebit of"),
        ),
        ("It said it will buy back up to $3bn of shares.", ("will", "will buy back")),
        ("Management now expects EPS of $5.10.", ("now expects", "expects")),
        # Cues of another clause are not the figure's.
        ("Unilever reported sales growth of 4.1% and expects margins to improve in 2025.", ()),
        ("Revenue rose 5%, while the company expects 3-4% growth next year.", ()),
        (
            "The program is midway and is expected to deliver savings of $110 million.",
            ("expected",),
        ),
    ],
)
def test_forward_cues(extractor: ClaimExtractor, text: str, cues: tuple[str, ...]) -> None:
    claim = extractor.extract(text)
    assert claim is not None
    assert (claim.cues, claim.forward_looking) == (cues, bool(cues))


# Sentences of corpora/examples/note.txt, through the shipped decider.
NOTE = "Nvidia Corp. reported third-quarter revenue of $35.1 billion, up 94% year over year"


@pytest.mark.parametrize(
    ("text", "metric", "value", "period", "forward"),
    [
        (
            f"{NOTE} and well above\nthe consensus estimate of $33.2 billion.",
            "revenue",
            35.1 * B,
            "Q3",
            False,
        ),
        (
            "NVDA trades at 32x forward earnings versus 25x for the SOXX semiconductor ETF.",
            "valuation multiple",
            32,
            None,
            False,
        ),
        ("Revenue fell 6% to $13.3\nbillion.", "revenue growth", 6, None, False),
        ("Sales were $13.3\nbillion in Q3.", "revenue", 13.3 * B, "Q3", False),
        ("We raise our price target to $165 from $150.", "price target", 165, None, True),
        ("We expect margins of 30%.", "margin", 30, None, True),
        ("We see EPS of $5.10 in 2025E.", "EPS", 5.1, "2025E", True),
        ("EPS beat the consensus estimate of $1.20.", "EPS", 1.2, None, False),
        # Guidance revisions look forward whatever the verb's tense.
        ("It cut its full-year EPS guidance to $4.10.", "EPS", 4.1, "FY", True),
        ("It raised its 2026 FFO guidance to $2.05 to $2.10.", "FFO", 2.05, "2026", True),
        ("It guided Q2 sales to $3.1bn.", "revenue", 3.1 * B, "Q2", True),
        ("Management now sees capex of $2bn.", "capex", 2 * B, None, True),
        ("We value it at 18x CY2026E EPS.", "valuation multiple", 18, "2026E", True),
        ("Shares fell 3% after it lowered its outlook.", "share price", 3, None, False),
        # A guidance revision with many words before "guidance", or a bound of it.
        (
            "It raised the top end of its EBIT guidance to $6bn.",
            "operating income",
            6 * B,
            None,
            True,
        ),
        ("It raised its 2025 core FFO per share guidance to $2.05.", "FFO", 2.05, "2025", True),
        # An announced payout change; a price before "target".
        ("Pfizer (PFE) will raise its quarterly dividend by 3%.", "dividend", 3, None, True),
        ("We cut to Sell; our EUR 31 target implies 12% downside.", "price target", 31, None, True),
        # A tenor is no period.
        ("The ten-year Treasury yield rose 12bp.", "yield", 12, None, False),
        ("The 15-year mortgage rate was 5.9%.", "interest rate", 5.9, None, False),
        ("Long-term net outflows were $3bn.", "flows", 3 * B, None, False),
        # Guiding "of" a figure; an announced buyback; an updated view (all decisive).
        (
            "Ford guided full-year adjusted EBIT of $7 billion.",
            "operating income",
            7 * B,
            "FY",
            True,
        ),
        ("HSBC said the bank will buy back up to $3bn of shares.", "buyback", 3 * B, None, True),
        ("Management now expects EPS of $5.10.", "EPS", 5.1, None, True),
        ("Revenue was above the guided range of $5bn.", "revenue", 5 * B, None, False),
        # The forward flag and the period belong to the clause of the figure.
        (
            "Unilever (LSE: ULVR) reported underlying sales growth of 4.1% and expects margins"
            " to improve in 2025.",
            "revenue growth",
            4.1,
            None,
            False,
        ),
        (
            "Lloyds (LLOY) reported statutory profit after tax of GBP 2.5bn in H1 and expects"
            " net interest income of about GBP 13.5bn for 2025.",
            "net income",
            2.5 * B,
            "H1",
            False,
        ),
        (
            "HSBC reported a pre-tax profit of $8.5bn in H1 and said the bank will buy back up"
            " to $3bn of shares.",
            "pre-tax profit",
            8.5 * B,
            "H1",
            False,
        ),
        # A list is one clause: the period and the cue reach every figure.
        (
            "We expect revenue of $5bn, EPS of $2 and margins of 30% in 2025.",
            "revenue",
            5 * B,
            "2025",
            True,
        ),
    ],
)
def test_note_claims(
    shipped: ClaimExtractor,
    text: str,
    metric: str,
    value: float,
    period: str | None,
    forward: bool,
) -> None:
    claim = shipped.extract(text)
    assert claim is not None
    got = (claim.metric, claim.value, claim.period, claim.forward_looking)
    assert got == (metric, pytest.approx(value), period, forward)
    assert bool(claim.cues) == forward


@pytest.mark.parametrize(
    "text",
    [
        "The company was founded in 1999 and has 12 offices.",
        "Results will be published on March 3, 2024.",
        "Call +1 (212) 555-0100 for details.",
        "See page 12.",
        "Q3 was strong.",
        "The meeting is at 10:30 a.m.",
        "Sony (6758.T) is a holding.",
        "Version 2.5 of the app shipped.",
        "We will see.",
    ],
)
def test_no_claim(extractor: ClaimExtractor, text: str) -> None:
    assert extractor.extract(text) is None


def test_pipeline_writes_claims_with_document_offsets(nlp: Language) -> None:
    text = (
        "Summary\n- Revenue rose 5% to $2.3bn.\n- Call us at 212-555-0100.\n\n"
        "We expect EPS of $5.10 in FY2025. The meeting is on March 3, 2024."
    )
    doc = nlp(text)
    assert [(c.text, c.metric, c.forward_looking) for c in doc._.claims] == [
        ("- Revenue rose 5% to $2.3bn.", "revenue growth", False),
        ("We expect EPS of $5.10 in FY2025.", "EPS", True),
    ]
    for claim in doc._.claims:
        assert text[claim.start : claim.end] == claim.text
        for figure in claim.figures:
            assert text[figure.start : figure.end] == figure.text


def test_no_claims_is_an_empty_list(nlp: Language) -> None:
    assert nlp("Nothing to see here.")._.claims == []
    assert nlp("")._.claims == []


def test_claims_without_segmenter() -> None:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentiment_claims")
    doc = pipeline("Revenue rose 5%. Costs fell 3%.")
    assert [c.value for c in doc._.claims] == [5.0]


def _add_tickers(doc: Doc) -> Doc:
    """A stand-in for sentiment_tickers: every capitalised all-letter word of 3-4 letters."""
    doc._.tickers = [
        TickerMention(t.text, t.text, t.idx, t.idx + len(t), "bare_symbol", 0.9)
        for t in doc
        if t.text.isalpha() and t.text.isupper() and 3 <= len(t) <= 4
    ]
    return doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AAPL rose 5%. MSFT and AAPL and NVDA fell 3%.", [("AAPL",), ("MSFT", "AAPL", "NVDA")]),
        ("AAPL is big. Sales rose 5%.", [()]),
        # A sentence that names no ticker but refers to the note's company takes the
        # ticker named last before it ...
        ("AAPL is big. The company's margin was 46%.", [("AAPL",)]),
        ("MSFT and AAPL led. We raise our target to $250.", [("AAPL",)]),
        ("AAPL rose 5%. The fund returned 8%.", [("AAPL",), ("AAPL",)]),
        # ... but not for a claim about the economy, nor without a ticker before it.
        ("AAPL is big. We expect inflation of 3%.", [()]),
        ("The company's margin was 46%. AAPL is big.", [()]),
        # A house acting on a company's target or rating comes after the company.
        ("JEFF cut its target price on NIKE to $80.", [("NIKE", "JEFF")]),
        ("BERN raised its price objective of $50 on SONY to $60.", [("SONY", "BERN")]),
        ("CITI upgraded NIKE to Buy with a $90 target.", [("NIKE", "CITI")]),
        ("CITI has a Buy rating on NIKE and a $90 target.", [("NIKE", "CITI")]),
        # ... but not a company that acts on another in other ways.
        ("SHEL cut its stake in ENEL by 5%.", [("SHEL", "ENEL")]),
        ("CITI and NIKE rose 3%.", [("CITI", "NIKE")]),
    ],
)
def test_claim_tickers(text: str, expected: list[tuple[str, ...]]) -> None:
    install_extensions()
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentiment_sentences")
    Language.component("test_fake_tickers", func=_add_tickers)
    pipeline.add_pipe("test_fake_tickers")
    pipeline.add_pipe("sentiment_claims")
    assert [c.tickers for c in pipeline(text)._.claims] == expected


@pytest.mark.parametrize(("config", "learned"), [({}, True), ({"forward_model": None}, False)])
def test_forward_model_setting(config: dict, learned: bool) -> None:
    pipeline = spacy.blank("en")
    finder = pipeline.add_pipe("sentiment_claims", config=config)
    assert (finder.extractor.forward is not None) == learned


def test_pipe_matches_call(nlp: Language) -> None:
    texts = ["Revenue rose 5%.", "No figures.", "EPS of $1.20. Margin of 30%."]
    piped = [doc._.claims for doc in nlp.pipe(texts, batch_size=2)]
    assert piped == [nlp(text)._.claims for text in texts]


def test_claim_to_dict_is_plain(nlp: Language) -> None:
    claim = nlp("Revenue rose 5% to $2.3bn.")._.claims[0]
    as_dict = claim.to_dict()
    assert as_dict["figures"][1]["currency"] == "USD"
    assert isinstance(as_dict["cues"], list)


def test_resources_dir_must_be_complete(tmp_path) -> None:
    pipeline = spacy.blank("en")
    with pytest.raises(ResourceError, match="Cannot read"):
        pipeline.add_pipe("sentiment_claims", config={"resources_dir": str(tmp_path)})


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # A number that is part of a ticker mention is a name, not a figure ...
        ("The 3M (MMM) margin guidance is 21-23% for FY2025.", ["21", "23%"]),
        ("Revenue at 3M fell 4% in the quarter.", ["4%"]),
        # ... and a sentence whose only "figure" is a name states no claim.
        ("Shares of 3M were little changed.", None),
    ],
)
def test_numbers_inside_ticker_mentions_are_not_figures(text: str, figures) -> None:
    install_extensions()
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentiment_sentences")
    pipeline.add_pipe("sentiment_tickers")
    pipeline.add_pipe("sentiment_claims")
    claims = pipeline(text)._.claims
    assert [[f.text for f in c.figures] for c in claims] == ([figures] if figures else [])


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # The primary figure of a loss is below zero in ``figures`` too; the others keep theirs.
        ("Net loss was $2bn, after a profit of $1bn.", [-2 * B, 1 * B]),
        ("Its operating loss was $(2.9) billion.", [-2.9 * B]),
        ("Revenue was $5bn.", [5 * B]),
    ],
)
def test_loss_figures(extractor: ClaimExtractor, text: str, values: list[float]) -> None:
    claim = extractor.extract(text)
    assert claim is not None
    assert [f.value for f in claim.figures] == [pytest.approx(v) for v in values]
    assert claim.value == pytest.approx(values[0])
