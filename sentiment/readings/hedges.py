"""Hedged, conditional and preview language ("if", "could", "would likely", "ahead of results",
"into the print"): the clause states no view, so its tickers are pulled toward neutral."""

from __future__ import annotations

from sentiment.readings.sentence import Sentence
from sentiment.readings.types import NEUTRAL, Reading
from sentiment.readings.vocabulary import ReadingVocabulary

KIND = "hedge"


def read_hedges(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """For each hedge cue: one reading for the whole sentence (ticker None) when its clause
    holds every ticker of the sentence (or there is none), else one for each ticker of its
    clause; a cue in a clause without a ticker of a sentence with some governs none."""
    found = []
    for match in words.hedges.finditer(sentence.text):
        start, end = match.span()
        low, high = sentence.clause(start, end)
        inside = {m.symbol for m in sentence.after(low, high)}
        if not sentence.mentions or inside == set(sentence.symbols):
            tickers: list[str | None] = [None]
        else:
            tickers = [s for s in sentence.symbols if s in inside]
        found += [Reading(KIND, t, NEUTRAL, match.group(), start, end) for t in tickers]
    return found
