"""``sentiment add``, ``sentiment history`` and ``sentiment tickers-top``: the note library
from the shell. Each parses, makes one library call and renders; heavy imports stay inside."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from sentiment.choices import OutputFormat, TableFormat
from sentiment.desk.commands.options import (
    AlertsOption,
    DbOption,
    ModelOption,
    PortfolioOption,
    alert_rules,
    fail,
    report_alerts,
    say_chart,
    show,
)
from sentiment.errors import SentimentError


class By(str, Enum):
    day = "day"
    week = "week"
    month = "month"


UntilOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--until", help="End of the window: a date (whole day) or a time (default: now)."),
]
FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="text, json or csv.")]


def register(app: typer.Typer) -> None:
    """Add ``add``, ``history`` and ``tickers-top`` to ``app``."""
    app.command("add")(add)
    app.command("history")(history)
    app.command("tickers-top")(tickers_top)


def add(
    paths: Annotated[
        list[Path], typer.Argument(help="Note files or folders (walked recursively).")
    ],
    db: DbOption = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text or json.")
    ] = OutputFormat.text,
    model: ModelOption = None,
    alerts: AlertsOption = None,
    portfolio: PortfolioOption = None,
) -> None:
    """Score notes into the library: added, replaced (changed file) or unchanged (same bytes)."""
    import sys

    from sentiment import cli
    from sentiment.desk.ingest import add_paths
    from sentiment.desk.library import Library

    outcome = None
    try:
        ruleset, symbols = alert_rules(alerts, portfolio)  # read before any note is scored
        with Library(db) as library:
            summary = add_paths(library, paths, cli._analyzer(model))
            where = library.path
            if ruleset is not None:
                from sentiment.desk.alerts import run_rules

                # Alert lines go to stderr when stdout carries the JSON summary.
                stream = sys.stderr if fmt is OutputFormat.json else None
                outcome = run_rules(library, ruleset, portfolio_symbols=symbols, stream=stream)
    except SentimentError as exc:
        raise fail(str(exc)) from None
    if outcome is not None:
        report_alerts(outcome)
    for path, error in summary.failed:
        typer.echo(f"skipped {path}: {error}", err=True)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps({**summary.to_dict(), "db": str(where)}, ensure_ascii=False))
    else:
        counts = summary.to_dict()
        typer.echo(
            f"{counts['added']} added, {counts['replaced']} replaced, "
            f"{counts['unchanged']} unchanged, {len(summary.failed)} failed -> {where}"
        )
    if summary.failed and len(summary.failed) == summary.total:
        raise typer.Exit(1)  # nothing could be read


def history(
    ticker: Annotated[str, typer.Argument(help="Ticker symbol, e.g. AAPL.")],
    db: DbOption = None,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--since", help="Start: a duration back from --until (90d, 12w, 6m, 1y) or a date."
        ),
    ] = None,
    until: UntilOption = None,
    by: Annotated[By, typer.Option("--by", help="Period: day, week or month.")] = By.day,
    fmt: FormatOption = TableFormat.text,
    plot: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--plot", help="Also draw a chart into this .png or .svg file."),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=0, help="Notes listed per period (text).")] = 3,
) -> None:
    """A ticker's relevance-weighted sentiment per period, with the notes behind it."""
    from sentiment.desk import views
    from sentiment.desk.history import periods, resolve_symbol
    from sentiment.desk.library import Library
    from sentiment.desk.periods import iso, parse_time, until_bound

    try:
        if plot is not None:
            from sentiment.desk.plot import check_plot_path

            check_plot_path(plot)
        end = until_bound(until) if until else None
        start = parse_time(since, now=end) if since else None
        with Library(db, create=False) as library:
            symbol = resolve_symbol(ticker, library.symbols())
            rows = library.ticker_rows(symbol, since=start, until=until)
        found = periods(rows, by.value)
        if plot is not None and found:
            from sentiment.desk.plot import plot_history

            plot_history(symbol, found, plot, by=by.value)
    except SentimentError as exc:
        raise fail(str(exc)) from None
    by_id = {r.note_id: r for r in rows}
    window = (iso(start) if start else None, iso(end) if end else None)
    show(
        fmt,
        lambda: views.history_json(
            symbol, found, by_id, by=by.value, since=window[0], until=window[1]
        ),
        lambda: views.history_csv(found),
        lambda: views.history_text(symbol, found, by_id, by=by.value, top=top),
    )
    say_chart(plot, bool(found))


def tickers_top(
    db: DbOption = None,
    since: Annotated[
        str, typer.Option("--since", help="Window: a duration back from --until (7d, 4w, 3m).")
    ] = "7d",
    until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Tickers per list.")] = 10,
    fmt: FormatOption = TableFormat.text,
) -> None:
    """Most mentioned, most improved and most deteriorated tickers, against the window before."""
    from sentiment.desk import views
    from sentiment.desk.library import Library

    try:
        with Library(db, create=False) as library:
            top = library.tickers_top(since=since, until=until, limit=limit)
    except SentimentError as exc:
        raise fail(str(exc)) from None
    show(fmt, top.to_dict, lambda: views.top_csv(top), lambda: views.top_text(top))
