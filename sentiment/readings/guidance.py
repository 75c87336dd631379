"""Guidance: a company raising or cutting its outlook, or guiding above or below what was
expected ("Airbnb guided to slower Q4 growth", "management cut its full-year outlook",
"raised its revenue guidance"). The small model reads such a sentence with the tone of its
other words (a guide-down with "record" in it comes out positive); the reading gives the
company the guidance's side. Its words are ``guidance.tsv``. The company is the ticker whose
clause it is (named first in it, as for a price move); with none ("Management cut its
outlook") the reading is about the whole sentence, which links give to the company it is about.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from sentiment.attribution import default_words
from sentiment.readings.sentence import NOT_DONE, Sentence
from sentiment.readings.types import NEGATIVE, NEUTRAL, POSITIVE, Mention, Reading
from sentiment.readings.vocabulary import ReadingVocabulary, key

KIND = "guidance"
_EFFECTS = {"up": POSITIVE, "down": NEGATIVE}
_AFTER_WHERE = 24  # how far after "guided lower" its metric may be named ("to lower capex")
# A warning about the company's own business ("KeyCorp warned that net interest income would
# fall short of its guidance"), as a bank that is also a broker gives one.
_OWN = re.compile(r"\b(?:its|their|our)\b", re.I)
# How far before a guidance phrase its subject's reference is looked for ("but the company").
_REFERRED_REACH = 24
# The references (attribution/references.tsv) that stand for a company named before them.
_REFERRING = ("pronoun", "noun")


def read_guidance(
    sentence: Sentence, words: ReadingVocabulary, sources: Collection[Mention] = ()
) -> list[Reading]:
    """A reading for each guidance phrase of the sentence, but one whose clause is a source's
    ("S&P Global Ratings raised its outlook on Ford": a rating agency's action, not its
    guidance)."""
    quoted = {m.symbol for m in sources}
    found = []
    for match in words.guidance.finditer(sentence.text):
        said = match["verb"] or match["ours"] or match["after"] or match["alone"]
        said = said or f"guided {match['where']}"
        direction = words.guidance_directions.get(key(said))
        if direction is None:
            continue
        start, end = match.span()
        if NOT_DONE.search(sentence.text, max(0, start - 16), start):
            continue  # "held rather than raised its margin guide": not raised
        ticker = sentence.subject_at(start, words.subject_described)
        if match["ours"]:  # "we are lowering our guide": the speaker's company, not one named
            ticker = None
        elif ticker is None and len(sentence.symbols) > 1 and _referred(sentence.text, start):
            # "Uber's bookings rose and it guided above the Street; Lyft's rides grew, but the
            # company warned of higher costs": the ticker named last before the reference
            ticker = next((m.symbol for m in sentence.before(start)), None)
        tickers = _both(sentence, start, end, quoted) if ticker is None else []
        if not tickers:
            if ticker in quoted:
                continue
            if match["alone"] and ticker in words.brokers and not _OWN.search(sentence.text, end):
                continue  # "Barclays warned that completions would slow": a house's view
            tickers = [ticker]
        effect = _metric_side(sentence.text, words, match, _EFFECTS[direction])
        found += [Reading(KIND, t, effect, match.group(), start, end) for t in tickers]
    return found


def _both(sentence: Sentence, start: int, end: int, quoted: set[str]) -> list[str]:
    """The tickers of the list right before a guidance phrase whose subject is "both" ("Macy's
    (M) and Kohl's (KSS) slumped after both cut guidance"): each of them; else none."""
    if not _BOTH_BEFORE.search(sentence.text, 0, start):
        return []
    low, _ = sentence.clause(start, end)
    last = next(iter(sentence.before(start, low)), None)
    both = [last, *sentence.listed_before(last)] if last else []
    listed = [m.symbol for m in both if m.symbol not in quoted]
    return listed if len(listed) >= 2 else []


# "both" or "all three" as a guidance verb's subject, right before it.
_BOTH_BEFORE = re.compile(r"\b(?:both|all\s+(?:two|three|four)|each)\s+$", re.I)


def _metric_side(text: str, words: ReadingVocabulary, match: re.Match[str], effect: str) -> str:
    """``effect`` for the metric the guidance names, read for its good direction: the other
    way for one whose fall is good ("lowered its expense guide", "guided to lower capex"
    where capex is neither: neutral); as it is for one whose rise is good, or none named."""
    if match["alone"]:
        return effect
    if match["where"]:
        named = text[match.start() : min(len(text), match.end() + _AFTER_WHERE)]
    else:
        named = match.group()
    phrases = words.metric_phrases.find(named)
    if not phrases:
        return effect
    metric = words.metrics.get(words.metric_of[phrases[-1].key])
    if metric is None:
        return effect  # a phrase that names no metric ("the same index")
    good = metric.favours(effect == POSITIVE)
    return NEUTRAL if good is None else POSITIVE if good else NEGATIVE


def _referred(text: str, start: int) -> bool:
    """Does a pronoun or a noun reference ("it", "the company") stand right before ``start``,
    as its clause's subject ("but the company warned of higher costs")?"""
    before = text[max(0, start - _REFERRED_REACH) : start].rstrip()
    found = default_words().find(before)
    if not found:
        return False
    method, cue = found[-1]
    return method in _REFERRING and before.lower().endswith(cue.lower())
