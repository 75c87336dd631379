"""Train the forward-looking claim model: sentiment/resources/claims/forward_model.json.

A logistic regression (L2) over the features of
:func:`sentiment.components.forward.forward_features`: the sentence's words and word
pairs plus what the rules found. Trained on the NumClaim TRAIN split only (the project's
hash split, training/corpora.py); the regularisation, the feature set (words only, or
words + rule findings) and the decision threshold are chosen by k-fold cross-validation
inside train. Validation and test are not read here (evaluation/evaluate_claims.py reports
validation). NumClaim text is lower-cased; the model lower-cases at inference too.

The weights derive from NumClaim (CC BY-NC 4.0); the file says so. The data itself is
read from its path and never copied into the repository.

    python -m training.train_forward --corpora ../shared/corpora [--out FILE] [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from sentiment.components.claims import ClaimExtractor, load_claim_vocabulary
from sentiment.components.forward import (
    MODEL_FILE,
    ForwardEvidence,
    forward_features,
    load_tense_words,
)
from sentiment.components.periods import load_period_finder
from sentiment.figures.finder import FigureFinder, load_figure_vocabulary
from sentiment.wordlists import resource_path
from training.corpora import DEFAULT_CORPORA, split_of

ROOT = Path(__file__).resolve().parents[1]

C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
# name -> (rule features, normalised word features)
FEATURE_SETS = {
    "words": (False, False),
    "words+rules": (True, False),
    "normalised words+rules": (True, True),
}
Features = dict[str, float]
MIN_DOCUMENTS = 2  # a feature must occur in at least this many training sentences
PROVENANCE = (
    "Logistic-regression weights trained by training/train_forward.py on the train split "
    "(the project's hash split) of NumClaim (analyst reports and earnings calls; "
    "Shah et al., 'Numerical Claim Detection in Finance', 2023). NumClaim is licensed "
    "CC BY-NC 4.0: these weights derive from it and carry its non-commercial terms."
)


@dataclass(frozen=True)
class Example:
    """One NumClaim sentence: the rule evidence (None when no claim is found) and label."""

    evidence: ForwardEvidence | None
    label: bool
    source: str


def load_numclaim(directory: Path) -> list[dict[str, Any]]:
    """Every NumClaim row of every *.jsonl file in ``directory``, with source and split."""
    rows = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append({**row, "source": path.stem, "split": split_of(row["text"])})
    return rows


def rules_extractor() -> ClaimExtractor:
    """The claim extractor with rules only: the source of the evidence."""
    return ClaimExtractor(
        load_claim_vocabulary(), FigureFinder(load_figure_vocabulary()), load_period_finder()
    )


def examples(rows: Sequence[dict[str, Any]], extractor: ClaimExtractor) -> list[Example]:
    """The rule evidence of every row."""
    return [
        Example(extractor.forward_evidence(r["text"]), r["label"] == 1, r["source"]) for r in rows
    ]


def featurize(items: Sequence[Example], setting: str) -> list[Features]:
    """Features of a FEATURE_SETS setting (none for sentences without a claim: they
    are never forward-looking)."""
    tense = load_tense_words()
    rules, normalise = FEATURE_SETS[setting]
    return [
        forward_features(e.evidence, tense, rules=rules, normalise_words=normalise)
        if e.evidence
        else {}
        for e in items
    ]


def fit(features: Sequence[Features], labels: Sequence[bool], c: float) -> dict[str, Any]:
    """L2 logistic regression (full batch, L-BFGS) on the sentences with a claim."""
    counts = Counter(f for fs in features for f in fs)
    names = sorted(f for f, n in counts.items() if n >= MIN_DOCUMENTS)
    column = {name: i for i, name in enumerate(names)}
    rows = [i for i, fs in enumerate(features) if fs]
    x = torch.zeros(len(rows), len(names), dtype=torch.float64)
    for r, i in enumerate(rows):
        for f, value in features[i].items():
            if f in column:
                x[r, column[f]] = value
    y = torch.tensor([float(labels[i]) for i in rows], dtype=torch.float64)
    w = torch.zeros(len(names), dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.LBFGS(
        [w, b], max_iter=500, tolerance_grad=1e-7, line_search_fn="strong_wolfe"
    )

    def closure() -> torch.Tensor:
        optimiser.zero_grad()
        logits = x @ w + b
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="sum")
        loss = loss + 0.5 / c * (w * w).sum()
        loss.backward()
        return loss

    optimiser.step(closure)
    weights = dict(zip(names, w.detach().tolist(), strict=True))
    return {"weights": weights, "bias": float(b.item())}


def probabilities(model: dict[str, Any], features: Sequence[Features]) -> list[float]:
    """P(forward) per sentence; 0 for sentences without a claim."""
    weights, bias = model["weights"], model["bias"]
    out = []
    for fs in features:
        z = bias + sum(weights.get(f, 0.0) * v for f, v in fs.items())
        out.append(1.0 / (1.0 + math.exp(-z)) if fs else 0.0)
    return out


def out_of_fold(features: list[Features], labels: list[bool], c: float, folds: int) -> list[float]:
    """Cross-validated probabilities: each sentence scored by a model that did not see it."""
    scores = [0.0] * len(labels)
    for k in range(folds):
        train = [i for i in range(len(labels)) if i % folds != k]
        model = fit([features[i] for i in train], [labels[i] for i in train], c)
        held = [i for i in range(len(labels)) if i % folds == k]
        for i, p in zip(held, probabilities(model, [features[i] for i in held]), strict=True):
            scores[i] = p
    return scores


def f1_at(labels: Sequence[bool], scores: Sequence[float], threshold: float) -> float:
    """F1 of "forward when score >= threshold" (sentences without a claim score 0)."""
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y and s >= threshold and s > 0)
    predicted = sum(1 for s in scores if s >= threshold and s > 0)
    gold = sum(labels)
    return 2 * tp / (predicted + gold) if predicted + gold else 0.0


def best_threshold(labels: Sequence[bool], scores: Sequence[float]) -> tuple[float, float]:
    """The threshold (on a 0.05 grid, so it is not fitted to single sentences) with the best F1."""
    grid = [round(0.05 * i, 2) for i in range(2, 19)]
    return max(((t, f1_at(labels, scores, t)) for t in grid), key=lambda tf: (tf[1], -tf[0]))


def select(items: list[Example], folds: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Cross-validate every feature set and C; the best setting and the whole table."""
    labels = [e.label for e in items]
    table = []
    for name in FEATURE_SETS:
        features = featurize(items, name)
        for c in C_GRID:
            threshold, f1 = best_threshold(labels, out_of_fold(features, labels, c, folds))
            table.append({"features": name, "C": c, "threshold": threshold, "cv_f1": f1})
            print(f"{name:22} C={c:<5} threshold={threshold:.2f} cv F1={f1:.3f}", file=sys.stderr)
    return max(table, key=lambda row: row["cv_f1"]), table


def train(items: list[Example], setting: dict[str, Any]) -> dict[str, Any]:
    """Refit the chosen setting on all of train; the model file's content."""
    rules, normalise = FEATURE_SETS[setting["features"]]
    model = fit(featurize(items, setting["features"]), [e.label for e in items], setting["C"])
    weights = {f: round(w, 4) for f, w in sorted(model["weights"].items()) if abs(w) >= 1e-3}
    return {
        "provenance": PROVENANCE,
        "licence": "CC BY-NC 4.0 (derived from NumClaim)",
        "trained_by": "training/train_forward.py",
        "features": setting["features"],
        "rules": rules,
        "normalise_words": normalise,
        "C": setting["C"],
        "threshold": setting["threshold"],
        "cv_f1": round(setting["cv_f1"], 4),
        "bias": round(model["bias"], 4),
        "weights": weights,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--out", type=Path, default=resource_path(MODEL_FILE))
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)

    rows = [r for r in load_numclaim(args.corpora / "claims") if r["split"] == "train"]
    items = examples(rows, rules_extractor())
    best, table = select(items, args.folds)
    model = train(items, best)
    model["cross_validation"] = table
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"chose {best}; {len(model['weights'])} weights -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
