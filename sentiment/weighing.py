"""Pure functions: the figure changes a sentence states -> its label, weighed.

A sentence that sets a metric's figure against an earlier or expected one ("operating
profit was EUR 17.7 mn compared to EUR 17.6 mn", read by :mod:`sentiment.figures.changes`)
states its own direction. When its changes agree, :func:`verdict` is that direction as a
label, and :func:`weigh` folds the label into the model's probabilities as evidence with a
fixed likelihood ratio (Bayes' rule: the label's odds times :data:`EVIDENCE_RATIO`).

:func:`weigh_sentences` does this for the bare sentences the Analyzer scored (target scores
are left alone), and :func:`weigh_sole_targets` for a sentence's target score when the
sentence names one ticker only: "Nokia's operating profit was EUR 17.7 mn compared to EUR
17.6 mn" is about Nokia. With two, which one's figures they are is not read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sentiment.aggregate import VERDICT_KINDS
from sentiment.classifier import prediction_from
from sentiment.figures.changes import ChangeReader, default_reader
from sentiment.results import FigureChange, SentenceSentiment

# How much an agreeing verdict multiplies the odds of its label (chosen on the validation
# split with evaluation/study_figure_changes.py; the study and its figures are in
# reports/figure_changes.md).
EVIDENCE_RATIO = 100.0


def verdict(changes: Sequence[FigureChange]) -> str | None:
    """``positive`` or ``negative`` when every change agrees; None when none or mixed."""
    if not changes:
        return None
    favourable = {c.favourable for c in changes}
    if len(favourable) > 1:
        return None
    return "positive" if favourable.pop() else "negative"


def weigh(probabilities: dict[str, float], label: str, ratio: float) -> dict[str, float]:
    """Probabilities with the odds of ``label`` multiplied by ``ratio`` (Bayes' rule)."""
    raw = {k: p * (ratio if k == label else 1.0) for k, p in probabilities.items()}
    total = sum(raw.values()) or 1.0
    return {k: round(v / total, 6) for k, v in raw.items()}


def with_changes(
    sentiment: SentenceSentiment, changes: Sequence[FigureChange]
) -> SentenceSentiment:
    """``sentiment`` carrying ``changes``, with their agreed verdict weighed in."""
    if not changes:
        return sentiment
    changes = tuple(changes)
    agreed = verdict(changes)
    if agreed is None or agreed not in sentiment.probabilities:
        return replace(sentiment, changes=changes)
    weighed = prediction_from(weigh(sentiment.probabilities, agreed, EVIDENCE_RATIO))
    return replace(
        sentiment,
        label=weighed.label,
        score=weighed.score,
        probabilities=weighed.probabilities,
        changes=changes,
    )


def weigh_sentences(
    scored: Sequence[SentenceSentiment], reader: ChangeReader | None = None
) -> list[SentenceSentiment]:
    """Each bare sentence weighed with the figure changes it states (targets left alone);
    ``reader`` defaults to the shipped one."""
    reader = reader or default_reader()
    return [with_changes(s, reader.read(s.text)) if s.target is None else s for s in scored]


def weigh_sole_targets(
    sentences: Sequence[SentenceSentiment], targets: dict[tuple[int, str], SentenceSentiment]
) -> dict[tuple[int, str], SentenceSentiment]:
    """``targets`` ((sentence index, symbol) -> target score) with a sentence's figure
    changes weighed into its target score when it is the sentence's only one."""
    per_sentence = Counter(index for index, _ in targets)
    return {
        (index, symbol): (
            with_changes(score, sentences[index].changes) if per_sentence[index] == 1 else score
        )
        for (index, symbol), score in targets.items()
    }


# How much a reading multiplies the odds of its effect on a ticker's sentence score: a
# positive or negative one (a rating, a pair trade's side, a comparison's winner) those of
# its side; a neutral one (a source, a passer-by, a hedge) those of neutral, which pulls the
# score toward 0 and the sentence's weight down. Chosen on the validation parts of
# corpora/notes with evaluation/evaluate_notes.py (reports/notes.md); 300 since the target
# model, whose confident pair scores outvoted a reading's side at 100 (docs/experiments.md).
READING_RATIO = 300.0
NEUTRAL_READING_RATIO = 1000.0


def with_readings(
    sentiment: SentenceSentiment,
    readings: Sequence[Any],
    ratio: float | None = None,
    neutral_ratio: float | None = None,
) -> SentenceSentiment:
    """``sentiment`` (a sentence scored toward a ticker) carrying the ``readings`` about that
    ticker (each with an ``effect``: positive, negative or neutral), folded in: the odds of
    an agreed positive or negative effect times ``ratio`` (none when they disagree), then,
    if any reading is neutral, the odds of neutral times ``neutral_ratio`` (defaults:
    :data:`READING_RATIO`, :data:`NEUTRAL_READING_RATIO`), unless the agreed effect is a
    verdict that stands (:func:`_verdict_stands`): "we stay Equal Weight but cut our target"
    and "we'd own the shares into the print; Overweight" keep their side."""
    if not readings:
        return sentiment
    ratio = READING_RATIO if ratio is None else ratio
    neutral_ratio = NEUTRAL_READING_RATIO if neutral_ratio is None else neutral_ratio
    effects = {r.effect for r in readings}
    polar = effects - {"neutral"}
    probabilities = sentiment.probabilities
    verdict = False
    if len(polar) == 1 and (side := polar.pop()) in probabilities:
        probabilities = weigh(probabilities, side, ratio)
        verdict = _verdict_stands(readings, side)
    if "neutral" in effects and "neutral" in probabilities and not verdict:
        probabilities = weigh(probabilities, "neutral", neutral_ratio)
    weighed = prediction_from(probabilities)
    return replace(
        sentiment,
        label=weighed.label,
        score=weighed.score,
        probabilities=weighed.probabilities,
        readings=tuple(readings),
    )


def _verdict_stands(readings: Sequence[Any], side: str) -> bool:
    """Whether the readings' agreed ``side`` is a verdict that a neutral reading does not
    pull to neutral: a rating or target action with that side (over "we stay Equal Weight"
    or a hedge), or a comparison's side where no rating is neutral ("Mondelez, which is
    more exposed to Europe, remains a Hold" stays a Hold), or a price move where the only
    neutral readings are hedges (a move is a fact: "JPMorgan warned that NII could soften;
    the shares fell 2.1%")."""
    kinds = {r.kind for r in readings if r.effect == side and r.kind in VERDICT_KINDS}
    held = any(r.kind == "rating" and r.effect == "neutral" for r in readings)
    moved = any(r.kind == "move" and r.effect == side for r in readings)
    hedged_only = all(r.kind == "hedge" for r in readings if r.effect == "neutral")
    return (
        "rating" in kinds
        or ("comparison" in kinds and not held)
        or (moved and hedged_only)  # "warned NII could soften; the shares fell 2%": a fact
    )
