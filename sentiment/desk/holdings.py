"""Holdings files for the portfolio view: a CSV (or TSV) of tickers with their weights.

The first line that is not blank and not a ``#`` comment is the header (cells split at
commas; at semicolons when the header has no comma; at tabs in a ``.tsv``). It names a ticker
column (``ticker`` or ``symbol``) and what each holding is worth, the first of these that
it has: ``weight`` (a fraction, a number or a percentage such as ``12.5%``), ``market_value``
(or ``value``, ``mv``), or ``shares`` (or ``quantity``, ``qty``) with a ``price`` column.
Other columns (a name, a sector) are ignored. Weights are normalised to sum to 1.

Tickers are checked against the gazetteer: ``AAPL``, ``$AAPL``, ``brk-b`` (BRK.B), an
exchange-qualified ``LSE:VOD`` (VOD.L) or ``NASDAQ: AAPL`` and an old symbol (FB -> META)
all resolve to the gazetteer's symbol. Every fault is a :class:`PortfolioError` naming the
file and the line: an unknown ticker (with close matches), a duplicate, a missing, negative
or non-numeric amount, a zero total, an empty file, a header without the columns needed.
"""

from __future__ import annotations

import csv
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sentiment.errors import PortfolioError
from sentiment.gazetteer import Gazetteer, exchange_symbol

# Header names of each column (compared lower-case, runs of other characters as one "_",
# so "Market Value ($)" is market_value). The first basis the header has is used.
SYMBOL_COLUMNS = ("ticker", "symbol")
BASIS_COLUMNS = {
    "weight": ("weight",),
    "market_value": ("market_value", "value", "mv"),
    "shares": ("shares", "quantity", "qty"),
}
PRICE_COLUMNS = ("price", "last_price", "close")
TAB_SUFFIXES = (".tsv", ".tab")
_EXCHANGE_FORM = re.compile(r"([A-Za-z][A-Za-z0-9 \-]*?)\s*[:：]\s*(\S+)")
_NUMBER_JUNK = str.maketrans("", "", " _,$€£¥")
_SYMBOL_CHARS = string.ascii_uppercase + string.digits + "."
SUGGESTIONS = 3


@dataclass(frozen=True)
class Holding:
    """One line of a holdings file: the gazetteer symbol, its weight (normalised: all sum
    to 1), the amount the file gave (weight, market value, or shares x price), the ticker as
    written, its line and the company's name."""

    symbol: str
    weight: float
    amount: float
    given: str
    line: int
    name: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            "symbol": self.symbol,
            "weight": round(self.weight, 6),
            "amount": self.amount,
            "given": self.given,
            "line": self.line,
            "name": self.name,
        }


@dataclass(frozen=True)
class Holdings:
    """The holdings of a file, in file order; ``basis`` is the column their weights come
    from (weight, market_value or shares)."""

    path: str
    basis: str
    holdings: tuple[Holding, ...]

    @property
    def symbols(self) -> frozenset[str]:
        """The symbols held."""
        return frozenset(h.symbol for h in self.holdings)

    def weight(self, symbol: str) -> float:
        """The weight of ``symbol`` (0 when it is not held)."""
        return next((h.weight for h in self.holdings if h.symbol == symbol), 0.0)

    def __iter__(self) -> Iterator[Holding]:
        return iter(self.holdings)

    def __len__(self) -> int:
        return len(self.holdings)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            "path": self.path,
            "basis": self.basis,
            "holdings": [h.to_dict() for h in self.holdings],
        }


def read_holdings(path: str | Path, *, gazetteer: Gazetteer | None = None) -> Holdings:
    """Read a holdings file (see the module's docstring); PortfolioError naming the file
    and line for anything it cannot use. ``gazetteer`` defaults to the shipped one."""
    path = Path(path)
    if gazetteer is None:
        from sentiment.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    lines, delimiter = _data_lines(path)
    if not lines:
        raise PortfolioError(f"{path}: no holdings; the file is empty")
    header_line, header = lines[0]
    columns = {**_columns(path, header_line, header), "decimal_comma": delimiter == ";"}
    raw = [_row(path, number, cells, columns) for number, cells in lines[1:]]
    if not raw:
        raise PortfolioError(f"{path}: no holdings under the header on line {header_line}")
    seen: dict[str, int] = {}
    found = []
    for number, given, amount in raw:
        symbol = resolve_holding(given, gazetteer)
        if symbol is None:
            raise PortfolioError(f"{path}, line {number}: {_unknown(given, gazetteer)}")
        if symbol in seen:
            also = "" if given.strip().upper() == symbol else f" ({symbol})"
            raise PortfolioError(
                f"{path}, line {number}: duplicate ticker {given!r}{also}, "
                f"already on line {seen[symbol]}"
            )
        seen[symbol] = number
        found.append((symbol, amount, given, number))
    total = sum(amount for _, amount, _, _ in found)
    if total <= 0:
        raise PortfolioError(
            f"{path}: the holdings add up to zero ({columns['basis']}); nothing to weigh them by"
        )
    holdings = tuple(
        Holding(symbol, amount / total, amount, given, number, _name(symbol, gazetteer))
        for symbol, amount, given, number in found
    )
    return Holdings(str(path), columns["basis"], holdings)


def resolve_holding(text: str, gazetteer: Gazetteer) -> str | None:
    """The gazetteer symbol of a ticker as a holdings file writes it (``$aapl``, ``BRK-B``,
    ``BRK/B``, ``LSE:VOD``, ``NASDAQ: AAPL``, a renamed ``FB``), or None when it knows none."""
    raw = " ".join(text.split()).lstrip("$")
    exchange = _EXCHANGE_FORM.fullmatch(raw)
    if exchange:
        suffix = gazetteer.exchange_suffix(exchange.group(1))
        if suffix is None:
            return None
        raw = exchange_symbol(exchange.group(2).upper(), suffix)
    symbol = raw.upper()
    for candidate in (symbol, symbol.replace("-", ".").replace("/", ".")):
        if candidate in gazetteer:
            return gazetteer.current(candidate)
    return None


# ----- reading ---------------------------------------------------------------------------
def _data_lines(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """(line number, cells) of each line that is not blank or a ``#`` comment, and the
    delimiter."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PortfolioError(f"{path}: no such holdings file") from None
    except IsADirectoryError:
        raise PortfolioError(f"{path}: is a directory, not a holdings file") from None
    except UnicodeDecodeError:
        raise PortfolioError(f"{path}: not a text file (a CSV in UTF-8 is expected)") from None
    except OSError as exc:
        raise PortfolioError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    delimiter = _delimiter(path, lines[0][1] if lines else "")
    return [
        (number, [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))])
        for number, line in lines
    ], delimiter


def _delimiter(path: Path, header: str) -> str:
    """A tab for .tsv; else a comma, or a semicolon when the header has one and no comma
    (a CSV saved by a spreadsheet set to a European locale)."""
    if path.suffix.lower() in TAB_SUFFIXES:
        return "\t"
    return ";" if ";" in header and "," not in header else ","


def _column_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _columns(path: Path, number: int, header: list[str]) -> dict[str, Any]:
    """Where the ticker, the amount (and the price) are: {"symbol": i, "basis": name,
    "amount": i, "price": i or None}."""
    keys = [_column_key(cell) for cell in header]

    def find(names: tuple[str, ...]) -> int | None:
        return next((keys.index(n) for n in names if n in keys), None)

    symbol = find(SYMBOL_COLUMNS)
    basis = next((b for b, names in BASIS_COLUMNS.items() if find(names) is not None), None)
    if symbol is None or basis is None:
        lacking = "ticker column" if symbol is None else "weight, market_value or shares column"
        raise PortfolioError(
            f"{path}, line {number}: the header has no {lacking}; it needs "
            "ticker (or symbol) and one of weight, market_value (or value) or shares with "
            f"price; found {', '.join(header) or 'nothing'}"
        )
    price = find(PRICE_COLUMNS)
    if basis == "shares" and price is None:
        raise PortfolioError(
            f"{path}, line {number}: shares need a price column to weigh the holdings "
            "(or give weight or market_value instead)"
        )
    return {"symbol": symbol, "basis": basis, "amount": find(BASIS_COLUMNS[basis]), "price": price}


def _row(path: Path, number: int, cells: list[str], columns: dict[str, Any]) -> tuple:
    """(line, ticker as written, amount) of one data line."""

    def cell(index: int) -> str:
        return cells[index] if index < len(cells) else ""

    given = cell(columns["symbol"])
    if not given:
        raise PortfolioError(f"{path}, line {number}: missing ticker")
    basis = columns["basis"]
    comma = columns["decimal_comma"]
    amount = _amount(path, number, given, basis, cell(columns["amount"]), comma)
    if basis == "shares":
        amount *= _amount(path, number, given, "price", cell(columns["price"]), comma)
    return number, given, amount


def _amount(
    path: Path, number: int, given: str, column: str, text: str, decimal_comma: bool
) -> float:
    """A cell's number: ``1,250.5``, ``$300``, ``12.5%`` (a percentage: 0.125); with
    ``decimal_comma`` (a semicolon file), ``1.250,5`` and ``12,5%``."""
    where = f"{path}, line {number}"
    if not text:
        raise PortfolioError(f"{where}: missing {column} for {given}")
    plain = text
    if decimal_comma and "," in text:
        plain = text.replace(".", "").replace(",", ".")
    plain = plain.translate(_NUMBER_JUNK)
    percent = plain.endswith("%")
    try:
        value = float(plain.removesuffix("%"))
    except ValueError:
        raise PortfolioError(f"{where}: {column} {text!r} of {given} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise PortfolioError(f"{where}: {column} {text!r} of {given} is not a number")
    if value < 0:
        raise PortfolioError(
            f"{where}: negative {column} {text} for {given} (short positions are not supported)"
        )
    return value / 100 if percent else value


# ----- unknown tickers -------------------------------------------------------------------
def _name(symbol: str, gazetteer: Gazetteer) -> str:
    info = gazetteer.get(symbol)
    return info.name if info else ""


def _unknown(given: str, gazetteer: Gazetteer) -> str:
    """Why ``given`` is not a ticker, with the gazetteer's closest symbols."""
    exchange = _EXCHANGE_FORM.fullmatch(" ".join(given.split()).lstrip("$"))
    if exchange and gazetteer.exchange_suffix(exchange.group(1)) is None:
        return f"unknown exchange {exchange.group(1)!r} in {given!r}"
    close = close_symbols(given, gazetteer)
    hint = "; did you mean " + ", ".join(close) + "?" if close else ""
    return f"unknown ticker {given!r}, not in the gazetteer{hint}"


def close_symbols(given: str, gazetteer: Gazetteer, limit: int = SUGGESTIONS) -> list[str]:
    """Up to ``limit`` symbols a mistyped ticker may mean, as ``AAPL (Apple Inc.)``: the
    symbol of a company name ("Apple"), then listings of the same local symbol on other
    exchanges (BARC.L for BARC), then symbols one edit away (AAPL for APPL); in each group
    the most widely held first (index members, then main exchanges)."""
    wanted = " ".join(given.split()).lstrip("$").upper()
    named = gazetteer.resolve(given)
    found = [named] if named else []
    local = [s for s in gazetteer.symbols if "." in s and s.partition(".")[0] == wanted]
    edits = [s for s in _one_edit(wanted) if s in gazetteer]
    for group in (local, edits):  # another listing of it first, then typing slips
        found += sorted(group, key=lambda s: (gazetteer.symbols[s].tier, s))
    unique = list(dict.fromkeys(s for s in found if s != wanted))
    return [f"{s} ({_name(s, gazetteer)})" for s in unique[:limit]]


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _SYMBOL_CHARS}
    inserts = {a + c + b for a, b in splits for c in _SYMBOL_CHARS}
    return (deletes | swaps | replaces | inserts) - {word}
