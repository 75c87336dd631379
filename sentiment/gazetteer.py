"""The shipped symbol gazetteer: symbols, company and fund names, aliases and stop lists.

Data lives in ``sentiment/resources`` (built by ``training/build_gazetteer.py``, curated by
hand for the small files: ``aliases.tsv``, and ``funds.tsv`` for US funds by their current
names); this module only loads and indexes it. Python users extend a gazetteer with
:meth:`Gazetteer.add_symbol`, :meth:`Gazetteer.add_alias` or a TSV file via
:meth:`Gazetteer.load_aliases` or :meth:`Gazetteer.load_funds`. :func:`default_gazetteer`
is loaded once per process.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from sentiment.errors import ResourceError

POLICIES = ("always", "context", "coref", "never")
SYMBOL_COLUMNS = ("symbol", "name", "exchange", "country", "kind", "tier", "core", "names")
# Local symbols run to ten characters on some exchanges (NSE: "HDFCBANK", "BAJFINANCE").
SYMBOL_RE = re.compile(r"[A-Z0-9]{1,10}(?:[.\-][A-Z0-9]{1,3})?")
# Legal suffixes at the end of a company name (one at a time; core_name() repeats).
LEGAL_SUFFIX_RE = re.compile(
    r"(?:,?\s+|\s*&\s*)(?:Co\.?|Public Limited Company|Inc\.?|Incorporated|Corp\.?|"
    r"Corporation|Company|Ltd\.?|Limited|plc|PLC|P\.L\.C\.|LLC|L\.P\.|LP|N\.V\.|S\.A\.|"
    r"SA|AG|SE|S\.p\.A\.|SpA|ASA|AB|\(The\))$"
)
# One name token: a word with inner &, apostrophes, dashes, dots or "+" (AT&T, Macy's,
# Coca-Cola, Amazon.com, K+S), an optional possessive and a final dot (Inc.); or a lone "&".
TOKEN_RE = re.compile(r"\w+(?:(?:&amp;|[&'’ʼ\-‐‑–.+])\w+)*(?:['’ʼ]s\b|['’ʼ](?!\w))?\.?|&(?:amp;)?")
_QUOTES = str.maketrans({"’": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-"})
# A token-final dot or possessive, dropped from lookup keys.
_ODD_CHARS = re.compile(r"[.'’ʼ‐‑–&]")
_KEY_CLEAN = re.compile(r"(?:'s?)?\.*(?=\s|$)")
# The last word of a fund's name that its short name drops ("iShares Gold Trust" -> "iShares
# Gold"), as training/build_gazetteer.py does for the table's funds.
FUND_SUFFIX_RE = re.compile(r"\s+(?:ETF Trust|ETF|ETN|Fund|Trust)$")
CONNECTORS = frozenset({"&", "and", "of", "the", "de", "la", "du", "des", "van", "von", "und"})


def normalize_token(token: str) -> str:
    """The lookup form of a name token: lower case, plain quotes and dashes, no final dot
    or possessive ("Apple's" -> "apple", "Inc." -> "inc", "AT&amp;T" -> "at&t")."""
    return name_key(token)


def name_key(text: str) -> str:
    """The lookup form of a space-separated run of name tokens (one pass for all)."""
    text = text.replace("&amp;", "&").translate(_QUOTES).lower()
    return _KEY_CLEAN.sub("", text)


def name_tokens(name: str) -> tuple[str, ...]:
    """The surface tokens of a name, split the same way as document text."""
    return tuple(m.group() for m in TOKEN_RE.finditer(name))


class SymbolInfo(NamedTuple):
    """One listed symbol: canonical form (BRK.B, VOD.L), legal name and where it trades.

    ``tier``: 1 = index member, 2 = main US exchange or US ETF, 3 = anything else.
    """

    symbol: str
    name: str
    exchange: str = ""
    country: str = ""
    kind: str = "stock"
    tier: int = 2


class NameEntry(NamedTuple):
    """A name that resolves to a symbol, as the matcher sees it.

    ``text`` is the canonical spelling, tokens separated by single spaces (used for the
    capitalisation check); ``needs_suffix`` names only count with a legal suffix
    ("Foo Corp." but not "Foo"); ``policy`` is one of :data:`POLICIES`.
    """

    symbol: str
    text: str
    policy: str = "always"
    needs_suffix: bool = False
    source: str = "name"


def _resource(name: str) -> Path:
    return Path(str(resources.files("sentiment") / "resources" / name))


def _data_lines(path: Path) -> Iterator[list[str]]:
    """Tab-split, non-comment, non-blank lines of a text or gzipped text file."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    yield line.rstrip("\n").split("\t")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise ResourceError(f"cannot read gazetteer file {path}: {exc}") from exc


def _words(path: Path) -> set[str]:
    return {word for cells in _data_lines(path) for word in cells[0].split()}


def _provenance(path: Path) -> str:
    """The first comment line of a data file ("built 2026-01-01 ... from ...")."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        first = fh.readline()
    return first.lstrip("# ").strip() if first.startswith("#") else ""


def _name_variants(core: str, variants: str, core_needs_suffix: bool) -> list[tuple[str, bool]]:
    out = [(core, core_needs_suffix)] if core else []
    if variants:
        out += [(v, False) for v in variants.split("|")]
    return [(t, n) for t, n in out if " " in t or (len(t) >= 2 and not t.isdigit())]


def core_name(name: str) -> str:
    """A company name without a leading "The" and trailing legal suffixes
    ("The Coca-Cola Company" -> "Coca-Cola", "JPMorgan Chase & Co." -> "JPMorgan Chase")."""
    name = re.sub(r"^The\s+", "", " ".join(name.split()))
    while True:
        stripped = LEGAL_SUFFIX_RE.sub("", name).strip(" ,")
        if stripped == name or not stripped:
            return name
        name = stripped


def fund_names(name: str, brand: str, others: list[str] | None = None) -> list[str]:
    """The names a fund goes by: its name and ``others``, without a leading "The", each also
    without its last word "ETF", "Fund" or "Trust" when what is left keeps the ``brand``
    ("iShares Bitcoin Trust ETF" -> "iShares Bitcoin Trust"), and each with "U.S." written
    "US" and the other way round."""
    names = []
    for full in [name, *(others or [])]:
        full = re.sub(r"^The\s+", "", " ".join(full.split()))
        names.append(full)
        short = FUND_SUFFIX_RE.sub("", full)
        if short != full and brand and brand in short and " " in short:
            names.append(short)
    spellings = []
    for text in names:
        us = re.sub(r"\bU\.S\.(?=\s|$)", "US", text)
        spellings += [text, us, re.sub(r"\bUS\b", "U.S.", us)]
    return list(dict.fromkeys(spellings))


def exchange_symbol(local: str, suffix: str) -> str:
    """The canonical symbol for "LSE: VOD" (VOD.L), "HKEX: 700" (700.HK), "NYSE: BRK-B".

    Hong Kong codes lose their leading zeros ("0700.HK" and "HKEX: 0700" are 700.HK), as
    the gazetteer writes them, so every way of writing a listing gives one symbol.
    """
    if not suffix:
        return local.replace("-", ".")
    local = local.removesuffix(suffix)
    if suffix == ".HK" and local.isdigit():
        local = local.lstrip("0") or "0"
    return local + suffix


def tokenized(name: str) -> str:
    """A name as the matcher tokenises text: its tokens joined by single spaces."""
    return " ".join(name_tokens(name))


class Gazetteer:
    """Symbols with their names and aliases, indexed for fast lookups in text.

    Names are keyed by :func:`name_key` of their tokens; ``max_tokens(first)`` bounds how
    many tokens a name starting with ``first`` can have, so a matcher tries only those.
    """

    def __init__(self) -> None:
        self.symbols: dict[str, SymbolInfo] = {}
        self.stopwords: frozenset[str] = frozenset()
        self.name_stopwords: frozenset[str] = frozenset()
        self.exchanges: dict[str, str] = {}
        self.renamed: dict[str, str] = {}
        self.collocations: dict[str, frozenset[str]] = {}
        self.provenance = ""
        self._names: dict[str, NameEntry] = {}
        self._max_len: dict[str, int] = {}
        self._blocked: set[str] = set()

    # ----- loading -------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        symbols: str | Path | None = None,
        aliases: str | Path | None = None,
        *,
        short_names: bool = True,
    ) -> Gazetteer:
        """Load the shipped data files (or the given symbol and alias files). The short
        names companies go by ("Axon", "Smucker"; ``short_names.tsv``, derived by
        ``training/short_names.py``) are read before the aliases, which win."""
        gaz = cls()
        gaz._load_stop_lists()
        gaz._load_symbols(Path(symbols) if symbols else _resource("symbols.tsv.gz"))
        gaz.load_funds(_resource("funds.tsv"))
        if short_names:
            gaz.load_aliases(_resource("short_names.tsv"), source="short")
        gaz.load_aliases(aliases or _resource("aliases.tsv"))
        return gaz

    def _load_stop_lists(self) -> None:
        # spaCy's English stop words, kept as a data file so that a symbol lookup (holdings,
        # alert rules) loads without importing spaCy (seconds); a test keeps the two the same.
        english = _words(_resource("english_stopwords.txt"))
        self.stopwords = frozenset(
            _words(_resource("ticker_stopwords.txt")) | {w.upper() for w in english}
        )
        self.name_stopwords = frozenset(
            w.lower() for w in _words(_resource("name_stopwords.txt")) | english
        )
        for cells in _data_lines(_resource("exchanges.tsv")):
            self.exchanges[" ".join(cells[0].lower().split())] = (
                cells[1].strip() if len(cells) > 1 else ""
            )
        for cells in _data_lines(_resource("renamed_symbols.tsv")):
            self.renamed[cells[0].strip()] = cells[1].strip()
        for cells in _data_lines(_resource("name_collocations.tsv")):
            self.collocations[name_key(cells[0])] = frozenset(cells[1].lower().split())

    def _load_symbols(self, path: Path) -> None:
        if not path.is_file():
            raise ResourceError(
                f"symbol table not found: {path}; rebuild it with training/build_gazetteer.py"
            )
        rows = _data_lines(path)
        header = next(rows, None)
        if header != list(SYMBOL_COLUMNS):
            raise ResourceError(
                f"{path} is not a symbol table: header {header!r}, expected {SYMBOL_COLUMNS}"
            )
        symbols, names, blocked, max_len = self.symbols, self._names, self._blocked, self._max_len
        try:
            for symbol, name, exchange, country, kind, tier, core, variants in rows:
                info = symbols[symbol] = SymbolInfo(
                    symbol, name, exchange, country, kind, int(tier)
                )
                # Inlined _index_name: this loop is most of the start-up time.
                for text, needs_suffix in _name_variants(core, variants, info.tier > 1):
                    key = text.lower()
                    if _ODD_CHARS.search(key):
                        key = _KEY_CLEAN.sub("", key.translate(_QUOTES).replace("&amp;", "&"))
                    old = names.get(key)
                    if (
                        key in blocked
                        or old is not None
                        and not (old.needs_suffix and not needs_suffix)
                    ):
                        continue
                    names[key] = NameEntry(symbol, text, "always", needs_suffix, "name")
                    first, _, rest = key.partition(" ")
                    size = rest.count(" ") + 2 if rest else 1
                    if max_len.get(first, 0) < size:
                        max_len[first] = size
        except ValueError as exc:
            raise ResourceError(f"{path}: malformed row ({exc})") from exc
        self.provenance = _provenance(path)

    def load_aliases(self, path: str | Path, source: str = "alias") -> None:
        """Add aliases from a TSV file: ``alias <TAB> symbol [<TAB> policy]``; ``source``
        "short" marks derived short names (see :meth:`add_alias`)."""
        path = Path(path)
        if not path.is_file():
            raise ResourceError(f"alias file not found: {path}")
        for number, cells in enumerate(_data_lines(path), 1):
            if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
                raise ResourceError(
                    f"{path}: data line {number} needs 'alias<TAB>symbol', got {cells!r}"
                )
            policy = cells[2].strip() if len(cells) > 2 and cells[2].strip() else "always"
            self.add_alias(cells[0].strip(), cells[1].strip(), policy, source)

    def load_funds(self, path: str | Path) -> None:
        """Add US funds from a TSV file: ``symbol <TAB> name <TAB> brand [<TAB> other|names]``
        (see ``resources/funds.tsv``). A fund the table lacks is added (kind "etf"); one it
        has takes the current name; every name of :func:`fund_names` resolves to it."""
        path = Path(path)
        if not path.is_file():
            raise ResourceError(f"fund file not found: {path}")
        for number, cells in enumerate(_data_lines(path), 1):
            if len(cells) < 3 or not all(c.strip() for c in cells[:3]):
                raise ResourceError(
                    f"{path}: data line {number} needs 'symbol<TAB>name<TAB>brand', got {cells!r}"
                )
            symbol, name, brand = (cell.strip() for cell in cells[:3])
            if not SYMBOL_RE.fullmatch(symbol):
                raise ResourceError(f"{path}: data line {number}: not a symbol: {symbol!r}")
            others = [n for n in cells[3].split("|") if n.strip()] if len(cells) > 3 else []
            old = self.symbols.get(symbol)
            self.symbols[symbol] = SymbolInfo(
                symbol,
                name,
                old.exchange if old else "",
                (old.country if old else "") or "United States",
                "etf",
                min(old.tier, 2) if old else 2,
            )
            for text in fund_names(name, brand, others):
                self._index_name(tokenized(text), symbol, needs_suffix=False, replace=True)

    def load_symbols(self, path: str | Path) -> None:
        """Add symbols from a TSV file: ``symbol <TAB> name [<TAB> exchange]``."""
        path = Path(path)
        if not path.is_file():
            raise ResourceError(f"symbol file not found: {path}")
        for cells in _data_lines(path):
            if cells[0].strip().lower() == "symbol":
                continue
            name = cells[1].strip() if len(cells) > 1 else ""
            exchange = cells[2].strip() if len(cells) > 2 else ""
            self.add_symbol(cells[0].strip(), name, exchange=exchange)

    # ----- extending -----------------------------------------------------------------
    def add_symbol(
        self,
        symbol: str,
        name: str = "",
        *,
        exchange: str = "",
        country: str = "",
        kind: str = "stock",
        tier: int = 2,
    ) -> SymbolInfo:
        """Add (or replace) a symbol; its name, if given, is matched in text from then on
        (with or without a legal suffix: "Acme Robotics" and "Acme Robotics, Inc.")."""
        if not SYMBOL_RE.fullmatch(symbol.strip().upper()):
            raise ResourceError(f"not a ticker symbol: {symbol!r}")
        info = SymbolInfo(symbol.strip().upper(), name, exchange, country, kind, tier)
        self.symbols[info.symbol] = info
        if name:
            self._index_name(
                tokenized(core_name(name)), info.symbol, needs_suffix=False, replace=True
            )
        return info

    def add_alias(
        self, alias: str, symbol: str, policy: str = "always", source: str = "alias"
    ) -> None:
        """Make ``alias`` resolve to ``symbol``; ``policy`` is one of :data:`POLICIES`;
        ``source`` "short" marks a derived short name, which the finder does not take right
        before another capitalised word ("Acme Robotics" is not Acme United).

        A curated alias replaces any derived name with the same spelling; ``never`` blocks
        that spelling altogether. Unknown symbols are added.
        """
        if policy not in POLICIES:
            raise ResourceError(
                f"alias {alias!r}: policy must be one of {POLICIES}, not {policy!r}"
            )
        symbol = symbol.strip().upper()
        if symbol not in self.symbols:
            self.add_symbol(symbol)
        text = tokenized(alias)
        key = name_key(text)
        if not key:
            raise ResourceError(f"alias {alias!r} has no word in it")
        self._names.pop(key, None)
        if policy == "never":
            self._blocked.add(key)
            return
        self._blocked.discard(key)
        self._insert(key, NameEntry(symbol, text, policy, False, source))

    def copy(self) -> Gazetteer:
        """An independent gazetteer (additions to the copy leave this one unchanged)."""
        new = Gazetteer.__new__(Gazetteer)
        new.__dict__.update(self.__dict__)
        new.symbols = dict(self.symbols)
        new._names = dict(self._names)
        new._max_len = dict(self._max_len)
        new._blocked = set(self._blocked)
        new.renamed = dict(self.renamed)
        new.collocations = dict(self.collocations)
        return new

    # ----- lookups -------------------------------------------------------------------
    def get(self, symbol: str) -> SymbolInfo | None:
        """The entry of a canonical symbol, or None."""
        return self.symbols.get(symbol)

    def __contains__(self, symbol: object) -> bool:
        return symbol in self.symbols

    def __len__(self) -> int:
        return len(self.symbols)

    def current(self, symbol: str) -> str:
        """The symbol a company trades under now ("FB" -> "META"); unchanged if not renamed."""
        return self.renamed.get(symbol, symbol)

    def means_something_else(self, key: str, next_word: str) -> bool:
        """True when ``next_word`` after the name ``key`` shows it is not the company
        ("Apple pie", "Amazon rainforest"); see ``name_collocations.tsv``."""
        words = self.collocations.get(key)
        return bool(words) and next_word.lower() in words

    def is_stopword(self, symbol: str) -> bool:
        """True when an upper-case token needs evidence to count as a symbol."""
        return len(symbol) <= 2 or symbol in self.stopwords

    def name(self, key: str) -> NameEntry | None:
        """The name entry of a lookup key (see :func:`name_key`), or None."""
        return self._names.get(key)

    def max_tokens(self, first_key: str) -> int:
        """The most tokens of any name whose first key is ``first_key`` (0 if none)."""
        return self._max_len.get(first_key, 0)

    def exchange_suffix(self, exchange: str) -> str | None:
        """The symbol suffix of an exchange prefix ("LSE" -> ".L", "NYSE" -> ""), or None."""
        return self.exchanges.get(" ".join(exchange.lower().split()))

    def resolve(self, name: str) -> str | None:
        """The symbol a whole name resolves to ("Apple Inc." -> "AAPL"), or None."""
        entry = self._names.get(name_key(tokenized(name))) or self._names.get(
            name_key(tokenized(core_name(name)))
        )
        return self.current(entry.symbol) if entry else None

    # ----- indexing ------------------------------------------------------------------
    def _index_name(
        self, text: str, symbol: str, *, needs_suffix: bool, replace: bool = False
    ) -> None:
        """Index a tokenised name (tokens joined by spaces); the first writer keeps a key."""
        key = name_key(text)
        if not key or key in self._blocked or (" " not in key and (len(key) < 2 or key.isdigit())):
            return
        old = self._names.get(key)
        if (
            old is None
            or replace
            or (old.needs_suffix and not needs_suffix and old.source == "name")
        ):
            self._insert(key, NameEntry(symbol, text, "always", needs_suffix, "name"))

    def _insert(self, key: str, entry: NameEntry) -> None:
        self._names[key] = entry
        first, _, rest = key.partition(" ")
        length = rest.count(" ") + 2 if rest else 1
        if self._max_len.get(first, 0) < length:
            self._max_len[first] = length


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once per process (treat it as read-only; copy() it)."""
    return Gazetteer.load()
