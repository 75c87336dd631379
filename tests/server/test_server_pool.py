"""The bounded scoring pool: one job at a time, a bounded queue, refusal beyond it."""

from __future__ import annotations

import asyncio
import threading

import pytest

from sentiment.server.pool import PoolFull, ScoringPool


def test_jobs_beyond_the_queue_are_refused_at_once() -> None:
    pool = ScoringPool(queue=1)
    gate = threading.Event()

    async def scenario() -> list:
        first = asyncio.ensure_future(pool.run(gate.wait, 10))
        second = asyncio.ensure_future(pool.run(lambda: "queued"))
        await asyncio.sleep(0.05)
        with pytest.raises(PoolFull) as refused:
            await pool.run(lambda: "never")
        assert refused.value.retry_after >= 1
        assert pool.stats()["busy"] == 2
        gate.set()
        return [await first, await second]

    try:
        assert asyncio.run(scenario()) == [True, "queued"]
        assert pool.stats() | {"mean_seconds": None} == {
            "capacity": 2,
            "busy": 0,
            "done": 2,
            "refused": 1,
            "mean_seconds": None,
        }
    finally:
        pool.close()


def test_a_jobs_error_reaches_the_caller_and_frees_its_place() -> None:
    pool = ScoringPool(queue=0)

    def broken() -> None:
        raise ValueError("bad note")

    async def scenario() -> str:
        with pytest.raises(ValueError, match="bad note"):
            await pool.run(broken)
        return await pool.run(lambda: "next")

    try:
        assert asyncio.run(scenario()) == "next"
    finally:
        pool.close()


def test_a_negative_queue_is_refused() -> None:
    with pytest.raises(ValueError):
        ScoringPool(queue=-1)
