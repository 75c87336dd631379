"""``--portfolio HOLDINGS`` for the rules with ``scope = "portfolio"``: ``alerts run``,
``alerts test``, ``batch``, ``add`` and ``watch``, with the fake classifier."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from evaluation.make_notes import write_dated_corpus
from sentiment import cli
from sentiment.desk.alerts import list_alerts
from sentiment.desk.library import Library

runner = CliRunner()
RULES = """
[rules.held]
scope = "portfolio"
condition = "first_mention"
"""
HELD = {"AAPL", "MSFT"}


@pytest.fixture(autouse=True)
def _fake_model(fake_cli_model) -> None:
    """Every command here scores with the FakeClassifier (see conftest)."""


@pytest.fixture
def files(tmp_path):
    """(notes folder, rules file, holdings file, library path)."""
    folder = tmp_path / "notes"
    write_dated_corpus(folder, 12, 3, date(2025, 1, 1), 30, pages=(0.2, 0.4))
    rules = tmp_path / "alerts.toml"
    rules.write_text(RULES)
    holdings = tmp_path / "holdings.csv"
    holdings.write_text("ticker,weight\n" + "".join(f"{s},1\n" for s in sorted(HELD)))
    return folder, rules, holdings, tmp_path / "lib.db"


def _run(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


def _fired(db) -> list[str]:
    with Library(db) as lib:
        return sorted(a.symbol for a in list_alerts(lib))


def _held_in(db) -> list[str]:
    with Library(db) as lib:
        return sorted(HELD & set(lib.symbols()))


def test_batch_fires_portfolio_rules_for_the_holdings_only(files, tmp_path) -> None:
    folder, rules, holdings, db = files
    out = tmp_path / "out.jsonl"
    result = _run(
        "batch", folder, "-o", out, "--db", db, "--alerts", rules, "--portfolio", holdings
    )
    assert result.exit_code == 0, result.output
    assert _held_in(db) and _fired(db) == _held_in(db)


def test_add_fires_portfolio_rules_for_the_holdings_only(files) -> None:
    folder, rules, holdings, db = files
    result = _run("add", folder, "--db", db, "--alerts", rules, "--portfolio", holdings)
    assert result.exit_code == 0, result.output
    assert _held_in(db) and _fired(db) == _held_in(db)


def test_alerts_test_and_run_take_the_portfolio(files) -> None:
    folder, rules, holdings, db = files
    assert _run("add", folder, "--db", db).exit_code == 0
    dry = _run("alerts", "test", rules, "--db", db, "--portfolio", holdings, "-f", "json")
    assert dry.exit_code == 0, dry.output
    assert sorted(a["symbol"] for a in json.loads(dry.stdout)) == _held_in(db)
    assert _fired(db) == []  # a dry run stores nothing
    run = _run("alerts", "run", rules, "--db", db, "--portfolio", holdings)
    assert run.exit_code == 0, run.output
    assert _fired(db) == _held_in(db)


@pytest.mark.parametrize("command", ["run", "test"])
def test_alerts_portfolio_rule_without_holdings_names_the_rule(files, command) -> None:
    folder, rules, _, db = files
    assert _run("add", folder, "--db", db).exit_code == 0
    result = _run("alerts", command, rules, "--db", db)
    assert result.exit_code == 1
    assert 'line 2: rules.held: scope = "portfolio" needs a portfolio' in result.stderr
    assert "--portfolio HOLDINGS" in result.stderr and "Traceback" not in result.output
    assert _fired(db) == []


@pytest.mark.parametrize("command", ["run", "test"])
def test_alerts_bad_holdings_file_is_one_line(files, tmp_path, command) -> None:
    folder, rules, holdings, db = files
    assert _run("add", folder, "--db", db).exit_code == 0
    holdings.write_text("ticker,weight\nAAPL,1\nNOSUCHTICKERX,1\n")
    result = _run("alerts", command, rules, "--db", db, "--portfolio", holdings)
    assert result.exit_code == 1 and result.stderr.startswith("error: ")
    assert "line 3" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    missing = _run("alerts", command, rules, "--db", db, "--portfolio", tmp_path / "no.csv")
    assert missing.exit_code == 1 and "no such holdings file" in missing.stderr
    assert _fired(db) == []


@pytest.mark.parametrize("command", ["batch", "add", "watch"])
def test_scoring_commands_refuse_before_scoring(files, tmp_path, command) -> None:
    """A portfolio rule without --portfolio, a bad holdings file, or --portfolio without
    --alerts: refused before the model loads or anything is stored."""
    folder, rules, holdings, db = files
    head = {
        "batch": ["batch", folder, "-o", tmp_path / "out.jsonl", "--db", db],
        "add": ["add", folder, "--db", db],
        "watch": ["watch", folder, "--db", db],
    }[command]
    no_holdings = _run(*head, "--alerts", rules)
    assert no_holdings.exit_code == 1
    assert 'rules.held: scope = "portfolio" needs a portfolio' in no_holdings.stderr
    no_rules = _run(*head, "--portfolio", holdings)
    assert no_rules.exit_code == 1 and "--portfolio" in no_rules.stderr
    assert "needs --alerts" in no_rules.stderr
    holdings.write_text("ticker,weight\nAAPL,-1\n")
    negative = _run(*head, "--alerts", rules, "--portfolio", holdings)
    assert negative.exit_code == 1 and "line 2" in negative.stderr
    assert not db.exists() and not (tmp_path / "out.jsonl").exists()
