"""Pure metric functions: accuracy, per-class F1, macro-F1, confusion, calibration.

Labels are plain strings; every function takes gold and predicted sequences of equal
length and returns plain numbers or dicts, so the results are JSON-ready. Used by
``sentiment evaluate`` and by the accuracy harness in ``evaluation/evaluate.py``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

LABELS = ("negative", "neutral", "positive")
ECE_BINS = 10
INTERVAL_DRAWS = 1000


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Share of items whose predicted label equals the gold label (0.0 when empty)."""
    _check_lengths(gold, pred)
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0


def confusion_matrix(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS
) -> dict[str, dict[str, int]]:
    """Counts as ``matrix[gold_label][predicted_label]`` over ``labels``."""
    _check_lengths(gold, pred)
    matrix = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred, strict=True):
        matrix[g][p] += 1
    return matrix


def per_class(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS
) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per label; an undefined ratio counts as 0."""
    matrix = confusion_matrix(gold, pred, labels)
    scores = {}
    for label in labels:
        hits = matrix[label][label]
        predicted = sum(matrix[g][label] for g in labels)
        support = sum(matrix[label].values())
        precision = hits / predicted if predicted else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    return scores


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    """Unweighted mean F1 over the labels that occur in gold or predictions."""
    present = [label for label in labels if label in set(gold) | set(pred)]
    if not present:
        return 0.0
    scores = per_class(gold, pred, labels)
    return sum(scores[label]["f1"] for label in present) / len(present)


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = ECE_BINS
) -> float:
    """ECE: bin by confidence (equal-width bins), average |accuracy - confidence| by bin size.

    Bin ``i`` holds confidences in ``[i / bins, (i + 1) / bins)``; 1.0 falls in the last bin.
    """
    _check_lengths(confidences, correct)
    if not confidences:
        return 0.0
    grouped: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for conf, ok in zip(confidences, correct, strict=True):
        grouped[min(int(conf * bins), bins - 1)].append((conf, ok))
    total = 0.0
    for members in grouped.values():
        mean_conf = sum(c for c, _ in members) / len(members)
        mean_acc = sum(ok for _, ok in members) / len(members)
        total += len(members) * abs(mean_acc - mean_conf)
    return total / len(confidences)


def score_labels(
    gold: Sequence[str], pred: Sequence[str], confidences: Sequence[float] | None = None
) -> dict[str, Any]:
    """All metrics of one system on one set, as a JSON-able dict (``ece`` with confidences)."""
    result: dict[str, Any] = {
        "n": len(gold),
        "accuracy": accuracy(gold, pred),
        "macro_f1": macro_f1(gold, pred),
        "per_class": per_class(gold, pred),
        "confusion": confusion_matrix(gold, pred),
    }
    if confidences is not None:
        correct = [g == p for g, p in zip(gold, pred, strict=True)]
        result["ece"] = expected_calibration_error(confidences, correct)
    return result


def grouped(
    keys: Sequence[Hashable], pairs: Sequence[tuple[str, str]]
) -> list[list[tuple[str, str]]]:
    """(gold, predicted) ``pairs`` grouped by their ``keys`` (the text each was read from), in
    first-seen order: the groups :func:`bootstrap_interval` draws."""
    _check_lengths(keys, pairs)
    found: dict[Hashable, list[tuple[str, str]]] = {}
    for key, pair in zip(keys, pairs):
        found.setdefault(key, []).append(pair)
    return list(found.values())


def bootstrap_interval(
    groups: Sequence[Sequence[tuple[str, str]]],
    statistic: Callable[[list[str], list[str]], float],
    draws: int = INTERVAL_DRAWS,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """A ``level`` interval of ``statistic(gold, pred)`` by resampling whole groups.

    ``groups`` are (gold, predicted) pairs grouped by what they were read from (one group per
    text: a text's tickers share its sentences, so they are drawn together); each of ``draws``
    samples takes as many groups as there are, with replacement, and the interval is the
    middle ``level`` share of the statistic over the samples (the percentile bootstrap, with a
    fixed ``seed`` so a report does not change between runs on the same predictions). How far
    the figure could move on other texts of the same kind; (0.0, 0.0) with no groups.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if not groups:
        return 0.0, 0.0
    rng = random.Random(seed)
    found = []
    for _ in range(draws):
        sample = [pair for _ in groups for pair in groups[rng.randrange(len(groups))]]
        found.append(statistic([g for g, _ in sample], [p for _, p in sample]))
    found.sort()
    tail = (1 - level) / 2
    return found[int(tail * draws)], found[min(draws - 1, int((1 - tail) * draws))]


def _check_lengths(first: Sequence[Any], second: Sequence[Any]) -> None:
    if len(first) != len(second):
        raise ValueError(f"length mismatch: {len(first)} gold vs {len(second)} predicted")
