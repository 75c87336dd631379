"""A note's figures as tables: the long figure table and the ticker x metric comparison.

Plain Python over claims whose figures carry their ticker, metric, period and role
(:mod:`sentiment.components.claim_figures`):

- :func:`figure_rows`: one :class:`~sentiment.results.FigureRow` per figure, in note order
  (``sentiment claims --by figure``, batch ``--claims``, ``analyze_frame(figures=True)``);
- :func:`compare_figures`: the table a fund comparison would show, one row per ticker and
  one column per metric, each cell with its figures, periods and the sentences behind them
  (``sentiment compare``). A cell takes a ticker's own figures of the metric (roles
  ``current``, ``to`` and ``target``; not an earlier period's figure, an estimate, a start,
  a range's ends or an index's figure). The same figure stated twice counts once; two
  different figures of one period (or of no stated period) disagree: the cell keeps both
  and says so (``conflict``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sentiment.results import Claim, FigureRow, _ToDict

TABLE_ROLES = frozenset({"current", "to", "target"})


def figure_rows(claims: Sequence[Claim]) -> list[FigureRow]:
    """Every figure of ``claims`` as a row of the long figure table, in order."""
    return [
        FigureRow(
            claim=i,
            ticker=f.ticker,
            metric=f.metric,
            value=f.value,
            text=" ".join(f.text.split()),
            unit=f.unit,
            period=f.period,
            role=f.role,
            currency=f.currency,
            scale=f.scale,
            start=f.start,
            end=f.end,
            sentence=" ".join(claim.text.split()),
        )
        for i, claim in enumerate(claims)
        for f in claim.figures
    ]


@dataclass(frozen=True)
class CellFigure(_ToDict):
    """One figure in a comparison cell: as written, its value, period and role, and the
    sentence it was read in (``start``/``end`` span the figure in the note)."""

    text: str
    value: float
    unit: str
    period: str | None
    role: str | None
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class ComparisonCell(_ToDict):
    """The figures of one ticker and one metric; ``conflict`` when two of them disagree."""

    ticker: str
    metric: str
    figures: tuple[CellFigure, ...]
    conflict: bool = False


@dataclass(frozen=True)
class ComparisonTable(_ToDict):
    """Tickers (rows, in order of first figure) x metrics (columns, likewise) and the cells
    that have figures."""

    tickers: tuple[str, ...]
    metrics: tuple[str, ...]
    cells: tuple[ComparisonCell, ...]

    def cell(self, ticker: str, metric: str) -> ComparisonCell | None:
        """The cell of ``ticker`` and ``metric`` (None when the note states no such figure)."""
        return next((c for c in self.cells if (c.ticker, c.metric) == (ticker, metric)), None)

    @property
    def conflicts(self) -> tuple[ComparisonCell, ...]:
        """The cells whose figures disagree."""
        return tuple(c for c in self.cells if c.conflict)


def compare_figures(claims: Sequence[Claim]) -> ComparisonTable:
    """The ticker x metric table of the figures of ``claims`` (see the module docstring)."""
    cells: dict[tuple[str, str], list[CellFigure]] = {}
    for row in figure_rows(claims):
        if row.ticker is None or row.metric is None or row.role not in TABLE_ROLES:
            continue
        found = cells.setdefault((row.ticker, row.metric), [])
        figure = CellFigure(
            row.text, row.value, row.unit, row.period, row.role, row.sentence, row.start, row.end
        )
        if not any(_same(figure, f) for f in found):
            found.append(figure)
    tickers = tuple(dict.fromkeys(t for t, _ in cells))
    metrics = tuple(dict.fromkeys(m for _, m in cells))
    return ComparisonTable(
        tickers,
        metrics,
        tuple(
            ComparisonCell(t, m, tuple(figures), _disagree(figures))
            for (t, m), figures in cells.items()
        ),
    )


def _same(a: CellFigure, b: CellFigure) -> bool:
    """The same figure stated again: one value, unit and period."""
    return (a.value, a.unit, a.period) == (b.value, b.unit, b.period)


def _disagree(figures: Sequence[CellFigure]) -> bool:
    """Do two figures of one period (or where either states none) have different values?"""
    return any(
        a.value != b.value and (a.period == b.period or None in (a.period, b.period))
        for i, a in enumerate(figures)
        for b in figures[i + 1 :]
    )
