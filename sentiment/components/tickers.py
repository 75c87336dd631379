"""``sentiment_tickers``: finds ticker mentions and writes them to ``Doc._.tickers``.

Recognisers, each with a confidence and a reason (Presidio's shape): cashtags ($TSLA),
exchange prefixes (NYSE: KO), symbols in parentheses (Nvidia (NVDA)) and local codes in
parentheses (Toyota (7203) is 7203.T, HDFC Bank (HDFCBANK) the NSE listing), ticker
columns of tables, company and fund names and curated aliases (Apple Inc., Google), bare
upper-case symbols accepted by context rules, and later short references (Coke after
Coca-Cola). Renamed symbols are reported as the current one (FB -> META). The finder works
on ``doc.text`` alone, so it needs no other component; :meth:`TickerFinder.find` also takes
a plain string. The rules and word lists live in :mod:`sentiment.components.ticker_rules`
and ``sentiment/resources``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from sentiment.components.extensions import install_extensions
from sentiment.components.ticker_rules import (
    Hit,
    Lines,
    Tok,
    cased,
    context,
    defines_acronym,
    exchange_symbol,
    joined,
    local_listing,
    name_end,
    sentence_around,
    settle,
    shares_cue,
    table_symbols,
    ticker_lists,
)
from sentiment.gazetteer import (
    TOKEN_RE,
    Gazetteer,
    NameEntry,
    SymbolInfo,
    default_gazetteer,
    name_key,
)
from sentiment.results import TickerMention

CASHTAG_RE = re.compile(r"(?<![\w$])\$([A-Za-z]{1,6}(?:[.\-][A-Za-z]{1,2})?)(?![\w$])")
PAREN_RE = re.compile(r"\(([^()\n]{1,160})\)")
PAREN_PART_RE = re.compile(
    r"(?:(?:ticker|symbol|ticker symbol)\s*:?\s*)?([A-Z]{1,5}(?:[.\-/][A-Z]{1,2})?)"
    r"(?:\.(?:O|N|OQ|K|A))?(?:\s+US(?:\s+Equity)?)?"
)
# A bare symbol may carry a possessive ("OXY's"), nothing else glued to it.
BARE_RE = re.compile(r"(?<![\w$&@#'’./\-])[A-Z]{1,5}(?:\.[A-Z]{1,2})?(?![\w&\-]|['’](?!s\b)|\.\w)")
SUFFIX_AFTER_RE = re.compile(
    r"(?:,?[ \u00a0]+|[ \u00a0]*&(?:amp;)?[ \u00a0]*)(?:Inc\b\.?|Incorporated|Corp\b\.?|"
    r"Corporation|Co\b\.?|Company|Ltd\b\.?|Limited|plc|PLC|LLC|N\.V\.|S\.A\.|AG\b|SE\b|Group|"
    r"Holdings?)"
)
BLOCK_AFTER_RE = re.compile(
    r"^\s+(?i:price|prices|priced|date|dates|range|rate|rates|zone|"
    r"level|levels|audience|allocation|weight|return|yield)\b"
)
BLOCK_BEFORE_RE = re.compile(r"\b(?:a|an|the|our|their|its|my|your|this|that|no|price)\s+$")
# A local code in parentheses: Tokyo, Seoul, Hong Kong digits ("7203", "005930", "0700") or
# a long exchange symbol ("HDFCBANK", "RELIANCE" on the NSE).
LOCAL_CODE_RE = re.compile(r"\d{4,6}|[A-Z][A-Z0-9]{1,9}")
LONG_CODE_RE = re.compile(r"[A-Z]{6,10}")
# The capitalised words of a name right before "(" ("HDFC Bank", "Bajaj Finance").
NAME_RUN_RE = re.compile(r"((?:[A-Z][\w&'’.-]*\s+){0,3}[A-Z][\w&'’.-]*)\s*$")
NUMBER_BEFORE_RE = re.compile(r"\d[\d,]*(?:\.\d+)?[ \u00a0]*$")  # "737 MAX", "5 GB"
NAME_AFTER_RE = re.compile(r"[ \u00a0]+[A-Z][a-z]")  # "SRS Distribution": part of a name
NEXT_WORD_RE = re.compile(r"[ \u00a0]+([A-Za-z]+)")
THE_X_OF_RE = re.compile(r"(?i:the)[ \u00a0]+$")
PARTICLE_RE = re.compile(r"([a-z]+)[ \u00a0]+$")


@Language.factory(
    "sentiment_tickers",
    default_config={
        "extra_aliases": None,
        "extra_symbols": None,
        "min_confidence": 0.5,
        "names": True,
        "bare_symbols": True,
        "coreference": True,
    },
    assigns=["doc._.tickers"],
)
def make_ticker_finder(
    nlp: Language,
    name: str,
    extra_aliases: str | None,
    extra_symbols: str | None,
    min_confidence: float,
    names: bool,
    bare_symbols: bool,
    coreference: bool,
) -> TickerFinder:
    """Build the ticker finder; ``extra_aliases``/``extra_symbols`` are TSV paths that add
    to the shipped gazetteer (``alias<TAB>symbol[<TAB>policy]``, ``symbol<TAB>name``)."""
    gazetteer = default_gazetteer().copy()  # each component extends its own copy
    if extra_symbols:
        gazetteer.load_symbols(extra_symbols)
    if extra_aliases:
        gazetteer.load_aliases(extra_aliases)
    return TickerFinder(
        gazetteer,
        name=name,
        min_confidence=min_confidence,
        names=names,
        bare_symbols=bare_symbols,
        coreference=coreference,
    )


class TickerFinder:
    """Finds ticker mentions in text; a spaCy component writing ``Doc._.tickers``."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        name: str = "sentiment_tickers",
        min_confidence: float = 0.5,
        names: bool = True,
        bare_symbols: bool = True,
        coreference: bool = True,
    ) -> None:
        install_extensions()
        self.name = name
        self.gazetteer = gazetteer if gazetteer is not None else default_gazetteer().copy()
        self.min_confidence = min_confidence
        self.names, self.bare_symbols, self.coreference = names, bare_symbols, coreference
        self._suffixes = tuple(dict.fromkeys(s for s in self.gazetteer.exchanges.values() if s))
        prefixes = sorted(self.gazetteer.exchanges, key=len, reverse=True)
        alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in prefixes)
        self._exchange_re = re.compile(
            rf"(?<![\w])(?i:({alternation}))\s*[:：]\s*([A-Z0-9]{{1,6}}(?:[.\-][A-Z0-9]{{1,3}})?)"
            r"(?![\w&])"
        )

    # ----- spaCy protocol ------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], [self.find(doc.text)])
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process docs in batches: compute every batch first, then write it."""
        for batch in minibatch(stream, size=batch_size):
            self.set_annotations(batch, [self.find(doc.text) for doc in batch])
            yield from batch

    def set_annotations(self, docs: list[Doc], mentions: list[list[TickerMention]]) -> None:
        """The one place that writes to the Doc."""
        for doc, found in zip(docs, mentions, strict=True):
            doc._.tickers = found

    # ----- prediction ----------------------------------------------------------------
    def find(self, text: str) -> list[TickerMention]:
        """Every ticker mention in ``text``, sorted by start offset (no side effects)."""
        if not text or not text.strip():
            return []
        lines = Lines(text)
        hits = self._cashtags(text) + self._exchange(text)
        name_hits, tokens = self._names(text, lines) if self.names else ([], [])
        hits += self._parenthesised(text, name_hits) + name_hits + self._tables(text)
        if self.bare_symbols:
            hits += self._bare(text, lines)
        accepted = settle(hits, text)
        if self.coreference and tokens:
            accepted = settle(accepted + self._corefs(text, tokens, accepted), text)
        return [
            self._mention(text, h)
            for h in sorted(accepted, key=lambda h: h.start)
            if h.confidence >= self.min_confidence
        ]

    def _mention(self, text: str, hit: Hit) -> TickerMention:
        symbol = self.gazetteer.current(hit.symbol)
        info = self.gazetteer.get(symbol)
        if symbol != hit.symbol:
            hit.reason += f" ({hit.symbol} is now {symbol})"
        return TickerMention(
            symbol,
            text[hit.start : hit.end],
            hit.start,
            hit.end,
            hit.method,
            round(min(hit.confidence, 1.0), 3),
            info.name if info and info.name else None,
            hit.reason,
        )

    def _cashtags(self, text: str) -> list[Hit]:
        hits = []
        for m in CASHTAG_RE.finditer(text):
            raw = m.group(1)
            symbol = raw.upper().replace("-", ".")
            known = symbol in self.gazetteer
            if raw.isupper() and not known and symbol in self.gazetteer.stopwords:
                continue  # "$VIX", "$BTC", "$USD": indices and currencies, not listings
            if not raw.isupper() and (not known or self.gazetteer.is_stopword(symbol)):
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

    def _exchange(self, text: str) -> list[Hit]:
        hits = []
        for m in self._exchange_re.finditer(text):
            suffix = self.gazetteer.exchange_suffix(m.group(1))
            local = m.group(2)
            if suffix is None or (not suffix and not re.search("[A-Z]", local)):
                continue
            symbol = exchange_symbol(local, suffix)
            known = symbol in self.gazetteer
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

    def _parenthesised(self, text: str, name_hits: list[Hit]) -> list[Hit]:
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
                hit = self._local_code(part, start, before, name)
                hit = hit or self._paren_part(part, start, before, name)
                if hit:
                    hits.append(hit)
                    offset = hit.end
        return hits

    def _local_code(self, part: str, start: int, before: str, name: Hit | None) -> Hit | None:
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
        listing = local_listing(self.gazetteer, self._suffixes, code, name and name.symbol, before)
        if listing:
            info = self.gazetteer.get(listing)
            reason = f"local code in parentheses after the name of {info.name if info else listing}"
            if name and name.symbol != listing:
                name.reason += f" (its {listing} listing is named in parentheses)"
                name.symbol = listing
            return Hit(start, end, listing, "parenthesised", 0.95, reason)
        if LONG_CODE_RE.fullmatch(code) and _spells_name(code, before):
            reason = "upper-case code starting with the name before it (not in the gazetteer)"
            return Hit(start, end, code, "parenthesised", 0.6, reason)
        return None

    def _paren_part(self, part: str, start: int, before: str, name: Hit | None) -> Hit | None:
        m = PAREN_PART_RE.fullmatch(part.strip())
        if not m:
            return None
        start += part.index(m.group(1))
        raw = m.group(1)
        symbol = raw.replace("-", ".").replace("/", ".")
        gaz, end = self.gazetteer, start + len(raw)
        if name and name.symbol == symbol:
            return Hit(
                start,
                end,
                symbol,
                "parenthesised",
                0.97,
                "symbol in parentheses right after its company name",
            )
        info = gaz.get(symbol)
        last_word = re.search(r"([\w&'’.-]+)$", before)
        if (
            info
            and info.name
            and last_word
            and name_key(last_word.group(1)) == name_key(info.name.split()[0].strip(","))
        ):
            return Hit(
                start,
                end,
                symbol,
                "parenthesised",
                0.95,
                f"symbol in parentheses after '{last_word.group(1)}', "
                f"the start of its company name ({info.name})",
            )
        if defines_acronym(before, raw) or gaz.is_stopword(raw):
            return None  # "artificial intelligence (AI)", "(CEO)"
        if symbol in gaz:
            return Hit(start, end, symbol, "parenthesised", 0.9, "listed symbol in parentheses")
        if re.search(r"(?:Inc|Corp|Co|Ltd|plc|[A-Z][a-z]+)\.?$", before) and len(raw) >= 2:
            return Hit(
                start,
                end,
                symbol,
                "parenthesised",
                0.6,
                "upper-case code in parentheses after a name (not in the gazetteer)",
            )
        return None

    def _tables(self, text: str) -> list[Hit]:
        if "|" not in text and "\t" not in text:
            return []
        hits = []
        for start, end, symbol, header in table_symbols(text, context().table_headers):
            known = symbol in self.gazetteer
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

    def _names(self, text: str, lines: Lines) -> tuple[list[Hit], list[Tok]]:
        tokens = [Tok(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]
        gaz, hits, i = self.gazetteer, [], 0
        while i < len(tokens):
            longest = gaz.max_tokens(tokens[i].key)
            hit, used = None, 1
            for size in range(min(longest, len(tokens) - i), 0, -1):
                hit = self._name_at(text, tokens, i, size, lines)
                if hit:
                    used = size
                    break
            if hit and hit.method:
                hits.append(hit)
            i += used if hit else 1
        return hits, tokens

    def _name_at(self, text: str, tokens: list[Tok], i: int, size: int, lines: Lines) -> Hit | None:
        span = tokens[i : i + size]
        entry = self.gazetteer.name(" ".join(t.key for t in span))
        if entry is None or not joined(text, span) or not cased(span, entry.text):
            return None
        start, end = span[0].start, name_end(span[-1], entry.text)
        if self._means_something_else(text, start, end, span):
            return Hit(start, end, entry.symbol, "", 0.0, "")  # consumes the span, adds nothing
        suffix = SUFFIX_AFTER_RE.match(text, end)
        if entry.needs_suffix and not suffix:
            return self._suffixless_name(text, start, end, entry, lines)
        end = suffix.end() if suffix else end
        label = "alias" if entry.source == "alias" else "name"
        reason = f"{label} '{entry.text}'" + (" with legal suffix" if suffix else "")
        if entry.policy == "coref":
            if not self.coreference:
                return None
            cues = _cues(text, start, end)
            if cues:  # "Goldman's shares": the short name alone, with business context
                return Hit(
                    start,
                    end,
                    entry.symbol,
                    "alias",
                    0.7,
                    f"{reason} (a short name; {', '.join(cues)})",
                )
            return Hit(
                start,
                end,
                entry.symbol,
                "coreference",
                0.8,
                f"short name '{entry.text}' of a company named earlier",
                "prior",
            )
        if entry.policy == "context" and not suffix:
            return self._context_name(text, start, end, entry.symbol, reason, lines)
        return Hit(start, end, entry.symbol, label, 0.95 if suffix else 0.9, reason)

    def _means_something_else(self, text: str, start: int, end: int, span: list[Tok]) -> bool:
        """ "Apple pie", "the Oracle of Omaha", "da Vinci": the name is not the company."""
        after = NEXT_WORD_RE.match(text, end)
        if after and self.gazetteer.means_something_else(
            " ".join(t.key for t in span), after.group(1)
        ):
            return True
        if len(span) > 1:
            return False
        before = text[max(0, start - 12) : start]
        particle = PARTICLE_RE.search(before)
        return bool(particle and particle.group(1) in context().particles) or bool(
            THE_X_OF_RE.search(before) and text.startswith(" of ", end)
        )

    def _suffixless_name(
        self, text: str, start: int, end: int, entry: NameEntry, lines: Lines
    ) -> Hit | None:
        """A US listing's name without the legal suffix it needs ("Lyft", "Hess"): kept
        after a deal phrase ("acquire Informatica"), or with evidence (a coordination with
        a confirmed company, the symbol elsewhere); only capitalised mid-sentence."""
        info = self.gazetteer.get(entry.symbol)
        if (
            info is None
            or info.country != "United States"
            or len(entry.text) < 4
            or entry.text.isupper()
            or entry.text.lower() in self.gazetteer.name_stopwords
            or lines.all_caps(start)
            or not lines.mid_sentence(start)
        ):
            return None
        reason = f"name '{entry.text}' without its legal suffix"
        deal = context().deal.search(text[max(0, start - 30) : start])
        if deal:
            return Hit(
                start,
                end,
                entry.symbol,
                "name",
                0.7,
                f"{reason}, after '{' '.join(deal.group().split())}'",
            )
        return Hit(start, end, entry.symbol, "name", 0.7, reason, "evidence")

    def _context_name(
        self, text: str, start: int, end: int, symbol: str, reason: str, lines: Lines
    ) -> Hit:
        """A name that is also an ordinary word ("Target"): scored on evidence nearby."""
        caps = lines.all_caps(start)
        cues = _cues(text, start, end)
        if (
            BLOCK_AFTER_RE.match(text[end : end + 20])
            or BLOCK_BEFORE_RE.search(text[max(0, start - 12) : start])
            or caps
            and not cues
        ):
            return Hit(start, end, symbol, "", 0.0, "")  # consumes the span, adds nothing
        if not caps and lines.mid_sentence(start):
            cues.append("capitalised mid-sentence")
        score = (
            0.45
            + 0.2 * (len(cues) - ("capitalised mid-sentence" in cues))
            + 0.1 * ("capitalised mid-sentence" in cues)
        )
        reason = f"{reason} (an ordinary word too; " + (", ".join(cues) or "no cue") + ")"
        needs = "" if score >= 0.5 else "evidence"
        return Hit(start, end, symbol, "alias", max(score, 0.8 if needs else score), reason, needs)

    def _bare(self, text: str, lines: Lines) -> list[Hit]:
        gaz = self.gazetteer
        found = [m for m in BARE_RE.finditer(text) if m.group() in gaz.symbols]
        listed = ticker_lists(text, found, gaz)
        hits = []
        for m in found:
            symbol, start, end = m.group(), m.start(), m.end()
            info = gaz.symbols[symbol]
            weak = (
                gaz.is_stopword(symbol)
                or info.tier == 3
                or lines.all_caps(start)
                or _glued(text, start, end, lines)
            )
            cue = shares_cue(text, start, end, strict=gaz.is_stopword(symbol))
            confidence, reason, needs = _bare_evidence(info, start in listed, cue, weak)
            hits.append(Hit(start, end, symbol, "bare_symbol", confidence, reason, needs))
        return hits

    def _corefs(self, text: str, tokens: list[Tok], accepted: list[Hit]) -> list[Hit]:
        """Later mentions of the first word of a resolved multi-word name."""
        gaz, heads = self.gazetteer, {}
        for hit in sorted(accepted, key=lambda h: h.start):
            if hit.method in ("name", "alias"):
                head = TOKEN_RE.match(text, hit.start)
                key = name_key(head.group()) if head else ""
                if (
                    head
                    and head.end() < hit.end
                    and len(key) >= 4
                    and head.group()[0].isupper()
                    and key not in gaz.name_stopwords
                    and gaz.name(key) is None
                ):
                    heads.setdefault(key, (hit.symbol, hit.end, head.group()))
        hits = []
        for tok in tokens:
            found = heads.get(tok.key)
            if found and tok.start >= found[1] and tok.text[:1].isupper():
                end = name_end(tok, found[2])
                hits.append(
                    Hit(
                        tok.start,
                        end,
                        found[0],
                        "coreference",
                        0.75,
                        f"'{found[2]}' refers back to the company named earlier",
                    )
                )
        return hits


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


def _spells_name(code: str, before: str) -> bool:
    """Does ``code`` start with the first word, whole, of the name right before it ("HDFC
    Bank (HDFCBANK)", "Reliance Industries (RELIANCE)")? "Results (RESTATED)" does not."""
    run = NAME_RUN_RE.search(before)
    first = re.sub(r"[^A-Z]", "", run.group(1).split()[0].upper()) if run else ""
    return len(first) >= 3 and code.startswith(first)


def _cues(text: str, start: int, end: int) -> list[str]:
    """Business context around a name: a possessive or a cue word in its sentence."""
    cues = ["possessive"] if re.match(r"['’]s\b", text[end : end + 2]) else []
    cue = context().cue.search(sentence_around(text, start, end))
    if cue:
        cues.append(f"'{cue.group()}' nearby")
    return cues


def _glued(text: str, start: int, end: int, lines: Lines) -> bool:
    """True for a symbol that is part of something else: after a number ("737 MAX",
    "5 GB") or before a capitalised word in prose ("SRS Distribution")."""
    return bool(NUMBER_BEFORE_RE.search(text[max(0, start - 12) : start])) or bool(
        NAME_AFTER_RE.match(text, end) and not lines.title_case(start)
    )
