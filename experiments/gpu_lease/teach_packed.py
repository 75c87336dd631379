"""``training.teach`` on an encoder packed by ``pack_encoder.py`` (what a GPU lease carries).

The pack is unpacked into a temporary folder, ``training.teach`` runs on that folder with the
other arguments as given, and the run's ``teacher_report.json`` then names the pack. Kept out of
the shipped recipe: ``training.teach`` only reads plain encoder folders.

    python -m experiments.gpu_lease.teach_packed --encoder .gpu/mpnet --device cuda \\
        --epochs 4 --seeds 21 22 23 24 25 26 --parallel 6 --budget 300 --out runs/teacher-ens
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from experiments.gpu_lease import pack_encoder
from training import teach


def with_encoder(argv: list[str], encoder: Path) -> tuple[list[str], Path]:
    """(``argv`` with ``--encoder``'s value replaced by ``encoder``, the value it had)."""
    if "--encoder" not in argv[:-1]:
        raise SystemExit("error: --encoder PACK is required")
    at = argv.index("--encoder") + 1
    return [*argv[:at], str(encoder), *argv[at + 1 :]], Path(argv[at])


def out_folder(argv: list[str]) -> Path:
    """The run folder ``training.teach`` writes (its ``--out``, else its default)."""
    return Path(argv[argv.index("--out") + 1]) if "--out" in argv[:-1] else Path("runs/teacher")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory() as scratch:
        unpacked = Path(scratch) / "encoder"
        argv, packed = with_encoder(argv, unpacked)
        if not (packed / pack_encoder.PACKED).exists():
            raise SystemExit(f"error: {packed} is not a pack (use python -m training.teach)")
        pack_encoder.unpack(packed, unpacked)
        teach.main(argv)
    report_file = out_folder(argv) / "teacher_report.json"
    report = json.loads(report_file.read_text())
    report["encoder"] = str(packed)
    report_file.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
