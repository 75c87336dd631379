"""The clause of a claim's figure: where the shipped clause breaks cut a sentence."""

from __future__ import annotations

import pytest

from sentiment.components.claim_clauses import clause_of
from sentiment.components.claim_vocabulary import load_claim_vocabulary


@pytest.fixture(scope="module")
def breaks():
    return load_claim_vocabulary().clause_breaks


@pytest.mark.parametrize(
    ("text", "figure", "clause"),
    [
        # A new statement after "and": the verb starts the next clause.
        (
            "Unilever reported sales growth of 4.1% and expects margins to improve in 2025.",
            "4.1%",
            "Unilever reported sales growth of 4.1%",
        ),
        (
            "Lloyds reported profit of GBP 2.5bn in H1 and expects GBP 13.5bn for 2025.",
            "GBP 13.5bn",
            "expects GBP 13.5bn for 2025.",
        ),
        (
            "The program is midway and is expected to deliver savings of $110 million.",
            "$110 million",
            "is expected to deliver savings of $110 million.",
        ),
        (
            "HSBC made $8.5bn in H1 and said the bank will buy back up to $3bn of shares.",
            "$8.5bn",
            "HSBC made $8.5bn in H1",
        ),
        # A semicolon, "while", "but"; the stock's move after ", and".
        ("Sales rose 5%; margins fell 2% in 2025.", "5%", "Sales rose 5%"),
        ("Sales rose 5%, while margins fell 2%.", "2%", "margins fell 2%."),
        ("Sales rose 5% while margins fell 2%.", "5%", "Sales rose 5%"),
        (
            "It lost $2m a day, and its shares fell 3%.",
            "$2m",
            "It lost $2m a day",
        ),
        # A list, or "and" with no new verb, is one clause.
        (
            "We expect revenue of $5bn, EPS of $2 and margins of 30% in 2025.",
            "$5bn",
            "We expect revenue of $5bn, EPS of $2 and margins of 30% in 2025.",
        ),
        ("Revenue and EPS rose 5% and 7%.", "5%", "Revenue and EPS rose 5% and 7%."),
    ],
)
def test_clause_of(breaks, text: str, figure: str, clause: str) -> None:
    start = text.index(figure)
    lo, hi = clause_of(text, (start, start + len(figure)), breaks)
    assert text[lo:hi] == clause
