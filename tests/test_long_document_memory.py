"""What keeps a long document's memory bounded: no spaCy object outlives its chunk, result
objects have no instance dict, and repeated strings are shared rather than copied."""

from __future__ import annotations

import gc
import pickle
import weakref
from dataclasses import asdict, is_dataclass, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from sentiment.api import Analyzer
from sentiment.results import (
    Claim,
    DocumentSentiment,
    Figure,
    FigureChange,
    Link,
    SentenceSentiment,
    TickerMention,
    TickerSentiment,
)

PARAGRAPH = (
    "Dell Technologies beat estimates and raised its outlook to $2.1 billion. "
    "Coca-Cola (KO) reported revenue of $11.3 billion compared to $10.5 billion a year ago. "
    "Management expects margins to improve in 2025. We rate Dell Outperform. "
    "Barclays said net interest income fell 4% to GBP 3.1 billion. "
)
LONG_NOTE = "\n\n".join(PARAGRAPH for _ in range(8))


class _DocWatcher:
    """Wraps the spaCy pipeline and keeps a weak reference to every Doc it makes."""

    def __init__(self, nlp: Any) -> None:
        self._nlp, self.docs = nlp, []

    def __call__(self, text: str, **kwargs: Any) -> Doc:
        doc = self._nlp(text, **kwargs)
        self.docs.append(weakref.ref(doc))
        return doc

    def alive(self) -> int:
        return sum(ref() is not None for ref in self.docs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


def _reachable(root: Any) -> list[Any]:
    """Every object reachable from ``root`` (strings and numbers are leaves)."""
    seen, stack, found = set(), [root], []
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (str, int, float, type)):
            continue
        seen.add(id(item))
        found.append(item)
        stack += gc.get_referents(item)
    return found


def test_no_spacy_doc_outlives_its_chunk(fake_classifier):
    analyzer = Analyzer(classifier=fake_classifier, window_chars=700)
    watcher = _DocWatcher(analyzer.nlp)
    analyzer._nlp = watcher  # type: ignore[assignment]
    alive: list[int] = []
    gc.disable()  # reference counting alone must free them: no Doc is kept in a cycle
    try:
        result = analyzer.analyze(
            LONG_NOTE, progress=lambda done, total: alive.append(watcher.alive())
        )
        assert len(watcher.docs) >= 5
        assert max(alive) <= 1  # the chunk just analysed, no earlier one
        assert watcher.alive() == 0
    finally:
        gc.enable()
    kept = _reachable(result)
    assert not [item for item in kept if isinstance(item, (Doc, Span, Token))]


def test_a_chunked_result_shares_repeated_strings(fake_classifier):
    result = Analyzer(classifier=fake_classifier, window_chars=700).analyze(LONG_NOTE)
    sentence_texts = {id(s.text) for s in result.sentences}
    assert result.claims
    assert all(id(claim.text) in sentence_texts for claim in result.claims)
    mentions = [m for t in result.tickers for m in t.resolutions]
    assert len(mentions) >= 16
    for field in ("text", "reason", "name"):
        values = [getattr(m, field) for m in mentions if getattr(m, field)]
        assert len({id(v) for v in values}) == len(set(values)), field
    evidence = [s for t in result.tickers for s in t.evidence]
    assert all(id(s.text) in sentence_texts for s in evidence)


def _result() -> DocumentSentiment:
    figure = Figure("$2.1 billion", 60, 72, 2.1, "money", "billion", "USD", "DELL", "revenue")
    change = FigureChange(
        "revenue", "$11.3 billion", "$10.5 billion", 11.3, 10.5, "prior", "up", True, 3, 9
    )
    sentence = SentenceSentiment(
        "Dell raised its outlook.",
        0,
        24,
        "positive",
        0.6,
        {"negative": 0.1, "positive": 0.7},
        "Dell",
        (change,),
        Link("DELL", "noun", 0.8, "the company"),
    )
    mention = TickerMention("DELL", "Dell", 0, 4, "name", 0.9, "Dell Technologies", "gazetteer")
    claim = Claim(
        "Dell raised its outlook.",
        0,
        24,
        "revenue",
        2.1,
        "money",
        True,
        ("DELL",),
        (figure,),
        "FY2025",
        "up",
        ("raised",),
    )
    ticker = TickerSentiment("DELL", "positive", 0.6, 1, 1.0, "Dell", (sentence,), (mention,))
    return DocumentSentiment("positive", 0.6, (sentence,), (ticker,), (claim,), "bullish", "n")


def test_result_objects_have_no_instance_dict_and_round_trip():
    result = _result()
    for item in _reachable(result):
        if is_dataclass(item):
            assert not hasattr(item, "__dict__"), type(item).__name__
    assert pickle.loads(pickle.dumps(result)) == result


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def test_to_dict_is_asdict_with_lists_for_tuples():
    result = _result()
    expected = _plain(asdict(result))
    del expected["omitted"]  # only a capped long document's dict has the key
    assert result.to_dict() == expected
    assert list(result.to_dict()["sentences"][0]) == list(expected["sentences"][0])
    capped = replace(result, omitted={"sentences": 3})
    assert capped.to_dict() == {**expected, "omitted": {"sentences": 3}}
