"""``sentiment serve``: the desk's pages and the HTTP API in one process, the model loaded once.

Imports nothing heavy at module level (``sentiment --help`` stays instant): Starlette,
uvicorn and the model are imported when the command runs.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from sentiment.aggregate import NEUTRAL_BAND
from sentiment.desk.commands.options import DbOption, ModelOption

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.api import Analyzer
    from sentiment.server.settings import ServerSettings

AnalyzerMaker = Callable[[Optional[Path], float, str, bool], "Analyzer"]  # noqa: UP045
TOKEN_VARIABLE = "SENTIMENT_TOKEN"


def register(app: typer.Typer, make_analyzer: AnalyzerMaker) -> None:
    """Add ``serve`` to ``app``; ``make_analyzer(model, band, readings, links)`` builds the
    Analyzer as the scoring commands do."""

    @app.command()
    def serve(
        host: Annotated[
            str,
            typer.Option("--host", help="Address to listen on; any but loopback needs the token."),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
        token: Annotated[
            Optional[str],  # noqa: UP045 - typer needs Optional on older Pythons
            typer.Option(
                "--token",
                help=f"Access token (default: ${TOKEN_VARIABLE}, else a new one when --host "
                "is not loopback).",
            ),
        ] = None,
        allow_host: Annotated[
            list[str],
            typer.Option("--allow-host", help="Another name to accept in Host (repeatable)."),
        ] = [],  # noqa: B006
        max_upload_mb: Annotated[
            float,
            typer.Option("--max-upload-mb", min=0.001, help="Largest upload (413 above it)."),
        ] = 2.0,
        queue: Annotated[
            int,
            typer.Option("--queue", min=0, help="Requests that may wait for the model (then 503)."),
        ] = 8,
        model: ModelOption = None,
        neutral_band: Annotated[
            float,
            typer.Option("--neutral-band", min=0.0, max=0.99, help="Neutral when |score| < band."),
        ] = NEUTRAL_BAND,
        db: DbOption = None,
        watch: Annotated[
            Optional[Path],  # noqa: UP045
            typer.Option(
                "--watch",
                file_okay=False,
                help="Folder to watch: each note landing in it is scored into the library.",
            ),
        ] = None,
        portfolio: Annotated[
            Optional[Path],  # noqa: UP045
            typer.Option(
                "--portfolio", dir_okay=False, help="Holdings file (CSV) for the Portfolio page."
            ),
        ] = None,
        alerts: Annotated[
            Optional[Path],  # noqa: UP045
            typer.Option(
                "--alerts",
                dir_okay=False,
                help="Alert rules (TOML): check each watched note; the Alerts page shows them.",
            ),
        ] = None,
        polling: Annotated[
            bool,
            typer.Option("--polling", help="Watch by scanning (network drives), not by events."),
        ] = False,
    ) -> None:
        """Serve the desk in a browser and the HTTP API (JSON; OpenAPI at /api/openapi.json)."""
        from sentiment.server.settings import ServerSettings

        settings = ServerSettings.for_host(
            host,
            token or os.environ.get(TOKEN_VARIABLE) or None,
            port=port,
            allowed_hosts=tuple(allow_host),
            max_upload_bytes=int(max_upload_mb * 2**20),
            queue=queue,
            neutral_band=neutral_band,
            db=db,
            watch=watch,
            portfolio=portfolio,
            alerts=alerts,
            polling=polling,
        )
        _check_port(settings)
        _check_library(settings)
        _check_desk(settings)
        run(settings, lambda: make_analyzer(model, neutral_band, "all", True))


def run(settings: ServerSettings, analyzer_factory: Callable[[], Analyzer]) -> None:
    """Print where the desk is, then serve until Ctrl-C (the model loads as it starts)."""
    import uvicorn

    from sentiment.server.app import create_app

    extensions = desk_extensions(settings)
    app = create_app(analyzer_factory=analyzer_factory, settings=settings, extensions=extensions)
    typer.echo(f"sentiment desk: {settings.url()}  (Ctrl-C to stop)", err=True)
    if settings.token:
        typer.echo(f"token: {settings.token}", err=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        server_header=False,
        timeout_graceful_shutdown=5,
    )


def desk_extensions(settings: ServerSettings) -> list:
    """The desk's parts for ``settings``: the library, portfolio and alerts pages, and the
    watcher when ``settings.watch`` is set."""
    from sentiment.server.alerts import alerts_extension
    from sentiment.server.library import library_extension
    from sentiment.server.portfolio import portfolio_extension

    extensions = [
        library_extension(settings.db),
        portfolio_extension(settings.portfolio),
        alerts_extension(settings.alerts, settings.portfolio),
    ]
    if settings.watch is not None:
        from sentiment.server.watching import watch_extension

        extensions.append(
            watch_extension(
                settings.watch,
                settings.db,
                rules=settings.alerts,
                holdings=settings.portfolio,
                polling=settings.polling,
                say=lambda line: typer.echo(line, err=True),
            )
        )
    return extensions


def _check_desk(settings: ServerSettings) -> None:
    """One clear line for a watched folder, holdings file or rules file that will not do
    (before the model loads): missing, unreadable, or a rule with a typo."""
    from sentiment.errors import SentimentError

    try:
        if settings.watch is not None:
            from sentiment.desk.watch import check_folder

            check_folder(settings.watch.resolve())
        if settings.alerts is not None:
            from sentiment.desk.library import Library
            from sentiment.server.watching import alert_engine

            with Library(settings.db) as library:
                alert_engine(library, settings.alerts, settings.portfolio)
        elif settings.portfolio is not None:
            from sentiment.desk.holdings import read_holdings

            read_holdings(settings.portfolio)
    except SentimentError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if settings.alerts is not None and settings.watch is None:
        typer.echo(
            "note: --alerts without --watch: the rules are shown and dry-run, "
            "but no new note arrives to check",
            err=True,
        )


def _check_library(settings: ServerSettings) -> None:
    """One clear line when the library file cannot be opened (before the model loads)."""
    from sentiment.desk.library import Library
    from sentiment.errors import SentimentError

    try:
        Library(settings.db).close()
    except SentimentError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _check_port(settings: ServerSettings) -> None:
    """One clear line when the port is taken or the host is not this machine's."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((settings.host, settings.port))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            typer.echo(
                f"error: cannot listen on {settings.host}:{settings.port} ({reason}); "
                "choose another --port or --host",
                err=True,
            )
            raise typer.Exit(1) from None
