"""The scored note as the pages show it (sentiment.server.view): pure functions of to_dict()."""

from __future__ import annotations

import pytest

from sentiment.server.view import Mark, note_view, shade


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.0, "shade-0"),
        (0.1, "shade-0"),
        (0.2, "shade-p1"),
        (0.75, "shade-p3"),
        (1.0, "shade-p4"),
        (-0.5, "shade-m2"),
        (-1.0, "shade-m4"),
        (-7.0, "shade-m4"),
    ],
)
def test_shade_steps(score: float, expected: str) -> None:
    assert shade(score) == expected


def _sentence(text: str, start: int, score: float = 0.0) -> dict:
    label = "positive" if score > 0.15 else "negative" if score < -0.15 else "neutral"
    return {"text": text, "start": start, "end": start + len(text), "label": label, "score": score}


def _result(sentences: list[dict], tickers=(), claims=()) -> dict:
    return {
        "label": "neutral",
        "score": 0.0,
        "scale_label": "neutral",
        "source": None,
        "sentences": sentences,
        "tickers": list(tickers),
        "claims": list(claims),
    }


def test_mentions_are_marked_inside_their_sentence(analyzer, note_text: str) -> None:
    view = note_view(analyzer.analyze(note_text).to_dict(), note_text)
    marks = [p for piece in view.pieces for p in piece.parts if isinstance(p, Mark)]
    assert [m.text for m in marks[:3]] == ["Nvidia", "NVDA", "Intel"]
    assert marks[1].symbol == "NVDA" and "exchange" in marks[1].how
    # the text shown is the note's text, every character in place
    assert "".join(p if isinstance(p, str) else p.text for x in view.pieces for p in x.parts) == (
        note_text.rstrip("\n")
    )


def test_without_the_text_gaps_become_spaces_or_paragraph_breaks() -> None:
    result = _result([_sentence("One.", 0), _sentence("Two.", 5), _sentence("Three.", 11)])
    view = note_view(result)
    assert [p.parts for p in view.pieces if p.shade is None] == [(" ",), ("\n\n",)]


def test_ten_thousand_sentences_are_paged() -> None:
    sentences, at = [], 0
    for i in range(10_000):
        sentences.append(_sentence(f"Sentence {i} says revenue rose.", at, 0.5))
        at += len(sentences[-1]["text"]) + 1
    claims = [{"text": s["text"], "start": s["start"], "end": s["end"]} for s in sentences[::10]]
    view = note_view(_result(sentences, claims=claims), page=3, per_page=400)
    assert (view.page, view.pages, view.first, view.last) == (3, 25, 801, 1200)
    assert len([p for p in view.pieces if p.shade]) == 400
    assert len(view.claims) == 40 and view.claims_total == 1000
    assert note_view(_result(sentences), page=99, per_page=400).page == 25  # clamped


def test_an_empty_result_is_one_empty_page() -> None:
    view = note_view(_result([]))
    assert (view.pages, view.first, view.last, view.pieces) == (1, 0, 0, ())


def test_overlapping_mentions_keep_the_first() -> None:
    mention = {
        "symbol": "A",
        "text": "Alpha",
        "start": 0,
        "end": 5,
        "method": "name",
        "confidence": 0.9,
    }
    inner = {**mention, "symbol": "B", "start": 1, "end": 3}
    tickers = [
        {
            "ticker": "A",
            "label": "neutral",
            "score": 0.0,
            "mentions": 1,
            "relevance": 1.0,
            "resolutions": [mention, inner],
        }
    ]
    view = note_view(_result([_sentence("Alpha rose.", 0)], tickers=tickers))
    assert [p.symbol for p in view.pieces[0].parts if isinstance(p, Mark)] == ["A"]
