"""The forward-looking decider: featurizer, toy models, the shipped weights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sentiment.components.forward import (
    MODEL_FILE,
    ForwardClassifier,
    ForwardEvidence,
    ForwardModel,
    forward_features,
    load_cue_rules,
    load_forward_classifier,
    load_forward_model,
    load_tense_words,
    rules_decision,
    tokens,
)
from sentiment.errors import ResourceError
from sentiment.wordlists import PhraseIndex, Words, resource_path

TENSE = {"will": "future", "was": "past"}


@pytest.fixture(scope="module")
def shipped() -> ForwardClassifier:
    return load_forward_classifier()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales WILL grow", ["sales", "will", "grow"]),
        ("EPS of $5.10 in 2025E", ["eps", "of", "$", "<num>", "in", "<year>e"]),
        ("FY2026E and 3Q24", ["fy0e", "and", "0q0"]),
        ("1,234.5 in 2019", ["<num>", "in", "<year>"]),
        ("we\u2019ll see", ["we", "'ll", "see"]),
        ("up 5%?", ["up", "<num>", "%", "?"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("evidence", "present", "absent"),
    [
        (
            ForwardEvidence("Sales will rise", cues=("will",)),
            {"w:will", "b:sales will", "rule:cue", "cue:will", "tense:future"},
            {"rule:range", "rule:blocked"},
        ),
        (
            ForwardEvidence("Margin of 3-4%", ranges=("3-4%",), units=("percent",)),
            {"rule:range", "unit:percent"},
            {"rule:cue"},
        ),
        (
            ForwardEvidence("It beat the consensus estimate", blocked=1),
            {"rule:blocked"},
            {"rule:cue"},
        ),
        (
            ForwardEvidence("Sales next year?", period="next year"),
            {"period:next year", "period:next", "shape:question"},
            set(),
        ),
        (ForwardEvidence("EPS in FY2026E", period="FY2026E"), {"period:FY0E"}, set()),
        (ForwardEvidence("It was 5%"), {"tense:past"}, {"tense:future"}),
    ],
)
def test_forward_features(evidence: ForwardEvidence, present: set, absent: set) -> None:
    features = forward_features(evidence, TENSE)
    assert present <= set(features)
    assert not absent & set(features)


def test_words_only_and_normalised_features() -> None:
    evidence = ForwardEvidence("sales will rise", cues=("will",))
    words = forward_features(evidence, TENSE, rules=False)
    assert all(name.startswith(("w:", "b:")) for name in words)
    normalised = forward_features(evidence, TENSE, normalise_words=True)
    assert normalised["w:sales"] == pytest.approx(1 / 5**0.5)  # 3 words + 2 pairs
    assert normalised["rule:cue"] == 1.0


@pytest.mark.parametrize(
    ("text", "cues", "blocked"),
    [
        ("We expect sales of $5bn", ("expect",), 0),
        ("EPS beat the consensus estimate of $1.20", (), 2),
        ("Sales were better than expected", (), 1),
        ("We expect and expect", ("expect",), 0),
        # guidance revisions and guiding to a figure; not without a figure after them
        ("They lowered the FY outlook to $2bn", ("lowered the fy outlook to", "outlook"), 0),
        ("It raised its guidance by $1bn", ("raised its guidance by", "guidance"), 0),
        ("It lowered its outlook", ("outlook",), 0),
        ("It is guiding margins to 14%", ("guiding", "guiding margins to"), 0),
        ("The guided range was $5bn", ("guided",), 0),
        ("Management now sees $4bn", ("now sees",), 0),
        ("We see EPS of $2 in CY2026E", ("cy2026e",), 0),
        # a revision with many words before "guidance", or of one end of it
        (
            "It raised its 2024 core FFO per share guidance to $6.60",
            ("raised its 2024 core ffo per share guidance to", "guidance"),
            0,
        ),
        (
            "It raised the low end of its EBIT guidance to $10bn",
            ("raised the low end of its ebit guidance to",),
            1,
        ),
        # an announced payout change
        (
            "It will raise its quarterly dividend by 4%",
            ("will", "will raise its quarterly dividend"),
            0,
        ),
        ("It will pay $2bn", ("will",), 0),
        # a price right before "target"; not a rate or a synergy figure
        ("Our $18 target implies 22% downside", ("$18 target",), 0),
        ("a 5,200p target price", ("5,200p target", "target price"), 0),
        ("a 2% inflation target", (), 0),
        ("a $1bn synergy target", (), 0),
    ],
)
def test_cue_rules(text: str, cues: tuple[str, ...], blocked: int) -> None:
    found, blocker_count = load_cue_rules().find(Words(text))
    assert found == cues
    assert (blocker_count > 0) == (blocked > 0)


TOY = ForwardModel(
    weights={"rule:cue": 3.0, "w:sales": 0.5, "w:beat": -4.0}, bias=-2.0, threshold=0.5
)


@pytest.mark.parametrize(
    ("evidence", "forward", "cues"),
    [
        (ForwardEvidence("sales will rise", cues=("will",)), True, ("will",)),
        (ForwardEvidence("sales beat", cues=("will",)), False, ()),
        (ForwardEvidence("sales rose"), False, ()),
        (ForwardEvidence("sales of 3-4%", ranges=("3-4%",)), False, ()),
        # a decisive cue wins whatever the score
        (ForwardEvidence("our price target beat", cues=("price target",)), True, ("price target",)),
        (ForwardEvidence("eps in 2025e beat", cues=("2025e",)), True, ("2025e",)),
    ],
)
def test_toy_classifier(evidence: ForwardEvidence, forward: bool, cues: tuple[str, ...]) -> None:
    decisive = (PhraseIndex(["price target"]), load_forward_classifier().decisive_patterns)
    decision = ForwardClassifier(TOY, TENSE, decisive).decide(evidence)
    assert (decision.forward_looking, decision.cues) == (forward, cues)
    assert decision.score is not None


def test_evidence_words_when_no_rule_cue() -> None:
    weights = {"w:poised": 5.0, "w:sales": 0.5, "w:to": -0.1}
    model = ForwardModel(weights=weights, bias=0.0, threshold=0.5)
    decision = ForwardClassifier(model, TENSE).decide(ForwardEvidence("sales poised to rise"))
    assert (decision.forward_looking, decision.cues) == (True, ("poised", "sales"))


@pytest.mark.parametrize(
    ("evidence", "forward"),
    [
        (ForwardEvidence("We expect margins of 30%.", cues=("expect",), units=("percent",)), True),
        (ForwardEvidence("Our price target is $210.", cues=("price target",)), True),
        (ForwardEvidence("Revenue rose 5% to $2bn in Q3.", units=("percent", "money")), False),
        # A future period with a cue, a range or a future/modal word is decisive.
        (
            ForwardEvidence("Sales will grow 5% next year.", cues=("will",), period="next year"),
            True,
        ),
        (
            ForwardEvidence(
                "Margins should expand 100-150bp over the next two years.",
                ranges=("100-150bp",),
                period="next 2Y",
            ),
            True,
        ),
        (
            ForwardEvidence("Revenue grew 5% last year.", units=("percent",), period="last year"),
            False,
        ),
        (
            ForwardEvidence(
                "EPS beat the consensus estimate of $1.20.", blocked=2, units=("money",)
            ),
            False,
        ),
    ],
)
def test_shipped_model(
    shipped: ForwardClassifier, evidence: ForwardEvidence, forward: bool
) -> None:
    assert shipped.decide(evidence).forward_looking is forward


def test_rules_decision_adds_ranges() -> None:
    evidence = ForwardEvidence("x", cues=("guidance",), ranges=("3-4%", "guidance"))
    assert rules_decision(evidence).cues == ("guidance", "3-4%")
    assert rules_decision(ForwardEvidence("x")).forward_looking is False


def test_shipped_weights_are_small_and_say_where_they_come_from() -> None:
    path = resource_path(MODEL_FILE)
    assert path.stat().st_size < 1_000_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "NumClaim" in data["provenance"] and "CC BY-NC 4.0" in data["licence"]
    assert 0 < data["threshold"] < 1


def test_tense_words_load() -> None:
    tense = load_tense_words()
    assert tense["will"] == "future" and tense["was"] == "past"


@pytest.mark.parametrize("content", ["not json", '{"weights": {}}', '{"weights": [], "bias": 0}'])
def test_bad_model_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match="train_forward.py"):
        load_forward_model(path)


@pytest.mark.parametrize(
    ("cue", "decisive"),
    [
        ("price target", True),
        ("cy2026e", True),
        ("fy2026e", True),
        ("cut its full-year eps guidance to", True),
        ("raised its guidance by", True),
        ("guided q1 revenue to", True),
        ("now sees", True),
        ("now expects", True),
        ("now predicts", True),
        ("guided full-year adjusted ebit of", True),
        ("guided range of", False),
        ("will buy back", True),
        ("will repurchase", True),
        ("raised the low end of its ebit guidance to", True),
        ("raised its 2024 core ffo per share guidance to", True),
        ("will raise its quarterly dividend", True),
        ("$18 target", True),
        ("eur 640 target", True),
        ("will", False),
        ("guidance", False),
        ("outlook", False),
        ("guided", False),
        ("expects", False),
    ],
)
def test_decisive_cues(shipped: ForwardClassifier, cue: str, decisive: bool) -> None:
    assert shipped.is_decisive((cue,)) is decisive
