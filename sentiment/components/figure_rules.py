"""The data the figure attribution reads (part of :mod:`sentiment.components.claim_figures`).

All in ``resources/figures/``: the joining words of ``markers.tsv`` and the estimate words
of ``estimates.txt`` (which the figure-change reader reads too), the role cues and market
words of ``figure_roles.tsv``, the text between a ticker and the figure it owns
(``figure_owners.tsv``) and how some metrics are treated (``figure_metrics.tsv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sentiment.errors import ResourceError
from sentiment.figures.metrics import load_metric_vocabulary
from sentiment.wordlists import (
    PhraseIndex,
    data_file,
    phrase_key,
    read_lines,
    read_pattern_sets,
    read_table,
)

CUE_KINDS = (
    "respectively",
    "prior",
    "target",
    "start_after",
    "start_before",
    "comparative",
    "market",
)
OWNER_SIDES = ("before", "after")
METRIC_KINDS = ("point_in_time", "revised", "owned", "after")


@dataclass(frozen=True)
class FigureRules:
    """What the attribution reads besides the metric phrases."""

    # words that join a figure to the one it is set against ("versus", "from")
    joins: PhraseIndex
    # words that make a figure an expectation ("consensus", "estimate")
    estimates: PhraseIndex
    # role cues and market words, by kind (CUE_KINDS)
    cues: dict[str, PhraseIndex]
    # the text between a ticker and the figure it owns, by side (OWNER_SIDES)
    owners: dict[str, tuple[re.Pattern[str], ...]]
    # metrics of a moment, which take no period unless one is written for them
    point_in_time: frozenset[str]
    # metrics whose "to X from Y" is a revision ("to"/"from"), not "current"/"prior"
    revised: frozenset[str]
    # metric phrase key -> the metric it names when the figure is a ticker's
    owned: dict[str, str]
    # metric -> (a more specific metric, the words right after a figure that make it so)
    after: dict[str, tuple[str, re.Pattern[str]]]


def load_figure_rules(directory: str | Path | None = None) -> FigureRules:
    """Read the attribution's data files (the shipped ones, or those in ``directory``)."""

    def path(name: str) -> Path:
        return data_file("figures", name, directory)

    cues: dict[str, list[str]] = {kind: [] for kind in CUE_KINDS}
    for kind, phrase in read_table(path("figure_roles.tsv"), 2):
        if kind not in cues:
            raise ResourceError(f"figure_roles.tsv: unknown kind {kind!r}; use one of {CUE_KINDS}")
        cues[kind].append(phrase)
    return FigureRules(
        joins=PhraseIndex(row[0] for row in read_table(path("markers.tsv"), 2)),
        estimates=PhraseIndex(read_lines(path("estimates.txt"))),
        cues={kind: PhraseIndex(phrases) for kind, phrases in cues.items()},
        owners=read_pattern_sets(path("figure_owners.tsv"), OWNER_SIDES),
        **_metric_kinds(read_table(path("figure_metrics.tsv"), 2, 4), directory),
    )


def _metric_kinds(rows: list[list[str]], directory: str | Path | None) -> dict:
    """figure_metrics.tsv, checked against the metric vocabulary."""
    vocabulary = load_metric_vocabulary(directory)
    kinds: dict[str, set[str]] = {"point_in_time": set(), "revised": set()}
    owned: dict[str, str] = {}
    after: dict[str, tuple[str, re.Pattern[str]]] = {}
    for row in rows:
        kind, name = row[0], row[1]
        if kind not in METRIC_KINDS:
            raise ResourceError(f"figure_metrics.tsv: unknown kind {kind!r}; use {METRIC_KINDS}")
        if kind == "after":
            after[name] = _after_rule(row, vocabulary.metrics)
        elif kind == "owned":
            metric = row[2] if len(row) > 2 else ""
            if metric not in vocabulary.metrics:
                raise ResourceError(f"figure_metrics.tsv: {name!r} owned as {metric!r}, "
                                    "not in metrics.tsv")  # fmt: skip
            owned[phrase_key(name)] = metric
        elif name not in vocabulary.metrics:
            raise ResourceError(f"figure_metrics.tsv: {name!r} is not in metrics.tsv")
        else:
            kinds[kind].add(name)
    return {
        "point_in_time": frozenset(kinds["point_in_time"]),
        "revised": frozenset(kinds["revised"]),
        "owned": owned,
        "after": after,
    }


def _after_rule(row: list[str], metrics: dict) -> tuple[str, re.Pattern[str]]:
    """An "after" row: (the more specific metric, a pattern of the words after a figure)."""
    if len(row) < 4 or not row[3] or row[1] not in metrics or row[2] not in metrics:
        raise ResourceError(f"figure_metrics.tsv: 'after' needs two metrics of metrics.tsv "
                            f"and the words, got {row!r}")  # fmt: skip
    words = sorted((w.strip() for w in row[3].split("|") if w.strip()), key=len, reverse=True)
    alternatives = "|".join(r"[ \u00a0]+".join(map(re.escape, w.split())) for w in words)
    return row[2], re.compile(rf"[ \u00a0]*,?[ \u00a0]*(?:{alternatives})\b", re.IGNORECASE)
