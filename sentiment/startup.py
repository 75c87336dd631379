"""Process start-up for the command line: keep spaCy from importing a torch it never uses."""

from __future__ import annotations

import sys


def import_spacy_without_torch() -> None:
    """Import spaCy with torch hidden; does nothing once either of them is imported.

    spaCy's machine-learning library (thinc) imports torch, about 0.9 s on a laptop CPU, only
    to register optional torch layers. The analyzer's pipeline is rules, and its model runs on
    ONNX Runtime, so the command line hides torch during that one import: a cold
    `sentiment score` starts in about half the time. torch stays importable afterwards (the
    PyTorch backend imports it as usual); only thinc's own torch layers stay off. A library
    user's process may need those (spacy-transformers, say), so only the CLI calls this.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]
