"""The figure layer: figures, ranges, "from X to Y", losses, clauses and the metric vocabulary.

Plain Python with no spaCy or torch, so every reader of figures shares it: the claims
(:mod:`sentiment.components.claims`), the figure changes (:mod:`sentiment.figures.changes`)
and the weighing of those into sentence labels (:mod:`sentiment.weighing`). Its data files
are in ``resources/figures/``.

- :mod:`~sentiment.figures.finder`: numbers with their units, scales and currencies;
- :mod:`~sentiment.figures.ranges`: ranges and "from X to Y" between two figures;
- :mod:`~sentiment.figures.clauses`: where a sentence's clauses meet;
- :mod:`~sentiment.figures.metrics`: the metric vocabulary: each metric's phrases, units and
  good direction, and the phrases that state a loss;
- :mod:`~sentiment.figures.changes`: a metric's figure set against an earlier or an
  expected one ("EUR 17.7 mn compared to EUR 17.6 mn");
- :mod:`~sentiment.figures.table`: a note's attributed figures as the long figure table and
  the ticker x metric comparison table;
- :mod:`~sentiment.figures.favours`: which ticker a comparison between tickers favours (a
  lower fee or a smaller drawdown favours its own ticker).
"""

from sentiment.figures.changes import (
    ChangeReader,
    ChangeVocabulary,
    default_reader,
    load_change_vocabulary,
)
from sentiment.figures.clauses import (
    ClauseBreaks,
    clause_of,
    default_clause_breaks,
    load_clause_breaks,
)
from sentiment.figures.favours import TickerPreference, favoured_tickers
from sentiment.figures.finder import (
    FigureFinder,
    FigureVocabulary,
    default_figure_finder,
    load_figure_vocabulary,
    parse_number,
)
from sentiment.figures.metrics import (
    Metric,
    MetricPhrase,
    MetricVocabulary,
    default_metric_vocabulary,
    load_metric_vocabulary,
)
from sentiment.figures.table import (
    CellFigure,
    ComparisonCell,
    ComparisonTable,
    compare_figures,
    figure_rows,
)
from sentiment.results import Figure, FigureChange, FigureRow

__all__ = [
    "CellFigure",
    "ChangeReader",
    "ChangeVocabulary",
    "ClauseBreaks",
    "ComparisonCell",
    "ComparisonTable",
    "Figure",
    "FigureChange",
    "FigureFinder",
    "FigureRow",
    "FigureVocabulary",
    "Metric",
    "MetricPhrase",
    "MetricVocabulary",
    "TickerPreference",
    "clause_of",
    "compare_figures",
    "default_clause_breaks",
    "default_figure_finder",
    "default_metric_vocabulary",
    "default_reader",
    "favoured_tickers",
    "figure_rows",
    "load_change_vocabulary",
    "load_clause_breaks",
    "load_figure_vocabulary",
    "load_metric_vocabulary",
    "parse_number",
]
