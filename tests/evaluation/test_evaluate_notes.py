"""evaluation/evaluate_notes.py: one prediction cache per model, so a candidate model is never
scored with another model's cached predictions."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.evaluate_notes import CachedClassifier, Outcome, intervals, ticker_macro_f1


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
    assert len({plain.path, routed.path, own.path}) == 3


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
