"""The ``sentiment`` command: parse arguments, make one library call, render.

Heavy imports (torch, spaCy) happen inside the commands, so ``sentiment --help`` is instant.
Data goes to stdout; progress and errors go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from sentiment import __version__, rendering
from sentiment.aggregate import NEUTRAL_BAND
from sentiment.choices import OutputFormat, TableFormat
from sentiment.desk.commands.options import AlertsOption, ModelOption, PortfolioOption
from sentiment.errors import InputError, SentimentError

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from sentiment.api import Analyzer
    from sentiment.results import DocumentSentiment


class _App(typer.Typer):
    """The Typer app, run with its standard streams guarded (see :mod:`sentiment.streams`):
    a full, closed or broken stdout is one line on stderr and a non-zero exit."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from sentiment.streams import run_guarded

        sys.exit(run_guarded(lambda: super(_App, self).__call__(*args, **kwargs)))


app = _App(
    no_args_is_help=True,
    add_completion=False,
    help="Financial research-note sentiment: document and per-ticker scores, tickers, claims.",
)


class ClaimRows(str, Enum):
    claim = "claim"
    figure = "figure"


class Precision(str, Enum):
    auto = "auto"
    fp32 = "fp32"
    bf16 = "bf16"
    int8 = "int8"


class Scale(str, Enum):
    three = "three"
    five = "five"


BandOption = Annotated[
    float, typer.Option("--neutral-band", min=0.0, max=0.99, help="Neutral when |score| < band.")
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
ReadingsOption = Annotated[
    str,
    typer.Option(
        "--readings",
        help="Analyst language read into ticker scores: all, none, or a comma list of "
        "role, rating, comparison, deal, hedge, fact, move, guidance, metric, net.",
    ),
]
LinksOption = Annotated[
    bool,
    typer.Option(
        "--links/--no-links",
        help="Count the sentences that refer to a ticker (it, the company, management).",
    ),
]
PrecisionOption = Annotated[
    Precision,
    typer.Option(
        "--precision",
        help="Model arithmetic: auto (bf16 or int8 where the CPU runs it natively and labels "
        "agree with fp32; see --version), fp32, bf16 or int8.",
    ),
]
TableFormatOption = Annotated[
    TableFormat, typer.Option("--format", "-f", help="text table, json or csv.")
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        from sentiment.precision import describe_auto

        typer.echo(f"sentiment {__version__}")
        typer.echo(f"precision: {describe_auto()}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Financial research-note sentiment analyzer."""


def _read(path: str) -> str:
    from sentiment.readers import read_document, read_stdin

    return read_stdin() if path == "-" else read_document(path)


def _analyzer(
    model: Path | None = None,
    band: float = NEUTRAL_BAND,
    readings: str = "all",
    links: bool = True,
    precision: Precision = Precision.auto,
) -> Analyzer:
    from sentiment.api import Analyzer
    from sentiment.startup import import_spacy_without_torch

    import_spacy_without_torch()
    return Analyzer(
        model_dir=model,
        neutral_band=band,
        readings=readings,
        link_references=links,
        precision=precision.value,
    )


def _library(path: Path | None) -> Any:
    """The note library at ``path`` (opened and migrated; LibraryError if it cannot be)."""
    from sentiment.desk.library import Library

    return Library(path)


def _alert_rules(path: Path | None, portfolio: Path | None, db: Path | None) -> Any:
    """The alert rules of ``--alerts`` and the symbols of ``--portfolio`` (read before any
    note is scored), or (None, None)."""
    if path is not None and db is None:
        raise InputError("--alerts needs --db: alerts are checked against the library")
    from sentiment.desk.commands.options import alert_rules

    return alert_rules(path, portfolio)


def _analyze(analyzer: Analyzer, text: str, source: str | None) -> DocumentSentiment:
    """``analyzer.analyze``, with a progress bar on stderr for a text read in chunks."""
    if len(text) <= analyzer.window_chars:
        return analyzer.analyze(text, source=source)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(bar_width=20),
        TaskProgressColumn(),
        "{task.completed:,} of {task.total:,} characters",
        TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task("scoring", total=len(text))
        return analyzer.analyze(
            text,
            source=source,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )


@app.command()
def score(
    paths: Annotated[list[str], typer.Argument(help="Note files to score, or - for stdin.")],
    fmt: FormatOption = OutputFormat.text,
    scale: Annotated[
        Scale,
        typer.Option(
            "--scale", help="three: positive/neutral/negative; five: bearish ... bullish."
        ),
    ] = Scale.three,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Show each ticker's sentences.")
    ] = False,
    model: ModelOption = None,
    neutral_band: BandOption = NEUTRAL_BAND,
    readings: ReadingsOption = "all",
    links: LinksOption = True,
    precision: PrecisionOption = Precision.auto,
) -> None:
    """Score notes: first line `label, score`, then one line per ticker."""
    failed = False
    analyzer = None
    results = []
    for path in paths:
        try:
            text = _read(path)
            analyzer = analyzer or _analyzer(model, neutral_band, readings, links, precision)
            results.append(_analyze(analyzer, text, None if path == "-" else path))
        except SentimentError as exc:
            typer.echo(f"error: {exc}", err=True)
            failed = True
    if fmt is OutputFormat.json:
        payload = [r.to_dict() for r in results]
        if payload:
            typer.echo(json.dumps(payload[0] if len(paths) == 1 else payload, ensure_ascii=False))
    else:
        for result in results:
            if len(paths) > 1:
                typer.echo(f"==> {result.source or '-'} <==")
            typer.echo(rendering.document_text(result, scale.value, evidence, neutral_band))
    if failed:
        raise typer.Exit(1)


@app.command()
def batch(
    folder: Annotated[Path, typer.Argument(help="Folder of notes, walked recursively.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output file: .jsonl, .csv or .parquet.")
    ],
    include: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional on older Pythons
        typer.Option("--include", help="Glob to score (repeatable; default: every format)."),
    ] = None,
    exclude: Annotated[
        list[str], typer.Option("--exclude", help="Glob to skip (repeatable).")
    ] = [],  # noqa: B006
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Processes or Ray actors, one model each.")
    ] = 1,
    engine: Annotated[
        str,
        # Rich markup would take [distributed] for a style tag: the backslash keeps it text.
        typer.Option("--engine", help="local, or ray (pip install 'sentiment\\[distributed]')."),
    ] = "local",
    ray_address: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--ray-address", help="Ray cluster (default: $RAY_ADDRESS, else local)."),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Skip files already scored with the same content; refused when the "
            "interrupted run used other settings.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Start over: ignore an interrupted run's records (wins over --resume)."
        ),
    ] = False,
    claims: Annotated[
        bool, typer.Option("--claims", help="Keep claims (JSONL/Parquet field, CSV side table).")
    ] = False,
    max_size: Annotated[
        float, typer.Option("--max-size", min=0, help="Refuse files over this many MB (0: none).")
    ] = 64,
    chunk_size: Annotated[
        int,
        typer.Option(
            "--chunk-size", min=1, help="Files read and scored together (same on every engine)."
        ),
    ] = 16,
    batch_size: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--batch-size", min=1, hidden=True, help="Deprecated: --chunk-size."),
    ] = None,
    allow_errors: Annotated[
        bool, typer.Option("--allow-errors", help="Exit 0 even when some files failed.")
    ] = False,
    db: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--db", help="Also keep every scored note in this library (sentiment add)."),
    ] = None,
    alerts: AlertsOption = None,
    portfolio: PortfolioOption = None,
    model: ModelOption = None,
    neutral_band: BandOption = NEUTRAL_BAND,
    readings: ReadingsOption = "all",
    links: LinksOption = True,
    precision: PrecisionOption = Precision.auto,
) -> None:
    """Score every note under FOLDER: one record per file (path, doc_id, scores or error)."""
    from contextlib import nullcontext

    from rich.console import Console

    from sentiment.batch import DEFAULT_INCLUDE, check_output_path, journal_path, run_batch
    from sentiment.interrupts import exit_code, stop_on_signals

    console = Console(stderr=True)
    if batch_size is not None:
        console.print("warning: --batch-size is deprecated; use --chunk-size", highlight=False)
        chunk_size = batch_size
    sink = outcome = None
    try:
        with stop_on_signals():  # SIGTERM and SIGHUP stop the run as Ctrl-C does
            check_output_path(output, claims)  # before the model loads and any file is scored
            ruleset, symbols = _alert_rules(alerts, portfolio, db)
            library = _library(db) if db is not None else nullcontext()
            analyzer = _analyzer(model, neutral_band, readings, links, precision)
            with library, _progress_bar(console) as report:
                if db is not None:
                    from sentiment.desk.ingest import LibrarySink

                    sink = LibrarySink(library, analyzer)
                summary = run_batch(
                    analyzer,
                    folder,
                    output,
                    include=tuple(include or DEFAULT_INCLUDE),
                    exclude=tuple(exclude),
                    chunk_size=chunk_size,
                    workers=workers,
                    engine=engine,
                    ray_address=ray_address,
                    resume=resume,
                    force=force,
                    claims=claims,
                    max_bytes=int(max_size * 2**20) or None,
                    on_progress=report,
                    sink=sink,
                )
                if ruleset is not None:
                    from sentiment.desk.alerts import run_rules

                    outcome = run_rules(library, ruleset, portfolio_symbols=symbols)
    except KeyboardInterrupt as interrupt:
        kept = journal_path(output)
        console.print(
            f"interrupted; finished records are in {kept}: rerun with --resume"
            if kept.exists()
            else "interrupted before any file was finished; nothing was written",
            soft_wrap=True,
        )
        raise typer.Exit(exit_code(interrupt)) from None
    except SentimentError as exc:
        message, kept = str(exc), journal_path(output)
        if sink is not None and kept.exists():  # the library failed: the records are safe
            message += f"; finished records are in {kept}: rerun with --resume"
        raise _fail(message) from None
    console.print(
        f"{summary.scored} scored, {summary.failed} failed, {summary.skipped} skipped "
        f"of {summary.total} files in {summary.seconds:.1f}s "
        f"({summary.docs_per_second:.1f} docs/s) -> {summary.output}",
        soft_wrap=True,
    )
    if sink is not None:
        counts = sink.counts
        console.print(
            f"library {db}: {counts['added']} added, {counts['replaced']} replaced, "
            f"{counts['unchanged']} unchanged"
            + (f", {len(sink.changed)} changed while scored (not kept)" if sink.changed else ""),
            soft_wrap=True,
            highlight=False,
        )
    if outcome is not None:
        from sentiment.desk.commands.options import report_alerts

        report_alerts(outcome)
    for reason, count in summary.failures.items():
        console.print(f"  {count:>5}  {reason}", highlight=False, soft_wrap=True)
    if summary.failed and not allow_errors:
        raise typer.Exit(1)


@contextmanager
def _progress_bar(console: Console) -> Iterator[Callable[[int, int], None]]:
    """A progress callback whose bar appears on the first report: a run refused before
    it starts (bad arguments, a resume with other settings) prints only its error."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    task = progress.add_task("scoring", total=None)

    def report(done: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        if progress.live.is_started:  # stopping a bar never shown would print a blank line
            progress.stop()


@app.command()
def tickers(
    path: Annotated[str, typer.Argument(help="A note file, or - for stdin.")],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """List the tickers found in a note, with how each was resolved (no model needed)."""
    try:
        mentions = _analyzer().find_tickers(_read(path))
    except SentimentError as exc:
        raise _fail(str(exc)) from None
    if fmt is OutputFormat.json:
        typer.echo(json.dumps([m.to_dict() for m in mentions], ensure_ascii=False))
        return
    for line in rendering.ticker_lines(mentions):
        typer.echo(line)


@app.command()
def claims(
    path: Annotated[str, typer.Argument(help="A note file, or - for stdin.")],
    fmt: TableFormatOption = TableFormat.text,
    by: Annotated[
        ClaimRows,
        typer.Option(
            "--by", help="claim: one row per claim; figure: one row per figure (ticker, metric)."
        ),
    ] = ClaimRows.claim,
) -> None:
    """List the financial claims in a note: metric, value, unit, period, tickers (no model)."""
    try:
        analyzer = _analyzer()
        text = _read(path)
        found = (
            analyzer.find_figures(text) if by is ClaimRows.figure else analyzer.find_claims(text)
        )
    except SentimentError as exc:
        raise _fail(str(exc)) from None
    if fmt is TableFormat.json:
        typer.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False))
        return
    if fmt is TableFormat.csv:
        from sentiment.batch.writers import write_claims_csv, write_figures_csv

        write = write_figures_csv if by is ClaimRows.figure else write_claims_csv
        write(found, sys.stdout)  # type: ignore[arg-type]
        return
    if by is ClaimRows.figure:
        from sentiment.figures.table import render_figure_rows

        typer.echo(render_figure_rows(found))  # type: ignore[arg-type]
        return
    for line in rendering.claim_lines(found):  # type: ignore[arg-type]
        typer.echo(line)


@app.command()
def compare(
    path: Annotated[str, typer.Argument(help="A note file, or - for stdin.")],
    fmt: TableFormatOption = TableFormat.text,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Show the sentence behind each cell.")
    ] = False,
) -> None:
    """Compare the tickers of a note: one row per ticker, one column per metric (no model)."""
    try:
        table = _analyzer().compare(_read(path))
    except SentimentError as exc:
        raise _fail(str(exc)) from None
    if fmt is TableFormat.json:
        typer.echo(json.dumps(table.to_dict(), ensure_ascii=False))
        return
    if fmt is TableFormat.csv:
        from sentiment.batch.writers import write_comparison_csv

        write_comparison_csv(table, sys.stdout)
        return
    from sentiment.figures.table import render_comparison

    typer.echo(render_comparison(table, evidence))


@app.command()
def evaluate(
    data: Annotated[
        Path, typer.Option("--data", help="Folder of labelled .jsonl files (schema per file).")
    ],
    split: Annotated[
        str, typer.Option("--split", help="train, validation, test (our hash split) or all.")
    ] = "all",
    fmt: FormatOption = OutputFormat.text,
    model: ModelOption = None,
    neutral_band: BandOption = NEUTRAL_BAND,
    precision: PrecisionOption = Precision.auto,
) -> None:
    """Accuracy, macro-F1 and per-class figures of the model on each labelled file in DATA."""
    from sentiment.evaluation import evaluate_folder, render_markdown

    try:
        report = evaluate_folder(
            _analyzer(model, neutral_band, "all", True, precision), data, split=split
        )
    except SentimentError as exc:
        raise _fail(str(exc)) from None
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        typer.echo(render_markdown(report))


def _register_more() -> None:
    from sentiment.desk.commands import register as register_desk

    register_desk(app)
    from sentiment.server.command import register as register_serve

    register_serve(app, lambda *args: _analyzer(*args))  # looked up per call (tests patch it)


_register_more()


if __name__ == "__main__":  # python -m sentiment.cli
    app()
