"""The training scripts' data handling: distillation's unlabelled pool, the mixed loss,
and the synthetic comparison sentences. No corpora and no model needed."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import comparisons  # noqa: E402
import distill  # noqa: E402
import train as tr  # noqa: E402

import corpora as cp  # noqa: E402


def _texts_in(split: str, count: int, prefix: str) -> list[str]:
    """Made-up sentences that the hash split puts in ``split``."""
    found, i = [], 0
    while len(found) < count:
        text = f"{prefix} sentence number {i} about margins."
        if cp.split_of(text) == split:
            found.append(text)
        i += 1
    return found


@pytest.fixture
def corpora(tmp_path: Path) -> Path:
    (tmp_path / "ner").mkdir()
    (tmp_path / "claims").mkdir()
    (tmp_path / "targets").mkdir()
    train = _texts_in("train", 3, "news")
    held = _texts_in("test", 2, "news") + _texts_in("validation", 2, "news")
    rows = [{"text": t, "entities": []} for t in train + held]
    (tmp_path / "ner" / "finer_ord_train.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n"
    )
    claims = [{"text": t, "label": 0} for t in _texts_in("train", 2, "claim")]
    (tmp_path / "claims" / "numclaim_calls.jsonl").write_text(
        "\n".join(json.dumps(r) for r in claims) + "\n"
    )
    return tmp_path


def test_unlabelled_pool_keeps_train_split_only(corpora: Path) -> None:
    texts = distill.unlabelled_texts(corpora, ["finer_ord", "numclaim"], known=set())
    assert len(texts) == 5
    assert all(cp.split_of(t) == "train" for t in texts)


def test_unlabelled_pool_skips_known_sentences(corpora: Path) -> None:
    every = distill.unlabelled_texts(corpora, ["finer_ord"], known=set())
    known = {cp.normalise(every[0])}
    assert distill.unlabelled_texts(corpora, ["finer_ord"], known) == every[1:]


LOSS_CASES = [
    # (labels, soft_weight, expect: which terms are present)
    ([0, 2], 0.0, "hard"),
    ([0, 2], 1.0, "soft"),
    ([-100, -100], 0.5, "soft-only"),
]


@pytest.mark.parametrize(("labels", "soft_weight", "kind"), LOSS_CASES)
def test_batch_loss_mixes_gold_and_teacher(labels, soft_weight, kind) -> None:
    logits = torch.tensor([[2.0, 0.0, -1.0], [0.0, 0.5, 1.5]])
    soft = torch.tensor([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]])
    batch = {"labels": torch.tensor(labels), "soft": soft}
    ce = torch.nn.CrossEntropyLoss()
    loss = tr.batch_loss(logits, batch, ce, soft_weight, kd_temperature=1.0)
    kl = torch.nn.functional.kl_div(logits.log_softmax(-1), soft, reduction="batchmean")
    if kind == "hard":
        assert loss == pytest.approx(float(ce(logits, torch.tensor(labels))))
    elif kind == "soft":
        assert loss == pytest.approx(float(kl))
    else:  # unlabelled items: only the teacher's term, weighted
        assert loss == pytest.approx(0.5 * float(kl))


def test_class_weights_ignore_unlabelled_items() -> None:
    items = [{"label": 0}, {"label": 1}, {"label": 1}, {"label": 2}, {"label": -100}]
    weights = tr.class_weights(items, power=1.0)
    assert weights.tolist() == pytest.approx([4 / 3, 2 / 3, 4 / 3])


FILL_CASES = [
    ("{P} outperformed {N}.", {"P": "positive", "N": "negative"}),
    ("{N} {neg}, while {Z} {neu}.", {"N": "negative", "Z": "neutral"}),
    ("{P} and {P2} both {pos}.", {"P": "positive", "P2": "positive"}),
]


@pytest.mark.parametrize(("template", "slots"), FILL_CASES)
def test_comparison_labels_follow_slots(template: str, slots: dict[str, str]) -> None:
    sections = {"pos": ["rose"], "neg": ["fell"], "neu": ["was flat"]}
    entities = ["Alpha Corp", "Beta Inc", "Gamma plc"]
    text, labels = comparisons.fill(template, sections, entities, random.Random(3))
    assert "{" not in text
    assert sorted(labels.values()) == sorted(slots.values())
    assert all(name in text for name in labels)


def test_comparisons_never_use_holdout_entities() -> None:
    excluded = comparisons.holdout_entities()
    assert "iwm" in excluded
    examples = comparisons.generate(300, seed=2)
    assert examples
    assert not {ex.target.lower().lstrip("$") for ex in examples} & excluded


def test_comparisons_are_reproducible() -> None:
    assert comparisons.generate(20, seed=4) == comparisons.generate(20, seed=4)
