"""Symbols and local codes in parentheses (part of :mod:`sentiment.components.tickers`).

"Nvidia (NVDA)", "(ticker: AAPL)": a symbol in parentheses, surest right after its
company's name. "Toyota (7203)" is 7203.T and "HDFC Bank (HDFCBANK)" the NSE listing: a
local code in parentheses is resolved on the exchanges of ``exchanges.tsv``, and the name
before it follows the listing the writer chose. A symbol with one of those exchanges'
suffixes ("Tencent (0700.HK)", "Volkswagen (VOW3.DE)") is that listing, in the gazetteer
or not.
"""

from __future__ import annotations

import re

from sentiment.components.ticker_rules import (
    Hit,
    defines_acronym,
    exchange_symbol,
    local_listing,
)
from sentiment.gazetteer import Gazetteer, name_key

PAREN_RE = re.compile(r"\(([^()\n]{1,160})\)")
PAREN_PART_RE = re.compile(
    r"(?:(?:ticker|symbol|ticker symbol)\s*:?\s*)?([A-Z]{1,5}(?:[.\-/][A-Z]{1,2})?)"
    r"(?:\.(?:O|N|OQ|K|A))?(?:\s+US(?:\s+Equity)?)?"
)
# A local code in parentheses: Tokyo, Seoul, Hong Kong digits ("7203", "005930", "0700") or
# a long exchange symbol ("HDFCBANK", "RELIANCE" on the NSE).
LOCAL_CODE_RE = re.compile(r"\d{4,6}|[A-Z][A-Z0-9]{1,9}")
LONG_CODE_RE = re.compile(r"[A-Z]{6,10}")
# A symbol with an exchange suffix: "0700.HK", "VOW3.DE", "7203.T", "(ticker: SAP.DE)".
SUFFIXED_RE = re.compile(
    r"(?:(?:ticker|symbol|ticker symbol)\s*:?\s*)?([A-Z0-9]{1,10})(\.[A-Z]{1,3})"
)
_SUFFIXED = "symbol with an exchange suffix in parentheses"
# The capitalised words of a name right before "(" ("HDFC Bank", "Bajaj Finance").
NAME_RUN_RE = re.compile(r"((?:[A-Z][\w&'’.-]*\s+){0,3}[A-Z][\w&'’.-]*)\s*$")


def parenthesised_hits(
    gaz: Gazetteer, suffixes: tuple[str, ...], text: str, name_hits: list[Hit]
) -> list[Hit]:
    """Symbols and local codes in parentheses, each part of "(AAPL, MSFT and GOOGL)".
    ``suffixes`` are the exchange suffixes a local code may take; ``name_hits`` the
    company names found, which a code right after one may re-point (see
    :func:`_local_code`)."""
    names_by_end = {h.end: h for h in name_hits}
    hits = []
    for m in PAREN_RE.finditer(text):
        if ":" in m.group(1) and not re.search(r"(?i)ticker|symbol", m.group(1)):
            continue  # "(NYSE: KO)" belongs to the exchange recogniser
        before = text[max(0, m.start() - 80) : m.start()].rstrip()
        name = names_by_end.get(m.start() - (m.start() - max(0, m.start() - 80) - len(before)))
        offset = m.start(1)
        for part in re.split(r"\s*(?:[,;]|\band\b)\s*", m.group(1)):
            start = text.find(part, offset, m.end()) if part else -1
            if start < 0:
                continue
            hit = _suffixed_symbol(gaz, suffixes, part, start, name)
            hit = hit or _local_code(gaz, suffixes, part, start, before, name)
            hit = hit or _paren_part(gaz, part, start, before, name)
            if hit:
                hits.append(hit)
                offset = hit.end
    return hits


def _suffixed_symbol(
    gaz: Gazetteer, suffixes: tuple[str, ...], part: str, start: int, name: Hit | None
) -> Hit | None:
    """A symbol with the suffix of a known exchange ("(0700.HK)", "(VOW3.DE)"): written
    out by the author, so it counts even when the gazetteer lacks it. A name right before
    it takes this listing (see :func:`~sentiment.components.ticker_coreference.stated_listing`)."""
    m = SUFFIXED_RE.fullmatch(part.strip())
    if not m or m.group(2) not in suffixes:
        return None
    symbol = exchange_symbol(m.group(1), m.group(2))
    start += part.index(m.group(1))
    end = start + len(m.group(1)) + len(m.group(2))
    if name and name.symbol == symbol:
        return Hit(start, end, symbol, "parenthesised", 0.97, _SUFFIXED + " after its company name")
    if symbol in gaz:
        return Hit(start, end, symbol, "parenthesised", 0.95, _SUFFIXED)
    reason = _SUFFIXED + " (symbol not in the gazetteer)"
    return Hit(start, end, symbol, "parenthesised", 0.85, reason)


def _local_code(
    gaz: Gazetteer,
    suffixes: tuple[str, ...],
    part: str,
    start: int,
    before: str,
    name: Hit | None,
) -> Hit | None:
    """A local listing's code in parentheses: "Toyota (7203)" is 7203.T, "HDFC Bank
    (HDFCBANK)" the NSE listing. The name before it, re-pointed when it named another
    listing of the same company (Toyota's US ADR), follows the code the writer chose."""
    code = part.strip()
    if not LOCAL_CODE_RE.fullmatch(code) or (name and name.symbol == code):
        return None
    start += part.index(code)
    end = start + len(code)
    if name and name.symbol.split(".")[0] == code:
        reason = "local symbol in parentheses right after its company name"
        return Hit(start, end, name.symbol, "parenthesised", 0.97, reason)
    listing = local_listing(gaz, suffixes, code, name and name.symbol, before)
    if listing:
        info = gaz.get(listing)
        reason = f"local code in parentheses after the name of {info.name if info else listing}"
        if name and name.symbol != listing:
            name.reason += f" (its {listing} listing is named in parentheses)"
            name.symbol = listing
        return Hit(start, end, listing, "parenthesised", 0.95, reason)
    if LONG_CODE_RE.fullmatch(code) and _spells_name(code, before):
        reason = "upper-case code starting with the name before it (not in the gazetteer)"
        return Hit(start, end, code, "parenthesised", 0.6, reason)
    return None


def _paren_part(gaz: Gazetteer, part: str, start: int, before: str, name: Hit | None) -> Hit | None:
    """A symbol in parentheses ("(NVDA)", "(ticker: AAPL)"), if the evidence holds."""
    m = PAREN_PART_RE.fullmatch(part.strip())
    if not m:
        return None
    start += part.index(m.group(1))
    raw = m.group(1)
    symbol = raw.replace("-", ".").replace("/", ".")
    evidence = _paren_evidence(gaz, raw, symbol, before, name)
    if evidence is None:
        return None
    confidence, reason = evidence
    return Hit(start, start + len(raw), symbol, "parenthesised", confidence, reason)


def _paren_evidence(
    gaz: Gazetteer, raw: str, symbol: str, before: str, name: Hit | None
) -> tuple[float, str] | None:
    """Confidence and reason for ``symbol`` in parentheses after ``before``; None when it
    is no ticker ("artificial intelligence (AI)", "(CEO)")."""
    if name and name.symbol == symbol:
        return 0.97, "symbol in parentheses right after its company name"
    info = gaz.get(symbol)
    written = _starts_name(before, info.name) if info and info.name else None
    if written:
        return 0.95, (
            f"symbol in parentheses after '{written}', the start of its company name ({info.name})"
        )
    if defines_acronym(before, raw):
        return None  # "artificial intelligence (AI)"
    if symbol in gaz and gaz.is_stopword(raw) and _after_a_name(gaz, before, raw):
        return 0.85, "listed symbol in parentheses right after a company name"
    if gaz.is_stopword(raw):
        return None  # "(CEO)", "Gold (GOLD)"
    if symbol in gaz:
        return 0.9, "listed symbol in parentheses"
    if re.search(r"(?:Inc|Corp|Co|Ltd|plc|ETF|ETN|[A-Z][a-z]+)\.?$", before) and len(raw) >= 2:
        return 0.6, "upper-case code in parentheses after a name (not in the gazetteer)"
    return None


def _after_a_name(gaz: Gazetteer, before: str, raw: str) -> bool:
    """Does a company's name, one the gazetteer does not hold under this symbol, end right
    before a short or word-like symbol in parentheses ("Dollar General (DG)", "Barrick
    Gold (GOLD)")? The capitalised words right before it must not end in a common word nor
    be the symbol alone ("Gold (GOLD)") unless written as the symbol in a text not in capitals
    ("GM (GM)"); a code of two letters must not be an acronym of the
    stop list ("Jane Doe (VP)"); a longer listed word must be one of the name's words; one
    letter is never enough ("Plan (B)", "Option (C)" are a list's letters)."""
    run = NAME_RUN_RE.search(before)
    if run is None:
        return False
    words = [w.strip(".,").upper() for w in run.group(1).split()]
    if len(raw) == 1:
        return False  # "Plan (B)", "Option (C)": a list's letters
    if words == [raw]:
        # "GM (GM)": the symbol written out before itself; not "Gold (GOLD)"
        return run.group(1).strip(".,") == raw and not before.isupper()
    if len(raw) == 2:
        return words[-1].lower() not in gaz.name_stopwords and raw not in gaz.stopwords
    return len(words) >= 2 and raw in words


def _starts_name(before: str, name: str) -> str | None:
    """The words right before a parenthesis that begin the company's ``name``, or None: the
    last word is its first word ("Nvidia (NVDA)"), the run of capitalised words before it
    starts with that word ("Southern Co. (SO)" for The Southern Company, "Amer Sports (AS)"),
    or the last word spells the start of the name run together ("onsemi (ON)" for ON
    Semiconductor). A leading "The" is skipped on both sides."""
    words = [w.strip(",") for w in name.split()]
    words = words[1:] if len(words) > 1 and words[0].lower() == "the" else words
    first, joined = name_key(words[0]), name_key("".join(words))
    last = re.search(r"([\w&'’.-]+)$", before)
    if last is None:
        return None
    if name_key(last.group(1)) == first:
        return last.group(1)
    run = NAME_RUN_RE.search(before)
    if run:
        written = run.group(1).split()
        written = written[1:] if len(written) > 1 and written[0].lower() == "the" else written
        if name_key(written[0]) == first:
            return " ".join(written)
    spelled = name_key(last.group(1))
    if len(spelled) >= 5 and joined.startswith(spelled):
        return last.group(1)
    return None


def _spells_name(code: str, before: str) -> bool:
    """Does ``code`` start with the first word, whole, of the name right before it ("HDFC
    Bank (HDFCBANK)", "Reliance Industries (RELIANCE)")? "Results (RESTATED)" does not."""
    run = NAME_RUN_RE.search(before)
    first = re.sub(r"[^A-Z]", "", run.group(1).split()[0].upper()) if run else ""
    return len(first) >= 3 and code.startswith(first)
