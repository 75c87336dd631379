"""The README's examples say what the tool really prints.

Each ```console block of the README holds ``$ sentiment ...`` commands and their output. The
commands that read a bundled file are run through the CLI and compared line by line, so a
changed model, gazetteer or rule cannot leave the README showing stale figures. Commands on
folders the reader would bring (``notes/``, ``labelled/``) are only illustrations and are
skipped. ``tickers`` and ``claims`` need no model; ``score`` runs the shipped model (slow).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sentiment import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def console_examples(text: str) -> list[tuple[list[str], list[str]]]:
    """(arguments after ``sentiment``, expected output lines) for each ``$ sentiment`` command."""
    examples: list[tuple[list[str], list[str]]] = []
    for block in CONSOLE_BLOCK.findall(text):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((shlex.split(line[2:])[1:], []))
            elif examples:
                examples[-1][1].append(line.rstrip())
    return [(args, _trim(lines)) for args, lines in examples]


def _trim(lines: list[str]) -> list[str]:
    """The output without the blank lines that separate one command from the next."""
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


def runnable(args: list[str]) -> bool:
    """True when every path the command names is bundled in the repository."""
    paths = [a for a in args[1:] if not a.startswith("-") and "/" in a]
    return bool(paths) and all((ROOT / p).exists() for p in paths)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "```console\n$ sentiment tickers a.txt\nX  1\nY  2\n```",
            [(["tickers", "a.txt"], ["X  1", "Y  2"])],
        ),
        (
            "```python\n$ sentiment no\n```\n```console\n$ sentiment s 'a b'\n```",
            [(["s", "a b"], [])],
        ),
        (
            "```console\n$ sentiment a x/y\nout\n\n$ sentiment b\n```",
            [(["a", "x/y"], ["out"]), (["b"], [])],
        ),
        ("no blocks", []),
    ],
)
def test_console_examples_are_read(text: str, expected: list) -> None:
    assert console_examples(text) == expected


def _examples(command: str) -> list[tuple[list[str], list[str]]]:
    found = [
        (args, lines)
        for args, lines in console_examples(README.read_text())
        if args and args[0] == command and runnable(args)
    ]
    assert found, f"the README shows no runnable `sentiment {command}` example"
    return found


def _check(args: list[str], expected: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == expected


@pytest.mark.parametrize("command", ["tickers", "claims"])
def test_readme_output_without_a_model(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for args, expected in _examples(command):
        _check(args, expected, monkeypatch)


@pytest.mark.slow
def test_readme_score_output_of_the_shipped_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for args, expected in _examples("score"):
        _check(args, expected, monkeypatch)


def _readme_words() -> str:
    """The README with every run of whitespace made one space (wrapping does not matter)."""
    return " ".join(README.read_text().split())


# Sentences the README quotes with the shipped model's scores toward VOO and IWM.
QUOTED_PAIRS = (
    "VOO outperformed IWM, which suffered a deeper drawdown",
    "Large caps versus small caps: VOO and IWM over five years",
)


@pytest.mark.slow
def test_readme_python_figures_of_the_shipped_model() -> None:
    from sentiment import Analyzer

    analyzer = Analyzer()
    doc = analyzer.analyze((ROOT / "corpora/examples/fund_comparison.md").read_text())
    rows = [(t.ticker, t.label, t.score, t.mentions, t.relevance) for t in doc.tickers]
    readme = _readme_words()
    assert f"doc.label, doc.score # {(doc.label, doc.score)!r}" in readme
    assert f"# {rows!r}" in readme
    for text in QUOTED_PAIRS:
        voo, iwm = analyzer.classify_targets([(text, "VOO"), (text, "IWM")])
        assert f'in "{text}" it scores VOO {voo.score:+.2f} and IWM {iwm.score:+.2f}' in readme
