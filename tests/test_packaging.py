"""The package installs as a normal package: the model ships inside it, found through
importlib.resources, and transformers is needed only by the extras that use it.

`.ci/check_installs` proves the three installs (editable, `pip install .`, a wheel) end to end;
these tests keep the pieces that check depends on from drifting.
"""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from sentiment import classifier
from sentiment.classifier import REQUIRED_FILES, default_model_dir, shipped_model_dir
from sentiment.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]
tomllib = pytest.importorskip("tomllib")


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_of_the_source_tree_is_installed() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "sentiment").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert set(_setuptools()["packages"]) == found | {"sentiment.models"}


def test_the_models_folder_is_installed_with_every_model_file() -> None:
    settings = _setuptools()
    assert settings["package-dir"]["sentiment.models"] == "models"
    model_files = {p.name for p in (ROOT / "models" / classifier.SHIPPED_MODEL).iterdir()}
    assert set(REQUIRED_FILES) <= model_files
    assert f"{classifier.SHIPPED_MODEL}/*" in settings["package-data"]["sentiment.models"]


def test_the_shipped_model_is_found_through_importlib_resources(monkeypatch) -> None:
    monkeypatch.delenv("SENTIMENT_MODEL_DIR", raising=False)
    folder = shipped_model_dir()
    assert folder == Path(str(resources.files("sentiment.models"))) / classifier.SHIPPED_MODEL
    assert all((folder / name).is_file() for name in REQUIRED_FILES)
    assert default_model_dir() == folder


def test_the_environment_variable_still_wins(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SENTIMENT_MODEL_DIR", str(tmp_path))
    assert default_model_dir() == tmp_path


def test_a_missing_models_package_is_a_model_error(monkeypatch) -> None:
    def missing(name: str):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(classifier.resources, "files", missing)
    with pytest.raises(ModelError, match="shipped model is not installed"):
        shipped_model_dir()


def test_scoring_never_imports_transformers() -> None:
    code = (
        "import sys\n"
        "from sentiment import Analyzer\n"
        "from sentiment.classifier import SentenceClassifier, default_model_dir\n"
        "SentenceClassifier(default_model_dir()).predict(['Profit rose.'])\n"
        "assert 'transformers' not in sys.modules, 'transformers was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_transformers_is_only_in_the_extras_that_use_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    named = lambda deps: {d.split(">")[0].split("=")[0].strip() for d in deps}  # noqa: E731
    assert "transformers" not in named(project["dependencies"])
    assert "transformers" in named(project["optional-dependencies"]["train"])
    assert "transformers" in named(project["optional-dependencies"]["dev"])


@pytest.mark.slow
def test_transformers_loads_the_shipped_model_with_the_same_probabilities() -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from sentiment import Analyzer

    folder = default_model_dir()
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        folder, dtype=torch.float32
    ).eval()
    texts = ["Operating profit rose to EUR 13.1 mn.", "Shares plunged 20% after the miss."]
    with torch.inference_mode():
        logits = model(**tokenizer(texts, padding=True, return_tensors="pt")).logits
    temperature = model.config.calibration_temperature
    theirs = torch.softmax(logits / temperature, dim=-1)
    ours = Analyzer(read_figures=False).classify(texts)
    for row, result in zip(theirs, ours):
        by_label = {model.config.id2label[i]: float(p) for i, p in enumerate(row)}
        assert by_label == pytest.approx(result.probabilities, abs=2e-3)
