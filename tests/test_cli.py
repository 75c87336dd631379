"""The CLI through CliRunner, with the fake classifier patched in."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sentiment import Analyzer, __version__, cli
from sentiment.batch.writers import CLAIM_TABLE_COLUMNS

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "examples" / "note.txt"


@pytest.fixture(autouse=True)
def _fake_model(fake_cli_model) -> None:
    """Every CLI command here scores with the FakeClassifier (see conftest)."""


def test_version() -> None:
    result = runner.invoke(cli.app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", [[], ["score"], ["batch"], ["tickers"], ["claims"]])
def test_help_is_available(command: list[str]) -> None:
    result = runner.invoke(cli.app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_help_shows_square_brackets_in_install_hints(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(cli.app, ["batch", "--help"])
    assert "pip install 'sentiment[distributed]'" in result.output


def test_score_prints_label_score_then_tickers() -> None:
    result = runner.invoke(cli.app, ["score", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    first, *rest = result.stdout.splitlines()
    label, score = first.split(", ")
    assert label in {"positive", "neutral", "negative"}
    assert -1.0 <= float(score) <= 1.0 and len(score.split(".")[1]) == 2
    symbols = {line.split()[0] for line in rest}
    assert {"NVDA", "INTC"} <= symbols


def test_score_json_is_doc_to_dict(fake_classifier) -> None:
    result = runner.invoke(cli.app, ["score", str(EXAMPLE), "--format", "json"])
    doc = Analyzer(classifier=fake_classifier).analyze_file(EXAMPLE)
    assert json.loads(result.stdout) == json.loads(json.dumps(doc.to_dict()))


def test_score_evidence_adds_each_tickers_sentences_under_it() -> None:
    data = json.loads(runner.invoke(cli.app, ["score", str(EXAMPLE), "-f", "json"]).stdout)
    plain = runner.invoke(cli.app, ["score", str(EXAMPLE), "--scale", "five"]).stdout
    result = runner.invoke(cli.app, ["score", str(EXAMPLE), "--scale", "five", "--evidence"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split(",")[0] == data["scale_label"]
    rest = result.stdout
    for sentence in (s for t in data["tickers"] for s in t["evidence"]):
        link = sentence["link"]
        how = f"{link['method']}: {link['cue']}" if link["cue"] else link["method"]
        tag = "" if link["method"] == "direct" else f"[{how}] "
        text = " ".join(sentence["text"].split())  # one line, however the note wraps it
        shown = f"    {sentence['score']:+.2f}  {tag}{text}\n"
        assert shown in rest
        rest = rest.replace(shown, "", 1)
    rest = re.sub(r"(?m)^ {11}\S.*\n", "", rest)  # figure changes and readings, under it
    assert rest == plain != result.stdout


@pytest.mark.parametrize(
    ("args", "labels"),
    [
        ([], {"positive", "neutral", "negative"}),
        (
            ["--scale", "five"],
            {"bearish", "somewhat-bearish", "neutral"} | {"somewhat-bullish", "bullish"},
        ),
    ],
)
def test_scale_applies_to_document_and_ticker_lines(args: list[str], labels: set[str]) -> None:
    result = runner.invoke(cli.app, ["score", str(EXAMPLE), *args])
    assert result.exit_code == 0, result.output
    first, *rest = result.stdout.splitlines()
    assert first.split(", ")[0] in labels
    assert rest and all(line.split()[1].rstrip(",") in labels for line in rest)


def test_json_tickers_carry_the_five_level_label_by_the_band() -> None:
    result = runner.invoke(cli.app, ["score", str(EXAMPLE), "-f", "json", "--neutral-band", "0.5"])
    data = json.loads(result.stdout)
    for item in [data, *data["tickers"]]:
        assert (item["label"] == "neutral") == (item["scale_label"] == "neutral"), item


def test_score_evidence_shows_figure_changes() -> None:
    text = "Intel (INTC) said its gross margin fell to 38.7% from 42.5% a year ago.\n"
    result = runner.invoke(cli.app, ["score", "-", "--evidence"], input=text)
    assert result.exit_code == 0, result.output
    assert "gross margin 38.7% from 42.5%: down, unfavourable" in result.stdout
    assert result.stdout.splitlines()[1].startswith("INTC     negative")


def test_score_reads_stdin() -> None:
    result = runner.invoke(cli.app, ["score", "-"], input="Profit rose strongly.\n")
    assert result.exit_code == 0
    assert result.stdout.startswith("positive, ")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b"  \n \t"), "whitespace"),
        (lambda d: _write(d / "bin.txt", b"\x00\x01\x02PK\x03\x04" * 50), "binary"),
    ],
)
def test_score_bad_input_is_one_line_error_exit_1(tmp_path: Path, setup, message: str) -> None:
    path = setup(tmp_path)
    result = runner.invoke(cli.app, ["score", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_score_latin1_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "cp.txt", "Nestlé's profit rose – strongly.".encode("cp1252"))
    result = runner.invoke(cli.app, ["score", str(path)])
    assert result.exit_code == 0
    assert result.stdout.startswith("positive")


def test_batch_records_errors_and_scores_the_rest(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    _write(notes / "a.txt", b"Profit rose at $AAPL.")
    _write(notes / "sub" / "b.md", b"Sales fell sharply.")
    _write(notes / "empty.txt", b"")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli.app, ["batch", str(notes), "-o", str(out)])
    assert result.exit_code == 1  # one file failed
    records = {r["path"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["a.txt"]["label"] == "positive"
    assert records["sub/b.md"]["label"] == "negative"
    assert records["empty.txt"]["error"]
    assert "2 scored, 1 failed" in result.stderr
    again = runner.invoke(cli.app, ["batch", str(notes), "-o", str(out), "--allow-errors"])
    assert again.exit_code == 0


def test_batch_csv(tmp_path: Path) -> None:
    import pandas as pd

    _write(tmp_path / "n" / "a.txt", b"Profit rose.")
    out = tmp_path / "out.csv"
    result = runner.invoke(cli.app, ["batch", str(tmp_path / "n"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert list(frame["label"]) == ["positive"]


def test_tickers_and_claims_commands_load_no_model(fake_classifier) -> None:
    for command in ("tickers", "claims"):
        result = runner.invoke(cli.app, [command, str(EXAMPLE), "--format", "json"])
        assert result.exit_code == 0, result.output
    assert fake_classifier.calls == []


def test_tickers_command_json() -> None:
    result = runner.invoke(cli.app, ["tickers", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0
    found = {m["symbol"]: m for m in json.loads(result.stdout)}
    assert {"NVDA", "INTC", "AMD"} <= set(found)
    assert all({"start", "end", "method", "confidence"} <= set(m) for m in found.values())


def test_claims_command_json() -> None:
    result = runner.invoke(cli.app, ["claims", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0
    claims = json.loads(result.stdout)
    assert any(c["forward_looking"] for c in claims)
    assert any(c["metric"] == "price target" for c in claims)


def test_claims_command_csv_matches_json() -> None:
    as_json = json.loads(runner.invoke(cli.app, ["claims", str(EXAMPLE), "-f", "json"]).stdout)
    result = runner.invoke(cli.app, ["claims", str(EXAMPLE), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(as_json)
    for row, claim in zip(rows, as_json):
        assert row["text"] == claim["text"]
        assert row["metric"] == (claim["metric"] or "")
        assert row["tickers"] == ";".join(claim["tickers"])
        assert row["forward_looking"] == str(claim["forward_looking"])
    target = next(r for r in rows if r["metric"] == "price target")
    assert (target["value"], target["unit"]) == ("165.0", "money")
    assert "$165" in target["figures"] and "$150" in target["figures"]


def test_claims_command_csv_with_no_claims_prints_the_header(tmp_path: Path) -> None:
    note = _write(tmp_path / "plain.txt", b"The meeting is on Tuesday.\n")
    result = runner.invoke(cli.app, ["claims", str(note), "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [",".join(CLAIM_TABLE_COLUMNS)]


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for command in cli.app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"sentiment {name}" in readme, name


NOTHING = [".... !!! ---\n", "* * *\n\n- - -\n", "\u2014 \u2022 $%\n"]


@pytest.mark.parametrize("text", NOTHING)
def test_score_refuses_a_note_without_letters_or_digits(tmp_path: Path, text: str) -> None:
    path = tmp_path / "marks.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli.app, ["score", str(path)])
    assert result.exit_code == 1
    assert f"{path}: no letter or digit in the text: nothing to analyse" in result.stderr
    assert "Traceback" not in result.output
