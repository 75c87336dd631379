"""Training reports for the tests of the training scripts: the smallest one a model card is
written from, and the card the public ``write_model_card`` writes for it.

A module of its own (not a conftest), beside the tests that import it by name.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import ModuleType


def smallest_report(**parts) -> dict:
    """The smallest training report a model card is written from, with ``parts`` over it."""
    return {
        "base_encoder": "nreimers/MiniLM-L6-H384-uncased",
        "parameters": 22_713_216,
        "config": {"seed": 12},
        "licences": {"tfns": "MIT"},
        "temperature": 1.2,
        "train_counts": {"tfns": 8},
        "validation_counts": {"tfns": 2},
        "best_epoch": 1,
        "history": [{"epoch": 1}],
        "train_seconds": 60,
        "validation": {"tfns": {"n": 2, "accuracy": 0.5, "macro_f1": 0.5}},
        "ece_validation": {"before": 0.1, "after": 0.05},
        **parts,
    }


def card_text(model_card: ModuleType, **parts) -> str:
    """The README ``model_card.write_model_card`` writes for ``smallest_report(**parts)``,
    each run of whitespace made one space (the card's prose wraps anywhere)."""
    with tempfile.TemporaryDirectory() as folder:
        model_card.write_model_card(Path(folder), smallest_report(**parts))
        return " ".join((Path(folder) / "README.md").read_text().split())
