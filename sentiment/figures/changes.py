"""Reading figure changes: "operating profit was EUR 17.7 mn compared to EUR 17.6 mn".

Why this exists: the sentence model reads words well and compares numbers badly. On our
validation split it called "Operating profit totaled EUR 17.7 mn compared to EUR 17.6 mn
in the corresponding period in 2007" negative and "Diluted EPS stood at EUR 0.25 versus
EUR 0.42" positive; such sentences were about half of its errors on the FPB all-agree
sentences. A sentence that sets a metric's figure against an earlier (or an expected)
one states its own direction, so we read it: the figure finder finds the numbers, and
the metric vocabulary (:mod:`sentiment.figures.metrics`) says which metric is named and
whether up is good news for it, and the data files in ``resources/figures/`` which words
join the two figures (``markers.tsv``), make the second an estimate (``estimates.txt``) or
say which side of zero a profit line is on (``sides.tsv``).

Forms read (current figure first unless said):

- "EUR 17.7 mn compared to EUR 17.6 mn", "$3.22 vs. $3.32 bln a year ago",
  "EUR 10 mn, up from EUR 9 mn", "to 48.51 percent from 48.31 percent"
  (``markers.tsv``; "compared to a loss of EUR 12.7 mn" counts that figure below zero);
- a parenthesised prior figure: "EUR 25.6 mn ( EUR 20.2 mn )", "( 2008 : EUR 3.6 mn )";
- "from EUR 9 mn to EUR 10 mn" (prior first).

Two figures are compared only when they are of one kind (unit, currency); a figure with
no scale borrows its partner's ("$3.22 vs. $3.32 bln"); ranges compare by their middles
("$4.75 to $4.95 vs. prior $5.15 to $5.45"). Weighing the changes into a sentence's
label is :mod:`sentiment.weighing`'s work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sentiment.figures.clauses import ClauseBreaks, clause_start, load_clause_breaks
from sentiment.figures.finder import FigureFinder, default_figure_finder
from sentiment.figures.metrics import Metric, load_metric_vocabulary
from sentiment.figures.ranges import after_from_or_by, from_to_leads, is_range_join
from sentiment.results import Figure, FigureChange
from sentiment.wordlists import data_file, phrase_alternation, phrase_key, read_lines, read_table

# "EUR0 .3 m", "EUR106 ,000": numbers split by a corpus tokeniser (Financial PhraseBank),
# put back together with the lost characters as trailing spaces, so offsets hold.
_SPLIT_NUMBER = re.compile(r"(\d) ([.,])(\d+)(?: (m|k|bn|mn)\b)?")
_DIGITS = re.compile(r"\d[^\d]*\d")
_PAREN_OPEN = re.compile(
    r"^\s*\(\s*(?:(?:[A-Za-z]+\s+)?(?:19|20)\d\d\s*:?\s*|[A-Z][A-Za-z0-9/ -]{0,12}:\s*)?$"
)
_PAREN_CLOSE = re.compile(r"^\s*(?:(?:in|a year|the|for)\b[^()]{0,40})?\)", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*")
_AFTER_PRIOR = re.compile(r"^[^,;()]{0,30}")
_TRAILING_WORD = re.compile(r"^\s*([A-Za-z-]+)")
MAX_GAP_WORDS = 6  # words allowed between the current figure and the marker
MAX_LEAD_WORDS = 4  # words allowed between the marker and the prior figure
MULTIPLE_UNITS = ("x",)  # the figure finder's unit for "25x", "2.5 times"
METRIC_REACH = 100  # characters before the current figure searched for the metric


@dataclass(frozen=True)
class ChangeVocabulary:
    """The data the reader works from (``resources/figures/``): the metric phrases it reads
    (``metric_phrases.tsv``) with their metrics (None: names no metric) and which of them
    state a loss, the joining words, the estimate and side words, and the clause breaks."""

    metrics: re.Pattern[str]
    named: dict[str, Metric | None]
    losses: frozenset[str]
    markers: re.Pattern[str]
    estimates: re.Pattern[str]
    sides: dict[str, str]
    qualifiers: re.Pattern[str]
    breaks: ClauseBreaks


def _phrases(phrases: list[str]) -> str:
    """A whole-word alternation, longest first, where a space also matches a hyphen."""
    alternation = phrase_alternation((p.lower() for p in phrases), r"[\s-]+")
    return rf"(?<![\w-])(?:{alternation})(?![\w-])"


def load_change_vocabulary(directory: str | Path | None = None) -> ChangeVocabulary:
    """Read the metric vocabulary, markers, estimates, sides, qualifiers and clause breaks
    (the shipped ones by default)."""

    def path(name: str) -> Path:
        return data_file("figures", name, directory)

    vocabulary = load_metric_vocabulary(directory)
    read = vocabulary.read_by("changes")
    markers = [row[0] for row in read_table(path("markers.tsv"), 2)]
    sides = {word.lower(): side for word, side in read_table(path("sides.tsv"), 2)}
    return ChangeVocabulary(
        metrics=re.compile(_phrases([p.phrase for p in read]), re.IGNORECASE),
        named={p.key: vocabulary.metric_of(p) for p in read},
        losses=frozenset(p.key for p in read if p.loss),
        markers=re.compile(_phrases(markers), re.IGNORECASE),
        estimates=re.compile(_phrases(read_lines(path("estimates.txt"))), re.IGNORECASE),
        sides=sides,
        qualifiers=re.compile(
            _phrases(read_lines(path("qualifiers.txt"))) + r"(?:\s+[\w-]+)?\s+$", re.IGNORECASE
        ),
        breaks=load_clause_breaks(directory),
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
        joined = is_range_join(text[low.end : high.start])
        return joined and not after_from_or_by(text, low.start) and self._comparable(low, high)

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
        breaks = self.vocabulary.breaks.change
        start = max(floor, metric_end - METRIC_REACH, clause_start(text, metric_end, breaks))
        metric = self._metric(text, start, metric_end)
        if metric is None:
            return None
        key = phrase_key(metric.group(0))
        named = self.vocabulary.named[key]
        if named is None or named.good == "neutral":  # no metric, or no good direction
            return None
        loss = key in self.vocabulary.losses
        now = self._signed(text, current, prior, named, loss, current_lead)
        then = self._signed(text, prior, current, named, loss, prior_lead)
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
            favourable=bool(named.favours(up)),
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
        leads = from_to_leads(text, a.start, between)
        if leads is not None:  # "from EUR 9 mn to EUR 10 mn"
            from_at, from_lead, to_lead = leads
            return b, a, from_at, to_lead, from_lead
        if _PAREN_OPEN.match(between) and _PAREN_CLOSE.match(text[b.end :]):
            return a, b, a.start, "", ""
        marker = _last_match(self.vocabulary.markers, between, 0, len(between))
        if marker is None:
            return None
        gap, lead = between[: marker.start()], between[marker.end() :]
        if self.vocabulary.breaks.comparison.search(gap) or len(_WORD.findall(gap)) > MAX_GAP_WORDS:
            return None
        if re.search(r"\d", lead) or len(_WORD.findall(lead)) > MAX_LEAD_WORDS:
            return None
        return a, b, a.start, "", lead

    def _signed(
        self, text: str, side: Figure, partner: Figure, metric: Metric, loss: bool, lead: str
    ) -> float:
        """The side's value; a profit-line figure written (or named) as a loss is below zero."""
        value = self._scaled(side, partner)
        if not metric.profit_line:
            return value
        words = _WORD.findall(lead + _trailing(text, side))
        sides = self.vocabulary.sides
        said = [sides[w.lower()] for w in words if w.lower() in sides]
        below = said[-1] == "loss" if said else loss
        return -abs(value) if below else value

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


def _last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    last = None
    for match in pattern.finditer(text, start, end):
        last = match
    return last


@lru_cache(maxsize=1)
def default_reader() -> ChangeReader:
    """The reader built from the shipped data files (built once per process)."""
    return ChangeReader(load_change_vocabulary(), default_figure_finder())
