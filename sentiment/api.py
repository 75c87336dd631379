"""The Analyzer: owns the spaCy pipeline and the model; the one door for Python users."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sentiment import aggregate
from sentiment.errors import InputError
from sentiment.results import DocumentSentiment, SentenceSentiment, TickerMention

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

    from sentiment.batch import FolderItem
    from sentiment.classifier import Prediction


class Classifier(Protocol):
    """What the Analyzer needs of a model: batched predictions, optionally toward targets."""

    def predict(
        self, texts: Sequence[str], targets: Sequence[str | None] | None = None
    ) -> list[Prediction]: ...


class Analyzer:
    """Scores documents, sentences and (sentence, target) pairs.

    ``Analyzer()`` uses the bundled model; ``Analyzer(model_dir=...)`` another one.
    ``neutral_band`` (default 0.15) sets where neutral ends: ``|score| < band``.
    ``backend``: ``auto`` (ONNX Runtime on CPU when available, else PyTorch), ``onnx`` or
    ``torch``; ``device="cuda"`` runs the PyTorch backend on a GPU.
    ``read_figures`` (default on): a sentence that sets a metric's figure against an
    earlier or expected one ("EUR 17.7 mn compared to EUR 17.6 mn") has that change
    weighed into its label, and carries it as evidence (``SentenceSentiment.changes``).
    The model and the pipeline load on first use, once per Analyzer.
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        neutral_band: float = aggregate.NEUTRAL_BAND,
        device: str = "cpu",
        backend: str = "auto",
        batch_size: int = 64,
        classifier: Classifier | None = None,
        ticker_config: dict[str, Any] | None = None,
        read_figures: bool = True,
    ) -> None:
        self.neutral_band = _checked_band(neutral_band)
        self.model_dir = model_dir
        self.device = device
        self.backend = backend
        self.batch_size = batch_size
        self.ticker_config = ticker_config
        self.read_figures = read_figures
        self._classifier = classifier
        self._nlp: Language | None = None

    @property
    def classifier(self) -> Classifier:
        """The sentence model, loaded on first use."""
        if self._classifier is None:
            from sentiment.classifier import SentenceClassifier

            self._classifier = SentenceClassifier(
                self.model_dir, device=self.device, backend=self.backend, batch_size=self.batch_size
            )
        return self._classifier

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline (sentences, tickers, claims), built on first use."""
        if self._nlp is None:
            from sentiment.nlp import build_pipeline

            self._nlp = build_pipeline(self.ticker_config)
        return self._nlp

    # -- sentences --------------------------------------------------------------
    def classify(self, sentences: Sequence[str]) -> list[SentenceSentiment]:
        """Score bare sentences (batched); offsets are within each sentence."""
        return self._score([(s, None) for s in sentences])

    def classify_targets(self, pairs: Sequence[tuple[str, str]]) -> list[SentenceSentiment]:
        """Score each text toward its target (a company name or ticker as written)."""
        return self._score([(text, target) for text, target in pairs])

    def _score(
        self,
        items: Sequence[tuple[str, str | None]],
        spans: Sequence[tuple[int, int]] | None = None,
    ) -> list[SentenceSentiment]:
        if not items:
            return []
        predictions = self.classifier.predict([t for t, _ in items], [g for _, g in items])
        spans = spans or [(0, len(t)) for t, _ in items]
        scored = [
            SentenceSentiment(text, start, end, p.label, p.score, p.probabilities, target)
            for (text, target), (start, end), p in zip(items, spans, predictions)
        ]
        return _with_figure_changes(scored) if self.read_figures else scored

    # -- documents --------------------------------------------------------------
    def analyze(
        self, text: str, *, source: str | None = None, neutral_band: float | None = None
    ) -> DocumentSentiment:
        """Analyse one document: label, score, sentences, tickers and claims."""
        return self.analyze_many([text], sources=[source], neutral_band=neutral_band)[0]

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
        batch_size: int = 32,
    ) -> list[DocumentSentiment]:
        """Analyse many documents; the model sees all their sentences in shared batches.

        Gives the same results as calling :meth:`analyze` on each text.
        """
        texts = list(texts)
        for i, text in enumerate(texts):
            _check_text(text, sources[i] if sources else None)
        band = self.neutral_band if neutral_band is None else _checked_band(neutral_band)
        docs = list(self.nlp.pipe(texts, batch_size=batch_size))
        sentence_spans = [_sentence_spans(doc) for doc in docs]
        pair_keys = [_target_pairs(doc, spans) for doc, spans in zip(docs, sentence_spans)]
        items, spans = [], []
        for text, doc_spans, pairs in zip(texts, sentence_spans, pair_keys):
            # Slice the input string: Doc.text rebuilds the whole text on every access.
            items += [(text[s:e], None) for s, e in doc_spans]
            items += [(text[doc_spans[i][0] : doc_spans[i][1]], target) for i, _, target in pairs]
            spans += doc_spans + [doc_spans[i] for i, _, _ in pairs]
        scored = iter(self._score(items, spans))
        results = []
        for n, (doc, doc_spans, pairs) in enumerate(zip(docs, sentence_spans, pair_keys)):
            sentences = [next(scored) for _ in doc_spans]
            targets = {(i, symbol): next(scored) for i, symbol, _ in pairs}
            targets = _sole_targets_weighed(sentences, targets)
            results.append(
                self._document(doc, sentences, targets, band, sources[n] if sources else None)
            )
        return results

    def _document(
        self,
        doc: Doc,
        sentences: list[SentenceSentiment],
        targets: dict[tuple[int, str], SentenceSentiment],
        band: float,
        source: str | None,
    ) -> DocumentSentiment:
        score = round(aggregate.document_score(sentences), 4)
        mentions: list[TickerMention] = doc._.tickers or []
        return DocumentSentiment(
            label=aggregate.label_for(score, band),
            score=score,
            sentences=tuple(sentences),
            tickers=tuple(aggregate.ticker_sentiments(sentences, mentions, targets, band)),
            claims=tuple(doc._.claims or ()),
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
        batch_size: int = 16,
        workers: int = 1,
    ) -> Iterator[FolderItem]:
        """Yield a ``FolderItem`` (path, doc_id, result or error) per note under ``path``.

        Files are walked recursively (``include``/``exclude`` globs; default: every
        supported format) and yielded in sorted order; ``workers`` > 1 scores in processes.
        """
        from sentiment.batch import DEFAULT_INCLUDE, iter_folder

        return iter_folder(
            self,
            path,
            include=include or DEFAULT_INCLUDE,
            exclude=exclude,
            batch_size=batch_size,
            workers=workers,
        )

    def analyze_frame(
        self, frame: pd.DataFrame, text_column: str = "text", *, batch_size: int = 32
    ) -> pd.DataFrame:
        """A copy of ``frame`` with ``sentiment_label``, ``sentiment_score``,
        ``sentiment_tickers`` ({ticker: score}) and ``sentiment_error`` columns."""
        from sentiment.batch import analyze_frame

        return analyze_frame(self, frame, text_column, batch_size=batch_size)


def _checked_band(band: float) -> float:
    if not 0.0 <= band < 1.0:
        raise ValueError(f"neutral_band must be in [0, 1), got {band}")
    return band


def _check_text(text: Any, source: str | None) -> None:
    where = f"{source}: " if source else ""
    if not isinstance(text, str):
        raise InputError(f"{where}expected text (str), got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{where}empty text: nothing to analyse")


def _sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the sentences worth scoring: trimmed, with a letter or digit."""
    spans = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not any(ch.isalnum() for ch in stripped):
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


def _with_figure_changes(scored: list[SentenceSentiment]) -> list[SentenceSentiment]:
    """Each bare sentence weighed with the figure changes it states (targets left alone)."""
    from sentiment import figure_changes  # its figure finder is in a spaCy-importing package

    reader = figure_changes.default_reader()
    return [
        figure_changes.with_changes(s, reader.read(s.text)) if s.target is None else s
        for s in scored
    ]


def _sole_targets_weighed(
    sentences: list[SentenceSentiment], targets: dict[tuple[int, str], SentenceSentiment]
) -> dict[tuple[int, str], SentenceSentiment]:
    """A sentence's figure changes weighed into its target score when it names one ticker:
    "Nokia's operating profit was EUR 17.7 mn compared to EUR 17.6 mn" is about Nokia."""
    from sentiment.figure_changes import with_changes

    per_sentence = Counter(index for index, _ in targets)
    return {
        (index, symbol): (
            with_changes(score, sentences[index].changes) if per_sentence[index] == 1 else score
        )
        for (index, symbol), score in targets.items()
    }
