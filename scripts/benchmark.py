"""Speed benchmark: our model against a BERT-base-size classifier, documents, start-up, memory.

Run from the repository root (take final figures on an otherwise idle machine)::

    python scripts/benchmark.py                          # models/finsent-minilm, 5 repeats
    python scripts/benchmark.py --model /tmp/smoke --quick   # small sizes, a smoke run
    python scripts/benchmark.py --profile                # adds a cProfile of analyze_many

Everything runs in one process on the same inputs (notes from ``scripts/make_notes.py``,
fixed seed), fp32, with the same torch thread count; each figure is the MEDIAN of
``--repeats`` timed runs after one untimed warm-up run. Start-up and peak memory are
measured in fresh subprocesses. The Markdown goes to stdout and ``--out``, the raw numbers
to the same path with ``.json``; progress goes to stderr.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

import typer
from make_notes import make_corpus, make_note, write_corpus
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).resolve().parent
DEFAULT_MODEL = ROOT / "models" / "finsent-minilm"
SEED = 20261125
BATCH_SIZE = 64
BASELINE_MAX_TOKENS = 128
console = Console(stderr=True)


@dataclass(frozen=True)
class Sizes:
    """How much work each section does (``--quick`` shrinks everything)."""

    sentences: int = 512
    notes: int = 40
    scale_pages: tuple[float, ...] = (0.0, 1.0, 3.0, 10.0, 30.0, 100.0)
    cli_runs: int = 5


QUICK = Sizes(sentences=64, notes=4, scale_pages=(0.0, 1.0, 3.0), cli_runs=2)


# ------------------------------------------------------------------ timing helpers


def time_runs(
    fn: Callable[[], Any], repeats: int, sync: Callable[[], None], warmup: bool = True
) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls of ``fn``, after one untimed warm-up call."""
    if warmup:
        fn()
        sync()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        sync()
        runs.append(time.perf_counter() - start)
    return runs


def summary(runs: Sequence[float]) -> dict[str, Any]:
    """Median, min and max of a list of timings, in seconds."""
    return {
        "median_s": statistics.median(runs),
        "min_s": min(runs),
        "max_s": max(runs),
        "runs_s": list(runs),
    }


class TimedClassifier:
    """Wraps a classifier and adds up the time spent in ``predict`` and the inputs seen."""

    def __init__(self, inner: Any, sync: Callable[[], None]) -> None:
        self.inner = inner
        self.sync = sync
        self.seconds = 0.0
        self.inputs = 0
        self.target_inputs = 0

    def predict(self, texts: Sequence[str], targets: Sequence[str | None] | None = None) -> Any:
        """Delegates to the wrapped classifier, timing the call."""
        start = time.perf_counter()
        out = self.inner.predict(texts, targets)
        self.sync()
        self.seconds += time.perf_counter() - start
        self.inputs += len(texts)
        self.target_inputs += sum(t is not None for t in targets or ())
        return out

    def reset(self) -> None:
        """Zero the counters."""
        self.seconds, self.inputs, self.target_inputs = 0.0, 0, 0


# ------------------------------------------------------------------ environment


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (or platform's guess elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def training_running() -> bool:
    """Whether a ``scripts/train.py`` process is competing for the CPU."""
    found = subprocess.run(["pgrep", "-f", "scripts/train.py"], capture_output=True, text=True)
    return bool(found.stdout.strip())


def cpu_seconds() -> tuple[float, float]:
    """(busy CPU seconds of the whole machine, CPU seconds of this process and its children)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait
    own = os.times()
    own_s = own.user + own.system + own.children_user + own.children_system
    return busy / os.sysconf("SC_CLK_TCK"), own_s


def code_version() -> str:
    """The commit the code is at, with ``+dirty`` if ``sentiment/`` has uncommitted edits."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("+dirty" if git("status", "--porcelain", "--", "sentiment") else "")


def environment(model_dir: Path, params: int, device: str) -> dict[str, Any]:
    """What the numbers depend on: hardware, threads, versions, the model, competing load."""
    import spacy
    import torch
    import transformers

    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "device": device,
        "gpu": torch.cuda.get_device_name(0) if device == "cuda" else None,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "spacy": spacy.__version__,
        "model_dir": str(model_dir),
        "model_params": params,
        "code": code_version(),
        "load_average_at_start": os.getloadavg(),
        "training_running_at_start": training_running(),
    }


# ------------------------------------------------------------------ inputs


def sentence_set(nlp: Any, notes: Sequence[str], count: int) -> list[str]:
    """The first ``count`` scoreable sentences of the notes, as our segmenter splits them."""
    sentences: list[str] = []
    for doc in nlp.pipe(notes):
        sentences += [s.text.strip() for s in doc.sents if any(c.isalnum() for c in s.text)]
        if len(sentences) >= count:
            break
    if len(sentences) < count:
        raise ValueError(f"the notes hold only {len(sentences)} sentences, {count} wanted")
    return sentences[:count]


def checkpoint_params(model_dir: Path) -> int:
    """Parameters stored in ``model.safetensors`` (any backend runs these same weights)."""
    import math

    from safetensors import safe_open

    with safe_open(str(model_dir / "model.safetensors"), framework="pt") as f:
        return sum(
            math.prod(f.get_slice(k).get_shape())
            for k in f.keys()
            if not k.endswith("position_ids")
        )


def token_counts(tokenizer: Any, texts: Sequence[str]) -> list[int]:
    """Model-tokenizer tokens of each text, without special tokens."""
    return [len(e.ids) for e in tokenizer.encode_batch(list(texts), add_special_tokens=False)]


# ------------------------------------------------------------------ sentence throughput


class TransformersHarness:
    """A transformers ``BertForSequenceClassification`` with our batching rules.

    Length-sorted batches of ``BATCH_SIZE``, dynamic padding, truncation at
    ``BASELINE_MAX_TOKENS``, ``torch.inference_mode()``, softmax to Python floats: the same
    work :class:`sentiment.classifier.SentenceClassifier` does per sentence.
    """

    def __init__(self, model: Any, tokenizer_file: Path, device: str) -> None:
        from tokenizers import Tokenizer

        self.model = model.float().eval().to(device)
        self.device = device
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=BASELINE_MAX_TOKENS)

    def predict(self, sentences: Sequence[str]) -> list[list[float]]:
        """Class probabilities per sentence, in input order (length-sorted batches)."""
        import numpy

        encodings = self.tokenizer.encode_batch(list(sentences))
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        probs: list[list[float]] = [[]] * len(encodings)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            width = max(len(encodings[i].ids) for i in batch)
            feed = {}
            for key, attr in (
                ("input_ids", "ids"),
                ("attention_mask", "attention_mask"),
                ("token_type_ids", "type_ids"),
            ):
                rows = [getattr(encodings[i], attr) for i in batch]
                feed[key] = numpy.array([r + [0] * (width - len(r)) for r in rows], numpy.int64)
            for i, row in zip(batch, self.probabilities(feed), strict=True):
                probs[i] = row
        return probs

    def probabilities(self, feed: dict[str, Any]) -> list[list[float]]:
        """One padded batch through the model: softmax rows as Python floats."""
        import torch

        tensors = {k: torch.from_numpy(v).to(self.device) for k, v in feed.items()}
        with torch.inference_mode():
            return self.model(**tensors).logits.float().softmax(-1).tolist()


def bert_base(device: str, tokenizer_file: Path) -> TransformersHarness:
    """A randomly initialised BERT-base (``BertConfig()`` defaults, 3 labels)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    return TransformersHarness(
        BertForSequenceClassification(BertConfig(num_labels=3)), tokenizer_file, device
    )


class OnnxHarness(TransformersHarness):
    """The same batching through ONNX Runtime (the runtime our ``onnx`` backend uses)."""

    def __init__(self, model: Any, tokenizer_file: Path, folder: Path) -> None:
        import onnxruntime
        import torch

        super().__init__(model, tokenizer_file, "cpu")
        sample = torch.ones(2, 8, dtype=torch.long)
        names = ["input_ids", "attention_mask", "token_type_ids"]
        torch.onnx.export(
            self.model,
            (sample, sample, torch.zeros_like(sample)),
            str(folder / "m.onnx"),
            input_names=names,
            output_names=["logits"],
            opset_version=17,
            dynamo=False,
            dynamic_axes={**{k: {0: "b", 1: "l"} for k in names}, "logits": {0: "b"}},
        )
        options = onnxruntime.SessionOptions()
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(folder / "m.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def probabilities(self, feed: dict[str, Any]) -> list[list[float]]:
        """One padded batch through ONNX Runtime: softmax rows as Python floats."""
        import numpy

        logits = self.session.run(["logits"], feed)[0]
        exp = numpy.exp(logits - logits.max(-1, keepdims=True))
        return (exp / exp.sum(-1, keepdims=True)).tolist()


def bert_base_onnx(tokenizer_file: Path, folder: Path) -> OnnxHarness:
    """BERT-base (same shape as FinBERT, random init) run by ONNX Runtime, like our backend."""
    import torch
    from transformers import BertConfig

    from sentiment.encoder import BertClassifier

    torch.manual_seed(0)
    cfg = BertConfig(num_labels=3).to_dict()
    return OnnxHarness(BertClassifier(cfg), tokenizer_file, folder)


def ours_in_transformers(model_dir: Path, device: str) -> TransformersHarness:
    """Our checkpoint loaded by transformers itself, to separate model size from implementation."""
    import torch
    from transformers import BertForSequenceClassification
    from transformers.utils import logging

    logging.disable_progress_bar()
    model = BertForSequenceClassification.from_pretrained(str(model_dir), dtype=torch.float32)
    return TransformersHarness(model, model_dir / "tokenizer.json", device)


def bench_sentences(
    analyzer: Any,
    params: int,
    model_dir: Path,
    sentences: list[str],
    repeats: int,
    device: str,
    sync: Callable[[], None],
) -> dict[str, Any]:
    """Sentences/s of Analyzer.classify, of our checkpoint in transformers, and of BERT-base
    (in transformers/PyTorch as FinBERT users run it, and in ONNX Runtime like our backend)."""
    import tempfile

    from sentiment.encoder import param_count

    tmp = Path(tempfile.mkdtemp(prefix="bench-onnx-"))
    rows = {}
    console.print(f"classify: {len(sentences)} sentences x {repeats}")
    runs = time_runs(lambda: analyzer.classify(sentences), repeats, sync)
    rows["ours_analyzer_classify"] = {**summary(runs), "params": params}
    for name, build in (
        ("ours_transformers_impl", lambda: ours_in_transformers(model_dir, device)),
        ("bert_base", lambda: bert_base(device, model_dir / "tokenizer.json")),
        *(
            [("bert_base_onnx", lambda: bert_base_onnx(model_dir / "tokenizer.json", tmp))]
            if device == "cpu"
            else []
        ),
    ):
        console.print(f"{name}: {len(sentences)} sentences x {repeats}")
        harness = build()
        runs = time_runs(lambda h=harness: h.predict(sentences), repeats, sync)
        rows[name] = {**summary(runs), "params": param_count(harness.model)}
        del harness
    for row in rows.values():
        row["sentences_per_s"] = len(sentences) / row["median_s"]
    base = rows["bert_base"]["sentences_per_s"]
    base_onnx = rows.get("bert_base_onnx", rows["bert_base"])["sentences_per_s"]
    for row in rows.values():
        row["speed_vs_bert_base"] = row["sentences_per_s"] / base
        row["speed_vs_bert_base_onnx"] = row["sentences_per_s"] / base_onnx
    return rows


# ------------------------------------------------------------------ documents


def bench_documents(
    analyzer: Any,
    timer: TimedClassifier,
    notes: list[str],
    tokens: int,
    repeats: int,
    sync: Callable[[], None],
) -> dict[str, Any]:
    """Docs/s and tokens/s of analyze_many, split into spaCy, model and the rest."""
    console.print(f"analyze_many: {len(notes)} notes x {repeats}")
    model_s: list[float] = []

    def run() -> None:
        timer.reset()
        analyzer.analyze_many(notes)
        model_s.append(timer.seconds)

    total = time_runs(run, repeats, sync)
    inputs, target_inputs = timer.inputs, timer.target_inputs
    spacy_runs = time_runs(
        lambda: list(analyzer.nlp.pipe(notes, batch_size=32)), repeats, lambda: None
    )
    median = statistics.median(total)
    spacy_s, model = statistics.median(spacy_runs), statistics.median(model_s[1:])
    return {
        **summary(total),
        "notes": len(notes),
        "tokens": tokens,
        "model_inputs": inputs,
        "target_inputs": target_inputs,
        "docs_per_s": len(notes) / median,
        "tokens_per_s": tokens / median,
        "spacy_s": spacy_s,
        "model_s": model,
        "other_s": max(0.0, median - spacy_s - model),
    }


def bench_scale(
    analyzer: Any,
    timer: TimedClassifier,
    tokenizer: Any,
    pages: Sequence[float],
    repeats: int,
    sync: Callable[[], None],
) -> list[dict[str, Any]]:
    """analyze() time against document length.

    Long texts get fewer runs (3 from 10 pages, 1 from 30) and, from 30 pages, no warm-up:
    by then the model is warm, and each run takes minutes if the cost is not linear.
    """
    rows = []
    for size in pages:
        text = make_note(random.Random(SEED + int(size * 10)), size)
        tokens = token_counts(tokenizer, [text])[0]
        n = repeats if size < 10 else min(repeats, 3) if size < 30 else 1
        console.print(f"scale: {size:g} pages, {tokens} tokens x {n}")
        model_s: list[float] = []

        def run(text: str = text, model_s: list[float] = model_s) -> None:
            timer.reset()
            analyzer.analyze(text)
            model_s.append(timer.seconds)

        runs = time_runs(run, n, sync, warmup=size < 30)
        median = statistics.median(runs)
        rows.append(
            {
                "pages": size,
                "words": len(text.split()),
                "tokens": tokens,
                "model_inputs": timer.inputs,
                "repeats": n,
                **summary(runs),
                "model_s": statistics.median(model_s[-n:]),
                "s_per_1k_tokens": 1000 * median / tokens,
            }
        )
    return rows


def profile_documents(analyzer: Any, notes: list[str], top: int = 25) -> str:
    """cProfile of one analyze_many over the notes: the top functions by own time."""
    profiler = cProfile.Profile()
    profiler.runcall(analyzer.analyze_many, notes)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ------------------------------------------------------------------ subprocesses

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
sys.path.insert(0, {scripts!r})
from make_notes import make_corpus
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
        scripts=str(SCRIPTS),
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


# ------------------------------------------------------------------ report


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def _seconds(row: dict[str, Any]) -> str:
    return f"FAILED: {row['error']}" if "error" in row else f"{row['median_s']:.2f}"


def _millions(n: int) -> str:
    return f"{n / 1e6:.1f}M"


def render(res: dict[str, Any]) -> str:
    """The Markdown report."""
    env, sent, docs = res["environment"], res["sentences"], res["documents"]
    load = "**YES - figures measured under load**" if res["under_load"] else "none sustained"
    lines = [
        "# Speed benchmark",
        "",
        f"{env['date']} - CPU: {env['cpu']} ({env['usable_cpus']} usable of {env['logical_cpus']}"
        f" logical), device {env['device']}{' ' + env['gpu'] if env['gpu'] else ''}; torch "
        f"{env['torch']} with {env['torch_threads']} intra-op threads; transformers "
        f"{env['transformers']}; spaCy {env['spacy']}; Python {env['python']}.",
        f"Model: `{env['model_dir']}` ({_millions(env['model_params'])} parameters), code "
        f"{env.get('code', '?')}. fp32. "
        f"Medians of {res['repeats']} runs after a warm-up. Competing load: {load} (other "
        f"processes used {env['other_processes_cpu_s']} CPU s during the {env['wall_s']} s run).",
        "",
        f"## Sentence throughput ({res['sizes']['sentences']} sentences from generated notes,"
        f" mean {res['sentence_tokens_mean']:.1f} tokens, batch {BATCH_SIZE})",
        "",
    ]
    names = {
        "ours_analyzer_classify": f"ours: `Analyzer.classify` ({res['backend']} backend)",
        "ours_transformers_impl": "ours: same weights in transformers, same batching",
        "bert_base": "BERT-base (BertConfig(), random init), transformers/PyTorch, same batching",
        "bert_base_onnx": "BERT-base, same weights shape, ONNX Runtime, same batching",
    }
    lines += _table(
        [
            "system",
            "params",
            "median s",
            "sentences/s",
            "vs BERT-base (PyTorch)",
            "vs BERT-base (ONNX Runtime)",
        ],
        [
            [
                names[k],
                _millions(r["params"]),
                f"{r['median_s']:.3f}",
                f"{r['sentences_per_s']:.0f}",
                f"{r['speed_vs_bert_base']:.2f}x",
                f"{r['speed_vs_bert_base_onnx']:.2f}x",
            ]
            for k, r in sent.items()
        ],
    )
    lines += [
        "",
        f"## Documents: `analyze_many` on {docs['notes']} notes of 1-3 pages",
        "",
        f"{docs['tokens']} tokens; {docs['model_inputs']} model inputs, of which "
        f"{docs['target_inputs']} (sentence, ticker) pairs. spaCy s: `nlp.pipe` alone; "
        "model s: `SentenceClassifier.predict` (tokenise, forward, softmax); other: the "
        "rest of `analyze_many`.",
        "",
    ]
    lines += _table(
        ["median s", "docs/s", "tokens/s", "spaCy s", "model s", "other s"],
        [
            [
                f"{docs['median_s']:.2f}",
                f"{docs['docs_per_s']:.2f}",
                f"{docs['tokens_per_s']:.0f}",
                f"{docs['spacy_s']:.2f}",
                f"{docs['model_s']:.2f}",
                f"{docs['other_s']:.2f}",
            ]
        ],
    )
    lines += [
        "",
        "## Scale: `analyze` vs document length",
        "",
        "Linear cost shows as a flat s / 1k tokens column; rest s = total - model.",
        "",
    ]
    lines += _table(
        [
            "pages",
            "words",
            "tokens",
            "model inputs",
            "runs",
            "median s",
            "model s",
            "rest s",
            "s / 1k tokens",
        ],
        [
            [
                "1 paragraph" if r["pages"] == 0 else f"{r['pages']:g}",
                r["words"],
                r["tokens"],
                r["model_inputs"],
                r["repeats"],
                f"{r['median_s']:.2f}",
                f"{r['model_s']:.2f}",
                f"{r['median_s'] - r['model_s']:.2f}",
                f"{r['s_per_1k_tokens']:.3f}",
            ]
            for r in res["scale"]
        ],
    )
    lines += _render_startup(res)
    lines += [
        "",
        "## Competing load by section",
        "",
        "CPU seconds used by other processes while each section ran (0 = idle machine).",
        "",
    ]
    lines += _table(
        ["section", "wall s", "other processes' CPU s"],
        [[k, v["wall_s"], v["other_cpu_s"]] for k, v in res["load"].items()],
    )
    if res.get("profile"):
        lines += ["", "## Profile of one analyze_many (cProfile)", "", "```", res["profile"], "```"]
    return "\n".join(lines) + "\n"


def _render_startup(res: dict[str, Any]) -> list[str]:
    cli, proc = res["cli"], res["process"]
    lines = ["", "## Start-up and memory (fresh processes)", ""]
    lines += _table(
        ["what", "median s"],
        [
            ["`sentiment score NOTE` (2-page note, wall clock)", _seconds(cli["score"])],
            ["`sentiment --help`", _seconds(cli["help"])],
        ],
    )
    notes = res["sizes"]["notes"]
    lines += ["", f"A fresh Python process running `analyze_many` on {notes} notes:", ""]
    if "error" in proc:
        return lines + [f"FAILED: {proc['error']}"]
    lines += _table(
        ["phase", "seconds", "peak RSS so far (MB)"],
        [
            [name, f"{secs:.2f}", f"{proc['peak_rss_mb_after'][name]:.0f}"]
            for name, secs in proc["phases_s"].items()
        ],
    )
    lines += ["", f"Peak RSS: **{proc['peak_rss_mb']:.0f} MB**."]
    return lines


# ------------------------------------------------------------------ main


def measured(res: dict[str, Any], key: str, fn: Callable[[], Any]) -> None:
    """``res[key] = fn()``, noting in ``res["load"]`` the CPU seconds other processes used."""
    (busy0, own0), wall0 = cpu_seconds(), time.perf_counter()
    res[key] = fn()
    busy, own = cpu_seconds()
    res.setdefault("load", {})[key] = {
        "wall_s": round(time.perf_counter() - wall0, 1),
        "other_cpu_s": round((busy - busy0) - (own - own0), 1),
    }


def run_all(
    model_dir: Path, sizes: Sizes, repeats: int, device: str, backend: str, profile: bool, tmp: Path
) -> dict[str, Any]:
    """Every measurement, in one process, on the same inputs; returns the raw results."""
    import torch

    from sentiment.api import Analyzer
    from sentiment.classifier import SentenceClassifier

    (busy0, own0), wall0 = cpu_seconds(), time.perf_counter()
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    inner = SentenceClassifier(model_dir, device=device, batch_size=BATCH_SIZE, backend=backend)
    timer = TimedClassifier(inner, sync)
    analyzer = Analyzer(model_dir=model_dir, device=device, classifier=timer)
    params = checkpoint_params(model_dir)
    res: dict[str, Any] = {
        "environment": environment(model_dir, params, device),
        "backend": inner.backend,
        "repeats": repeats,
        "sizes": sizes.__dict__,
    }
    notes = make_corpus(sizes.notes, SEED)
    sentences = sentence_set(analyzer.nlp, notes, sizes.sentences)
    res["sentence_tokens_mean"] = statistics.mean(token_counts(inner.tokenizer, sentences))
    measured(
        res,
        "sentences",
        lambda: bench_sentences(analyzer, params, model_dir, sentences, repeats, device, sync),
    )
    tokens = sum(token_counts(inner.tokenizer, notes))
    measured(
        res, "documents", lambda: bench_documents(analyzer, timer, notes, tokens, repeats, sync)
    )
    measured(
        res,
        "scale",
        lambda: bench_scale(analyzer, timer, inner.tokenizer, sizes.scale_pages, repeats, sync),
    )
    if profile:
        res["profile"] = profile_documents(analyzer, notes)
    note = write_corpus([make_note(random.Random(SEED), 2.0)], tmp)[0]
    measured(res, "cli", lambda: bench_cli(model_dir, note, sizes.cli_runs))
    measured(res, "process", lambda: bench_process(model_dir, sizes.notes, device, backend))
    env = res["environment"]
    env["training_running_at_end"] = training_running()
    busy, own = cpu_seconds()
    env["other_processes_cpu_s"] = round((busy - busy0) - (own - own0), 1)
    env["wall_s"] = round(time.perf_counter() - wall0, 1)
    # Other processes using more than a quarter of one core on average count as load; short
    # bursts below that spoil single runs, which the medians leave out (see runs_s in the JSON).
    res["under_load"] = (
        env["training_running_at_start"]
        or env["training_running_at_end"]
        or env["other_processes_cpu_s"] > 0.25 * env["wall_s"]
    )
    return res


def main(
    model: Annotated[Path, typer.Option("--model", help="Model folder.")] = DEFAULT_MODEL,
    repeats: Annotated[int, typer.Option("--repeats", min=1, help="Timed runs per figure.")] = 5,
    quick: Annotated[bool, typer.Option("--quick", help="Small sizes, for a smoke run.")] = False,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda.")] = "cpu",
    backend: Annotated[str, typer.Option("--backend", help="auto, onnx or torch.")] = "auto",
    threads: Annotated[int, typer.Option("--threads", min=0, help="0: torch default.")] = 0,
    profile: Annotated[bool, typer.Option("--profile", help="Add a cProfile.")] = False,
    out: Annotated[Path, typer.Option("--out", help="Markdown report; JSON next to it.")] = (
        ROOT / "reports" / "benchmark.md"
    ),
) -> None:
    """Measure sentence, document, start-up and memory figures; write Markdown and JSON."""
    import torch

    if device not in ("cpu", "cuda"):
        raise typer.BadParameter("--device must be cpu or cuda")
    if threads:  # the subprocesses inherit the setting through OMP_NUM_THREADS
        torch.set_num_threads(threads)
        os.environ["OMP_NUM_THREADS"] = str(threads)
    if training_running():
        console.print("[yellow]warning: scripts/train.py is running; figures are under load")
    with tempfile.TemporaryDirectory() as tmp:
        res = run_all(
            model, QUICK if quick else Sizes(), repeats, device, backend, profile, Path(tmp)
        )
    report = render(res)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(report)
    console.print(f"wrote {out} and {out.with_suffix('.json')}")


if __name__ == "__main__":
    typer.run(main)
