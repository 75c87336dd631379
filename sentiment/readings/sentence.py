"""A sentence as the readers see it: its text, its ticker mentions in order, its clauses, and
where a mention stands relative to a cue."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from sentiment.figures.clauses import default_clause_breaks
from sentiment.readings.types import Mention
from sentiment.wordlists import phrase_alternation, read_table, resource_path

# Between a company's name and its symbol: "Nvidia (NVDA)", "Micron (NASDAQ: MU)".
# Between a name and its "(SYM)": a fund's wrapper word the finder's name may leave out
# ("SPDR S&P 500 ETF (SPY)").
_NAME_TO_SYMBOL = re.compile(r"\s*(?:(?:ETF|ETN|Fund|Trust)\s*)?\(\s*(?:[A-Za-z]+\s*:\s*)?\$?$")
_CLOSE = re.compile(r"\s*\)")
# Past a mention: its "(SYM)" and a possessive.
_TAIL = re.compile(r"\)?(?:\s*\([^()]{1,24}\))?(?:'s|\u2019s|')?")
# Segments a rating or a position may stand alone in: table cells, bullets, headings.
SEGMENT_BREAKS = re.compile(r"[|;:\n\u2022]|\s/\s|\s[-\u2013\u2014]\s")
# A company's or fund's name in capitals, then the "(" of its symbol.
_NAME_BEFORE_SYMBOL = re.compile(
    r"(?<![\w&.'\u2019-])[A-Z0-9][\w&.'\u2019-]*(?:\s+(?:[A-Z0-9][\w&.'\u2019-]*|of|and|&|the))"
    r"{0,8}\s*\(\s*(?:[A-Za-z]+\s*:\s*)?\$?$"
)
# A fund sponsor's name in the possessive right before its symbol: "iShares' IVV".
_SPONSOR_BEFORE = re.compile(r"(?<![\w'\u2019])[A-Za-z][\w.-]*['\u2019]s?\s+$")
_RELATIVE = re.compile(r",\s*(?:which|whose|who)\b[^,;]{0,80},", re.I)
# An apposition right after a mention, to its closing comma or the sentence's end: ", its
# largest US retail partner,", ", the Chilean rival whose ADRs trade in New York,". ``head``:
# its last word before any phrase that qualifies it ("end-customer for cable assemblies").
_APPOSITION = re.compile(
    r",\s+(?:one\s+of\s+)?(?:its|their|the|a|an|our)\s+[^,;.()]{0,80}?(?:\b|-)(?P<head>[A-Za-z]+)"
    r"(?:\s+(?:for|of|in|on|at|since|to|with)\s+[^,;.()]{1,40}?)?\s*(?=[,.;]|$)",
    re.I,
)
# An apposition between commas that may hold a "(SYM)": ", the healthcare business 3M (MMM)
# spun off in April,".
_BRACKETED_APPOSITION = re.compile(r",\s+(?:the|its|a|an|their|our)\s+[^,;]{1,100}?,", re.I)
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s+)\s*")
# Where a clause's subject stands: the sentence's start, after a comma or a semicolon (and an
# "and"), "while", "but", "as", "after", "with", "whereas" or "(al)though". A bare "and" is not
# enough ("competition from Databricks and Oracle is rising"); "shares of" before a name makes
# it the subject.
CLAUSE_START = (
    r"(?:^|[,;:]\s*(?:and\s+|but\s+)?|\b(?:while|but|as|after|with|whereas|though|although)\s+)"
)
_CLAUSE_OPENER = re.compile(CLAUSE_START + r"\s*(?:the\s+)?$", re.I)
# A relative clause opening right after a ticker and its comma: "Dick's (DKS), which raised",
# and what ends it before a cue.
_RELATIVE_OPENER = re.compile(r"\s*,\s*(?:which|who)\s", re.I)
_RELATIVE_END = re.compile(r"[,;:]|\b(?:but|while|and|whereas)\b", re.I)
# A negation right before a pick or a rank: "not the better choice", "neither is the better".
NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|n't|never|neither\s+(?:is|was|are|one\s+is)|nor)\s+(?:\w+\s+){0,2}?$", re.I
)
SPACES = re.compile(r"\s*")  # matched right after a cue, to the word that follows
# A move named only as what was not done: "held rather than raised", "instead of raising it".
NOT_DONE = re.compile(r"\b(?:rather\s+than|instead\s+of)\s+$", re.I)
# A target moved, listed right after its ticker (or its broker): ": to $850 from $780".
LISTED_MOVE = re.compile(r"\s*[:,]?\s*(to\s+\$\s?\d[^;]{0,20}?from\s+\$\s?\d[\d,.]*)", re.I)
# A line's label: a ticker opening the line (past a bullet), then its "(SYM)" and a colon or
# a dash.
_LABEL_START = re.compile(r"^[\s\-\u2022*\u2013\u2014]*$")
_LABEL_END = re.compile(r"(?:\s*\([^()]{1,16}\))?\s*(?::|\s[\u2014\u2013-])\s")
_SHARES_OF = re.compile(r"\b(?:shares|stock)\s+(?:of|in)\s+$", re.I)


@dataclass(frozen=True)
class Sentence:
    """A sentence and its mentions, merged (a name and its symbol are one mention)."""

    text: str
    mentions: tuple[Mention, ...]

    @classmethod
    def of(cls, text: str, mentions: Sequence[Mention]) -> Sentence:
        """The sentence with its valid mentions in order and a name and its "(SYM)" merged."""
        valid = sorted(
            (
                _with_exchange(text, Mention(str(m[0]), int(m[1]), int(m[2])))
                for m in mentions
                if 0 <= int(m[1]) < int(m[2]) <= len(text) and str(m[0]).strip()
            ),
            key=lambda m: (m.start, m.end),
        )
        merged: list[Mention] = []
        for mention in valid:
            last = merged[-1] if merged else None
            if last and last.symbol == mention.symbol and _joins_symbol(text, last, mention):
                close = _CLOSE.match(text, mention.end)
                end = close.end() if close else mention.end
                merged[-1] = Mention(last.symbol, last.start, end)
            elif not last or mention.start >= last.end:
                merged.append(mention)
        return cls(text, tuple(merged))

    @cached_property
    def symbols(self) -> tuple[str, ...]:
        """The distinct symbols, in order of first mention."""
        return tuple(dict.fromkeys(m.symbol for m in self.mentions))

    @cached_property
    def label(self) -> Mention | None:
        """The ticker heading the sentence's line as its label ("- Qualcomm (QCOM): ...",
        "Kroger (NYSE:KR): Evercore ISI to $68", "Micron (MU) - ..."), or None."""
        first = self.mentions[0] if self.mentions else None
        if first is None or not _LABEL_START.match(self.text[: first.start]):
            return None
        return first if _LABEL_END.match(self.text, first.end) else None

    @cached_property
    def shouting(self) -> bool:
        """Is the text all in capitals (so a capital letter tells nothing)?"""
        return not any(ch.islower() for ch in self.text)

    @cached_property
    def apposed(self) -> frozenset[Mention]:
        """The mentions inside the apposition after another mention, symbols in brackets and
        all ("Solventum (SOLV), the healthcare business 3M (MMM) spun off in April, ...": 3M),
        found once."""
        found = set()
        for mention in self.mentions:
            apposition = _BRACKETED_APPOSITION.match(self.text, self.tail_end(mention))
            if apposition is not None:
                low, high = apposition.span()
                found.update(m for m in self.mentions if low <= m.start and m.end <= high)
        return frozenset(found)

    @cached_property
    def breaks(self) -> tuple[tuple[int, int], ...]:
        """The spans of the figure layer's claim breaks in the text, found once."""
        patterns = default_clause_breaks().claim
        return tuple(m.span() for p in patterns for m in p.finditer(self.text))

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause that holds the span (as :func:`~sentiment.figures.clauses.clause_of`
        with the claim breaks: a break overlapping the span is none)."""
        low, high = 0, len(self.text)
        for b_start, b_end in self.breaks:
            if b_end <= start:
                low = max(low, b_end)
            elif b_start >= end:
                high = min(high, b_start)
        return low, high

    def stands_as_subject(self, mention: Mention, described: re.Pattern[str] | None = None) -> bool:
        """Does ``mention`` stand where a clause's subject does (see ``_CLAUSE_OPENER``), or,
        given the ``described`` pattern (the vocabulary's ``subject_described``), right after
        the noun that describes it there ("Power-equipment suppliers Vertiv (VRT) ...")?"""
        before = self.text[max(0, mention.start - 12) : mention.start]
        return bool(
            _CLAUSE_OPENER.search(before)
            or _SHARES_OF.search(self.text, 0, mention.start)
            or (
                described and described.search(self.text, max(0, mention.start - 40), mention.start)
            )
        )

    def subject_at(self, position: int, described: re.Pattern[str] | None = None) -> str | None:
        """The ticker a clause is about at ``position``: the one a relative clause holding it
        follows ("Dick's (DKS), which raised"), else the nearest mention before it in its
        clause when that stands as the clause's subject, else None (the subject is
        "management", "it" or another noun)."""
        prior = next(iter(self.before(position)), None)
        opener = prior and _RELATIVE_OPENER.match(self.text, self.tail_end(prior))
        if (
            opener
            and opener.end() <= position
            and not _RELATIVE_END.search(self.text, opener.end(), position)
        ):
            # "..., shifted to Dick's Sporting Goods (DKS), which raised its guidance": the
            # relative clause is about the ticker it follows
            return prior.symbol
        low, _ = self.clause(position, position)
        nearest = next(iter(self.before(position, low)), None)
        return nearest.symbol if nearest and self.stands_as_subject(nearest, described) else None

    def segment(self, start: int, end: int) -> tuple[int, int]:
        """The clause of the span, cut further at table cells, bullets and headings."""
        low, high = self.clause(start, end)
        for match in SEGMENT_BREAKS.finditer(self.text, low, high):
            if match.end() <= start:
                low = match.end()
            elif match.start() >= end and match.start() < high:
                high = match.start()
        return low, high

    def before(self, position: int, low: int = 0) -> list[Mention]:
        """Mentions ending at or before ``position`` (and starting at or after ``low``),
        nearest first."""
        return [m for m in reversed(self.mentions) if m.end <= position and m.start >= low]

    def after(self, position: int, high: int | None = None) -> list[Mention]:
        """Mentions starting at or after ``position`` (and ending by ``high``), nearest first."""
        high = len(self.text) if high is None else high
        return [m for m in self.mentions if m.start >= position and m.end <= high]

    def right_after(self, position: int, gap: re.Pattern[str]) -> Mention | None:
        """The mention that starts after ``position`` with only ``gap`` between, or ``gap``
        and a name the ticker finder did not take ("the Vanguard 500 Index Fund (VFIAX)")."""
        for mention in self.after(position):
            if gap.fullmatch(self.text, position, mention.start):
                return mention
            name = _NAME_BEFORE_SYMBOL.search(self.text, position, mention.start)
            if name is not None and gap.fullmatch(self.text, position, name.start()):
                return mention
            return None
        return None

    def tail_end(self, mention: Mention) -> int:
        """Where a mention's "(SYM)" (or the ")" of a symbol in brackets) and possessive end."""
        match = _TAIL.match(self.text, mention.end)
        return match.end() if match else mention.end

    def shows_symbol(self, mention: Mention) -> bool:
        """Is ``mention``'s symbol written in it or its tail ("Goldman Sachs (GS)", "$GS",
        "GS"), as a covered stock's is, not a house's name alone ("JPMorgan")?"""
        written = self.text[mention.start : self.tail_end(mention)]
        return re.search(rf"\b{re.escape(mention.symbol)}\b", written) is not None

    def rated_before(self, broker: Mention, brokers: frozenset[str]) -> Mention | None:
        """The company a ``broker``'s listed target move is for ("after Estee Lauder's (EL)
        guidance pull: JPMorgan to $80 from $105"): the last ticker other than a broker named
        before it; None where ``broker`` is no broker of ``brokers``, is written with its
        symbol (a covered stock: "U.S. Bancorp (USB) to $52 ...; Goldman Sachs (GS) to $850"
        is GS's own), or no such ticker comes before it."""
        if broker.symbol not in brokers or self.shows_symbol(broker):
            return None
        return next((m for m in self.before(broker.start) if m.symbol not in brokers), None)

    def apposition(self, mention: Mention, at: int | None = None) -> re.Match[str] | None:
        """The apposition right after ``mention``'s tail (or at ``at``), if any."""
        return _APPOSITION.match(self.text, self.tail_end(mention) if at is None else at)

    def relative_end(self, mention: Mention) -> int:
        """Where a mention's tail and a relative clause after it end ("Gap Inc., whose
        Athleta brand also competes, were unchanged")."""
        tail = self.tail_end(mention)
        match = _RELATIVE.match(self.text, tail)
        return match.end() if match else tail

    def outer(self, mention: Mention) -> Mention:
        """The mention whose relative clause holds ``mention`` ("SMH, which caps Nvidia at
        20%, returned 38%": SMH), else ``mention`` itself."""
        for earlier in self.before(mention.start):
            if self.tail_end(earlier) < mention.start and mention.end <= self.relative_end(earlier):
                return earlier
        return mention

    def listed_after(self, mention: Mention) -> list[Mention]:
        """The mentions listed right after ``mention`` ("Microsoft and Amazon", "A, B or C");
        commas alone make no list ("according to Goldman, Costco's fees rose")."""
        found, current, last_and = [], mention, 0
        for following in self.after(mention.end):
            join = self._join(current, following)
            if join is None:
                break
            found.append(following)
            if re.search(r"\b(?:and|or)\b|&", join.group()):
                last_and = len(found)
            current = following
        return found[:last_and]

    def _join(self, first: Mention, second: Mention) -> re.Match[str] | None:
        """The list join ("and", ", ") from ``first``'s tail to ``second``, past a name the
        finder did not take before ``second``'s symbol ("ICE and Cboe (CBOE)") or a sponsor's
        possessive before it ("Vanguard's VOO and iShares' IVV")."""
        join = _LIST_JOIN.fullmatch(self.text, self.tail_end(first), second.start)
        if join is None:
            name = _NAME_BEFORE_SYMBOL.search(
                self.text, self.tail_end(first), second.start
            ) or _SPONSOR_BEFORE.search(self.text, self.tail_end(first), second.start)
            end = name.start() if name else second.start
            join = _LIST_JOIN.fullmatch(self.text, self.tail_end(first), end)
        return join

    def listed_before(self, mention: Mention) -> list[Mention]:
        """The mentions listed right before ``mention`` ("Citigroup and Goldman Sachs")."""
        found, current = [], mention
        for previous in self.before(mention.start):
            if self._join(previous, current) is None:
                break
            found.append(previous)
            current = previous
        return (
            found
            if found and re.search(r"\b(?:and|or)\b|&", self.text[found[0].end : mention.start])
            else []
        )


@lru_cache(maxsize=1)
def _exchange_prefix() -> re.Pattern[str]:
    """An exchange's prefix right before a symbol ("NYSE:WMB", "NASDAQ: AAPL"): the finder's
    exchanges (``resources/exchanges.tsv``)."""
    prefixes = [row[0] for row in read_table(resource_path("exchanges.tsv"), 1, 2)]
    alternation = phrase_alternation(prefixes)
    return re.compile(rf"(?<![\w:])(?:{alternation})\s*:\s*$", re.I)


def _with_exchange(text: str, mention: Mention) -> Mention:
    """``mention`` widened over the exchange prefix right before it, which is part of how
    the symbol is written ("long NYSE:WMB" is a position in WMB)."""
    found = _exchange_prefix().search(text, max(0, mention.start - 20), mention.start)
    return mention._replace(start=found.start()) if found else mention


def _joins_symbol(text: str, name: Mention, symbol: Mention) -> bool:
    return _NAME_TO_SYMBOL.fullmatch(text, name.end, symbol.start) is not None
