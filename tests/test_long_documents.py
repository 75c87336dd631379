"""Long documents are read in chunks: bounded pipeline input, same results, progress."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from sentiment import cli
from sentiment.api import Analyzer
from sentiment.chunks import chunk_spans

FILLER = "The company said revenue rose 5% to $2.0 billion and margins improved. " * 12

# Names, short names and listings set early, referred to chunks later.
LONG_NOTE = (
    "Dell Technologies beat estimates and raised its outlook. " + FILLER + "\n\n"
    "Coca-Cola reported strong volumes in Latin America. " + FILLER + "\n\n"
    "Barclays (BARC) posted higher trading income. " + FILLER + "\n\n"
    "Dell also raised its dividend. We still like Coke here. " + FILLER + "\n\n"
    "| Ticker | Price |\n|---|---|\n| BARC | 2.10 |\n\n"
    "Net interest income grew to $1.2 billion. " + FILLER
)


def _starts(text: str) -> list[int]:
    """Sentence starts for the chunker: after each ". "."""
    return [0] + [i + 2 for i in range(len(text) - 2) if text[i : i + 2] == ". "]


@pytest.mark.parametrize(
    ("text", "window", "expected"),
    [
        ("One. Two. Three.", 100, [(0, 16)]),
        ("One. Two. Three. Four.", 12, [(0, 10), (10, 22)]),
        ("One. Two. Three. Four.", 8, [(0, 5), (5, 10), (10, 17), (17, 22)]),
        # a "sentence" longer than the window: cut at its last line break, else last space
        ("aaaa bbbb\ncccc dddd eeee", 12, [(0, 10), (10, 20), (20, 24)]),
        ("abcdefghijklmnop", 5, [(0, 5), (5, 10), (10, 15), (15, 16)]),
    ],
)
def test_chunk_spans_end_where_a_sentence_starts(text, window, expected):
    assert list(chunk_spans(text, window, _starts)) == expected


def test_chunk_spans_cover_the_text_in_bounded_pieces():
    spans = list(chunk_spans(LONG_NOTE, 700, _starts))
    assert spans[0][0] == 0 and spans[-1][1] == len(LONG_NOTE)
    assert all(end == nxt for (_, end), (nxt, _) in zip(spans, spans[1:]))
    assert all(0 < end - start <= 700 for start, end in spans)


class _RecordingPipeline:
    """Wraps the spaCy pipeline and records the length of every text it is given."""

    def __init__(self, nlp: Any) -> None:
        self._nlp, self.lengths = nlp, []

    def __call__(self, text: str, **kwargs: Any) -> Any:
        self.lengths.append(len(text))
        return self._nlp(text, **kwargs)

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        texts = list(texts)
        self.lengths += [len(t) for t in texts]
        return self._nlp.pipe(texts, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


@pytest.mark.parametrize("window", [600, 1000, 2500])
def test_a_long_text_in_chunks_gives_the_whole_texts_result(fake_classifier, window):
    whole = Analyzer(classifier=fake_classifier).analyze(LONG_NOTE, source="n")
    chunked = Analyzer(classifier=fake_classifier, window_chars=window)
    recorder = _RecordingPipeline(chunked.nlp)
    chunked._nlp = recorder  # type: ignore[assignment]
    result = chunked.analyze(LONG_NOTE, source="n")
    assert max(recorder.lengths) <= window < len(LONG_NOTE)  # no Doc of the whole text
    assert result.to_dict() == whole.to_dict()


def test_what_earlier_chunks_established_reaches_later_ones(fake_classifier):
    result = Analyzer(classifier=fake_classifier, window_chars=600).analyze(LONG_NOTE)
    found = {(m.text, m.symbol, m.method) for t in result.tickers for m in t.resolutions}
    later = LONG_NOTE.index("Dell also")
    assert later > 600  # the name and its later references are chunks apart
    # "Dell" is a short name in its own right now (short_names.tsv), found wherever it stands
    assert any(text == "Dell" and symbol == "DELL" for text, symbol, _ in found)
    assert ("Coke", "KO", "coreference") in found  # short name of a company named before
    assert ("BARC", "BARC.L", "bare_symbol") in found  # the listing the text resolved
    for mention in (m for t in result.tickers for m in t.resolutions):
        assert LONG_NOTE[mention.start : mention.end] == mention.text
    for claim in result.claims:
        assert LONG_NOTE[claim.start : claim.end] == claim.text
        assert all(LONG_NOTE[f.start : f.end] == f.text for f in claim.figures)


def test_analyze_many_reads_long_texts_in_chunks_and_keeps_order(fake_classifier):
    short = "Apple (AAPL) raised its dividend, a strong result."
    analyzer = Analyzer(classifier=fake_classifier, window_chars=800)
    many = analyzer.analyze_many([LONG_NOTE, short, LONG_NOTE[:700]])
    assert [r.to_dict() for r in many] == [
        analyzer.analyze(t).to_dict() for t in (LONG_NOTE, short, LONG_NOTE[:700])
    ]


def test_progress_reports_characters_done_up_to_the_total(fake_classifier):
    calls: list[tuple[int, int]] = []
    analyzer = Analyzer(classifier=fake_classifier, window_chars=1000)
    analyzer.analyze(LONG_NOTE, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= len(LONG_NOTE) // 1000
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert calls[-1] == (len(LONG_NOTE), len(LONG_NOTE))
    calls.clear()
    analyzer.analyze("Apple beat estimates.", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(21, 21)]


def test_window_chars_must_be_a_positive_whole_number():
    with pytest.raises(ValueError, match="window_chars"):
        Analyzer(window_chars=0)


def test_score_shows_progress_on_stderr_for_a_long_file(monkeypatch, tmp_path, fake_classifier):
    monkeypatch.setattr(
        cli,
        "_analyzer",
        lambda model=None, band=0.15, *options: Analyzer(classifier=fake_classifier),
    )
    note = tmp_path / "long.txt"
    note.write_text(LONG_NOTE, encoding="utf-8")
    plain = CliRunner().invoke(cli.app, ["score", "--format", "json", str(note)])
    assert plain.exit_code == 0 and "characters" not in plain.stderr
    monkeypatch.setattr(
        cli,
        "_analyzer",
        lambda model=None, band=0.15, *options: Analyzer(
            classifier=fake_classifier, window_chars=700
        ),
    )
    chunked = CliRunner().invoke(cli.app, ["score", "--format", "json", str(note)])
    assert chunked.exit_code == 0
    assert f"{len(LONG_NOTE):,} of {len(LONG_NOTE):,} characters" in chunked.stderr
    assert chunked.stdout == plain.stdout


def test_find_tickers_and_claims_read_a_long_text_in_chunks(fake_classifier):
    whole = Analyzer(classifier=fake_classifier)
    chunked = Analyzer(classifier=fake_classifier, window_chars=600)
    recorder = _RecordingPipeline(chunked.nlp)
    chunked._nlp = recorder  # type: ignore[assignment]
    assert chunked.find_tickers(LONG_NOTE) == whole.find_tickers(LONG_NOTE)
    assert chunked.find_claims(LONG_NOTE) == whole.find_claims(LONG_NOTE)
    assert max(recorder.lengths) <= 600


PAIR_NOTE = (
    "We like owning Ross Stores against Burlington here. "
    + "Ross has cleaner inventory and a new cost plan, and traffic held up well. " * 6
    + "Fund the ROST long with a BURL short."
)
POST = (
    "$KNSL down 9% because premium growth slowed to 8%. "
    + "Combined ratio still mid-70s. " * 12
    + "Buying some."
)


@pytest.mark.parametrize("text", [PAIR_NOTE, POST])
def test_a_pair_trade_and_an_authors_action_read_the_same_in_chunks(fake_classifier, text):
    whole = Analyzer(classifier=fake_classifier).analyze(text)
    chunked = Analyzer(classifier=fake_classifier, window_chars=200).analyze(text)
    assert chunked.to_dict() == whole.to_dict()
