"""Command-line options the evaluation scripts share (one declaration each)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from evaluation.bench.settings import ROOT

SHIPPED_MODEL = ROOT / "models" / "finsent-minilm"

CorporaOption = Annotated[
    Path | None, typer.Option("--corpora", help="Corpora folder (default ../shared/corpora).")
]
ModelOption = Annotated[Path, typer.Option("--model", help="Model folder.")]
