"""The Ray engine on a local cluster started by the test: same records as the local engine.

Runs only where the ``distributed`` extra is installed (``pip install -e .[distributed]``);
starting the local cluster takes about 5 s.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_fakes import write_mixed_folder

from sentiment.batch import run_batch

ray = pytest.importorskip("ray")
TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def local_cluster():
    # The actors unpickle the test's classifier (conftest) and helpers: put tests/ on their path.
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": str(TESTS)}},
    )
    yield
    ray.shutdown()


def test_ray_engine_scores_like_the_local_engine(local_cluster, analyzer, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    write_mixed_folder(root, count=18)
    local, distributed = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run_batch(analyzer, root, local, chunk_size=4, claims=True)
    summary = run_batch(
        analyzer, root, distributed, chunk_size=4, claims=True, engine="ray", workers=2
    )
    assert distributed.read_bytes() == local.read_bytes()
    assert summary.total == len(local.read_text().splitlines())
    labels = [json.loads(line)["label"] for line in distributed.read_text().splitlines()]
    assert labels.count(None) == summary.failed
