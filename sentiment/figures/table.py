"""A note's figures as tables: the long figure table and the ticker x metric comparison.

Plain Python over claims whose figures carry their ticker, metric, period and role
(:mod:`sentiment.components.claim_figures`):

- :func:`figure_rows`: one :class:`~sentiment.results.FigureRow` per figure, in note order
  (``sentiment claims --by figure``, batch ``--claims``, ``analyze_frame(figures=True)``);
- :func:`render_figure_rows` and :func:`render_comparison`: both as text, as the CLI prints
  them;
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


def render_figure_rows(rows: list[FigureRow]) -> str:
    """The long figure table as text (``sentiment claims --by figure``): one line per
    figure with its ticker, metric, figure as written, period and role, then its sentence."""
    lines = [f"{'ticker':<8} {'metric':<18} {'value':<12} {'period':<10} {'role':<11} claim"]
    for r in rows:
        lines.append(
            f"{r.ticker or '-':<8} {r.metric or '-':<18} {r.text:<12} {r.period or '-':<10} "
            f"{r.role or '-':<11} {r.sentence}"
        )
    return "\n".join(lines)


def render_comparison(table: ComparisonTable, evidence: bool) -> str:
    """The comparison table as text (``sentiment compare``): a cell's period in brackets,
    disagreeing cells marked "(!)", a line for each disagreement and, with ``evidence``,
    the sentence behind each figure."""
    if not table.cells:
        return "no figures with both a ticker and a metric"
    header = ["ticker", *table.metrics]
    rows = [
        [ticker, *(_cell_text(table.cell(ticker, m)) for m in table.metrics)]
        for ticker in table.tickers
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    for cell in table.conflicts:
        shown = " and ".join(_figure_with_period(f.text, f.period) for f in cell.figures)
        lines.append(f"(!) {cell.ticker} {cell.metric}: {shown} disagree")
    if evidence:
        lines.append("")
        for cell in table.cells:
            for f in cell.figures:
                lines.append(
                    f"{cell.ticker:<8} {cell.metric:<18} {_figure_with_period(f.text, f.period)}: "
                    f"{f.sentence}"
                )
    return "\n".join(lines)


def _cell_text(cell: ComparisonCell | None) -> str:
    if cell is None:
        return "-"
    text = " / ".join(_figure_with_period(f.text, f.period) for f in cell.figures)
    return f"{text} (!)" if cell.conflict else text


def _figure_with_period(text: str, period: str | None) -> str:
    return f"{text} ({period})" if period else text
