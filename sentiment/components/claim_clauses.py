"""The clause of a claim's figure (part of :mod:`sentiment.components.claims`).

A sentence may state a reported figure and a forecast in two clauses: "Unilever reported
underlying sales growth of 4.1% and expects margins to improve in 2025". The claim of the
4.1% is neither forward-looking nor of 2025, so its forward-looking cues, period and
direction are read in the clause that holds its figure. Clauses meet where a pattern of
``resources/claims/clause_breaks.txt`` matches ("; ", ", while", " and expects"); a
sentence with none is one clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int]


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


def inside(span: Span, clause: Span) -> bool:
    """Does ``span`` lie within ``clause``?"""
    return clause[0] <= span[0] and span[1] <= clause[1]
