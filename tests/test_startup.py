"""The CLI's start-up trick: spaCy imported without torch, torch still importable after.

Each case runs in a fresh interpreter: the test process has imported both long ago."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "examples" / "note.txt"


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


CASES = [
    # (what runs first, expected "spacy torch" flags after the call)
    ("", "True False"),
    ("import torch", "False True"),  # torch already there: nothing to gain, nothing done
]


@pytest.mark.parametrize(("before", "expected"), CASES)
def test_spacy_is_imported_without_torch(before: str, expected: str) -> None:
    code = (
        f"import sys\n{before}\n"
        "from sentiment.startup import import_spacy_without_torch\n"
        "import_spacy_without_torch()\n"
        "print('spacy' in sys.modules, 'torch' in sys.modules)"
    )
    assert _run(code) == expected


def test_torch_stays_importable_afterwards() -> None:
    code = (
        "from sentiment.startup import import_spacy_without_torch\n"
        "import_spacy_without_torch()\n"
        "import torch\n"
        "print(torch.ones(2).sum().item())"
    )
    assert _run(code) == "2.0"


def test_cli_score_runs_without_torch() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from sentiment import cli\n"
        f"result = CliRunner().invoke(cli.app, ['score', {str(EXAMPLE)!r}])\n"
        "print(result.exit_code, result.stdout.splitlines()[0], 'torch' in sys.modules)"
    )
    code_out = _run(code).split()
    assert code_out[0] == "0"
    assert code_out[-1] == "False"
