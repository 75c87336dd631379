"""Deals: the acquirer and the target ("X agreed to buy Y for $N a share, a P% premium"), and
merger partners. A target paid a premium or a price, or of a deal just announced, is
positive; the acquirer and merger partners are neutral (whether the price is right is for the
sentence model to read), but an acquirer said to overpay is negative."""

from __future__ import annotations

import re

from sentiment.readings.sentence import Sentence
from sentiment.readings.types import NEGATIVE, NEUTRAL, POSITIVE, Mention, Reading
from sentiment.readings.vocabulary import ReadingVocabulary

KIND = "deal"
# Between a deal's verb and its target: a few words, no joint ("to buy and hold and QQQ to
# trade" buys no QQQ).
_TARGET_GAP = re.compile(r"[\s,]+(?:(?!(?:and|or|but)\b)[\w.'-]+\s+){0,3}?", re.I)
_RATING_CONTEXT = re.compile(r"\s+(?:FROM|AT|ON|RATING)\b")
_ACQUIRER_GAP = re.compile(r"\s+(?:the\s+)?", re.I)


def read_deals(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """A reading for each side of each deal phrase whose other side is a ticker too."""
    found = []
    for match in words.deals.pattern.finditer(sentence.text):
        last = match.group().split()[-1]
        if last[0].isupper() and last.lower() in words.ratings.values and not sentence.shouting:
            continue  # "raise J&J to Buy" is a rating
        if sentence.shouting and _RATING_CONTEXT.match(sentence.text, match.end()):
            continue  # "NIKE UPGRADED TO BUY AT JEFFERIES" is a rating too
        order, *announced = words.deals.value(match.group())
        start, end = match.span()
        low, high = sentence.clause(start, end)
        after = sentence.right_after(end, _TARGET_GAP if order != "target" else _ACQUIRER_GAP)
        before = next(iter(sentence.before(start, low)), None)
        if after is not None and before is not None and after.symbol == before.symbol:
            continue
        cue = sentence.text[start:end]
        if order == "partners":
            sides = [(before, NEUTRAL), (after, NEUTRAL)] if before and after else []
        else:
            acquirer, target = (before, after) if order == "acquirer" else (after, before)
            paid = words.deal_prices.search(sentence.text, low, high) is not None
            done = words.deal_done.search(sentence.text, low, high) is not None
            news = paid or (bool(announced) and not done)
            # a target stands alone when it is news ("agreed to be acquired by a consortium
            # for $65 a share"); an acquirer only beside its target (is the price right?)
            sides = (
                [(target, POSITIVE if news else NEUTRAL)] if target and (acquirer or news) else []
            )
            sides += [(acquirer, NEUTRAL)] if acquirer and target else []
        found += [_reading(m, effect, cue, start, end) for m, effect in sides if m is not None]
    return found + _overpaying(sentence, words)


def _overpaying(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """An acquirer paying too much ("argue HPE overpaid"): the nearest ticker before the
    phrase in its clause is negative."""
    found = []
    for match in words.overpaying.finditer(sentence.text):
        start, end = match.span()
        low, _ = sentence.clause(start, end)
        payer = next(iter(sentence.before(start, low)), None)
        if payer is not None:
            found.append(_reading(payer, NEGATIVE, match.group(), start, end))
    return found


def _reading(mention: Mention, effect: str, cue: str, start: int, end: int) -> Reading:
    return Reading(KIND, mention.symbol, effect, cue, start, end)
