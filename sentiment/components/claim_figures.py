"""Whose figure, of what, when, and in what role: each figure of a claim on its own.

Part of :mod:`sentiment.components.claims`, plain Python. A claim states one headline
metric; a comparison sentence states several tickers' figures of several metrics: "XLK
returned 22.1% over the past year versus 9.8% for XLE, with a smaller maximum drawdown of
-12.0% against -18.5%" is XLK's and XLE's 1-year return and max drawdown.
:class:`FigureAttributor` sets each figure's ``ticker``, ``metric``, ``period`` and ``role``
(see :class:`~sentiment.results.Figure`) from data in ``resources/figures/``
(:mod:`sentiment.components.figure_rules`), following the annotation rules of
``corpora/claims/FIGURES.md``. In sentence order:

- Pairs: a range of one unit ("21-23%") is ``range_low``/``range_high``; "from X to Y" and
  "to X from Y" are a revision (``from``/``to``) for a revised metric (a price target, an
  expense ratio: ``figure_metrics.tsv``) or an estimate, else a period's ``current`` set
  against its ``prior``; a figure after a joining word ("versus 9.8%") is joined to the one
  before.
- Metric: a phrase right after the figure ("a 0.35% expense ratio"), else the phrase between
  the previous figure and this one; with neither, the previous figure's metric carries over
  ("a smaller drawdown of -12.0% against -18.5%"), and so does a more specific one over a
  generic phrase ("an annualised 14.5% ..., while IWM returned 7.9%"); words right after
  the figure make a metric more specific ("$1.88 a share" is EPS, "13.0% a year" an
  annualised return: ``figure_metrics.tsv``). Phrases inside a
  ticker's name ("Vanguard High Dividend Yield ETF") are none. A ticker's plain "yield" is
  its dividend yield.
- Ticker: see :mod:`sentiment.components.claim_figure_tickers`.
- Role: ``start`` (the amount of "$1,000 invested ... grew to"), the pairs above, an
  ``estimate`` (estimate words next to it), a ``target`` ("a $265 price target"), a
  ``prior`` (a joined figure of the same ticker), a ``comparison`` (a joined figure of an
  index or a category: no ticker), else ``current`` (each ticker's own figure, both sides of
  "A versus B" included).
- Period: the nearest one between the neighbouring figures in the figure's clause (only one
  written before it for a point-in-time metric such as an expense ratio); else the previous
  figure's, unless the metric is point-in-time; a multiple takes the period of the multiple
  before it ("19x 2026E EPS against 17x for Duke").
- A table flattened into text under a header of several columns ("Expense ratio / 5Y
  annualised return: VGT 0.09% / 22.4% | XLK 0.08% / 21.9%") gives each row's figures the
  metric and period of their column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from sentiment.components.claim_figure_tickers import Sentence, Slot, TickerAssigner
from sentiment.components.claim_metrics import Mention, MetricChooser, find_mentions, nearest
from sentiment.components.figure_rules import FigureRules
from sentiment.figures.clauses import clause_of, inside
from sentiment.figures.ranges import after_from_or_by, from_to_leads, joins_range
from sentiment.results import Figure
from sentiment.wordlists import PhraseIndex, PhraseMatch, Words

__all__ = ["ROLES", "FigureAttributor", "Sentence"]

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
CUE_REACH = 30  # characters between a target cue and its figure
MAX_GAP_WORDS = 8  # words between a figure and the joining word after it
MAX_LEAD_WORDS = 5  # words between the joining word and the joined figure
_ADJACENT = re.compile(r"[ \u00a0\t]*")
# between a cue and the figure right after it: "consensus of $1.2bn", "investment of $10,000"
_RIGHT_BEFORE = re.compile(
    r"\s*(?:estimate\s+)?(?:of|at|was|is|for)?\s*(?:an?|the|our)?\s*", re.IGNORECASE
)
# between a figure and the cue right after it: "$10.0 billion consensus", "$265 price target"
_RIGHT_AFTER = re.compile(r"[ \u00a0\t]*(?:[A-Za-z-]+[ \u00a0\t]+)?", re.IGNORECASE)
_HEADER_SPLIT = re.compile(r"\s+/\s+")  # "Expense ratio / 5Y annualised return:"
_ROW_SPLIT = re.compile(r"\s*[|;]\s*")  # "VGT 0.09% / 22.4% | XLK 0.08% / 21.9%"
_BACK_JOIN = re.compile(
    r"\s*(?:(?:year[- ]over[- ]year|y/y|yoy|sequentially)\s*)?(?:,|&|and|,\s*and|to)?\s*",
    re.IGNORECASE,
)
MULTIPLE_REACH = 25  # characters after a multiple searched for the period of its earnings
_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
_FROM_BETWEEN = re.compile(r"\s*,?\s*(?:(?:up|down)\s+)?from\s+$", re.IGNORECASE)
# "a $1,100 price target, up from $950": "to" left unwritten
_UP_FROM = re.compile(r"(?:\s+[A-Za-z-]+){0,3}\s*,\s*(?:up|down)\s+from\s+$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*")
_LIST_JOIN = re.compile(r"\s*(?:,|and|,\s*and)\s*")  # "0.08% and 2.4%", "4.1%, 9.0%"


class FigureAttributor:
    """Sets each figure's ticker, metric, period and role (see the module docstring)."""

    def __init__(
        self,
        rules: FigureRules,
        metrics: PhraseIndex,
        chooser: MetricChooser,
        clause_breaks: Sequence[re.Pattern[str]],
        economy_metrics: frozenset[str] = frozenset(),
    ) -> None:
        """``metrics``/``chooser``: the phrases the attribution reads (the claims' and its
        own, :meth:`~sentiment.figures.metrics.MetricVocabulary.figure_metrics`)."""
        self.rules = rules
        self.metrics = metrics
        self.chooser = chooser
        self.clause_breaks = tuple(clause_breaks)
        self.economy_metrics = economy_metrics

    def attribute(
        self, sentence: Sentence, direction: Callable[[Figure], str | None]
    ) -> tuple[Figure, ...]:
        """The sentence's figures with their ticker, metric, period and role set;
        ``direction(figure)`` is the direction stated for a figure ("up", "down", None)."""
        text, offset = sentence.text, sentence.start
        slots = [Slot(f, f.start - offset, f.end - offset) for f in sentence.figures]
        self._pairs(text, slots)
        self._metrics(sentence, slots, direction)
        tickers = TickerAssigner(self.rules, sentence, slots, self.economy_metrics)
        tickers.assign()
        self._owned_metrics(slots)
        self._roles(text, slots)
        tickers.shared_starts()
        self._periods(sentence, slots)
        self._columns(sentence, slots)
        return tuple(
            replace(s.figure, ticker=s.ticker, metric=s.metric, period=s.period, role=s.role)
            for s in slots
        )

    # -- pairs: ranges, from/to, joined figures ------------------------------------------
    def _pairs(self, text: str, slots: list[Slot]) -> None:
        for i, (a, b) in enumerate(zip(slots, slots[1:], strict=False)):
            if a.pair is not None:
                continue
            between = text[a.end : b.start]
            same_kind = (a.figure.unit, a.figure.currency) == (b.figure.unit, b.figure.currency)
            if same_kind and joins_range(text, a.start, between):
                if not after_from_or_by(text, a.start):
                    a.pair, b.pair = "range_low", "range_high"
                    continue
            if from_to_leads(text, a.start, between):
                a.pair, b.pair = "from", "to"
                b.joined = i
            elif (
                _TO_BEFORE.search(text, 0, a.start) and _FROM_BETWEEN.fullmatch(between)
            ) or _UP_FROM.fullmatch(between):
                a.pair, b.pair = "to", "from"
                b.joined = i
            else:
                self._join(between, slots, i)

    def _join(self, between: str, slots: list[Slot], i: int) -> None:
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
        self, sentence: Sentence, slots: list[Slot], direction: Callable[[Figure], str | None]
    ) -> None:
        text, offset = sentence.text, sentence.start
        names = [(m.start - offset, m.end - offset) for m in sentence.mentions]
        mentions = [
            m
            for m in find_mentions(self.metrics, sentence.words)
            if not any(s <= m.start and m.end <= e for s, e in names)  # inside a name
        ]
        previous: Slot | None = None
        own: set[int] = set()  # the figures with a metric phrase of their own
        for i, slot in enumerate(slots):
            span, unit, way = (slot.start, slot.end), slot.figure.unit, direction(slot.figure)
            low = slots[i - 1].end if i else 0
            after = [m for m in mentions if m.start >= slot.end and _adjacent(text, slot, m)]
            before = [m for m in mentions if low <= m.start and m.end <= slot.start]
            if after and all(self.chooser.gives_way(before + after, m) for m in after):
                after = []  # "GDP grew at a 3.8% annualised rate": the metric before it wins
            for window in (after, before + after):
                if window and self.chooser.choose(text, window, span, unit, way) is not None:
                    slot.metric = self.chooser.choose(text, window, span, unit, way)
                    slot.mention = _naming(self.chooser, window, span)
                    own.add(i)
                    break
            else:
                if previous is not None and previous.mention is not None:
                    slot.mention = previous.mention
                    slot.metric = self._carried(text, previous, span, unit, way)
                elif previous is not None:
                    slot.metric = previous.metric
                elif slot.figure is sentence.primary:
                    slot.metric = self.chooser.choose(text, mentions, span, unit, way)
            if previous is not None and _more_specific(previous.metric, slot.metric):
                slot.metric, slot.mention = previous.metric, previous.mention
            specific = self.rules.after.get(slot.metric or "")
            if specific and specific[1].match(text, slot.end):
                slot.metric = specific[0]
            previous = slot
        self._parallel_metrics(text, slots, own)

    def _parallel_metrics(self, text: str, slots: list[Slot], own: set[int]) -> None:
        """A list of figures with no phrase of their own, set against as many figures with
        one, takes their metrics in order: "charges 0.06% a year and yields 3.8%, against
        0.08% and 2.4% for VYM" (an expense ratio, then a dividend yield)."""
        j = 1
        while j < len(slots):
            for n in range(min(j, len(slots) - j), 1, -1):
                mine, theirs = slots[j - n : j], slots[j : j + n]
                if (
                    all(k in own for k in range(j - n, j))
                    and not any(k in own for k in range(j, j + n))
                    and not any(s.pair for s in mine + theirs)
                    and len({s.metric for s in mine}) == n
                    and all(a.figure.unit == b.figure.unit for a, b in zip(mine, theirs))
                    and self.rules.joins.find(text[mine[-1].end : theirs[0].start])
                    and all(
                        _LIST_JOIN.fullmatch(text[a.end : b.start])
                        for a, b in zip(theirs, theirs[1:])
                    )
                ):
                    for a, b in zip(mine, theirs):
                        b.metric, b.mention = a.metric, a.mention
                    j += n - 1
                    break
            j += 1

    def _carried(
        self, text: str, previous: Slot, span: tuple[int, int], unit: str, way: str | None
    ) -> str | None:
        """The metric a figure with no phrase of its own takes from the previous figure's:
        that phrase's metric in this figure's unit and direction, except where the previous
        figure's metric was more than the phrase says: a qualifier that gave way ("capex
        guidance to $14.5 billion to $15.5 billion") or words after it ("earned $2.80 a
        share against $2.10 expected")."""
        assert previous.mention is not None
        metric = self.chooser.choose(text, [previous.mention], span, unit, way)
        if self.chooser.is_qualifier(previous.mention) and previous.metric:
            return previous.metric
        if metric and self.rules.after.get(metric, (None,))[0] == previous.metric:
            return previous.metric
        return metric

    def _owned_metrics(self, slots: list[Slot]) -> None:
        """A ticker's plain "yield" is its dividend yield (``figure_metrics.tsv``), and so is
        the figure of an index or a category set against it ("XLP yields 2.6%, against 1.2%
        for the S&P 500")."""
        for slot in slots:
            if slot.ticker and slot.mention and slot.mention.key in self.rules.owned:
                slot.metric = self.rules.owned[slot.mention.key]
        for slot in slots:
            partner = slots[slot.joined] if slot.joined is not None else None
            if (
                slot.ticker is None
                and partner is not None
                and partner.ticker
                and slot.mention is not None
                and slot.mention.key in self.rules.owned
            ):
                slot.metric = partner.metric

    # -- roles --------------------------------------------------------------------------
    def _roles(self, text: str, slots: list[Slot]) -> None:
        cues = {kind: index.find(text) for kind, index in self.rules.cues.items()}
        estimates = self.rules.estimates.find(text)
        for i, slot in enumerate(slots):
            high = slots[i + 1].start if i + 1 < len(slots) else len(text)
            partner = slots[slot.joined] if slot.joined is not None else None
            if slot.figure.unit == "money" and (
                _cue_between(cues["start_after"], slot, high)
                or _right_before(text, cues["start_before"], slot)
            ):
                slot.role = "start"
            elif slot.pair in ("range_low", "range_high"):
                slot.role = slot.pair
            elif slot.pair in ("from", "to"):
                slot.role = self._revision_role(text, slots, slot, estimates)
            elif slot.ticker is None and slot.market and (partner or any(s.ticker for s in slots)):
                # an index's, a category's or the peers' figure beside a ticker's
                slot.role = "comparison"
            elif _right_before(text, estimates, slot) or _right_after(text, estimates, slot):
                slot.role = "estimate"
            elif partner is not None and self._joined_estimate(text, slot, high):
                slot.role = "estimate"
            elif _cue_near_before(cues["target"], slot, slots[i - 1].end if i else 0) or (
                _right_after(text, cues["target"], slot)
            ):
                slot.role = "target"
            elif partner is not None and partner.ticker == slot.ticker:
                slot.role = "prior"
            else:
                slot.role = "current"

    def _joined_estimate(self, text: str, slot: Slot, high: int) -> bool:
        """Estimate words between the joining word and the figure, or right after it."""
        after = text[slot.end : min(high, slot.end + CUE_REACH)]
        return bool(self.rules.estimates.find(Words(slot.lead + " " + after)))

    def _revision_role(
        self, text: str, slots: list[Slot], slot: Slot, estimates: list[PhraseMatch]
    ) -> str:
        """``from``/``to`` for a revision; ``prior``/``current`` for a period's result set
        against an earlier one; ``current`` for two tickers' own figures ("ranged from 2.6%
        at Citigroup to 2.9% at Wells Fargo")."""
        pair = [s for s in slots if s is slot or s.joined == slots.index(slot)]
        pair += [slots[slot.joined]] if slot.joined is not None else []
        if len({s.ticker for s in pair}) > 1:
            return "current"
        first = min(s.start for s in pair)
        revised = slot.metric in self.rules.revised or any(
            c.end <= first and first - c.end <= CUE_REACH for c in estimates
        )
        if revised:
            return slot.pair or "current"
        return "prior" if slot.pair == "from" else "current"

    # -- periods ------------------------------------------------------------------------
    def _periods(self, sentence: Sentence, slots: list[Slot]) -> None:
        text = sentence.text
        previous: Slot | None = None
        multiple: Slot | None = None  # the last multiple, whose earnings' period carries over
        for i, slot in enumerate(slots):
            clause = clause_of(text, (slot.start, slot.end), self.clause_breaks)
            low = slots[i - 1].end if i else 0
            high = slots[i + 1].start if i + 1 < len(slots) else len(text)
            moment = slot.metric in self.rules.point_in_time
            # a multiple's period is that of the earnings it is on ("180x 2026E earnings")
            reach = (
                high
                if not moment
                else slot.end + MULTIPLE_REACH
                if slot.figure.unit == "x"
                else slot.start
            )
            own = [
                Mention(p.start, p.end, p.label)
                for p in sentence.periods
                if low <= p.start and p.end <= min(high, reach) and inside((p.start, p.end), clause)
            ]
            found = nearest(own, (slot.start, slot.end))
            if found is not None:
                slot.period, slot.dated = found.key, True
            elif previous is not None and not moment:
                slot.period = previous.period
            elif multiple and slot.figure.unit == "x" and multiple.metric == slot.metric:
                # "19x 2026E EPS against 17x for Duke": the same earnings' period
                slot.period = multiple.period
            previous = slot
            multiple = slot if slot.figure.unit == "x" else multiple
        self._periods_back(text, slots)

    def _columns(self, sentence: Sentence, slots: list[Slot]) -> None:
        """A table flattened into text with a header of several columns ("Expense ratio /
        5Y annualised return: VGT 0.09% / 22.4% | XLK 0.08% / 21.9%"): the figures of each
        row take the metric and period of their column, in order."""
        text = sentence.text
        colon = text.find(":")
        header = _HEADER_SPLIT.split(text[:colon]) if colon > 0 else []
        if len(header) < 2:
            return
        columns, at = [], 0
        for part in header:
            start = text.index(part, at)
            at = start + len(part)
            mentions = [
                m
                for m in find_mentions(self.metrics, Words(part))
                if self.chooser.metrics[m.key][0]
            ]
            if not mentions:
                return
            periods = [p.label for p in sentence.periods if start <= p.start and p.end <= at]
            columns.append(
                (self.chooser.metrics[mentions[-1].key][0], periods[0] if periods else None)
            )
        body = [s for s in slots if s.start > colon]
        rows = _ROW_SPLIT.split(text[colon + 1 :])
        cells, at = [], colon + 1
        for row in rows:
            start = text.index(row, at)
            at = start + len(row)
            cells.append([s for s in body if start <= s.start and s.end <= at])
        if not cells or any(len(c) != len(columns) for c in cells):
            return
        for row_slots in cells:
            for slot, (metric, period) in zip(row_slots, columns, strict=True):
                slot.metric, slot.period = metric, period

    def _periods_back(self, text: str, slots: list[Slot]) -> None:
        """A figure with no period takes the period written for the figure right after it,
        when nothing but "to" or a list joins them ("fell 10% to $11.6 billion in fiscal
        Q1", "grew 12% year over year to $16.1 billion in Q3", "11.4% and 9.7%,
        respectively, over the past three years")."""
        for i in range(len(slots) - 2, -1, -1):
            slot, after = slots[i], slots[i + 1]
            if slot.period or not after.period or slot.metric in self.rules.point_in_time:
                continue
            if _BACK_JOIN.fullmatch(text, slot.end, after.start):
                slot.period = after.period


def _adjacent(text: str, slot: Slot, mention: Mention) -> bool:
    return _ADJACENT.fullmatch(text, slot.end, mention.start) is not None


def _naming(chooser: MetricChooser, window: list[Mention], span: tuple[int, int]) -> Mention | None:
    """The mention a metric was read from (the nearest one naming a metric), which later
    figures with no phrase of their own carry over."""
    return nearest([m for m in window if chooser.metrics[m.key][0]], span)


def _more_specific(previous: str | None, metric: str | None) -> bool:
    """Is ``previous`` a more specific form of ``metric`` ("annualised return", "return")?"""
    if not previous or not metric or previous == metric:
        return False
    return previous.endswith(" " + metric)


def _right_before(text: str, cues: Sequence[PhraseMatch], slot: Slot) -> bool:
    """A cue right before the figure ("consensus of $1.2bn", "initial investment of")."""
    return any(
        c.end <= slot.start and _RIGHT_BEFORE.fullmatch(text, c.end, slot.start) for c in cues
    )


def _right_after(text: str, cues: Sequence[PhraseMatch], slot: Slot) -> bool:
    """A cue right after the figure, one word between at most ("the $1.90 estimate")."""
    return any(
        c.start >= slot.end and _RIGHT_AFTER.fullmatch(text, slot.end, c.start) for c in cues
    )


def _cue_near_before(cues: Sequence[PhraseMatch], slot: Slot, low: int) -> bool:
    """A cue ending within reach before the figure, after the previous figure."""
    return any(low <= c.start and 0 <= slot.start - c.end <= CUE_REACH for c in cues)


def _cue_between(cues: Sequence[PhraseMatch], slot: Slot, high: int) -> bool:
    """A cue between the figure and the next one ("$10,000 in QQQ grew to")."""
    return any(slot.end <= c.start and c.end <= high for c in cues)
