"""evaluation/evaluate_notes.py: one prediction cache per model, so a candidate model is never
scored with another model's cached predictions; intervals; a second reader scored as a system."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.evaluate_notes import (
    MISSED,
    SECOND_READER,
    SPLITS,
    CachedClassifier,
    Outcome,
    evaluate,
    intervals,
    load,
    markdown,
    second_labels,
    second_reader,
    ticker_macro_f1,
)
from sentiment.metrics import LABELS


def _model(folder: Path, config: str) -> Path:
    folder.mkdir()
    (folder / "config.json").write_text(config, encoding="utf-8")
    return folder


def test_each_model_has_its_own_prediction_cache(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    first = _model(tmp_path / "a", '{"hidden_size": 384}')
    second = _model(tmp_path / "b", '{"hidden_size": 768}')
    cached = CachedClassifier(first, folder=runs)
    assert cached.path != CachedClassifier(second, folder=runs).path
    cached.cache[json.dumps(["Sales rose.", None])] = {
        "negative": 0.1,
        "neutral": 0.2,
        "positive": 0.7,
    }
    cached.added = 1
    cached.save()
    again = CachedClassifier(first, folder=runs)
    [prediction] = again.predict(["Sales rose."])
    assert prediction.label == "positive"
    assert again.model is None  # served from the cache: no model loaded
    assert CachedClassifier(second, folder=runs).cache == {}


def test_pairs_without_the_target_model_have_their_own_cache(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    model = _model(tmp_path / "a", '{"hidden_size": 384}')
    plain = CachedClassifier(model, folder=runs)
    assert not plain.target_model  # no target/ folder: nothing to switch off
    assert plain.path == CachedClassifier(model, folder=runs, target_model=False).path
    _model(model / "target", '{"hidden_size": 384, "seed": 1}')
    routed = CachedClassifier(model, folder=runs)
    own = CachedClassifier(model, folder=runs, target_model=False)
    assert routed.target_model and not own.target_model
    assert routed.path != own.path
    # pairs scored by the main weights do not depend on the target model: one cache for them
    assert own.path == plain.path
    (model / "target" / "config.json").write_text('{"hidden_size": 384, "seed": 2}')
    assert CachedClassifier(model, folder=runs, target_model=False).path == own.path
    assert CachedClassifier(model, folder=runs).path != routed.path


def test_intervals_resample_whole_texts_around_the_figure() -> None:
    # two texts of two items each: one read right, one read wrong on both items
    right = [("positive", "positive", ["direct"]), ("negative", "negative", ["direct"])]
    wrong = [("positive", "neutral", ["direct"]), ("negative", "neutral", ["direct"])]
    result = Outcome(
        right + wrong,
        [("positive", "positive", []), ("negative", "neutral", [])],
        [0, 0, 1, 1],
    )
    found = intervals(result)
    low, high = found["ticker_macro_f1"]
    assert low < ticker_macro_f1([g for g, _, _ in result.items], [p for _, p, _ in result.items])
    assert high == 1.0  # a sample of the right text twice
    assert found["document_accuracy"] == [0.0, 1.0]
    assert intervals(result) == found  # a fixed seed: the same report from the same predictions


def test_intervals_are_a_point_where_every_text_is_read_the_same() -> None:
    items = [("neutral", "neutral", ["bystander"])] * 3
    found = intervals(Outcome(items, [], [0, 1, 2]))
    assert found == {"ticker_macro_f1": [1.0, 1.0], "document_accuracy": [0.0, 0.0]}


def _row(id_: str, doc: str | None, *items: tuple[str, str, str]) -> dict:
    return {
        "id": id_,
        "text": f"Note {id_}.",
        "doc_label": doc,
        "doc_phenomena": ["single-subject"],
        "items": [{"ticker": t, "label": g, "phenomena": [p]} for t, g, p in items],
    }


def test_a_second_reader_is_scored_against_the_gold_labels_as_a_system_is() -> None:
    rows = [
        _row("n1", "positive", ("AAPL", "positive", "direct"), ("JPM", "neutral", "bystander")),
        _row("n2", "negative", ("XOM", "negative", "direct")),
        _row("n3", None, ("KO", "neutral", "plain-fact")),
    ]
    second = {
        "n1": {"doc_label": "positive", "items": [{"ticker": "AAPL", "label": "positive"}]},
        "n2": {"doc_label": None, "items": [{"ticker": "XOM", "label": "neutral"}]},
        "n3": {"doc_label": "neutral", "items": [{"ticker": "KO", "label": "neutral"}]},
    }
    found = second_reader(rows, second)
    assert found is not None
    # JPM left out by the second reader: missed, as an unfound ticker is for a system
    assert [p for _, p, _ in found.items] == ["positive", MISSED, "neutral", "neutral"]
    assert found.item_texts == [0, 0, 1, 2]
    # n2's null document label where gold has one is a wrong answer; n3 has no gold label
    assert [(g, p) for g, p, _ in found.documents] == [
        ("positive", "positive"),
        ("negative", MISSED),
    ]
    figures = evaluate(rows, {}, with_intervals=True, second=second)[SECOND_READER]
    assert figures["tickers"]["accuracy"] == 0.5
    assert figures["documents"]["accuracy"] == 0.5
    assert "intervals" in figures


def test_a_split_is_scored_for_a_second_reader_only_where_every_text_has_one() -> None:
    rows = [_row("n1", "positive", ("AAPL", "positive", "direct")), _row("n2", None)]
    partial = {"n1": {"doc_label": "positive", "items": [{"ticker": "AAPL", "label": "positive"}]}}
    assert second_reader(rows, partial) is None
    assert SECOND_READER not in evaluate(rows, {}, second=partial)


def test_the_second_readers_rows_are_the_gold_rows_tickers_and_labels() -> None:
    second = second_labels()
    gold = {row["id"]: row for row in load(list(SPLITS)) if row["id"] in second}
    assert second and set(second) == set(gold)  # every second label has its gold text
    for id_, row in second.items():
        assert [i["ticker"] for i in row["items"]] == [i["ticker"] for i in gold[id_]["items"]]
        assert {i["label"] for i in row["items"]} <= set(LABELS)
        assert row["doc_label"] in (*LABELS, None)
    by_split: dict[str, set[str]] = {}
    for id_, row in gold.items():
        by_split.setdefault(row["split"], set()).add(id_)
    for split, ids in by_split.items():  # whole splits: a part of one would not be scored
        assert ids == {row["id"] for row in load([split])}


def test_the_report_shows_the_second_reader_beside_the_systems_with_its_interval() -> None:
    rows = [_row("n1", "positive", ("AAPL", "positive", "direct"))]
    second = {"n1": {"doc_label": "positive", "items": [{"ticker": "AAPL", "label": "positive"}]}}
    found = evaluate(rows, {}, with_intervals=True, second=second)
    text = markdown({"model": "m", "splits": {"validation": found}})
    assert "| figure | n | second reader |" in text
    assert "The second reader's ticker macro-F1 1.000 has a 95% interval of 1.000-1.000" in text
