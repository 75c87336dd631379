"""Scoring a pandas DataFrame's text column into score columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from sentiment.batch.scoring import SupportsAnalyze, analyze_all
from sentiment.deprecation import renamed
from sentiment.figures.table import figure_rows
from sentiment.results import DocumentSentiment, FigureRow

# The long figure table's first column: the label of the frame row the figure came from.
ROW_COLUMN = "row"

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@overload
def analyze_frame(
    analyzer: SupportsAnalyze,
    frame: pd.DataFrame,
    text_column: str = ...,
    *,
    chunk_size: int = ...,
    prefix: str = ...,
    batch_size: int | None = ...,
    figures: Literal[False] = ...,
) -> pd.DataFrame: ...


@overload
def analyze_frame(
    analyzer: SupportsAnalyze,
    frame: pd.DataFrame,
    text_column: str = ...,
    *,
    chunk_size: int = ...,
    prefix: str = ...,
    batch_size: int | None = ...,
    figures: Literal[True],
) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def analyze_frame(
    analyzer: SupportsAnalyze,
    frame: pd.DataFrame,
    text_column: str = "text",
    *,
    chunk_size: int = 32,
    prefix: str = "sentiment_",
    batch_size: int | None = None,
    figures: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """A copy of ``frame`` with ``label``, ``score``, ``tickers`` and ``error`` columns
    (names prefixed by ``prefix``). ``tickers`` maps each ticker to its score; a row whose
    text is missing, empty or fails to score gets its error and no scores. ``chunk_size``
    rows are scored in one ``analyze_many`` call (formerly ``batch_size``).

    ``figures=True`` returns ``(scored, figures)``: ``figures`` is the long figure table,
    one row per figure of each row's claims (see :class:`~sentiment.results.FigureRow`),
    keyed by the ``row`` column (the frame's index label of the row it came from).

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
    if figures:
        return result, _figure_table(frame.index, docs)
    return result


def _figure_table(index: pd.Index, docs: list[DocumentSentiment | None]) -> pd.DataFrame:
    """The long figure table of the scored rows, keyed by their index labels."""
    import pandas as pd

    columns = [ROW_COLUMN, *FigureRow.__dataclass_fields__]
    rows = [
        {ROW_COLUMN: label, **row.to_dict()}
        for label, doc in zip(index, docs)
        if doc is not None
        for row in figure_rows(doc.claims)
    ]
    return pd.DataFrame(rows, columns=columns)


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
