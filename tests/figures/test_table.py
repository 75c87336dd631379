"""The long figure table and the ticker x metric comparison table."""

from __future__ import annotations

import json

from sentiment.figures import ComparisonTable, compare_figures, figure_rows
from sentiment.results import Claim, Figure, FigureRow


def claim(text: str, *figures: tuple) -> Claim:
    """A claim over ``text`` whose figures are (text, value, ticker, metric, period, role)."""
    found = []
    for written, value, ticker, metric, period, role in figures:
        start = text.index(written)
        found.append(
            Figure(
                written,
                start,
                start + len(written),
                value,
                "percent",
                ticker=ticker,
                metric=metric,
                period=period,
                role=role,
            )
        )
    return Claim(text, 0, len(text), None, None, None, False, figures=tuple(found))


NOTE = [
    claim(
        "VOO returned 14.5% over\nfive years versus 7.9% for IWM.",
        ("14.5%", 14.5, "VOO", "return", "5Y", "current"),
        ("7.9%", 7.9, "IWM", "return", "5Y", "current"),
    ),
    claim(
        "VOO's expense ratio is 0.03% versus 0.19% for IWM, and it returned 14.5% over five "
        "years against 14.6% for the S&P 500.",
        ("0.03%", 0.03, "VOO", "expense ratio", None, "current"),
        ("0.19%", 0.19, "IWM", "expense ratio", None, "current"),
        ("14.5%", 14.5, "VOO", "return", "5Y", "current"),
        ("14.6%", 14.6, None, "return", "5Y", "comparison"),
    ),
    claim(
        "IWM now charges 0.21%, up from 0.19% last year.",
        ("0.21%", 0.21, "IWM", "expense ratio", None, "current"),
        ("0.19%", 0.19, "IWM", "expense ratio", None, "prior"),
    ),
]


def test_figure_rows_one_per_figure_with_its_claim() -> None:
    found = figure_rows(NOTE)
    assert len(found) == 8 and [r.claim for r in found] == [0, 0, 1, 1, 1, 1, 2, 2]
    assert found[1] == FigureRow(
        0,
        "IWM",
        "return",
        7.9,
        "7.9%",
        "percent",
        "5Y",
        "current",
        None,
        None,
        42,
        46,
        "VOO returned 14.5% over five years versus 7.9% for IWM.",
    )


def test_comparison_table_cells() -> None:
    table = compare_figures(NOTE)
    assert table.tickers == ("VOO", "IWM") and table.metrics == ("return", "expense ratio")
    voo = table.cell("VOO", "return")
    assert voo is not None and [f.text for f in voo.figures] == ["14.5%"]  # stated twice, once
    assert not voo.conflict and voo.figures[0].period == "5Y"
    assert (
        table.cell("VOO", "return").figures[0].sentence.startswith("VOO returned 14.5% over five")
    )


def test_two_figures_of_one_cell_disagree_and_both_are_kept() -> None:
    table = compare_figures(NOTE)
    iwm = table.cell("IWM", "expense ratio")
    assert iwm is not None and [f.text for f in iwm.figures] == ["0.19%", "0.21%"]
    assert iwm.conflict and table.conflicts == (iwm,)


def test_other_periods_are_no_disagreement() -> None:
    table = compare_figures(
        [
            claim(
                "VOO returned 25.0% over one year and 14.5% over five.",
                ("25.0%", 25.0, "VOO", "return", "1Y", "current"),
                ("14.5%", 14.5, "VOO", "return", "5Y", "current"),
            )
        ]
    )
    cell = table.cell("VOO", "return")
    assert cell is not None and len(cell.figures) == 2 and not cell.conflict


def test_an_empty_note_gives_an_empty_table() -> None:
    assert compare_figures([]) == ComparisonTable((), (), ())


def test_table_to_dict_is_json() -> None:
    data = json.loads(json.dumps(compare_figures(NOTE).to_dict()))
    assert data["tickers"] == ["VOO", "IWM"]
    assert data["cells"][0]["figures"][0]["text"] == "14.5%"
