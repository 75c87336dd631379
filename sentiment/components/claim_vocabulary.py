"""The vocabularies of the claim finder.

:class:`ClaimVocabulary` gathers the claims' view of the metric vocabulary of the figure
layer (:mod:`sentiment.figures.metrics`: phrases, units, qualifiers, losses and the
economy's metrics, in ``resources/figures/``), its clause breaks
(:mod:`sentiment.figures.clauses`), and, from ``resources/claims/``, direction words
(``directions.tsv``), forward-looking cues and the subject rules
(``subject_references.txt``, ``analyst_actions.txt``). :func:`load_claim_vocabulary`
reads the shipped files, or those of one folder holding both sets of files, and checks
that they agree with one another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sentiment.components.claim_subjects import SubjectRules
from sentiment.components.figure_rules import FigureRules, load_figure_rules
from sentiment.components.forward import CueRules, load_cue_rules
from sentiment.errors import ResourceError
from sentiment.figures.clauses import load_clause_breaks
from sentiment.figures.metrics import load_metric_vocabulary
from sentiment.wordlists import (
    PhraseIndex,
    data_file,
    phrase_key,
    read_lines,
    read_patterns,
    read_table,
)

DIRECTIONS = frozenset({"up", "down", "flat"})
# A directions.tsv row that states no direction and hides its words ("up to" is a cap).
NO_DIRECTION = "-"


@dataclass(frozen=True)
class ClaimVocabulary:
    """Metric phrases, direction words, forward-looking cues and subject rules."""

    # phrase key -> (metric, metric of a change); (None, None) for a phrase naming none
    metrics: dict[str, tuple[str | None, str | None]]
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
    # the phrases each figure's metric is read from: ``metrics`` and the attribution's own
    figure_metrics: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # what the figure attribution reads besides metrics (``figure_roles.tsv``, ...)
    figure_rules: FigureRules | None = None

    def subject_rules(self) -> SubjectRules:
        """What subject resolution needs of this vocabulary."""
        return SubjectRules(
            PhraseIndex(self.references), self.economy_metrics, self.analyst_actions
        )


def load_claim_vocabulary(directory: str | Path | None = None) -> ClaimVocabulary:
    """Read the metric vocabulary and the clause breaks (``resources/figures/``), and
    the figure attribution's figure_roles.tsv, figure_owners.tsv and figure_metrics.tsv, and
    directions.tsv, forward_cues.txt, forward_blockers.txt, subject_references.txt and
    analyst_actions.txt (``resources/claims/``); ``directory`` holds both sets instead."""

    def path(name: str) -> Path:
        return data_file("claims", name, directory)

    vocabulary = load_metric_vocabulary(directory)
    directions = _directions(read_table(path("directions.tsv"), 2))
    references = frozenset(map(phrase_key, read_lines(path("subject_references.txt"))))
    actions = tuple(read_patterns(path("analyst_actions.txt"), re.IGNORECASE))
    return ClaimVocabulary(
        vocabulary.claim_metrics(),
        directions,
        load_cue_rules(directory),
        vocabulary.claim_units(),
        references,
        vocabulary.economy_metrics(),
        vocabulary.qualifiers,
        actions,
        vocabulary.claim_losses(),
        load_clause_breaks(directory).claim,
        vocabulary.figure_metrics(),
        load_figure_rules(directory),
    )


def _directions(rows: list[list[str]]) -> dict[str, str | None]:
    """directions.tsv: phrase key -> direction, None for "-" (a phrase that states none)."""
    unknown = {way for _, way in rows} - DIRECTIONS - {NO_DIRECTION}
    if unknown:
        raise ResourceError(f"directions.tsv: unknown directions {sorted(unknown)}")
    return {phrase_key(word): None if way == NO_DIRECTION else way for word, way in rows}
