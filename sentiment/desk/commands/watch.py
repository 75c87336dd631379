"""``sentiment watch``: score every note that lands in a folder into the library, and check
it against alert rules. Parses, makes one library call (a Watcher's run), renders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from sentiment.choices import OutputFormat
from sentiment.desk.commands.options import (
    AlertsOption,
    DbOption,
    ModelOption,
    PortfolioOption,
    alert_rules,
    fail,
)
from sentiment.errors import SentimentError


def register(app: typer.Typer) -> None:
    """Add ``watch`` to ``app``."""
    app.command("watch")(watch)


def watch(
    folder: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional on older Pythons
        typer.Argument(help="Folder to watch (recursively); not needed with --failures."),
    ] = None,
    db: DbOption = None,
    alerts: AlertsOption = None,
    portfolio: PortfolioOption = None,
    polling: Annotated[
        bool,
        typer.Option("--polling", help="Scan the folder every --interval s (network drives)."),
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between scans when polling.")
    ] = 1.0,
    model: ModelOption = None,
    show_failures: Annotated[
        bool,
        typer.Option("--failures", help="List the files watchers could not read or score; exit."),
    ] = False,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="--failures as text or json.")
    ] = OutputFormat.text,
) -> None:
    """Score every note that lands in FOLDER (new or changed) into the library, until Ctrl-C."""
    try:
        if show_failures:
            _show_failures(db, fmt)
            return
        if folder is None:
            raise fail("give the folder to watch (or --failures)")
        _watch(folder, db, alerts, portfolio, polling, interval, model)
    except SentimentError as exc:
        raise fail(str(exc)) from None


def _watch(
    folder: Path,
    db: Path | None,
    alerts: Path | None,
    portfolio: Path | None,
    polling: bool,
    interval: float,
    model: Path | None,
) -> None:
    import threading

    from sentiment import cli
    from sentiment.desk.library import Library
    from sentiment.desk.watch import Watcher, check_folder, checking_alerts
    from sentiment.interrupts import stop_on_signals

    def log(line: str) -> None:
        typer.echo(line, err=True)

    watcher = None
    try:
        with stop_on_signals():  # SIGTERM and SIGHUP stop it as Ctrl-C does
            check_folder(folder.resolve())  # before the model loads
            ruleset, symbols = alert_rules(alerts, portfolio)
            with Library(db) as library:
                on_added = None
                if ruleset is not None:
                    from sentiment.desk.alerts import AlertEngine

                    on_added = checking_alerts(AlertEngine(library, ruleset, symbols), log)
                watcher = Watcher(
                    folder,
                    library,
                    cli._analyzer(model),
                    on_added=on_added,
                    polling=polling,
                    interval=interval,
                    log=log,
                )
                try:
                    watcher.run(threading.Event())
                except KeyboardInterrupt:
                    watcher.hand_on_stored()  # a stop right after a note was stored
                    raise
    except KeyboardInterrupt:
        if watcher is None:
            log("stopped before watching; nothing was scored")
        else:
            counts = watcher.counts
            log(
                f"stopped: {counts['added']} added, {counts['replaced']} replaced, "
                f"{counts['failed']} failed -> {watcher.library.path}"
            )


def _show_failures(db: Path | None, fmt: OutputFormat) -> None:
    from sentiment.desk.library import Library
    from sentiment.desk.watch import failures

    with Library(db, create=False) as library:
        found = failures(library)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps([f.to_dict() for f in found], ensure_ascii=False))
        return
    for failure in found:
        typer.echo(f"{failure.failed_at}  {failure.path}: {failure.error}")
    if not found:
        typer.echo("no failures", err=True)
