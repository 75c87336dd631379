"""Which ticker a comparison between tickers favours: "a 0.03% expense ratio versus 0.19%
for IWM" favours VOO, "22.1% versus 9.8% for XLE" favours XLK.

For the note-sentiment work (not yet weighed into any score). Given one sentence's
attributed figures (a claim's ``figures``: each with its ticker, metric and role, see
:mod:`sentiment.components.claim_figures`), every pair of two tickers' figures of one
metric, in one unit and currency, is read by the metric's direction between tickers in
``resources/figures/metrics.tsv`` (its "good between tickers" column, else its good
direction): up (higher return, growth or yield is better), down (a lower fee, a smaller
drawdown or less volatility is better) or neutral (no preference). A "down" metric is
compared by size: a drawdown of -12.0% is smaller than one of -18.5%. Only the tickers'
own figures count (roles ``current`` and ``to``: not an earlier period's figure, an
estimate, a target or an index's), the first of each ticker for each metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sentiment.figures.metrics import MetricVocabulary, default_metric_vocabulary
from sentiment.results import Figure, _ToDict

OWN_ROLES = frozenset({"current", "to"})


@dataclass(frozen=True)
class TickerPreference(_ToDict):
    """One comparison between two tickers' figures of a metric and the ticker it favours,
    with the evidence: the two figures as written and their values, and which way is
    better for the metric (``better``: "up" or "down")."""

    metric: str
    favoured: str
    other: str
    favoured_figure: str
    other_figure: str
    favoured_value: float
    other_value: float
    better: str


def favoured_tickers(
    figures: Sequence[Figure], vocabulary: MetricVocabulary | None = None
) -> list[TickerPreference]:
    """The preferences stated by one sentence's attributed ``figures`` (see the module
    docstring), in the order their metrics first appear; a metric not in the vocabulary,
    a neutral one or two equal figures state none."""
    vocabulary = vocabulary or default_metric_vocabulary()
    firsts: dict[str, dict[str, Figure]] = {}
    for figure in figures:
        if figure.ticker and figure.metric and figure.role in OWN_ROLES:
            firsts.setdefault(figure.metric, {}).setdefault(figure.ticker, figure)
    preferences = []
    for metric_name, by_ticker in firsts.items():
        metric = vocabulary.metrics.get(metric_name)
        if metric is None or metric.better_between_tickers == "neutral":
            continue
        shown = list(by_ticker.values())
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                preference = _prefer(metric_name, metric.better_between_tickers, a, b)
                if preference is not None:
                    preferences.append(preference)
    return preferences


def _prefer(metric: str, better: str, a: Figure, b: Figure) -> TickerPreference | None:
    """The preference between two tickers' figures, or None when they cannot be compared
    (another unit or currency) or are equal."""
    if (a.unit, a.currency) != (b.unit, b.currency):
        return None
    size_a, size_b = (abs(a.value), abs(b.value)) if better == "down" else (a.value, b.value)
    if size_a == size_b:
        return None
    a_wins = size_a > size_b if better == "up" else size_a < size_b
    win, lose = (a, b) if a_wins else (b, a)
    assert win.ticker and lose.ticker  # only figures with a ticker reach here
    return TickerPreference(
        metric=metric,
        favoured=win.ticker,
        other=lose.ticker,
        favoured_figure=" ".join(win.text.split()),
        other_figure=" ".join(lose.text.split()),
        favoured_value=win.value,
        other_value=lose.value,
        better=better,
    )
