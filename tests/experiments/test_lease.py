"""What a GPU lease is given (experiments/gpu_lease/lease.py): the commands and the spaCy
stop-word stub. No corpora, no model and no GPU needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")

from experiments.gpu_lease import lease  # noqa: E402


@pytest.mark.parametrize("step", ["teachers", "students"])
def test_each_command_reads_only_what_its_call_carries(step: str) -> None:
    made = lease.commands(".gpu")
    carried = made[f"{step} carry"].split()
    command = made[step]
    for path in carried:
        assert path in command or path.endswith("stub")
    assert "$OUT/" in command  # results come back


def test_the_students_learn_from_the_teachers_output() -> None:
    made = lease.commands("lease")
    assert "--out lease/teacher-ens" in made["teachers"]
    assert "--teacher lease/teacher-ens" in made["students"]
    assert "lease/teacher-ens" in made["students carry"].split()


def test_the_stop_word_stub_imports_without_spacy(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    lease.write_stop_words(tmp_path)
    code = (
        "from spacy.lang.en.stop_words import STOP_WORDS; "
        "print(len(STOP_WORDS), 'the' in STOP_WORDS)"
    )
    # the stub comes first on the import path, as on the lease (PYTHONPATH=...:OUT/stub)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    count, has_the = out.stdout.split()
    assert int(count) > 300 and has_the == "True"


@pytest.mark.parametrize("out", ["/tmp/lease", "../lease"])
def test_an_out_folder_outside_the_repository_is_refused(out: str) -> None:
    with pytest.raises(SystemExit, match="inside the repository"):
        lease.main(["--mpnet", "unused", "--out", out])


def test_the_packed_teacher_runs_teach_on_the_unpacked_folder() -> None:
    from experiments.gpu_lease import teach_packed

    argv = ["--encoder", ".gpu/mpnet", "--seeds", "21", "--out", "runs/t"]
    replaced, packed = teach_packed.with_encoder(argv, Path("/tmp/unpacked"))
    assert replaced == ["--encoder", "/tmp/unpacked", "--seeds", "21", "--out", "runs/t"]
    assert packed == Path(".gpu/mpnet")
    assert teach_packed.out_folder(replaced) == Path("runs/t")
    with pytest.raises(SystemExit, match="--encoder PACK"):
        teach_packed.with_encoder(["--seeds", "21"], Path("/tmp/unpacked"))
