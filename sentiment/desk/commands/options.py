"""Options and helpers shared by the desk's commands and ``sentiment batch`` (which also takes
``--db``, ``--alerts`` and ``--portfolio``): one definition each. Importing this module stays
cheap (typer only); the work is imported inside."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from sentiment.choices import TableFormat

if TYPE_CHECKING:
    from sentiment.desk.alerts import RuleSet

DbOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on older Pythons
    typer.Option("--db", help="Library file (default: $SENTIMENT_DB, else the user data folder)."),
]
ModelOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--model", help="Model folder (default: the bundled model or $SENTIMENT_MODEL_DIR)."
    ),
]
AlertsOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--alerts", help="Then check the new notes against these alert rules (TOML) and deliver."
    ),
]
PortfolioOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--portfolio",
        help='Holdings file (CSV/TSV) whose tickers the rules with scope = "portfolio" watch.',
    ),
]


def show(
    fmt: TableFormat,
    as_json: Callable[[], Any],
    as_csv: Callable[[], str],
    as_text: Callable[[], str],
) -> None:
    """Print a desk answer in the ``--format`` asked for (only that one is made)."""
    if fmt is TableFormat.json:
        typer.echo(json.dumps(as_json(), ensure_ascii=False))
    elif fmt is TableFormat.csv:
        typer.echo(as_csv(), nl=False)
    else:
        typer.echo(as_text())


def say_chart(plot: Path | None, drawn: bool) -> None:
    """On stderr, where ``--plot`` drew its chart, or why it drew none."""
    if plot is not None:
        typer.echo(f"chart: {plot}" if drawn else "no chart: no notes in this window", err=True)


def fail(message: str) -> typer.Exit:
    """The CLI's one way to fail: ``error: ...`` on stderr, exit 1."""
    from sentiment.cli import _fail

    return _fail(message)


def alert_rules(
    rules: Path | None, portfolio: Path | None
) -> tuple[RuleSet | None, frozenset[str] | None]:
    """The rules of ``--alerts`` and the symbols of ``--portfolio``, read (and a portfolio
    rule without holdings refused) before any note is scored; (None, None) without rules."""
    if rules is None:
        if portfolio is not None:
            from sentiment.errors import InputError

            raise InputError("--portfolio gives the holdings of alert rules: it needs --alerts")
        return None, None
    from sentiment.desk.alerts import check_portfolio, load_rules

    ruleset = load_rules(rules)
    symbols = None
    if portfolio is not None:
        from sentiment.desk.holdings import read_holdings

        symbols = read_holdings(portfolio).symbols
    check_portfolio(ruleset, symbols)
    return ruleset, symbols


def report_alerts(outcome: Any) -> None:
    """What a run of the rules (:class:`sentiment.desk.alerts.RunOutcome`) fired and
    delivered, and each delivery that failed, on stderr."""
    report = outcome.report
    typer.echo(
        f"alerts: {outcome.checked} notes checked, {len(outcome.fired)} fired; "
        f"{report.delivered} delivered, {len(report.failed)} failed, {report.deferred} deferred",
        err=True,
    )
    for alert_id, channel, error in report.failed:
        typer.echo(
            f"warning: alert #{alert_id} not delivered to {channel}: {error}; "
            "kept, and tried again on the next run",
            err=True,
        )
