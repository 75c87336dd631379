"""Symbol recognisers of the ticker finder (part of :mod:`sentiment.components.tickers`).

Cashtags ($TSLA), exchange prefixes (NYSE: KO), the ticker column of a table and bare
upper-case symbols accepted by context rules (a list of tickers, "shares of X", a listing
strong enough on its own). Each returns candidate :class:`Hit` objects with a confidence
and a reason; :func:`~sentiment.components.ticker_rules.settle` decides between them.
"""

from __future__ import annotations

import re

from sentiment.components.ticker_rules import (
    Hit,
    Lines,
    context,
    exchange_symbol,
    shares_cue,
    table_symbols,
    ticker_lists,
)
from sentiment.gazetteer import Gazetteer, SymbolInfo

CASHTAG_RE = re.compile(r"(?<![\w$])\$([A-Za-z]{1,6}(?:[.\-][A-Za-z]{1,2})?)(?![\w$])")
# A bare symbol may carry a possessive ("OXY's"), nothing else glued to it.
BARE_RE = re.compile(r"(?<![\w$&@#'’./\-])[A-Z]{1,5}(?:\.[A-Z]{1,2})?(?![\w&\-]|['’](?!s\b)|\.\w)")
NUMBER_BEFORE_RE = re.compile(r"\d[\d,]*(?:\.\d+)?[ \u00a0]*$")  # "737 MAX", "5 GB"
NAME_AFTER_RE = re.compile(r"[ \u00a0]+[A-Z][a-z]")  # "SRS Distribution": part of a name


def exchange_pattern(gaz: Gazetteer) -> re.Pattern[str]:
    """The pattern of "<exchange prefix>: <local symbol>" for the gazetteer's exchanges,
    longest prefix first ("NYSE American: X" before "NYSE: X")."""
    prefixes = sorted(gaz.exchanges, key=len, reverse=True)
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in prefixes)
    return re.compile(
        rf"(?<![\w])(?i:({alternation}))\s*[:：]\s*([A-Z0-9]{{1,6}}(?:[.\-][A-Z0-9]{{1,3}})?)"
        r"(?![\w&])"
    )


def cashtag_hits(gaz: Gazetteer, text: str) -> list[Hit]:
    """Cashtags: "$TSLA", "$tsla" when listed; not indices, currencies or money units."""
    hits = []
    for m in CASHTAG_RE.finditer(text):
        raw = m.group(1)
        symbol = raw.upper().replace("-", ".")
        known = symbol in gaz
        if raw.isupper() and not known and symbol in gaz.stopwords:
            continue  # "$VIX", "$BTC", "$USD": indices and currencies, not listings
        if not raw.isupper() and (not known or gaz.is_stopword(symbol)):
            continue  # "$bn", "$m", "$k": money units; "$tsla" is fine
        hits.append(
            Hit(
                m.start(),
                m.end(),
                symbol,
                "cashtag",
                0.99 if known else 0.8,
                f"cashtag {m.group()}" + ("" if known else " (symbol not in the gazetteer)"),
            )
        )
    return hits


def exchange_matches(
    gaz: Gazetteer, pattern: re.Pattern[str], text: str
) -> list[tuple[re.Match[str], str]]:
    """The "<exchange prefix>: <symbol>" matches of ``pattern`` (:func:`exchange_pattern`
    of ``gaz``) that name a symbol, each with its exchange's suffix ("LSE: VOD", ".L")."""
    found = []
    for m in pattern.finditer(text):
        suffix = gaz.exchange_suffix(m.group(1))
        if suffix is not None and (suffix or re.search("[A-Z]", m.group(2))):
            found.append((m, suffix))
    return found


def exchange_hits(gaz: Gazetteer, matches: list[tuple[re.Match[str], str]]) -> list[Hit]:
    """Symbols after an exchange prefix ("NYSE: KO", "LSE: VOD", "HKEX: 700"); ``matches``
    from :func:`exchange_matches`."""
    hits = []
    for m, suffix in matches:
        local = m.group(2)
        symbol = exchange_symbol(local, suffix)
        known = symbol in gaz
        hits.append(
            Hit(
                m.start(2),
                m.end(2),
                symbol,
                "exchange",
                0.98 if known else 0.85,
                f"exchange prefix '{' '.join(m.group().split())}'"
                + ("" if known else " (symbol not in the gazetteer)"),
            )
        )
    return hits


def outside_prefixes(hits: list[Hit], matches: list[tuple[re.Match[str], str]]) -> list[Hit]:
    """``hits`` without those on an exchange prefix: in "Siemens (ETR: SIE)" the prefix
    ETR is no ticker (Entergy), nor TYO (an ETF) in "Sony (TYO: 6758)"."""
    prefixes = [m.span(1) for m, _ in matches]
    return [h for h in hits if not any(h.start < e and s < h.end for s, e in prefixes)]


def table_hits(gaz: Gazetteer, text: str) -> list[Hit]:
    """The cells under a ticker column of a pipe- or tab-separated table."""
    if "|" not in text and "\t" not in text:
        return []
    hits = []
    for start, end, symbol, header in table_symbols(text, context().table_headers):
        known = symbol in gaz
        hits.append(
            Hit(
                start,
                end,
                symbol,
                "bare_symbol",
                0.9 if known else 0.6,
                f"in the '{header}' column of a table"
                + ("" if known else " (symbol not in the gazetteer)"),
            )
        )
    return hits


def bare_symbol_hits(gaz: Gazetteer, text: str, lines: Lines) -> list[Hit]:
    """Listed upper-case symbols without a marker ("JPM", "OXY's"), scored on context."""
    found = [m for m in BARE_RE.finditer(text) if m.group() in gaz.symbols]
    listed = ticker_lists(text, found, gaz)
    acronyms = context().acronyms
    hits = []
    for m in found:
        symbol, start, end = m.group(), m.start(), m.end()
        info = gaz.symbols[symbol]
        weak = (
            gaz.is_stopword(symbol)
            or info.tier == 3
            or lines.all_caps(start)
            or _glued(text, start, end, lines)
            or (info.tier > 1 and _attributive(text, start, end))
        )
        cue = (
            shares_cue(text, start, end, strict=gaz.is_stopword(symbol))
            or _short_cue(gaz, text, start, end, info, lines)
            or (_industry_cue(text, symbol, start, end) if weak else "")
        )
        confidence, reason, needs = _bare_evidence(info, start in listed, cue, weak)
        if needs and symbol in acronyms:
            continue  # "IT spending" after "Gartner": the word, whatever else the text names
        hits.append(Hit(start, end, symbol, "bare_symbol", confidence, reason, needs))
    return hits


# A US mutual fund's symbol, which no shipped ticker list holds: five capitals ending in X
# ("FXAIX", "VFIAX"), read only in a text about funds.
FUND_SYMBOL_RE = re.compile(r"(?<![\w$&@#'’./\-])[A-Z]{4}X(?![\w&\-])")
FUND_TEXT_RE = re.compile(
    r"\b(?:funds?|mutual|index|indexes|expense ratios?|track(?:s|ed|ing)?|S&P 500|"
    r"Vanguard|Fidelity|Schwab|Admiral|share class)\b",
    re.I,
)


def fund_symbol_hits(gaz: Gazetteer, text: str, lines: Lines) -> list[Hit]:
    """Mutual fund symbols the gazetteer lacks ("FXAIX or VFIAX? Both track the S&P 500"):
    five capitals ending in X, not a listed symbol (those are bare symbols) nor a stop word
    ("INDEX"), outside an all-capitals line, in a text that speaks of funds."""
    found = [
        m
        for m in FUND_SYMBOL_RE.finditer(text)
        if m.group() not in gaz.symbols
        and not gaz.is_stopword(m.group())
        and not lines.all_caps(m.start())
    ]
    if not found or not FUND_TEXT_RE.search(text):
        return []  # the cheap look first: most texts have no such symbol to confirm
    reason = "mutual fund symbol (five capitals ending in X) in a text about funds"
    return [Hit(m.start(), m.end(), m.group(), "bare_symbol", 0.75, reason) for m in found]


# A level or a change in basis points right after an ambiguous symbol: the everyday word, a
# margin ("GM +110bp", "GM of 42%", "GM expanded 120 bps").
_MARGIN_AFTER_RE = re.compile(
    r"[ \u00a0]*:?[ \u00a0]+(?:(?:of|at|was|is|to|expanded|contracted|improved|rose|fell|up|"
    r"down)[ \u00a0]+)?(?:[+\-\u2212]?\d[\d.,]*[ \u00a0]*(?:bps?|basis[ \u00a0]+points?|pts?|pp)\b"
    r"|\d[\d.,]*%)"
)


def _industry_cue(text: str, symbol: str, start: int, end: int) -> str:
    """Evidence for an ambiguous symbol ("GM": gross margin too) of a listed company: a word
    naming its industry in the text ("Ford", "automakers"; ``symbol_industries.tsv``), unless
    a determiner comes before it ("its GM", "the GM of the plant") or a margin's level or
    change after it ("GM +110bp")."""
    industry = context().industries.get(symbol)
    if (
        industry is None
        or DETERMINER_BEFORE_RE.search(text, max(0, start - 8), start)
        or _MARGIN_AFTER_RE.match(text, end)
    ):
        return ""
    found = industry.search(text)
    return f"'{found.group()}' in the text, its industry" if found else ""


# A quarter's code after a symbol opening the text: a recap's heading ("PG FQ4 snapshot",
# "GS 3Q beat check", "BA fiscal Q3:").
QUARTER_HEADING_RE = re.compile(
    r"[ \u00a0]+(?:fiscal[ \u00a0]+)?(?:F?Q[1-4]|[1-4]Q)(?:[ \u00a0]?(?:FY)?\d{2,4})?\b"
)
HEADING_AFTER_RE = re.compile(r":[ \u00a0]+[A-Z]")
ASIDE_RE = re.compile(r",[ \u00a0]+(?:which|who|whose)\b[^,.;]{1,60},")


def _short_cue(
    gaz: Gazetteer, text: str, start: int, end: int, info: SymbolInfo, lines: Lines
) -> str:
    """Evidence for a symbol weak only for being short ("DG", "RH", "MU"; not a word of the
    stop list, not a minor listing): a move right after it, or after a relative clause ("DG
    fell 2%", "RH reports on Thursday", "RH, which reports next week, rose 4%"), or opening the
    text as a heading's label ("MU: Raising estimates", or a line of its own: "KO: pricing
    power intact"); a symbol of the stop list too where a quarter's code follows it at the
    text's start ("PG FQ4 snapshot"), unless it is an acronym ("IT Q3 spending"); for a
    broker's symbol (``readings/brokers.txt``, any listing), what a house does right after it
    ("MS cut $DIS to Equal-weight", "BMO raised its target")."""
    symbol = text[start:end]
    ctx = context()
    if symbol in ctx.houses and len(symbol) > 1 and not lines.all_caps(start):
        house = ctx.house.match(text, end)  # "MS cut $DIS to Equal-weight", "BMO raised"
        if house:
            return house.group().strip()
    if start == 0 and QUARTER_HEADING_RE.match(text, end) and symbol not in ctx.acronyms:
        return "a heading's label"  # "PG FQ4 snapshot", "GS 3Q beat check", "TT Q2:"
    if symbol in gaz.stopwords or info.tier == 3 or lines.all_caps(start):
        return ""
    aside = ASIDE_RE.match(text, end)  # "RH, which reports next week, rose 4%"
    move = context().move.match(text, aside.end() if aside else end)
    if move:
        return move.group().strip()
    if start == 0 and len(symbol) >= 2 and HEADING_AFTER_RE.match(text, end):
        return "a heading's label"
    if start == 0 and len(symbol) >= 2 and text.startswith(": ", end):
        line_end = text.find("\n", end, end + 81)
        if line_end > end:
            return "a heading's label"  # a heading line of its own: "KO: pricing power intact"
    return ""


def _bare_evidence(
    info: SymbolInfo, listed: bool, cue: str | None, weak: bool
) -> tuple[float, str, str]:
    """Confidence, reason and what a bare symbol still needs ("" or "evidence")."""
    if listed:
        return 0.75, "upper-case symbol in a list of tickers", ""
    if cue:
        return (0.7 if weak else 0.85), f"listed upper-case symbol with '{cue}'", ""
    if not weak:
        index = " (index member)" if info.tier == 1 else ""
        where = info.exchange or "an exchange"
        return (0.8 if info.tier == 1 else 0.7), f"upper-case symbol listed on {where}{index}", ""
    return (
        0.75,
        "ambiguous upper-case symbol, kept because the document names the company too",
        ("evidence"),
    )


DETERMINER_BEFORE_RE = re.compile(r"\b(?i:the|its|our|their|this|that)[ \u00a0]+$")
NOUN_AFTER_RE = re.compile(r"[ \u00a0]+[a-z]")
# ... but a holding it names ("the SOXX semiconductor ETF", "the SRS position")
HOLDING_AFTER_RE = re.compile(
    r"(?:[ \u00a0]+[\w-]+){0,2}?[ \u00a0]+(?:ETFs?|ETNs?|funds?|trust|shares|stock|position|"
    r"positions|calls|puts|options)\b"
)


def _attributive(text: str, start: int, end: int) -> bool:
    """True for a symbol between a determiner and a lower-case word, a name used as a
    modifier ("The SRS integration is on track": SRS Distribution, not the SRS ETF); outside
    the indices, it stands as a ticker only with evidence ("the NVDA trade" stays NVDA), unless
    the words after name a holding ("the SOXX semiconductor ETF")."""
    return bool(
        DETERMINER_BEFORE_RE.search(text, max(0, start - 8), start)
        and NOUN_AFTER_RE.match(text, end)
        and not HOLDING_AFTER_RE.match(text, end)
    )


def _glued(text: str, start: int, end: int, lines: Lines) -> bool:
    """True for a symbol that is part of something else: after a number ("737 MAX",
    "5 GB") or before a capitalised word in prose ("SRS Distribution")."""
    return bool(NUMBER_BEFORE_RE.search(text[max(0, start - 12) : start])) or bool(
        NAME_AFTER_RE.match(text, end) and not lines.title_case(start)
    )
