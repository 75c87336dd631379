"""Language that states no view about its tickers: hedged, conditional or preview language
("if", "could", "would likely", "ahead of results", "into the print"), and plain facts of
corporate life (a dividend declared, a record date, a spin-off completed, a rating affirmed).
The clause holding such a cue is pulled toward neutral for its tickers."""

from __future__ import annotations

import re
from dataclasses import replace

from sentiment.readings.sentence import Sentence
from sentiment.readings.types import NEUTRAL, Reading
from sentiment.readings.vocabulary import ReadingVocabulary

KIND = "hedge"
FACT = "fact"


def read_hedges(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """The hedge readings of the sentence (see :func:`neutral_cues`)."""
    return neutral_cues(sentence, words.hedges, KIND)


def read_facts(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """The plain-fact readings of the sentence (``plain_facts.txt``; see :func:`neutral_cues`),
    but none for a fact of a company whose news in the sentence has a direction too
    ("WSM authorized a new buyback and raised its dividend 16%": ``directed_facts.txt``; not
    "Realty Income declared its monthly dividend, and Agree Realty raised its payout")."""
    facts = neutral_cues(sentence, words.facts, FACT)
    if not facts:
        return facts
    directed = {
        _named_before(sentence, m.start()) for m in words.directed_facts.finditer(sentence.text)
    }
    found = []
    for reading in facts:
        if _named_before(sentence, reading.start) in directed:
            continue
        if reading.ticker is None and directed - {None}:  # the fact is the others' only
            found += [replace(reading, ticker=s) for s in sentence.symbols if s not in directed]
        else:
            found.append(reading)
    return found


def _named_before(sentence: Sentence, position: int) -> str | None:
    """The ticker named last before ``position`` (the company whose news follows), or None."""
    nearest = next(iter(sentence.before(position)), None)
    return nearest.symbol if nearest else None


def neutral_cues(sentence: Sentence, pattern: re.Pattern[str], kind: str) -> list[Reading]:
    """For each cue of ``pattern``: one reading of ``kind`` for the whole sentence (ticker
    None) when its clause holds every ticker of the sentence (or there is none), else one for
    each ticker of its clause; a cue in a clause without a ticker of a sentence with some
    governs none."""
    found = []
    for match in pattern.finditer(sentence.text):
        start, end = match.span()
        low, high = sentence.clause(start, end)
        inside = {m.symbol for m in sentence.after(low, high)}
        if not sentence.mentions or inside == set(sentence.symbols):
            tickers: list[str | None] = [None]
        else:
            tickers = [s for s in sentence.symbols if s in inside]
        found += [Reading(kind, t, NEUTRAL, match.group(), start, end) for t in tickers]
    return found
