"""The metric vocabulary: what a figure measures, and whether up is good news for it.

One vocabulary for every reader of figures, in ``resources/figures/``:

- ``metrics.tsv``: each metric's canonical name, its good direction (up, down, neutral), its
  kind (a profit line, which may be written as a loss; a metric of the economy), the
  units its figures take and, where it differs, which way is better between two tickers;
- ``metric_phrases.tsv``: the phrases that name each metric, the metric of a change
  ("revenue rose 5%" is revenue growth), a phrase's own units, and flags: ``loss`` (the
  phrase states its metric below zero: "net loss"), ``claims``, ``changes``, ``figures`` or
  ``readings`` (read by those readers only; ``figures`` is the claims' figure attribution,
  which also reads every ``claims`` phrase; :mod:`sentiment.readings` reads every phrase);
- ``metric_qualifiers.tsv``: phrases that mostly qualify the metric before them ("EPS
  guidance"), with how far before them that metric may end.

:func:`load_metric_vocabulary` reads them and checks that they agree; the claims
(:mod:`sentiment.components.claim_vocabulary`) and the figure changes
(:mod:`sentiment.figures.changes`) take their views of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sentiment.errors import ResourceError
from sentiment.wordlists import data_file, phrase_key, read_table

GOOD_DIRECTIONS = ("up", "down", "neutral")
PROFIT_LINE, ECONOMY = "profit line", "economy"
KINDS = (PROFIT_LINE, ECONOMY)
UNITS = frozenset({"percent", "bp", "pp", "money", "x", "points", "number"})
READERS = ("claims", "changes", "figures", "readings")
LOSS = "loss"
NO_METRIC = "-"  # a phrase that names no metric ("discount to NAV")


@dataclass(frozen=True)
class Metric:
    """A metric: its name, good direction, kind and the units its figures take."""

    name: str
    good: str
    kind: str | None = None
    units: frozenset[str] | None = None
    # which way is better when two tickers' figures are compared (default: ``good``)
    good_between: str | None = None

    @property
    def better_between_tickers(self) -> str:
        """ "up", "down" or "neutral": which of two tickers' figures is the better one."""
        return self.good_between or self.good

    def favours(self, up: bool) -> bool | None:
        """Whether a rise (``up``) or a fall of the metric is good news; None for a metric
        whose change is neither ("neutral": rates, multiples, capex)."""
        return None if self.good == "neutral" else up == (self.good == "up")

    @property
    def profit_line(self) -> bool:
        """A profit line: up is good, and a figure of it may be a loss (below zero)."""
        return self.kind == PROFIT_LINE


@dataclass(frozen=True)
class MetricPhrase:
    """A phrase that names a metric (``metric`` None: it names none)."""

    phrase: str
    metric: str | None
    change_metric: str | None = None
    units: frozenset[str] | None = None
    loss: bool = False
    readers: frozenset[str] = frozenset(READERS)

    @property
    def key(self) -> str:
        """The lookup key of the phrase (:func:`~sentiment.wordlists.phrase_key`)."""
        return phrase_key(self.phrase)


@dataclass(frozen=True)
class MetricVocabulary:
    """The metrics, their phrases and the qualifier phrases."""

    metrics: dict[str, Metric]
    phrases: tuple[MetricPhrase, ...]
    # phrase key or metric -> how many characters before it a specific metric may end
    qualifiers: dict[str, int]

    def read_by(self, reader: str) -> tuple[MetricPhrase, ...]:
        """The phrases ``reader`` ("claims" or "changes") reads, in file order."""
        return tuple(p for p in self.phrases if reader in p.readers)

    def metric_of(self, phrase: MetricPhrase) -> Metric | None:
        """The metric a phrase names (None for a "-" phrase)."""
        return self.metrics[phrase.metric] if phrase.metric else None

    def claim_metrics(self) -> dict[str, tuple[str | None, str | None]]:
        """Phrase key -> (metric, metric of a change), for the claims."""
        return {p.key: (p.metric, p.change_metric) for p in self.read_by("claims")}

    def claim_units(self) -> dict[str, frozenset[str]]:
        """Metric, or phrase key of a phrase with units of its own -> its only units."""
        units = {m.name: m.units for m in self.metrics.values() if m.units is not None}
        units |= {p.key: p.units for p in self.read_by("claims") if p.units is not None}
        return units

    def claim_losses(self) -> frozenset[str]:
        """The keys of the claims' phrases that state a loss ("net loss")."""
        return frozenset(p.key for p in self.read_by("claims") if p.loss)

    def figure_metrics(self) -> dict[str, tuple[str | None, str | None]]:
        """Phrase key -> (metric, metric of a change), for the claims' figure attribution:
        the claims' phrases, and those read by it alone ("it yields"), which win where both
        have a phrase ("a 1.50% fee" of a fund is its expense ratio)."""
        claims = {p.key: (p.metric, p.change_metric) for p in self.read_by("claims")}
        own = {p.key: (p.metric, p.change_metric) for p in self.phrases if p.readers == {"figures"}}
        return claims | own

    def economy_metrics(self) -> frozenset[str]:
        """The metrics of the economy or the market."""
        return frozenset(m.name for m in self.metrics.values() if m.kind == ECONOMY)


def load_metric_vocabulary(directory: str | Path | None = None) -> MetricVocabulary:
    """Read metrics.tsv, metric_phrases.tsv and metric_qualifiers.tsv (the shipped ones, or
    those in ``directory``)."""
    metrics = _metrics(data_file("figures", "metrics.tsv", directory))
    phrases = _phrases(data_file("figures", "metric_phrases.tsv", directory), metrics)
    path = data_file("figures", "metric_qualifiers.tsv", directory)
    readers = {"claims", "figures"}
    qualifiers = _qualifiers(read_table(path, 2), [p for p in phrases if readers & p.readers])
    return MetricVocabulary(metrics, phrases, qualifiers)


@lru_cache(maxsize=1)
def default_metric_vocabulary() -> MetricVocabulary:
    """The shipped vocabulary (read once per process)."""
    return load_metric_vocabulary()


def _metrics(path: Path) -> dict[str, Metric]:
    metrics = {}
    for row in read_table(path, 2, 5):
        name, good = row[0], row[1]
        kind = row[2] if len(row) > 2 and row[2] else None
        between = row[4] if len(row) > 4 and row[4] else None
        for direction in (good, between or good):
            if direction not in GOOD_DIRECTIONS:
                raise ResourceError(f"{path}: {name!r} has good direction {direction!r}, not "
                                    f"one of {GOOD_DIRECTIONS}")  # fmt: skip
        if kind is not None and kind not in KINDS:
            raise ResourceError(f"{path}: {name!r} has kind {kind!r}, not one of {KINDS}")
        units = _units(row, 3, path)
        metrics[name] = Metric(name, good, kind, units, between)
    return metrics


def _phrases(path: Path, metrics: dict[str, Metric]) -> tuple[MetricPhrase, ...]:
    phrases = []
    for row in read_table(path, 2, 5):
        phrase, metric = row[0], None if row[1] == NO_METRIC else row[1]
        change = row[2] if len(row) > 2 and row[2] else None
        for name in (metric, change):
            if name is not None and name not in metrics:
                raise ResourceError(f"{path}: {phrase!r} names {name!r}, not in metrics.tsv")
        flags = {f.strip() for f in row[4].split(",")} if len(row) > 4 and row[4] else set()
        if flags - {LOSS, *READERS}:
            raise ResourceError(f"{path}: {phrase!r} has unknown flags {sorted(flags)}")
        readers = flags & set(READERS) or set(READERS)
        loss = LOSS in flags
        if loss and (metric is None or not metrics[metric].profit_line):
            raise ResourceError(f"{path}: {phrase!r} states a loss of {metric!r}, which is "
                                "not a profit line in metrics.tsv")  # fmt: skip
        units = _units(row, 3, path)
        phrases.append(MetricPhrase(phrase, metric, change, units, loss, frozenset(readers)))
    return tuple(phrases)


def _units(row: list[str], column: int, path: Path) -> frozenset[str] | None:
    if len(row) <= column or not row[column]:
        return None
    units = frozenset(unit.strip() for unit in row[column].split(","))
    if units - UNITS:
        raise ResourceError(f"{path}: {row[0]!r} has unknown units {sorted(units - UNITS)}")
    return units


def _qualifiers(rows: list[list[str]], phrases: list[MetricPhrase]) -> dict[str, int]:
    """metric_qualifiers.tsv: a phrase of the claims or of the figure attribution (by its
    key) or a metric (covering all its phrases) -> how many characters before it a specific
    metric may end."""
    keys = {p.key for p in phrases}
    known = {p.metric for p in phrases}
    qualifiers = {}
    for name, reach in rows:
        key = phrase_key(name)
        if key not in keys and name not in known:
            raise ResourceError(f"metric_qualifiers.tsv: {name!r} is not in metric_phrases.tsv")
        if not reach.isdigit():
            raise ResourceError(f"metric_qualifiers.tsv: {name!r} has a non-integer reach")
        qualifiers[key if key in keys else name] = int(reach)
    return qualifiers
