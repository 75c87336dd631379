"""Finding the period a figure refers to, normalised to a short label.

Examples: "over five years" -> "5Y", "1-year" -> "1Y", "3-month" -> "3M",
"over the next two years" -> "next 2Y", "Q3" -> "Q3", "3Q24" / "Q3 2024" / "third
quarter of 2024" -> "Q3 2024", "1H25" -> "H1 2025", "FY2025" / "fiscal 2025" /
"FY25" -> "FY2025", "2025E" -> "2025E", "in 2024" -> "2024", "next quarter",
"YTD", "TTM", "since inception" (also "since its 2014 launch"), "CY2026E" -> "2026E".
Named periods live in
``resources/claims/periods.tsv``, number words in ``number_words.tsv`` and the numeric
shapes in ``period_patterns.tsv``; this module turns matches into labels.

Some spans look like periods and are not: a bond's or a rate's tenor ("the ten-year
Treasury yield", "the 30-year mortgage rate"), a maturity ("matures in 2034"), a
comparison base ("similar to 2023"), a qualifier ("long-term debt"). The ``not_period``
patterns of ``period_patterns.tsv`` describe them; a period inside one is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sentiment.errors import ResourceError
from sentiment.wordlists import (
    PhraseIndex,
    PhraseMatch,
    Words,
    phrase_key,
    read_table,
    resource_path,
)

NOT_PERIOD = "not_period"
_UNIT_LETTER = {"year": "Y", "yr": "Y", "month": "M", "week": "W", "day": "D", "quarter": "Q"}
_FORWARD = {"next", "coming", "following"}
_YEAR_AFTER = re.compile(r"\s+(?:of\s+)?(?:fiscal\s+(?:year\s+)?|fy\s*)?((?:19|20)\d{2})\b", re.I)


@dataclass(frozen=True)
class Period:
    """A period mention: character span in the searched text and its label."""

    start: int
    end: int
    label: str


def _year(text: str) -> str:
    """A four-digit year from "2024", "24" or "'24"."""
    digits = text.lstrip("'")
    return digits if len(digits) == 4 else f"20{digits}"


class PeriodFinder:
    """Finds :class:`Period` mentions in a text."""

    def __init__(
        self, named: dict[str, str], number_words: dict[str, int], patterns: list[tuple[str, str]]
    ) -> None:
        self.named = {phrase_key(key): label for key, label in named.items()}
        self.number_words = {key.lower(): value for key, value in number_words.items()}
        self._named = PhraseIndex(named)
        words = "|".join(sorted(map(re.escape, number_words), key=len, reverse=True))
        fill = {
            "{count}": rf"(?P<n>\d{{1,2}}|{words})",
            "{unit}": r"(?P<unit>years?|yrs?|months?|weeks?|days?|quarters?)",
        }
        compiled = [(_compile(p, fill), kind) for kind, p in patterns]
        self._patterns = [(p, kind) for p, kind in compiled if kind != NOT_PERIOD]
        self._not_periods = tuple(p for p, kind in compiled if kind == NOT_PERIOD)

    def find(self, text: str | Words) -> list[Period]:
        """Every period in ``text`` in order; on overlaps a named period wins, else the longer.
        Periods inside a ``not_period`` span are left out."""
        words = text if isinstance(text, Words) else Words(text)
        text = words.text
        hidden = [m.span() for p in self._not_periods for m in p.finditer(text)]
        named = [self._named_period(text, m) for m in self._named.find(words)]
        numeric = [
            Period(match.start(), match.end(), label)
            for pattern, kind in self._patterns
            for match in pattern.finditer(text)
            if (label := self._label(kind, match))
        ]
        named, numeric = _visible(named, hidden), _visible(numeric, hidden)
        return _without_overlaps(named + numeric, len(named))

    def _named_period(self, text: str, match: PhraseMatch) -> Period:
        """A named period; a quarter or half takes a following year ("Q3 of 2024")."""
        label = self.named[match.key]
        year = _YEAR_AFTER.match(text, match.end) if label[:1] in "QH" else None
        if year:
            return Period(match.start, year.end(), f"{label} {year.group(1)}")
        return Period(match.start, match.end, label)

    def _label(self, kind: str, m: re.Match[str]) -> str | None:
        """The normalised label of a numeric period match (None if it is not one)."""
        groups = m.groupdict()
        year = next((groups[g] for g in ("y4", "y2", "fy") if groups.get(g)), None)
        suffix = f" {_year(year)}" if year else ""
        if kind == "quarter":
            return f"Q{m['q']}{suffix}"
        if kind == "half":
            return f"H{m['h']}{suffix}"
        if kind == "fiscal":
            return f"FY{_year(m['y'])}{'E' if m['e'] else ''}"
        if kind == "estimate":
            return f"{_year(m['y'])}E"
        if kind in ("year", "year_before_noun"):
            return _year(m["y"])
        if kind == "inception":
            return "since inception"
        return self._length_label(kind, m)

    def _length_label(self, kind: str, m: re.Match[str]) -> str | None:
        """ "5Y", "3M", "next 2Y"; a bare "5 years" needs "over"/"past"/... before it."""
        if kind == "length" and m.group().lower().split()[0] not in _INTRODUCERS:
            return None
        raw = m["n"].lower()
        number = int(raw) if raw.isdigit() else self.number_words.get(raw)
        if not number:
            return None
        unit = _UNIT_LETTER.get(m.groupdict().get("unit", "year").lower().rstrip("s"), "Y")
        forward = kind == "length" and (m["which"] or "").lower() in _FORWARD
        return f"{'next ' if forward else ''}{number}{unit}"


_INTRODUCERS = {"over", "in", "for", "during", "within", "across", "past", "last", "previous"}
_INTRODUCERS |= {"trailing", "next", "coming", "following", "prior"}


def _visible(periods: list[Period], hidden: list[tuple[int, int]]) -> list[Period]:
    """The periods not inside any hidden span."""
    return [p for p in periods if not any(s <= p.start and p.end <= e for s, e in hidden)]


def _without_overlaps(periods: list[Period], named: int) -> list[Period]:
    """Keep named periods (the first ``named``), then the longest of the rest, in order."""
    kept: list[Period] = []
    ranked = periods[:named] + sorted(periods[named:], key=lambda p: (p.start - p.end, p.start))
    for period in ranked:
        if all(period.end <= k.start or k.end <= period.start for k in kept):
            kept.append(period)
    return sorted(kept, key=lambda p: p.start)


def load_period_finder(directory: str | Path | None = None) -> PeriodFinder:
    """A finder built from ``periods.tsv`` and ``number_words.tsv`` (shipped by default)."""

    def path(name: str) -> Path:
        return Path(directory) / name if directory else resource_path(f"claims/{name}")

    named = dict(read_table(path("periods.tsv"), 2))
    words = {}
    for word, value in read_table(path("number_words.tsv"), 2):
        if not value.isdigit():
            raise ResourceError(f"number_words.tsv: {word!r} has a non-integer value {value!r}")
        words[word] = int(value)
    patterns = [(kind, pattern) for kind, pattern in read_table(path("period_patterns.tsv"), 2)]
    return PeriodFinder(named, words, patterns)


def _compile(pattern: str, fill: dict[str, str]) -> re.Pattern[str]:
    for placeholder, replacement in fill.items():
        pattern = pattern.replace(placeholder, replacement)
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ResourceError(f"period_patterns.tsv: bad pattern {pattern!r}: {exc}") from exc
