"""Whose figure each figure of a claim is (part of :mod:`sentiment.components.claim_figures`).

In order of precedence:

- "respectively" hands the figures listed before it to the tickers named before them, in
  order ("XLK and XLE returned 22.1% and 9.8%, respectively"), and a later list of as many
  figures to the same tickers ("..., with operating margins of 67% and 58%");
- a ticker right next to a figure owns it ("9.8% for XLE", "VOO 0.03% | IWM 0.19%",
  "$265 price target on Apple": ``figure_owners.tsv``), and so does an index, a benchmark or
  a category ("18.7% for the S&P 500": no ticker; market words in ``figure_roles.tsv``);
- a figure joined to the one before it ("versus 9.8%") is that one's ticker's when it is an
  earlier period's or an estimate; else the sentence's other ticker ("a smaller drawdown of
  -12.0% against -18.5%"), or, after a comparison word such as "smaller", the other ticker
  of an earlier sentence; else that one's ticker's;
- the first figure takes the claim's subject, a later one a ticker named since the figure
  before it ("..., while IWM returned 7.9%") or the ticker of the last figure not joined to
  another; a sentence that names none takes the ticker named in an earlier sentence;
- a figure of the economy (``economy`` metrics: inflation, GDP, policy rates) or one after
  market words ("The S&P 500 closed at 6,850 points") belongs to no ticker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentiment.components.claim_metrics import Mention
from sentiment.components.figure_rules import FigureRules
from sentiment.components.periods import Period
from sentiment.results import Figure, TickerMention
from sentiment.wordlists import Words

_SPACE = re.compile(r"[ \u00a0\t]*")
_LIST_GAP = re.compile(r"\s*(?:,|&|and|,\s*and)?\s*", re.IGNORECASE)
AFTER_REACH = 30  # characters after a joined figure searched for estimate or prior words


@dataclass(frozen=True)
class Sentence:
    """What the attribution needs of a claim's sentence; figure and mention spans are the
    document's, ``periods`` relative to ``text``."""

    text: str
    start: int
    words: Words
    figures: tuple[Figure, ...]
    primary: Figure
    mentions: tuple[TickerMention, ...]
    # the claim's subject when the sentence names a ticker; else the ticker named before it
    subject: str | None
    periods: tuple[Period, ...] = ()
    # indexes in ``mentions`` of houses acting on a company ("Morgan Stanley cut ... on")
    houses: frozenset[int] = frozenset()
    # tickers named in earlier sentences, the most recent first
    earlier: tuple[str, ...] = ()


@dataclass
class Slot:
    """One figure while it is being attributed (offsets relative to the sentence)."""

    figure: Figure
    start: int
    end: int
    pair: str | None = None  # its side of a range or of "from X to Y"
    joined: int | None = None  # the index of the figure it is set against
    lead: str = ""  # the words between the joining word and the figure
    mention: Mention | None = None  # the metric phrase it was read from
    metric: str | None = None
    ticker: str | None = None
    market: bool = False  # owned by an index, a benchmark or a category
    role: str | None = None
    period: str | None = None
    dated: bool = False  # its period was written for it


class TickerAssigner:
    """Sets ``ticker`` (and ``market``) on the slots of one sentence."""

    def __init__(
        self, rules: FigureRules, sentence: Sentence, slots: list[Slot], economy: frozenset[str]
    ) -> None:
        self.rules = rules
        self.sentence = sentence
        self.slots = slots
        self.economy = economy
        offset = sentence.start
        houses = sentence.houses
        self.mentions = [
            (m.start - offset, m.end - offset, m.symbol)
            for i, m in enumerate(sentence.mentions)
            if i not in houses
        ]
        words: Words = sentence.words
        names = [(s, e) for s, e, _ in self.mentions]
        self.markets = [
            (c.start, c.end)
            for c in rules.cues["market"].find(words)
            if not any(s < c.end and c.start < e for s, e in names)
        ]
        self.bound: dict[int, int] = {}  # figure -> mention index
        self.owning_markets: set[tuple[int, int]] = set()  # market words owning a figure
        self.beside: set[int] = set()  # figures owned by the market words next to them

    def assign(self) -> None:
        """Set every slot's ticker."""
        self._respectively()
        self._owners()
        for i, slot in enumerate(self.slots):
            if i in self.bound:
                slot.ticker = self.mentions[self.bound[i]][2]
            elif slot.market:
                slot.ticker = None
            elif slot.joined is not None:
                slot.ticker = self._joined(slot)
            else:
                slot.ticker = self._subject(i)
            if i not in self.bound and slot.metric in self.economy:
                slot.ticker = None

    def shared_starts(self) -> None:
        """The start of a growth of an investment written for several funds at once
        ("$10,000 in ARKK and in ARKQ would be worth ...") belongs to none of them."""
        for i, slot in enumerate(self.slots):
            if slot.role != "start":
                continue
            high = self.slots[i + 1].start if i + 1 < len(self.slots) else len(self.sentence.text)
            named = {sym for s, _, sym in self.mentions if slot.end <= s < high}
            if len(named) > 1:
                slot.ticker = None

    # -- respectively -------------------------------------------------------------------
    def _respectively(self) -> None:
        """ "A and B returned x% and y%, respectively": figures to tickers in order."""
        words = self.sentence.words
        for cue in self.rules.cues["respectively"].find(words):
            before = [i for i, s in enumerate(self.slots) if s.end <= cue.start]
            if not before:
                continue
            group = self._list_ending_at(before[-1])
            first = self.slots[group[0]].start
            named = list(dict.fromkeys(sym for _, e, sym in self.mentions if e <= first))
            if len(group) < 2 or len(named) < len(group):
                continue
            symbols = named[-len(group) :]
            self._bind(group, symbols)
            self._parallel(group, symbols)

    def _list_ending_at(self, last: int) -> list[int]:
        """The figures listed up to figure ``last`` ("22.1% and 9.8%")."""
        text, slots, group = self.sentence.text, self.slots, [last]
        while group[0] > 0 and _LIST_GAP.fullmatch(
            text, slots[group[0] - 1].end, slots[group[0]].start
        ):
            group.insert(0, group[0] - 1)
        return group

    def _parallel(self, first: list[int], symbols: list[str]) -> None:
        """Each later list of as many figures goes to the same tickers ("margins of 67% and
        58%", "..., ahead of consensus of 4.9% and 4.0%, and trade at 48x and 35x"); after a
        joining word ("from $20.0 billion and $13.1 billion") each is set against its
        ticker's figure of the first list."""
        start = first[-1] + 1
        for i in range(start, len(self.slots)):
            group = [g for g in self._list_ending_at(i) if g >= start]
            if len(group) == len(symbols) and not any(g in self.bound for g in group):
                joined = self.slots[group[0]].joined is not None
                self._bind(group, symbols, partners=first if joined else None)
                start = i + 1

    def _bind(
        self, group: list[int], symbols: list[str], partners: list[int] | None = None
    ) -> None:
        for k, (i, symbol) in enumerate(zip(group, symbols, strict=True)):
            self.bound[i] = next(j for j, m in enumerate(self.mentions) if m[2] == symbol)
            # "22.1% and 9.8%" are both their tickers' own; a joined list pairs up
            self.slots[i].joined = partners[k] if partners else None

    # -- tickers and markets next to a figure -------------------------------------------
    def _owners(self) -> None:
        """A ticker (or an index) right next to a figure owns it ("9.8% for XLE")."""
        text = self.sentence.text
        for i, slot in enumerate(self.slots):
            if i in self.bound:
                continue
            low = self.slots[i - 1].end if i else 0
            high = self.slots[i + 1].start if i + 1 < len(self.slots) else len(text)
            after = [
                k
                for k, (s, _, _) in enumerate(self.mentions)
                if slot.end <= s <= high and self._owns(text, "after", slot.end, s)
            ]
            before = [
                k
                for k, (s, e, _) in enumerate(self.mentions)
                if low <= s and e <= slot.start and self._owns(text, "before", e, slot.start)
            ]
            if after or before:
                self.bound[i] = (after or before)[0]
                continue
            # "18.7% for the S&P 500", "the 21.0x peer median", "a category median of 2.6%"
            owning = [
                (s, e)
                for s, e in self.markets
                if slot.end <= s <= high
                and (self._owns(text, "after", slot.end, s) or _SPACE.fullmatch(text, slot.end, s))
                or low <= s
                and e <= slot.start
                and self._owns(text, "before", e, slot.start)
            ]
            if owning:
                slot.market = True
                self.owning_markets.update(owning)
                self.beside.add(i)

    def _owns(self, text: str, side: str, start: int, end: int) -> bool:
        return any(p.fullmatch(text, start, end) for p in self.rules.owners[side])

    # -- joined figures -----------------------------------------------------------------
    def _joined(self, slot: Slot) -> str | None:
        """The ticker of a figure set against the one before it."""
        assert slot.joined is not None
        own = self.slots[slot.joined].ticker
        text = self.sentence.text
        around = Words(slot.lead + " " + text[slot.end : slot.end + AFTER_REACH])
        if self.rules.estimates.find(around) or self.rules.cues["prior"].find(around):
            return own
        if slot.pair in ("from", "to"):
            return own
        lead_start = slot.start - len(slot.lead)
        if any(lead_start <= s and e <= slot.start for s, e in self.markets):
            slot.market = True
            return None
        taken = {self.mentions[k][2] for k in self.bound.values()}
        others = [sym for _, _, sym in self.mentions if sym != own]
        free = [sym for sym in others if sym not in taken]
        if free or others:
            return (free or others)[0]
        words = self.sentence.words
        if any(c.end <= slot.start for c in self.rules.cues["comparative"].find(words)):
            earlier = self.sentence.earlier
            return next((sym for sym in earlier if sym != own), own)
        return own

    # -- everything else ----------------------------------------------------------------
    def _echoes(self, k: int, owning: set[int]) -> bool:
        """Is mention ``k`` the symbol in parentheses right after a name that owns a figure
        ("15.8x for Agree Realty (ADC), and its 5.6% ...": ADC is not named anew)?"""
        start, _, symbol = self.mentions[k]
        return any(
            self.mentions[o][2] == symbol and 0 <= start - self.mentions[o][1] <= 2 for o in owning
        )

    def _subject(self, i: int) -> str | None:
        """The first figure: the claim's subject (or the nearest ticker before it); a later
        one: a ticker named since the figure before it, or the last unjoined figure's."""
        slot, owning = self.slots[i], set(self.bound.values())
        low = self.slots[i - 1].end if i else 0
        free = [
            k
            for k, (_, e, _) in enumerate(self.mentions)
            if k not in owning and not self._echoes(k, owning) and e <= slot.start
        ]
        since = [k for k in free if self.mentions[k][0] >= low]
        last_name = self.mentions[free[-1]][1] if free else -1
        if any(
            low <= s and e <= slot.start and s >= last_name and (s, e) not in self.owning_markets
            for s, e in self.markets
        ):
            slot.market = True
            return None
        subject = self.sentence.subject
        if since and i:
            return self.mentions[since[-1]][2]
        if not i:
            named = [self.mentions[k][2] for k in free]
            return subject if subject in named or not named else named[-1]
        # (an index's or the peers' figure beside a ticker's is not the sentence's thread)
        unjoined = [
            s
            for j, s in reversed(list(enumerate(self.slots[:i])))
            if s.joined is None and j not in self.beside
        ]
        return unjoined[0].ticker if unjoined else subject
