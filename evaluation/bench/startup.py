"""Start-up and memory, measured in fresh processes: the ``sentiment`` CLI and a Python child."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from evaluation.bench.settings import ROOT, SEED, console
from evaluation.bench.timing import summary, time_runs

CHILD = """
import json, resource, sys, time
t = [time.perf_counter()]
def rss():
    # VmHWM: this process's own peak; ru_maxrss would include the parent's RSS at fork.
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from evaluation.make_notes import make_corpus
notes = make_corpus({count}, {seed})
import torch
from sentiment.api import Analyzer
t.append(time.perf_counter()); r = [rss()]
a = Analyzer(model_dir={model!r}, device={device!r}, backend={backend!r}); a.nlp
t.append(time.perf_counter()); r.append(rss())
a.classifier
t.append(time.perf_counter()); r.append(rss())
a.analyze(notes[0])
t.append(time.perf_counter()); r.append(rss())
a.analyze_many(notes)
t.append(time.perf_counter()); r.append(rss())
names = ["import", "build_pipeline", "load_model", "first_analyze", "analyze_many"]
print(json.dumps({{"phases_s": dict(zip(names, [b - a for a, b in zip(t, t[1:])])),
                  "peak_rss_mb_after": dict(zip(names, r))}}))
"""


def bench_process(model_dir: Path, notes: int, device: str, backend: str) -> dict[str, Any]:
    """Peak RSS and start-up phases of a fresh process that runs analyze_many on the notes."""
    console.print(f"fresh process: analyze_many on {notes} notes")
    code = CHILD.format(
        count=notes,
        seed=SEED,
        model=str(model_dir),
        device=device,
        backend=backend,
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        return {"error": _failure(done)}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = max(result["peak_rss_mb_after"].values())
    return result


def bench_cli(model_dir: Path, note: Path, runs: int) -> dict[str, Any]:
    """Wall clock of fresh ``sentiment score NOTE`` and ``sentiment --help`` processes."""
    exe = shutil.which("sentiment", path=str(Path(sys.executable).parent)) or "sentiment"
    commands = {
        "score": [exe, "score", str(note), "--model", str(model_dir)],
        "help": [exe, "--help"],
    }
    out = {}
    for name, command in commands.items():
        console.print(f"cli: sentiment {name} x {runs}")
        probe = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if probe.returncode:  # doubles as the warm-up run
            out[name] = {"error": _failure(probe)}
            continue
        run = lambda c=command: subprocess.run(c, capture_output=True, check=True, cwd=ROOT)  # noqa: E731
        out[name] = summary(time_runs(run, runs, lambda: None))
    return out


def _failure(done: subprocess.CompletedProcess[str]) -> str:
    """The exit status and the last line of stderr of a failed subprocess."""
    last = (done.stderr or "").strip().splitlines()[-1:] or [""]
    console.print(f"[red]subprocess failed ({done.returncode}): {last[0]}")
    return f"exit {done.returncode}: {last[0]}"
