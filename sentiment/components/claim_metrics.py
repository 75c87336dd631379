"""Which metric a claim's figure measures (part of :mod:`sentiment.components.claims`).

The metric is the vocabulary phrase (``resources/figures/metric_phrases.tsv``) nearest the
primary figure, preferring one before it, then refined:

- A qualifier (``metric_qualifiers.tsv``: "guidance", "target", "growth", "rate") gives
  way to a specific metric ending just before it: "EPS guidance" is EPS, "free cash flow
  target" free cash flow, "loan growth" loan growth, "occupancy rate" occupancy. Alone,
  it is its own metric ("our $18 target", "Azure growth", "the deposit rate").
- A phrase mapped to "-" ("discount to NAV") names no metric; one right after the figure
  ("a 9.5% discount to net asset value") describes it, whatever comes before.
- A metric takes only its units in ``metrics.tsv`` ("returned $6bn" is no return); a
  phrase with units of its own takes only those ("a loss of 5%" is no profit line).
- A phrase flagged ``loss`` ("net loss") states its metric below zero: the claim's
  amount is negative (:meth:`MetricChooser.states_loss`).
- "annualised" is a fund's return unless the sentence names a metric of the economy
  ("the economy grew at an annualised 0.9%" is GDP).
- "return 40% of cash flow to shareholders" hands cash back: a capital return.
- A multiple ("25x") is a valuation multiple unless its metric is itself a multiple.
- A percentage with a direction takes the metric's change form ("revenue rose 5%" is
  revenue growth).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sentiment.wordlists import PhraseIndex, Words

CHANGE_UNITS = frozenset({"percent", "bp", "pp"})
# Units of an amount, which a loss puts below zero ("a net loss of $2bn"); a change is not.
AMOUNT_UNITS = frozenset({"money", "number"})
# A multiple ("25x") measures a valuation unless its metric is itself a multiple.
MULTIPLE_METRICS = frozenset({"valuation multiple", "leverage", "debt", "sharpe ratio", "beta"})
# A metric after the figure is less likely to be its metric than one before it.
AFTER_PENALTY = 25
# A fund's annualised return, which an economy's annualised growth is not.
ANNUALISED = "annualised return"
# Metrics of the market rather than of the economy: an index does have returns.
MARKET_METRICS = frozenset({"index level"})
# "return ... to shareholders": the return verb of a capital return.
RETURN, CAPITAL_RETURN = "return", "capital return"
_DESCRIBES = re.compile(r"[ \u00a0\t]*")


@dataclass(frozen=True)
class Mention:
    """A vocabulary match in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    key: str


def find_mentions(index: PhraseIndex, words: Words) -> list[Mention]:
    """The phrases of ``index`` in ``words``, as mentions."""
    return [Mention(m.start, m.end, m.key) for m in index.find(words)]


def nearest(mentions: list[Mention], span: tuple[int, int]) -> Mention | None:
    """The mention closest to ``span``, preferring ones before it; never overlapping it."""
    best, best_distance = None, None
    for mention in mentions:
        if mention.end <= span[0]:
            distance = span[0] - mention.end
        elif mention.start >= span[1]:
            distance = mention.start - span[1] + AFTER_PENALTY
        else:
            continue
        if best_distance is None or distance < best_distance:
            best, best_distance = mention, distance
    return best


class MetricChooser:
    """Chooses the metric of a figure from the metric phrases of its sentence."""

    def __init__(
        self,
        metrics: Mapping[str, tuple[str | None, str | None]],
        metric_units: Mapping[str, frozenset[str]],
        qualifiers: Mapping[str, int],
        economy_metrics: frozenset[str],
        losses: frozenset[str] = frozenset(),
    ) -> None:
        """``metrics``: phrase key -> (metric, metric of a change); ``metric_units``: metric
        or phrase key -> its units; ``qualifiers``: phrase key or metric -> how many
        characters before it a specific metric may end; ``losses``: phrase keys that state
        a loss."""
        self.metrics = metrics
        self.metric_units = metric_units
        self.qualifiers = qualifiers
        self.macro = economy_metrics - MARKET_METRICS
        self.losses = losses

    def is_qualifier(self, mention: Mention) -> bool:
        """Is the mention a qualifier ("guidance", "forecast"), which names its own metric
        only where no specific one comes just before it?"""
        return self._reach(mention) is not None

    def gives_way(self, mentions: list[Mention], qualifier: Mention) -> bool:
        """Is the mention a qualifier with a specific metric within its reach before it
        ("GDP" before "annualised rate" in "GDP grew at a 3.8% annualised rate")?"""
        return self.is_qualifier(qualifier) and self._qualified(mentions, qualifier) != qualifier

    def names_metric(self, mentions: list[Mention]) -> bool:
        """Does any mention name a metric (not just a "-" phrase)?"""
        return any(self.metrics[m.key][0] for m in mentions)

    def choose(
        self,
        text: str,
        mentions: list[Mention],
        figure: tuple[int, int],
        unit: str,
        direction: str | None,
    ) -> str | None:
        """The metric of the figure at ``figure`` (offsets in the sentence ``text``)."""
        mention = self._mention(text, mentions, figure, unit)
        metric, change_metric = self.metrics[mention.key] if mention else (None, None)
        if metric == RETURN and self._hands_back(mentions, figure):
            metric, change_metric = CAPITAL_RETURN, None
        if unit == "x" and metric not in MULTIPLE_METRICS:
            return "valuation multiple"
        is_change = unit in CHANGE_UNITS and direction in ("up", "down")
        return change_metric if is_change and change_metric else metric

    def states_loss(
        self, text: str, mentions: list[Mention], figure: tuple[int, int], unit: str
    ) -> bool:
        """Is the figure an amount of a loss, so below zero? The phrase nearest it says so
        before a qualifier gives way: "EPS was a loss of $0.12" is EPS of -0.12."""
        if unit not in AMOUNT_UNITS:
            return False
        mention = self._mention(text, mentions, figure, unit, qualify=False)
        return mention is not None and mention.key in self.losses

    def loss_spans(self, mentions: list[Mention], unit: str) -> list[tuple[int, int]]:
        """The spans of the loss phrases that can measure a figure in ``unit``: their "loss"
        names a level, not a fall ("a net loss of $2bn", "net loss narrowed 20%")."""
        return [(m.start, m.end) for m in mentions if m.key in self.losses and self._fits(m, unit)]

    def _mention(
        self,
        text: str,
        mentions: list[Mention],
        figure: tuple[int, int],
        unit: str,
        *,
        qualify: bool = True,
    ) -> Mention | None:
        """The metric phrase of the figure, after qualifiers gave way ("EPS guidance")."""
        mention = self._describing(text, mentions, figure) or self._nearest_fitting(
            mentions, figure, unit
        )
        if qualify and mention and self._reach(mention) is not None:
            mention = self._qualified(mentions, mention)
        return mention

    def _describing(
        self, text: str, mentions: list[Mention], figure: tuple[int, int]
    ) -> Mention | None:
        """A no-metric ("-") phrase right after the figure: "a 9.5% discount to NAV"."""
        for mention in mentions:
            if mention.start >= figure[1] and self.metrics[mention.key][0] is None:
                if _DESCRIBES.fullmatch(text, figure[1], mention.start):
                    return mention
        return None

    def _nearest_fitting(
        self, mentions: list[Mention], figure: tuple[int, int], unit: str
    ) -> Mention | None:
        macro = any(self.metrics[m.key][0] in self.macro for m in mentions)
        candidates = [
            m
            for m in mentions
            if self._fits(m, unit) and not (macro and self.metrics[m.key][0] == ANNUALISED)
        ]
        return nearest(candidates, figure)

    def _fits(self, mention: Mention, unit: str) -> bool:
        """Can the mention's metric measure a figure in ``unit``? ("returned $6bn" is no
        return); the phrase's own units, if listed, come first ("a loss of 5%")."""
        units = self.metric_units.get(mention.key)
        if units is None:
            units = self.metric_units.get(self.metrics[mention.key][0] or "")
        return units is None or unit in units

    def _reach(self, mention: Mention) -> int | None:
        """How far before a qualifier a specific metric may end (None: not a qualifier)."""
        reach = self.qualifiers.get(mention.key)
        return reach if reach is not None else self.qualifiers.get(self.metrics[mention.key][0])

    def _qualified(self, mentions: list[Mention], qualifier: Mention) -> Mention:
        """The specific metric just before a qualifier ("EPS" in "EPS guidance"), if any."""
        reach = self._reach(qualifier) or 0
        before = [
            m
            for m in mentions
            if m.end <= qualifier.start
            and qualifier.start - m.end <= reach
            and self._reach(m) is None
        ]
        return before[-1] if before else qualifier

    def _hands_back(self, mentions: list[Mention], figure: tuple[int, int]) -> bool:
        """Does a capital-return phrase ("to shareholders") follow the figure?"""
        return any(
            m.start >= figure[1] and self.metrics[m.key][0] == CAPITAL_RETURN for m in mentions
        )
