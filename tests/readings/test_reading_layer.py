"""The reading layer as a package: no spaCy or torch, its data files checked on load."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sentiment.errors import ResourceError
from sentiment.figures import default_metric_vocabulary
from sentiment.readings import load_reading_vocabulary, read_sentence
from sentiment.readings.types import Mention
from sentiment.wordlists import resource_path


def test_importing_and_reading_loads_neither_spacy_nor_torch() -> None:
    code = (
        "import sys\n"
        "from sentiment.readings import Mention, read_sentence\n"
        "read_sentence('Trade idea: long $UNH.', [Mention('UNH', 17, 21)])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'torch')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.fixture
def words(tmp_path: Path) -> Path:
    folder = tmp_path / "readings"
    shutil.copytree(resource_path("readings"), folder)
    return folder


def test_a_copied_folder_reads_the_same(words: Path) -> None:
    text = "Trade idea: long $UNH."
    vocabulary = load_reading_vocabulary(words)
    assert read_sentence(text, [Mention("UNH", 17, 21)], vocabulary) == read_sentence(
        text, [Mention("UNH", 17, 21)]
    )


def test_an_edited_word_list_changes_the_reading(words: Path) -> None:
    (words / "positions.tsv").write_text("long\tnegative\n", encoding="utf-8")
    readings = read_sentence("long $UNH", [Mention("UNH", 5, 9)], load_reading_vocabulary(words))
    assert [(r.ticker, r.effect) for r in readings] == [("UNH", "negative")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ratings.tsv", "Buy\tbullish\n", "'bullish'"),
        ("comparison_verbs.tsv", "lagged\tloser\n", "'loser'"),
        ("deals.tsv", "to buy\n", "tab-separated"),
        ("hedges.txt", "re:(unclosed\n", "bad pattern"),
    ],
)
def test_a_bad_data_file_names_itself(words: Path, name: str, content: str, message: str) -> None:
    (words / name).write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_reading_vocabulary(words)


def test_reading_only_metric_phrases_stay_out_of_the_claims() -> None:
    vocabulary = default_metric_vocabulary()
    assert "charges" not in vocabulary.claim_metrics()
    assert "charges" not in {p.key for p in vocabulary.read_by("changes")}
    assert "charges" in {p.key for p in vocabulary.read_by("readings")}
