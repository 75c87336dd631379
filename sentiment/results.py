"""Result value objects: small frozen dataclasses with ``to_dict()``.

This module imports nothing of ours, so every other module can depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any


def _plain(value: Any) -> Any:
    """A JSON-ready copy of ``value`` in one pass: dataclasses become dicts of their fields
    (in field order), tuples become lists, recursively (``asdict`` would build a second
    tree first: a long document's result is large)."""
    if hasattr(type(value), "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _ToDict:
    # No instance dict: a long document keeps several result objects per sentence, and a
    # slotted one is about half the size (see reports/long_documents.md).
    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict whose keys are the attribute names."""
        return _plain(self)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Frozen slotted dataclasses do not pickle on Python 3.10; rebuild from the fields.
        return type(self), tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class TickerMention(_ToDict):
    """One place in the text where a ticker was found, and why we believe it.

    ``method`` says how it was resolved: ``cashtag`` ($VOO), ``exchange`` (NYSE: KO),
    ``parenthesised`` (Nvidia (NVDA)), ``name`` (a company or fund name from the
    gazetteer), ``alias`` (a curated short name such as "Google"), ``bare_symbol``
    (an upper-case symbol accepted by the context rules) or ``coreference`` (a later
    short reference to an already resolved company).
    """

    symbol: str
    text: str
    start: int
    end: int
    method: str
    confidence: float
    name: str | None = None
    reason: str = ""

    def shifted(self, offset: int) -> TickerMention:
        """The mention with its offsets moved by ``offset`` (a chunk's place in its document)."""
        return replace(self, start=self.start + offset, end=self.end + offset)


@dataclass(frozen=True, slots=True)
class Figure(_ToDict):
    """A number with its unit as written in a claim ("$2.3 billion", "-24.52%", "200bp").

    The figure finder fills the first seven fields. A claim's figures also carry what the
    sentence says of each (:mod:`sentiment.components.claim_figures`): ``ticker`` (whose
    figure it is, or None), ``metric`` (the vocabulary of ``resources/figures/metrics.tsv``),
    ``period`` (a label of :mod:`sentiment.components.periods`) and ``role``: ``current``
    (a ticker's own figure, each side of "A versus B" included), ``prior`` (an earlier
    period's, set against it), ``estimate`` (consensus, a forecast), ``target`` (a price
    target, a goal), ``comparison`` (an index's, a benchmark's or a category's figure set
    against a ticker's: no ticker), ``from``/``to`` (a revision: "raised its target to $400
    from $350"), ``range_low``/``range_high`` and ``start`` (the amount at the start of
    "$1,000 grew to $1,814"). The rules are those of ``corpora/claims/FIGURES.md``.
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    scale: str | None = None
    currency: str | None = None
    ticker: str | None = None
    metric: str | None = None
    period: str | None = None
    role: str | None = None

    def shifted(self, offset: int) -> Figure:
        """The figure with its offsets moved by ``offset``."""
        return replace(self, start=self.start + offset, end=self.end + offset)


@dataclass(frozen=True, slots=True)
class Claim(_ToDict):
    """A sentence (or clause) that states a financial figure.

    ``text``/``start``/``end`` are the sentence span in the document. ``value`` and
    ``unit`` repeat the primary figure; ``figures`` holds every figure in order.
    ``cues`` are the words that made it forward-looking (the evidence).
    """

    text: str
    start: int
    end: int
    metric: str | None
    value: float | None
    unit: str | None
    forward_looking: bool
    tickers: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    period: str | None = None
    direction: str | None = None
    cues: tuple[str, ...] = ()

    def shifted(self, offset: int) -> Claim:
        """The claim (and its figures) with offsets moved by ``offset``."""
        return replace(
            self,
            start=self.start + offset,
            end=self.end + offset,
            figures=tuple(f.shifted(offset) for f in self.figures),
        )


@dataclass(frozen=True, slots=True)
class FigureRow(_ToDict):
    """One figure of a note as a row of the long figure table: whose (``ticker``), of what
    (``metric``), when (``period``), in what ``role`` (see :class:`Figure`), the figure as
    written (``text``) and its value, and the claim it belongs to (``claim``: its index
    among the note's claims; ``sentence``: its text). ``start``/``end`` span the figure."""

    claim: int
    ticker: str | None
    metric: str | None
    value: float
    text: str
    unit: str
    period: str | None
    role: str | None
    currency: str | None
    scale: str | None
    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class FigureChange(_ToDict):
    """A metric's figure set against an earlier or an expected one in the same sentence.

    "Operating profit totalled EUR 17.7 mn compared to EUR 17.6 mn": metric "operating
    profit", current "EUR 17.7 mn", prior "EUR 17.6 mn", basis ``prior`` (an earlier
    period) or ``estimate`` (consensus, expected), direction ``up`` or ``down``, and
    ``favourable`` when that direction is good news for this metric (a loss or a cost
    going down is). ``current_value``/``prior_value`` are signed as read: a figure written
    as a loss counts below zero. ``start``/``end`` span the evidence in the sentence.
    """

    metric: str
    current: str
    prior: str
    current_value: float
    prior_value: float
    basis: str
    direction: str
    favourable: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link(_ToDict):
    """Why a sentence counts for a ticker: ``method`` is ``direct`` (it names the ticker),
    ``pronoun``, ``noun``, ``management`` (it refers to it: "it", "the company",
    "management"), ``we`` (the author's view in a note about one company), ``heading`` (it
    sits under a heading naming the ticker), ``subject`` (another sentence of a note about
    one company) or ``same`` (a story a later sentence says holds for the ticker too: "Same
    goes for $COTY"); the others: :mod:`sentiment.attribution`. ``weight`` is how much it
    counts beside a direct mention (1); ``cue`` the words that made the link, if any."""

    symbol: str
    method: str
    weight: float
    cue: str = ""


@dataclass(frozen=True, slots=True)
class SentenceSentiment(_ToDict):
    """Sentiment of one sentence (or of one sentence toward a target).

    ``score`` = P(positive) - P(negative), in [-1, 1]. ``changes`` are the figure
    changes read in the sentence ("EUR 17.7 mn compared to EUR 17.6 mn"); when they agree
    they weigh in on the label (see :mod:`sentiment.figures.changes` and
    :mod:`sentiment.weighing`). As a ticker's evidence it carries ``link`` (how the sentence
    was attributed to the ticker, :mod:`sentiment.attribution`) and ``readings`` (the analyst
    language read about that ticker, folded into its score; :mod:`sentiment.readings`).
    """

    text: str
    start: int
    end: int
    label: str
    score: float
    probabilities: dict[str, float] = field(default_factory=dict)
    target: str | None = None
    changes: tuple[FigureChange, ...] = ()
    link: Link | None = None
    readings: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class TickerSentiment(_ToDict):
    """Aggregated sentiment toward one ticker in one document, with its evidence."""

    ticker: str
    label: str
    score: float
    mentions: int
    relevance: float
    name: str | None = None
    evidence: tuple[SentenceSentiment, ...] = ()
    resolutions: tuple[TickerMention, ...] = ()
    scale_label: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentSentiment(_ToDict):
    """The analysis of one document: overall label and score, sentences, tickers, claims.

    ``omitted`` is None unless the document was long enough for its detail to be capped
    (see :data:`sentiment.tally.DETAIL_LIMIT`): then it counts what the result left out,
    by kind (``sentences``, ``claims``, ``evidence``, ``mentions``); the scores still use
    every sentence. ``to_dict()`` has the key only when it is set.
    """

    label: str
    score: float
    sentences: tuple[SentenceSentiment, ...] = ()
    tickers: tuple[TickerSentiment, ...] = ()
    claims: tuple[Claim, ...] = ()
    scale_label: str | None = None
    source: str | None = None
    omitted: dict[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict (``omitted`` only when the detail was capped)."""
        data = _plain(self)
        if self.omitted is None:
            del data["omitted"]
        return data
