"""Builds the spaCy pipeline; the only place that knows component order."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language

# Importing the modules registers the factories (entry points do the same for saved pipelines).
from sentiment.components import claims as _claims  # noqa: F401
from sentiment.components import sentences as _sentences  # noqa: F401
from sentiment.components import tickers as _tickers  # noqa: F401
from sentiment.components.extensions import install_extensions
from sentiment.readers import DEFAULT_MAX_BYTES

PIPELINE = ("sentiment_sentences", "sentiment_tickers", "sentiment_claims")
MAX_TEXT_CHARS = DEFAULT_MAX_BYTES
"""The longest text the pipeline takes: any text or HTML file the readers accept (a byte
decodes to at most one character). spaCy's default of 1,000,000 guards the memory of its
parser and NER, which this pipeline does not have; its components are rule-based."""


def build_pipeline(ticker_config: dict[str, Any] | None = None) -> Language:
    """A blank English pipeline with our segmenter, ticker finder and claim finder."""
    install_extensions()
    nlp = spacy.blank("en")
    nlp.max_length = MAX_TEXT_CHARS
    nlp.add_pipe("sentiment_sentences")
    nlp.add_pipe("sentiment_tickers", config=ticker_config or {})
    nlp.add_pipe("sentiment_claims")
    return nlp
