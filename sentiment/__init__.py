"""Financial research-note sentiment: tickers, claims, sentence and per-ticker scores.

Python users start with :class:`Analyzer`::

    from sentiment import Analyzer
    doc = Analyzer().analyze("Nvidia (NVDA) beat estimates; margins expanded 200bp.")
    doc.label, doc.score
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Analyzer",
    "Claim",
    "DocumentSentiment",
    "Figure",
    "FigureRow",
    "Link",
    "SentenceSentiment",
    "TickerMention",
    "TickerSentiment",
    "read_document",
    "__version__",
]
_RESULT_TYPES = frozenset(__all__) - {"Analyzer", "read_document", "__version__"}

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.api import Analyzer
    from sentiment.readers import read_document
    from sentiment.results import (
        Claim,
        DocumentSentiment,
        Figure,
        FigureRow,
        Link,
        SentenceSentiment,
        TickerMention,
        TickerSentiment,
    )


def __getattr__(name: str) -> Any:
    # Lazy: `import sentiment` (and so `sentiment --help`) must not import torch or spaCy.
    if name == "Analyzer":
        from sentiment.api import Analyzer

        return Analyzer
    if name == "read_document":
        from sentiment.readers import read_document

        return read_document
    if name in _RESULT_TYPES:
        from sentiment import results

        return getattr(results, name)
    raise AttributeError(f"module 'sentiment' has no attribute {name!r}")
