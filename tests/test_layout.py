"""The repository's layering: the package and the recipe never import experiments, no module
edits the import path, and the Makefile prints the shipped recipe's real command chain."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("sentiment", "training", "evaluation")


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", _python_files(*LAYERS), ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_code_and_the_recipe_never_import_an_experiment(path: Path) -> None:
    assert not {n for n in _imported(path) if n.split(".")[0] == "experiments"}


@pytest.mark.parametrize("path", _python_files("sentiment"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_package_never_imports_the_recipe_or_the_evaluation(path: Path) -> None:
    assert not {n for n in _imported(path) if n.split(".")[0] in ("training", "evaluation")}


def _touches_import_path(path: Path) -> bool:
    """Whether the module reads or edits ``sys``'s ``path`` attribute anywhere."""
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == "path"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    )


def test_no_module_edits_the_import_path() -> None:
    files = _python_files(*LAYERS, "experiments", "tests")
    assert not [str(p.relative_to(ROOT)) for p in files if _touches_import_path(p)]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_prints_the_shipped_recipe() -> None:
    done = subprocess.run(
        ["make", "-n", "model", "RUNS=runs", "PYTHON=python"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    steps = [line for line in done.stdout.splitlines() if line.startswith(("python", "git"))]
    assert [s.split()[:3] for s in steps] == [
        ["python", "-m", "training.teach"],
        ["python", "-m", "training.teach"],
        ["git", "archive", "58fa094"],
        ["python", "-m", "training.distill"],
    ]
    assert "--config training/configs/teacher.json" in done.stdout
    assert "--blend runs/parent-58fa094" in done.stdout


def test_make_reports_regenerates_every_report() -> None:
    makefile = (ROOT / "Makefile").read_text()
    listed = makefile.split("\nREPORTS =", 1)[1].split("\n\n", 1)[0]
    listed, gpu = listed.split("GPU_REPORTS =", 1)  # GPU reports: by their own targets only
    for report in sorted((ROOT / "reports").glob("*.md")):
        name = f"reports/{report.name}"
        if name in gpu:
            assert f"\n{name}: " in makefile, f"no make target remakes {report.name}"
        else:
            assert name in listed, f"make reports does not remake {report.name}"
