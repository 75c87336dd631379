"""training/short_names.py and the short names the finder reads from it."""

from __future__ import annotations

import pytest

from sentiment.gazetteer import Gazetteer
from sentiment.nlp import build_pipeline
from training.short_names import candidates


def _row(
    symbol: str,
    core: str,
    tier: str = "1",
    exchange: str = "NASDAQ",
    country: str = "United States",
) -> dict[str, str]:
    return {
        "symbol": symbol,
        "core": core,
        "tier": tier,
        "exchange": exchange,
        "kind": "stock",
        "country": country,
    }


def test_a_company_domiciled_abroad_with_its_own_us_line_gets_short_names() -> None:
    table = [
        _row("FN", "Fabrinet", tier="3", exchange="NYSE", country="Cayman Islands"),
        _row("NVT", "nVent Electric", tier="3", exchange="NYSE", country="United Kingdom"),
        _row("SAP.DE", "SAP", tier="3", exchange="XETRA", country="Germany"),  # no US line
        _row("TTC", "Toro Company"),
        _row("TORO", "Toro Corp", tier="3", exchange="NASDAQ", country="Cyprus"),
    ]
    found = candidates(table)
    assert found["Fabrinet"] == "FN" and found["nVent Electric"] == "NVT"
    assert found["Toro"] == "TTC"  # a name shared with a company abroad stays the US one's
    assert "SAP" not in found


def test_a_second_line_of_the_same_company_makes_no_namesake() -> None:
    table = [
        _row("LITE", "Lumentum Holdings", tier="2"),
        _row("LITEV", "Lumentum Holdings", tier="3"),
        _row("VAC", "Marriott Vacations Worldwide"),
        _row("MAR", "Marriott International"),  # two companies: "Marriott" is ambiguous
    ]
    found = candidates(table)
    assert found["Lumentum"] == "LITE" and "Marriott" not in found


def test_candidates_are_first_words_unique_among_us_companies() -> None:
    table = [
        _row("AXON", "Axon Enterprise"),
        _row("AXN.TA", "Axon Vision", tier="3", exchange="TASE"),  # abroad: no conflict
        _row("GM", "General Motors"),
        _row("GE", "General Electric"),  # "General" starts two: ambiguous
        _row("SJM", "J. M. Smucker"),  # initials skipped
        _row("WING", "Wingstop", tier="2"),  # one word outside the indices
        _row("KO", "Coca-Cola"),  # one word of an index member: matched already
        _row("OTC1", "Obscure Holdings", tier="3", exchange="OTC"),
    ]
    assert candidates(table) == {"Axon": "AXON", "Smucker": "SJM", "Wingstop": "WING"}
    # a core of two or more words outside the indices is a name of its own, whole
    rocket = candidates([*table, _row("RKT", "Rocket Companies", tier="2", exchange="NYSE")])
    assert rocket["Rocket Companies"] == "RKT" and rocket["Rocket"] == "RKT"


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wingstop rose 12% after same-store sales climbed.", ["WING"]),
        ("Smucker lost 3% on weak volumes.", ["SJM"]),
        ("Axon hit a record high.", ["AXON"]),
        ("Toast climbed 9% after the upgrade; Toast (TOST) shares led.", ["TOST"]),
        ("We had toast and coffee before the call.", []),  # an ordinary word needs evidence
        ("Acme Robotics raised its outlook.", []),  # a short name starting another name
    ],
)
def test_short_names_are_found(nlp, text: str, expected: list[str]) -> None:
    assert sorted({m.symbol for m in nlp(text)._.tickers}) == expected


def test_the_short_names_can_be_left_out() -> None:
    # without them "Wingstop" is a name that needs its legal suffix ("Wingstop Inc.")
    assert not Gazetteer.load().name("wingstop").needs_suffix
    assert Gazetteer.load(short_names=False).name("wingstop").needs_suffix


def test_a_delisted_namesake_does_not_make_an_index_members_first_word_ambiguous() -> None:
    table = [
        _row("VLO", "Valero Energy", exchange="NYSE"),
        _row("VLP", "Valero Energy Partners", tier="3", exchange="NYSE"),
        _row("HESM", "Hess Midstream", tier="2", exchange="NYSE"),  # not an index member:
        _row("HES", "Hess", tier="3", exchange="NYSE"),  # its namesake still counts
    ]
    assert candidates(table) == {"Valero": "VLO", "Hess Midstream": "HESM"}


def test_two_words_stand_in_where_an_index_members_first_word_is_shared() -> None:
    table = [
        _row("RCL", "Royal Caribbean Cruises", exchange="NYSE"),
        _row("RGLD", "Royal Gold"),
        _row("PEG", "Public Service Enterprise Group", exchange="NYSE"),
        _row("PNM", "Public Service Company", tier="2", exchange="NYSE"),
    ]
    rare = {"caribbean"}.__contains__
    found = candidates(table, rare)
    assert found["Royal Caribbean"] == "RCL"
    assert "Public Service" not in found  # two common words: no stand-in


def test_a_core_without_its_designator_and_a_two_word_stand_in_for_a_common_first_word() -> None:
    table = [
        _row("LECO", "Lincoln Electric Holdings", tier="2"),
        _row("LNC", "Lincoln National", exchange="NYSE"),
        _row("AFG", "American Financial Group", exchange="NYSE"),
        _row("AAL", "American Airlines Group"),
        _row("MLM", "Martin Marietta Materials", exchange="NYSE"),
    ]
    found = candidates(
        table,
        lambda word: word.lower() == "marietta",
        lambda word: word.lower() not in {"american", "financial"},
    )
    assert found["Lincoln Electric"] == "LECO" and found["American Airlines"] == "AAL"
    assert "American Financial" not in found  # only the most common words left
    assert found["Martin Marietta"] == "MLM"  # "Martin" alone is too common a word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares of Lincoln Electric rose 3% after earnings.", ["LECO"]),
        ("Martin Marietta trades at 14x forward earnings.", ["MLM"]),
        ("- Lennox: volumes are worse than its guide implies.", ["LII"]),  # a bullet's label
        ("Hammond Power Solutions declares a dividend.", []),  # the end of another's name
        ("Airlines rallied: Delta rose 4% and American Airlines 6%.", ["AAL", "DAL"]),
        ("Delta variant cases rose.", []),
        ("Thermo Fisher raised its outlook; shares of Regions fell 2%.", ["RF", "TMO"]),
        ("Fed's Williams says policy is in a good place.", []),
        ("Mongo's Atlas growth reaccelerated to 29%.", []),  # a product after a possessive
        ("Vertex: Journavx scripts are tracking ahead of our model.", ["VRTX"]),  # a label
        ("Target: $150 from $140.", []),  # a figure after the colon: a price target
        ("Chewy - 1Q recap: customer growth is back", ["CHWY"]),  # a label and a dash
        ("Target - $150 from $140.", []),  # a price after the dash
        ("Share losses to BRP (DOOO) continued.", ["DOOO"]),  # a listing only an alias adds
        ("American Airlines, our least preferred carrier, reports later.", ["AAL"]),
        ("The iShares 20+ Year Treasury Bond ETF fell 2%.", ["TLT"]),  # a plus inside a name
        ("The iShares iBoxx $ High Yield Corporate Bond ETF fell.", ["HYG"]),
        ("ING Groep reports Q4 results.", ["ING"]),  # the US line of a foreign company
        ("Viking Line's cargo revenue rose 5%.", []),  # a ferry line, no Viking Holdings
    ],
)
def test_shorter_names_are_found_with_their_evidence(nlp, text: str, expected: list[str]) -> None:
    assert sorted({m.symbol for m in nlp(text)._.tickers}) == expected
