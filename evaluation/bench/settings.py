"""Paths, seed, batch size and section sizes that every part of the benchmark shares."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MODEL = ROOT / "models" / "finsent-minilm"
SEED = 20261125
BATCH_SIZE = 64
BASELINE_MAX_TOKENS = 128
console = Console(stderr=True)


@dataclass(frozen=True)
class Sizes:
    """How much work each section does (``--quick`` shrinks everything)."""

    sentences: int = 512
    notes: int = 40
    scale_pages: tuple[float, ...] = (0.0, 1.0, 3.0, 10.0, 30.0, 100.0)
    cli_runs: int = 5


QUICK = Sizes(sentences=64, notes=4, scale_pages=(0.0, 1.0, 3.0), cli_runs=2)
