"""The financial-claims component: sentences that state a financial figure.

For each sentence with a figure (see :mod:`sentiment.figures.finder`) it writes a
:class:`~sentiment.results.Claim` to ``doc._.claims``: the figures, the metric they
measure, the direction of change, the period, the tickers mentioned in the sentence
and whether the claim looks forward (with the cue words as evidence).

The text-level work is in :class:`ClaimExtractor` (plain Python, one sentence at a
time), so it can be used and evaluated without spaCy; :class:`ClaimFinder` is the
spaCy component around it. Figures, ranges, clauses and the metric vocabulary come from
the figure layer (:mod:`sentiment.figures`, data in ``resources/figures/``); the claims'
own vocabularies are data files in ``resources/claims/``; both are read by
:mod:`sentiment.components.claim_vocabulary`.

Decisions worth knowing:

- The primary figure (``Claim.value``/``unit``) is the first figure with a unit,
  currency or scale; a plain decimal ("EPS of 2.35") counts only in a sentence with a
  recognised metric. For a range it is the low end.
- The metric is the vocabulary phrase nearest the primary figure, preferring one before
  it; "revenue" becomes "revenue growth" when the figure is a percentage with a
  direction. The refinements (qualifiers such as "EPS guidance", units, "-" phrases such
  as "discount to NAV") are in :mod:`sentiment.components.claim_metrics`.
- Direction comes from a direction word nearest the primary figure, else from
  "from X to Y", else from an explicit sign ("-24.52%" is down). "up to" is a cap, not a
  rise ("-" in directions.tsv), and the "loss" of "a net loss of $2bn" a level, not a fall.
- A loss phrase ("net loss", flagged ``loss`` in ``metric_phrases.tsv``) puts its amount
  below zero: "a net loss of $2bn" is net income of -2e9 (in ``value`` and in the primary
  of ``figures``).
- Forward-looking cues, the period and the direction are read in the clause of the
  primary figure (:mod:`sentiment.figures.clauses`): "reported growth of 4.1%
  and expects margins to improve in 2025" is a reported 4.1% of no stated period.
- ``tickers`` are the tickers the sentence names, its subject first (a house acting on a
  company's target comes after the company); when it names none but refers to the note's
  company ("the company", "the fund", "we"), the ticker named most recently before it,
  unless the metric is the economy's: see :mod:`sentiment.components.claim_subjects`.
- ``forward_looking`` comes from the learned model of :mod:`sentiment.components.forward`
  (words plus the rule findings; the component's default) or, without one, from the
  rules alone (a cue word outside a blocker span, or a range of like figures).
  ``cues`` lists the evidence and is empty exactly when the claim is not forward-looking.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from sentiment.components.claim_figures import FigureAttributor, Sentence
from sentiment.components.claim_metrics import (
    Mention,
    MetricChooser,
    find_mentions,
    nearest,
)
from sentiment.components.claim_subjects import acting_houses, claim_tickers
from sentiment.components.claim_vocabulary import ClaimVocabulary, load_claim_vocabulary
from sentiment.components.extensions import install_extensions
from sentiment.components.figure_rules import load_figure_rules
from sentiment.components.forward import (
    ForwardClassifier,
    ForwardDecision,
    ForwardEvidence,
    load_forward_classifier,
    range_cues,
    rules_decision,
)
from sentiment.components.periods import Period, PeriodFinder, load_period_finder
from sentiment.figures.clauses import clause_of, inside
from sentiment.figures.finder import FigureFinder, default_figure_finder, load_figure_vocabulary
from sentiment.figures.ranges import is_from_to
from sentiment.results import Claim, Figure, TickerMention
from sentiment.wordlists import PhraseIndex, Words

# How many ticker mentions before a sentence are looked at for the other side of a
# comparison whose ticker the sentence does not name ("a smaller drawdown of x% versus y%").
EARLIER_MENTIONS = 12


@dataclass(frozen=True)
class _Parsed:
    """One sentence's figures, words and metric mentions, and its primary figure."""

    text: str
    start: int
    words: Words
    figures: list[Figure]
    metrics: list[Mention]
    primary: Figure
    clause: tuple[int, int]

    @property
    def local(self) -> tuple[int, int]:
        """The primary figure's span relative to the sentence."""
        return (self.primary.start - self.start, self.primary.end - self.start)

    def in_clause(self, figure: Figure) -> bool:
        """Is ``figure`` in the clause of the primary figure?"""
        return inside((figure.start - self.start, figure.end - self.start), self.clause)


class ClaimExtractor:
    """Turns one sentence into a :class:`Claim`, or None when it states no figure."""

    def __init__(
        self,
        vocabulary: ClaimVocabulary,
        figures: FigureFinder,
        periods: PeriodFinder,
        *,
        ranges_look_forward: bool = True,
        forward: ForwardClassifier | None = None,
    ) -> None:
        """``forward``: the learned forward-looking model; None decides by the rules alone."""
        self.vocabulary = vocabulary
        self.ranges_look_forward = ranges_look_forward
        self.figures = figures
        self.periods = periods
        self.forward = forward
        self._metrics = PhraseIndex(vocabulary.metrics)
        self._directions = PhraseIndex(vocabulary.directions)
        self.chooser = MetricChooser(
            vocabulary.metrics,
            vocabulary.metric_units,
            vocabulary.qualifiers,
            vocabulary.economy_metrics,
            vocabulary.losses,
        )
        self.subjects = vocabulary.subject_rules()
        figure_metrics = vocabulary.figure_metrics or vocabulary.metrics
        self.attributor = FigureAttributor(
            vocabulary.figure_rules or load_figure_rules(),
            PhraseIndex(figure_metrics),
            MetricChooser(
                figure_metrics,
                vocabulary.metric_units,
                vocabulary.qualifiers,
                vocabulary.economy_metrics,
                vocabulary.losses,
            ),
            vocabulary.clause_breaks,
            vocabulary.economy_metrics,
        )

    def extract(
        self,
        text: str,
        start: int = 0,
        mentions: Sequence[TickerMention] = (),
        previous: str | None = None,
        earlier: Sequence[str] = (),
    ) -> Claim | None:
        """The claim in sentence ``text`` found at ``start`` of its document; ``previous``
        is the symbol of the last ticker named before the sentence, if any, and ``earlier``
        the tickers named before it, the most recent first (``previous`` by default)."""
        parsed = self._parse(text, start, mentions)
        if parsed is None:
            return None
        text, start, words, metrics = parsed.text, parsed.start, parsed.words, parsed.metrics
        primary, figures = parsed.primary, parsed.figures
        loss = self.chooser.states_loss(text, metrics, parsed.local, primary.unit)
        direction = self._direction(parsed, loss)
        periods = self.periods.find(words)
        period = _nearest_period(periods, parsed)
        decision = self._decide(self._evidence(parsed, period))
        metric = self.chooser.choose(text, metrics, parsed.local, primary.unit, direction)
        if loss:
            primary, figures = _below_zero(primary, figures)
        tickers = claim_tickers(self.subjects, text, start, mentions, words, metric, previous)
        kept = [f for f in figures if f.unit != "number" or self.chooser.names_metric(metrics)]
        inside_sentence = self._inside(text, start, mentions)
        # a sentence that names no ticker is about the one named before it (FIGURES.md)
        subject = tickers[0] if tickers else (None if inside_sentence else previous)
        sentence = Sentence(
            text=text,
            start=start,
            words=words,
            figures=tuple(kept),
            primary=primary,
            mentions=inside_sentence,
            subject=subject,
            periods=tuple(p for p in periods if not _in_metric(p, metrics)),
            earlier=tuple(earlier) or ((previous,) if previous else ()),
        )
        return Claim(
            text=text,
            start=start,
            end=start + len(text),
            metric=metric,
            value=primary.value,
            unit=primary.unit,
            forward_looking=decision.forward_looking,
            tickers=tickers,
            figures=self.attributor.attribute(
                self._with_houses(sentence),
                lambda f: direction if f is primary else self._figure_direction(parsed, f, kept),
            ),
            period=period,
            direction=direction,
            cues=decision.cues,
        )

    @staticmethod
    def _inside(
        text: str, start: int, mentions: Sequence[TickerMention]
    ) -> tuple[TickerMention, ...]:
        """The mentions within the sentence, in order."""
        end = start + len(text)
        return tuple(sorted((m for m in mentions if start <= m.start and m.end <= end),
                            key=lambda m: m.start))  # fmt: skip

    def _with_houses(self, sentence: Sentence) -> Sentence:
        """The sentence with its houses acting on a company marked (they own no figure)."""
        mentions = sentence.mentions
        houses = acting_houses(self.subjects, sentence.text, sentence.start, mentions)
        marked = frozenset(i for i, m in enumerate(mentions) if any(m is h for h in houses))
        return replace(sentence, houses=marked)

    def _figure_direction(
        self, parsed: _Parsed, figure: Figure, figures: list[Figure]
    ) -> str | None:
        """The direction stated for a figure other than the primary, in its own clause."""
        local = (figure.start - parsed.start, figure.end - parsed.start)
        clause = clause_of(parsed.text, local, self.vocabulary.clause_breaks)
        return self.direction(parsed.words, parsed.start, figure, figures, clause=clause)

    def forward_evidence(self, text: str, start: int = 0) -> ForwardEvidence | None:
        """What the forward-looking rules find in sentence ``text`` (None if no claim);
        the input of the learned model, used to train it."""
        parsed = self._parse(text, start)
        if parsed is None:
            return None
        period = _nearest_period(self.periods.find(parsed.words), parsed)
        return self._evidence(parsed, period)

    def _parse(
        self, text: str, start: int, mentions: Sequence[TickerMention] = ()
    ) -> _Parsed | None:
        """Figures, words and metrics of a sentence with a primary figure, else None.

        A "figure" inside a ticker mention is part of a name ("3M", "7203"), not a number.
        """
        text, start = _strip(text, start)
        figures = [f for f in self.figures.find(text, offset=start) if not _inside(f, mentions)]
        if not figures:
            return None
        words = Words(text)
        metrics = find_mentions(self._metrics, words)
        primary = _primary(figures, has_metric=self.chooser.names_metric(metrics))
        if primary is None:
            return None
        local = (primary.start - start, primary.end - start)
        clause = clause_of(text, local, self.vocabulary.clause_breaks)
        return _Parsed(text, start, words, figures, metrics, primary, clause)

    def _evidence(self, parsed: _Parsed, period: str | None) -> ForwardEvidence:
        """The forward-looking evidence of the primary figure's clause."""
        lo, hi = parsed.clause
        whole = (lo, hi) == (0, len(parsed.text))
        text = parsed.text[lo:hi]
        cues, blocked = self.vocabulary.cues.find(parsed.words if whole else Words(text))
        figures = [f for f in parsed.figures if parsed.in_clause(f)]
        ranges = range_cues(text, parsed.start + lo, figures)
        return ForwardEvidence(
            text=text,
            cues=cues,
            ranges=tuple(ranges) if self.ranges_look_forward else (),
            blocked=blocked,
            units=tuple(dict.fromkeys(f.unit for f in figures)),
            period=period,
        )

    def _decide(self, evidence: ForwardEvidence) -> ForwardDecision:
        if self.forward is None:
            return rules_decision(evidence)
        return self.forward.decide(evidence)

    def _direction(self, parsed: _Parsed, loss: bool) -> str | None:
        """The direction of the primary figure, from its clause; a loss has no sign of one."""
        return self.direction(
            parsed.words,
            parsed.start,
            parsed.primary,
            parsed.figures,
            clause=parsed.clause,
            hidden=self.chooser.loss_spans(parsed.metrics, parsed.primary.unit),
            signed=not loss,
        )

    def direction(
        self,
        words: Words,
        start: int,
        primary: Figure,
        figures: list[Figure],
        *,
        clause: tuple[int, int] | None = None,
        hidden: Sequence[tuple[int, int]] = (),
        signed: bool = True,
    ) -> str | None:
        """The direction ("up", "down", "flat") from a word, "from X to Y" or a sign
        (unless not ``signed``). Words count only in ``clause`` (default: the sentence),
        outside ``hidden`` spans and unless their phrase states none ("up to")."""
        text = words.text
        clause = clause or (0, len(text))
        mentions = [
            m
            for m in find_mentions(self._directions, words)
            if self.vocabulary.directions[m.key]
            and inside((m.start, m.end), clause)
            and not any(inside((m.start, m.end), span) for span in hidden)
        ]
        word = nearest(mentions, (primary.start - start, primary.end - start))
        if word is not None:
            return self.vocabulary.directions[word.key]
        for low, high in zip(figures, figures[1:], strict=False):
            between = text[low.end - start : high.start - start]
            if is_from_to(text, low.start - start, between):
                if high.value != low.value:
                    return "up" if high.value > low.value else "down"
        if not signed:
            return None
        if primary.text.lstrip("(").startswith(("-", "\u2212")) or primary.value < 0:
            return "down"
        return "up" if primary.text.startswith("+") else None

    def forward_cues(self, words: Words) -> tuple[str, ...]:
        """The rule cue words of the sentence, outside blocker spans (empty if none)."""
        return self.vocabulary.cues.find(words)[0]


def _inside(figure: Figure, mentions: Sequence[TickerMention]) -> bool:
    return any(m.start < figure.end and figure.start < m.end for m in mentions)


def _strip(text: str, start: int) -> tuple[str, int]:
    """The text without surrounding whitespace, and its new start."""
    stripped = text.lstrip()
    return stripped.rstrip(), start + len(text) - len(stripped)


def _primary(figures: list[Figure], has_metric: bool) -> Figure | None:
    """The first figure with a unit; a plain decimal only next to a metric."""
    with_unit = [f for f in figures if f.unit != "number"]
    if with_unit:
        return with_unit[0]
    return figures[0] if figures and has_metric else None


def _nearest_period(periods: list[Period], parsed: _Parsed) -> str | None:
    """The period in the primary figure's clause nearest it; one inside a metric ("30-day
    SEC yield") is not one."""
    mentions = [
        Mention(p.start, p.end, p.label)
        for p in periods
        if inside((p.start, p.end), parsed.clause)
        and not any(m.start <= p.start and p.end <= m.end for m in parsed.metrics)
    ]
    found = nearest(mentions, parsed.local)
    return found.key if found else None


def _in_metric(period: Period, metrics: list[Mention]) -> bool:
    """Is the period inside a metric phrase ("30-day SEC yield")?"""
    return any(m.start <= period.start and period.end <= m.end for m in metrics)


def _below_zero(primary: Figure, figures: list[Figure]) -> tuple[Figure, list[Figure]]:
    """The primary figure as a loss (below zero), and the figures with it in its place."""
    negative = replace(primary, value=-abs(primary.value))
    return negative, [negative if f is primary else f for f in figures]


@Language.factory(
    "sentiment_claims",
    default_config={
        "resources_dir": None,
        "ranges_look_forward": True,
        "forward_model": "shipped",
    },
    assigns=["doc._.claims"],
    requires=["token.is_sent_start"],
)
def make_claim_finder(
    nlp: Language,
    name: str,
    resources_dir: str | None,
    ranges_look_forward: bool,
    forward_model: str | None,
) -> ClaimFinder:
    """Build the claim finder.

    ``resources_dir`` replaces the shipped vocabularies (a folder with the same files);
    ``ranges_look_forward`` makes a range of figures ("3-4%") a forward-looking cue;
    ``forward_model`` is "shipped" (the learned model in ``resources/claims/``), a path
    to other weights from training/train_forward.py, or null for the rules alone.
    """
    extractor = ClaimExtractor(
        load_claim_vocabulary(resources_dir),
        FigureFinder(load_figure_vocabulary(resources_dir))
        if resources_dir
        else default_figure_finder(),
        load_period_finder(resources_dir),
        ranges_look_forward=ranges_look_forward,
        forward=_forward_classifier(forward_model, resources_dir),
    )
    return ClaimFinder(name, extractor)


def _forward_classifier(setting: str | None, resources_dir: str | None) -> ForwardClassifier | None:
    """The learned model named by the ``forward_model`` setting (None: rules only)."""
    if not setting:
        return None
    return load_forward_classifier(None if setting == "shipped" else setting, resources_dir)


class ClaimFinder:
    """Writes ``doc._.claims``: one :class:`Claim` per sentence that states a figure."""

    def __init__(self, name: str, extractor: ClaimExtractor) -> None:
        install_extensions()
        self.name = name
        self.extractor = extractor

    def __call__(self, doc: Doc, previous: str | None = None) -> Doc:
        """Find the claims of ``doc``; ``previous`` is the symbol of the last ticker named
        before it, when ``doc`` is a later chunk of a long document (``component_cfg``)."""
        self.set_annotations(doc, self.predict(doc, previous))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Find claims doc by doc, in batches."""
        for docs in minibatch(stream, size=batch_size):
            for doc in docs:
                self.set_annotations(doc, self.predict(doc))
                yield doc

    def predict(self, doc: Doc, previous: str | None = None) -> list[Claim]:
        """The claims of ``doc`` in order (no side effects); ``previous`` as in
        :meth:`__call__`."""
        mentions = sorted(doc._.tickers or (), key=lambda m: m.start)
        starts = [m.start for m in mentions]
        claims = []
        for sentence in _sentences(doc):
            # Only this sentence's mentions: passing all of them makes long notes quadratic.
            lo = bisect_left(starts, sentence.start_char)
            hi = bisect_left(starts, sentence.end_char)
            claim = self.extractor.extract(
                sentence.text,
                sentence.start_char,
                mentions[lo:hi],
                mentions[lo - 1].symbol if lo else previous,
                _recent(mentions[max(0, lo - EARLIER_MENTIONS) : lo]),
            )
            if claim is not None:
                claims.append(claim)
        return claims

    def set_annotations(self, doc: Doc, claims: list[Claim]) -> None:
        """Write the claims (an empty list when there are none)."""
        doc._.claims = claims


def _recent(mentions: Sequence[TickerMention]) -> tuple[str, ...]:
    """The symbols of ``mentions``, the most recent first, each once."""
    return tuple(dict.fromkeys(m.symbol for m in reversed(mentions)))


def _sentences(doc: Doc) -> Iterator[Span]:
    """The doc's sentences, or the whole doc when no segmenter ran."""
    if doc.has_annotation("SENT_START"):
        yield from doc.sents
    elif len(doc):
        yield doc[:]
