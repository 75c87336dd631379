"""Scoring on a Ray cluster: Ray Data over the chunks, an actor pool with one model each.

Install with ``pip install 'sentiment[distributed]'``. The dataset holds the same chunks
the local engine scores (lists of paths), so every engine gives the same records. Each actor
builds its analyzer once (the model loads on its first chunk) and reads the files itself:
on a real cluster the folder must be at the same path on every node (a shared file system).

Where the cluster is: ``address`` (``ray://head:10001`` or ``head:6379``), else the
``RAY_ADDRESS`` environment variable, else a Ray already started in this process, else a
local cluster with ``workers`` CPUs, started here and stopped at the end.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sentiment.batch.records import BatchRecord
from sentiment.batch.scoring import SupportsAnalyze, score_records
from sentiment.errors import InputError


class ChunkScorer:
    """A Ray Data actor: holds one analyzer and scores one chunk of paths per row."""

    def __init__(self, analyzer: SupportsAnalyze, root: str, max_bytes: int | None) -> None:
        self.analyzer = analyzer
        self.root = Path(root)
        self.max_bytes = max_bytes

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        """Score each chunk of the batch; each becomes one row of JSON-encoded records."""
        out = []
        for chunk in batch["paths"]:
            paths = [Path(p) for p in json.loads(str(chunk))]
            records = score_records(self.analyzer, self.root, paths, self.max_bytes)
            out.append(json.dumps([r.to_dict(claims=True) for r in records], ensure_ascii=False))
        return {"records": out}


def iter_ray(
    analyzer: SupportsAnalyze,
    root: Path,
    chunks: Sequence[Sequence[Path]],
    *,
    max_bytes: int | None,
    workers: int,
    address: str | None = None,
) -> Iterator[list[BatchRecord]]:
    """Score ``chunks`` on Ray with ``workers`` actors; yield each chunk's records in order."""
    ray = _import_ray()
    started_here = _connect(ray, address, workers)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        items = [{"paths": json.dumps([str(p) for p in chunk])} for chunk in chunks]
        scored = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
            ChunkScorer,
            fn_constructor_kwargs={"analyzer": analyzer, "root": str(root), "max_bytes": max_bytes},
            batch_size=1,  # one chunk per call
            compute=ray.data.ActorPoolStrategy(size=workers),
            batch_format="numpy",
        )
        for row in scored.iter_rows():
            yield [BatchRecord.from_dict(d) for d in json.loads(str(row["records"]))]
    finally:
        if started_here:
            ray.shutdown()


def _connect(ray: Any, address: str | None, workers: int) -> bool:
    """Join the cluster; True when a local one was started here (and must be stopped)."""
    address = address or os.environ.get("RAY_ADDRESS")
    if ray.is_initialized():
        return False
    quiet = {"logging_level": logging.WARNING, "log_to_driver": False}
    if address:
        ray.init(address=address, **quiet)
        return False
    ray.init(num_cpus=workers, include_dashboard=False, **quiet)
    return True


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401 - the Data library is a separate import
    except ImportError:
        raise InputError("the ray engine needs Ray: pip install 'sentiment[distributed]'") from None
    logging.getLogger("ray").setLevel(logging.WARNING)
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    return ray
