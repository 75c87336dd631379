"""Comparisons between tickers: verbs that name a winner ("X outperformed Y", "Y was outpaced
by X"), comparatives with a metric ("X's fee is lower than Y's", "a fraction of the 0.20% that
SPYD charges"), two figures of one metric set side by side ("21.8% against 9.6% for RSP"), and
balanced comparisons ("both charge 0.07%"), neutral for each side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sentiment.figures import default_figure_finder
from sentiment.readings.sentence import Sentence
from sentiment.readings.types import NEGATIVE, NEUTRAL, POSITIVE, Mention, Reading, flipped
from sentiment.readings.vocabulary import ReadingVocabulary
from sentiment.results import Figure

KIND = "comparison"
_PASSIVE_BEFORE = re.compile(r"\b(?:is|was|were|been|being|are|be|gets|got)\s+(?:\w+ly\s+)?$", re.I)
_BY = re.compile(r"\s+by\b", re.I)
_OBJECT_GAP = re.compile(r"[\s,]+(?:[\w.'-]+\s+){0,4}?", re.I)
_RANGE = re.compile(r"\s*(?:-|\u2013|to|and)\s*", re.I)
_OBJECT_REACH = 80  # characters from a comparative to the ticker it compares with
_FIGURE_REACH = 45  # characters between a figure and the ticker it belongs to
_METRIC_BEFORE, _METRIC_AFTER = 60, 30  # where a figure's metric may be named


def read_comparisons(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """The comparison readings of the sentence; a balanced clause overrides its sides."""
    sided = (
        _verbs(sentence, words) + _comparatives(sentence, words) + _figure_pairs(sentence, words)
    )
    balanced = _balanced(sentence, words)
    even = {(r.ticker, sentence.clause(r.start, r.end)) for r in balanced}
    kept = [r for r in sided if (r.ticker, sentence.clause(r.start, r.end)) not in even]
    return balanced + kept


def _sides(
    sentence: Sentence,
    cue: tuple[int, int],
    subject: Mention | None,
    other: Mention | None,
    effect: str,
) -> list[Reading]:
    """The subject's reading with ``effect`` and the other ticker's with the opposite one."""
    text = sentence.text[cue[0] : cue[1]]
    found = []
    if subject is not None:
        found.append(Reading(KIND, subject.symbol, effect, text, *cue))
    if other is not None and (subject is None or other.symbol != subject.symbol):
        found.append(Reading(KIND, other.symbol, flipped(effect), text, *cue))
    return found


def _subject(sentence: Sentence, start: int, other: Mention | None) -> Mention | None:
    """The nearest ticker before ``start`` in its clause, else in the sentence, that is not
    the other side of the comparison."""
    low, _ = sentence.clause(start, start)
    for candidates in (sentence.before(start, low), sentence.before(start)):
        for mention in candidates:
            if other is None or mention.symbol != other.symbol:
                return mention
    return None


def _verbs(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    text, found = sentence.text, []
    for match in words.comparison_verbs.pattern.finditer(text):
        values = words.comparison_verbs.value(match.group())
        winner, needs_object = values[0], len(values) > 1 and values[1] == "object"
        start, end = match.span()
        passive = _PASSIVE_BEFORE.search(text, max(0, start - 20), start) and _BY.match(text, end)
        if passive:
            by = _BY.match(text, end)
            end_of_by = by.end() if by else end
            other = sentence.right_after(end_of_by, re.compile(r"\s+(?:[\w.'-]+\s+){0,2}?"))
        else:
            other = sentence.right_after(end, _OBJECT_GAP)
        if needs_object and other is None:
            continue
        subject = _subject(sentence, start, other)
        subject_wins = (winner == "subject") != bool(passive)
        found += _sides(
            sentence, (start, end), subject, other, POSITIVE if subject_wins else NEGATIVE
        )
    return found


def _comparatives(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    text, found = sentence.text, []
    for match in words.comparatives.pattern.finditer(text):
        written = f"{match['head']} than" if match["head"] else match["plain"]
        direction, own_effect = words.comparatives.value(written)
        start, end = match.span()
        low, high = sentence.clause(start, end)
        others = sentence.after(end, min(high, end + _OBJECT_REACH))
        if not others:
            continue
        other = others[0]
        effect = _metric_effect(sentence, words, (start, end), (low, high), direction)
        effect = effect or (own_effect if own_effect != "-" else None)
        if effect is not None:
            found += _sides(sentence, (start, end), _subject(sentence, start, other), other, effect)
    return found


def _metric_effect(
    sentence: Sentence,
    words: ReadingVocabulary,
    cue: tuple[int, int],
    clause: tuple[int, int],
    direction: str,
) -> str | None:
    """Better or worse for the subject: "more" of a metric whose good direction is "up"."""
    if direction not in ("more", "less"):
        return None
    phrases = words.metric_phrases.find(sentence.text[clause[0] : clause[1]])
    if not phrases:
        return None
    middle = (cue[0] + cue[1]) / 2 - clause[0]
    nearest = min(phrases, key=lambda p: abs((p.start + p.end) / 2 - middle))
    good = words.metric_good.get(words.metric_of[nearest.key])
    if good not in ("up", "down"):
        return None
    return POSITIVE if (direction == "more") == (good == "up") else NEGATIVE


def _figure_pairs(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """Two figures of one metric, each of its own ticker: the better one's ticker wins."""
    figures = [f for f in default_figure_finder().find(sentence.text)]
    owned = [(f, _owner(sentence, f, figures), _figure_metric(sentence, words, f)) for f in figures]
    found = []
    for (first, owner1, metric1), (second, owner2, metric2) in zip(owned, owned[1:], strict=False):
        metric = metric1 or metric2
        if (
            owner1 is None
            or owner2 is None
            or owner1.symbol == owner2.symbol
            or metric is None
            or first.unit != second.unit
            or _RANGE.fullmatch(sentence.text, first.end, second.start)
        ):
            continue
        good = words.metric_good.get(metric)
        if good not in ("up", "down") or first.value == second.value:
            effect = NEUTRAL if first.value == second.value else None
        else:
            effect = POSITIVE if (first.value > second.value) == (good == "up") else NEGATIVE
        if effect is not None:
            found += _sides(sentence, (first.start, second.end), owner1, owner2, effect)
    return found


def _owner(sentence: Sentence, figure: Figure, figures: Iterable[Figure]) -> Mention | None:
    """The nearest ticker within reach of a figure, with no other figure between them."""
    best, best_distance = None, _FIGURE_REACH + 1
    for mention in sentence.mentions:
        low, high = (
            (mention.end, figure.start)
            if mention.end <= figure.start
            else (figure.end, mention.start)
        )
        if high < low or any(low <= f.start < high for f in figures if f is not figure):
            continue
        if high - low < best_distance:
            best, best_distance = mention, high - low
    return best


def _figure_metric(sentence: Sentence, words: ReadingVocabulary, figure: Figure) -> str | None:
    """The metric named nearest before a figure (or just after it: "0.20% that SPYD charges")."""
    low, high = sentence.clause(figure.start, figure.end)
    start = max(low, figure.start - _METRIC_BEFORE)
    before = words.metric_phrases.find(sentence.text[start : figure.start])
    if before:
        return words.metric_of[before[-1].key]
    after = words.metric_phrases.find(
        sentence.text[figure.end : min(high, figure.end + _METRIC_AFTER)]
    )
    return words.metric_of[after[0].key] if after else None


def _balanced(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """Neutral for each ticker of a clause that compares them evenly ("both", "similar")."""
    found = []
    for match in words.balanced.finditer(sentence.text):
        low, high = sentence.clause(*match.span())
        symbols = {m.symbol for m in sentence.after(low, high)}
        if len(symbols) < 2:
            symbols = set(sentence.symbols)
        if len(symbols) < 2:
            continue
        for symbol in dict.fromkeys(m.symbol for m in sentence.mentions if m.symbol in symbols):
            found.append(Reading(KIND, symbol, NEUTRAL, match.group(), *match.span()))
    return found
