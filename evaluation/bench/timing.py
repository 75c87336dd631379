"""Timing helpers: repeated wall-clock runs, their summary, and a timed classifier wrapper."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def time_runs(
    fn: Callable[[], Any], repeats: int, sync: Callable[[], None], warmup: bool = True
) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls of ``fn``, after one untimed warm-up call."""
    if warmup:
        fn()
        sync()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        sync()
        runs.append(time.perf_counter() - start)
    return runs


def summary(runs: Sequence[float]) -> dict[str, Any]:
    """Median, min and max of a list of timings, in seconds."""
    return {
        "median_s": statistics.median(runs),
        "min_s": min(runs),
        "max_s": max(runs),
        "runs_s": list(runs),
    }


class TimedClassifier:
    """Wraps a classifier and adds up the time spent in ``predict`` and the inputs seen."""

    def __init__(self, inner: Any, sync: Callable[[], None]) -> None:
        self.inner = inner
        self.sync = sync
        self.seconds = 0.0
        self.inputs = 0
        self.target_inputs = 0

    def predict(self, texts: Sequence[str], targets: Sequence[str | None] | None = None) -> Any:
        """Delegates to the wrapped classifier, timing the call."""
        start = time.perf_counter()
        out = self.inner.predict(texts, targets)
        self.sync()
        self.seconds += time.perf_counter() - start
        self.inputs += len(texts)
        self.target_inputs += sum(t is not None for t in targets or ())
        return out

    def reset(self) -> None:
        """Zero the counters."""
        self.seconds, self.inputs, self.target_inputs = 0.0, 0, 0
