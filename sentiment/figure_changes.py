"""Moved: the reader is :mod:`sentiment.figures.changes`, the weighing :mod:`sentiment.weighing`.

The old names stay importable from here.
"""

from sentiment.figures.changes import (
    ChangeReader,
    ChangeVocabulary,
    default_reader,
    load_change_vocabulary,
)
from sentiment.weighing import EVIDENCE_RATIO, verdict, weigh, with_changes

__all__ = [
    "EVIDENCE_RATIO",
    "ChangeReader",
    "ChangeVocabulary",
    "default_reader",
    "load_change_vocabulary",
    "verdict",
    "weigh",
    "with_changes",
]
