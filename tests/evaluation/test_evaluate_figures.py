"""evaluation/evaluate_figures.py: matching by span, per-field accuracy, exact rows, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sentiment.results import Figure


@pytest.fixture(scope="module")
def evaluation():
    from evaluation import evaluate_figures

    return evaluate_figures


def gold(text: str, start: int, ticker: str | None, metric: str, value: float, role: str) -> dict:
    return {
        "text": text,
        "start": start,
        "end": start + len(text),
        "value": value,
        "unit": "money" if text.startswith("$") else "percent",
        "ticker": ticker,
        "metric": metric,
        "period": None,
        "role": role,
    }


ROWS = [
    {
        "id": "a",
        "split": "dev",
        "text": "A 5% and B 7%.",
        "figures": [
            gold("5%", 2, "A", "return", 5.0, "current"),
            gold("7%", 11, "B", "return", 7.0, "current"),
        ],
    },
    {
        "id": "b",
        "split": "dev",
        "text": "C rose 3% to $4 billion.",
        "figures": [
            gold("3%", 7, "C", "revenue growth", 3.0, "current"),
            gold("$4 billion", 13, "C", "revenue", 4e9, "current"),
        ],
    },
    {
        "id": "c",
        "split": "test",
        "text": "D 1%.",
        "figures": [gold("1%", 2, "D", "fee", 1.0, "current")],
    },
]


def fake_find(text: str) -> list[Figure]:
    """Row a: both right; row b: the first figure wrong ticker, the second found by overlap
    only ("$4" instead of "$4 billion") with the wrong value, and one extra figure."""
    if text.startswith("A"):
        return [
            Figure("5%", 2, 4, 5.0, "percent", ticker="A", metric="return", role="current"),
            Figure("7%", 11, 13, 7.0, "percent", ticker="B", metric="return", role="current"),
        ]
    if text.startswith("C"):
        return [
            Figure("3%", 7, 9, 3.0, "percent", ticker="X", metric="revenue growth", role="current"),
            Figure("$4", 13, 15, 4.0, "money", ticker="C", metric="revenue", role="current"),
            Figure("24", 20, 22, 24.0, "number"),
        ]
    return []


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "figures.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    return path


def test_scores_by_split(evaluation, data: Path) -> None:
    results = evaluation.evaluate(data, ("dev", "test"), fake_find)
    dev, test = results["dev"], results["test"]
    assert (dev["rows"], dev["gold_figures"], dev["matched"], dev["not_in_gold"]) == (2, 4, 4, 1)
    assert dev["accuracy"] == {
        "ticker": 0.75,
        "metric": 1.0,
        "value": 0.75,
        "unit": 1.0,
        "period": 1.0,
        "role": 1.0,
    }
    assert dev["exact_rows"] == 0.5
    # a gold figure not found is wrong in every field
    assert test["not_found"] == 1 and test["accuracy"]["ticker"] == 0.0
    assert test["accuracy_matched"]["ticker"] is None


def test_only_the_splits_asked_for_are_read(evaluation, data: Path) -> None:
    seen: list[str] = []
    evaluation.evaluate(data, ("dev",), lambda text: seen.append(text) or [])
    assert seen == ["A 5% and B 7%.", "C rose 3% to $4 billion."]


def test_match_prefers_the_same_span(evaluation) -> None:
    figures = ROWS[0]["figures"]
    predicted = [
        Figure("7%", 11, 13, 7.0, "percent"),
        Figure("5%", 2, 4, 5.0, "percent"),
    ]
    assert evaluation.match(figures, predicted) == {0: 1, 1: 0}
    assert evaluation.match(figures, [Figure("B 7", 9, 12, 7.0, "number")]) == {1: 0}


def test_main_writes_markdown_and_json(evaluation, data: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(evaluation, "pipeline_figures", lambda: fake_find)
    report = tmp_path / "out" / "claim_figures.md"
    assert evaluation.main(["--data", str(data), "--report", str(report)]) == 0
    text = report.read_text()
    assert "| ticker | >= 0.90 | 0.750 | 0.000 |" in text
    assert json.loads(report.with_suffix(".json").read_text())["dev"]["exact_rows"] == 0.5


def test_evaluate_reads_several_files_and_skips_empty_splits(
    evaluation, data: Path, tmp_path: Path
) -> None:
    holdout = tmp_path / "holdout.jsonl"
    row = {**ROWS[2], "id": "h", "split": "holdout"}
    holdout.write_text(json.dumps(row) + "\n", encoding="utf-8")
    results = evaluation.evaluate([data, holdout], ("test", "holdout", "dev2"), fake_find)
    assert list(results) == ["test", "holdout"]
    assert results["holdout"]["gold_figures"] == 1


def test_render_with_a_baseline_shows_before_and_after(evaluation, data: Path) -> None:
    after = evaluation.evaluate(data, ("dev",), fake_find)
    before = evaluation.evaluate(data, ("dev",), lambda text: [])
    text = evaluation.render(after, baseline={"revision": "abc123", "results": before})
    assert "revision `abc123`" in text
    assert "| ticker | >= 0.90 | 0.000 -> 0.750 |" in text
    assert "| dev | 2 -> 2 | 4 -> 4 | 4 -> 0 | 0 -> 1 | 0.000 -> 0.500 |" in text


@pytest.mark.slow
def test_a_revision_is_scored_with_its_own_code(evaluation, data: Path) -> None:
    """The committed code, exported and run in a subprocess, scores the same rows as the
    code in this checkout when the package is unchanged (real pipeline, so slow)."""
    import subprocess

    changed = subprocess.run(
        ["git", "-C", str(evaluation.ROOT), "status", "--porcelain", "sentiment"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if changed:
        pytest.skip("the sentiment package has uncommitted changes")
    before = evaluation.evaluate_revision("HEAD", [data], ("dev",))
    assert before == evaluation.evaluate(data, ("dev",))


def test_the_shipped_data_files_hold_only_known_splits(evaluation) -> None:
    # every row of the shipped files is scored: its split is one of SPLITS, and each
    # holdout file holds its own split only
    for path in evaluation.default_data():
        splits = {json.loads(line)["split"] for line in path.read_text("utf-8").splitlines()}
        assert splits <= set(evaluation.SPLITS), path
    assert evaluation.HOLDOUT2 in evaluation.default_data()
    holdout2 = evaluation.load_rows(evaluation.HOLDOUT2, evaluation.SPLITS)
    assert [s for s, rows in holdout2.items() if rows] == ["holdout2"]
