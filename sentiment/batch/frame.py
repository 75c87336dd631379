"""Scoring a pandas DataFrame's text column into score columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sentiment.batch.scoring import SupportsAnalyze, analyze_all
from sentiment.deprecation import renamed
from sentiment.results import DocumentSentiment

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def analyze_frame(
    analyzer: SupportsAnalyze,
    frame: pd.DataFrame,
    text_column: str = "text",
    *,
    chunk_size: int = 32,
    prefix: str = "sentiment_",
    batch_size: int | None = None,
) -> pd.DataFrame:
    """A copy of ``frame`` with ``label``, ``score``, ``tickers`` and ``error`` columns
    (names prefixed by ``prefix``). ``tickers`` maps each ticker to its score; a row whose
    text is missing, empty or fails to score gets its error and no scores. ``chunk_size``
    rows are scored in one ``analyze_many`` call (formerly ``batch_size``).

    Raises KeyError naming the column when ``text_column`` is not in the frame.
    """
    chunk_size = renamed(chunk_size, batch_size, old="batch_size", new="chunk_size")
    if text_column not in frame.columns:
        raise KeyError(f"no column {text_column!r}; columns are {list(frame.columns)}")
    values = frame[text_column].tolist()
    usable = [i for i, v in enumerate(values) if isinstance(v, str) and v.strip()]
    outcomes: list[DocumentSentiment | str | None] = [None] * len(values)
    for start in range(0, len(usable), chunk_size):
        rows = usable[start : start + chunk_size]
        for i, outcome in zip(rows, analyze_all(analyzer, [values[i] for i in rows])):
            outcomes[i] = outcome
    result = frame.copy()
    docs = [o if isinstance(o, DocumentSentiment) else None for o in outcomes]
    result[prefix + "label"] = [d.label if d else None for d in docs]
    result[prefix + "score"] = [d.score if d else None for d in docs]
    result[prefix + "tickers"] = [{t.ticker: t.score for t in d.tickers} if d else {} for d in docs]
    result[prefix + "error"] = [_error(o, v) for o, v in zip(outcomes, values)]
    return result


def _error(outcome: DocumentSentiment | str | None, value: object) -> str | None:
    if isinstance(outcome, DocumentSentiment):
        return None
    if isinstance(outcome, str):
        return outcome
    if _missing(value):
        return "missing text"
    if not isinstance(value, str):
        return f"expected text (str), got {type(value).__name__}"
    return "empty text: nothing to analyse"


def _missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA: what pandas puts in a cell with no text."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array in the cell: not "missing"
        return False
