"""The PyTorch backend on a GPU (``device="cuda"``) scores as it does on the CPU.

Runs only where PyTorch sees a CUDA device (a GPU lease: `reports/cuda.md`), on the model of
`$SENTIMENT_MODEL_DIR` or the installed one; skipped elsewhere.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from sentiment.classifier import SentenceClassifier, default_model_dir  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device"),
]

SENTENCES = [
    "Operating margin expanded 240 basis points and the company raised its full-year outlook.",
    "Same-store sales fell 4% as traffic weakened and management cut the dividend.",
    "The board declared a quarterly dividend of $0.52 per share, payable on March 14.",
    "We stay Equal Weight ahead of the print.",
    "Shares were little changed.",
    # longer than one window: scored as several windows and merged
    " ".join(["Revenue grew 12% while gross margin narrowed on higher freight costs."] * 30),
]
PAIRS = [
    ("Trade idea: long $UNH, short $CVS into the rate notice.", "CVS"),
    ("Trade idea: long $UNH, short $CVS into the rate notice.", "UNH"),
    ("JPMorgan analyst Doug Anmuth said Meta's ad pricing should keep rising.", "JPMorgan"),
]


@pytest.fixture(scope="module")
def both() -> tuple[SentenceClassifier, SentenceClassifier]:
    model = default_model_dir()
    return (
        SentenceClassifier(model, device="cpu", backend="torch"),
        SentenceClassifier(model, device="cuda"),
    )


def close(cpu, gpu, tolerance: float) -> None:
    for a, b in zip(cpu, gpu, strict=True):
        assert a.label == b.label
        assert a.score == pytest.approx(b.score, abs=tolerance)


def test_auto_runs_pytorch_at_fp32_on_the_gpu(both) -> None:
    _, gpu = both
    assert (gpu.backend, gpu.precision) == ("torch", "fp32")
    assert next(gpu.model.module.parameters()).device.type == "cuda"


def test_sentences_score_as_on_the_cpu(both) -> None:
    cpu, gpu = both
    close(cpu.predict(SENTENCES), gpu.predict(SENTENCES), 2e-3)


def test_target_pairs_score_as_on_the_cpu(both) -> None:
    cpu, gpu = both
    texts, targets = zip(*PAIRS, strict=True)
    close(cpu.predict(texts, targets), gpu.predict(texts, targets), 2e-3)


def test_bf16_on_the_gpu_keeps_the_labels() -> None:
    cpu = SentenceClassifier(default_model_dir(), device="cpu", backend="torch")
    half = SentenceClassifier(default_model_dir(), device="cuda", precision="bf16")
    assert next(half.model.module.parameters()).dtype == torch.bfloat16
    close(cpu.predict(SENTENCES[:5]), half.predict(SENTENCES[:5]), 0.05)
