"""Reading figure changes: (sentence, verdict, first change) tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sentiment.figures.changes import ChangeReader, default_reader, load_change_vocabulary
from sentiment.weighing import verdict
from sentiment.wordlists import resource_path

# (sentence, verdict, (metric, current, prior, direction, basis) of the first change or None)
CASES = [
    (
        "Operating profit totaled EUR 17.7 mn compared to EUR 17.6 mn in 2007 .",
        "positive",
        ("Operating profit", "EUR 17.7 mn", "EUR 17.6 mn", "up", "prior"),
    ),
    (
        "Diluted earnings per share ( EPS ) stood at EUR 0.25 versus EUR 0.42 .",
        "negative",
        ("EPS", "EUR 0.25", "EUR 0.42", "down", "prior"),
    ),
    (  # a smaller loss is good news
        "Operating loss was EUR 179mn , compared to a loss of EUR 188mn a year earlier .",
        "positive",
        ("Operating loss", "EUR 179mn", "EUR 188mn", "up", "prior"),
    ),
    (  # a profit against a loss: the prior figure counts below zero
        "EBIT totalled EUR 14.4 mn , compared to a loss of EUR 0.3 mn in 2009 .",
        "positive",
        ("EBIT", "EUR 14.4 mn", "EUR 0.3 mn", "up", "prior"),
    ),
    (
        "The company swung to a net loss of EUR 5 mn from a profit of EUR 3 mn .",
        "negative",
        ("net loss", "EUR 5 mn", "EUR 3 mn", "down", "prior"),
    ),
    (  # the side word after the figure: "an EUR9 .6 m loss"
        "It expects a net profit of EUR6 .3 m in Q1 , from an EUR9 .6 m loss a year earlier .",
        "positive",
        ("net profit", "EUR6.3m", "EUR9.6m", "up", "prior"),
    ),
    (  # a scale-less figure borrows its partner's scale
        "Kellogg Q4 reported sales $3.22 vs. $3.32 bln a year ago",
        "negative",
        ("sales", "$3.22", "$3.32 bln", "down", "prior"),
    ),
    (  # ... but one written out in full does not
        "Operating profit surged to EUR21m from EUR106 ,000 .",
        "positive",
        ("Operating profit", "EUR21m", "EUR106,000", "up", "prior"),
    ),
    (
        "Net sales rose to EUR 25.6 mn ( EUR 20.2 mn ) .",
        "positive",
        ("Net sales", "EUR 25.6 mn", "EUR 20.2 mn", "up", "prior"),
    ),
    (
        "Operating profit rose to EUR 4.7 mn ( 2008 : EUR 3.6 mn ) .",
        "positive",
        ("Operating profit", "EUR 4.7 mn", "EUR 3.6 mn", "up", "prior"),
    ),
    (
        "Net sales increased from EUR 9 mn to EUR 10 mn .",
        "positive",
        ("Net sales", "EUR 10 mn", "EUR 9 mn", "up", "prior"),
    ),
    (
        "Its market share widened to 48.51 percent from 48.31 percent a year earlier .",
        "positive",
        ("market share", "48.51 percent", "48.31 percent", "up", "prior"),
    ),
    (  # ranges compare by their middles
        "Kohl's now sees full-year adj. EPS $4.75 to $4.95 vs. prior $5.15 to $5.45",
        "negative",
        ("adj. EPS", "$4.75 to $4.95", "$5.15 to $5.45", "down", "prior"),
    ),
    (  # down is good for debt
        "Net debt was EUR 120 mn compared with EUR 150 mn a year earlier .",
        "positive",
        ("Net debt", "EUR 120 mn", "EUR 150 mn", "down", "prior"),
    ),
    (
        "Q3 EPS of $0.28 vs $0.43 consensus",
        "negative",
        ("EPS", "$0.28", "$0.43", "down", "estimate"),
    ),
    (  # the metric is operating profit, not the costs that qualify it
        "Operating profit excluding restructuring costs grew to EUR 44.5 million "
        "from EUR 31.7 million .",
        "positive",
        ("Operating profit", "EUR 44.5 million", "EUR 31.7 million", "up", "prior"),
    ),
    (  # two changes that disagree: no verdict, both kept as evidence
        "Net sales increased from EUR 9 mn to EUR 10 mn , while operating profit fell to "
        "EUR 1 mn from EUR 2 mn .",
        None,
        ("Net sales", "EUR 10 mn", "EUR 9 mn", "up", "prior"),
    ),
    # Not figure changes.
    ("Net loss contracted to EUR 49 million ( USD 68.2 m ) .", None, None),  # a conversion
    ("In the end of 2006 , the number of outlets will rise to 60-70 .", None, None),
    ("Revenue rose 8% to $94.9 billion.", None, None),  # no prior figure
    ("Nonfarm payrolls 254K vs 175K consensus", None, None),  # no company metric
    ("Average hourly earnings +0.2% vs +0.3% consensus", None, None),
    ("Sales were EUR 10 mn compared to EUR 10 mn .", None, None),  # no change
    ("EV/EBITDA is 12x versus 10x a year ago .", None, None),  # a valuation multiple
    ("Shares rose 5% to $120 versus the index , up 2% .", None, None),  # no metric named
    ("", None, None),
]


@pytest.mark.parametrize(("text", "expected", "first"), CASES)
def test_figure_changes_are_read(text: str, expected: str | None, first: tuple | None) -> None:
    changes = default_reader().read(text)
    assert verdict(changes) == expected
    if first is None:
        assert changes == []
    else:
        c = changes[0]
        assert (c.metric, c.current, c.prior, c.direction, c.basis) == first
        assert text[c.start : c.end].startswith(c.metric)


def test_offsets_survive_split_numbers() -> None:
    text = "Diluted loss per share stood at EUR0 .3 versus EUR0 .1 ."
    (change,) = default_reader().read(text)
    assert (change.current_value, change.prior_value) == (-0.3, -0.1)
    assert text[change.start : change.end] == text[:-2]  # all but " ."


def test_a_copied_folder_reads_the_same(tmp_path: Path) -> None:
    shutil.copytree(resource_path("figures"), tmp_path, dirs_exist_ok=True)
    text = CASES[0][0]
    assert ChangeReader(load_change_vocabulary(tmp_path), default_reader().finder).read(text) == (
        default_reader().read(text)
    )


def test_a_neutral_metric_states_no_change(tmp_path: Path) -> None:
    """Whether a change is news comes from the metric's good direction (metrics.tsv)."""
    shutil.copytree(resource_path("figures"), tmp_path, dirs_exist_ok=True)
    metrics = tmp_path / "metrics.tsv"
    metrics.write_text(
        metrics.read_text(encoding="utf-8").replace(
            "\nmarket share\tup\n", "\nmarket share\tneutral\n"
        ),
        encoding="utf-8",
    )
    text = "Its market share widened to 48.51 percent from 48.31 percent a year earlier ."
    assert default_reader().read(text)
    assert ChangeReader(load_change_vocabulary(tmp_path), default_reader().finder).read(text) == []


def test_the_old_module_names_still_import() -> None:
    from sentiment import figure_changes, weighing

    assert figure_changes.default_reader is default_reader
    assert figure_changes.with_changes is weighing.with_changes
