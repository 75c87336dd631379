"""The benchmark's inputs: sentences as our segmenter splits them, token and parameter counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sentiment.inputs import has_content


def sentence_set(nlp: Any, notes: Sequence[str], count: int) -> list[str]:
    """The first ``count`` scoreable sentences of the notes, as our segmenter splits them."""
    sentences: list[str] = []
    for doc in nlp.pipe(notes):
        sentences += [s.text.strip() for s in doc.sents if has_content(s.text)]
        if len(sentences) >= count:
            break
    if len(sentences) < count:
        raise ValueError(f"the notes hold only {len(sentences)} sentences, {count} wanted")
    return sentences[:count]


def token_counts(tokenizer: Any, texts: Sequence[str]) -> list[int]:
    """Model-tokenizer tokens of each text, without special tokens."""
    return [len(e.ids) for e in tokenizer.encode_batch(list(texts), add_special_tokens=False)]
