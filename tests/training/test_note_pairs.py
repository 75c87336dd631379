"""(target, sentence) pairs from the hand-written notes: only the train split, passers-by
neutral in every sentence naming them, others only where one sentence carries the label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training import note_pairs

ROW = {
    "id": "x1",
    "split": "train",
    "text": (
        "Chipotle (CMG) cut its outlook, Morgan Stanley said. "
        "We move CMG to Underweight. Cava (CAVA) grew traffic 8%."
    ),
    "items": [
        {"ticker": "CMG", "label": "negative", "phenomena": ["direct", "rating"]},
        {"ticker": "MS", "label": "neutral", "phenomena": ["bystander"]},
        {"ticker": "CAVA", "label": "positive", "phenomena": ["direct"]},
    ],
}


@pytest.fixture(scope="module")
def nlp():
    from sentiment.nlp import build_pipeline

    return build_pipeline()


def test_pairs_follow_the_rules(nlp) -> None:
    named = note_pairs.mentions_by_symbol(nlp, ROW["text"])
    pairs = {(ex.target, ex.label, ex.text) for ex in note_pairs.pairs_of(ROW, named)}
    assert len(named["CMG"]) == 2  # two sentences name CMG: which one carries its label is unsaid
    assert ("Morgan Stanley", "neutral", named["MS"][0][0]) in pairs  # the passer-by
    [cava] = [(t, text) for t, label, text in pairs if label == "positive"]
    assert cava[1] == "Cava (CAVA) grew traffic 8%." and cava[0] in cava[1]  # as written
    assert not any(label == "negative" for _, label, _ in pairs)


def test_a_label_told_elsewhere_gives_no_pair(nlp) -> None:
    row = {**ROW, "items": [{**ROW["items"][2], "phenomena": ["direct", "reference"]}]}
    assert note_pairs.pairs_of(row, note_pairs.mentions_by_symbol(nlp, row["text"])) == []


def test_only_the_train_split_is_read(tmp_path: Path) -> None:
    rows = [
        {**ROW, "id": f"x{i}", "split": s} for i, s in enumerate(("train", "validation", "test"))
    ]
    (tmp_path / "n.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert [r["split"] for r in note_pairs.train_rows(tmp_path)] == ["train"]


def test_other_splits_are_read_when_asked_and_test_never(tmp_path: Path) -> None:
    rows = [
        {**ROW, "id": f"x{i}", "split": s}
        for i, s in enumerate(("train", "validation2", "validation", "test"))
    ]
    (tmp_path / "n.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    read = note_pairs.train_rows(tmp_path, ("train", "validation2"))
    assert [r["split"] for r in read] == ["train", "validation2"]
    with pytest.raises(ValueError, match="test split is never trained on"):
        note_pairs.train_rows(tmp_path, ("train", "test"))
