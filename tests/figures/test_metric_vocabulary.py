"""The metric vocabulary: one table of metrics and their phrases for every reader of figures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sentiment.errors import ResourceError
from sentiment.figures.metrics import default_metric_vocabulary, load_metric_vocabulary
from sentiment.wordlists import resource_path


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """A copy of the shipped figure vocabularies to edit."""
    folder = tmp_path / "figures"
    shutil.copytree(resource_path("figures"), folder)
    return folder


def test_each_metric_carries_its_good_direction() -> None:
    vocabulary = default_metric_vocabulary()
    good = {name: metric.good for name, metric in vocabulary.metrics.items()}
    assert (good["revenue"], good["debt"], good["valuation multiple"]) == ("up", "down", "neutral")
    assert vocabulary.metrics["net income"].profit_line
    assert vocabulary.metrics["return"].units == frozenset({"percent", "bp", "pp"})
    assert "GDP" in vocabulary.economy_metrics()


def test_both_readers_share_phrases() -> None:
    vocabulary = default_metric_vocabulary()
    claims = {p.key: p for p in vocabulary.read_by("claims")}
    changes = {p.key: p for p in vocabulary.read_by("changes")}
    assert claims["net loss"] is changes["net loss"] and claims["net loss"].loss
    assert claims["net loss"].metric == "net income"
    assert "top line" in claims and "top line" not in changes
    assert "loan losses" in changes and "loan losses" not in claims
    assert vocabulary.claim_metrics()["revenue"] == ("revenue", "revenue growth")
    assert vocabulary.claim_units()["loss"] == frozenset({"money", "number"})  # a phrase's own


def test_a_copied_folder_loads_the_same(resources: Path) -> None:
    assert load_metric_vocabulary(resources) == default_metric_vocabulary()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("metrics.tsv", "revenue\tbetter\n", "good direction 'better'"),
        ("metrics.tsv", "revenue\tup\tgrowth stock\n", "kind 'growth stock'"),
        ("metrics.tsv", "revenue\tup\t\tdollars\n", "unknown units"),
        ("metric_phrases.tsv", "sales\trevenues\n", "not in metrics.tsv"),
        ("metric_phrases.tsv", "sales\trevenue\tsales growth\n", "not in metrics.tsv"),
        ("metric_phrases.tsv", "sales\trevenue\t\t\tloss\n", "not a profit line"),
        ("metrics.tsv", "yield\tneutral\t\t\thigher\n", "good direction 'higher'"),
        ("metric_phrases.tsv", "sales\trevenue\t\t\ttables\n", "unknown flags"),
        ("metric_phrases.tsv", "sales\n", "tab-separated"),
        ("metric_qualifiers.tsv", "no such phrase\t5\n", "not in metric_phrases.tsv"),
        ("metric_qualifiers.tsv", "target\tnear\n", "non-integer reach"),
    ],
)
def test_bad_edits_fail_clearly(resources: Path, name: str, content: str, message: str) -> None:
    (resources / name).write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_metric_vocabulary(resources)


def test_the_figure_layer_imports_neither_spacy_nor_torch() -> None:
    code = (
        "import sentiment.figures, sentiment.figures.changes, sentiment.weighing, sys; "
        "sentiment.figures.default_reader().read('Sales were EUR 2 mn versus EUR 1 mn .'); "
        "assert 'spacy' not in sys.modules and 'torch' not in sys.modules, "
        "sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'torch'))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
