"""The claim vocabularies: the shipped files load and agree; bad edits fail clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sentiment.components.claim_vocabulary import load_claim_vocabulary
from sentiment.errors import ResourceError
from sentiment.wordlists import resource_path


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """A copy of the shipped claim and figure vocabularies, in one folder, to edit."""
    folder = tmp_path / "claims"
    shutil.copytree(resource_path("claims"), folder)
    shutil.copytree(resource_path("figures"), folder, dirs_exist_ok=True)
    return folder


def test_shipped_vocabulary() -> None:
    vocabulary = load_claim_vocabulary()
    assert vocabulary.qualifiers["guidance"] == 30  # a metric: all its phrases
    assert vocabulary.qualifiers["target"] == 1  # a phrase
    assert vocabulary.metrics["target"] == ("price target", None)
    assert vocabulary.analyst_actions
    assert vocabulary.directions["up to"] is None  # a cap states no direction
    assert vocabulary.directions["edged up"] == "up"
    assert "net loss" in vocabulary.losses and vocabulary.metrics["net loss"][0] == "net income"
    assert vocabulary.metric_units["loss"] == frozenset({"money", "number"})  # a phrase
    assert vocabulary.clause_breaks


def test_a_copied_folder_loads_the_same(resources: Path) -> None:
    copied, shipped = load_claim_vocabulary(resources), load_claim_vocabulary()
    assert copied.metrics == shipped.metrics and copied.qualifiers == shipped.qualifiers
    assert copied.clause_breaks == shipped.clause_breaks


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("metric_qualifiers.tsv", "no such phrase\t5\n", "not in metric_phrases.tsv"),
        ("metric_qualifiers.tsv", "target\tnear\n", "non-integer reach"),
        ("metric_qualifiers.tsv", "target\n", "tab-separated"),
        ("analyst_actions.txt", "(unclosed\n", "bad pattern"),
        ("metric_phrases.tsv", "weather\tclimate\n", "not in metrics.tsv"),
        ("metric_phrases.tsv", "net loss\trevenue\t\t\tloss\n", "not a profit line"),
        ("directions.tsv", "up to\tsideways\n", "unknown directions"),
        ("clause_breaks.tsv", "claim\t(unclosed\n", "bad pattern"),
    ],
)
def test_bad_edits_fail_clearly(resources: Path, name: str, content: str, message: str) -> None:
    (resources / name).write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_claim_vocabulary(resources)


def test_a_missing_file_is_named(resources: Path) -> None:
    (resources / "analyst_actions.txt").unlink()
    with pytest.raises(ResourceError, match="analyst_actions.txt"):
        load_claim_vocabulary(resources)
