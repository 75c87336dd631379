"""A note with no letter or digit is refused like an empty one: by the CLI and in batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sentiment import cli

runner = CliRunner()
NOTHING = [".... !!! ---\n", "* * *\n\n- - -\n", "\u2014 \u2022 $%\n"]


@pytest.fixture(autouse=True)
def _fake_model(fake_cli_model) -> None:
    """Every CLI command here scores with the FakeClassifier (see conftest)."""


@pytest.mark.parametrize("text", NOTHING)
def test_score_refuses_a_note_without_letters_or_digits(tmp_path: Path, text: str) -> None:
    path = tmp_path / "marks.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli.app, ["score", str(path)])
    assert result.exit_code == 1
    assert f"{path}: no letter or digit in the text: nothing to analyse" in result.stderr
    assert "Traceback" not in result.output


def test_batch_records_a_note_without_letters_or_digits_as_failed(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("Profit rose.", encoding="utf-8")
    (notes / "b.txt").write_text(NOTHING[0], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(out)])
    assert result.exit_code == 1, result.output
    records = {r["path"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["a.txt"]["label"] == "positive" and not records["a.txt"].get("error")
    assert records["b.txt"]["error"] == "no letter or digit in the text: nothing to analyse"
    assert "1 scored, 1 failed" in result.stderr
