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
  expected one ("EUR 17.7 mn compared to EUR 17.6 mn").
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
from sentiment.results import Figure, FigureChange

__all__ = [
    "ChangeReader",
    "ChangeVocabulary",
    "ClauseBreaks",
    "Figure",
    "FigureChange",
    "FigureFinder",
    "FigureVocabulary",
    "Metric",
    "MetricPhrase",
    "MetricVocabulary",
    "clause_of",
    "default_clause_breaks",
    "default_figure_finder",
    "default_metric_vocabulary",
    "default_reader",
    "load_change_vocabulary",
    "load_clause_breaks",
    "load_figure_vocabulary",
    "load_metric_vocabulary",
    "parse_number",
]
