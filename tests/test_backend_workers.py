"""The ONNX backend runs the batches of one call side by side, with the same logits."""

from __future__ import annotations

import numpy
import pytest

from sentiment import backends
from sentiment.classifier import SentenceClassifier, default_model_dir

SENTENCES = [
    "Revenue rose 12% and margins widened.",
    "The company cut its full-year outlook.",
    "Shares were flat.",
    "We reiterate Buy on strong demand for its chips and a raised price target of $150.",
    "Losses widened as costs climbed.",
    "The board declared a quarterly dividend.",
    "Guidance was above consensus.",
]


def test_worker_count_prefers_threads_then_omp_then_the_usable_cores(monkeypatch) -> None:
    assert backends.worker_count(3) == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert backends.worker_count(None) == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "lots")
    monkeypatch.setattr(backends.os, "sched_getaffinity", lambda pid: {0, 1, 5}, raising=False)
    assert backends.worker_count(None) == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert backends.worker_count(0) == 3


def test_run_all_without_workers_runs_each_batch_in_order() -> None:
    assert backends.run_all(lambda feed: feed["x"] * 2, [{"x": 1}, {"x": 2}]) == [2, 4]


@pytest.mark.parametrize("precision", ["fp32", "int8"])
def test_batches_side_by_side_give_the_logits_of_one_at_a_time(
    precision, tmp_path, monkeypatch
) -> None:
    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("SENTIMENT_CACHE_DIR", str(tmp_path))
    model_dir = default_model_dir()
    alone = SentenceClassifier(model_dir, precision=precision, threads=1, batch_size=2)
    together = SentenceClassifier(model_dir, precision=precision, threads=2, batch_size=2)
    onnx = together.model.fast if precision == "int8" else together.model
    assert (alone.backend, together.backend) == ("onnx", "onnx")
    assert onnx.workers == 2
    windows = together.preprocess(SENTENCES)
    feeds = [together._tensors([windows[i] for i in b]) for b in together._batches(windows)]
    one_by_one = [alone.model(feed) for feed in feeds]
    side_by_side = together._forward_all(feeds)
    assert len(side_by_side) == len(feeds) == 4
    for a, b in zip(one_by_one, side_by_side):  # equal but for float rounding (close
        numpy.testing.assert_allclose(a, b, atol=1e-5)  # calls may share other batch-mates)
    assert [p.score for p in alone.predict(SENTENCES)] == pytest.approx(
        [p.score for p in together.predict(SENTENCES)], abs=1e-5
    )
