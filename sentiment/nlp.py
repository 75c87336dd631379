"""Builds the spaCy pipeline; the only place that knows component order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import spacy
from spacy.language import Language

# Importing the modules registers the factories (entry points do the same for saved pipelines).
from sentiment.components import claims as _claims  # noqa: F401
from sentiment.components import sentences as _sentences  # noqa: F401
from sentiment.components import tickers as _tickers  # noqa: F401
from sentiment.components.extensions import install_extensions
from sentiment.readers import DEFAULT_MAX_BYTES

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.components.ticker_coreference import TickerContext

PIPELINE = ("sentiment_sentences", "sentiment_tickers", "sentiment_claims")
SEGMENTER, TICKER_FINDER, CLAIM_FINDER = PIPELINE
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


def sentence_starts(nlp: Language, text: str) -> list[int]:
    """Where the sentences of ``text`` start, from the segmenter alone (no tickers, claims)."""
    doc = nlp(text, disable=[name for name in nlp.pipe_names if name != SEGMENTER])
    return [sentence.start_char for sentence in doc.sents]


def chunk_config(context: TickerContext | None, previous: str | None) -> dict[str, dict[str, Any]]:
    """``component_cfg`` for a chunk of a long document: what the chunks before it
    established (the ticker finder's context, the last symbol named for the claims)."""
    return {TICKER_FINDER: {"context": context}, CLAIM_FINDER: {"previous": previous}}
