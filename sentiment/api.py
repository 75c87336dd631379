"""The Analyzer: owns the spaCy pipeline and the model; the one door for Python users."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sentiment import aggregate, evidence, weighing
from sentiment.bare_lists import bare_list_sentences
from sentiment.chunks import WINDOW_CHARS, chunk_spans
from sentiment.deprecation import renamed
from sentiment.errors import InputError
from sentiment.figures.table import ComparisonTable, compare_figures, figure_rows
from sentiment.inputs import (
    check_text,
    checked_band,
    checked_pair,
    checked_size,
    checked_sources,
    checked_weight,
    has_content,
    listed,
    prefix,
)
from sentiment.precision import checked_precision, choose_precision
from sentiment.results import (
    Claim,
    DocumentSentiment,
    FigureRow,
    SentenceSentiment,
    TickerMention,
)
from sentiment.tally import DETAIL_LIMIT, NoteTally

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

    from sentiment.batch import FolderItem
    from sentiment.classifier import Prediction

FAST_START_CHARS = 20_000
"""With ``precision="auto"``, calls on less text than this (about six pages) may run on the
fast-starting fp32 model (see :class:`Analyzer`)."""

REMEMBERED_INPUTS = 50_000
"""How many (sentence, target) predictions a long document's analysis remembers, so that a
repeated sentence is scored once (some tens of MB at most)."""

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` in characters of the text."""


class Classifier(Protocol):
    """What the Analyzer needs of a model: batched predictions, optionally toward targets."""

    def predict(
        self, texts: Sequence[str], targets: Sequence[str | None] | None = None
    ) -> list[Prediction]: ...


class Analyzer:
    """Scores documents, sentences and (sentence, target) pairs.

    ``Analyzer()`` uses the bundled model; ``Analyzer(model_dir=...)`` another one.
    ``neutral_band`` (default :data:`sentiment.aggregate.NEUTRAL_BAND`, 0.15) sets where
    neutral ends: ``|score| < band``.
    ``backend``: ``auto`` (ONNX Runtime on CPU when available, else PyTorch), ``onnx`` or
    ``torch``; ``device="cuda"`` runs the PyTorch backend on a GPU.
    ``precision``: ``auto`` (default: bf16 where the CPU has native bf16, else int8 where
    it has int8 dot products, each only if its recorded label agreement with fp32 is at least
    99%; else fp32; see :mod:`sentiment.precision`), ``fp32``, ``bf16`` or ``int8``. With
    ``auto``, a small call (under :data:`FAST_START_CHARS` characters) made before the
    reduced-precision model is loaded runs on the fast-starting fp32 ONNX model, so one short
    note does not wait for PyTorch to load or the int8 graph to be built;
    :meth:`analyze_many` (and batches) always use the choice.
    ``model_batch_size``: how many sentences the model scores in one forward pass (formerly
    ``batch_size``; 16: the same scores as 64, no slower on CPU, and the model's working
    memory a fraction of it: see docs/batch.md, long documents).
    ``read_figures`` (default on): a sentence that sets a metric's figure against an
    earlier or expected one ("EUR 17.7 mn compared to EUR 17.6 mn") has that change
    weighed into its label, and carries it as evidence (``SentenceSentiment.changes``).
    ``link_references`` (default on): a ticker's score uses every sentence about it, named
    or referred to ("the company", "management", a "we" view in a note about one company;
    :mod:`sentiment.attribution`), each evidence sentence saying how it was linked.
    ``readings`` (default: all kinds): the analyst language read about each ticker (kinds
    ``role``, ``rating``, ``comparison``, ``deal``, ``hedge``, ``fact``, ``move``,
    ``guidance``; True, False, a collection or a comma-separated string) is folded into its
    sentence scores and kept as evidence.
    ``document_follows_tickers`` (default on): a note about one company takes that
    company's score; a note that sets tickers against each other is neutral as a whole.
    All three off (and ``ticker_band_margin`` 0, its default) give the scores of the releases
    before them.
    ``ticker_band_margin`` (default :data:`sentiment.aggregate.TICKER_BAND_MARGIN`, 0):
    a ticker's label is neutral within ``neutral_band`` plus this margin (0: the document's
    band).
    ``verdict_weight`` (default :data:`sentiment.aggregate.VERDICT_WEIGHT`, 10): how many
    times a sentence stating the author's verdict on a ticker (a rating or target action, a
    pair trade's side, a comparison's winner or loser) counts in that ticker's score and in a
    one-company note's score; 1 counts it as any other sentence.
    ``window_chars`` (default :data:`sentiment.chunks.WINDOW_CHARS`): a longer text is
    analysed in chunks of at most this many characters, ending at sentence boundaries, so
    spaCy and the model see a bounded window whatever its length (see :meth:`analyze`).
    ``detail_limit`` (default :data:`sentiment.tally.DETAIL_LIMIT`, 2,000): the most
    sentences and claims, and per ticker evidence sentences and mentions, that the result
    of a text over ``window_chars`` keeps; its scores use every sentence, and its
    ``omitted`` counts what was left out, so memory stays flat whatever the length.
    The model and the pipeline load on first use, once per Analyzer. A pickled Analyzer
    (sent to a worker process or a Ray actor) carries its settings, not its loaded pipeline
    or model: the copy loads its own on first use. A ``classifier`` passed in is kept.
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        neutral_band: float = aggregate.NEUTRAL_BAND,
        device: str = "cpu",
        backend: str = "auto",
        precision: str = "auto",
        model_batch_size: int = 16,
        classifier: Classifier | None = None,
        ticker_config: dict[str, Any] | None = None,
        read_figures: bool = True,
        link_references: bool = True,
        readings: bool | str | Iterable[str] = True,
        document_follows_tickers: bool = True,
        window_chars: int = WINDOW_CHARS,
        detail_limit: int = DETAIL_LIMIT,
        batch_size: int | None = None,
        ticker_band_margin: float = aggregate.TICKER_BAND_MARGIN,
        verdict_weight: float = aggregate.VERDICT_WEIGHT,
    ) -> None:
        model_batch_size = renamed(
            model_batch_size, batch_size, old="batch_size", new="model_batch_size"
        )
        self.neutral_band = checked_band(neutral_band)
        self.model_dir = model_dir
        self.device = device
        self.backend = backend
        self.precision = checked_precision(precision)
        self.model_batch_size = checked_size(model_batch_size, "model_batch_size")
        self.ticker_config = ticker_config
        self.read_figures = read_figures
        self.link_references = bool(link_references)
        self.readings = evidence.reading_kinds(readings)
        self.document_follows_tickers = bool(document_follows_tickers)
        self.window_chars = checked_size(window_chars, "window_chars")
        self.detail_limit = checked_size(detail_limit, "detail_limit")
        self.ticker_band_margin = checked_band(ticker_band_margin, "ticker_band_margin")
        self.verdict_weight = checked_weight(verdict_weight, "verdict_weight")
        self._classifier = classifier
        self._classifier_given = classifier is not None
        self._fast_start: Classifier | None = None
        self._nlp: Language | None = None

    def __getstate__(self) -> dict[str, Any]:
        """The settings, without the loaded pipeline or model (a copy loads its own); a
        classifier passed to the constructor is kept, as the copy could not load it."""
        state = self.__dict__.copy()
        state["_nlp"] = None
        state["_fast_start"] = None
        if not self._classifier_given:
            state["_classifier"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def batch_size(self) -> int:
        """Deprecated name of :attr:`model_batch_size`."""
        warnings.warn(
            "batch_size is deprecated and will be removed in the next release; "
            "use model_batch_size",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.model_batch_size

    @property
    def classifier(self) -> Classifier:
        """The sentence model, loaded on first use."""
        if self._classifier is None:
            from sentiment.classifier import SentenceClassifier

            self._classifier = SentenceClassifier(
                self.model_dir,
                device=self.device,
                backend=self.backend,
                batch_size=self.model_batch_size,
                precision=self.resolved_precision,
            )
        return self._classifier

    @property
    def resolved_precision(self) -> str:
        """The precision :attr:`precision` stands for on this machine (``auto`` resolved)."""
        return choose_precision(self.precision, self.device, backend=self.backend)

    def _model_for(self, fast_start: bool) -> Classifier:
        """The model for one call: the fast-starting fp32 ONNX one for a small call
        (``fast_start``) while ``auto``'s reduced-precision model (bf16 needs PyTorch; int8
        opens two graphs and is built on its first use) is not loaded yet; else
        :attr:`classifier`."""
        lazy = self.precision == "auto" and self.backend == "auto" and self.device == "cpu"
        if not (fast_start and lazy and self._classifier is None):
            return self.classifier
        if self.resolved_precision == "fp32":
            return self.classifier
        if self._fast_start is None:
            from sentiment.classifier import SentenceClassifier

            self._fast_start = SentenceClassifier(
                self.model_dir, batch_size=self.model_batch_size, precision="fp32"
            )
        return self._fast_start

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline (sentences, tickers, claims), built on first use."""
        if self._nlp is None:
            from sentiment.nlp import build_pipeline

            self._nlp = build_pipeline(self.ticker_config)
        return self._nlp

    def result_settings(self) -> dict[str, Any]:
        """Everything of this Analyzer that changes its results, as plain values: the model
        (resolved folder and :func:`~sentiment.classifier.model_fingerprint`; a classifier
        passed in is named by its class), ``neutral_band``, ``read_figures``,
        ``ticker_config``, ``link_references``, ``readings``, ``document_follows_tickers``,
        ``window_chars``, ``ticker_band_margin`` and ``verdict_weight``.
        A batch journal records them so that a resumed run cannot mix
        results of two settings. The resolved ``precision`` is kept (bf16 and int8 change
        a few labels); ``device``, ``backend`` and ``model_batch_size`` are left out: they
        change speed, not the (4-decimal) scores.
        """
        if self._classifier_given:
            kind = type(self._classifier)
            model, fingerprint = kind.__qualname__, None
        else:
            from sentiment.classifier import default_model_dir, model_fingerprint

            folder = Path(self.model_dir) if self.model_dir else default_model_dir()
            model, fingerprint = str(folder.resolve()), model_fingerprint(folder)
        return {
            "model": model,
            "model_fingerprint": fingerprint,
            "precision": None if self._classifier_given else self.resolved_precision,
            "neutral_band": self.neutral_band,
            "read_figures": self.read_figures,
            "ticker_config": self.ticker_config,
            "link_references": self.link_references,
            "readings": sorted(self.readings),
            "document_follows_tickers": self.document_follows_tickers,
            "window_chars": self.window_chars,
            "ticker_band_margin": self.ticker_band_margin,
            "verdict_weight": self.verdict_weight,
        }

    # -- sentences --------------------------------------------------------------
    def classify(self, sentences: Sequence[str]) -> list[SentenceSentiment]:
        """Score bare sentences (batched); offsets are within each sentence.

        Raises InputError for a str (pass a list) and for an item that is not text or has
        nothing to analyse.
        """
        sentences = listed(sentences, "sentences", "a list of texts")
        for i, sentence in enumerate(sentences):
            check_text(sentence, f"sentences[{i}]")
        fast_start = sum(map(len, sentences)) < FAST_START_CHARS
        return self._score([(s, None) for s in sentences], fast_start=fast_start)

    def classify_targets(self, pairs: Sequence[tuple[str, str]]) -> list[SentenceSentiment]:
        """Score each text toward its target (a company name or ticker as written).

        Raises InputError for an item that is not a (text, target) pair of strings or whose
        text has nothing to analyse.
        """
        pairs = listed(pairs, "pairs", "a list of (text, target) pairs")
        items = [checked_pair(pair, f"pairs[{i}]") for i, pair in enumerate(pairs)]
        fast_start = sum(len(t) for t, _ in items) < FAST_START_CHARS
        return self._score(items, fast_start=fast_start)

    def _score(
        self,
        items: Sequence[tuple[str, str | None]],
        spans: Sequence[tuple[int, int]] | None = None,
        fast_start: bool = False,
        model: Classifier | None = None,
    ) -> list[SentenceSentiment]:
        if not items:
            return []
        model = model or self._model_for(fast_start)
        predictions = model.predict([t for t, _ in items], [g for _, g in items])
        spans = spans or [(0, len(t)) for t, _ in items]
        scored = [
            SentenceSentiment(text, start, end, p.label, p.score, p.probabilities, target)
            for (text, target), (start, end), p in zip(items, spans, predictions)
        ]
        return weighing.weigh_sentences(scored) if self.read_figures else scored

    # -- documents --------------------------------------------------------------
    def analyze(
        self,
        text: str,
        *,
        source: str | None = None,
        neutral_band: float | None = None,
        progress: Progress | None = None,
    ) -> DocumentSentiment:
        """Analyse one document: label, score, sentences, tickers and claims.

        A text longer than ``window_chars`` is read in chunks that end at sentence
        boundaries; the ticker finder carries what earlier chunks established (names,
        confirmed symbols, listings) into later ones. Only running sums and the first
        ``detail_limit`` sentences, claims and per-ticker evidence and mentions are kept
        (the result's ``omitted`` counts the rest), so memory stays flat; the scores are
        those of the whole text.
        ``progress``, if given, is called as ``progress(done, total)`` in characters after
        each chunk (once, at the end, for a text of one chunk).

        Raises InputError for text that is not a str, has no letter or digit, or is longer
        than the pipeline takes (:data:`sentiment.nlp.MAX_TEXT_CHARS`).
        """
        band = self.neutral_band if neutral_band is None else checked_band(neutral_band)
        self._check_document(text, source)
        fast_start = len(text) < FAST_START_CHARS
        if len(text) > self.window_chars:
            return self._analyze_long(text, source, band, progress)
        result = self._analyze_checked([text], [source], band, 1, fast_start)[0]
        if progress is not None:
            progress(len(text), len(text))
        return result

    def analyze_file(
        self, path: str | Path, *, neutral_band: float | None = None
    ) -> DocumentSentiment:
        """Read a note (any supported format and encoding) and analyse it."""
        from sentiment.readers import read_document

        return self.analyze(read_document(path), source=str(path), neutral_band=neutral_band)

    def analyze_many(
        self,
        texts: Iterable[str],
        *,
        sources: Sequence[str | None] | None = None,
        neutral_band: float | None = None,
        pipe_batch_size: int = 32,
        batch_size: int | None = None,
    ) -> list[DocumentSentiment]:
        """Analyse many documents; the model sees all their sentences in shared batches.

        Gives the same results as calling :meth:`analyze` on each text, and raises the same
        errors, naming the text (``texts[i]``); a text over ``window_chars`` is read in
        chunks, on its own. ``sources``, if given, has one per text.
        ``pipe_batch_size``: how many texts the spaCy pipeline takes at a time (memory, not
        results; formerly ``batch_size``).
        """
        pipe_batch_size = renamed(
            pipe_batch_size, batch_size, old="batch_size", new="pipe_batch_size"
        )
        texts = listed(texts, "texts", "a list of texts")
        sources = checked_sources(sources, len(texts))
        band = self.neutral_band if neutral_band is None else checked_band(neutral_band)
        pipe_batch_size = checked_size(pipe_batch_size, "pipe_batch_size")
        for i, (text, source) in enumerate(zip(texts, sources)):
            self._check_document(text, f"texts[{i}] ({source})" if source else f"texts[{i}]")
        return self._analyze_checked(texts, sources, band, pipe_batch_size)

    # -- extraction (no model) ---------------------------------------------------
    def find_tickers(self, text: str) -> list[TickerMention]:
        """The ticker mentions in ``text``, each with how it was resolved; loads no model.
        A long text is read in chunks, as by :meth:`analyze`.

        Raises InputError for text that is not a str or is longer than the pipeline takes.
        """
        return self._found(text, "tickers")

    def find_claims(self, text: str) -> list[Claim]:
        """The financial claims in ``text`` (metric, figures, period, tickers); loads no model.
        A long text is read in chunks, as by :meth:`analyze`.

        Raises InputError for text that is not a str or is longer than the pipeline takes.
        """
        return self._found(text, "claims")

    def find_figures(self, text: str) -> list[FigureRow]:
        """Every figure of the claims in ``text`` as a row of the long figure table (its
        ticker, metric, value, period and role, and its claim); loads no model."""
        return figure_rows(self.find_claims(text))

    def compare(self, text: str) -> ComparisonTable:
        """The ticker x metric table of the figures in ``text`` (each cell with its figures,
        periods and sentences; two disagreeing figures of a cell are both kept and flagged:
        see :mod:`sentiment.figures.table`); loads no model."""
        return compare_figures(self.find_claims(text))

    def _found(self, text: Any, attribute: str) -> list[Any]:
        """``doc._.<attribute>`` (tickers or claims) of each chunk, moved to the whole text."""
        return [
            item.shifted(start)
            for start, _, doc in self._chunk_docs(self._extractable(text))
            for item in getattr(doc._, attribute) or ()
        ]

    def _extractable(self, text: Any) -> str:
        if not isinstance(text, str):
            raise InputError(f"expected text (str), got {type(text).__name__}")
        self._check_length(text, None)
        return text

    def _chunk_docs(self, text: str) -> Iterator[tuple[int, int, Doc]]:
        """(start, end, Doc) of each chunk of ``text`` (one for a text within
        ``window_chars``), each Doc made with what the chunks before it established."""
        from sentiment.nlp import chunk_config, sentence_starts

        context, previous = None, None
        starts = partial(sentence_starts, self.nlp)
        for start, end in chunk_spans(text, self.window_chars, starts):
            doc = self.nlp(text[start:end], component_cfg=chunk_config(context, previous))
            yield start, end, doc
            found = doc._.tickers or ()
            context, previous = doc._.ticker_context, found[-1].symbol if found else previous

    def _check_document(self, text: Any, where: str | None) -> None:
        check_text(text, where)
        self._check_length(text, where)

    def _check_length(self, text: str, where: str | None) -> None:
        if len(text) > self.nlp.max_length:
            raise InputError(
                f"{prefix(where)}text of {len(text):,} characters is over the "
                f"{self.nlp.max_length:,}-character limit; split it into parts"
            )

    def _analyze_checked(
        self,
        texts: list[str],
        sources: list[str | None],
        band: float,
        pipe_batch_size: int,
        fast_start: bool = False,
    ) -> list[DocumentSentiment]:
        short = [i for i, text in enumerate(texts) if len(text) <= self.window_chars]
        docs = list(self.nlp.pipe([texts[i] for i in short], batch_size=pipe_batch_size))
        parts = self._scored_parts([texts[i] for i in short], docs, [0] * len(short), fast_start)
        results: dict[int, DocumentSentiment] = {}
        for i, doc, (sentences, targets) in zip(short, docs, parts):
            mentions, claims = doc._.tickers or [], doc._.claims or []
            results[i] = self._document(sentences, targets, mentions, claims, band, sources[i])
        del docs
        for i, text in enumerate(texts):
            if i not in results:
                results[i] = self._analyze_long(text, sources[i], band, None)
        return [results[i] for i in range(len(texts))]

    def _analyze_long(
        self, text: str, source: str | None, band: float, progress: Progress | None
    ) -> DocumentSentiment:
        """One document in chunks: a bounded Doc at a time, only running sums and bounded
        detail kept (:class:`sentiment.tally.NoteTally`; the kept detail's repeated strings
        shared: see :func:`_kept_mention` and :func:`_kept_claim`). A sentence repeated
        in the document (a disclaimer, a boilerplate line) is scored once
        (:class:`_RepeatedInputs`)."""
        tally = NoteTally(
            link_references=self.link_references,
            kinds=self.readings,
            follow_tickers=self.document_follows_tickers,
            detail_limit=self.detail_limit,
            verdict_weight=self.verdict_weight,
        )
        strings: dict[str, str] = {}
        model = _RepeatedInputs(self.classifier)
        for start, end, doc in self._chunk_docs(text):
            chunk = text[start:end]
            [(sentences, targets)] = self._scored_parts([chunk], [doc], [start], model=model)
            texts = {s.text: s.text for s in sentences}
            mentions = [_kept_mention(m, start, strings) for m in doc._.tickers or ()]
            claims = [_kept_claim(c, start, texts) for c in doc._.claims or ()]
            del doc, texts
            tally.add(sentences, targets, mentions, claims)
            if progress is not None:
                progress(end, len(text))
        ticker_band = aggregate.ticker_band(band, self.ticker_band_margin)
        return tally.result(band, ticker_band, source)

    def _scored_parts(
        self,
        texts: list[str],
        docs: list[Doc],
        offsets: list[int],
        fast_start: bool = False,
        model: Classifier | None = None,
    ) -> list[tuple[list[SentenceSentiment], dict[tuple[int, str], SentenceSentiment]]]:
        """Each doc's scored sentences and (sentence index, symbol) -> target scores; the
        model (``model``, default the Analyzer's) sees all their sentences in shared
        batches. ``offsets``: where each text starts in its document (a chunk's place; 0
        for a whole text)."""
        sentence_spans = [_sentence_spans(doc) for doc in docs]
        bare = [
            bare_list_sentences(t, d._.tickers or [], s)
            for t, d, s in zip(texts, docs, sentence_spans)
        ]
        pair_keys = [
            [p for p in _target_pairs(doc, spans) if p[0] not in lists]
            for doc, spans, lists in zip(docs, sentence_spans, bare)
        ]
        items, spans = [], []
        for text, offset, doc_spans, lists, pairs in zip(
            texts, offsets, sentence_spans, bare, pair_keys
        ):
            # Slice the input string (Doc.text rebuilds the whole text on every access), once
            # per sentence: its scores toward targets share the sentence's text and offsets.
            placed = [(s + offset, e + offset) for s, e in doc_spans]
            sliced = [text[s:e] for s, e in doc_spans]
            scoring = [i for i in range(len(doc_spans)) if i not in lists]
            items += [(sliced[i], None) for i in scoring]
            items += [(sliced[i], target) for i, _, target in pairs]
            spans += [placed[i] for i in scoring] + [placed[i] for i, _, _ in pairs]
        scored = iter(self._score(items, spans, fast_start, model))
        parts = []
        for text, offset, doc_spans, lists, pairs in zip(
            texts, offsets, sentence_spans, bare, pair_keys
        ):
            sentences = [
                self._neutral(text, span, offset) if i in lists else next(scored)
                for i, span in enumerate(doc_spans)
            ]
            targets = {(i, symbol): next(scored) for i, symbol, _ in pairs}
            parts.append((sentences, weighing.weigh_sole_targets(sentences, targets)))
        return parts

    def _neutral(self, text: str, span: tuple[int, int], offset: int) -> SentenceSentiment:
        """A bare list's sentence: neutral by rule (see :mod:`sentiment.bare_lists`);
        ``span`` is within ``text``, which starts at ``offset`` in its document."""
        labels = getattr(self.classifier, "labels", ("negative", "neutral", "positive"))
        probabilities = {label: 1.0 if label == "neutral" else 0.0 for label in labels}
        start, end = span
        sentence = text[start:end]
        return SentenceSentiment(
            sentence, start + offset, end + offset, "neutral", 0.0, probabilities
        )

    def _document(
        self,
        sentences: list[SentenceSentiment],
        targets: dict[tuple[int, str], SentenceSentiment],
        mentions: list[TickerMention],
        claims: list[Claim],
        band: float,
        source: str | None,
    ) -> DocumentSentiment:
        tickers, score = evidence.score_note(
            sentences,
            targets,
            mentions,
            band,
            link_references=self.link_references,
            kinds=self.readings,
            follow_tickers=self.document_follows_tickers,
            ticker_band=aggregate.ticker_band(band, self.ticker_band_margin),
            verdict_weight=self.verdict_weight,
        )
        return DocumentSentiment(
            label=aggregate.label_for(score, band),
            score=score,
            sentences=tuple(sentences),
            tickers=tuple(tickers),
            claims=tuple(claims),
            scale_label=aggregate.scale_label_for(score, band),
            source=source,
        )

    # -- folders and frames -----------------------------------------------------
    def analyze_folder(
        self,
        path: str | Path,
        *,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] = (),
        chunk_size: int = 16,
        workers: int = 1,
        batch_size: int | None = None,
    ) -> Iterator[FolderItem]:
        """Yield a ``FolderItem`` (path, doc_id, result or error) per note under ``path``.

        Files are walked recursively (``include``/``exclude`` globs; default: every
        supported format) and yielded in sorted order; ``workers`` > 1 scores in processes.
        ``chunk_size`` files are read and scored together (formerly ``batch_size``).
        """
        from sentiment.batch import DEFAULT_INCLUDE, iter_folder

        chunk_size = renamed(chunk_size, batch_size, old="batch_size", new="chunk_size")
        return iter_folder(
            self,
            path,
            include=include or DEFAULT_INCLUDE,
            exclude=exclude,
            chunk_size=chunk_size,
            workers=workers,
        )

    def analyze_frame(
        self,
        frame: pd.DataFrame,
        text_column: str = "text",
        *,
        chunk_size: int = 32,
        batch_size: int | None = None,
        figures: bool = False,
    ) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
        """A copy of ``frame`` with ``sentiment_label``, ``sentiment_score``,
        ``sentiment_tickers`` ({ticker: score}) and ``sentiment_error`` columns.
        ``chunk_size`` rows are scored together (formerly ``batch_size``).
        ``figures=True`` returns ``(scored, figures)``, ``figures`` the long figure table:
        one row per figure, keyed by the ``row`` column (the frame's index label)."""
        from sentiment.batch import analyze_frame

        chunk_size = renamed(chunk_size, batch_size, old="batch_size", new="chunk_size")
        if figures:
            return analyze_frame(self, frame, text_column, chunk_size=chunk_size, figures=True)
        return analyze_frame(self, frame, text_column, chunk_size=chunk_size)


def _sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the sentences worth scoring: trimmed, with a letter or digit."""
    spans = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not has_content(stripped):
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        spans.append((start, start + len(stripped)))
    return spans


def _target_pairs(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, str, str]]:
    """(sentence index, symbol, target text) for each ticker's first mention in a sentence."""
    pairs: dict[tuple[int, str], str] = {}
    for mention in doc._.tickers or []:
        index = aggregate.sentence_index(spans, mention.start)
        if index is not None:
            pairs.setdefault((index, mention.symbol), mention.text)
    return [(i, symbol, target) for (i, symbol), target in pairs.items()]


def _kept_mention(mention: TickerMention, offset: int, strings: dict[str, str]) -> TickerMention:
    """``mention`` moved by ``offset``, its text, name and reason (one of a few phrasings)
    shared with the document's other mentions rather than a copy each."""
    text, name, reason = (
        strings.setdefault(s, s) if s else s for s in (mention.text, mention.name, mention.reason)
    )
    return replace(mention.shifted(offset), text=text, name=name, reason=reason)


def _kept_claim(claim: Claim, offset: int, texts: dict[str, str]) -> Claim:
    """``claim`` moved by ``offset``, sharing its text with the scored sentence it repeats
    (a claim's text is its sentence's, made again by spaCy)."""
    return replace(claim.shifted(offset), text=texts.get(claim.text, claim.text))


class _RepeatedInputs:
    """The model, with the predictions of one long document remembered (at most
    :data:`REMEMBERED_INPUTS` inputs), so that a sentence it repeats, toward the same
    target, is scored once."""

    def __init__(self, model: Classifier) -> None:
        self.model = model
        self.labels = getattr(model, "labels", ("negative", "neutral", "positive"))
        self._known: dict[tuple[str, str | None], Prediction] = {}

    def predict(
        self, texts: Sequence[str], targets: Sequence[str | None] | None = None
    ) -> list[Prediction]:
        keys = list(zip(texts, targets or [None] * len(texts)))
        new = list(dict.fromkeys(k for k in keys if k not in self._known))
        found = self.model.predict([t for t, _ in new], [g for _, g in new]) if new else []
        fresh = dict(zip(new, found))
        found = [fresh[k] if k in fresh else self._known[k] for k in keys]
        if len(self._known) + len(fresh) > REMEMBERED_INPUTS:
            self._known.clear()  # bounded: a document of few repeats starts afresh
        self._known.update(fresh)
        return found
