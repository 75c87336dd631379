"""The bounded pool that runs the model for the server's requests.

One thread runs the model (one Analyzer, loaded once: spaCy pipelines are not made to be
called from several threads at once, and the model's own intra-op threads already use the
cores). Up to ``queue`` more requests may wait for it; a request beyond that is refused at
once with :class:`PoolFull`, which the server answers with 503 and ``Retry-After``, so a
burst cannot pile up work without limit.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from sentiment.errors import SentimentError

T = TypeVar("T")
# How many recent job times the Retry-After estimate averages, and its bounds in seconds.
RECENT_JOBS = 20
MIN_RETRY_SECONDS = 1
MAX_RETRY_SECONDS = 120


class PoolFull(SentimentError):
    """Every place in the scoring pool is taken; ``retry_after`` is the wait to suggest."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("the server is busy scoring other notes; retry shortly")
        self.retry_after = retry_after


class ScoringPool:
    """Runs jobs one at a time on a worker thread, with at most ``queue`` waiting."""

    def __init__(self, queue: int = 8) -> None:
        if queue < 0:
            raise ValueError("queue must be 0 or more")
        self.capacity = 1 + queue
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sentiment-score")
        self._lock = threading.Lock()
        self._taken = 0
        self._done = 0
        self._refused = 0
        self._times: deque[float] = deque(maxlen=RECENT_JOBS)

    async def run(self, job: Callable[..., T], *args: Any) -> T:
        """Run ``job(*args)`` on the worker and return its result (or raise its error).

        Raises :class:`PoolFull` at once when the worker is busy and the queue is full.
        """
        with self._lock:
            if self._taken >= self.capacity:
                self._refused += 1
                raise PoolFull(self._retry_after())
            self._taken += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, partial(self._timed, job, *args))
        finally:
            with self._lock:
                self._taken -= 1

    def submit(self, job: Callable[..., T], *args: Any) -> Any:
        """Run ``job`` on the worker outside the queue's count (start-up: loading the model)."""
        return self._executor.submit(job, *args)

    def _timed(self, job: Callable[..., T], *args: Any) -> T:
        start = time.perf_counter()
        try:
            return job(*args)
        finally:
            with self._lock:
                self._times.append(time.perf_counter() - start)
                self._done += 1

    def _retry_after(self) -> int:
        """Seconds until a place is likely free: the recent mean job time, times the jobs
        ahead (the caller holds the lock)."""
        mean = sum(self._times) / len(self._times) if self._times else 1.0
        wait = math.ceil(mean * self._taken)
        return max(MIN_RETRY_SECONDS, min(MAX_RETRY_SECONDS, wait))

    def stats(self) -> dict[str, Any]:
        """Capacity, places taken now, jobs done and refused, and the recent mean job time."""
        with self._lock:
            mean = sum(self._times) / len(self._times) if self._times else None
            return {
                "capacity": self.capacity,
                "busy": self._taken,
                "done": self._done,
                "refused": self._refused,
                "mean_seconds": None if mean is None else round(mean, 4),
            }

    def close(self) -> None:
        """Stop the worker; jobs still waiting are cancelled."""
        self._executor.shutdown(wait=False, cancel_futures=True)
