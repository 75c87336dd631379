"""Output files: JSONL, CSV (documents, tickers, claims) and Parquet; atomic; loadable.

Each file is written to a temporary file in the same folder, flushed to disk and moved into
place with :func:`os.replace`, so a reader (or a crash) sees the old complete file or the new
complete file, never a half-written one. :func:`load_records` reads any of them back into
the same records, which is what ``--resume`` needs.

- ``out.jsonl``: one JSON record per line (tickers as a list, claims with ``claims=True``).
- ``out.csv``: one row per document; plus ``out.tickers.csv`` (one row per document and
  ticker) and, with ``claims=True``, ``out.claims.csv`` (one row per claim) and
  ``out.figures.csv`` (the long figure table: one row per figure of the claims).
- ``out.parquet``: one row per document, tickers, claims and figures as nested lists (needs
  pyarrow: ``pip install 'sentiment[parquet]'``).
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from sentiment.batch.records import BatchRecord
from sentiment.errors import InputError, SentimentError
from sentiment.figures.table import ComparisonTable
from sentiment.results import Claim, FigureRow

OUTPUT_SUFFIXES: tuple[str, ...] = (".jsonl", ".csv", ".parquet")
CSV_COLUMNS: tuple[str, ...] = (
    "path",
    "doc_id",
    "format",
    "label",
    "score",
    "tickers",
    "warnings",
    "error",
)
TICKER_COLUMNS: tuple[str, ...] = (
    "path",
    "doc_id",
    "ticker",
    "label",
    "score",
    "mentions",
    "relevance",
    "name",
)
CLAIM_COLUMNS: tuple[str, ...] = (
    "path",
    "doc_id",
    "text",
    "start",
    "end",
    "metric",
    "value",
    "unit",
    "period",
    "direction",
    "forward_looking",
    "tickers",
)
_LIST_SEPARATOR = "; "
# `sentiment claims --format csv`: one row per claim of one note, lists joined by "; ".
CLAIM_TABLE_COLUMNS: tuple[str, ...] = (*CLAIM_COLUMNS[2:], "figures", "cues")
# The long figure table (`sentiment claims --by figure`; `out.figures.csv` with path and doc_id).
FIGURE_TABLE_COLUMNS: tuple[str, ...] = tuple(FigureRow.__dataclass_fields__)
FIGURE_COLUMNS: tuple[str, ...] = ("path", "doc_id", *FIGURE_TABLE_COLUMNS)
# `sentiment compare --format csv`: one row per figure of each ticker x metric cell.
COMPARISON_COLUMNS: tuple[str, ...] = (
    "ticker",
    "metric",
    "text",
    "value",
    "unit",
    "period",
    "role",
    "conflict",
    "sentence",
)


class OutputError(SentimentError):
    """An output file cannot be written (no space left, permission denied, ...)."""


def check_output(output: Path) -> None:
    """InputError unless ``output``'s suffix is one we write."""
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        wanted = ", ".join(OUTPUT_SUFFIXES)
        raise InputError(
            f"{output}: unknown output format {output.suffix or '(no suffix)'!r}; use {wanted}"
        )


def output_files(output: Path, claims: bool = False) -> list[Path]:
    """Every file a run writes for ``output`` (the CSV side tables included)."""
    if output.suffix.lower() != ".csv":
        return [output]
    tables = ["tickers", "claims", "figures"] if claims else ["tickers"]
    return [output] + [output.with_name(f"{output.stem}.{t}{output.suffix}") for t in tables]


def write_records(
    output: str | os.PathLike[str], records: Sequence[BatchRecord], claims: bool = False
) -> None:
    """Write ``records`` to ``output`` (format by suffix) and its side tables, atomically."""
    output = Path(output)
    check_output(output)
    suffix = output.suffix.lower()
    files = output_files(output, claims)
    writers: list[Callable[[Path], None]]
    if suffix == ".jsonl":
        writers = [lambda p: _write_jsonl(p, records, claims)]
    elif suffix == ".csv":
        writers = [
            lambda p: _write_csv(p, CSV_COLUMNS, [_document_row(r) for r in records]),
            lambda p: _write_csv(p, TICKER_COLUMNS, _ticker_rows(records)),
            lambda p: _write_csv(p, CLAIM_COLUMNS, _claim_rows(records)),
            lambda p: _write_csv(p, FIGURE_COLUMNS, _figure_rows(records)),
        ][: len(files)]
    else:
        writers = [lambda p: _write_parquet(p, records, claims)]
    with atomic_files(files) as temps:
        for write, temp in zip(writers, temps):
            write(temp)


def load_records(output: str | os.PathLike[str]) -> list[BatchRecord]:
    """Read a finished output back into records ([] when it does not exist).

    Records read from a file written without claims have ``claims=None``.
    """
    output = Path(output)
    if not output.exists():
        return []
    suffix = output.suffix.lower()
    if suffix == ".jsonl":
        lines = output.read_text(encoding="utf-8").splitlines()
        return [BatchRecord.from_dict(json.loads(line)) for line in lines if line.strip()]
    if suffix == ".csv":
        return _load_csv(output)
    if suffix == ".parquet":
        return [
            BatchRecord.from_dict(row) for row in _pyarrow().parquet.read_table(output).to_pylist()
        ]
    check_output(output)
    return []


@contextmanager
def atomic_files(outputs: Sequence[Path]) -> Iterator[list[Path]]:
    """Yield temporary paths that replace ``outputs`` only if the block finishes.

    Temporary files live in the outputs' folders (so ``os.replace`` is atomic), get mode
    0o666 minus the umask like a normal file, and are removed on any error. An OSError
    (a full disk) becomes an OutputError naming the output.
    """
    temps = [_reserve(output) for output in outputs]
    try:
        yield temps
        for temp in temps:
            _fsync(temp)
        for temp, output in zip(temps, outputs):
            os.replace(temp, output)
        _fsync_dir(outputs[0].parent)
    except OSError as exc:
        raise OutputError(f"{outputs[0]}: cannot write ({exc.strerror or exc})") from None
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


def _reserve(output: Path) -> Path:
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        temp = output.with_name(f".{output.name}.{secrets.token_hex(4)}.tmp")
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise OutputError(f"{output}: cannot write ({exc.strerror or exc})") from None
    return temp


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":  # a directory cannot be opened for fsync on Windows
        _fsync(folder)


def _write_jsonl(path: Path, records: Sequence[BatchRecord], claims: bool) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record.to_dict(claims), ensure_ascii=False) + "\n")


def _write_csv(path: Path, columns: Sequence[str], rows: Iterator[dict] | list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        _write_rows(handle, columns, rows)


def _write_rows(
    handle: TextIO, columns: Sequence[str], rows: Iterable[dict], lineterminator: str = "\r\n"
) -> None:
    """Header and rows to an open handle; None becomes an empty cell."""
    writer = csv.DictWriter(handle, fieldnames=columns, lineterminator=lineterminator)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})


def _document_row(record: BatchRecord) -> dict[str, Any]:
    data = record.to_dict()
    data["tickers"] = ";".join(f"{t.ticker}:{t.score:.4f}" for t in record.tickers)
    data["warnings"] = _LIST_SEPARATOR.join(record.warnings)
    return data


def _ticker_rows(records: Sequence[BatchRecord]) -> Iterator[dict[str, Any]]:
    for record in records:
        for ticker in record.to_dict()["tickers"]:
            yield {"path": record.path, "doc_id": record.doc_id, **ticker}


def _claim_rows(records: Sequence[BatchRecord]) -> Iterator[dict[str, Any]]:
    for record in records:
        for claim in record.claims or ():
            data = claim.to_dict()
            data["tickers"] = ";".join(claim.tickers)
            yield {"path": record.path, "doc_id": record.doc_id, **data}


def _figure_rows(records: Sequence[BatchRecord]) -> Iterator[dict[str, Any]]:
    for record in records:
        for figure in record.figures or ():
            yield {"path": record.path, "doc_id": record.doc_id, **figure.to_dict()}


def write_claims_csv(claims: Sequence[Claim], handle: TextIO) -> None:
    """The claims of one note as CSV (header + one row per claim) to an open text handle."""
    _write_rows(handle, CLAIM_TABLE_COLUMNS, map(_claim_table_row, claims), lineterminator="\n")


def _claim_table_row(claim: Claim) -> dict[str, Any]:
    row = {k: getattr(claim, k) for k in CLAIM_TABLE_COLUMNS[:-3]}
    row["tickers"] = ";".join(claim.tickers)
    row["figures"] = _LIST_SEPARATOR.join(" ".join(f.text.split()) for f in claim.figures)
    row["cues"] = _LIST_SEPARATOR.join(claim.cues)
    return row


def write_figures_csv(rows: Sequence[FigureRow], handle: TextIO) -> None:
    """The long figure table of one note as CSV (header + one row per figure)."""
    _write_rows(handle, FIGURE_TABLE_COLUMNS, (r.to_dict() for r in rows), lineterminator="\n")


def write_comparison_csv(table: ComparisonTable, handle: TextIO) -> None:
    """A comparison table as CSV: one row per figure of each ticker x metric cell."""
    rows = (
        {"ticker": c.ticker, "metric": c.metric, "conflict": c.conflict, **f.to_dict()}
        for c in table.cells
        for f in c.figures
    )
    picked = ({k: row[k] for k in COMPARISON_COLUMNS} for row in rows)
    _write_rows(handle, COMPARISON_COLUMNS, picked, lineterminator="\n")


def _load_csv(output: Path) -> list[BatchRecord]:
    tickers_file, claims_file, figures_file = (
        output.with_name(f"{output.stem}.{t}.csv") for t in ("tickers", "claims", "figures")
    )
    tickers = _group(_read_csv(tickers_file), _ticker_from_row)
    claims = _group(_read_csv(claims_file), _claim_from_row) if claims_file.exists() else None
    figures = _group(_read_csv(figures_file), _figure_from_row) if figures_file.exists() else None
    records = []
    for row in _read_csv(output):
        data: dict[str, Any] = {k: (v or None) for k, v in row.items()}
        data["score"] = _number(row["score"])
        data["warnings"] = row["warnings"].split(_LIST_SEPARATOR) if row["warnings"] else []
        data["tickers"] = tickers.get(row["doc_id"], [])
        if claims is not None:
            data["claims"] = claims.get(row["doc_id"], [])
        if figures is not None:
            data["figures"] = figures.get(row["doc_id"], [])
        records.append(BatchRecord.from_dict(data))
    return records


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _group(rows: list[dict[str, str]], convert: Callable[[dict[str, str]], dict]) -> dict:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["doc_id"], []).append(convert(row))
    return grouped


def _ticker_from_row(row: dict[str, str]) -> dict[str, Any]:
    return {
        "ticker": row["ticker"],
        "label": row["label"],
        "score": float(row["score"]),
        "mentions": int(row["mentions"]),
        "relevance": float(row["relevance"]),
        "name": row["name"] or None,
    }


def _claim_from_row(row: dict[str, str]) -> dict[str, Any]:
    return {
        "text": row["text"],
        "start": int(row["start"]),
        "end": int(row["end"]),
        "metric": row["metric"] or None,
        "value": _number(row["value"]),
        "unit": row["unit"] or None,
        "period": row["period"] or None,
        "direction": row["direction"] or None,
        "forward_looking": row["forward_looking"] == "True",
        "tickers": row["tickers"].split(";") if row["tickers"] else [],
    }


def _figure_from_row(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {k: row[k] or None for k in FIGURE_TABLE_COLUMNS}
    for name in ("claim", "start", "end"):
        data[name] = int(row[name])
    data["value"] = float(row["value"])
    data["text"], data["unit"], data["sentence"] = row["text"], row["unit"], row["sentence"]
    return data


def _number(text: str) -> float | None:
    return float(text) if text else None


def _write_parquet(path: Path, records: Sequence[BatchRecord], claims: bool) -> None:
    pa = _pyarrow()
    rows = [record.to_dict(claims) for record in records]
    pa.parquet.write_table(pa.Table.from_pylist(rows, schema=_parquet_schema(pa, claims)), path)


def _parquet_schema(pa: Any, claims: bool) -> Any:
    ticker = pa.struct(
        [
            ("ticker", pa.string()),
            ("label", pa.string()),
            ("score", pa.float64()),
            ("mentions", pa.int64()),
            ("relevance", pa.float64()),
            ("name", pa.string()),
        ]
    )
    claim = pa.struct(
        [
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("metric", pa.string()),
            ("value", pa.float64()),
            ("unit", pa.string()),
            ("period", pa.string()),
            ("direction", pa.string()),
            ("forward_looking", pa.bool_()),
            ("tickers", pa.list_(pa.string())),
        ]
    )
    columns = [
        ("path", pa.string()),
        ("doc_id", pa.string()),
        ("format", pa.string()),
        ("label", pa.string()),
        ("score", pa.float64()),
        ("tickers", pa.list_(ticker)),
    ]
    figure = pa.struct(
        [
            (name, pa.int64() if name in ("claim", "start", "end") else pa.string())
            if name != "value"
            else (name, pa.float64())
            for name in FIGURE_TABLE_COLUMNS
        ]
    )
    columns += [("claims", pa.list_(claim)), ("figures", pa.list_(figure))] if claims else []
    columns += [("warnings", pa.list_(pa.string())), ("error", pa.string())]
    return pa.schema(columns)


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - makes pyarrow.parquet available
    except ImportError:
        raise InputError("Parquet output needs pyarrow: pip install 'sentiment[parquet]'") from None
    return pyarrow
