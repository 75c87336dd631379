"""Metrics for ``evaluation/evaluate.py``: the package's pure functions plus one adapter.

The metric functions themselves live in :mod:`sentiment.metrics` (shared with
``sentiment evaluate``); they are re-exported here so the harness and its tests keep
one import. Only :func:`score_predictions`, which reads a baseline's ``Predictions``,
is defined here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evaluation.baselines import Predictions
from sentiment.metrics import (
    ECE_BINS,
    LABELS,
    accuracy,
    confusion_matrix,
    expected_calibration_error,
    macro_f1,
    per_class,
    score_labels,
)

__all__ = [
    "ECE_BINS",
    "LABELS",
    "accuracy",
    "confusion_matrix",
    "expected_calibration_error",
    "macro_f1",
    "per_class",
    "score_predictions",
]


def score_predictions(gold: Sequence[str], predictions: Predictions) -> dict[str, Any]:
    """All metrics of one system on one set, as a JSON-able dict."""
    return score_labels(gold, predictions.labels, predictions.confidences)
