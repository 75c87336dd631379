"""Soft labels from a larger teacher (training/teacher_labels.py) and how distillation uses
them. No corpora and no model needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from training import corpora as cp  # noqa: E402
from training import distill  # noqa: E402
from training import teacher_labels as tl  # noqa: E402
from training import train as tr  # noqa: E402

TEACHER = torch.tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 2.0]])
OTHER = torch.tensor([[0.0, 0.0, 3.0], [0.0, 0.0, 3.0]])

BLEND_CASES = [
    # (teacher weight, expected probabilities of the mixture)
    (1.0, TEACHER.softmax(-1)),
    (0.0, OTHER.softmax(-1)),
    (0.5, (TEACHER.softmax(-1) + OTHER.softmax(-1)) / 2),
    (0.75, 0.75 * TEACHER.softmax(-1) + 0.25 * OTHER.softmax(-1)),
]


@pytest.mark.parametrize(("weight", "expected"), BLEND_CASES)
def test_blend_averages_probabilities(weight: float, expected: torch.Tensor) -> None:
    assert torch.allclose(tl.blend(TEACHER, OTHER, weight).softmax(-1), expected, atol=1e-6)


WEIGHT_CASES = [
    # (gold labels, expected teacher weight): both models say label 2 for item 1; on item 0
    # the teacher says 0 and the other model 2, which wins once the teacher's share is <= 0.5
    ([0, 2], 1.0),  # 1.0 and 0.75 both get everything right: the larger weight wins the tie
    ([2, 2], 0.5),  # 0.5 and 0.25 get everything right
]


@pytest.mark.parametrize(("labels", "expected"), WEIGHT_CASES)
def test_choose_weight_by_pooled_accuracy(labels: list[int], expected: float) -> None:
    weight, rows = tl.choose_weight(TEACHER, OTHER, torch.tensor(labels))
    assert weight == expected
    assert [r["teacher_weight"] for r in rows] == list(tl.BLEND_WEIGHTS)


def test_gold_logits_put_the_mass_on_the_gold_label() -> None:
    examples = [cp.Example("a", label, "fpb") for label in tr.LABELS]
    probs = tl.gold_logits(examples).softmax(-1)
    assert probs.argmax(-1).tolist() == list(range(len(tr.LABELS)))
    assert float(probs.max(-1).values.min()) > 0.999


VALIDATION = [
    cp.Example("Alpha rose", "positive", "fpb"),
    cp.Example("Beta fell", "negative", "sentfin", target="Beta"),
    cp.Example("Gamma held", "neutral", "tfns"),
]


@pytest.fixture
def teacher_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A teach.py run that saw VALIDATION in that order, row i filled with i."""
    report = {"config": {"sets": ["fpb", "sentfin", "tfns"]}}
    (tmp_path / "teacher_report.json").write_text(json.dumps(report))
    val = torch.arange(3, dtype=torch.float).unsqueeze(-1).repeat(1, 3)
    torch.save({"val": val, "train": val, "train_keys": []}, tmp_path / "logits.pt")
    monkeypatch.setattr(tl.cp, "load_split", lambda corpora, sets, split: list(VALIDATION))
    return tmp_path


def test_validation_logits_follow_the_examples_order(teacher_run: Path) -> None:
    subset = [VALIDATION[2], VALIDATION[0]]
    logits = tl.validation_logits(teacher_run, Path("unused"), subset)
    assert logits[:, 0].tolist() == [2.0, 0.0]


def test_validation_logits_refuse_items_the_teacher_never_saw(teacher_run: Path) -> None:
    unseen = [cp.Example("Delta soared", "positive", "fpb")]
    with pytest.raises(SystemExit, match="never saw 1"):
        tl.validation_logits(teacher_run, Path("unused"), unseen)


def test_items_past_the_teachers_rows_keep_their_gold_label() -> None:
    items = [{"input_ids": [1], "label": 0}, {"input_ids": [2], "label": 2}]
    logits = torch.tensor([[0.0, 3.0, 0.0]])  # the teacher labelled only the first item
    soft = [it["soft"] for it in distill.soft_labelled(items, logits, 1.0)]
    assert soft[0] == pytest.approx(logits[0].softmax(-1).tolist())
    assert soft[1] == [0.0, 0.0, 1.0]


REPRODUCE_CASES = [
    ({}, "python -m training.distill --corpora ../shared/corpora"),
    (
        {"teacher": "runs/t", "blend": None, "config_file": "c.json"},
        "python -m training.distill --corpora ../shared/corpora --config c.json --teacher runs/t",
    ),
    (
        {"teacher": "runs/t", "blend": "models/m", "config_file": "c.json"},
        "python -m training.distill --corpora ../shared/corpora --config c.json --teacher runs/t"
        " --blend models/m",
    ),
]


@pytest.mark.parametrize(("settings", "expected"), REPRODUCE_CASES)
def test_reproduce_command_names_the_teacher(settings: dict, expected: str) -> None:
    assert distill.reproduce_command(settings) == expected


def test_model_card_names_the_teacher_and_the_blend() -> None:
    from training import model_card

    teacher = {
        "run": "runs/teacher-mpnet-2",
        "temperature": 1.09,
        "teacher_pooled_accuracy": 0.873,
        "blend": {
            "model": "models/finsent-minilm",
            "teacher_weight": 0.75,
            "grid": [
                {"teacher_weight": 1.0, "pooled_accuracy": 0.873},
                {"teacher_weight": 0.75, "pooled_accuracy": 0.881},
            ],
        },
    }
    info = {
        "device": "cpu",
        "unlabelled": ["finer_ord"],
        "members": [],
        "teacher": teacher,
        "ensemble_score": 0.78,
        "students": [{"variant": {"soft_weight": 0.7, "kd_temperature": 1.0}, "score": 0.77}],
    }
    from training_reports import card_text

    card = card_text(model_card, distillation=info)
    assert "## Distillation" in card and "distilled from MPNet-base" in card
    assert "runs/teacher-mpnet-2" in card and "models/finsent-minilm" in card
    assert "75% teacher" in card and "0.881" in card  # the chosen share and its accuracy
    assert "teacher 0.780" in card and "members" not in card
    assert "Distillation" not in card_text(model_card)  # plain training: no such section


def test_model_card_names_an_ensemble_teacher() -> None:
    from training import model_card

    teacher = {"run": "runs/teacher-ens", "temperature": 1.44, "teacher_pooled_accuracy": 0.882}
    single = _distilled_card(model_card, teacher=teacher)
    several = _distilled_card(model_card, teacher={**teacher, "members": 6})
    assert "distilled from MPNet-base (109M parameters)" in single and "ensemble" not in single
    assert "distilled from an ensemble of 6 MPNet-base models" in several
    assert "runs/teacher-ens" in several and "0.882" in several


def _distilled_card(model_card, variant: dict | None = None, **parts) -> str:
    """The card of a model distilled into one student (``variant`` over its settings)."""
    from training_reports import card_text

    settings = {"soft_weight": 0.7, "kd_temperature": 1.0, **(variant or {})}
    info = {"device": "cpu", "unlabelled": ["finer_ord"], "members": [], "ensemble_score": 0.78}
    student = {"variant": settings, "score": 0.77}
    return card_text(model_card, distillation={**info, "students": [student], **parts})


STUDENT_PAIR_CASES = [
    # (student variant, text expected in the card or None for no mention)
    ({"soft_weight": 0.7}, None),
    ({"soft_weight": 0.7, "comparisons": 0}, None),
    ({"soft_weight": 0.7, "comparisons": 1500}, "from 1500 synthetic comparison sentences"),
    (
        {"comparisons": 1500, "neutral_comparisons": 500},
        "1500 synthetic comparison sentences and 500 that name two with no view on either",
    ),
]


@pytest.mark.parametrize(("variant", "expected"), STUDENT_PAIR_CASES)
def test_model_card_names_a_students_comparison_pairs(variant: dict, expected: str | None) -> None:
    from training import model_card

    card = _distilled_card(model_card, variant)
    if expected is None:
        assert "comparison" not in card
    else:
        assert expected in card and "training/comparisons.py" in card


COMMERCIAL_CASES = [
    # (sets the teacher saw, licences of the blended model or None, refused)
    (["tfns", "sentfin"], None, False),
    (["tfns", "sentfin", "fpb"], None, True),
    (["tfns", "sentfin"], {"tfns": "MIT", "sentfin": "MIT"}, False),
    (["tfns", "sentfin"], {"tfns": "MIT", "fpb": "CC BY-NC-SA 3.0"}, True),
]


@pytest.mark.parametrize(("sets", "licences", "refused"), COMMERCIAL_CASES)
def test_licence_clean_distillation_refuses_unclean_teachers(
    tmp_path: Path, sets: list, licences: dict | None, refused: bool
) -> None:
    (tmp_path / "teacher_report.json").write_text(json.dumps({"config": {"sets": sets}}))
    other = None
    if licences is not None:
        other = tmp_path / "other"
        other.mkdir()
        (other / "training_report.json").write_text(json.dumps({"licences": licences}))
    if refused:
        with pytest.raises(SystemExit, match="--commercial-only"):
            tl.check_commercial(tmp_path, other)
    else:
        tl.check_commercial(tmp_path, other)


def test_validation_logits_use_saved_keys_over_the_split(teacher_run: Path) -> None:
    """A run that saved ``val_keys`` (a sample, any order) is read by key, not by position."""
    keys = [tr.example_key(VALIDATION[2]), tr.example_key(VALIDATION[0])]
    val = torch.tensor([[7.0] * 3, [9.0] * 3])
    saved = {"val": val, "val_keys": keys, "train": val, "train_keys": []}
    torch.save(saved, teacher_run / "logits.pt")
    logits = tl.validation_logits(teacher_run, Path("unused"), [VALIDATION[0], VALIDATION[2]])
    assert logits[:, 0].tolist() == [9.0, 7.0]


def test_saved_unlabelled_logits_follow_the_texts_order(tmp_path: Path) -> None:
    saved = {"unl": torch.tensor([[1.0] * 3, [2.0] * 3]), "unl_keys": ["alpha rose", "beta fell"]}
    torch.save(saved, tmp_path / "logits.pt")
    logits = tl.unlabelled_logits(tmp_path, ["Beta  fell", "Alpha rose"], 96, "cpu")
    assert logits[:, 0].tolist() == [2.0, 1.0]
    with pytest.raises(SystemExit, match="never labelled 1"):
        tl.unlabelled_logits(tmp_path, ["Gamma held"], 96, "cpu")
