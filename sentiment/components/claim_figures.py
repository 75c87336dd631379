"""Whose figure, of what, when, and in what role: each figure of a claim on its own.

Part of :mod:`sentiment.components.claims`, plain Python. A claim states one headline
metric; a comparison sentence states several tickers' figures of several metrics: "XLK
returned 22.1% over the past year versus 9.8% for XLE, with a smaller maximum drawdown of
-12.0% against -18.5%" is XLK's and XLE's 1-year return and max drawdown. For each figure
:class:`FigureAttributor` sets ``ticker``, ``metric``, ``period`` and ``role`` (see
:class:`~sentiment.results.Figure`). The words it reads are data: ``figure_roles.tsv`` and
``figure_owners.tsv`` in ``resources/figures/``, with the joining words of ``markers.tsv``
and the estimate words of ``estimates.txt`` that the figure-change reader reads too.

How, figure by figure in sentence order:

- Pairs first: a range ("21-23%") is ``range_low``/``range_high``, "from X to Y" is
  ``from``/``to``; a figure after a joining word ("versus 9.8%") is joined to the one before.
- Metric: the phrase between the previous figure and this one (or right after it: "a 5%
  dividend yield"); with none, the previous figure's metric carries over ("a smaller
  drawdown of -12.0% against -18.5%"), and so does a more specific one over a generic
  phrase ("an annualised 14.5% ..., while IWM returned 7.9%" is two annualised returns).
  The claim's primary figure keeps the claim's metric and period.
- Period: the nearest one between the neighbouring figures in the figure's clause, else the
  previous figure's (not for an earlier period's figure: "$4bn a year ago").
- Ticker: "respectively" hands the figures before it to the tickers named before them, in
  order; a ticker right next to a figure owns it ("9.8% for XLE", "VOO 0.03% | IWM 0.19%",
  ``figure_owners.tsv``); the other side of a comparison takes the sentence's other ticker
  (or, after a comparison word such as "smaller", the one named in an earlier sentence);
  any other figure takes the nearest ticker named before it that owns no figure, else the
  claim's subject (not one it took from an earlier sentence for a "we": the writer's view
  of small caps is no figure of the fund named before).
- Role: a joined figure is an ``estimate`` (estimate words), a ``comparison`` (another
  ticker's) or a ``prior`` (the same ticker's earlier figure); "$1,000 invested" is a
  ``start``, "a price target of $150" a ``target``; any other figure is ``current``, or a
  ``comparison`` when another ticker's figure of the same metric came first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sentiment.components.claim_metrics import Mention, MetricChooser, find_mentions, nearest
from sentiment.components.periods import Period
from sentiment.errors import ResourceError
from sentiment.figures.clauses import clause_of, inside
from sentiment.figures.ranges import after_from_or_by, from_to_leads, joins_range
from sentiment.results import Figure, TickerMention
from sentiment.wordlists import (
    PhraseIndex,
    PhraseMatch,
    Words,
    data_file,
    read_lines,
    read_table,
)

ROLES = (
    "current",
    "prior",
    "estimate",
    "target",
    "comparison",
    "from",
    "to",
    "range_low",
    "range_high",
    "start",
)
CUE_KINDS = (
    "respectively",
    "prior",
    "target",
    "start_after",
    "start_before",
    "comparative",
    "writer",
)
OWNER_SIDES = ("before", "after")
CUE_REACH = 30  # characters between a role cue and its figure
MAX_GAP_WORDS = 8  # words between a figure and the joining word after it
MAX_LEAD_WORDS = 5  # words between the joining word and the joined figure
_LIST_GAP = re.compile(r"\s*(?:,|&|and|,\s*and)?\s*", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*")
_ADJACENT = re.compile(r"[ \u00a0\t]*")
_RIGHT_BEFORE = re.compile(r"\s*(?:of\s+)?(?:an?\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class FigureRules:
    """The words the attribution reads: joining words (``markers.tsv``), estimate words
    (``estimates.txt``), role cues (``figure_roles.tsv``, by kind) and the text between a
    ticker and the figure it owns (``figure_owners.tsv``, by side)."""

    joins: PhraseIndex
    estimates: PhraseIndex
    cues: dict[str, PhraseIndex]
    owners: dict[str, tuple[re.Pattern[str], ...]]


def load_figure_rules(directory: str | Path | None = None) -> FigureRules:
    """Read the attribution's data files (the shipped ones, or those in ``directory``)."""

    def path(name: str) -> Path:
        return data_file("figures", name, directory)

    cues: dict[str, list[str]] = {kind: [] for kind in CUE_KINDS}
    for kind, phrase in read_table(path("figure_roles.tsv"), 2):
        if kind not in cues:
            raise ResourceError(f"figure_roles.tsv: unknown kind {kind!r}; use one of {CUE_KINDS}")
        cues[kind].append(phrase)
    owners: dict[str, list[re.Pattern[str]]] = {side: [] for side in OWNER_SIDES}
    for side, pattern in read_table(path("figure_owners.tsv"), 2):
        if side not in owners:
            raise ResourceError(f"figure_owners.tsv: unknown side {side!r}; use {OWNER_SIDES}")
        try:
            owners[side].append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ResourceError(f"figure_owners.tsv: bad pattern {pattern!r}: {exc}") from exc
    return FigureRules(
        joins=PhraseIndex(row[0] for row in read_table(path("markers.tsv"), 2)),
        estimates=PhraseIndex(read_lines(path("estimates.txt"))),
        cues={kind: PhraseIndex(phrases) for kind, phrases in cues.items()},
        owners={side: tuple(patterns) for side, patterns in owners.items()},
    )


@dataclass(frozen=True)
class Sentence:
    """What the attribution needs of a claim's sentence; spans are the document's, except
    those of ``periods`` and ``houses`` (relative to ``text``)."""

    text: str
    start: int
    words: Words
    figures: tuple[Figure, ...]
    primary: Figure
    metric: str | None
    period: str | None
    mentions: tuple[TickerMention, ...]
    subject: str | None
    periods: tuple[Period, ...] = ()
    # mentions of houses acting on a company ("Morgan Stanley cut its target on Puma")
    houses: frozenset[int] = frozenset()
    # tickers named in earlier sentences, the most recent first
    earlier: tuple[str, ...] = ()


@dataclass
class _Slot:
    """One figure while it is being attributed (offsets relative to the sentence)."""

    figure: Figure
    start: int
    end: int
    role: str | None = None
    joined: int | None = None  # the index of the figure it is set against
    lead: str = ""  # the words between the joining word and the figure
    mention: Mention | None = None
    metric: str | None = None
    period: str | None = None
    ticker: str | None = None


class FigureAttributor:
    """Sets each figure's ticker, metric, period and role (see the module docstring)."""

    def __init__(
        self,
        rules: FigureRules,
        metrics: PhraseIndex,
        chooser: MetricChooser,
        clause_breaks: Sequence[re.Pattern[str]],
    ) -> None:
        """``metrics``/``chooser``: the phrases the attribution reads (the claims' and its
        own, :meth:`~sentiment.figures.metrics.MetricVocabulary.figure_metrics`)."""
        self.rules = rules
        self.metrics = metrics
        self.chooser = chooser
        self.clause_breaks = tuple(clause_breaks)

    def writer_only(self, references: Sequence[PhraseMatch]) -> bool:
        """Do these references to the note's company speak only as its writer ("we")?"""
        writer = self.rules.cues["writer"].keys
        return bool(references) and all(r.key in writer for r in references)

    def attribute(
        self, sentence: Sentence, direction: Callable[[Figure], str | None]
    ) -> tuple[Figure, ...]:
        """The sentence's figures with their ticker, metric, period and role set;
        ``direction(figure)`` is the direction stated for a figure ("up", "down", None)."""
        text, offset = sentence.text, sentence.start
        slots = [_Slot(f, f.start - offset, f.end - offset) for f in sentence.figures]
        self._pairs(text, slots)
        self._metrics(sentence, slots, direction)
        self._roles(text, slots)
        self._periods(sentence, slots)
        _Tickers(self.rules, sentence, slots).assign()
        _comparisons(slots)
        return tuple(
            replace(s.figure, ticker=s.ticker, metric=s.metric, period=s.period, role=s.role)
            for s in slots
        )

    # -- pairs: ranges, "from X to Y", joined figures -------------------------------------
    def _pairs(self, text: str, slots: list[_Slot]) -> None:
        for i, (low, high) in enumerate(zip(slots, slots[1:], strict=False)):
            if low.role in ("range_high", "to"):
                continue
            between = text[low.end : high.start]
            if joins_range(text, low.start, between) and not after_from_or_by(text, low.start):
                low.role, high.role = "range_low", "range_high"
            elif from_to_leads(text, low.start, between):
                low.role, high.role = "from", "to"
            else:
                self._join(between, slots, i)

    def _join(self, between: str, slots: list[_Slot], i: int) -> None:
        """Mark figure ``i + 1`` joined to figure ``i`` when a joining word is between."""
        found = self.rules.joins.find(between)
        if not found or ";" in between:
            return
        marker = found[-1]
        gap, lead = between[: marker.start], between[marker.end :]
        if len(_WORD.findall(gap)) > MAX_GAP_WORDS or len(_WORD.findall(lead)) > MAX_LEAD_WORDS:
            return
        slots[i + 1].joined, slots[i + 1].lead = i, lead

    # -- metrics ------------------------------------------------------------------------
    def _metrics(
        self, sentence: Sentence, slots: list[_Slot], direction: Callable[[Figure], str | None]
    ) -> None:
        text = sentence.text
        mentions = find_mentions(self.metrics, sentence.words)
        previous: _Slot | None = None
        for i, slot in enumerate(slots):
            low = slots[i - 1].end if i else 0
            window = [
                m
                for m in mentions
                if (low <= m.start and m.end <= slot.start)
                or (m.start >= slot.end and _ADJACENT.fullmatch(text, slot.end, m.start))
            ]
            span, unit = (slot.start, slot.end), slot.figure.unit
            way = direction(slot.figure)
            chosen = self.chooser.choose(text, window, span, unit, way) if window else None
            if chosen is not None:
                slot.mention = _chosen_mention(self.chooser, window, span)
                slot.metric = chosen
            elif previous is not None:
                slot.mention = previous.mention
                carried = [previous.mention] if previous.mention else []
                slot.metric = (
                    self.chooser.choose(text, carried, span, unit, way)
                    if carried
                    else previous.metric
                )
            if previous is not None and _more_specific(previous.metric, slot.metric):
                slot.metric, slot.mention = previous.metric, previous.mention
            if slot.figure is sentence.primary and sentence.metric is not None:
                slot.metric = sentence.metric
            previous = slot

    # -- roles --------------------------------------------------------------------------
    def _roles(self, text: str, slots: list[_Slot]) -> None:
        cues = {kind: index.find(text) for kind, index in self.rules.cues.items()}
        estimates = self.rules.estimates.find(text)
        for i, slot in enumerate(slots):
            if slot.role is not None:
                continue
            low = slots[i - 1].end if i else 0
            high = slots[i + 1].start if i + 1 < len(slots) else len(text)
            if slot.joined is not None:
                after = text[slot.end : min(high, slot.end + CUE_REACH)]
                words = Words(slot.lead + " " + after)
                if self.rules.estimates.find(words):
                    slot.role = "estimate"
                elif self.rules.cues["prior"].find(words):
                    slot.role = "prior"
                continue  # comparison or prior, once the tickers are known
            if _cue_before(estimates, slot, low) and i:
                slot.role = "estimate"
            elif _cue_before(cues["target"], slot, low):
                slot.role = "target"
            elif _cue_right_before(text, cues["start_before"], slot) or _cue_after(
                cues["start_after"], slot, high
            ):
                slot.role = "start"
            else:
                slot.role = "current"

    # -- periods ------------------------------------------------------------------------
    def _periods(self, sentence: Sentence, slots: list[_Slot]) -> None:
        text = sentence.text
        previous: _Slot | None = None
        for i, slot in enumerate(slots):
            clause = clause_of(text, (slot.start, slot.end), self.clause_breaks)
            low = slots[i - 1].end if i else 0
            high = slots[i + 1].start if i + 1 < len(slots) else len(text)
            own = [
                Mention(p.start, p.end, p.label)
                for p in sentence.periods
                if low <= p.start and p.end <= high and inside((p.start, p.end), clause)
            ]
            found = nearest(own, (slot.start, slot.end))
            if found is not None:
                slot.period = found.key
            elif previous is not None and slot.role != "prior":
                # across a clause break only the same metric's period carries ("14.5% over
                # five years, while IWM returned 7.9%")
                same_clause = inside((previous.start, previous.end), clause)
                if same_clause or previous.metric == slot.metric:
                    slot.period = previous.period
            if slot.figure is sentence.primary:
                slot.period = sentence.period
            previous = slot


def _chosen_mention(chooser: MetricChooser, window: list[Mention], span: tuple[int, int]) -> Mention | None:
    """The mention a metric was chosen from (the nearest naming one), carried to later figures."""
    naming = [m for m in window if chooser.metrics[m.key][0]]
    return nearest(naming, span)


def _more_specific(previous: str | None, metric: str | None) -> bool:
    """Is ``previous`` a more specific form of ``metric`` ("annualised return", "return")?"""
    if not previous or not metric or previous == metric:
        return False
    return previous.endswith(" " + metric)


def _cue_before(cues: list, slot: _Slot, low: int) -> bool:
    """A cue ending within reach before the figure, after the previous figure."""
    return any(low <= c.start and 0 <= slot.start - c.end <= CUE_REACH for c in cues)


def _cue_right_before(text: str, cues: list, slot: _Slot) -> bool:
    """A cue right before the figure ("an initial investment of $10,000")."""
    return any(c.end <= slot.start and _RIGHT_BEFORE.fullmatch(text, c.end, slot.start) for c in cues)


def _cue_after(cues: list, slot: _Slot, high: int) -> bool:
    """A cue starting right after the figure ("$1,000 invested")."""
    return any(c.end <= high and 0 <= c.start - slot.end <= 2 for c in cues)


def _comparisons(slots: list[_Slot]) -> None:
    """A current figure of a metric whose figure for another ticker came first is the other
    side of a comparison ("VOO returned 14.5%, while IWM returned 7.9%")."""
    seen: dict[str | None, str | None] = {}
    for slot in slots:
        if slot.role != "current":
            continue
        first = seen.setdefault(slot.metric, slot.ticker)
        if slot.metric is not None and first != slot.ticker:
            slot.role = "comparison"


class _Tickers:
    """Assigns each figure's ticker (one sentence)."""

    def __init__(self, rules: FigureRules, sentence: Sentence, slots: list[_Slot]) -> None:
        self.rules = rules
        self.sentence = sentence
        self.slots = slots
        offset = sentence.start
        self.mentions = [
            (m.start - offset, m.end - offset, m.symbol)
            for i, m in enumerate(sentence.mentions)
            if i not in sentence.houses
        ]
        self.bound: dict[int, int] = {}  # figure -> mention index

    def assign(self) -> None:
        self._respectively()
        self._owners()
        for i, slot in enumerate(self.slots):
            if i in self.bound:
                slot.ticker = self.mentions[self.bound[i]][2]
            if slot.joined is not None:
                self._joined(slot)
            elif slot.ticker is None:
                slot.ticker = self._subject(i)

    def _respectively(self) -> None:
        """ "A and B returned x% and y%, respectively": figures to tickers in order."""
        text, slots = self.sentence.text, self.slots
        for cue in self.rules.cues["respectively"].find(self.sentence.words):
            before = [i for i, s in enumerate(slots) if s.end <= cue.start]
            if not before:
                continue
            group = [before[-1]]
            while group[0] > 0 and _LIST_GAP.fullmatch(
                text, slots[group[0] - 1].end, slots[group[0]].start
            ):
                group.insert(0, group[0] - 1)
            first = slots[group[0]].start
            named = list(dict.fromkeys(sym for s, e, sym in self.mentions if e <= first))
            if len(group) < 2 or len(named) < len(group):
                continue
            symbols = named[-len(group) :]
            for i, symbol in zip(group, symbols, strict=True):
                index = next(k for k, m in enumerate(self.mentions) if m[2] == symbol)
                self.bound[i] = index
                slots[i].joined = None  # "22.1% and 9.8%" are both their tickers' own
                slots[i].role = slots[i].role or "current"

    def _owners(self) -> None:
        """A ticker right next to a figure owns it ("9.8% for XLE", "VOO 0.03%")."""
        text = self.sentence.text
        for i, slot in enumerate(self.slots):
            if i in self.bound:
                continue
            low = self.slots[i - 1].end if i else 0
            high = self.slots[i + 1].start if i + 1 < len(self.slots) else len(text)
            after = [
                k
                for k, (s, e, _) in enumerate(self.mentions)
                if slot.end <= s <= high
                and any(p.fullmatch(text, slot.end, s) for p in self.rules.owners["after"])
            ]
            before = [
                k
                for k, (s, e, _) in enumerate(self.mentions)
                if low <= s and e <= slot.start
                and any(p.fullmatch(text, e, slot.start) for p in self.rules.owners["before"])
            ]
            if after or before:
                self.bound[i] = (after or before)[0]

    def _joined(self, slot: _Slot) -> None:
        """The other side of a comparison, an earlier figure or an estimate."""
        partner = self.slots[slot.joined] if slot.joined is not None else None
        own = partner.ticker if partner else None
        if slot.ticker is None and slot.role not in ("prior", "estimate"):
            slot.ticker = self._other(slot, own)
        if slot.ticker is None or slot.role in ("prior", "estimate"):
            slot.ticker = slot.ticker or own
            slot.role = slot.role or "prior"
        elif slot.role is None:
            slot.role = "comparison" if slot.ticker != own else "prior"

    def _other(self, slot: _Slot, own: str | None) -> str | None:
        """The ticker the other side of a comparison belongs to, or None."""
        taken = {self.mentions[k][2] for k in self.bound.values()}
        others = [sym for _, _, sym in self.mentions if sym != own]
        free = [sym for sym in others if sym not in taken]
        if free or others:
            return (free or others)[0]
        comparative = self.rules.cues["comparative"].find(self.sentence.words)
        if any(c.end <= slot.start for c in comparative):
            return next((sym for sym in self.sentence.earlier if sym != own), None)
        return None

    def _subject(self, i: int) -> str | None:
        """Whose figure ``i`` is when no ticker owns it: a ticker named since the previous
        figure that owns no figure ("..., while IWM returned 7.9%"); else, for the first
        figure, the claim's subject (named before it) or the nearest ticker before it; for a
        later one, the ticker of the last figure not set against another; else the first
        ticker named after it, else the claim's subject."""
        slot, owning = self.slots[i], set(self.bound.values())
        low = self.slots[i - 1].end if i else 0
        free = [k for k, (s, e, _) in enumerate(self.mentions) if k not in owning and e <= slot.start]
        since = [k for k in free if self.mentions[k][0] >= low]
        subject = self.sentence.subject
        if i and since:
            return self.mentions[since[-1]][2]
        if not i and free:
            named = {self.mentions[k][2] for k in free}
            return subject if subject in named else self.mentions[free[-1]][2]
        if i:
            ticker = next(
                (s.ticker for s in reversed(self.slots[:i]) if s.joined is None and s.ticker), None
            )
            if ticker:
                return ticker
        after = [k for k, (s, _, _) in enumerate(self.mentions) if s >= slot.end and k not in owning]
        return self.mentions[after[0]][2] if after else subject
