"""A ticker set against the note's sentence before ("Chevron, by contrast, raised its output
target"; "Nvidia bucked the move, rising 1%"; ``contrasts.txt``): a comparison whose side is
the other side of that sentence's verdict, resolved by the Analyzer
(:func:`sentiment.evidence.resolved_contrasts`)."""

from __future__ import annotations

import re

from sentiment.readings.sentence import Sentence
from sentiment.readings.types import CONTRASTED, Mention, Reading
from sentiment.readings.vocabulary import ReadingVocabulary

KIND = "comparison"
# Between the ticker and a cue after it: its "(SYM)", a possessive, "shares", a comma.
_BEFORE_CUE = re.compile(r"\s*(?:(?:shares|stock)\s+)?,?\s*$", re.I)
# Before a cue opening the sentence: nothing, a bullet, "But" or "And".
_OPENING = re.compile(r"^[\s\-\u2022*]*(?:(?:but|and)\s+)?$", re.I)
# After an opening cue, to the ticker it sets apart: a comma and a few words ("By contrast,
# the iShares 0-3 Month Treasury Bond ETF (SGOV) ...").
_AFTER_OPENING = re.compile(r"^\s*,\s*(?:[^\s,;:.]+\s+){0,3}$")
_CLOSING = re.compile(r"^\s*[.!]?\s*$")


def read_contrasts(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """The first contrast cue's ticker, with the effect :data:`CONTRASTED`: the ticker right
    before the cue ("Mondelez (MDLZ), by contrast, says ..."), the first ticker after a cue
    opening the sentence ("In contrast, Rivian (RIVN) delivered ..."), or the one ticker of a
    sentence the cue ends ("Revisions for Western Digital have been flat by contrast.")."""
    match = words.contrasts.search(sentence.text)
    if match is None or not sentence.mentions:
        return []
    start, end = match.span()
    subject = _set_apart(sentence, start, end)
    if subject is None:
        return []
    return [Reading(KIND, subject.symbol, CONTRASTED, match.group(), start, end)]


def _set_apart(sentence: Sentence, start: int, end: int) -> Mention | None:
    """The ticker the cue at [start, end) sets apart (see :func:`read_contrasts`), or None."""
    text = sentence.text
    before = next(iter(sentence.before(start)), None)
    if before and _BEFORE_CUE.match(text[sentence.tail_end(before) : start]):
        return before
    after = next(iter(sentence.after(end)), None)
    if after and _OPENING.match(text[:start]) and _AFTER_OPENING.match(text[end : after.start]):
        return after
    if _CLOSING.match(text[end:]) and len(sentence.symbols) == 1:
        return sentence.mentions[0]
    return None
