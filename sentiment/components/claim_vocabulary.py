"""The vocabularies of the claim finder, read from ``resources/claims/``.

:class:`ClaimVocabulary` gathers the metric phrases (``metrics.tsv``) and what refines
them (``metric_units.tsv``, ``metric_qualifiers.tsv``, ``losses.txt``), direction words,
forward-looking cues, clause breaks (``clause_breaks.txt``) and the subject rules
(``subject_references.txt``, ``economy_metrics.txt``, ``analyst_actions.txt``).
:func:`load_claim_vocabulary` reads the shipped files, or those of a folder with the same
names, and checks that they agree with one another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sentiment.components.claim_subjects import SubjectRules
from sentiment.components.forward import CueRules, load_cue_rules
from sentiment.components.wordlists import (
    PhraseIndex,
    phrase_key,
    read_lines,
    read_patterns,
    read_table,
    resource_path,
)
from sentiment.errors import ResourceError

DIRECTIONS = frozenset({"up", "down", "flat"})
# A directions.tsv row that states no direction and hides its words ("up to" is a cap).
NO_DIRECTION = "-"


@dataclass(frozen=True)
class ClaimVocabulary:
    """Metric phrases, direction words and forward-looking cues (``resources/claims/``)."""

    metrics: dict[str, tuple[str, str | None]]
    # phrase key -> "up", "down", "flat", or None for a phrase that states none ("up to")
    directions: dict[str, str | None]
    cues: CueRules
    # metric or phrase key -> the only units its figures take ("return": percent, not money)
    metric_units: dict[str, frozenset[str]]
    # phrases by which a sentence refers to the note's company ("the company", "we")
    references: frozenset[str] = frozenset()
    # metrics of the economy, never of the note's company
    economy_metrics: frozenset[str] = frozenset()
    # phrase or metric -> how far before it a specific metric may end ("EPS guidance")
    qualifiers: dict[str, int] = field(default_factory=dict)
    # the text between a house and the company it acts on ("cut its target price on")
    analyst_actions: tuple[re.Pattern[str], ...] = ()
    # metric phrase keys that state a loss ("net loss"): their amounts are below zero
    losses: frozenset[str] = frozenset()
    # where a sentence's clauses meet ("; ", " and expects")
    clause_breaks: tuple[re.Pattern[str], ...] = ()

    def subject_rules(self) -> SubjectRules:
        """What subject resolution needs of this vocabulary."""
        return SubjectRules(
            PhraseIndex(self.references), self.economy_metrics, self.analyst_actions
        )


def load_claim_vocabulary(directory: str | Path | None = None) -> ClaimVocabulary:
    """Read metrics.tsv, metric_units.tsv, metric_qualifiers.tsv, losses.txt,
    directions.tsv, forward_cues.txt, forward_blockers.txt, clause_breaks.txt,
    subject_references.txt, economy_metrics.txt and analyst_actions.txt."""

    def path(name: str) -> Path:
        return Path(directory) / name if directory else resource_path(f"claims/{name}")

    metrics = {
        phrase_key(row[0]): _metric_names(row) for row in read_table(path("metrics.tsv"), 2, 3)
    }
    directions = _directions(read_table(path("directions.tsv"), 2))
    known = {metric for metric, _ in metrics.values()}
    metric_units = _metric_units(read_table(path("metric_units.tsv"), 2), metrics, known)
    economy = frozenset(read_lines(path("economy_metrics.txt")))
    if economy - known:
        raise ResourceError(
            f"economy_metrics.txt: metrics not in metrics.tsv {sorted(economy - known)}"
        )
    losses = frozenset(map(phrase_key, read_lines(path("losses.txt"))))
    if losses - set(metrics):
        unknown = sorted(losses - set(metrics))
        raise ResourceError(f"losses.txt: phrases not in metrics.tsv {unknown}")
    references = frozenset(map(phrase_key, read_lines(path("subject_references.txt"))))
    qualifiers = _qualifiers(read_table(path("metric_qualifiers.tsv"), 2), metrics, known)
    actions = tuple(read_patterns(path("analyst_actions.txt"), re.IGNORECASE))
    breaks = tuple(read_patterns(path("clause_breaks.txt"), re.IGNORECASE))
    cues = load_cue_rules(directory)
    return ClaimVocabulary(
        metrics,
        directions,
        cues,
        metric_units,
        references,
        economy,
        qualifiers,
        actions,
        losses,
        breaks,
    )


def _directions(rows: list[list[str]]) -> dict[str, str | None]:
    """directions.tsv: phrase key -> direction, None for "-" (a phrase that states none)."""
    unknown = {way for _, way in rows} - DIRECTIONS - {NO_DIRECTION}
    if unknown:
        raise ResourceError(f"directions.tsv: unknown directions {sorted(unknown)}")
    return {phrase_key(word): None if way == NO_DIRECTION else way for word, way in rows}


def _metric_units(
    rows: list[list[str]], metrics: dict[str, tuple[str | None, str | None]], known: set[str]
) -> dict[str, frozenset[str]]:
    """metric_units.tsv: a metric, or a phrase of metrics.tsv (by its key) -> its units."""
    units = {}
    for name, listed in rows:
        key = name if name in known else phrase_key(name)
        if key not in known and key not in metrics:
            raise ResourceError(f"metric_units.tsv: {name!r} is not in metrics.tsv")
        units[key] = frozenset(unit.strip() for unit in listed.split(","))
    return units


def _qualifiers(
    rows: list[list[str]], metrics: dict[str, tuple[str | None, str | None]], known: set[str]
) -> dict[str, int]:
    """metric_qualifiers.tsv: a phrase of metrics.tsv (by its key) or a metric (covering
    all its phrases) -> how many characters before it a specific metric may end."""
    qualifiers = {}
    for name, reach in rows:
        key = phrase_key(name)
        if key not in metrics and name not in known:
            raise ResourceError(f"metric_qualifiers.tsv: {name!r} is not in metrics.tsv")
        if not reach.isdigit():
            raise ResourceError(f"metric_qualifiers.tsv: {name!r} has a non-integer reach")
        qualifiers[key if key in metrics else name] = int(reach)
    return qualifiers


def _metric_names(row: list[str]) -> tuple[str | None, str | None]:
    """(metric, metric of a change) of a metrics.tsv row; "-" names no metric."""
    change = row[2] if len(row) > 2 and row[2] else None
    return (None, None) if row[1] == "-" else (row[1], change)
