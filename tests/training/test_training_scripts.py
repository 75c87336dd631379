"""The training scripts' data handling: distillation's unlabelled pool, the mixed loss,
the synthetic comparison sentences and the weight-space mix. No corpora and no model needed."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from training import (  # noqa: E402
    comparisons,
    distill,
    finetune,  # noqa: E402
    interpolate,  # noqa: E402
)
from training import corpora as cp  # noqa: E402
from training import train as tr  # noqa: E402


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
    texts = cp.unlabelled_texts(corpora, ["finer_ord", "numclaim"], known=set())
    assert len(texts) == 5
    assert all(cp.split_of(t) == "train" for t in texts)


def test_unlabelled_pool_skips_known_sentences(corpora: Path) -> None:
    every = cp.unlabelled_texts(corpora, ["finer_ord"], known=set())
    known = {cp.normalise(every[0])}
    assert cp.unlabelled_texts(corpora, ["finer_ord"], known) == every[1:]


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


def test_fit_temperature_recovers_a_known_temperature() -> None:
    generator = torch.Generator().manual_seed(0)
    true_logits = torch.randn(4000, 3, generator=generator) * 2
    labels = torch.multinomial(true_logits.softmax(-1), 1, generator=generator).squeeze(-1)
    assert tr.fit_temperature(true_logits * 2.5, labels) == pytest.approx(2.5, rel=0.1)


TEMPERATURE_EDGE_CASES = [
    # (logits, labels): the NLL optimum lies at T -> 0 (all right) or T -> infinity (all wrong)
    (torch.tensor([[5.0, 0.0, 0.0], [0.0, 0.0, 5.0]]), torch.tensor([0, 2])),
    (torch.tensor([[5.0, 0.0, 0.0], [0.0, 0.0, 5.0]]), torch.tensor([2, 0])),
]


@pytest.mark.parametrize(("logits", "labels"), TEMPERATURE_EDGE_CASES)
def test_fit_temperature_stays_finite_on_degenerate_data(logits, labels) -> None:
    low, high = tr.TEMPERATURE_RANGE
    assert low <= tr.fit_temperature(logits, labels) <= high


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


def test_neutral_comparisons_come_after_and_leave_the_others_alone() -> None:
    plain = comparisons.generate(30, seed=4)
    both = comparisons.generate(30, seed=4, neutral=10)
    assert both[: len(plain)] == plain
    extra = both[len(plain) :]
    assert len(extra) == 20  # two names per neutral sentence
    assert {ex.label for ex in extra} == {"neutral"}
    for first, second in zip(extra[::2], extra[1::2]):
        assert first.text == second.text and first.target != second.target
        assert first.target in first.text and second.target in first.text


def test_comparisons_are_reproducible() -> None:
    assert comparisons.generate(20, seed=4) == comparisons.generate(20, seed=4)


def _state(value: float) -> dict:
    return {"w": torch.full((2, 2), value), "b": torch.full((2,), value)}


MIX_CASES = [(0.0, 1.0), (1.0, 3.0), (0.5, 2.0), (0.25, 1.5)]


@pytest.mark.parametrize(("alpha", "expected"), MIX_CASES)
def test_mix_moves_from_start_toward_tuned(alpha: float, expected: float) -> None:
    mixed = interpolate.mix(_state(1.0), _state(3.0), alpha)
    assert all(torch.allclose(v, torch.full_like(v, expected)) for v in mixed.values())


@pytest.mark.parametrize("alpha", [-0.1, 1.5])
def test_mix_rejects_alpha_outside_unit_interval(alpha: float) -> None:
    with pytest.raises(ValueError, match="alpha"):
        interpolate.mix(_state(1.0), _state(3.0), alpha)


def test_interpolate_refuses_models_without_a_report(tmp_path: Path) -> None:
    tuned, distilled, other = tmp_path / "tuned", tmp_path / "distilled", tmp_path / "other"
    for folder in (tuned, distilled, other):
        folder.mkdir()
    (tuned / "finetune_report.json").write_text("{}")
    (distilled / "training_report.json").write_text("{}")
    interpolate.check_partners([tuned, distilled])
    with pytest.raises(SystemExit, match="other has no finetune_report.json or training_report"):
        interpolate.check_partners([tuned, other])


def test_interpolate_refuses_a_mix_as_start(tmp_path: Path) -> None:
    interpolate.check_start({"reproduce": "python -m training.distill"}, tmp_path)
    with pytest.raises(SystemExit, match="itself a weight mix"):
        interpolate.check_start({"interpolation": {}}, tmp_path)


def _trained_partner(tmp_path: Path) -> Path:
    folder = tmp_path / "student-c"
    folder.mkdir()
    report = {
        "script": "training/distill.py",
        "reproduce": "python -m training.distill --teacher runs/t",
        "validation": {"fpb": {"n": 10, "accuracy": 0.9, "macro_f1": 0.8}},
        "train_seconds": 120,
        "licences": {"fpb": "CC BY-NC-SA 3.0", "tfns": "MIT"},
    }
    (folder / "training_report.json").write_text(json.dumps(report))
    return folder


def test_partner_info_of_a_trained_model(tmp_path: Path) -> None:
    info = interpolate.partner_info(_trained_partner(tmp_path))
    assert info["kind"] == "trained" and info["folder"] == "student-c"
    assert info["score"] == pytest.approx(0.8) and info["seconds"] == 120


def test_a_mix_report_says_how_to_remake_every_model_in_it(tmp_path: Path) -> None:
    from training_reports import smallest_report

    partner = interpolate.partner_info(_trained_partner(tmp_path))
    out = tmp_path / "mixed"
    out.mkdir()
    best = {"alpha": 0.3, "metrics": {"fpb": {"n": 10, "accuracy": 0.9, "macro_f1": 0.8}}}
    calibration = {"temperature": 1.1, "ece_validation": {"before": 0.1, "after": 0.05}}
    start = smallest_report(reproduce="python -m training.train")
    rows = [_grid_row(0.3, 0.81, 0.76, {"fpb": 0.82})]
    interpolate.write_report(start, out, best, rows, calibration, "runs/a", [partner], 30)
    report = json.loads((out / "training_report.json").read_text())
    assert report["reproduce"] == (
        "python -m training.train, then "
        "python -m training.distill --teacher runs/t (into runs/student-c), then "
        "python -m training.interpolate --start DIR --partners runs/student-c"
    )
    assert report["licences"] == {"tfns": "MIT", "fpb": "CC BY-NC-SA 3.0"}
    assert report["train_seconds"] == 60 + 120 + 30
    assert "`student-c`" in (out / "README.md").read_text()  # the card names the partner


LICENCE_CASES = [
    # (start, partners' licences, expected)
    ({"tfns": "MIT"}, [{"fpb": "CC"}], {"tfns": "MIT", "fpb": "CC"}),
    ({"tfns": "MIT"}, [{}], {"tfns": "MIT"}),  # a fine-tune saw the start model's sets
    ({"tfns": "MIT"}, [{"tfns": "MIT"}, {"fiqa": "x"}], {"tfns": "MIT", "fiqa": "x"}),
]


@pytest.mark.parametrize(("start", "partners", "expected"), LICENCE_CASES)
def test_mixed_licences_are_the_union(start: dict, partners: list, expected: dict) -> None:
    tuned = [{"licences": p} if p else {} for p in partners]
    assert interpolate.mixed_licences(start, tuned) == expected


def test_average_is_elementwise_mean() -> None:
    mean = interpolate.average([_state(1.0), _state(2.0), _state(6.0)])
    assert torch.allclose(mean["w"], torch.full((2, 2), 3.0))


def test_average_refuses_different_architectures() -> None:
    with pytest.raises(ValueError, match="architecture"):
        interpolate.average([_state(1.0), {"w": torch.zeros(2, 2)}])


CHOICE_CASES = [
    ([(0.0, 0.70), (0.5, 0.72), (1.0, 0.71)], 0.5),
    ([(0.0, 0.70), (0.3, 0.72), (0.5, 0.72)], 0.3),  # a tie keeps more of the start model
    ([(0.0, 0.73), (1.0, 0.72)], 0.0),
]


@pytest.mark.parametrize(("points", "expected"), CHOICE_CASES)
def test_choose_alpha_takes_best_pooled_accuracy(points: list, expected: float) -> None:
    rows = [{"alpha": a, "pooled_accuracy": s, "score": 1 - s} for a, s in points]
    assert interpolate.choose_alpha(rows)["alpha"] == expected


def test_conflicting_indices_need_different_labels_in_one_headline() -> None:
    examples = [
        cp.Example("Alpha beat, Beta missed", "positive", "sentfin", target="Alpha"),
        cp.Example("Alpha beat, Beta missed", "negative", "sentfin", target="Beta"),
        cp.Example("Gamma and Delta rose", "positive", "sentfin", target="Gamma"),
        cp.Example("Gamma and Delta rose", "positive", "sentfin", target="Delta"),
        cp.Example("Alpha beat, Beta missed", "negative", "fpb"),
    ]
    assert interpolate.conflicting_indices(examples) == [0, 1]


SWAP_CASES = [
    # (text, target, copied)
    ("Infosys beats estimates; Infosys shares jump", "Infosys", True),
    ("Rouble drops against dollar", "dollar", True),
    ("Sensex ends higher", "Nifty", False),  # the target is not in the text
    ("Infosysx rallies", "Infosys", False),  # only whole words
]


@pytest.mark.parametrize(("text", "target", "copied"), SWAP_CASES)
def test_swap_targets_renames_every_mention(text: str, target: str, copied: bool) -> None:
    example = cp.Example(text, "positive", "sentfin", target=target)
    copies = comparisons.swap_targets([example], fraction=1.0, seed=3)
    assert len(copies) == int(copied)
    for copy in copies:
        assert copy.label == "positive"
        assert copy.target != target and target not in copy.text
        assert copy.text.count(copy.target) >= text.count(target)


def test_swap_targets_skips_sentences_and_honours_fraction() -> None:
    sentence = cp.Example("Profit rose.", "positive", "fpb")
    assert comparisons.swap_targets([sentence], fraction=1.0, seed=3) == []
    targeted = [
        cp.Example(f"Alpha{i} rose", "positive", "sentfin", target=f"Alpha{i}") for i in range(400)
    ]
    share = len(comparisons.swap_targets(targeted, fraction=0.25, seed=3)) / len(targeted)
    assert 0.18 < share < 0.32


def test_teacher_logits_follow_examples_and_fall_back(tmp_path: Path) -> None:
    examples = [
        cp.Example("Alpha rose", "positive", "fpb"),
        cp.Example("Beta fell", "negative", "sentfin", target="Beta"),
        cp.Example("Gamma held", "neutral", "tfns"),
    ]
    saved = {  # the teacher saw two of them, in another order
        "train": torch.tensor([[0.0, 0.0, 9.0], [9.0, 0.0, 0.0]]),
        "train_keys": [("Alpha rose", None, "fpb"), ("Beta fell", "Beta", "sentfin")],
    }
    torch.save(saved, tmp_path / "logits.pt")
    fallback = torch.ones(3, 3)
    logits = finetune.teacher_logits(tmp_path / "logits.pt", examples, fallback)
    assert logits.argmax(-1).tolist()[:2] == [2, 0]
    assert torch.equal(logits[2], fallback[2])


def _grid_row(alpha: float, pooled: float, score: float, sets: dict) -> dict:
    metrics = {name: {"accuracy": acc} for name, acc in sets.items()}
    return {
        "alpha": alpha,
        "pooled_accuracy": pooled,
        "score": score,
        "metrics": metrics,
        "conflicting_accuracy": None,
    }


def test_model_card_names_a_trained_partner(tmp_path: Path) -> None:
    from training import model_card

    partner = interpolate.partner_info(_trained_partner(tmp_path))
    grid = [_grid_row(0.0, 0.80, 0.75, {"fpb": 0.8}), _grid_row(0.3, 0.81, 0.76, {"fpb": 0.82})]
    text = _card(
        model_card,
        interpolation={"start": "runs/a", "finetuned": [partner], "alpha": 0.3, "grid": grid},
    )
    assert "## Weight averaging" in text and "(`runs/a`)" in text
    assert "- `student-c`: made by `training/distill.py`, validation mean macro-F1 0.800" in text
    assert "| 0.30 | 0.8100 | 0.7600 | 0.820 |" in text
    assert "would pick" not in text


def test_model_card_shows_the_grid_of_mixes() -> None:
    from training import model_card

    tuned = {
        "config": {
            "seed": 5,
            "learning_rate": 2e-5,
            "extra": {"soft_weight": 0.5, "comparisons": 1500},
        }
    }
    grid = [
        _grid_row(0.0, 0.80, 0.75, {"fpb": 0.8, "tfns": 0.9}),
        _grid_row(0.5, 0.82, 0.74, {"fpb": 0.85, "tfns": 0.9}),
    ]
    text = _card(model_card, interpolation={"finetuned": [tuned], "alpha": 0.5, "grid": grid})
    assert "| 0.50 | 0.8200 | 0.7400 | 0.850 | n/a | 0.900 | n/a | n/a |" in text
    assert "would pick alpha 0.0" in text  # the choice differs from early stopping's score


class _Tokenizer:
    """Records what it is asked to tokenise."""

    def __call__(self, first, second=None, **kwargs):
        return {"input_ids": [first] + ([second] if second else [])}


@pytest.mark.parametrize(
    ("marked", "expected"),
    [(False, "Nokia rose, Ericsson fell"), (True, "« Nokia » rose, Ericsson fell")],
)
def test_encode_marks_targets_only_when_asked(marked: bool, expected: str) -> None:
    pair = cp.Example("Nokia rose, Ericsson fell", "positive", "sentfin", target="Nokia")
    sentence = cp.Example("Nokia rose", "positive", "fpb")
    items = tr.encode(_Tokenizer(), [pair, sentence], 96, marked)
    assert items[0]["input_ids"] == ["Nokia", expected]
    assert items[1]["input_ids"] == ["Nokia rose"]  # a sentence alone is never marked


def test_an_unknown_target_format_is_refused() -> None:
    with pytest.raises(SystemExit, match="target_format"):
        tr.marks(tr.TrainConfig(target_format="brackets"))


@pytest.mark.parametrize(("target_format", "mentioned"), [("pair", False), ("marked", True)])
def test_model_card_says_when_targets_are_marked(target_format: str, mentioned: bool) -> None:
    from training import model_card

    assert ("«" in _card(model_card, config={"target_format": target_format})) is mentioned
    assert "«" not in _card(model_card, config={})  # reports written before the option


def _card(model_card, **parts) -> str:
    """The model card written for the smallest report with ``parts``, whitespace folded."""
    from training_reports import card_text

    return card_text(model_card, **parts)


def _teach_args(**overrides):
    import argparse

    values = dict(epochs=4, lr=3e-5, patience=2, limit=0, commercial_only=False)
    return argparse.Namespace(**{**values, **overrides})


@pytest.mark.parametrize(
    ("commercial_only", "sets"),
    [(False, tr.TrainConfig.sets), (True, cp.COMMERCIAL_SETS)],
)
def test_teacher_config_follows_the_licence_flag(commercial_only: bool, sets: tuple) -> None:
    from training import teach

    cfg = teach.member_config(_teach_args(commercial_only=commercial_only), 21, None)
    assert cfg.sets == sets
    assert cfg.seed == 21 and cfg.extra == {}
    assert teach.member_config(_teach_args(), 21, 99.0).extra == {"deadline": 99.0}


def test_teacher_ensemble_averages_the_members_logits() -> None:
    from training import teach

    def member(seed: int, value: float) -> dict:
        logits = {name: torch.full((2, 3), value) for name in ("train", "val", "unl")}
        keys = {"train_keys": ["a", "b"], "val_keys": ["c", "d"], "unl_keys": ["e", "f"]}
        return {"seed": seed, "logits": logits, **keys}

    saved = teach.ensemble([member(1, 1.0), member(2, 3.0)])
    assert all(float(saved[name].mean()) == 2.0 for name in ("train", "val", "unl"))
    assert saved["unl_keys"] == ["e", "f"]
    assert [m["seed"] for m in saved["members"]] == [1, 2]


def test_a_deadline_stops_before_an_epoch_that_would_end_past_it() -> None:
    import time

    started = time.time() - 100  # one epoch took 100 s
    assert tr.out_of_time(time.time() + 50, started, 1)
    assert not tr.out_of_time(time.time() + 150, started, 1)
    assert not tr.out_of_time(None, started, 1)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, "python -m training.distill --corpora ../shared/corpora"),
        (
            {"teacher": "runs/t", "config_file": "c.json", "encoder": "runs/adapted/encoder"},
            "python -m experiments.adapt.adapt --out runs/adapted && python -m training.distill "
            "--corpora ../shared/corpora --config c.json --teacher runs/t "
            "--encoder runs/adapted/encoder",
        ),
    ],
)
def test_reproduce_command_names_the_adapted_encoder(settings: dict, expected: str) -> None:
    assert distill.reproduce_command(settings) == expected
