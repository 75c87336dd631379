"""Options and helpers shared by the desk's commands (and ``sentiment batch``): one definition
each. Importing this module stays cheap (typer only); the work is imported inside."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from sentiment.desk.alerts import RuleSet

DbOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on older Pythons
    typer.Option("--db", help="Library file (default: $SENTIMENT_DB, else the user data folder)."),
]
PortfolioOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--portfolio",
        help='Holdings file (CSV/TSV) whose tickers the rules with scope = "portfolio" watch.',
    ),
]


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
