"""evaluation/evaluate_claims.py: split selection and scoring of the annotated claims."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from evaluation.evaluate_claims import SPLITS, _splits, evaluate_annotated  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dev,dev2", ("dev", "dev2")),
        (" holdout3 ", ("holdout3",)),
        ("dev4", ("dev4",)),
        ("dev3,", ("dev3",)),
    ],
)
def test_splits_option(text: str, expected: tuple[str, ...]) -> None:
    assert _splits(text) == expected


@pytest.mark.parametrize("text", ["holdout", "holdout2", "dev,test", ","])
def test_unknown_splits_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="unknown splits"):
        _splits(text)


def test_only_the_chosen_splits_run(tmp_path: Path) -> None:
    rows = [
        {
            "text": "Revenue rose 5% to $2bn.",
            "claim": True,
            "metric": "revenue growth",
            "value": 5,
            "unit": "percent",
            "period": None,
            "subject": None,
            "forward_looking": False,
        },
        {"text": "See page 4.", "claim": False, "split": "dev3"},
        {
            "text": "Margins were 30%.",
            "claim": True,
            "metric": "margin",
            "value": 30,
            "unit": "percent",
            "period": None,
            "subject": None,
            "forward_looking": False,
            "split": "holdout3",
        },
    ]
    path = tmp_path / "annotated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    results = evaluate_annotated(path, ("dev", "dev3"))
    assert list(results) == ["dev", "dev3"]
    assert results["dev"]["fields"]["metric"] == 1.0
    assert results["dev3"]["detection"]["tn"] == 1
    assert SPLITS[-1] == "holdout3"
