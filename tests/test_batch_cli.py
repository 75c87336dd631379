"""`sentiment batch` through CliRunner: formats, claims, resume, summary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_fakes import write_mixed_folder
from typer.testing import CliRunner

from sentiment import cli

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fake_model(fake_cli_model) -> None:
    """Every CLI command here scores with the FakeClassifier (see conftest)."""


@pytest.fixture()
def notes(tmp_path: Path) -> Path:
    write_mixed_folder(tmp_path / "notes", count=6)
    return tmp_path / "notes"


def test_batch_summary_reasons_and_exit_codes(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(out), "--claims"])
    assert result.exit_code == 1, result.output
    assert "7 scored, 6 failed, 0 skipped of 13 files" in result.stderr
    assert "1  corrupt PDF" in result.stderr and "docs/s" in result.stderr
    assert all("claims" in json.loads(line) for line in out.read_text().splitlines())
    again = runner.invoke(
        cli.app, ["batch", str(notes), "-o", str(out), "--resume", "--allow-errors"]
    )
    assert again.exit_code == 0, again.output
    assert "0 scored, 6 failed, 7 skipped of 13 files" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "spark"], "unknown engine 'spark'"),
        (["--include", "*.xyz"], "no files match"),
    ],
)
def test_batch_bad_options(notes: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(tmp_path / "s.csv"), *args])
    assert result.exit_code == 1
    assert message in result.stderr


def test_batch_ctrl_c_keeps_the_journal_and_says_so(
    notes: Path, tmp_path: Path, monkeypatch
) -> None:
    import sentiment.batch

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sentiment.batch, "run_batch", interrupted)
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(tmp_path / "s.csv")])
    assert result.exit_code == 130
    assert "s.csv.partial: rerun with --resume" in result.stderr
