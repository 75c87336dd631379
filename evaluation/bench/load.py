"""Competing load: the CPU seconds other processes used while a section or the run went on."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from evaluation.bench.environment import cpu_seconds

Snapshot = tuple[float, float, float]


def snapshot() -> Snapshot:
    """(busy CPU s of the machine, CPU s of this process and its children, wall clock) now."""
    (busy, own), wall = cpu_seconds(), time.perf_counter()
    return busy, own, wall


def load_since(start: Snapshot) -> dict[str, float]:
    """Wall seconds since ``start`` and the CPU seconds other processes used meanwhile."""
    busy0, own0, wall0 = start
    busy, own = cpu_seconds()
    return {
        "wall_s": round(time.perf_counter() - wall0, 1),
        "other_cpu_s": round((busy - busy0) - (own - own0), 1),
    }


def measured(res: dict[str, Any], key: str, fn: Callable[[], Any]) -> None:
    """``res[key] = fn()``, noting in ``res["load"]`` the CPU seconds other processes used."""
    start = snapshot()
    res[key] = fn()
    res.setdefault("load", {})[key] = load_since(start)


def under_load(env: dict[str, Any]) -> bool:
    """Whether the whole run counts as measured under load."""
    # Other processes using more than a quarter of one core on average count as load; short
    # bursts below that spoil single runs, which the medians leave out (see runs_s in the JSON).
    return (
        env["training_running_at_start"]
        or env["training_running_at_end"]
        or env["other_processes_cpu_s"] > 0.25 * env["wall_s"]
    )
