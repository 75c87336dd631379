"""Finding financial figures in text: "-24.52%", "(3.2)%", "$2.3 billion", "EUR131m",
"Rs 10.4 crore", "$1,814", "25x", "2.5 times", "200bp", "21-23%".

A figure is a number with a unit (percent, bp, pp, x, points), a currency or a scale,
or a plain decimal ("EPS of 2.35", unit ``number``). Plain integers are never figures,
so years, counts, page numbers and the like stay out by construction; spans that look
like dates, times, phone numbers, references or tickers with digits ("6758.T") are
excluded explicitly (``resources/figures/not_figures.tsv``).

Conventions (documented here because callers rely on them):

- ``value`` is in base units: "$2.3 billion" -> 2.3e9 (``scale`` "billion", currency
  "USD"); "50 cents" -> 0.5 USD; percentages stay in percent ("-24.52%" -> -24.52).
- A range ("21-23%", "$85-$95 million", "from 5 to 7%") gives two figures, low then
  high; the low end borrows the unit, scale and currency of the high end.
- "(3.2)%" and "$(3.2)m" are accounting negatives; "(3.2%)" is a parenthetical and
  stays positive.
- Thousand separators: "1,814" and "1,814.5" (English), "1.814,5" and "1.814.500"
  (continental), "1,00,000" (Indian), "44'100" and "1'234.5" (Swiss), "1 000 000" with a
  no-break or thin space (SI). "3,5%" is 3.5 only with a unit. A number whose separators
  fit none of these is left out rather than guessed, and so is one grouped by ordinary
  spaces ("1 000 000 EUR": is it one number or three?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from sentiment.errors import ResourceError
from sentiment.figures.ranges import joins_range
from sentiment.results import Figure
from sentiment.wordlists import (
    data_file,
    phrase_alternation,
    read_lines,
    read_lines_and_patterns,
    read_table,
)

# Swiss apostrophes and SI no-break / thin spaces group thousands.
_GROUP = "'\u2019\u00a0\u2009\u202f"
_CANDIDATE = re.compile(
    rf"[0-9](?:[0-9,.]*[0-9])?(?:[{_GROUP}][0-9]{{3}}(?![0-9]))*(?:[.,][0-9]+)?"
)
_GROUPED = re.compile(rf"^\d{{1,3}}(?:[{_GROUP}]\d{{3}})+(?:[.,]\d+)?$")
_ENGLISH = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_INDIAN = re.compile(r"^\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?$")
_CONTINENTAL = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^\d+,\d{1,2}$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_MINUS = {"-": -1, "\u2212": -1, "\u2013": -1, "+": 1}
_SIGNS = "-+\u2212\u2013"
# Between a number and a spaced suffix: a space, a hyphen, or one line break of wrapped
# text ("$13.3\nbillion"); a blank line (a new paragraph) is not crossed.
_GAP = r"(?:[ \u00a0\t]*\r?\n[ \u00a0\t]*|[ \u00a0-])?"


@dataclass(frozen=True)
class Form:
    """One way a unit, scale or currency is written next to a number."""

    surface: str
    name: str
    multiplier: Decimal = Decimal(1)
    glued: bool = False
    position: str = "suffix"


@dataclass(frozen=True)
class FigureVocabulary:
    """The data the figure finder works from (``resources/figures/``)."""

    currencies: tuple[Form, ...]
    scales: tuple[Form, ...]
    units: tuple[Form, ...]
    multiple_bases: frozenset[str]
    not_figures: tuple[tuple[str, re.Pattern[str]], ...]
    # the "re:" lines of multiple_bases.txt: words such as "2026E" after "N times"
    base_patterns: tuple[re.Pattern[str], ...] = ()
    # valuation phrases right before "N times" ("a P/E of 25 times"), as one pattern
    multiple_leads: re.Pattern[str] | None = None


def load_figure_vocabulary(directory: str | Path | None = None) -> FigureVocabulary:
    """Read the currency, scale, unit and exclusion tables and the words that make "N times"
    a multiple (shipped ones by default)."""

    def path(name: str) -> Path:
        return data_file("figures", name, directory)

    currencies = tuple(
        Form(row[0], row[1], _decimal(row, 3, path("currencies.tsv")), _glued(row, 4), row[2])
        for row in read_table(path("currencies.tsv"), 3, 5)
    )
    scales = tuple(
        Form(row[0], row[1], _decimal(row, 2, path("scales.tsv")), row[3] == "glued")
        for row in read_table(path("scales.tsv"), 4)
    )
    units = tuple(Form(r[0], r[1], glued=r[2] == "glued") for r in read_table(path("units.tsv"), 3))
    bases, base_patterns = read_lines_and_patterns(path("multiple_bases.txt"))
    bases = frozenset(b.lower() for b in bases)
    leads = _lead_pattern(read_lines(path("multiple_leads.txt")))
    excluded = []
    for name, pattern in read_table(path("not_figures.tsv"), 2):
        try:
            excluded.append((name, re.compile(pattern)))
        except re.error as exc:
            raise ResourceError(f"not_figures.tsv: bad pattern for {name!r}: {exc}") from exc
    return FigureVocabulary(currencies, scales, units, bases, tuple(excluded), base_patterns, leads)


def _lead_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One pattern for text that ends in one of ``phrases`` and spaces (None if none)."""
    if not phrases:
        return None
    alternation = phrase_alternation(phrases, r"[\s-]+")
    return re.compile(rf"(?<![\w/])(?:{alternation})\s+$", re.IGNORECASE)


def _decimal(row: list[str], column: int, path: Path) -> Decimal:
    """The multiplier in ``row[column]`` (1 when the column is absent)."""
    if len(row) <= column or not row[column]:
        return Decimal(1)
    try:
        return Decimal(row[column])
    except InvalidOperation as exc:
        raise ResourceError(f"{path}: {row[column]!r} is not a number ({row})") from exc


def _glued(row: list[str], column: int) -> bool:
    return len(row) > column and row[column] == "glued"


def parse_number(text: str, allow_comma_decimal: bool = False) -> Decimal | None:
    """The value of a written number, or None when its separators are ambiguous."""
    if _PLAIN.match(text):
        cleaned = text
    elif _GROUPED.match(text):
        cleaned = re.sub(f"[{_GROUP}]", "", text).replace(",", ".")
    elif _ENGLISH.match(text) or _INDIAN.match(text):
        cleaned = text.replace(",", "")
    elif _CONTINENTAL.match(text) and ("," in text or text.count(".") > 1):
        cleaned = text.replace(".", "").replace(",", ".")
    elif allow_comma_decimal and _COMMA_DECIMAL.match(text):
        cleaned = text.replace(",", ".")
    else:
        return None
    return Decimal(cleaned)


@dataclass(frozen=True)
class _Candidate:
    """A number with what was found around it, before ranges are joined."""

    start: int
    end: int
    number: str
    sign: int
    currency: Form | None
    scale: Form | None
    unit: Form | None
    accounting_negative: bool

    @property
    def bare(self) -> bool:
        return not (self.currency or self.scale or self.unit)


class FigureFinder:
    """Finds :class:`~sentiment.results.Figure` objects in a text."""

    def __init__(self, vocabulary: FigureVocabulary) -> None:
        self.vocabulary = vocabulary
        prefixes = [c for c in vocabulary.currencies if c.position in ("prefix", "both")]
        suffixes = [c for c in vocabulary.currencies if c.position in ("suffix", "both")]
        self._prefix_forms = {c.surface.lower(): c for c in prefixes}
        self._suffix_forms = {c.surface.lower(): c for c in suffixes}
        self._scale_forms = {s.surface.lower(): s for s in vocabulary.scales}
        self._unit_forms = {u.surface.lower(): u for u in vocabulary.units}
        self._left = re.compile(
            rf"(?:(?P<sign>[{_SIGNS}])\s?)?(?:(?P<cur>{_alternation(prefixes, left=True)})"
            rf"[ \u00a0]?)?(?P<sign2>[{_SIGNS}])?(?P<open>\()?$",
            re.IGNORECASE,
        )
        self._right = re.compile(
            rf"{_suffix_group('scale', vocabulary.scales)}"
            rf"{_suffix_group('unit', vocabulary.units)}"
            rf"{_suffix_group('cur', suffixes)}",
            re.IGNORECASE,
        )

    def find(self, text: str, offset: int = 0) -> list[Figure]:
        """Every figure in ``text``, in order; offsets are shifted by ``offset``."""
        excluded = self._excluded_spans(text)
        candidates: list[_Candidate] = []
        for match in _CANDIDATE.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in excluded):
                continue
            previous_end = candidates[-1].end if candidates else None
            candidate = self._candidate(text, match, previous_end)
            if candidate is not None:
                candidates.append(candidate)
        joined = _join_ranges(text, candidates)
        return [self._figure(text, c, offset) for c in joined if self._is_figure(c)]

    def _excluded_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans that must not yield figures (dates, times, phones, ...)."""
        return [m.span() for _, p in self.vocabulary.not_figures for m in p.finditer(text)]

    def _candidate(
        self, text: str, match: re.Match[str], previous_end: int | None
    ) -> _Candidate | None:
        """The number at ``match`` with its prefix and suffix, or None if it is no figure."""
        left = self._left.search(text, max(0, match.start() - 24), match.start())
        assert left is not None  # every group is optional, so the empty match is there
        lead, sign = left.start(), left["sign"] or left["sign2"]
        range_dash = bool(left["sign"]) and previous_end is not None
        if range_dash and not text[previous_end : left.start("sign")].strip():
            lead, sign = _skip_spaces(text, left.end("sign")), left["sign2"]  # "21 - 23%"
        elif _glued_to_word(text, lead):
            return None
        close = bool(left["open"]) and text.startswith(")", match.end())
        right = self._right.match(text, match.end() + close)
        assert right is not None
        suffix = ")" * close + right.group()
        if _continues_word(text, right.end(), suffix):
            return None
        currency = self._currency(left["cur"], _either(right, "cur"))
        scale = self._scale_forms.get(_squash(_either(right, "scale")))
        unit = self._unit(text, match, right)
        if left["open"] and not close:
            lead = left.end("open")  # "(3.2%)" is a parenthetical, not an accounting negative
        return _Candidate(
            start=lead,
            end=right.end() if (unit or currency or scale or close) else match.end(),
            number=match.group(),
            sign=_MINUS.get(sign or "+", 1),
            currency=currency,
            scale=scale,
            unit=unit,
            accounting_negative=close,
        )

    def _currency(self, prefix: str | None, suffix: str | None) -> Form | None:
        if prefix:
            return self._prefix_forms.get(prefix.lower())
        return self._suffix_forms.get((suffix or "").lower())

    def _unit(self, text: str, number: re.Match[str], right: re.Match[str]) -> Form | None:
        """The unit after the number; "3 times" is a count unless it is a multiple."""
        unit = self._unit_forms.get(_squash(_either(right, "unit")))
        if unit is None or unit.surface.lower() != "times" or "." in number.group():
            return unit
        return unit if self._is_multiple(text, number.start(), right.end()) else None

    def _is_multiple(self, text: str, start: int, end: int) -> bool:
        """Is "N times" at ``start``-``end`` a multiple? Yes when a base word follows ("12
        times earnings", "25 times 2026E EPS") or a valuation phrase leads ("a P/E of 25
        times")."""
        vocabulary = self.vocabulary
        following = text[end:].split(maxsplit=1)
        word = following[0].lower().strip(",.;:()") if following else ""
        if word in vocabulary.multiple_bases:
            return True
        if word and any(p.fullmatch(word) for p in vocabulary.base_patterns):
            return True
        leads = vocabulary.multiple_leads
        return leads is not None and leads.search(text, max(0, start - 40), start) is not None

    def _is_figure(self, candidate: _Candidate) -> bool:
        """Bare numbers count only as decimals ("2.35"), never as integers or "3,5"."""
        if not candidate.bare:
            return self._value(candidate) is not None
        return "." in candidate.number and parse_number(candidate.number) is not None

    def _value(self, candidate: _Candidate) -> Decimal | None:
        number = parse_number(candidate.number, allow_comma_decimal=not candidate.bare)
        if number is None:
            return None
        sign = -1 if candidate.accounting_negative else candidate.sign
        scale = candidate.scale.multiplier if candidate.scale else Decimal(1)
        money = candidate.currency.multiplier if candidate.currency else Decimal(1)
        return sign * number * scale * money

    def _figure(self, text: str, candidate: _Candidate, offset: int) -> Figure:
        value = self._value(candidate)
        assert value is not None
        if candidate.unit:
            unit = candidate.unit.name
        else:
            unit = "money" if candidate.currency else "number"
        return Figure(
            text=text[candidate.start : candidate.end],
            start=offset + candidate.start,
            end=offset + candidate.end,
            value=float(value),
            unit=unit,
            scale=candidate.scale.name if candidate.scale else None,
            currency=candidate.currency.name if candidate.currency else None,
        )


@lru_cache(maxsize=1)
def default_figure_finder() -> FigureFinder:
    """The finder built from the shipped tables (built once per process, shared)."""
    return FigureFinder(load_figure_vocabulary())


def _alternation(forms: list[Form] | tuple[Form, ...], left: bool = False) -> str:
    """Regex alternation of surfaces, longest first; words get word boundaries."""
    parts = []
    for form in sorted(forms, key=lambda f: len(f.surface), reverse=True):
        escaped = r"[\s-]+".join(re.escape(w) for w in form.surface.split())
        if left and form.surface[0].isalpha():
            escaped = r"(?<![a-z])" + escaped
        if not left and form.surface[-1].isalnum():
            escaped += r"(?![a-z0-9])"
        parts.append(escaped)
    return "|".join(parts) or r"(?!)"


def _suffix_group(name: str, forms: tuple[Form, ...] | list[Form]) -> str:
    """Optional suffix: spaced forms may follow a space or hyphen, glued ones may not."""
    spaced = _alternation([f for f in forms if not f.glued])
    glued = _alternation([f for f in forms if f.glued])
    return rf"(?:{_GAP}(?P<{name}>{spaced})|(?P<{name}_glued>{glued}))?"


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _either(match: re.Match[str], name: str) -> str:
    """The text of the spaced or the glued variant of a suffix group ('' if neither)."""
    return match[name] or match[f"{name}_glued"] or ""


def _squash(text: str) -> str:
    """The lookup key of a matched surface: lower case, one space for spaces and hyphens."""
    return re.sub(r"[\s-]+", " ", text.lower()).strip()


def _glued_to_word(text: str, lead: int) -> bool:
    """Is the number part of a word or code ("Q3", "FY2025", "COVID-19", "growth.1", "1/2")?"""
    if lead == 0:
        return False
    before = text[lead - 1]
    if before.isalnum() or before == "_":
        return True
    if before in "./-" and lead >= 2:
        preceding = text[lead - 2]
        return preceding.isalpha() or (before in "./" and preceding.isdigit())
    return False


def _continues_word(text: str, end: int, suffix: str) -> bool:
    """Does a word or code go on after the figure ("3Q24", "2025E", "6758.T", "10-K")?"""
    if end >= len(text) or suffix[-1:] in ("%", ")"):
        return False
    after = text[end]
    if after.isalnum() or after == "_":
        return True
    glued_letter = end + 1 < len(text) and text[end + 1].isalpha()
    return not suffix and after in ".-" and glued_letter


def _join_ranges(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Give the low end of a range ("21-23%", "from 5 to 7%") the unit of the high end."""
    joined = list(candidates)
    for i in range(len(joined) - 1):
        low, high = joined[i], joined[i + 1]
        between = text[low.end : high.start]
        if not joins_range(text, low.start, between) or high.bare or _looks_like_year(low):
            continue
        if high.currency is None and low.currency and high.unit is None:
            joined[i + 1] = high = replace(high, currency=low.currency)  # "$2.1bn-2.3bn"
        if low.bare or (low.scale is None and high.scale and low.unit is None):
            joined[i] = replace(
                low,
                currency=low.currency or high.currency,
                scale=low.scale or high.scale,
                unit=low.unit or high.unit,
            )
    return joined


def _looks_like_year(candidate: _Candidate) -> bool:
    return candidate.bare and re.fullmatch(r"(?:19|20)\d\d", candidate.number) is not None
