"""The evaluation harness's pure functions, on tiny hand-made tables (no corpora, no model)."""

from __future__ import annotations

import pytest

from evaluation.baselines import Predictions, lm_label, majority_label, vader_label  # noqa: E402
from evaluation.metrics import score_predictions  # noqa: E402
from sentiment.metrics import (  # noqa: E402
    accuracy,
    bootstrap_interval,
    confusion_matrix,
    expected_calibration_error,
    macro_f1,
    per_class,
)

# gold / predicted, worked by hand:
#   negative: 2 gold, predicted 2, 1 hit -> P 1/2, R 1/2, F1 1/2
#   neutral:  1 gold, predicted 2, 1 hit -> P 1/2, R 1,   F1 2/3
#   positive: 3 gold, predicted 2, 2 hits -> P 1,  R 2/3, F1 4/5
GOLD = ["negative", "negative", "neutral", "positive", "positive", "positive"]
PRED = ["negative", "neutral", "neutral", "positive", "positive", "negative"]


def test_accuracy() -> None:
    assert accuracy(GOLD, PRED) == pytest.approx(4 / 6)
    assert accuracy([], []) == 0.0


def test_confusion_matrix_rows_are_gold() -> None:
    matrix = confusion_matrix(GOLD, PRED)
    assert matrix["negative"] == {"negative": 1, "neutral": 1, "positive": 0}
    assert matrix["neutral"] == {"negative": 0, "neutral": 1, "positive": 0}
    assert matrix["positive"] == {"negative": 1, "neutral": 0, "positive": 2}


@pytest.mark.parametrize(
    ("label", "precision", "recall", "f1", "support"),
    [
        ("negative", 1 / 2, 1 / 2, 1 / 2, 2),
        ("neutral", 1 / 2, 1.0, 2 / 3, 1),
        ("positive", 1.0, 2 / 3, 4 / 5, 3),
    ],
)
def test_per_class(label: str, precision: float, recall: float, f1: float, support: int) -> None:
    scores = per_class(GOLD, PRED)[label]
    assert scores["precision"] == pytest.approx(precision)
    assert scores["recall"] == pytest.approx(recall)
    assert scores["f1"] == pytest.approx(f1)
    assert scores["support"] == support


def test_macro_f1_is_unweighted_mean() -> None:
    assert macro_f1(GOLD, PRED) == pytest.approx((1 / 2 + 2 / 3 + 4 / 5) / 3)


def test_macro_f1_of_majority_class_counts_missed_classes_as_zero() -> None:
    gold = ["neutral", "neutral", "positive", "negative"]
    pred = ["neutral"] * 4
    # neutral: P 1/2, R 1, F1 2/3; the other two classes occur in gold, F1 0.
    assert macro_f1(gold, pred) == pytest.approx((2 / 3) / 3)


def test_macro_f1_skips_classes_absent_from_gold_and_predictions() -> None:
    assert macro_f1(["positive", "neutral"], ["positive", "neutral"]) == pytest.approx(1.0)


def test_undefined_precision_is_zero() -> None:
    scores = per_class(["positive"], ["neutral"])
    assert scores["positive"]["precision"] == 0.0
    assert scores["negative"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="length mismatch"):
        accuracy(["positive"], [])


def test_ece_perfectly_calibrated_is_zero() -> None:
    # Bin [0.5, 0.6): confidence 0.5, half right. Bin [0.9, 1.0]: confidence 1.0, all right.
    confidences = [0.5, 0.5, 1.0, 1.0]
    correct = [True, False, True, True]
    assert expected_calibration_error(confidences, correct) == pytest.approx(0.0)


def test_ece_weights_bins_by_size() -> None:
    # Bin [0.9, 1.0]: three items, mean confidence 0.9, accuracy 1/3 -> gap 0.9 - 1/3.
    # Bin [0.6, 0.7): one item, confidence 0.6, right -> gap 0.4.
    confidences = [0.9, 0.9, 0.9, 0.6]
    correct = [True, False, False, True]
    expected = (3 * (0.9 - 1 / 3) + 1 * 0.4) / 4
    assert expected_calibration_error(confidences, correct) == pytest.approx(expected)


def test_ece_empty_is_zero() -> None:
    assert expected_calibration_error([], []) == 0.0


def test_score_predictions_adds_ece_only_with_confidences() -> None:
    plain = score_predictions(GOLD, Predictions(PRED))
    assert plain["n"] == 6 and "ece" not in plain
    calibrated = score_predictions(GOLD, Predictions(PRED, [1.0] * 6))
    assert calibrated["ece"] == pytest.approx(1 - 4 / 6)


def test_majority_label_breaks_ties_alphabetically() -> None:
    assert majority_label(["positive", "neutral", "neutral"]) == "neutral"
    assert majority_label(["positive", "negative"]) == "negative"


@pytest.mark.parametrize(
    ("compound", "label"),
    [(0.05, "positive"), (0.049, "neutral"), (-0.049, "neutral"), (-0.05, "negative")],
)
def test_vader_convention(compound: float, label: str) -> None:
    assert vader_label(compound) == label


@pytest.mark.parametrize(
    ("polarity", "label"), [(0.01, "positive"), (0.0, "neutral"), (-1, "negative")]
)
def test_lm_threshold(polarity: float, label: str) -> None:
    assert lm_label(polarity) == label


def test_bootstrap_interval_draws_whole_groups() -> None:
    # every group holds one right and one wrong pair: any sample's accuracy is exactly 0.5
    groups = [[("positive", "positive"), ("negative", "neutral")]] * 5
    assert bootstrap_interval(groups, accuracy) == (0.5, 0.5)
    # groups all right or all wrong: samples spread around the 0.5 of the whole
    spread = [[("positive", "positive")] * 2, [("negative", "neutral")] * 2] * 5
    low, high = bootstrap_interval(spread, accuracy, draws=400)
    assert 0.1 < low < 0.5 < high < 0.9
    assert bootstrap_interval(spread, accuracy, draws=400, level=0.5)[0] > low
    assert bootstrap_interval([], accuracy) == (0.0, 0.0)
    with pytest.raises(ValueError, match="level"):
        bootstrap_interval(groups, accuracy, level=1.5)
