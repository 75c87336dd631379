"""``batch --db --alerts``, ``add --alerts`` and the alerts of a crashed run, with the fake
classifier."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluation.make_notes import write_dated_corpus
from sentiment import cli
from sentiment.desk.alerts import AlertEngine, list_alerts, load_rules
from sentiment.desk.library import Library
from tests.test_desk_alerts import SAMPLE, _add

runner = CliRunner()
RULES = """
[channels]
jsonl = "alerts.jsonl"

[rules.new-name]
scope = "any"
condition = "first_mention"
"""


@pytest.fixture(autouse=True)
def _fake_model(fake_cli_model) -> None:
    """Every command here scores with the FakeClassifier (see conftest)."""


def _run(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


def test_batch_with_alerts_checks_the_notes_it_stored(tmp_path) -> None:
    folder, db = tmp_path / "notes", tmp_path / "lib.db"
    write_dated_corpus(folder, 12, 3, date(2025, 1, 1), 30, pages=(0.2, 0.4))
    rules = tmp_path / "alerts.toml"
    rules.write_text(RULES)
    result = _run("batch", folder, "-o", tmp_path / "out.jsonl", "--db", db, "--alerts", rules)
    assert result.exit_code == 0, result.output
    with Library(db) as lib:
        symbols = lib.symbols()
        fired = list_alerts(lib)
    assert symbols and sorted(a.symbol for a in fired) == symbols
    assert f"alerts: 12 notes checked, {len(symbols)} fired" in result.stderr
    assert result.stdout.count("alert #") == len(symbols)
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["symbol"] for line in lines) == symbols


def test_alerts_needs_db_and_good_rules_before_scoring(tmp_path) -> None:
    folder = tmp_path / "notes"
    write_dated_corpus(folder, 2, 3, date(2025, 1, 1), 30, pages=(0.2, 0.4))
    rules = tmp_path / "alerts.toml"
    rules.write_text(RULES)
    alone = _run("batch", folder, "-o", tmp_path / "out.jsonl", "--alerts", rules)
    assert alone.exit_code == 1 and "--alerts needs --db" in alone.stderr
    rules.write_text(RULES.replace("scope", "scoop"))
    bad = _run("add", folder, "--db", tmp_path / "lib.db", "--alerts", rules)
    assert bad.exit_code == 1 and "line 6: rules.new-name.scoop" in bad.stderr
    assert not (tmp_path / "lib.db").exists()  # refused before anything was stored


def test_add_with_alerts_keeps_json_on_stdout(tmp_path) -> None:
    folder, db = tmp_path / "notes", tmp_path / "lib.db"
    write_dated_corpus(folder, 4, 3, date(2025, 1, 1), 30, pages=(0.2, 0.4))
    rules = tmp_path / "alerts.toml"
    rules.write_text(RULES)
    result = _run("add", folder, "--db", db, "--alerts", rules, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 4
    assert "alert #1 [new-name]" in result.stderr and "alerts: 4 notes checked" in result.stderr


CHECKER = """
import sys
from sentiment.desk.alerts import AlertEngine, load_rules
from sentiment.desk.library import Library
with Library(sys.argv[1]) as lib:
    engine = AlertEngine(lib, load_rules(sys.argv[2]), channels=[])
    for note_id in engine.unchecked():
        engine.check([note_id])
        print(note_id, flush=True)
"""


def test_a_check_killed_mid_run_fires_every_alert_once_after_a_restart(tmp_path) -> None:
    db = tmp_path / "lib.db"
    with Library(db) as lib:
        for i in range(120):
            value = ((i * 37) % 19 - 9) / 10
            _add(lib, f"n{i:03d}", f"2026-01-01T{i // 10:02d}:{i % 10 * 5:02d}",
                 {"AAPL": value, "MSFT": -value, f"T{i % 7}": value / 2})  # fmt: skip
        expected = AlertEngine(lib, load_rules(SAMPLE), channels=[]).dry_run()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    command = [sys.executable, "-c", CHECKER, str(db), str(SAMPLE)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True)
    for _ in range(10):  # let it check some notes, then kill it wherever it is
        process.stdout.readline()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    restarted = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert restarted.returncode == 0, restarted.stderr
    with Library(db) as lib:
        stored = list_alerts(lib, limit=None)
    keys = [a.key for a in stored]
    assert len(keys) == len(set(keys))
    assert sorted(keys) == sorted(a.key for a in expected)
