"""Reading figure changes: "operating profit was EUR 17.7 mn compared to EUR 17.6 mn".

Why this exists: the sentence model reads words well and compares numbers badly. On our
validation split it called "Operating profit totaled EUR 17.7 mn compared to EUR 17.6 mn
in the corresponding period in 2007" negative and "Diluted EPS stood at EUR 0.25 versus
EUR 0.42" positive; such sentences were about half of its errors on the FPB all-agree
sentences. A sentence that sets a metric's figure against an earlier (or an expected)
one states its own direction, so we read it: the figure finder finds the numbers, and
the data files in ``resources/figure_changes/`` say which metric is named, which words
join the two figures, and whether up is good news for that metric.

Forms read (current figure first unless said):

- "EUR 17.7 mn compared to EUR 17.6 mn", "$3.22 vs. $3.32 bln a year ago",
  "EUR 10 mn, up from EUR 9 mn", "to 48.51 percent from 48.31 percent"
  (``markers.tsv``; "compared to a loss of EUR 12.7 mn" counts that figure below zero);
- a parenthesised prior figure: "EUR 25.6 mn ( EUR 20.2 mn )", "( 2008 : EUR 3.6 mn )";
- "from EUR 9 mn to EUR 10 mn" (prior first).

Two figures are compared only when they are of one kind (unit, currency); a figure with
no scale borrows its partner's ("$3.22 vs. $3.32 bln"); ranges compare by their middles
("$4.75 to $4.95 vs. prior $5.15 to $5.45"). :func:`verdict` turns the changes of a
sentence into a label when they agree, and :func:`weigh` folds that label into the
model's probabilities as evidence with a fixed likelihood ratio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sentiment.classifier import prediction_from
from sentiment.components.figures import FigureFinder, default_figure_finder
from sentiment.components.wordlists import (
    phrase_alternation,
    phrase_key,
    read_lines,
    read_table,
    resource_path,
)
from sentiment.errors import ResourceError
from sentiment.results import Figure, FigureChange, SentenceSentiment

FAMILIES = ("result", "loss", "up", "down", "none")
# How much an agreeing verdict multiplies the odds of its label (chosen on the validation
# split with scripts/study_figure_changes.py; the study and its figures are in
# reports/figure_changes.md).
EVIDENCE_RATIO = 100.0

# "EUR0 .3 m", "EUR106 ,000": numbers split by a corpus tokeniser (Financial PhraseBank),
# put back together with the lost characters as trailing spaces, so offsets hold.
_SPLIT_NUMBER = re.compile(r"(\d) ([.,])(\d+)(?: (m|k|bn|mn)\b)?")
_DIGITS = re.compile(r"\d[^\d]*\d")
_RANGE_JOIN = re.compile(r"^\s*(?:-|\u2013|\u2014|to)\s*$", re.IGNORECASE)
_NOT_RANGE_LEAD = re.compile(r"\b(?:from|by)\s+(?:[A-Za-z-]+\s+){0,3}$", re.IGNORECASE)
_FROM_LEAD = re.compile(r"\bfrom\s+((?:[A-Za-z-]+\s+){0,3})$", re.IGNORECASE)
_TO_LEAD = re.compile(r"^\s*,?\s*to\s+((?:[A-Za-z-]+\s+){0,3})$", re.IGNORECASE)
_PAREN_OPEN = re.compile(
    r"^\s*\(\s*(?:(?:[A-Za-z]+\s+)?(?:19|20)\d\d\s*:?\s*|[A-Z][A-Za-z0-9/ -]{0,12}:\s*)?$"
)
_PAREN_CLOSE = re.compile(r"^\s*(?:(?:in|a year|the|for)\b[^()]{0,40})?\)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";|\b(?:while|whereas|but|although)\b|,\s*and\b", re.IGNORECASE)
_GAP_BREAK = re.compile(r";|\b(?:and|while|whereas|but|although)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*")
_AFTER_PRIOR = re.compile(r"^[^,;()]{0,30}")
_TRAILING_WORD = re.compile(r"^\s*([A-Za-z-]+)")
MAX_GAP_WORDS = 6  # words allowed between the current figure and the marker
MAX_LEAD_WORDS = 4  # words allowed between the marker and the prior figure
MULTIPLE_UNITS = ("x",)  # the figure finder's unit for "25x", "2.5 times"
METRIC_REACH = 100  # characters before the current figure searched for the metric


@dataclass(frozen=True)
class ChangeVocabulary:
    """The data the reader works from (``resources/figure_changes/``)."""

    metrics: re.Pattern[str]
    families: dict[str, str]
    markers: re.Pattern[str]
    estimates: re.Pattern[str]
    sides: dict[str, str]
    qualifiers: re.Pattern[str]


def _phrases(phrases: list[str]) -> str:
    """A whole-word alternation, longest first, where a space also matches a hyphen."""
    alternation = phrase_alternation((p.lower() for p in phrases), r"[\s-]+")
    return rf"(?<![\w-])(?:{alternation})(?![\w-])"


def load_change_vocabulary(directory: str | Path | None = None) -> ChangeVocabulary:
    """Read the metric, marker, estimate and side tables (the shipped ones by default)."""

    def path(name: str) -> Path:
        return Path(directory) / name if directory else resource_path(f"figure_changes/{name}")

    rows = read_table(path("metrics.tsv"), 2)
    for phrase, family in rows:
        if family not in FAMILIES:
            raise ResourceError(f"metrics.tsv: {phrase!r} has unknown family {family!r}")
    markers = [row[0] for row in read_table(path("markers.tsv"), 2)]
    sides = {word.lower(): side for word, side in read_table(path("sides.tsv"), 2)}
    return ChangeVocabulary(
        metrics=re.compile(_phrases([phrase for phrase, _ in rows]), re.IGNORECASE),
        families={phrase_key(phrase): family for phrase, family in rows},
        markers=re.compile(_phrases(markers), re.IGNORECASE),
        estimates=re.compile(_phrases(read_lines(path("estimates.txt"))), re.IGNORECASE),
        sides=sides,
        qualifiers=re.compile(
            _phrases(read_lines(path("qualifiers.txt"))) + r"(?:\s+[\w-]+)?\s+$", re.IGNORECASE
        ),
    )


class ChangeReader:
    """Finds :class:`~sentiment.results.FigureChange` objects in one sentence."""

    def __init__(self, vocabulary: ChangeVocabulary, finder: FigureFinder) -> None:
        self.vocabulary = vocabulary
        self.finder = finder
        self._multipliers = {s.name: float(s.multiplier) for s in finder.vocabulary.scales}

    def read(self, text: str) -> list[FigureChange]:
        """Every figure change in ``text``, in order; offsets are within ``text``."""
        if not _DIGITS.search(text) or not self._may_compare(text):
            return []
        clean, moved = _rejoined(text)
        sides = self._sides(clean, self.finder.find(clean))
        changes = []
        for i in range(len(sides) - 1):
            floor = sides[i - 1].end if i else 0
            change = self._change(clean, sides[i], sides[i + 1], floor)
            if change is not None:
                changes.append(replace(change, end=moved.get(change.end, change.end)))
        return changes

    def _may_compare(self, text: str) -> bool:
        """A cheap test before the figure finder: a joining word or a parenthesis."""
        return "(" in text or self.vocabulary.markers.search(text) is not None

    # -- figures to compared quantities ------------------------------------------------
    def _sides(self, text: str, figures: list[Figure]) -> list[Figure]:
        """The compared quantities: figures, a range ("$4.75 to $4.95") merged into one
        figure whose value is its middle."""
        sides: list[Figure] = []
        i = 0
        while i < len(figures):
            low = figures[i]
            high = figures[i + 1] if i + 1 < len(figures) else None
            if high and self._is_range(text, low, high):
                middle = (self._scaled(low, high) + self._scaled(high, low)) / 2
                sides.append(Figure(text[low.start : high.end], low.start, high.end, middle,
                                    high.unit, high.scale, high.currency))  # fmt: skip
                i += 2
            else:
                sides.append(low)
                i += 1
        return sides

    def _is_range(self, text: str, low: Figure, high: Figure) -> bool:
        joined = _RANGE_JOIN.match(text[low.end : high.start])
        lead = _NOT_RANGE_LEAD.search(text[max(0, low.start - 40) : low.start])
        return bool(joined) and not lead and self._comparable(low, high)

    def _comparable(self, a: Figure, b: Figure) -> bool:
        """Same unit and currency; multiples ("32x vs. 25x") are valuations, not results."""
        same_currency = a.currency == b.currency or None in (a.currency, b.currency)
        return a.unit == b.unit and a.unit not in MULTIPLE_UNITS and same_currency

    def _scaled(self, figure: Figure, partner: Figure) -> float:
        """The figure's value, borrowing the partner's scale when it has none.

        Only a short number borrows ("$3.22 vs. $3.32 bln"); one written out in full
        ("EUR21m from EUR106,000") already is what it says.
        """
        if figure.scale is None and partner.scale is not None and abs(figure.value) < 1000:
            return figure.value * self._multipliers.get(partner.scale, 1.0)
        return figure.value

    # -- one pair of neighbouring sides -------------------------------------------------
    def _change(self, text: str, a: Figure, b: Figure, floor: int) -> FigureChange | None:
        """The change between neighbouring sides ``a`` and ``b``, or None if they are not one."""
        if not self._comparable(a, b):
            return None
        joined = self._joined(text, a, b)
        if joined is None:
            return None
        current, prior, metric_end, current_lead, prior_lead = joined
        start = max(floor, metric_end - METRIC_REACH, _clause_start(text, metric_end))
        metric = self._metric(text, start, metric_end)
        if metric is None:
            return None
        family = self.vocabulary.families[phrase_key(metric.group(0))]
        if family == "none":
            return None
        now = self._signed(text, current, prior, family, current_lead)
        then = self._signed(text, prior, current, family, prior_lead)
        if now == then:
            return None
        up = now > then
        return FigureChange(
            metric=text[metric.start() : metric.end()],
            current=current.text,
            prior=prior.text,
            current_value=now,
            prior_value=then,
            basis=self._basis(text, prior, prior_lead),
            direction="up" if up else "down",
            favourable=up if family != "down" else not up,
            start=min(metric.start(), a.start),
            end=b.end,
        )

    def _metric(self, text: str, start: int, end: int) -> re.Match[str] | None:
        """The last metric phrase in ``text[start:end]`` that is not a qualifier of another."""
        matches = list(self.vocabulary.metrics.finditer(text, start, end))
        for match in reversed(matches):
            if not self.vocabulary.qualifiers.search(text, start, match.start()):
                return match
        return None

    def _joined(
        self, text: str, a: Figure, b: Figure
    ) -> tuple[Figure, Figure, int, str, str] | None:
        """(current, prior, end of the metric window, current's lead, prior's lead)."""
        between = text[a.end : b.start]
        from_before = _FROM_LEAD.search(text[max(0, a.start - 40) : a.start])
        to_between = _TO_LEAD.match(between)
        if from_before and to_between:  # "from EUR 9 mn to EUR 10 mn"
            from_at = a.start - len(from_before.group(0))
            return b, a, from_at, to_between.group(1), from_before.group(1)
        if _PAREN_OPEN.match(between) and _PAREN_CLOSE.match(text[b.end :]):
            return a, b, a.start, "", ""
        marker = _last_match(self.vocabulary.markers, between, 0, len(between))
        if marker is None:
            return None
        gap, lead = between[: marker.start()], between[marker.end() :]
        if _GAP_BREAK.search(gap) or len(_WORD.findall(gap)) > MAX_GAP_WORDS:
            return None
        if re.search(r"\d", lead) or len(_WORD.findall(lead)) > MAX_LEAD_WORDS:
            return None
        return a, b, a.start, "", lead

    def _signed(self, text: str, side: Figure, partner: Figure, family: str, lead: str) -> float:
        """The side's value; a profit-line figure written (or named) as a loss is below zero."""
        value = self._scaled(side, partner)
        if family not in ("result", "loss"):
            return value
        words = _WORD.findall(lead + _trailing(text, side))
        sides = self.vocabulary.sides
        said = [sides[w.lower()] for w in words if w.lower() in sides]
        loss = said[-1] == "loss" if said else family == "loss"
        return -abs(value) if loss else value

    def _basis(self, text: str, prior: Figure, lead: str) -> str:
        """``estimate`` when the words around the prior figure make it an expectation."""
        after = _AFTER_PRIOR.match(text[prior.end :])
        words = lead + " " + (after.group(0) if after else "")
        return "estimate" if self.vocabulary.estimates.search(words) else "prior"


def _rejoined(text: str) -> tuple[str, dict[int, int]]:
    """``text`` with split numbers whole ("EUR0 .3 m" -> "EUR0.3m  ", the lost spaces
    moved after them, so offsets hold), and where each such number really ends."""
    pieces, moved, last = [], {}, 0
    for match in _SPLIT_NUMBER.finditer(text):
        digit, mark, rest, scale = match.groups()
        whole = f"{digit}{mark}{rest}{scale or ''}"
        pieces += [text[last : match.start()], whole.ljust(len(match.group(0)))]
        moved[match.start() + len(whole)] = match.end()
        last = match.end()
    return "".join(pieces) + text[last:], moved


def _trailing(text: str, side: Figure) -> str:
    """The word straight after a figure ("EUR 9.6 m loss a year earlier" -> " loss")."""
    word = _TRAILING_WORD.match(text[side.end :])
    return " " + word.group(1) if word else ""


def _clause_start(text: str, end: int) -> int:
    """Where the clause that ends at ``end`` starts ("...; operating profit was")."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, end)]
    return breaks[-1] if breaks else 0


def _last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    last = None
    for match in pattern.finditer(text, start, end):
        last = match
    return last


def verdict(changes: list[FigureChange] | tuple[FigureChange, ...]) -> str | None:
    """``positive`` or ``negative`` when every change agrees; None when none or mixed."""
    if not changes:
        return None
    favourable = {c.favourable for c in changes}
    if len(favourable) > 1:
        return None
    return "positive" if favourable.pop() else "negative"


def weigh(probabilities: dict[str, float], label: str, ratio: float) -> dict[str, float]:
    """Probabilities with the odds of ``label`` multiplied by ``ratio`` (Bayes' rule)."""
    raw = {k: p * (ratio if k == label else 1.0) for k, p in probabilities.items()}
    total = sum(raw.values()) or 1.0
    return {k: round(v / total, 6) for k, v in raw.items()}


def with_changes(
    sentiment: SentenceSentiment, changes: list[FigureChange] | tuple[FigureChange, ...]
) -> SentenceSentiment:
    """``sentiment`` carrying ``changes``, with their agreed verdict weighed in."""
    if not changes:
        return sentiment
    changes = tuple(changes)
    agreed = verdict(changes)
    if agreed is None or agreed not in sentiment.probabilities:
        return replace(sentiment, changes=changes)
    weighed = prediction_from(weigh(sentiment.probabilities, agreed, EVIDENCE_RATIO))
    return replace(
        sentiment,
        label=weighed.label,
        score=weighed.score,
        probabilities=weighed.probabilities,
        changes=changes,
    )


@lru_cache(maxsize=1)
def default_reader() -> ChangeReader:
    """The reader built from the shipped data files (built once per process)."""
    return ChangeReader(load_change_vocabulary(), default_figure_finder())
