"""Figure-level attribution: (text, expected figure rows) for each pattern of issue 24.

Each row is (figure as written, ticker, metric, period, role), in sentence order; the rules
are those of corpora/claims/FIGURES.md. The texts are our own.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sentiment import Analyzer
from sentiment.components.figure_rules import load_figure_rules
from sentiment.errors import ResourceError
from sentiment.results import Claim, Figure
from sentiment.wordlists import resource_path

Row = tuple[str, str | None, str | None, str | None, str]

ISSUE = (
    "XLK returned 22.1% over the past year versus 9.8% for XLE, with a smaller maximum "
    "drawdown of -12.0% against -18.5%, and it yields 0.6% compared with 3.2% for XLE."
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def rows(analyzer: Analyzer, text: str) -> list[Row]:
    return [
        (" ".join(f.text.split()), f.ticker, f.metric, f.period, f.role)
        for claim in analyzer.find_claims(text)
        for f in claim.figures
    ]


PATTERNS: dict[str, tuple[str, list[Row]]] = {
    "the issue's example: six rows": (
        ISSUE,
        [
            ("22.1%", "XLK", "return", "1Y", "current"),
            ("9.8%", "XLE", "return", "1Y", "current"),
            ("-12.0%", "XLK", "max drawdown", "1Y", "current"),
            ("-18.5%", "XLE", "max drawdown", "1Y", "current"),
            ("0.6%", "XLK", "dividend yield", None, "current"),
            ("3.2%", "XLE", "dividend yield", None, "current"),
        ],
    ),
    "A x% versus y% for B": (
        "VTI returned 12.4% in 2024 versus 1.3% for AGG.",
        [
            ("12.4%", "VTI", "return", "2024", "current"),
            ("1.3%", "AGG", "return", "2024", "current"),
        ],
    ),
    "x% and y% respectively": (
        "XLK and XLE returned 22.1% and 9.8%, respectively, over the past year.",
        [("22.1%", "XLK", "return", "1Y", "current"), ("9.8%", "XLE", "return", "1Y", "current")],
    ),
    "three tickers respectively": (
        "VOO, IWM and SPY charge expense ratios of 0.03%, 0.19% and 0.09%, respectively.",
        [
            ("0.03%", "VOO", "expense ratio", None, "current"),
            ("0.19%", "IWM", "expense ratio", None, "current"),
            ("0.09%", "SPY", "expense ratio", None, "current"),
        ],
    ),
    "a later list goes to the same tickers": (
        "Visa (V) and Mastercard (MA) grew revenue 11% and 14%, respectively, with margins of "
        "66% and 57%.",
        [
            ("11%", "V", "revenue growth", None, "current"),
            ("14%", "MA", "revenue growth", None, "current"),
            ("66%", "V", "margin", None, "current"),
            ("57%", "MA", "margin", None, "current"),
        ],
    ),
    "A's x% against B's y%": (
        "XLK's 22.1% return against XLE's 9.8% was the widest gap in years.",
        [("22.1%", "XLK", "return", None, "current"), ("9.8%", "XLE", "return", None, "current")],
    ),
    "the metric carries over to the second figure": (
        "SPY beat QQQ over the year, with a smaller drawdown of -18.2% versus -32.6%.",
        [
            ("-18.2%", "SPY", "max drawdown", None, "current"),
            ("-32.6%", "QQQ", "max drawdown", None, "current"),
        ],
    ),
    "the other ticker from an earlier sentence": (
        "QQQ fell hard in 2022. SPY held up better, with a smaller drawdown of -18.2% versus "
        "-32.6%.",
        [
            ("-18.2%", "SPY", "max drawdown", None, "current"),
            ("-32.6%", "QQQ", "max drawdown", None, "current"),
        ],
    ),
    "growth of an investment: start and two ends": (
        "$1,000 grew to $1,814 in QQQ versus $1,294 in SPY.",
        [
            ("$1,000", "QQQ", None, None, "start"),
            ("$1,814", "QQQ", None, None, "current"),
            ("$1,294", "SPY", None, None, "current"),
        ],
    ),
    "a start written for two funds is neither's": (
        "$10,000 in VOO and in IWM would be worth $18,400 and $14,700, respectively.",
        [
            ("$10,000", None, None, None, "start"),
            ("$18,400", "VOO", None, None, "current"),
            ("$14,700", "IWM", None, None, "current"),
        ],
    ),
    "a table flattened into text": (
        "Expense ratios: VOO 0.03% | IWM 0.19% | SPY 0.09%.",
        [
            ("0.03%", "VOO", "expense ratio", None, "current"),
            ("0.19%", "IWM", "expense ratio", None, "current"),
            ("0.09%", "SPY", "expense ratio", None, "current"),
        ],
    ),
    "a table with a header of two columns": (
        "Expense ratio / 3Y annualised return: VTI 0.03% / 8.1% | ITOT 0.03% / 8.0%",
        [
            ("0.03%", "VTI", "expense ratio", None, "current"),
            ("8.1%", "VTI", "annualised return", "3Y", "current"),
            ("0.03%", "ITOT", "expense ratio", None, "current"),
            ("8.0%", "ITOT", "annualised return", "3Y", "current"),
        ],
    ),
    "tickers named only by their fund names": (
        "The Vanguard S&P 500 ETF returned 14.5% over five years, while the iShares Russell "
        "2000 ETF returned 7.9%.",
        [("14.5%", "VOO", "return", "5Y", "current"), ("7.9%", "IWM", "return", "5Y", "current")],
    ),
    "a ticker named only in an earlier sentence": (
        "We initiate on CrowdStrike (CRWD). Revenue grew 22% to $1.1 billion in Q2.",
        [
            ("22%", "CRWD", "revenue growth", "Q2", "current"),
            ("$1.1 billion", "CRWD", "revenue", "Q2", "current"),
        ],
    ),
    "a prior period's figure": (
        "Apple (AAPL) reported EPS of $1.52 in Q3 versus $1.39 a year ago.",
        [("$1.52", "AAPL", "EPS", "Q3", "current"), ("$1.39", "AAPL", "EPS", "Q3", "prior")],
    ),
    "rose to X from Y is current and prior": (
        "Coca-Cola (KO) revenue rose to $12.4 billion from $11.9 billion.",
        [
            ("$12.4 billion", "KO", "revenue", None, "current"),
            ("$11.9 billion", "KO", "revenue", None, "prior"),
        ],
    ),
    "a consensus figure": (
        "Microsoft (MSFT) posted revenue of $65.6 billion, ahead of the $64.5 billion consensus.",
        [
            ("$65.6 billion", "MSFT", "revenue", None, "current"),
            ("$64.5 billion", "MSFT", "revenue", None, "estimate"),
        ],
    ),
    "a price target revised: to and from": (
        "Morgan Stanley raised its price target on Tesla (TSLA) to $400 from $350.",
        [
            ("$400", "TSLA", "price target", None, "to"),
            ("$350", "TSLA", "price target", None, "from"),
        ],
    ),
    "a single price target": (
        "Goldman Sachs set a $265 price target on Apple (AAPL).",
        [("$265", "AAPL", "price target", None, "target")],
    ),
    "a range": (
        "Walmart (WMT) guided fiscal 2026 EPS of $2.50 to $2.60.",
        [
            ("$2.50", "WMT", "EPS", "FY2026", "range_low"),
            ("$2.60", "WMT", "EPS", "FY2026", "range_high"),
        ],
    ),
    "an index's figure is a comparison with no ticker": (
        "VOO returned 14.5% over five years against 14.6% for the S&P 500.",
        [
            ("14.5%", "VOO", "return", "5Y", "current"),
            ("14.6%", None, "return", "5Y", "comparison"),
        ],
    ),
    "the economy's figures belong to no ticker": (
        "Apple (AAPL) shares rose 2% as inflation eased to 2.9% in May.",
        [
            ("2%", "AAPL", "share price", None, "current"),
            ("2.9%", None, "inflation", None, "current"),
        ],
    ),
    "a multiple takes the period of its earnings": (
        "IWM trades at 14x 2026E earnings versus 21x for SPY.",
        [
            ("14x", "IWM", "valuation multiple", "2026E", "current"),
            ("21x", "SPY", "valuation multiple", "2026E", "current"),
        ],
    ),
    "a later multiple takes the earlier multiple's period": (
        "Caterpillar (CAT) trades at 22x 2026E EPS, a premium to Deere (DE) at 20x.",
        [
            ("22x", "CAT", "valuation multiple", "2026E", "current"),
            ("20x", "DE", "valuation multiple", "2026E", "current"),
        ],
    ),
    "profit a share is EPS, also when carried to the estimate": (
        "Caterpillar (CAT) earned $4.95 a share against $4.60 expected.",
        [("$4.95", "CAT", "EPS", None, "current"), ("$4.60", "CAT", "EPS", None, "estimate")],
    ),
    "a return a year is annualised": (
        "Over ten years, SCHD returned 11.0% a year, against 12.9% for VOO.",
        [
            ("11.0%", "SCHD", "annualised return", "10Y", "current"),
            ("12.9%", "VOO", "annualised return", "10Y", "current"),
        ],
    ),
    "a range's high end keeps what a qualifier gave way to": (
        "Deere (DE) narrowed its 2025 net income guidance to $4.75 billion to $5.25 billion.",
        [
            ("$4.75 billion", "DE", "net income", "2025", "range_low"),
            ("$5.25 billion", "DE", "net income", "2025", "range_high"),
        ],
    ),
    "an index's yield set against a fund's is a dividend yield too": (
        "XLU yields 2.9%, against 1.3% for the S&P 500.",
        [
            ("2.9%", "XLU", "dividend yield", None, "current"),
            ("1.3%", None, "dividend yield", None, "comparison"),
        ],
    ),
    "a fund named by its current name, with a phrase after the name": (
        "The Invesco S&P 500 Low Volatility ETF yields 2.4%, versus 1.3% for SPY.",
        [
            ("2.4%", "SPLV", "dividend yield", None, "current"),
            ("1.3%", "SPY", "dividend yield", None, "current"),
        ],
    ),
    "a growth rate year over year takes the period of the amount after it": (
        "Caterpillar (CAT) revenue grew 12% year over year to $16.1 billion in Q3.",
        [
            ("12%", "CAT", "revenue growth", "Q3", "current"),
            ("$16.1 billion", "CAT", "revenue", "Q3", "current"),
        ],
    ),
    "a trailing-twelve-month multiple": (
        "Caterpillar (CAT) trades at 18x trailing-twelve-month earnings.",
        [("18x", "CAT", "valuation multiple", "TTM", "current")],
    ),
    "every later list goes to the tickers of the respectively": (
        "Deere (DE) and AGCO (AGCO) grew sales 4% and 2%, respectively, with margins of 19% "
        "and 8%, and trade at 22x and 12x forward earnings.",
        [
            ("4%", "DE", "revenue growth", None, "current"),
            ("2%", "AGCO", "revenue growth", None, "current"),
            ("19%", "DE", "margin", None, "current"),
            ("8%", "AGCO", "margin", None, "current"),
            ("22x", "DE", "valuation multiple", None, "current"),
            ("12x", "AGCO", "valuation multiple", None, "current"),
        ],
    ),
    "a peer median and a benchmark beside a ticker's figure are comparisons": (
        "Deere (DE) trades at 22x 2026E EPS, above the 18x peer median, and returned 9.1% over "
        "the past year, against 7.5% for its benchmark.",
        [
            ("22x", "DE", "valuation multiple", "2026E", "current"),
            ("18x", None, "valuation multiple", "2026E", "comparison"),
            ("9.1%", "DE", "return", "1Y", "current"),
            ("7.5%", None, "return", "1Y", "comparison"),
        ],
    ),
    "a price target, up from the old one": (
        "Jefferies upgraded Deere (DE) to Buy with a $560 price target, up from $480.",
        [("$560", "DE", "price target", None, "to"), ("$480", "DE", "price target", None, "from")],
    ),
    "the figure of a fund named after it": (
        "SPLV had a maximum drawdown of -6.4%, less than half the -14.2% of the Invesco QQQ Trust.",
        [
            ("-6.4%", "SPLV", "max drawdown", None, "current"),
            ("-14.2%", "QQQ", "max drawdown", None, "current"),
        ],
    ),
    "a launch is the start of since inception": (
        "Since its 2024 launch, $10,000 in FBTC has grown to $21,500.",
        [
            ("$10,000", "FBTC", None, "since inception", "start"),
            ("$21,500", "FBTC", None, "since inception", "current"),
        ],
    ),
    "a list set against as many figures takes their metrics in order": (
        "SPYD yields 4.5% and charges 0.07%, against 3.1% and 0.35% for DVY.",
        [
            ("4.5%", "SPYD", "dividend yield", None, "current"),
            ("0.07%", "SPYD", "expense ratio", None, "current"),
            ("3.1%", "DVY", "dividend yield", None, "current"),
            ("0.35%", "DVY", "expense ratio", None, "current"),
        ],
    ),
    "fee income and assets under custody": (
        "Citigroup reported advisory fees of $410 million, and Morgan Stanley's assets under "
        "custody reached $3.2 trillion.",
        [
            ("$410 million", "C", "fee income", None, "current"),
            ("$3.2 trillion", "MS", "AUM", None, "current"),
        ],
    ),
    "money a fund took in is flows, its assets AUM": (
        "JEPI took in $2.1 billion, lifting its assets to $41.5 billion.",
        [
            ("$2.1 billion", "JEPI", "flows", None, "current"),
            ("$41.5 billion", "JEPI", "AUM", None, "current"),
        ],
    ),
    "a fund that is up has a return; revenue that is up grew": (
        "Year to date, ARKK is up 21.4% and revenue at Tesla is up 3%.",
        [
            ("21.4%", "ARKK", "return", "YTD", "current"),
            ("3%", "TSLA", "revenue growth", "YTD", "current"),
        ],
    ),
    "an annualised rate after the figure gives way to GDP before it": (
        "Japan's GDP grew at a 2.2% annualised rate in the third quarter.",
        [("2.2%", None, "GDP", "Q3", "current")],
    ),
    "a target after the figure does not give way to a metric further back": (
        "Amazon (AMZN) is our top pick at 33x our 2026E EPS, while Walmart (WMT) gets a $115 "
        "target.",
        [
            ("33x", "AMZN", "valuation multiple", "2026E", "current"),
            ("$115", "WMT", "price target", None, "target"),
        ],
    ),
}


@pytest.mark.parametrize(("text", "expected"), PATTERNS.values(), ids=PATTERNS.keys())
def test_figure_rows(analyzer: Analyzer, text: str, expected: list[Row]) -> None:
    assert rows(analyzer, text) == expected


def test_the_claim_keeps_its_own_fields(analyzer: Analyzer) -> None:
    """The figure attribution adds fields; the claim's headline stays as it was."""
    (claim,) = analyzer.find_claims(ISSUE)
    assert (claim.metric, claim.value, claim.period, claim.tickers) == (
        "return",
        22.1,
        "1Y",
        ("XLK", "XLE"),
    )
    assert [f.text for f in claim.figures] == ["22.1%", "9.8%", "-12.0%", "-18.5%", "0.6%", "3.2%"]


def test_claims_round_trip_through_json(analyzer: Analyzer) -> None:
    claims = analyzer.find_claims(ISSUE + " VOO's expense ratio is 0.03% versus 0.19% for IWM.")
    loaded = json.loads(json.dumps([c.to_dict() for c in claims]))
    rebuilt = [
        Claim(
            **{
                **data,
                "tickers": tuple(data["tickers"]),
                "cues": tuple(data["cues"]),
                "figures": tuple(Figure(**f) for f in data["figures"]),
            }
        )
        for data in loaded
    ]
    assert rebuilt == claims
    assert loaded[0]["figures"][1] == {
        "text": "9.8%",
        "start": 45,
        "end": 49,
        "value": 9.8,
        "unit": "percent",
        "scale": None,
        "currency": None,
        "ticker": "XLE",
        "metric": "return",
        "period": "1Y",
        "role": "current",
    }


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """A copy of the shipped figure and claim data files in one folder."""
    for folder in ("figures", "claims"):
        for path in resource_path(folder).iterdir():
            if path.is_file():
                shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_a_copied_folder_loads_the_same(resources: Path) -> None:
    copied, shipped = load_figure_rules(resources), load_figure_rules()
    assert copied.joins.keys == shipped.joins.keys and copied.owners == shipped.owners
    assert {k: v.keys for k, v in copied.cues.items()} == {
        k: v.keys for k, v in shipped.cues.items()
    }
    assert (copied.point_in_time, copied.revised, copied.owned, copied.after) == (
        shipped.point_in_time,
        shipped.revised,
        shipped.owned,
        shipped.after,
    )
    assert "price target" in shipped.revised and shipped.owned["yield"] == "dividend yield"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("figure_roles.tsv", "soon\tlater\n", "unknown kind 'soon'"),
        ("figure_owners.tsv", "above\tfor\n", "unknown set 'above'"),
        ("figure_owners.tsv", "after\t(for\n", "bad pattern"),
        ("figure_metrics.tsv", "point_in_time\tweather\n", "'weather' is not in metrics.tsv"),
        ("figure_metrics.tsv", "owned\tyield\tpayout\n", "not in metrics.tsv"),
        ("figure_metrics.tsv", "forever\tyield\n", "unknown kind 'forever'"),
        ("figure_metrics.tsv", "after\treturn\tannualised return\n", "'after' needs"),
        ("figure_metrics.tsv", "after\treturn\tcagr\ta year\n", "'after' needs"),
    ],
)
def test_bad_edits_fail_clearly(resources: Path, name: str, content: str, message: str) -> None:
    (resources / name).write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_figure_rules(resources)
