"""Roles: a ticker named as a source (the broker whose analyst is quoted, "according to", a
rating agency), a counterparty (a customer, supplier or partner named in passing) or a peer
for context ("ahead of rival X's report"). Such a ticker is neutral in its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentiment.readings.sentence import Sentence
from sentiment.readings.types import NEUTRAL, Mention, Reading
from sentiment.readings.vocabulary import ReadingVocabulary

KIND = "role"
SOURCE = "source"
_BEFORE_GAP = re.compile(r"\s*(?:the\s+)?", re.I)
_SPACES = re.compile(r"\s*")
_BY_AT = re.compile(r"\b(?:at|by|from)\s+$", re.I)
_SOURCE_REACH = 40  # from a broker to the verb that makes it a source ("Jefferies' team says")


@dataclass(frozen=True)
class Role:
    """A role reading with the mention it was read for and the role's name."""

    reading: Reading
    mention: Mention
    role: str


def read_roles(sentence: Sentence, words: ReadingVocabulary) -> list[Role]:
    """Every role cue of the sentence, with the ticker it makes a source, counterparty or peer."""
    roles = _before_cues(sentence, words) + _after_cues(sentence, words)
    roles += _brokers(sentence, words, {r.mention for r in roles})
    return roles


def _role(sentence: Sentence, mention: Mention, role: str, start: int, end: int) -> Role:
    reading = Reading(KIND, mention.symbol, NEUTRAL, sentence.text[start:end], start, end)
    return Role(reading, mention, role)


def _before_cues(sentence: Sentence, words: ReadingVocabulary) -> list[Role]:
    found = []
    for match in words.roles_before.pattern.finditer(sentence.text):
        mention = sentence.right_after(match.end(), _BEFORE_GAP)
        if mention is None:
            continue
        role = words.roles_before.value(match.group())[0]
        for each in (mention, *sentence.listed_after(mention)):
            found.append(_role(sentence, each, role, *match.span()))
    return found


def _after_cues(sentence: Sentence, words: ReadingVocabulary) -> list[Role]:
    found = []
    for mention in sentence.mentions:
        position = _SPACES.match(sentence.text, sentence.tail_end(mention))
        match = words.roles_after.pattern.match(sentence.text, position.end() if position else 0)
        if match is not None:
            role = words.roles_after.value(match.group())[0]
            found.append(_role(sentence, mention, role, *match.span()))
    return found


def _brokers(sentence: Sentence, words: ReadingVocabulary, done: set[Mention]) -> list[Role]:
    """A broker in a sentence about another ticker, saying or doing what a source does."""
    found = []
    for mention in sentence.mentions:
        if mention in done or mention.symbol not in words.brokers or len(sentence.symbols) < 2:
            continue
        tail = sentence.tail_end(mention)
        verb = words.source_verbs.search(
            sentence.text, tail, min(len(sentence.text), tail + _SOURCE_REACH)
        )
        if verb is not None and "." not in sentence.text[tail : verb.start()]:
            found.append(_role(sentence, mention, SOURCE, *verb.span()))
        elif _BY_AT.search(sentence.text, max(0, mention.start - 6), mention.start):
            found.append(_role(sentence, mention, SOURCE, mention.start, mention.end))
    return found
