"""Checks of what Python callers pass to the Analyzer: one-line errors naming the item.

A wrong setting (a band outside [0, 1), a size or weight below 1) is a ``ValueError``; a wrong input
(a str where a list of texts is wanted, a non-text item, an empty or letterless text, a bad
(text, target) pair, sources of the wrong length) is an :class:`~sentiment.errors.InputError`
whose message starts with where the item is (``texts[3]: ...``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real
from typing import Any

from sentiment.errors import InputError


def checked_band(band: float, name: str = "neutral_band") -> float:
    """A neutral band (or a band's margin) as a float; ValueError unless it is a number in
    [0, 1)."""
    if isinstance(band, bool) or not isinstance(band, Real) or not 0.0 <= band < 1.0:
        raise ValueError(f"{name} must be a number in [0, 1), got {band!r}")
    return float(band)


def checked_weight(weight: float, name: str) -> float:
    """A weight that multiplies a sentence's (at least 1: 1 counts it as any other);
    ValueError unless it is a finite number of at least 1."""
    if isinstance(weight, bool) or not isinstance(weight, Real) or not 1.0 <= weight < math.inf:
        raise ValueError(f"{name} must be a finite number of at least 1, got {weight!r}")
    return float(weight)


def checked_size(size: int, name: str) -> int:
    """A batch or chunk size; ValueError unless it is a whole number of at least 1."""
    if isinstance(size, bool) or not isinstance(size, Integral) or size < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, got {size!r}")
    return int(size)


def listed(items: Any, name: str, kind: str) -> list[Any]:
    """``items`` as a list; one str (not a list of texts) or a non-iterable is an InputError."""
    if isinstance(items, (str, bytes)):
        raise InputError(f"{name} must be {kind}, not a single {type(items).__name__}; pass a list")
    try:
        return list(items)
    except TypeError:
        raise InputError(f"{name} must be {kind}, got {type(items).__name__}") from None


def checked_sources(sources: Any, count: int) -> list[str | None]:
    """One source (or None) per text; None gives ``count`` Nones."""
    if sources is None:
        return [None] * count
    sources = listed(sources, "sources", "a list with one source (or None) per text")
    if len(sources) != count:
        raise InputError(f"sources must have one item per text: {len(sources)} for {count} texts")
    return sources


def checked_pair(pair: Any, where: str) -> tuple[str, str | None]:
    """A (text, target) pair with a text to analyse and a non-blank target (or None)."""
    if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
        raise InputError(f"{where} must be a (text, target) pair, got {describe(pair)}")
    text, target = pair
    check_text(text, where)
    if target is not None and not isinstance(target, str):
        raise InputError(f"{where}: target must be a str, got {type(target).__name__}")
    if target is not None and not target.strip():
        raise InputError(f"{where}: empty target: name a company or ticker, or pass None")
    return text, target


def check_text(text: Any, source: str | None) -> None:
    """InputError unless ``text`` is a str with a letter or digit in it."""
    where = prefix(source)
    if not isinstance(text, str):
        raise InputError(f"{where}expected text (str), got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}empty text: nothing to analyse")
    if not has_content(text):
        raise InputError(f"{where}no letter or digit in the text: nothing to analyse")


def has_content(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit: something to analyse."""
    return any(ch.isalnum() for ch in text)


def prefix(source: str | None) -> str:
    """``"source: "`` to start an error message with, or nothing."""
    return f"{source}: " if source else ""


def describe(value: Any) -> str:
    """A value's type, with its length for a sequence: ``tuple of 1``."""
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return f"{type(value).__name__} of {len(value)}"
    return type(value).__name__
