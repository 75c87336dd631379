"""Rules and shared pieces of the ticker finder (``sentiment.components.tickers``).

Candidate hits, per-line facts, overlap resolution, list and table detection, business
cues and the context word lists read from ``sentiment/resources/ticker_context.tsv`` and
``symbol_industries.tsv``: what the recognisers (``ticker_symbols``, ``ticker_parentheses``,
``ticker_names``, ``ticker_coreference``) share. Everything here is pure: no spaCy, no Doc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from sentiment.gazetteer import Gazetteer, exchange_symbol, name_key
from sentiment.wordlists import phrase_alternation, read_lines, read_table

# Lower numbers win when two hits overlap.
PRIORITY = {
    "cashtag": 0,
    "exchange": 1,
    "parenthesised": 2,
    "name": 3,
    "alias": 3,
    "bare_symbol": 4,
    "coreference": 5,
}
LIST_SEP_RE = re.compile(r"\s*(?:[,;/|]|\band\b|&)\s*|\s*\n\s*(?:[-*•]\s+)?|\s+")
BULLET_LABEL_RE = re.compile(r"[ \t]*(?:[-*•][ \t]*)?")  # a line's start, a bullet
# After a line's label: a colon or a dash, then words ("Vertex: ...", "Chewy - 1Q recap: ..."),
# not a price ("Target: $150").
LABEL_AFTER_RE = re.compile(r"(?::[ \t]+(?![$\d])|[ \t]+[-\u2013\u2014][ \t]+\d?)[A-Za-z]")
LIST_LABEL_RE = re.compile(r"[ \t]*(?:[-*•][ \t]*)?(?:[A-Za-z][\w &'/()-]{0,40}:)?[ \t]*")
SHARES_BEFORE_RE = re.compile(
    r"(?i:shares|stock|stake|position|units|ADRs?|ticker|symbol"
    r"|puts|calls|options)(?:\s+of|\s+in)?\s*:?\s*$"
)
SHARES_AFTER_RE = re.compile(r"^(?:['’]s)?\s+(?i:shares|stock|stock's|ADRs?)\b")
POSSESSIVE_RE = re.compile(r"['’]s\b")
TABLE_SPLIT_RE = re.compile(r"\t|\|")
TABLE_RULE_RE = re.compile(r"[\s|:+-]*")
TABLE_SYMBOL_RE = re.compile(r"\$?([A-Z]{1,5}(?:[.\-/][A-Z]{1,2})?)")
# An offset before any in this text: where an earlier chunk's confirmation or name lies.
BEFORE_TEXT = -1


class Context(NamedTuple):
    """The context word lists, compiled (see ``ticker_context.tsv``)."""

    cue: re.Pattern[str]
    deal: re.Pattern[str]
    table_headers: frozenset[str]
    particles: frozenset[str]
    verb_before: re.Pattern[str]
    verb_object: re.Pattern[str]
    acronyms: frozenset[str]
    move: re.Pattern[str]
    house: re.Pattern[str]
    houses: frozenset[str]
    industries: dict[str, re.Pattern[str]]
    position: re.Pattern[str]


@lru_cache(maxsize=1)
def context() -> Context:
    """The shipped context word lists, read once per process."""
    root = Path(str(resources.files("sentiment") / "resources"))
    path = root / "ticker_context.tsv"
    words: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, phrase = line.partition("\t")
            words.setdefault(kind.strip(), []).append(" ".join(phrase.split()))

    def alternation(kind: str) -> str:
        return phrase_alternation(words.get(kind, []))

    return Context(
        cue=re.compile(rf"\b(?i:{alternation('cue')})\b"),
        deal=re.compile(rf"\b(?i:{alternation('deal')})\s+$"),
        table_headers=frozenset(w.lower() for w in words.get("table_header", [])),
        particles=frozenset(words.get("particle", [])),
        verb_before=re.compile(rf"\b(?:{alternation('verb_before')})[ \u00a0]+$"),
        verb_object=re.compile(rf"[ \u00a0]+(?:{alternation('verb_object')})\b"),
        acronyms=frozenset(words.get("acronym", [])),
        move=re.compile(
            rf"(?:[ \u00a0]+(?:{alternation('move')})\b|[ \u00a0]+[+\-\u2212]\d[\d.]*%)"
        ),
        house=re.compile(rf"[ \u00a0]+(?:{phrase_alternation(_house_verbs(root, words))})\b"),
        houses=frozenset(_first_cells(root / "readings" / "brokers.txt")),
        industries=_industries(root / "symbol_industries.tsv"),
        position=re.compile(rf"\b(?i:{phrase_alternation(_position_words(root))})[ \u00a0]+$"),
    )


def _position_words(root: Path) -> list[str]:
    """The position and trade words of the readings (``readings/positions.tsv``,
    ``readings/trades.tsv``; their phrases, not their patterns): "long", "short", "bought"."""
    words = _first_cells(root / "readings" / "positions.tsv")
    words += _first_cells(root / "readings" / "trades.tsv")
    return [w for w in words if not w.startswith("re:")]


def _industries(path: Path) -> dict[str, re.Pattern[str]]:
    """Symbol -> a pattern of the words naming its industry (``symbol_industries.tsv``)."""
    found = {}
    for symbol, words in read_table(path, 2):  # cells come stripped
        alternation = phrase_alternation(w for w in words.split("|") if w.strip())
        found[symbol] = re.compile(rf"(?<![\w$&.-])(?:{alternation})(?![\w&-])")
    return found


def _house_verbs(root: Path, words: dict[str, list[str]]) -> list[str]:
    """What a house does right after its name: the ``house`` rows, and the verbs of a
    source (``readings/source_verbs.txt``) and of a rating action
    (``readings/rating_actions.tsv``), lower case."""
    readings = root / "readings"
    verbs = _first_cells(readings / "source_verbs.txt") + _first_cells(
        readings / "rating_actions.tsv"
    )
    return list(dict.fromkeys([*words.get("house", []), *(v.lower() for v in verbs)]))


def _first_cells(path: Path) -> list[str]:
    """The first cell of each content line of a list or table (:func:`read_lines`)."""
    return [line.split("\t")[0].strip() for line in read_lines(path)]


@dataclass(slots=True)
class Hit:
    """A candidate mention; ``needs`` is "" (accepted), "evidence" or "prior" (see
    :func:`settle`)."""

    start: int
    end: int
    symbol: str
    method: str
    confidence: float
    reason: str
    needs: str = ""


@dataclass(slots=True)
class Tok:
    """A name token of the text with its lookup key."""

    start: int
    end: int
    text: str
    key: str = ""

    def __post_init__(self) -> None:
        self.key = name_key(self.text)


class Lines:
    """Per-line facts about the text (all caps? title case?), computed once per line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._caps: dict[int, bool] = {}
        self._title: dict[int, bool] = {}

    def _line(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end

    def all_caps(self, pos: int) -> bool:
        start, end = self._line(pos)
        if start not in self._caps:
            line = self.text[start : min(end, start + 2000)]
            letters = sum(c.isalpha() for c in line)
            self._caps[start] = letters >= 12 and sum(c.isupper() for c in line) > 0.7 * letters
        return self._caps[start]

    def title_case(self, pos: int) -> bool:
        """True for a headline-style line where most longer words are capitalised."""
        start, end = self._line(pos)
        if start not in self._title:
            words = re.findall(r"[A-Za-z]{4,}", self.text[start : min(end, start + 400)])
            self._title[start] = len(words) >= 3 and sum(
                w[0].isupper() for w in words
            ) >= 0.8 * len(words)
        return self._title[start]

    def mid_sentence(self, pos: int) -> bool:
        """True when a running-prose, lower-case word comes just before ``pos``."""
        before = self.text[max(0, pos - 30) : pos]
        m = re.search(r"([A-Za-z]+)[ \u00a0]+$", before)
        return bool(m) and m.group(1).islower()


def settle(hits: list[Hit], text: str, confirmed_before: frozenset[str] = frozenset()) -> list[Hit]:
    """Drop overlaps (better method first), then accept the hits that needed evidence
    when the same symbol was confirmed elsewhere ("prior": earlier in the text, or in
    ``confirmed_before``, the earlier chunks of a long document) or when it stands in a
    coordination with a confirmed mention ("Visa and Mastercard")."""
    length = len(text)
    taken = bytearray(length + 1)
    chosen = []
    for hit in sorted(hits, key=lambda h: (PRIORITY.get(h.method, 6), h.needs != "", h.start)):
        if any(taken[hit.start : hit.end]):
            continue
        taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
        chosen.append(hit)
    first_seen: dict[str, int] = dict.fromkeys(confirmed_before, BEFORE_TEXT)
    for hit in chosen:
        if not hit.needs and hit.method and hit.start < first_seen.get(hit.symbol, length + 1):
            first_seen[hit.symbol] = hit.start
    confirmed = sorted((h.start, h.end) for h in chosen if h.method and not h.needs)
    out = []
    for hit in chosen:
        seen = first_seen.get(hit.symbol)
        if (
            hit.needs == "evidence"
            and hit.method in ("alias", "name")
            and seen is None
            and coordinated(text, hit, confirmed)
        ):
            hit.reason += "; coordinated with another company"
            seen = hit.start
        if hit.method and (
            not hit.needs or (seen is not None and (hit.needs == "evidence" or seen < hit.start))
        ):
            hit.needs = ""
            out.append(hit)
    return out


_JOINER_RE = re.compile(r"\s*(?:,|and|or|&|vs\.?|versus)\s*")


def coordinated(text: str, hit: Hit, confirmed: list[tuple[int, int]]) -> bool:
    """True when a confirmed mention sits next to ``hit``, joined by "and", "or", "," or "&"."""
    return any(
        _JOINER_RE.fullmatch(text[e : hit.start]) or _JOINER_RE.fullmatch(text[hit.end : s])
        for s, e in confirmed
        if e <= hit.start or s >= hit.end
    )


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (at most 120 characters each side) holding text[start:end]."""
    left = text[max(0, start - 120) : start]
    cut = max(left.rfind(". "), left.rfind("! "), left.rfind("? "), left.rfind("\n"))
    right = text[end : end + 120]
    stops = [
        i
        for i in (right.find(". "), right.find("! "), right.find("? "), right.find("\n"))
        if i >= 0
    ]
    return left[cut + 1 :] + text[start:end] + right[: min(stops, default=len(right))]


# A relative clause right after a name, between commas: its move may follow it.
_RELATIVE_AFTER = re.compile(r",\s*(?:which|who|whose)\b[^,;]{1,80},(?=[ \u00a0])")


# A price right after a move: the word "target" and its level ("Target stays at $150").
_PRICE_AFTER = re.compile(r"[ \u00a0]*(?:at|to)?[ \u00a0]*\$\d")


def business_cues(text: str, start: int, end: int) -> list[str]:
    """Business context around a name: a possessive, a cue word in its sentence, a position
    or a trade right before it ("Long Visa, short ...") or a move right after it or after a
    relative clause on it ("Target reports on Wednesday", "Norwegian +5%", "Snowflake, which
    reports next week, rose 4%")."""
    ctx = context()
    cues = ["possessive"] if re.match(r"['’]s\b", text[end : end + 2]) else []
    cue = ctx.cue.search(sentence_around(text, start, end))
    if cue:
        cues.append(f"'{cue.group()}' nearby")
    position = ctx.position.search(text, max(0, start - 24), start)
    if position:  # "Long Visa, short American Express", "Short Chewy against a long in ..."
        cues.append(f"'{position.group().strip()}' before it")
    relative = _RELATIVE_AFTER.match(text, end)  # "Snowflake, which reports next week, rose 4%"
    move = ctx.move.match(text, relative.end() if relative else end)
    if move and not _PRICE_AFTER.match(text, move.end()):  # "Target stays at $150": a target
        cues.append(f"'{move.group().strip()}' after it")
    if BULLET_LABEL_RE.fullmatch(text, text.rfind("\n", 0, start) + 1, start) and (
        LABEL_AFTER_RE.match(text, end)
    ):
        cues.append("a label")  # "- Lennox: volumes worse than its guide implies", "Vertex: ..."
    return cues


def ticker_lists(text: str, found: list[re.Match[str]], gaz: Gazetteer) -> set[int]:
    """Starts of symbols in runs of listed symbols separated by commas, slashes, "and",
    bullets or line breaks (or only spaces, when the run fills its line): 3+ symbols with
    2+ unambiguous ones, or with one when the run fills its line after a label
    ("Long: JPM, GS, MS")."""
    listed: set[int] = set()
    run: list[re.Match[str]] = []
    for m in [*found, None]:
        if m is not None and run and LIST_SEP_RE.fullmatch(text[run[-1].end() : m.start()]):
            run.append(m)
            continue
        strong = sum(
            not gaz.is_stopword(r.group()) and gaz.symbols[r.group()].tier < 3 for r in run
        )
        if (
            len(run) >= 3
            and strong >= 1
            and ((strong >= 2 and separated(text, run)) or fills_line(text, run))
        ):
            listed.update(r.start() for r in run)
        run = [m] if m is not None else []
    return listed | _label_lines(text, found, gaz)


def _label_lines(text: str, found: list[re.Match[str]], gaz: Gazetteer) -> set[int]:
    """Starts of symbols that each head a line of a block as its label ("- MSFT: Azure +39%",
    "- KO: reaffirms its target"): with 3+ such lines in a row and 2+ unambiguous symbols,
    the block is a list of tickers, its ambiguous labels ("F", "ET") too."""
    heads = [
        m
        for m in found
        if BULLET_LABEL_RE.fullmatch(text, text.rfind("\n", 0, m.start()) + 1, m.start())
        and LABEL_AFTER_RE.match(text, m.end())
    ]
    listed: set[int] = set()
    block: list[re.Match[str]] = []
    for m in [*heads, None]:
        if m is not None and block and text.count("\n", block[-1].end(), m.start()) == 1:
            block.append(m)
            continue
        strong = sum(
            not gaz.is_stopword(r.group()) and gaz.symbols[r.group()].tier < 3 for r in block
        )
        if len(block) >= 3 and strong >= 2:
            listed.update(r.start() for r in block)
        block = [m] if m is not None else []
    return listed


def separated(text: str, run: list[re.Match[str]]) -> bool:
    """True when the symbols of a run have punctuation between them or fill their line."""
    gaps = [text[a.end() : b.start()] for a, b in pairwise(run)]
    return any(g.strip() for g in gaps) or fills_line(text, run)


def fills_line(text: str, run: list[re.Match[str]]) -> bool:
    """True when nothing but a bullet or a short label ("Top picks:") precedes the run on
    its first line and nothing but a full stop follows it on its last."""
    line_start = text.rfind("\n", 0, run[0].start()) + 1
    line_end = text.find("\n", run[-1].end())
    line_end = len(text) if line_end < 0 else line_end
    return bool(LIST_LABEL_RE.fullmatch(text, line_start, run[0].start())) and not text[
        run[-1].end() : line_end
    ].strip(" \t.")


def table_symbols(text: str, headers: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, symbol, header) of every cell under a ticker column of a pipe- or
    tab-separated table ("| Ticker | Price |" then "| AAPL | 227.5 |")."""
    out: list[tuple[int, int, str, str]] = []
    column, header, pos = -1, "", 0
    for line in text.split("\n"):
        cells = _cells(line, pos)
        if len(cells) < 2:
            column = -1
        elif column < 0:
            names = [" ".join(c.lower().split()) for c, _ in cells]
            column = next((i for i, n in enumerate(names) if n in headers), -1)
            header = cells[column][0].strip() if column >= 0 else ""
        elif not TABLE_RULE_RE.fullmatch(line) and column < len(cells):
            cell, start = cells[column]
            m = TABLE_SYMBOL_RE.fullmatch(cell.strip())
            if m:
                offset = start + cell.index(m.group(1))
                out.append(
                    (
                        offset,
                        offset + len(m.group(1)),
                        m.group(1).replace("-", ".").replace("/", "."),
                        header,
                    )
                )
        pos += len(line) + 1
    return out


def _cells(line: str, pos: int) -> list[tuple[str, int]]:
    """The cells of a table row with their start offsets (a leading/trailing "|" dropped)."""
    if "\t" not in line and "|" not in line:
        return []
    cells, start = [], pos
    for part in TABLE_SPLIT_RE.split(line):
        cells.append((part, start))
        start += len(part) + 1
    if line.lstrip().startswith("|"):
        cells = cells[1:]
    if line.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def shares_cue(text: str, start: int, end: int, *, strict: bool) -> str:
    """A "shares of X" / "X shares" / "X's" cue around a bare symbol ("" if none)."""
    before = text[max(0, start - 25) : start]
    m = SHARES_BEFORE_RE.search(before)
    if m and (not strict or re.search(r"(?i)\bof\s*$|ticker|symbol", m.group())):
        return " ".join(m.group().split())
    after = SHARES_AFTER_RE.match(text[end : end + 20])
    if after and not strict:
        return " ".join(after.group().split())
    if not strict and POSSESSIVE_RE.match(text, end):
        return "possessive"
    return ""


def defines_acronym(before: str, acronym: str) -> bool:
    """True for "earnings per share (EPS)": the initials of the words before spell it."""
    words = [
        w
        for w in re.findall(r"[A-Za-z][\w'-]*", before[-120:])
        if w.lower() not in {"of", "and", "the", "for", "on", "in", "to"}
    ]
    letters = acronym.replace(".", "").upper()
    return (
        len(words) >= len(letters)
        and "".join(w[0] for w in words[-len(letters) :]).upper() == letters
    )


def joined(text: str, span: list[Tok]) -> bool:
    """Tokens of one name are separated by spaces only (no punctuation or line breaks), but
    for an exclamation mark or a plus that ends a word of the name ("Yum! Brands", "iShares
    20+ Year Treasury Bond ETF") and a fund name's dollar sign ("iShares iBoxx $ High Yield")."""
    return all(
        text[a.end : b.start].removeprefix("!").removeprefix("+").strip(" \u00a0\u202f\t")
        in ("", "$")
        for a, b in pairwise(span)
    )


def cased(span: list[Tok], canonical: str) -> bool:
    """Each word is capitalised or spelled as in the canonical name ("iShares", "of")."""
    for tok, canon in zip(span, canonical.split(" "), strict=False):
        first = tok.text[0]
        if not (
            first.isupper()
            or first.isdigit()
            or tok.key == name_key(canon)
            and (tok.text == canon or not canon[0].isupper())
        ):
            return False
    return True


def name_end(tok: Tok, canonical: str) -> int:
    """Where a matched name ends: before a final dot or possessive the name lacks."""
    text, end = tok.text, tok.end
    last = canonical.split(" ")[-1]
    if text.endswith(".") and not last.endswith("."):
        text, end = text[:-1], end - 1
    possessive = re.search(r"['’ʼ]s?$", text)
    if possessive and not re.search(r"['’ʼ]s?$", last):
        end -= len(possessive.group())
    return end


def local_listing(
    gaz: Gazetteer, suffixes: tuple[str, ...], code: str, named: str | None, before: str
) -> str | None:
    """The listing a local code in parentheses stands for ("7203" -> 7203.T): the code on
    an exchange of exchanges.tsv (``suffixes``) whose company is the one the name before
    resolved to (``named``: Toyota's US ADR is the same Toyota Motor Corporation), else,
    when the code is no symbol itself, the one whose company name starts with one of the
    last four words before the parentheses ("Mitsubishi UFJ Financial (8306)")."""
    listings = [
        listing for listing in (exchange_symbol(code, s) for s in suffixes) if listing in gaz
    ]
    info = gaz.get(named) if named else None
    if info is not None and info.name:
        for listing in listings:
            if name_key(gaz.symbols[listing].name) == name_key(info.name):
                return listing
    if code in gaz:
        return None
    words = {name_key(w) for w in re.findall(r"[\w&'’.-]+", before)[-4:]}
    for listing in listings:
        first = gaz.symbols[listing].name.split()[:1]
        if first and name_key(first[0].strip(",")) in words:
            return listing
    return None
