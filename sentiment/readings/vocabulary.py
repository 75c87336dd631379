"""The words of the reading layer, read from ``resources/readings/`` (and the metric vocabulary
of ``resources/figures/``) into phrase tables and compiled patterns.

Every file is described in its own header comment. A phrase matches whole words, ignoring
case, with any run of spaces or hyphens between its words; ``re:`` lines are patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from sentiment.errors import ResourceError
from sentiment.figures.metrics import NO_METRIC, Metric, MetricVocabulary, load_metric_vocabulary
from sentiment.readings.sentence import CLAUSE_START
from sentiment.readings.types import EFFECTS, SCORED, STRONG
from sentiment.wordlists import (
    PATTERN_PREFIX,
    PhraseIndex,
    data_file,
    line_pattern,
    phrase_alternation,
    read_lines,
    read_lines_and_patterns,
    read_patterns,
    read_table,
    resource_path,
)

FOLDER = "readings"
WINNERS = ("subject", "object")
DIRECTIONS = ("more", "less", "-")
DEAL_ORDERS = ("acquirer", "target", "partners")
SIDES = ("before", "after")
ROLES = ("source", "counterparty", "peer", "example", "none")
NEEDS = ("metric", "-", "choice")
ANNOUNCED = "announced"
# trades.tsv's mark of a partial sale ("trimmed"), which profit_taking.txt can make neutral
PARTIAL = "partial"
REVISIONS = ("up", "down", "-")
ALONE = "alone"  # a guidance phrase read by itself ("warned that"), no outlook word after it
NET_PLACES = ("lead", "any")  # where a net verdict's cue stands (nets.tsv)
_GAP = r"[\s\-]+"


def key(text: str) -> str:
    """The table key of a phrase as written: lower case, spaces and hyphens as one space."""
    return " ".join(re.split(_GAP, text.strip().lower()))


def phrase_pattern(
    phrases: Iterable[str], extra: Iterable[re.Pattern[str]] = ()
) -> re.Pattern[str]:
    """One pattern finding any of ``phrases`` as whole words, or any of the ``extra``
    patterns (as they are written), ignoring case; one that never matches when there is
    nothing to find."""
    alternatives = [f"(?:{p.pattern})" for p in extra]
    phrases = list(phrases)
    if phrases:
        alternation = phrase_alternation(phrases, _GAP)
        # a phrase starting or ending in a sign ("analyst (", ", which") needs no word edge there
        alternatives.insert(0, rf"(?:(?<!\w)|(?!\w))(?:{alternation})(?:(?<!\w)|(?!\w))")
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile("|".join(alternatives), re.IGNORECASE)


@dataclass(frozen=True)
class Table:
    """Phrases with their values (by :func:`key`) and one pattern that finds them all; rows
    written as ``re:`` patterns keep their values beside them (``patterns``)."""

    values: dict[str, tuple[str, ...]]
    pattern: re.Pattern[str]
    patterns: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()

    def value(self, written: str) -> tuple[str, ...]:
        """The values of a phrase found by ``pattern``."""
        found = self.values.get(key(written))
        if found is not None:
            return found
        return next(values for pattern, values in self.patterns if pattern.fullmatch(written))


@dataclass(frozen=True)
class ReadingVocabulary:
    """Everything the readers read with."""

    ratings: Table
    rating_leads: re.Pattern[str]
    rating_objects: re.Pattern[str]  # matched right after a rating verb: " the shares "
    rating_actions: Table
    picks: Table
    positions: Table
    trades: Table
    # after a partial sale (trades.tsv's "partial"): profit taken, no view against the stock
    profit_taking: re.Pattern[str]
    pair_legs: Table
    move_drivers: Table
    flows: Table
    flow_nouns: Table  # "saw $1.1B of net outflows": the subject fund's flows
    revisions: Table
    revision_nouns: re.Pattern[str]
    hedges: re.Pattern[str]
    # a clause's subject described right before its name ("Power-equipment suppliers Vertiv")
    subject_described: re.Pattern[str]
    # between a comparative and a ticker: a benchmark compared with, not the ticker
    benchmarks: re.Pattern[str]
    # the author's net verdict: phrase -> (effect, where)
    nets: Table
    facts: re.Pattern[str]
    # news that gives a plain fact's sentence a direction ("and raised its dividend 16%")
    directed_facts: re.Pattern[str]
    comparison_verbs: Table
    comparatives: Table
    balanced: Table
    preferences: re.Pattern[str]
    # words that, in a balanced phrase's clause, make it no tie ("both look worse")
    unbalanced: re.Pattern[str]
    preference_over: re.Pattern[str]
    middles: re.Pattern[str]  # "sat in between": the ticker before is neither side
    # the market or an index as a comparison verb's object ("trailed the S&P 500")
    market_benchmarks: re.Pattern[str]
    # a ticker set against the sentence before ("by contrast", "bucked the move")
    contrasts: re.Pattern[str]
    races: Table  # words that make moves of one sign rank ("against", "selloff"), and where
    deals: Table
    deal_prices: re.Pattern[str]
    deal_done: re.Pattern[str]
    overpaying: re.Pattern[str]
    roles_before: Table
    roles_after: Table
    appositions: Table  # an apposition's last word -> the role it names
    qualifiers: re.Pattern[str]  # matched right after a name: "-based" in "Nvidia-based"
    brokers: frozenset[str]
    source_verbs: re.Pattern[str]
    # what a broker alone in its sentence does as a house ("moved to", "kept its")
    house_moves: re.Pattern[str]
    # the claims' "house acts on company" patterns, for the text between two mentions
    analyst_actions: tuple[re.Pattern[str], ...]
    # the claims' words of a fall ("lost", "fell"), right before a figure: it is below zero
    falls: re.Pattern[str]
    # and of a rise ("rose 30%"): its own sign, whatever the figure before it had
    rises: re.Pattern[str]
    # the claims' words of a rise or a fall: a figure after one is a price move
    moves: frozenset[str]
    # the same words with their direction (up, down, flat), for a ticker's own price move
    directions: Table
    # a move written as a noun right before its ticker ("a 3% gain in Amazon"), its direction
    move_nouns: Table
    # guidance raised or cut, guided above or below (guidance.tsv)
    guidance: re.Pattern[str]
    guidance_directions: dict[str, str]
    metric_phrases: PhraseIndex
    metric_of: dict[str, str]
    change_metric_of: dict[str, str]  # the metric of a stated rise or fall ("S&P 500 fell 2%")
    metric_good: dict[str, str]
    metrics: dict[str, Metric]  # by name (metrics.tsv): good directions over time
    # metrics that are one between two tickers ("charges 0.03%" against "a 0.20% expense
    # ratio": a fee), both ways
    same_metric: dict[str, frozenset[str]]

    @cached_property
    def leg_words(self) -> frozenset[str]:
        """The position words of a pair trade's legs ("long", "short"), not rating names
        ("Overweight")."""
        return frozenset(self.positions.values) - frozenset(self.ratings.values)


def load_reading_vocabulary(
    directory: str | Path | None = None,
    figures_directory: str | Path | None = None,
    claims_directory: str | Path | None = None,
) -> ReadingVocabulary:
    """Read the reading layer's data files (the shipped ones, or those in ``directory``), the
    metric vocabulary (shipped, or in ``figures_directory``) and the claims' analyst actions
    and direction words (shipped, or in ``claims_directory``)."""

    def path(name: str) -> Path:
        return data_file(FOLDER, name, directory)

    def claims(name: str) -> Path:
        return data_file("claims", name, claims_directory)

    metrics = load_metric_vocabulary(figures_directory)
    roles = _table(path("roles.tsv"), 3, {1: SIDES, 2: ROLES})
    rated = read_lines(path("rating_objects.txt"))
    guidance = _guidance_pattern(
        _checked(path("guidance.tsv"), read_table(path("guidance.tsv"), 2, 3), {2: (ALONE,)})
    )
    directions = read_table(claims("directions.tsv"), 2)  # word, direction (up, down, flat, -)
    approximations = read_lines(path("approximations.txt"))
    return ReadingVocabulary(
        ratings=_table(path("ratings.tsv"), 2, {1: EFFECTS, 2: (STRONG,)}, 3),
        rating_leads=_lead_pattern(read_lines(path("rating_leads.txt")), rated),
        rating_objects=re.compile(rf"\s+(?:{phrase_alternation(rated, _GAP)})\s+", re.I),
        rating_actions=_table(path("rating_actions.tsv"), 2, {1: EFFECTS, 2: ("rating",)}, 3),
        picks=_table(path("picks.tsv"), 2, {1: EFFECTS}),
        positions=_table(path("positions.tsv"), 2, {1: EFFECTS}),
        trades=_table(path("trades.tsv"), 2, {1: EFFECTS, 2: (PARTIAL,)}, 3),
        profit_taking=_list_pattern(path("profit_taking.txt")),
        pair_legs=_table(path("pair_legs.tsv"), 2, {1: EFFECTS}),
        move_drivers=_table(path("move_drivers.tsv"), 2, {1: (*EFFECTS, "move")}),
        flows=_table(path("flows.tsv"), 2, {1: EFFECTS}),
        flow_nouns=_table(path("flow_nouns.tsv"), 2, {1: EFFECTS}),
        revisions=_table(path("revisions.tsv"), 2, {1: REVISIONS}),
        revision_nouns=_list_pattern(path("revision_nouns.txt")),
        hedges=_list_pattern(path("hedges.txt")),
        subject_described=_described(read_lines(path("subject_descriptors.txt"))),
        benchmarks=_list_pattern(path("benchmarks.txt")),
        nets=_table(path("nets.tsv"), 3, {1: (*EFFECTS, SCORED), 2: NET_PLACES}),
        facts=_list_pattern(path("plain_facts.txt")),
        directed_facts=_list_pattern(path("directed_facts.txt")),
        comparison_verbs=_table(
            path("comparison_verbs.tsv"),
            2,
            {1: WINNERS, 2: ("object", "alone", "loser"), 3: ("loser", "near")},
            4,
        ),
        comparatives=_comparatives(path("comparatives.tsv")),
        balanced=_table(path("balanced.tsv"), 2, {1: NEEDS}),
        preferences=_list_pattern(path("preferences.txt")),
        unbalanced=_list_pattern(path("unbalanced.txt")),
        preference_over=_list_pattern(path("preference_over.txt")),
        races=_table(path("races.tsv"), 2, {1: ("between", "anywhere")}),
        middles=_list_pattern(path("middles.txt")),
        market_benchmarks=_list_pattern(path("market_benchmarks.txt")),
        contrasts=_list_pattern(path("contrasts.txt")),
        deals=_table(path("deals.tsv"), 2, {1: DEAL_ORDERS, 2: (ANNOUNCED,)}, 3),
        deal_prices=_list_pattern(path("deal_prices.txt")),
        deal_done=_list_pattern(path("deal_done.txt")),
        overpaying=_list_pattern(path("overpaying.txt")),
        roles_before=_select(roles, "before"),
        roles_after=_select(roles, "after"),
        appositions=_table(path("appositions.tsv"), 2, {1: ROLES}),
        qualifiers=_qualifiers(resource_path("name_compounds.tsv")),
        brokers=frozenset(read_lines(path("brokers.txt"))),
        source_verbs=_list_pattern(path("source_verbs.txt")),
        house_moves=_list_pattern(path("house_moves.txt")),
        analyst_actions=tuple(read_patterns(claims("analyst_actions.txt"), re.IGNORECASE)),
        falls=_ending_in(directions, "down", approximations),
        rises=_ending_in(directions, "up", approximations),
        moves=frozenset(key(word) for word, way in directions if way in ("up", "down")),
        directions=_price_moves(
            directions + read_table(path("move_words.tsv"), 2), read_lines(path("not_moves.txt"))
        ),
        move_nouns=_move_nouns(read_table(path("move_nouns.tsv"), 2)),
        guidance=guidance[0],
        guidance_directions=guidance[1],
        same_metric=_same_metrics(path("same_metrics.tsv")),
        **_metric_tables(metrics),
    )


@lru_cache(maxsize=1)
def default_reading_vocabulary() -> ReadingVocabulary:
    """The shipped vocabulary (read once per process)."""
    return load_reading_vocabulary()


def _table(
    path: Path, columns: int, allowed: dict[int, Iterable[str]], max_columns: int | None = None
) -> Table:
    """A table of phrase -> the other columns, checking the columns that take fixed values."""
    values: dict[str, tuple[str, ...]] = {}
    patterns: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
    for row in _checked(path, read_table(path, columns, max_columns), allowed):
        if row[0].startswith(PATTERN_PREFIX):
            patterns.append((line_pattern(path, row[0]), tuple(row[1:])))
        else:
            values.setdefault(key(row[0]), tuple(row[1:]))
    return Table(values, phrase_pattern(values, _whole_words(patterns)), tuple(patterns))


def _whole_words(patterns: Iterable[tuple[re.Pattern[str], object]]) -> list[re.Pattern[str]]:
    """A table's ``re:`` rows as patterns matched on word edges, ignoring case."""
    return [re.compile(rf"\b(?:{p.pattern})\b", re.IGNORECASE) for p, _ in patterns]


def _comparatives(path: Path) -> Table:
    """The comparatives; one ending in "than" may have up to three words before its "than"
    ("a smaller drawdown than"): group ``head`` holds its first words, ``plain`` any other."""
    table = _table(path, 3, {1: DIRECTIONS, 2: (*EFFECTS, "-")})
    heads = [k[: -len(" than")] for k in table.values if k.endswith(" than")]
    plain = [k for k in table.values if not k.endswith(" than")]
    head = phrase_alternation(heads, _GAP)
    pattern = re.compile(  # no other comparative among the words before "than"
        rf"(?<!\w)(?:(?P<head>{head})(?:[\s\-]+(?!(?:{head})(?!\w))[\w'.%$-]+){{0,3}}?"
        rf"[\s\-]+than|(?P<plain>{phrase_alternation(plain, _GAP)}))(?!\w)",
        re.IGNORECASE,
    )
    return Table(table.values, pattern)


def _qualifiers(path: Path) -> re.Pattern[str]:
    """A hyphen and a word that makes the name before it a qualifier of something else
    ("-based" in "Nvidia-based systems"): the "qualifier" rows of ``name_compounds.tsv``."""
    words = [word for word, role in read_table(path, 2) if role == "qualifier"]
    return re.compile(rf"-(?:{phrase_alternation(words)})\b", re.I)


def _ending_in(directions: list[list[str]], way: str, approximations: list[str]) -> re.Pattern[str]:
    """The words of ``directions`` going ``way`` ("down": a fall), then spaces, an optional
    "by" and an optional approximation ("fell more than 3%", "lost about 5%"), at the end of a
    text."""
    words = [word for word, direction in directions if direction == way]
    about = phrase_alternation(approximations, _GAP)
    return re.compile(
        rf"(?<!\w)(?:{phrase_alternation(words, _GAP)})\s+(?:by\s+)?(?:(?:{about})\s+)?$", re.I
    )


def _price_moves(directions: list[list[str]], not_moves: list[str]) -> Table:
    """The words of a rise, a fall or no change that state a price move, with their
    direction (the claims' and ``move_words.tsv``'s; those of ``not_moves`` left out: "beat",
    "grew")."""
    left_out = {key(word) for word in not_moves}
    values = {
        key(word): (way,) for word, way in directions if way != "-" and key(word) not in left_out
    }
    return Table(values, phrase_pattern(values))


def _move_nouns(rows: list[list[str]]) -> Table:
    """``move_nouns.tsv``: "a 3% gain in " right before a ticker, with the noun's direction;
    the pattern's ``size`` group holds how far."""
    values = {key(noun): (way,) for noun, way in rows}
    nouns = phrase_alternation(values, _GAP)
    return Table(
        values,
        re.compile(
            r"\b(?:a|an)\s+(?:about\s+|nearly\s+|roughly\s+)?(?P<size>\d[\d.,]*)\s*(?:%|percent)"
            rf"[\s-]+(?P<noun>{nouns})\s+(?:in|for|at)\s+(?:(?:shares|stock)\s+of\s+)?(?:the\s+)?$",
            re.I,
        ),
    )


# "our outlook", not "our outlook for the sector" (an analyst's), but "for the year" is the
# company's own period.
_OUR_OUTLOOK = (
    r"outlook(?!\s+(?:for|on)\s+(?!(?:the\s+)?(?:full\s+)?(?:year|quarter|fiscal|\d{4})\b))"
)


def _guidance_pattern(rows: list[list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """The pattern of ``guidance.tsv``'s phrases and phrase -> direction."""
    directions = {key(row[0]): row[1] for row in rows}
    alone = {key(row[0]) for row in rows if row[2:] == [ALONE]}
    verbs = [p for p in directions if not p.startswith("guided ") and p not in alone]
    where = [p.removeprefix("guided ") for p in directions if p.startswith("guided ")]
    alternation = phrase_alternation(verbs, r"\s+")
    places = phrase_alternation(where, r"\s+")
    statements = phrase_alternation(sorted(alone), r"\s+") if alone else r"(?!)"
    pattern = re.compile(
        rf"\b(?P<verb>{alternation})\s+(?!(?:our|my|we)\b)(?:(?:its|their|the)\s+)?"
        rf"(?:(?!(?:our|my)\b)[\w$.%-]+\s+){{0,4}}?"
        rf"(?:outlook|guidance|guide|forecast|forecasts)\b"
        # a company's own, as its officers say it on a call: "we are lowering our full-year net
        # interest income guide", "our full-year revenue outlook" (not "our forecast" or "our
        # estimates", nor "our outlook for the sector": an analyst's)
        rf"|\b(?P<ours>{alternation})\s+our\s+(?:[\w$.%-]+\s+){{0,5}}?(?:guidance|guide|{_OUR_OUTLOOK})\b"
        rf"|\bguided\s+(?:(?:to|for)\s+)?(?:[\w$.%-]+\s+){{0,4}}?(?P<where>{places})\b"
        rf"|\b(?P<alone>{statements})\b"
        # the noun first, as bullets and posts write it: "Capex guide cut $200M", "FY guide
        # raised again"
        rf"|\b(?:(?!(?:our|my)\b)[\w$.%-]+\s+){{0,3}}?(?:outlook|guidance|guide|forecast)\s+"
        rf"(?:(?:was|were|is|got)\s+)?(?P<after>{alternation})\b",
        re.I,
    )
    return pattern, directions


def _checked(
    path: Path, rows: list[list[str]], allowed: dict[int, Iterable[str]]
) -> list[list[str]]:
    """``rows`` of ``path`` with the columns (0-based) that take fixed values checked: a
    ResourceError names the first that does not."""
    for row in rows:
        for column, choices in allowed.items():
            if column < len(row) and row[column] not in tuple(choices):
                raise ResourceError(
                    f"{path}: {row[0]!r} has {row[column]!r} in column "
                    f"{column + 1}, not one of {tuple(choices)}"
                )
    return rows


def _same_metrics(path: Path) -> dict[str, frozenset[str]]:
    """metric -> the metrics it is one with between two tickers (each row, both ways)."""
    same: dict[str, set[str]] = {}
    for first, second in read_table(path, 2):
        same.setdefault(first, set()).add(second)
        same.setdefault(second, set()).add(first)
    return {metric: frozenset(others) for metric, others in same.items()}


def _select(roles: Table, side: str) -> Table:
    """The role cues on one side of their ticker, with their role."""
    values = {k: (v[1],) for k, v in roles.values.items() if v[0] == side}
    patterns = tuple((p, (v[1],)) for p, v in roles.patterns if v[0] == side)
    return Table(values, phrase_pattern(values, _whole_words(patterns)), patterns)


def _described(nouns: list[str]) -> re.Pattern[str]:
    """Where a clause's subject stands after the noun describing it, one word before the noun
    allowed ("Power-equipment suppliers Vertiv (VRT) and GE Vernova (GEV) hit records")."""
    return re.compile(CLAUSE_START + rf"\s*(?:[\w-]+\s+)?(?:{phrase_alternation(nouns)})\s+$", re.I)


def _list_pattern(path: Path) -> re.Pattern[str]:
    phrases, patterns = read_lines_and_patterns(path)
    return phrase_pattern(phrases, patterns)


def _lead_pattern(phrases: list[str], objects: list[str]) -> re.Pattern[str]:
    """Text that ends in one of ``phrases``, maybe one of ``objects`` ("rate *the shares*"),
    and spaces (searched before a rating)."""
    lead = phrase_alternation(phrases, _GAP)
    rated = phrase_alternation(objects, _GAP)
    return re.compile(rf"(?<!\w)(?:{lead})\s+(?:(?:{rated})\s+)?$", re.IGNORECASE)


def _metric_tables(metrics: MetricVocabulary) -> dict[str, object]:
    """Every metric phrase (whichever reader it is flagged for) with its metric (``NO_METRIC``
    for a phrase that names none: "the same index" is no index level), and each
    metric's better direction between two holdings (``metrics.tsv``'s between-tickers
    column, else its good direction), and the metrics by name."""
    metric_of: dict[str, str] = {}
    change_of: dict[str, str] = {}
    for phrase in metrics.phrases:
        metric = NO_METRIC if phrase.metric is None else phrase.metric
        metric_of.setdefault(phrase.key, metric)
        change_of.setdefault(phrase.key, phrase.change_metric or metric)
    good = {name: metric.better_between_tickers for name, metric in metrics.metrics.items()}
    return {
        "metric_phrases": PhraseIndex(metric_of),
        "metric_of": metric_of,
        "change_metric_of": change_of,
        "metric_good": good,
        "metrics": dict(metrics.metrics),
    }
