"""Prepare what a GPU lease needs to train teachers and students, and print its commands.

A lease takes at most 64 MiB of files (the working tree included), reaches no network and has
no spaCy. This writes, into ``--out`` (default ``.gpu``, which git should ignore):

* ``mpnet/``: MPNet-base packed in 4 bits (``pack_encoder.py``; 56 MB instead of 438 MB),
  which ``teach_packed.py`` unpacks before it trains the teachers;
* ``minilm/``: the MiniLM-L6 base encoder in float16 (45 MB), the students' starting point;
* ``corpora.tgz``: the corpora (1.3 MB), unpacked there into /tmp;
* ``stub/spacy``: spaCy's English stop words, which the gazetteer reads when the synthetic
  comparison sentences are made.

The shipped model (45 MB) travels with the working tree, so send the tree from a commit without
``models/`` (``git switch -c lease && git rm -rq models/finsent-minilm && git commit -qm lease``,
then ``git switch -`` and ``git branch -D lease`` after). The teachers' run and the students'
run each fit one 10-minute call on an H200; the students' call carries the teachers'
``logits.pt`` back (copy it into ``OUT/teacher-ens``).

    python -m experiments.gpu_lease.lease --corpora ../shared/corpora \
        --mpnet /tmp/mpnet/model/all-mpnet-base-v2
"""

from __future__ import annotations

import argparse
import tarfile
from pathlib import Path

from experiments.gpu_lease import pack_encoder
from training import corpora as cp
from training import train as tr

SETUP = "set -o pipefail; export PYTHONUNBUFFERED=1 PYTHONPATH=$PWD:$PWD/{out}/stub; "
UNPACK = "mkdir -p /tmp/c && tar xzf {out}/corpora.tgz -C /tmp/c && "
TEACHERS = (
    "python3 -m experiments.gpu_lease.teach_packed --encoder {out}/mpnet "
    "--corpora /tmp/c/corpora --device cuda "
    "--epochs 4 --lr 3e-5 --patience 2 --seeds 21 22 23 24 25 26 --parallel 6 --threads 2 "
    "--budget 300 --no-model --out {out}/teacher-ens 2>&1 | tee $OUT/teach.log; "
    "cp {out}/teacher-ens/* $OUT/"
)
STUDENTS = (
    "export FINSENT_BASE_ENCODER=$PWD/{out}/minilm; python3 -m training.distill "
    "--corpora /tmp/c/corpora --config experiments/gpu_lease/distill_gpu.json "
    "--teacher {out}/teacher-ens --device cuda --deadline 290 --out {out}/dist 2>&1 "
    "| tee $OUT/distill.log; cp {out}/dist/distill_report.json $OUT/; "
    "cd {out}/dist && tar cf - student | split -b 15M - $OUT/student.tar."
)


def write_minilm(out: Path) -> None:
    """The MiniLM-L6 base in float16 (the students start from it as float32 again)."""
    from safetensors.torch import load_file, save_file

    source = tr.base_encoder_dir()
    out.mkdir(parents=True, exist_ok=True)
    state = load_file(source / "model.safetensors")
    half = {k: (v.half() if v.is_floating_point() else v).contiguous() for k, v in state.items()}
    save_file(half, out / "model.safetensors")
    pack_encoder.copy_side_files(source, out, pack_encoder.SIDE_FILES + ("vocab.txt",))


def write_stop_words(out: Path) -> None:
    """``spacy.lang.en.stop_words.STOP_WORDS`` as a module of its own."""
    from spacy.lang.en.stop_words import STOP_WORDS

    folder = out / "spacy" / "lang" / "en"
    folder.mkdir(parents=True, exist_ok=True)
    for package in (out / "spacy", out / "spacy" / "lang", folder):
        (package / "__init__.py").write_text("")
    (folder / "stop_words.py").write_text(f"STOP_WORDS = set({sorted(STOP_WORDS)!r})\n")


def commands(out: str) -> dict[str, str]:
    """The two device commands, with the paths each one carries."""
    return {
        "teachers": SETUP.format(out=out) + UNPACK.format(out=out) + TEACHERS.format(out=out),
        "teachers carry": f"{out}/mpnet {out}/corpora.tgz",
        "students": SETUP.format(out=out) + UNPACK.format(out=out) + STUDENTS.format(out=out),
        "students carry": f"{out}/minilm {out}/corpora.tgz {out}/teacher-ens {out}/stub",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpora", help="folder of the shared corpora")
    parser.add_argument("--mpnet", type=Path, required=True, help="the joined MPNet-base folder")
    parser.add_argument("--out", default=".gpu")
    args = parser.parse_args(argv)
    if Path(args.out).is_absolute() or ".." in Path(args.out).parts:
        raise SystemExit("error: --out must be a folder inside the repository (it is carried)")
    corpora, out = cp.resolve_corpora(args.corpora), Path(args.out)
    texts = pack_encoder.corpus_texts(corpora)
    print(pack_encoder.pack(args.mpnet, out / "mpnet", texts))
    write_minilm(out / "minilm")
    write_stop_words(out / "stub")
    with tarfile.open(out / "corpora.tgz", "w:gz") as tar:
        tar.add(corpora, arcname="corpora")
    for name, line in commands(args.out).items():
        print(f"{name}:\n  {line}")


if __name__ == "__main__":
    main()
