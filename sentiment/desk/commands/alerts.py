"""``sentiment alerts run|test|list|ack``: alert rules over the note library from the shell.
Each parses, makes one library call and renders; heavy imports stay inside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from sentiment.choices import OutputFormat
from sentiment.desk.commands.options import (
    DbOption,
    PortfolioOption,
    alert_rules,
    fail,
    report_alerts,
)
from sentiment.errors import SentimentError

alerts_app = typer.Typer(
    no_args_is_help=True,
    help="Alert rules (a TOML file) over the note library: run, test, list, ack.",
)


RulesArgument = Annotated[Path, typer.Argument(help="Rules file (TOML; see docs/desk.md).")]
NotesSinceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--since", help="Only notes dated from then (30d, 12w, a date; default: all)."),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="text or json.")]


def register(app: typer.Typer) -> None:
    """Add the ``alerts`` command group to ``app``."""
    app.add_typer(alerts_app, name="alerts")


@alerts_app.command("run")
def run(
    rules: RulesArgument,
    db: DbOption = None,
    since: NotesSinceOption = None,
    portfolio: PortfolioOption = None,
) -> None:
    """Check the notes no rule has checked yet, store what fires, deliver (and retry) alerts."""
    from sentiment.desk.alerts import run_rules

    try:
        ruleset, symbols = alert_rules(rules, portfolio)
        outcome = run_rules(db, ruleset, since=since, portfolio_symbols=symbols)
    except SentimentError as exc:
        raise fail(str(exc)) from None
    report_alerts(outcome)


@alerts_app.command("test")
def test(
    rules: RulesArgument,
    db: DbOption = None,
    since: NotesSinceOption = None,
    fmt: FormatOption = OutputFormat.text,
    portfolio: PortfolioOption = None,
) -> None:
    """What the rules would fire over the library's notes; nothing is stored or delivered."""
    from sentiment.desk.alerts import AlertEngine, alert_line
    from sentiment.desk.library import Library

    try:
        ruleset, symbols = alert_rules(rules, portfolio)
        with Library(db, create=False) as library:
            found = AlertEngine(library, ruleset, symbols, channels=[]).dry_run(since=since)
    except SentimentError as exc:
        raise fail(str(exc)) from None
    if fmt is OutputFormat.json:
        typer.echo(json.dumps([a.to_dict() for a in found], ensure_ascii=False))
        return
    for alert in found:
        typer.echo(alert_line(alert))
    typer.echo(f"{len(found)} alerts would fire ({len(ruleset.enabled)} rules on)", err=True)


@alerts_app.command("list")
def list_(
    db: DbOption = None,
    unacked: Annotated[bool, typer.Option("--unacked", help="Only alerts not acked.")] = False,
    rule: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--rule", help="Only this rule's alerts."),
    ] = None,
    ticker: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--ticker", help="Only alerts on this symbol."),
    ] = None,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--since", help="Only alerts fired from then (7d, a date)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 100,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Stored alerts, newest first, with their evidence and deliveries."""
    from sentiment.desk.alerts import alert_line, list_alerts
    from sentiment.desk.library import Library

    try:
        with Library(db, create=False) as library:
            found = list_alerts(
                library,
                acked=False if unacked else None,
                rule=rule,
                symbol=ticker,
                since=since,
                limit=limit,
            )
    except SentimentError as exc:
        raise fail(str(exc)) from None
    if fmt is OutputFormat.json:
        typer.echo(json.dumps([a.to_dict() for a in found], ensure_ascii=False))
        return
    for alert in found:
        deliveries = ", ".join(
            f"{d.channel} {d.status}" + (f" ({d.last_error})" if d.last_error else "")
            for d in alert.deliveries
        )
        flag = "acked" if alert.acked_at else "new"
        typer.echo(f"{alert_line(alert)}\n    {flag}; {deliveries or 'no channels'}")


@alerts_app.command("ack")
def ack(
    ids: Annotated[
        Optional[list[int]],  # noqa: UP045
        typer.Argument(help="Alert ids (see 'sentiment alerts list')."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Ack every alert not acked.")] = False,
    db: DbOption = None,
) -> None:
    """Mark alerts as seen (they stay stored; 'list --unacked' leaves them out)."""
    from sentiment.desk.alerts import ack as ack_one
    from sentiment.desk.alerts import ack_all
    from sentiment.desk.library import Library

    if not ids and not all_:
        raise fail("give alert ids, or --all")
    try:
        with Library(db, create=False) as library:
            if all_:
                count = ack_all(library)
            else:
                count = len([ack_one(library, alert_id) for alert_id in ids or ()])
    except SentimentError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"{count} acked", err=True)
