"""The author's net verdict after weighing good and bad news ("Net, ...", "the guide-down
outweighs the beat", "a wash"), read for the whole sentence (``nets.tsv``)."""

from __future__ import annotations

import re

from sentiment.readings.sentence import Sentence
from sentiment.readings.types import NET, NEUTRAL, Reading
from sentiment.readings.vocabulary import NET_PLACES, ReadingVocabulary

KIND = NET
LEAD = NET_PLACES[0]  # at a sentence's or a bullet's start
# What may stand before a lead cue: nothing, a bullet, or the end of a sentence the
# segmenter ran into this one.
_LEAD_BEFORE = re.compile(r"(?:^|[.!?]\s+|\n)[\s\-\u2013\u2014*\u2022]*$")


def read_nets(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """The sentence's first net verdict, for the whole sentence (ticker None): its effect
    from ``nets.tsv`` (``scored``: the sentence's own lean, resolved by the Analyzer)."""
    for match in words.nets.pattern.finditer(sentence.text):
        effect, where = words.nets.value(match.group())
        start, end = match.span()
        if where == LEAD and not _LEAD_BEFORE.search(sentence.text[:start]):
            continue
        low, _ = sentence.clause(start, end)
        if effect == NEUTRAL and words.metric_phrases.find(sentence.text[low:start]):
            continue  # "Fees are a wash": one metric even, no verdict on the news
        return [Reading(KIND, None, effect, match.group(), start, end)]
    return []
