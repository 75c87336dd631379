"""``sentiment_tickers``: finds ticker mentions and writes them to ``Doc._.tickers``.

Recognisers, each with a confidence and a reason (Presidio's shape): cashtags ($TSLA),
exchange prefixes (NYSE: KO), symbols in parentheses (Nvidia (NVDA)), company and fund
names and curated aliases (Apple Inc., Google), bare upper-case symbols accepted by context
rules, and later short references (Coke after Coca-Cola). The finder works on ``doc.text``
alone, so it needs no other component; :meth:`TickerFinder.find` also takes a plain string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from sentiment.components.extensions import install_extensions
from sentiment.gazetteer import TOKEN_RE, Gazetteer, default_gazetteer, name_key
from sentiment.results import TickerMention

# Lower numbers win when two hits overlap.
PRIORITY = {"cashtag": 0, "exchange": 1, "parenthesised": 2, "name": 3, "alias": 3,
            "bare_symbol": 4, "coreference": 5}
CASHTAG_RE = re.compile(r"(?<![\w$])\$([A-Za-z]{1,6}(?:[.\-][A-Za-z]{1,2})?)(?![\w$])")
PAREN_RE = re.compile(r"\(([^()\n]{1,160})\)")
PAREN_PART_RE = re.compile(
    r"(?:(?:ticker|symbol|ticker symbol)\s*:?\s*)?([A-Z]{1,5}(?:[.\-/][A-Z]{1,2})?)"
    r"(?:\.(?:O|N|OQ|K|A))?(?:\s+US(?:\s+Equity)?)?")
BARE_RE = re.compile(r"(?<![\w$&@#'’./\-])[A-Z]{1,5}(?:\.[A-Z]{1,2})?(?![\w&'’\-]|\.\w)")
LIST_SEP_RE = re.compile(r"\s*(?:[,;/|]|\band\b|&)\s*|\s*\n\s*|\s+")
SUFFIX_AFTER_RE = re.compile(
    r"(?:,?[ \u00a0]+|[ \u00a0]*&(?:amp;)?[ \u00a0]*)(?:Inc\b\.?|Incorporated|Corp\b\.?|"
    r"Corporation|Co\b\.?|Company|Ltd\b\.?|Limited|plc|PLC|LLC|N\.V\.|S\.A\.|AG\b|SE\b|Group|"
    r"Holdings?)")
SHARES_BEFORE_RE = re.compile(r"(?i:shares|stock|stake|position|units|ADRs?|ticker|symbol"
                              r"|puts|calls|options)(?:\s+of|\s+in)?\s*:?\s*$")
SHARES_AFTER_RE = re.compile(r"^(?:['’]s)?\s+(?i:shares|stock|stock's|ADRs?)\b")
CUE_RE = re.compile(
    r"\b(?i:shares?|stocks?|retailer|earnings|revenue|sales|guidance|quarter(?:ly)?|results|"
    r"fiscal|dividend|buyback|stores?|analysts?|investors?|downgrade[ds]?|upgrade[ds]?|"
    r"valuation|market cap|company|chief executive|CEO|EPS|outlook|margins?|forecast)\b")
BLOCK_AFTER_RE = re.compile(r"^\s+(?i:price|prices|priced|date|dates|range|rate|rates|zone|"
                            r"level|levels|audience|allocation|weight|return|yield)\b")
BLOCK_BEFORE_RE = re.compile(r"\b(?:a|an|the|our|their|its|my|your|this|that|no|price)\s+$")


@dataclass(slots=True)
class _Hit:
    """A candidate mention; ``needs`` is "" (accepted), "evidence" or "prior" (see below)."""

    start: int
    end: int
    symbol: str
    method: str
    confidence: float
    reason: str
    needs: str = ""


@Language.factory(
    "sentiment_tickers",
    default_config={"extra_aliases": None, "extra_symbols": None, "min_confidence": 0.5,
                    "names": True, "bare_symbols": True, "coreference": True},
    assigns=["doc._.tickers"],
)
def make_ticker_finder(nlp: Language, name: str, extra_aliases: str | None,
                       extra_symbols: str | None, min_confidence: float, names: bool,
                       bare_symbols: bool, coreference: bool) -> TickerFinder:
    """Build the ticker finder; ``extra_aliases``/``extra_symbols`` are TSV paths that add
    to the shipped gazetteer (``alias<TAB>symbol[<TAB>policy]``, ``symbol<TAB>name``)."""
    gazetteer = default_gazetteer()
    if extra_aliases or extra_symbols:
        gazetteer = gazetteer.copy()
        if extra_symbols:
            gazetteer.load_symbols(extra_symbols)
        if extra_aliases:
            gazetteer.load_aliases(extra_aliases)
    return TickerFinder(gazetteer, name=name, min_confidence=min_confidence, names=names,
                        bare_symbols=bare_symbols, coreference=coreference)


class TickerFinder:
    """Finds ticker mentions in text; a spaCy component writing ``Doc._.tickers``."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, name: str = "sentiment_tickers",
                 min_confidence: float = 0.5, names: bool = True, bare_symbols: bool = True,
                 coreference: bool = True) -> None:
        install_extensions()
        self.name = name
        self.gazetteer = gazetteer if gazetteer is not None else default_gazetteer().copy()
        self.min_confidence = min_confidence
        self.names, self.bare_symbols, self.coreference = names, bare_symbols, coreference
        prefixes = sorted(self.gazetteer.exchanges, key=len, reverse=True)
        alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in prefixes)
        self._exchange_re = re.compile(
            rf"(?<![\w])(?i:({alternation}))\s*[:：]\s*([A-Z0-9]{{1,6}}(?:[.\-][A-Z0-9]{{1,3}})?)"
            r"(?![\w&])")

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
        for doc, found in zip(docs, mentions):
            doc._.tickers = found

    # ----- prediction ----------------------------------------------------------------
    def find(self, text: str) -> list[TickerMention]:
        """Every ticker mention in ``text``, sorted by start offset (no side effects)."""
        if not text or not text.strip():
            return []
        lines = _Lines(text)
        hits = self._cashtags(text) + self._exchange(text)
        name_hits, tokens = self._names(text, lines) if self.names else ([], [])
        hits += self._parenthesised(text, name_hits) + name_hits
        if self.bare_symbols:
            hits += self._bare(text, lines)
        accepted = _settle(hits, text)
        if self.coreference and tokens:
            accepted = _settle(accepted + self._corefs(text, tokens, accepted), text)
        return [self._mention(text, h) for h in sorted(accepted, key=lambda h: h.start)
                if h.confidence >= self.min_confidence]

    def _mention(self, text: str, hit: _Hit) -> TickerMention:
        info = self.gazetteer.get(hit.symbol)
        return TickerMention(hit.symbol, text[hit.start:hit.end], hit.start, hit.end,
                             hit.method, round(min(hit.confidence, 1.0), 3),
                             info.name if info and info.name else None, hit.reason)

    def _cashtags(self, text: str) -> list[_Hit]:
        hits = []
        for m in CASHTAG_RE.finditer(text):
            raw = m.group(1)
            symbol = raw.upper().replace("-", ".")
            known = symbol in self.gazetteer
            if not known and not raw.isupper():
                continue  # "$bn", "$mm": lower-case cashtags must be listed symbols
            hits.append(_Hit(m.start(), m.end(), symbol, "cashtag", 0.99 if known else 0.8,
                             f"cashtag {m.group()}" + ("" if known else
                                                       " (symbol not in the gazetteer)")))
        return hits

    def _exchange(self, text: str) -> list[_Hit]:
        hits = []
        for m in self._exchange_re.finditer(text):
            suffix = self.gazetteer.exchange_suffix(m.group(1))
            local = m.group(2)
            if suffix is None or (not suffix and not re.search("[A-Z]", local)):
                continue
            symbol = _exchange_symbol(local, suffix)
            known = symbol in self.gazetteer
            hits.append(_Hit(m.start(2), m.end(2), symbol, "exchange", 0.98 if known else 0.85,
                             f"exchange prefix '{' '.join(m.group().split())}'"
                             + ("" if known else " (symbol not in the gazetteer)")))
        return hits

    def _parenthesised(self, text: str, name_hits: list[_Hit]) -> list[_Hit]:
        names_by_end = {h.end: h for h in name_hits}
        hits = []
        for m in PAREN_RE.finditer(text):
            if ":" in m.group(1) and not re.search(r"(?i)ticker|symbol", m.group(1)):
                continue  # "(NYSE: KO)" belongs to the exchange recogniser
            before = text[max(0, m.start() - 80):m.start()].rstrip()
            name = names_by_end.get(m.start() - (m.start() - max(0, m.start() - 80)
                                                 - len(before)))
            offset = m.start(1)
            for part in re.split(r"\s*(?:[,;]|\band\b)\s*", m.group(1)):
                start = text.find(part, offset, m.end()) if part else -1
                hit = self._paren_part(part, start, before, name) if start >= 0 else None
                if hit:
                    hits.append(hit)
                    offset = hit.end
        return hits

    def _paren_part(self, part: str, start: int, before: str, name: _Hit | None
                    ) -> _Hit | None:
        m = PAREN_PART_RE.fullmatch(part.strip())
        if not m:
            return None
        start += part.index(m.group(1))
        raw = m.group(1)
        symbol = raw.replace("-", ".").replace("/", ".")
        gaz, end = self.gazetteer, start + len(raw)
        if name and name.symbol == symbol:
            return _Hit(start, end, symbol, "parenthesised", 0.97,
                        "symbol in parentheses right after its company name")
        if _defines_acronym(before, raw) or gaz.is_stopword(raw):
            return None  # "artificial intelligence (AI)", "(CEO)"
        if symbol in gaz:
            return _Hit(start, end, symbol, "parenthesised", 0.9,
                        "listed symbol in parentheses")
        if re.search(r"(?:Inc|Corp|Co|Ltd|plc|[A-Z][a-z]+)\.?$", before) and len(raw) >= 2:
            return _Hit(start, end, symbol, "parenthesised", 0.6,
                        "upper-case code in parentheses after a name (not in the gazetteer)")
        return None

    def _names(self, text: str, lines: _Lines) -> tuple[list[_Hit], list[_Tok]]:
        tokens = [_Tok(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]
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

    def _name_at(self, text: str, tokens: list[_Tok], i: int, size: int, lines: _Lines
                 ) -> _Hit | None:
        span = tokens[i:i + size]
        entry = self.gazetteer.name(" ".join(t.key for t in span))
        if entry is None or not _joined(text, span) or not _cased(span, entry.text):
            return None
        start, end = span[0].start, _name_end(span[-1], entry.text)
        suffix = SUFFIX_AFTER_RE.match(text, end)
        if entry.needs_suffix and not suffix:
            return None
        end = suffix.end() if suffix else end
        label = "alias" if entry.source == "alias" else "name"
        reason = f"{label} '{entry.text}'" + (" with legal suffix" if suffix else "")
        if entry.policy == "coref":
            return _Hit(start, end, entry.symbol, "coreference", 0.8,
                        f"short name '{entry.text}' of a company named earlier", "prior")
        if entry.policy == "context" and not suffix:
            return self._context_name(text, start, end, entry.symbol, reason, lines)
        return _Hit(start, end, entry.symbol, label, 0.95 if suffix else 0.9, reason)

    def _context_name(self, text: str, start: int, end: int, symbol: str, reason: str,
                      lines: _Lines) -> _Hit:
        """A name that is also an ordinary word ("Target"): scored on evidence nearby."""
        if (BLOCK_AFTER_RE.match(text[end:end + 20]) or BLOCK_BEFORE_RE.search(
                text[max(0, start - 12):start]) or lines.all_caps(start)):
            return _Hit(start, end, symbol, "", 0.0, "")  # consumes the span, adds nothing
        cues = []
        if re.match(r"['’]s\b", text[end:end + 2]):
            cues.append("possessive")
        cue = CUE_RE.search(_sentence_around(text, start, end))
        if cue:
            cues.append(f"'{cue.group()}' nearby")
        if lines.mid_sentence(start):
            cues.append("capitalised mid-sentence")
        score = 0.45 + 0.2 * (len(cues) - ("capitalised mid-sentence" in cues)) + 0.1 * (
            "capitalised mid-sentence" in cues)
        reason = f"{reason} (an ordinary word too; " + (", ".join(cues) or "no cue") + ")"
        needs = "" if score >= 0.5 else "evidence"
        return _Hit(start, end, symbol, "alias", max(score, 0.8 if needs else score), reason,
                    needs)

    def _bare(self, text: str, lines: _Lines) -> list[_Hit]:
        gaz = self.gazetteer
        found = [m for m in BARE_RE.finditer(text) if m.group() in gaz.symbols]
        listed = _ticker_lists(text, found, gaz)
        hits = []
        for m in found:
            symbol, start, end = m.group(), m.start(), m.end()
            info = gaz.symbols[symbol]
            weak = gaz.is_stopword(symbol) or info.tier == 3 or lines.all_caps(start)
            cue = _shares_cue(text, start, end, strict=gaz.is_stopword(symbol))
            if start in listed:
                hits.append(_Hit(start, end, symbol, "bare_symbol", 0.75,
                                 "upper-case symbol in a list of tickers"))
            elif cue:
                hits.append(_Hit(start, end, symbol, "bare_symbol", 0.85 if not weak else 0.7,
                                 f"listed upper-case symbol with '{cue}'"))
            elif not weak:
                conf = 0.8 if info.tier == 1 else 0.7
                hits.append(_Hit(start, end, symbol, "bare_symbol", conf,
                                 f"upper-case symbol listed on {info.exchange or 'an exchange'}"
                                 + (" (index member)" if info.tier == 1 else "")))
            elif info.tier == 1 and not gaz.is_stopword(symbol):
                hits.append(_Hit(start, end, symbol, "bare_symbol", 0.55,
                                 "index-member symbol in an all-caps line"))
            else:
                hits.append(_Hit(start, end, symbol, "bare_symbol", 0.75,
                                 "ambiguous upper-case symbol, kept because the document "
                                 "names the company too", "evidence"))
        return hits

    def _corefs(self, text: str, tokens: list[_Tok], accepted: list[_Hit]) -> list[_Hit]:
        """Later mentions of the first word of a resolved multi-word name."""
        gaz, heads = self.gazetteer, {}
        for hit in sorted(accepted, key=lambda h: h.start):
            if hit.method in ("name", "alias"):
                head = TOKEN_RE.match(text, hit.start)
                key = name_key(head.group()) if head else ""
                if (head and head.end() < hit.end and len(key) >= 4 and head.group()[0].isupper()
                        and key not in gaz.name_stopwords and gaz.name(key) is None):
                    heads.setdefault(key, (hit.symbol, hit.end, head.group()))
        hits = []
        for tok in tokens:
            found = heads.get(tok.key)
            if found and tok.start >= found[1] and tok.text[:1].isupper():
                end = _name_end(tok, found[2])
                hits.append(_Hit(tok.start, end, found[0], "coreference", 0.75,
                                 f"'{found[2]}' refers back to the company named earlier"))
        return hits


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    key: str = ""

    def __post_init__(self) -> None:
        self.key = name_key(self.text)


class _Lines:
    """Per-line facts about the text (all caps?), computed once per line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._caps: dict[int, bool] = {}

    def _line(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end

    def all_caps(self, pos: int) -> bool:
        start, end = self._line(pos)
        if start not in self._caps:
            line = self.text[start:min(end, start + 2000)]
            letters = sum(c.isalpha() for c in line)
            self._caps[start] = letters >= 12 and sum(c.isupper() for c in line) > 0.7 * letters
        return self._caps[start]

    def mid_sentence(self, pos: int) -> bool:
        """True when a running-prose, lower-case word comes just before ``pos``."""
        before = self.text[max(0, pos - 30):pos]
        m = re.search(r"([A-Za-z]+)[ \u00a0]+$", before)
        return bool(m) and m.group(1).islower()


def _settle(hits: list[_Hit], text: str) -> list[_Hit]:
    """Drop overlaps (better method first), then accept the hits that needed evidence
    when the same symbol was confirmed elsewhere ("prior": earlier in the text) or when
    it stands in a coordination with a confirmed mention ("Visa and Mastercard")."""
    length = len(text)
    taken = bytearray(length + 1)
    chosen = []
    for hit in sorted(hits, key=lambda h: (PRIORITY.get(h.method, 6), h.needs != "", h.start)):
        if any(taken[hit.start:hit.end]):
            continue
        taken[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
        chosen.append(hit)
    first_seen: dict[str, int] = {}
    for hit in chosen:
        if not hit.needs and hit.method and hit.start < first_seen.get(hit.symbol, length + 1):
            first_seen[hit.symbol] = hit.start
    confirmed = sorted((h.start, h.end) for h in chosen if h.method and not h.needs)
    out = []
    for hit in chosen:
        seen = first_seen.get(hit.symbol)
        if hit.needs == "evidence" and seen is None and _coordinated(text, hit, confirmed):
            hit.reason += "; coordinated with another company"
            seen = hit.start
        if hit.method and (not hit.needs or (seen is not None and (
                hit.needs == "evidence" or seen < hit.start))):
            hit.needs = ""
            out.append(hit)
    return out


def _coordinated(text: str, hit: _Hit, confirmed: list[tuple[int, int]]) -> bool:
    """True when a confirmed mention sits next to ``hit``, joined by "and", "or", "," or "&"."""
    joiner = re.compile(r"\s*(?:,|and|or|&|vs\.?|versus)\s*")
    return any(joiner.fullmatch(text[e:hit.start]) or joiner.fullmatch(text[hit.end:s])
               for s, e in confirmed if e <= hit.start + 0 or s >= hit.end)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (at most 120 characters each side) holding text[start:end]."""
    left = text[max(0, start - 120):start]
    cut = max(left.rfind(". "), left.rfind("! "), left.rfind("? "), left.rfind("\n"))
    right = text[end:end + 120]
    stops = [i for i in (right.find(". "), right.find("! "), right.find("? "),
                         right.find("\n")) if i >= 0]
    return left[cut + 1:] + text[start:end] + right[:min(stops, default=len(right))]


def _ticker_lists(text: str, found: list[re.Match[str]], gaz: Gazetteer) -> set[int]:
    """Starts of symbols in runs of 3+ listed symbols separated by commas, slashes, "and"
    or line breaks (or only spaces, when the run fills its line) with 2+ unambiguous."""
    listed: set[int] = set()
    run: list[re.Match[str]] = []
    for m in [*found, None]:
        if m is not None and run and LIST_SEP_RE.fullmatch(text[run[-1].end():m.start()]):
            run.append(m)
            continue
        strong = sum(not gaz.is_stopword(r.group()) and gaz.symbols[r.group()].tier < 3
                     for r in run)
        if len(run) >= 3 and strong >= 2 and _separated(text, run):
            listed.update(r.start() for r in run)
        run = [m] if m is not None else []
    return listed


def _separated(text: str, run: list[re.Match[str]]) -> bool:
    gaps = [text[a.end():b.start()] for a, b in zip(run, run[1:])]
    if any(g.strip() for g in gaps):
        return True
    line_start = text.rfind("\n", 0, run[0].start()) + 1
    line_end = text.find("\n", run[-1].end())
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:run[0].start()].strip(" \t:-*•") and not text[
        run[-1].end():line_end].strip(" \t.")


def _shares_cue(text: str, start: int, end: int, *, strict: bool) -> str:
    before = text[max(0, start - 25):start]
    m = SHARES_BEFORE_RE.search(before)
    if m and (not strict or re.search(r"(?i)\bof\s*$|ticker|symbol", m.group())):
        return " ".join(m.group().split())
    after = SHARES_AFTER_RE.match(text[end:end + 20])
    if after and not strict:
        return " ".join(after.group().split())
    return ""


def _defines_acronym(before: str, acronym: str) -> bool:
    """True for "earnings per share (EPS)": the initials of the words before spell it."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", before[-120:])
             if w.lower() not in {"of", "and", "the", "for", "on", "in", "to"}]
    letters = acronym.replace(".", "").upper()
    return len(words) >= len(letters) and "".join(
        w[0] for w in words[-len(letters):]).upper() == letters


def _exchange_symbol(local: str, suffix: str) -> str:
    """The canonical symbol for "LSE: VOD" (VOD.L), "HKEX: 700" (0700.HK), "NYSE: BRK-B"."""
    if not suffix:
        return local.replace("-", ".")
    if suffix == ".HK" and local.isdigit():
        local = local.zfill(4)
    return local if local.endswith(suffix) else local + suffix


def _joined(text: str, span: list[_Tok]) -> bool:
    """Tokens of one name are separated by spaces only (no punctuation or line breaks)."""
    return all(not text[a.end:b.start].strip(" \u00a0\u202f\t") for a, b in zip(span, span[1:]))


def _cased(span: list[_Tok], canonical: str) -> bool:
    """Each word is capitalised or spelled as in the canonical name ("iShares", "of")."""
    for tok, canon in zip(span, canonical.split(" ")):
        first = tok.text[0]
        if not (first.isupper() or first.isdigit() or tok.key == name_key(canon) and (
                tok.text == canon or not canon[0].isupper())):
            return False
    return True


def _name_end(tok: _Tok, canonical: str) -> int:
    """Where a matched name ends: before a final dot or possessive the name lacks."""
    text, end = tok.text, tok.end
    last = canonical.split(" ")[-1]
    if text.endswith(".") and not last.endswith("."):
        text, end = text[:-1], end - 1
    possessive = re.search(r"['’ʼ]s?$", text)
    if possessive and not re.search(r"['’ʼ]s?$", last):
        end -= len(possessive.group())
    return end
