"""Loading ../shared/corpora for training and evaluation, with one deterministic split.

Every example is assigned to train / validation / test by a hash of its normalised
text, so the split is stable across runs and machines, and a text that occurs in two
sets (or twice in one) always lands in the same split: no leakage through duplicates.
The kept-back "test" split here is our own; the corpus owners keep another fifth back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Score-valued sets (FiQA, SemEval) become 3-way labels with the neutral band the analyzer
# uses for its own scores (|score| < band is neutral).
from sentiment.aggregate import NEUTRAL_BAND

# The split (and its key) live in the package, shared with `sentiment evaluate`.
from sentiment.evaluation import SPLITS, normalise, split_of  # noqa: F401 - re-exported

DEFAULT_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

SENTENCE_SETS = ("fpb", "tfns")
TARGET_SETS = ("sentfin", "fiqa", "semeval_headlines", "semeval_microblogs")
# Sets whose licences allow commercial use (see the corpora README).
COMMERCIAL_SETS = ("tfns", "sentfin")
LICENCES = {
    "fpb": "CC BY-NC-SA 3.0",
    "tfns": "MIT",
    "sentfin": "MIT",
    "fiqa": "research use",
    "semeval_headlines": "CC BY-NC-SA 4.0",
    "semeval_microblogs": "CC BY-NC-SA 4.0, platform terms",
}


@dataclass(frozen=True)
class Example:
    """One labelled item: a sentence, or a (text, target) pair when ``target`` is set."""

    text: str
    label: str
    source: str
    target: str | None = None
    agreement: int | None = None


def label_from_score(score: float, band: float = NEUTRAL_BAND) -> str:
    """positive / neutral / negative from a score in [-1, 1]."""
    if score >= band:
        return "positive"
    if score <= -band:
        return "negative"
    return "neutral"


def jsonl_rows(path: Path) -> Iterator[dict]:
    """The JSON objects of a JSON Lines file, blank lines skipped."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_set(corpora: Path, name: str) -> list[Example]:
    """All examples of one named set, normalised to :class:`Example`."""
    if name in SENTENCE_SETS:
        return [
            Example(r["text"], r["label"], name, agreement=r.get("agreement"))
            for r in jsonl_rows(corpora / "sentences" / f"{name}.jsonl")
        ]
    if name == "sentfin":
        return [
            Example(r["text"], label, name, target=entity)
            for r in jsonl_rows(corpora / "targets" / "sentfin.jsonl")
            for entity, label in r["entities"].items()
        ]
    if name in TARGET_SETS:
        return [
            Example(r["text"], label_from_score(r["score"]), name, target=r["target"])
            for r in jsonl_rows(corpora / "targets" / f"{name}.jsonl")
        ]
    raise ValueError(f"unknown corpus set {name!r}")


def deduplicate(examples: list[Example]) -> list[Example]:
    """Drop repeats of the same (text, target); when labels disagree drop all copies."""
    seen: dict[tuple[str, str], Example | None] = {}
    for ex in examples:
        key = (normalise(ex.text), (ex.target or "").lower())
        if key not in seen:
            seen[key] = ex
        elif seen[key] is not None and seen[key].label != ex.label:
            seen[key] = None
    return [ex for ex in seen.values() if ex is not None]


def load_split(corpora: Path, names: tuple[str, ...], split: str) -> list[Example]:
    """De-duplicated examples of ``names`` that fall in ``split``."""
    examples = [ex for name in names for ex in load_set(corpora, name)]
    return [ex for ex in deduplicate(examples) if split_of(ex.text) == split]


def conflicting_subset(examples: list[Example]) -> list[Example]:
    """Items whose text carries several entities with different labels (SEntFiN's conflicting
    headlines: the evaluation reports them, weight mixing chooses on them)."""
    labels_by_text: dict[str, set[str]] = defaultdict(set)
    for ex in examples:
        labels_by_text[normalise(ex.text)].add(ex.label)
    return [ex for ex in examples if len(labels_by_text[normalise(ex.text)]) > 1]


def resolve_corpora(path: str | Path | None) -> Path:
    """The corpora folder: the given path, else ../shared/corpora beside the project."""
    folder = Path(path) if path else DEFAULT_CORPORA
    if not (folder / "sentences").is_dir():
        raise SystemExit(f"error: no corpora at {folder} (pass --corpora PATH)")
    return folder


# Licences of the unlabelled sources (see the corpora README): a model that saw their text.
UNLABELLED_LICENCES = {
    "finer_ord": "CC BY-NC 4.0",
    "numclaim": "CC BY-NC 4.0",
    "sentfin_sentences": "MIT",
}
MIT_UNLABELLED = {u for u, licence in UNLABELLED_LICENCES.items() if licence == "MIT"}


def unlabelled_texts(corpora: Path, sources: list[str], known: set[str]) -> list[str]:
    """In-domain sentences without sentence labels (not in ``known``), train split only."""
    paths = {
        "finer_ord": [corpora / "ner" / "finer_ord_train.jsonl"],
        "numclaim": sorted((corpora / "claims").glob("numclaim_*.jsonl")),
        "sentfin_sentences": [corpora / "targets" / "sentfin.jsonl"],
    }
    texts: dict[str, str] = {}
    for source in sources:
        for path in paths[source]:
            for row in jsonl_rows(path):
                key = normalise(row["text"])
                if key not in known and split_of(row["text"]) == "train":
                    texts.setdefault(key, row["text"])
    return list(texts.values())
