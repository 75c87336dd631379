"""Splitting a sentence into clauses, by the breaks of ``resources/figures/clause_breaks.tsv``.

A sentence may state a reported figure and a forecast in two clauses: "Unilever reported
underlying sales growth of 4.1% and expects margins to improve in 2025". Three sets of
breaks, each kept as narrow as its reader needs:

- ``claim``: a claim's forward-looking cues, period and direction are read in the clause
  that holds its figure (:func:`clause_of`); a sentence with no break is one clause;
- ``change``: the metric of a figure change is looked for after the last break before its
  figures (:func:`clause_start`);
- ``comparison``: two figures are not compared across a break between the current figure
  and the word that joins it to the prior one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sentiment.errors import ResourceError
from sentiment.wordlists import data_file, read_pattern_sets

Span = tuple[int, int]
BREAK_SETS = ("claim", "change", "comparison")


@dataclass(frozen=True)
class ClauseBreaks:
    """The three sets of clause breaks."""

    claim: tuple[re.Pattern[str], ...]
    change: re.Pattern[str]
    comparison: re.Pattern[str]


def load_clause_breaks(directory: str | Path | None = None) -> ClauseBreaks:
    """Read ``clause_breaks.tsv`` (the shipped one, or the one in ``directory``)."""
    path = data_file("figures", "clause_breaks.tsv", directory)
    sets = read_pattern_sets(path, BREAK_SETS)
    missing = [name for name, patterns in sets.items() if not patterns]
    if missing:
        raise ResourceError(f"{path}: no breaks for {missing}")
    return ClauseBreaks(sets["claim"], _joined(sets["change"]), _joined(sets["comparison"]))


@lru_cache(maxsize=1)
def default_clause_breaks() -> ClauseBreaks:
    """The shipped clause breaks (read once per process)."""
    return load_clause_breaks()


def _joined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern matching any of ``patterns``, tried in order."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


def clause_of(text: str, span: Span, breaks: Sequence[re.Pattern[str]]) -> Span:
    """The clause of ``text`` that holds ``span``: from the end of the last break before it
    to the start of the first break after it (a break overlapping ``span`` is none)."""
    start, end = 0, len(text)
    for pattern in breaks:
        for match in pattern.finditer(text):
            if match.end() <= span[0]:
                start = max(start, match.end())
            elif match.start() >= span[1]:
                end = min(end, match.start())
    return start, end


def clause_start(text: str, end: int, breaks: re.Pattern[str]) -> int:
    """Where the clause that ends at ``end`` starts ("...; operating profit was")."""
    found = [m.end() for m in breaks.finditer(text, 0, end)]
    return found[-1] if found else 0


def inside(span: Span, clause: Span) -> bool:
    """Does ``span`` lie within ``clause``?"""
    return clause[0] <= span[0] and span[1] <= clause[1]
