"""A metric whose fall is good news, moving: "warranty costs rose again", "subscriber churn
ticked up", "Criticized loans came down". The small model reads such a sentence by its verb
("rose", "climbed" are good news to it); the reading gives the side the metric's good
direction says (``figures/metrics.tsv``: good "down": costs, churn, charge-offs, leverage, a
loss ratio). A metric whose rise is good ("revenue rose 5%") the model reads right, and is not
read. The direction is the claims' word for a rise or a fall (``claims/directions.tsv``),
right after the metric or past a few auxiliary words ("costs keep creeping higher" is not one:
"creeping" states none); a hedged one ("Provisions may tick up") is the hedge reading's. The
company is the ticker whose clause it is (named first in it, as for a price move); with none
("Subscriber churn ticked up") the reading is about the whole sentence, which links give to
the company it is about."""

from __future__ import annotations

import re
from collections.abc import Collection

from sentiment.figures.metrics import ECONOMY
from sentiment.readings.sentence import Sentence
from sentiment.readings.types import NEGATIVE, POSITIVE, Mention, Reading
from sentiment.readings.vocabulary import ReadingVocabulary

KIND = "metric"
# Between the metric and the word of its move: auxiliaries and adverbs of degree or time.
_BETWEEN = re.compile(
    r"(?:\s+(?:is|are|was|were|will|be|has|have|had|been|also|again|still|now|only|just|sharply|"
    r"slightly|steadily|further|a\s+touch|a\s+bit|modestly|meaningfully|materially|"
    r"keeps?|kept|continued\s+to|continues\s+to|ran|runs|came\s+in|moved|drifted|crept|"
    r"ticked|edged|went))*\s+",
    re.I,
)
# A verb of a rise or a fall, not a noun ("debt reduction", "cost growth" name no move).
_VERB = re.compile(r"(?:\w+(?:ed|ing|es)|rose|fell|grew|shrank|up|down|higher|lower)", re.I)
# "declined to comment": a refusal, not a fall; "volatility shrank the premium": the metric
# acted on something else, it did not move.
_NOT_A_MOVE = re.compile(
    r"\s+(?:to\s+(?!\d|[$\u20ac\u00a3]|a\s|the\s|about\s|around\s)|(?:the|its|their|a|an)\s)", re.I
)
# Metrics of a fund set against another's or of the economy, not a company's own: "lower
# implied volatility", "unemployment ticked up" say nothing of the tickers beside them.
_NOT_OWN = frozenset({"volatility", "max drawdown", "tracking error"})
# A word of a move that judges it: "Our operating ratio improved 80 basis points" is good news
# whichever way the metric went.
_JUDGED = re.compile(r"improv", re.I)
# Bare fees: a company's "fees up" are its fee income, a fund's its expense ratio.
_EITHER_WAY = frozenset({"fee", "fees"})


def read_metric_moves(
    sentence: Sentence, words: ReadingVocabulary, sources: Collection[Mention] = ()
) -> list[Reading]:
    """A reading for each metric whose fall is good news that the sentence says rose or fell
    (a source's clause excepted: "Moody's said leverage rose" is its view, not a move)."""
    quoted = {m.symbol for m in sources}
    found = []
    for phrase in words.metric_phrases.find(sentence.text):
        metric = words.metrics.get(words.metric_of.get(phrase.key, ""))
        if metric is None or metric.good != "down" or metric.name in _NOT_OWN:
            continue
        if phrase.key in _EITHER_WAY:
            continue
        if metric.kind == ECONOMY:  # "unemployment ticked up": the economy's, not a company's
            continue
        gap = _BETWEEN.match(sentence.text, phrase.end)
        if gap is None:
            continue
        move = words.directions.pattern.match(sentence.text, gap.end())
        if move is None:
            continue
        way = words.directions.value(move.group())[0]
        if way not in ("up", "down") or not _VERB.fullmatch(move.group()):
            continue
        if _NOT_A_MOVE.match(sentence.text, move.end()):
            continue
        ticker = sentence.subject_at(phrase.start, words.subject_described)
        if ticker in quoted:
            continue
        if ticker is None and sentence.mentions and not sentence.before(phrase.start):
            continue  # "costs are rising as Novo Nordisk and Eli Lilly push...": not theirs
        good = metric.favours(way == "up") or bool(_JUDGED.match(move.group()))
        effect = POSITIVE if good else NEGATIVE
        found.append(
            Reading(
                KIND,
                ticker,
                effect,
                sentence.text[phrase.start : move.end()],
                phrase.start,
                move.end(),
            )
        )
    return found
