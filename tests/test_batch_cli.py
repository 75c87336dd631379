"""`sentiment batch` through CliRunner: formats, claims, resume, summary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_fakes import FakeAnalyzer, write_mixed_folder
from typer.testing import CliRunner

from sentiment import cli
from sentiment.batch import journal_path

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


@pytest.mark.parametrize(
    ("output", "made", "message"),
    [
        ("s.jsonl", "s.jsonl/", "s.jsonl: is a directory, not a file"),
        ("s.xlsx", None, "unknown output format '.xlsx'"),
        ("file/s.jsonl", "file", "file is not a folder"),
    ],
    ids=["directory", "suffix", "parent-is-a-file"],
)
def test_batch_checks_the_output_before_loading_the_model(
    notes: Path, tmp_path: Path, monkeypatch, output: str, made: str | None, message: str
) -> None:
    def no_model(model, band):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(cli, "_analyzer", no_model)
    if made:
        thing = tmp_path / made.rstrip("/")
        thing.mkdir() if made.endswith("/") else thing.write_text("x")
    before = sorted(tmp_path.iterdir())
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(tmp_path / output)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1  # no progress bar before the error
    assert sorted(tmp_path.iterdir()) == before


class InterruptedAtLastNote(FakeAnalyzer):
    """Ctrl-C while scoring the batch that holds the folder's last note (note 5)."""

    def analyze_many(self, texts: list[str]) -> list:
        if any("note 5" in text for text in texts):
            raise KeyboardInterrupt
        return super().analyze_many(texts)


@pytest.mark.parametrize(
    ("chunk_size", "kept", "message"),
    [
        ("13", False, "interrupted before any file was finished; nothing was written"),
        ("4", True, "s.jsonl.partial: rerun with --resume"),
    ],
    ids=["in-the-first-chunk", "after-three-chunks"],
)
def test_batch_ctrl_c_names_the_journal_only_when_it_exists(
    notes: Path, tmp_path: Path, monkeypatch, chunk_size: str, kept: bool, message: str
) -> None:
    monkeypatch.setattr(cli, "_analyzer", lambda model, band, *options: InterruptedAtLastNote())
    out = tmp_path / "s.jsonl"
    result = runner.invoke(
        cli.app, ["batch", str(notes), "-o", str(out), "--chunk-size", chunk_size]
    )
    assert result.exit_code == 130
    assert message in result.stderr
    assert journal_path(out).exists() is kept and not out.exists()


def test_batch_records_a_note_without_letters_or_digits_as_failed(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("Profit rose.", encoding="utf-8")
    (notes / "b.txt").write_text(".... !!! ---\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(out)])
    assert result.exit_code == 1, result.output
    records = {r["path"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["a.txt"]["label"] == "positive" and not records["a.txt"].get("error")
    assert records["b.txt"]["error"] == "no letter or digit in the text: nothing to analyse"
    assert "1 scored, 1 failed" in result.stderr


def test_batch_size_is_a_hidden_deprecated_name_of_chunk_size(
    notes: Path, tmp_path: Path, monkeypatch
) -> None:
    sizes = []

    class Recording(FakeAnalyzer):
        def analyze_many(self, texts: list[str]) -> list:
            sizes.append(len(texts))
            return super().analyze_many(texts)

    monkeypatch.setattr(cli, "_analyzer", lambda model, band, *options: Recording())
    new, old = tmp_path / "new.jsonl", tmp_path / "old.jsonl"
    runner.invoke(cli.app, ["batch", str(notes), "-o", str(new), "--chunk-size", "5"])
    chunks, sizes[:] = list(sizes), []
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(old), "--batch-size", "5"])
    assert "--batch-size is deprecated; use --chunk-size" in result.stderr
    assert sizes == chunks and len(chunks) == 3  # 13 files in chunks of 5
    assert old.read_bytes() == new.read_bytes()
    help_text = runner.invoke(cli.app, ["batch", "--help"]).stdout
    assert "--chunk-size" in help_text and "--batch-size" not in help_text
