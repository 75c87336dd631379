"""Recipe configs: one base file plus small overlays that hold only the keys that differ.

An overlay names the file it extends (``"extends": "base.json"``, relative to the overlay);
its keys replace the base's, except that a dict is merged key by key (so
``{"member": {"epochs": 4}}`` changes one training setting and keeps the rest). Lists are
replaced whole. Chains are allowed (an overlay may extend another overlay).

    python -m training.config training/configs/teacher.json   # prints the merged settings
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

EXTENDS = "extends"
CONFIGS = Path(__file__).resolve().parent / "configs"


def merge(base: dict, overlay: dict) -> dict:
    """``base`` updated by ``overlay``: dicts merged recursively, anything else replaced."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(path: str | Path, _seen: tuple[Path, ...] = ()) -> dict:
    """The settings in ``path`` merged over the file it extends (recursively)."""
    path = Path(path).resolve()
    if path in _seen:
        raise SystemExit(f"error: config {path} extends itself")
    settings = json.loads(path.read_text(encoding="utf-8"))
    parent = settings.pop(EXTENDS, None)
    if parent is None:
        return settings
    return merge(load_config(path.parent / parent, (*_seen, path)), settings)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("configs", nargs="+", type=Path, help="config files to print merged")
    for name in parser.parse_args(argv).configs:
        print(json.dumps(load_config(name), indent=2))


if __name__ == "__main__":
    main()
