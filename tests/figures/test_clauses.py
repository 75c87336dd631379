"""Clauses: where the shipped clause breaks cut a sentence, and bad edits of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sentiment.errors import ResourceError
from sentiment.figures.clauses import (
    clause_of,
    clause_start,
    default_clause_breaks,
    load_clause_breaks,
)
from sentiment.wordlists import resource_path


@pytest.fixture(scope="module")
def breaks():
    return default_clause_breaks().claim


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


@pytest.mark.parametrize(
    ("text", "before", "start"),
    [
        # The metric of a figure change is looked for in the clause before its figures.
        ("Sales rose 5%; operating profit was EUR 2 mn", "EUR 2", "operating profit"),
        ("Costs fell, while operating profit was EUR 2 mn", "EUR 2", "operating profit"),
        ("Costs fell, and operating profit was EUR 2 mn", "EUR 2", "operating profit"),
        ("Operating profit and sales were EUR 2 mn", "EUR 2", "Operating profit"),
    ],
)
def test_change_clause_start(text: str, before: str, start: str) -> None:
    at = clause_start(text, text.index(before), default_clause_breaks().change)
    assert text[at:].lstrip().startswith(start)


@pytest.mark.parametrize(
    ("gap", "breaks"),
    [(" and costs ", True), (" ; ", True), (" , but ", True), (" in 2009 ", False)],
)
def test_comparison_breaks(gap: str, breaks: bool) -> None:
    assert bool(default_clause_breaks().comparison.search(gap)) is breaks


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("claim\t(unclosed\n", "bad pattern"),
        ("claim\t;\nchange\t;\nparagraph\t;\n", "unknown set 'paragraph'"),
        ("claim\t;\nchange\t;\n", "no breaks for \\['comparison'\\]"),
        ("claim\n", "tab-separated"),
    ],
)
def test_bad_edits_fail_clearly(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "clause_breaks.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_clause_breaks(tmp_path)


def test_a_copy_loads_the_same(tmp_path: Path) -> None:
    shipped = resource_path("figures/clause_breaks.tsv").read_text(encoding="utf-8")
    (tmp_path / "clause_breaks.tsv").write_text(shipped, encoding="utf-8")
    assert load_clause_breaks(tmp_path) == default_clause_breaks()
