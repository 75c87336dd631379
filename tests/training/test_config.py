"""Recipe configs (training/config.py): one base file, overlays that hold only what differs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.config import load_config, merge
from training.train import TrainConfig

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = sorted((ROOT / "training" / "configs").glob("*.json")) + sorted(
    (ROOT / "experiments").glob("*/*.json")
)


def test_merge_updates_dicts_key_by_key_and_replaces_the_rest() -> None:
    base = {"member": {"seed": 13, "epochs": 5}, "seeds": [1, 2], "parallel": 1}
    overlay = {"member": {"epochs": 4}, "seeds": [3]}
    assert merge(base, overlay) == {
        "member": {"seed": 13, "epochs": 4},
        "seeds": [3],
        "parallel": 1,
    }
    assert base["member"] == {"seed": 13, "epochs": 5}  # the base is left alone


def test_an_overlay_extends_a_file_relative_to_itself(tmp_path: Path) -> None:
    (tmp_path / "base.json").write_text(json.dumps({"member": {"seed": 1, "epochs": 5}}))
    (tmp_path / "sub").mkdir()
    overlay = tmp_path / "sub" / "o.json"
    overlay.write_text(json.dumps({"extends": "../base.json", "member": {"seed": 2}}))
    assert load_config(overlay) == {"member": {"seed": 2, "epochs": 5}}


def test_a_config_that_extends_itself_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"extends": "b.json"}))
    (tmp_path / "b.json").write_text(json.dumps({"extends": "a.json"}))
    with pytest.raises(SystemExit, match="extends itself"):
        load_config(tmp_path / "a.json")


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_recipe_config_loads_into_train_settings(path: Path) -> None:
    settings = load_config(path)
    TrainConfig(**settings["member"])  # no unknown training setting
    assert settings["students"] and settings["unlabelled"]


def test_no_two_configs_are_the_same() -> None:
    merged = [json.dumps(load_config(p), sort_keys=True) for p in CONFIGS]
    assert len(set(merged)) == len(merged)


def test_the_shipped_students_settings() -> None:
    """training/configs/teacher.json is what made models/finsent-minilm: the card's settings."""
    settings = load_config(ROOT / "training" / "configs" / "teacher.json")
    card = json.loads((ROOT / "models" / "finsent-minilm" / "training_report.json").read_text())
    chosen = {k: card["config"][k] for k in settings["member"] if k != "seed"}
    assert {k: v for k, v in settings["member"].items() if k != "seed"} == chosen
    shipped = [s for s in settings["students"] if s["seed"] == card["config"]["seed"]]
    assert shipped[0]["soft_weight"] == card["config"]["extra"]["soft_weight"]
