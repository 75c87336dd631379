"""Synthetic comparison sentences for target-aware training.

One sentence names two or three companies (or funds) with opposite or mixed sentiment:
"Shell outperformed BP, which cut its outlook." Each entity becomes a (target, sentence)
pair labelled by the slot it filled. Templates and event phrases live in
``training/data/comparisons.txt``; entities are drawn from the shipped gazetteer (index
members and ETFs), written as a name, a symbol or a cashtag, and never one of the entities
of our hand-written holdout ``corpora/comparisons/holdout.jsonl``.

    python -m training.comparisons --count 5 --seed 1      # print a few
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from sentiment.gazetteer import core_name, default_gazetteer, tokenized
from training import corpora as cp

ROOT = Path(__file__).resolve().parents[1]

TEMPLATES = Path(__file__).resolve().parent / "data" / "comparisons.txt"
HOLDOUT = ROOT / "corpora" / "comparisons" / "holdout.jsonl"
SLOT_LABELS = {
    "P": "positive",
    "P2": "positive",
    "N": "negative",
    "N2": "negative",
    "Z": "neutral",
    "Z2": "neutral",
}
SLOT = re.compile(r"\{(P2?|N2?|Z2?|pos|neg|neu|k|nth)\}")
NEUTRAL_SEED = 7919  # added to the seed: the neutral sentences draw from a stream of their own


def read_sections(path: Path = TEMPLATES) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


def holdout_entities(path: Path = HOLDOUT) -> set[str]:
    if not path.exists():
        return set()
    return {name.lower() for row in cp.jsonl_rows(path) for name in row["entities"]}


def entity_pool(exclude: set[str]) -> list[str]:
    """Names, symbols and cashtags of index members and ETFs, minus the excluded ones."""
    pool = []
    for info in default_gazetteer().symbols.values():
        if info.tier == 3 or (info.tier == 2 and info.kind != "etf"):
            continue
        core = tokenized(core_name(info.name)) if info.kind == "stock" else ""
        if {info.symbol.lower(), core.lower(), *core.lower().split()} & exclude:
            continue
        if core:
            pool.append(core)
        if info.symbol.isalpha() and info.symbol.isupper():
            pool += [info.symbol, f"${info.symbol}"]
    return sorted(set(pool))


def fill(template: str, sections: dict[str, list[str]], entities: list[str], rng) -> tuple:
    """(sentence, {entity: label}) for one template."""
    chosen = rng.sample(entities, 3)
    names = dict(zip(("P", "N", "Z"), chosen))
    # the second entity of a same-sign pair
    names["P2"], names["N2"], names["Z2"] = names["N"], names["P"], names["P"]
    labels: dict[str, str] = {}

    def sub(match: re.Match) -> str:
        key = match.group(1)
        if key in SLOT_LABELS:
            labels[names[key]] = SLOT_LABELS[key]
            return names[key]
        if key == "k":
            return str(rng.randint(3, 25))
        if key == "nth":
            return rng.choice(["second", "third", "fourth", "fifth"])
        return rng.choice(sections[key])

    return SLOT.sub(sub, template), labels


def generate(count: int, seed: int, neutral: int = 0) -> list[cp.Example]:
    """``count`` sentences, as one target example per named entity, then ``neutral``
    sentences that set two names side by side with no view on either (both neutral). The
    neutral ones come from a random stream of their own, so asking for them leaves the first
    ``count`` sentences as they were."""
    sections = read_sections()
    entities = entity_pool(holdout_entities())
    examples = _sentences(sections["templates"], count, sections, entities, random.Random(seed))
    if neutral:
        rng = random.Random(seed + NEUTRAL_SEED)
        examples += _sentences(sections["neutral templates"], neutral, sections, entities, rng)
    return examples


def _sentences(templates: list[str], count: int, sections, entities, rng) -> list[cp.Example]:
    examples = []
    for _ in range(count):
        text, labels = fill(rng.choice(templates), sections, entities, rng)
        examples += [cp.Example(text, lab, "comparisons", target=e) for e, lab in labels.items()]
    return examples


def swap_targets(examples: list[cp.Example], fraction: float, seed: int) -> list[cp.Example]:
    """Copies of target examples with the target renamed: every whole-word occurrence of it
    in the text, and the target itself, become one name from the entity pool. The label stays,
    so the copy teaches context over a name's prior. About ``fraction`` of the examples whose
    target occurs in their text get a copy."""
    rng = random.Random(seed)
    entities = entity_pool(holdout_entities())
    copies = []
    for ex in examples:
        if not ex.target or rng.random() >= fraction:
            continue
        mention = re.compile(rf"(?<!\w){re.escape(ex.target)}(?!\w)")
        if not mention.search(ex.text):
            continue
        name = rng.choice(entities)
        text = mention.sub(name.replace("\\", r"\\"), ex.text)
        copies.append(cp.Example(text, ex.label, "swapped", target=name))
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--neutral", type=int, default=0, help="two-name neutral sentences")
    args = parser.parse_args()
    for ex in generate(args.count, args.seed, args.neutral):
        print(f"{ex.label:8}  {ex.target:24}  {ex.text}")


if __name__ == "__main__":
    main()
