"""`sentiment claims --by figure`, `sentiment compare`, and the figure table of batch runs
and frames (issue 24), with the fake classifier patched in."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from sentiment import cli
from sentiment.batch.writers import COMPARISON_COLUMNS, FIGURE_TABLE_COLUMNS

runner = CliRunner()
FUND_NOTE = Path(__file__).resolve().parents[1] / "corpora" / "examples" / "fund_comparison.md"
ISSUE = (
    "XLK returned 22.1% over the past year versus 9.8% for XLE, with a smaller maximum "
    "drawdown of -12.0% against -18.5%, and it yields 0.6% compared with 3.2% for XLE.\n"
)


@pytest.fixture(autouse=True)
def _fake_model(fake_cli_model) -> None:
    """Every command here scores with the FakeClassifier (see conftest)."""


def test_claims_by_figure_prints_the_issues_six_rows() -> None:
    result = runner.invoke(cli.app, ["claims", "--by", "figure", "-"], input=ISSUE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:5] == ["ticker", "metric", "value", "period", "role"]
    # ticker, metric, value, period and role columns (then the sentence)
    assert [line[:63].rstrip() for line in lines[1:]] == [
        "XLK      return             22.1%        1Y         current",
        "XLE      return             9.8%         1Y         current",
        "XLK      max drawdown       -12.0%       1Y         current",
        "XLE      max drawdown       -18.5%       1Y         current",
        "XLK      dividend yield     0.6%         -          current",
        "XLE      dividend yield     3.2%         -          current",
    ]


def test_claims_by_figure_csv_matches_json() -> None:
    as_json = json.loads(
        runner.invoke(cli.app, ["claims", "--by", "figure", "-f", "json", "-"], input=ISSUE).stdout
    )
    result = runner.invoke(cli.app, ["claims", "--by", "figure", "-f", "csv", "-"], input=ISSUE)
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert tuple(reader.fieldnames or ()) == FIGURE_TABLE_COLUMNS
    rows = list(reader)
    assert len(rows) == len(as_json) == 6
    for row, figure in zip(rows, as_json):
        assert set(figure) == set(FIGURE_TABLE_COLUMNS)
        assert (row["ticker"], row["metric"], row["text"]) == (
            figure["ticker"],
            figure["metric"],
            figure["text"],
        )
        assert float(row["value"]) == figure["value"] and row["period"] == (figure["period"] or "")


def test_claims_by_claim_is_unchanged_by_default() -> None:
    default = runner.invoke(cli.app, ["claims", "-"], input=ISSUE)
    by_claim = runner.invoke(cli.app, ["claims", "--by", "claim", "-"], input=ISSUE)
    assert default.stdout == by_claim.stdout and len(default.stdout.splitlines()) == 2


def test_compare_prints_the_table_a_reader_would_write() -> None:
    result = runner.invoke(cli.app, ["compare", str(FUND_NOTE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "ticker  annualised return  expense ratio  max drawdown",
        "VOO     14.5% (5Y)         0.03%          -24.5%",
        "IWM     7.9% (5Y)          0.19%          -31.9%",
    ]


def test_compare_evidence_shows_the_sentence_behind_each_cell() -> None:
    result = runner.invoke(cli.app, ["compare", "--evidence", str(FUND_NOTE)])
    assert result.exit_code == 0, result.output
    evidence = result.stdout.split("\n\n", 1)[1].splitlines()
    assert len(evidence) == 6
    assert evidence[2].split(":")[0].split() == ["VOO", "expense", "ratio", "0.03%"]
    assert evidence[2].endswith("VOO's expense ratio is 0.03% versus 0.19% for IWM.")


def test_compare_json_and_csv_agree() -> None:
    as_json = json.loads(runner.invoke(cli.app, ["compare", "-f", "json", str(FUND_NOTE)]).stdout)
    assert as_json["tickers"] == ["VOO", "IWM"]
    result = runner.invoke(cli.app, ["compare", "-f", "csv", str(FUND_NOTE)])
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert tuple(reader.fieldnames or ()) == COMPARISON_COLUMNS
    rows = [(r["ticker"], r["metric"], r["text"], r["period"]) for r in reader]
    cells = [
        (c["ticker"], c["metric"], f["text"], f["period"] or "")
        for c in as_json["cells"]
        for f in c["figures"]
    ]
    assert rows == cells and ("IWM", "max drawdown", "-31.9%", "") in rows


def test_compare_shows_and_flags_two_disagreeing_figures() -> None:
    note = (
        "VOO's expense ratio is 0.03% versus 0.19% for IWM.\n\n"
        "IWM now charges an expense ratio of 0.21%.\n"
    )
    result = runner.invoke(cli.app, ["compare", "-"], input=note)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["IWM", "0.19%", "/", "0.21%", "(!)"]
    assert lines[3] == "(!) IWM expense ratio: 0.19% and 0.21% disagree"
    as_json = json.loads(runner.invoke(cli.app, ["compare", "-f", "json", "-"], input=note).stdout)
    assert [c["conflict"] for c in as_json["cells"]] == [False, True]


def test_compare_without_figures_says_so() -> None:
    result = runner.invoke(cli.app, ["compare", "-"], input="The meeting is on Tuesday.\n")
    assert result.exit_code == 0
    assert result.stdout.strip() == "no figures with both a ticker and a metric"


def test_compare_bad_path_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["compare", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_figure_commands_load_no_model(fake_classifier) -> None:
    runner.invoke(cli.app, ["compare", str(FUND_NOTE)])
    runner.invoke(cli.app, ["claims", "--by", "figure", str(FUND_NOTE)])
    assert fake_classifier.calls == []


def test_batch_claims_keep_the_figure_table(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text(ISSUE, encoding="utf-8")
    (notes / "b.txt").write_text("VOO's expense ratio is 0.03% versus 0.19% for IWM.\n")
    (notes / "bad.pdf").write_bytes(b"not a pdf")
    out = tmp_path / "scores.csv"
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(out), "--claims"])
    assert result.exit_code == 1  # bad.pdf is recorded and skipped; the others are kept
    figures = pd.read_csv(tmp_path / "scores.figures.csv")
    assert list(figures.columns) == ["path", "doc_id", *FIGURE_TABLE_COLUMNS]
    assert figures.groupby("path").size().to_dict() == {"a.txt": 6, "b.txt": 2}
    assert figures[figures.path == "b.txt"]["ticker"].tolist() == ["VOO", "IWM"]
    jsonl = tmp_path / "scores.jsonl"
    runner.invoke(cli.app, ["batch", str(notes), "-o", str(jsonl), "--claims"])
    records = {r["path"]: r for r in map(json.loads, jsonl.read_text().splitlines())}
    assert [f["metric"] for f in records["a.txt"]["figures"]][:2] == ["return", "return"]
    assert records["bad.pdf"]["figures"] == [] and records["bad.pdf"]["error"]


def test_analyze_frame_gives_the_long_figure_table(analyzer) -> None:
    frame = pd.DataFrame({"text": [ISSUE, None, "Sales fell."]}, index=["n1", "n2", "n3"])
    scored, figures = analyzer.analyze_frame(frame, figures=True)
    assert list(scored.index) == ["n1", "n2", "n3"]
    assert list(figures.columns) == ["row", *FIGURE_TABLE_COLUMNS]
    assert figures["row"].tolist() == ["n1"] * 6
    assert figures["ticker"].tolist() == ["XLK", "XLE"] * 3
    assert list(analyzer.analyze_frame(frame).columns) == list(scored.columns)
