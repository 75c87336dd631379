"""``sentiment portfolio``: a holdings file set against the note library. It parses, reads
the holdings, makes one library call and renders; heavy imports stay inside."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from sentiment.choices import TableFormat
from sentiment.desk.commands.library import By, FormatOption, UntilOption
from sentiment.desk.commands.options import DbOption, fail, say_chart, show
from sentiment.errors import SentimentError


def register(app: typer.Typer) -> None:
    """Add ``portfolio`` to ``app``."""
    app.command("portfolio")(portfolio)


def portfolio(
    holdings: Annotated[
        Path,
        typer.Argument(help="CSV or TSV: ticker, and weight, market_value, or shares with price."),
    ],
    db: DbOption = None,
    since: Annotated[
        str,
        typer.Option(
            "--since", help="Start of the periods: a duration back from --until (90d) or a date."
        ),
    ] = "90d",
    until: UntilOption = None,
    by: Annotated[By, typer.Option("--by", help="Period: day, week or month.")] = By.week,
    window: Annotated[
        str, typer.Option("--window", help="What counts as now: the last 30d (a duration).")
    ] = "30d",
    movers: Annotated[
        int, typer.Option("--movers", min=0, help="Notes listed that moved it most (7 days).")
    ] = 10,
    fmt: FormatOption = TableFormat.text,
    plot: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional on older Pythons
        typer.Option("--plot", help="Also draw the weighted line into this .png or .svg file."),
    ] = None,
) -> None:
    """Portfolio-weighted sentiment now and per period, each holding's score and trend,
    holdings without coverage, and the notes that moved the portfolio most this week."""
    from sentiment.desk import views
    from sentiment.desk.library import Library
    from sentiment.desk.periods import until_bound
    from sentiment.desk.portfolio import portfolio_view, read_holdings

    try:
        if plot is not None:
            from sentiment.desk.plot import check_plot_path

            check_plot_path(plot)
        held = read_holdings(holdings)
        end = until_bound(until) if until else None
        with Library(db, create=False) as library:
            view = portfolio_view(
                library, held, since=since, by=by.value, now=end, window=window,
                movers=movers,
            )  # fmt: skip
        line = [p.as_period() for p in view.periods if p.score is not None]
        if plot is not None and line:
            from sentiment.desk.plot import plot_history

            plot_history(f"portfolio {holdings.name}", line, plot, by=by.value)
    except SentimentError as exc:
        raise fail(str(exc)) from None
    show(fmt, view.to_dict, lambda: views.portfolio_csv(view), lambda: views.portfolio_text(view))
    say_chart(plot, bool(line))
