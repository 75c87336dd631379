"""The Markdown report: one function per section, joined by :func:`render`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evaluation.bench.precision import render_precisions
from evaluation.bench.settings import BATCH_SIZE

SYSTEM_NAMES = {
    "ours_transformers_impl": "ours: same weights in transformers, same batching",
    "bert_base": "BERT-base (BertConfig(), random init), transformers/PyTorch, same batching",
    "bert_base_onnx": "BERT-base, same weights shape, ONNX Runtime, same batching",
}


def render(res: dict[str, Any]) -> str:
    """The Markdown report."""
    lines = _render_header(res)
    lines += _render_sentences(res)
    lines += render_precisions(res)
    lines += _render_documents(res)
    lines += _render_scale(res)
    lines += _render_startup(res)
    lines += _render_load(res)
    lines += _render_profile(res)
    return "\n".join(lines) + "\n"


def _render_header(res: dict[str, Any]) -> list[str]:
    env = res["environment"]
    load = "**YES - figures measured under load**" if res["under_load"] else "none sustained"
    return [
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
    ]


def _render_sentences(res: dict[str, Any]) -> list[str]:
    names = {
        "ours_analyzer_classify": f"ours: `Analyzer.classify` ({res['backend']} backend)",
        **SYSTEM_NAMES,
    }
    lines = [
        "",
        f"## Sentence throughput ({res['sizes']['sentences']} sentences from generated notes,"
        f" mean {res['sentence_tokens_mean']:.1f} tokens, batch {BATCH_SIZE})",
        "",
    ]
    return lines + _table(
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
            for k, r in res["sentences"].items()
        ],
    )


def _render_documents(res: dict[str, Any]) -> list[str]:
    docs = res["documents"]
    lines = [
        "",
        f"## Documents: `analyze_many` on {docs['notes']} notes of 1-3 pages",
        "",
        f"{docs['tokens']} tokens; {docs['model_inputs']} model inputs, of which "
        f"{docs['target_inputs']} (sentence, ticker) pairs. spaCy s: `nlp.pipe` alone; "
        "model s: `SentenceClassifier.predict` (tokenise, forward, softmax); other: the "
        "rest of `analyze_many`.",
        "",
    ]
    return lines + _table(
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


def _render_scale(res: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Scale: `analyze` vs document length",
        "",
        "Linear cost shows as a flat s / 1k tokens column; rest s = total - model.",
        "",
    ]
    headers = ["pages", "words", "tokens", "model inputs", "runs"]
    headers += ["median s", "model s", "rest s", "s / 1k tokens"]
    return lines + _table(headers, [_scale_cells(r) for r in res["scale"]])


def _scale_cells(row: dict[str, Any]) -> list[Any]:
    return [
        "1 paragraph" if row["pages"] == 0 else f"{row['pages']:g}",
        row["words"],
        row["tokens"],
        row["model_inputs"],
        row["repeats"],
        f"{row['median_s']:.2f}",
        f"{row['model_s']:.2f}",
        f"{row['median_s'] - row['model_s']:.2f}",
        f"{row['s_per_1k_tokens']:.3f}",
    ]


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


def _render_load(res: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Competing load by section",
        "",
        "CPU seconds used by other processes while each section ran (0 = idle machine).",
        "",
    ]
    return lines + _table(
        ["section", "wall s", "other processes' CPU s"],
        [[k, v["wall_s"], v["other_cpu_s"]] for k, v in res["load"].items()],
    )


def _render_profile(res: dict[str, Any]) -> list[str]:
    if not res.get("profile"):
        return []
    return ["", "## Profile of one analyze_many (cProfile)", "", "```", res["profile"], "```"]


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def _seconds(row: dict[str, Any]) -> str:
    return f"FAILED: {row['error']}" if "error" in row else f"{row['median_s']:.2f}"


def _millions(n: int) -> str:
    return f"{n / 1e6:.1f}M"
