"""(target, sentence) training pairs from the hand-written notes' train split.

The notes (``corpora/notes``) label each ticker of a text, not each sentence. A sentence's
label toward a ticker is the ticker's own label where the text leaves no doubt which
sentence carries it:

* a passer-by (``bystander``: a source, customer, supplier, peer named in passing) is
  neutral in every sentence that names it;
* any other ticker counts only when one sentence names it and its label comes from no other
  sentence: items whose judgement is also told by reference ("the company", "we") or mixes
  good and bad news are left out.

The target is written as the text writes it (the ticker finder's first mention in the
sentence), as the Analyzer asks the model at run time. Only ``split == "train"`` rows are
read unless other splits are asked for (``--splits``); the test split never is.

    python -m training.note_pairs --show 10      # print a few pairs and the counts
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from training import corpora as cp

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "corpora" / "notes"
SOURCE = "notes"
# An item with one of these phenomena may take its label from sentences that do not name it.
ELSEWHERE = frozenset({"reference", "mixed"})


DEFAULT_SPLITS = ("train",)


def train_rows(
    folder: Path = NOTES, splits: Iterable[str] = DEFAULT_SPLITS
) -> list[dict[str, Any]]:
    """The rows of every notes file in ``splits`` (default: the train split); never test's."""
    splits = set(splits)
    if "test" in splits:
        raise ValueError("the notes' test split is never trained on")
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (row := json.loads(line))["split"] in splits:
                rows.append(row)
    return rows


def mentions_by_symbol(nlp: Any, text: str) -> dict[str, list[tuple[str, str]]]:
    """symbol (and its root, without a listing suffix) -> (sentence, target as written) for
    each sentence naming it, its first mention in that sentence."""
    from sentiment.aggregate import sentence_index
    from sentiment.api import _sentence_spans

    doc = nlp(text)
    spans = _sentence_spans(doc)
    found: dict[str, dict[int, tuple[str, str]]] = {}
    for mention in doc._.tickers or []:
        index = sentence_index(spans, mention.start)
        if index is None:
            continue
        start, end = spans[index]
        for key in {mention.symbol, mention.symbol.split(".")[0]}:
            found.setdefault(key, {}).setdefault(index, (text[start:end], mention.text))
    return {symbol: list(by_index.values()) for symbol, by_index in found.items()}


def pairs_of(row: dict[str, Any], named: dict[str, list[tuple[str, str]]]) -> list[cp.Example]:
    """The examples one note gives (see the module docstring)."""
    examples = []
    for item in row["items"]:
        sentences = named.get(item["ticker"]) or named.get(item["ticker"].split(".")[0]) or []
        phenomena = set(item["phenomena"])
        if "bystander" in phenomena and item["label"] == "neutral":
            chosen = sentences
        elif len(sentences) == 1 and not phenomena & ELSEWHERE:
            chosen = sentences
        else:
            continue
        examples += [cp.Example(text, item["label"], SOURCE, target=t) for text, t in chosen]
    return examples


def generate(
    folder: Path = NOTES,
    rows: Iterable[dict[str, Any]] | None = None,
    splits: Iterable[str] = DEFAULT_SPLITS,
) -> list[cp.Example]:
    """Every pair the rows (default: those of ``splits``) give, in file order."""
    from sentiment.nlp import build_pipeline

    nlp = build_pipeline()
    examples = []
    for row in rows if rows is not None else train_rows(folder, splits):
        examples += pairs_of(row, mentions_by_symbol(nlp, row["text"]))
    return examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=5, help="pairs to print")
    parser.add_argument("--splits", default="train", help="comma-separated splits to read")
    args = parser.parse_args()
    examples = generate(splits=args.splits.split(","))
    for ex in examples[: args.show]:
        print(f"{ex.label:8s} [{ex.target}] {ex.text}")
    print(len(examples), "pairs", dict(Counter(ex.label for ex in examples)))


if __name__ == "__main__":
    main()
