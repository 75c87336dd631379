"""The README and the docs say what the tool really prints, and every link in them leads somewhere.

- Each ```console block holds ``$ sentiment ...`` commands and their output. The commands that
  read bundled files are run through the CLI and compared line by line, so a changed model,
  gazetteer or rule cannot leave a page showing stale figures. Commands on folders the reader
  would bring (``notes/``, ``labelled/``) are only illustrations and are skipped. ``tickers``,
  ``claims`` and ``compare`` need no model; the other commands run the shipped model (slow).
- Each ```pycon block is run as a doctest, the blocks of one page in one session, and its
  shown output compared (whitespace may wrap differently).
- docs/cli.md documents every command of the Typer app and every option of each command.
- Every relative link in the README and docs points to a file that exists (and a heading, for
  a ``#fragment`` into a Markdown page).
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from sentiment import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
CLI_PAGE = DOCS / "cli.md"
CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
PYCON_BLOCK = re.compile(r"```pycon\n(.*?)```", re.DOTALL)
MODEL_FREE_COMMANDS = {"tickers", "claims", "compare"}
# Written on other branches (the training move); remove each once it has landed.


def pages() -> list[Path]:
    """The README and every page under docs/."""
    return [README, *sorted(DOCS.glob("*.md"))]


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


# -- console examples ---------------------------------------------------------------------------


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


def _console_cases() -> list:
    cases = []
    for page in pages():
        for args, expected in console_examples(page.read_text()):
            if args and runnable(args):
                slow = () if args[0] in MODEL_FREE_COMMANDS else (pytest.mark.slow,)
                name = f"{_page_id(page)}: sentiment {' '.join(args)}"
                cases.append(pytest.param(args, expected, marks=slow, id=name))
    return cases


@pytest.mark.parametrize("command", ["tickers", "claims", "score"])
def test_readme_shows_a_runnable_example_of(command: str) -> None:
    found = [a for a, _ in console_examples(README.read_text()) if a[0] == command and runnable(a)]
    assert found, f"the README shows no runnable `sentiment {command}` example"


def _timings_masked(line: str) -> str:
    """A batch summary without its timings: "in 2.6s (0.8 docs/s)" varies from run to run."""
    return re.sub(r"in [\d.]+s \([\d.]+ docs/s\)", "in <time>", line.rstrip())


@pytest.mark.parametrize(("args", "expected"), _console_cases())
def test_console_example_prints_what_the_page_shows(
    args: list[str], expected: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    if args[0] == "batch":  # writes its output: run in a scratch folder, summary on stderr
        monkeypatch.chdir(tmp_path)
        args = [str(ROOT / a) if (ROOT / a).exists() and "/" in a else a for a in args]
        result = CliRunner().invoke(cli.app, args)
        assert result.exit_code == 0, result.output
        shown = [_timings_masked(line) for line in result.stderr.splitlines()]
        assert shown[-len(expected) :] == [_timings_masked(line) for line in expected]
        return
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == expected


# -- Python examples ------------------------------------------------------------------------------


def _pycon_cases() -> list:
    cases = []
    for page in pages():
        text = page.read_text()
        if PYCON_BLOCK.search(text):
            needs_model = "Analyzer(" in text or "transformers" in text
            marks = (pytest.mark.slow,) if needs_model else ()
            cases.append(pytest.param(page, marks=marks, id=_page_id(page)))
    return cases


def run_pycon_blocks(text: str, name: str) -> tuple[int, str]:
    """Run every ```pycon block of ``text`` as one doctest session: (failures, report)."""
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    report: list[str] = []
    globs: dict = {"__name__": "__docs__"}
    for match in PYCON_BLOCK.finditer(text):
        lineno = text.count("\n", 0, match.start(1))
        test = parser.get_doctest(match.group(1), globs, name, name, lineno)
        runner.run(test, out=report.append, clear_globs=False)
        globs = test.globs  # DocTest copies the globals it is given: carry them to the next block
    return runner.failures, "".join(report)


def test_pycon_blocks_are_checked() -> None:
    page = "```pycon\n>>> x = 2\n```\ntext\n```pycon\n>>> x + 1\n3\n```\n"
    assert run_pycon_blocks(page, "ok")[0] == 0
    failures, report = run_pycon_blocks(page.replace("3", "4"), "wrong")
    assert failures == 1 and "Expected:\n    4\nGot:\n    3" in report


def test_readme_python_quick_start_is_checked() -> None:
    assert ">>> from sentiment import Analyzer" in README.read_text()
    assert any(p.id == "README.md" for p in _pycon_cases())


@pytest.mark.parametrize("page", _pycon_cases())
def test_python_examples_print_what_the_page_shows(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    failures, report = run_pycon_blocks(page.read_text(), _page_id(page))
    assert not failures, report


def _words(page: Path) -> str:
    """The page with every run of whitespace made one space (wrapping does not matter)."""
    return " ".join(page.read_text().split())


# 'in "VOO outperformed IWM, ..." it scores VOO +0.98 and IWM -0.98': figures quoted in prose.
QUOTED_PAIR = re.compile(r'"([^"]+)" it scores VOO ([+-]\d\.\d\d) and IWM ([+-]\d\.\d\d)')


@pytest.mark.slow
def test_quoted_target_scores_of_the_shipped_model() -> None:
    from sentiment import Analyzer

    quoted = [(page, m) for page in pages() for m in QUOTED_PAIR.finditer(_words(page))]
    assert quoted, "no page quotes a sentence's scores toward VOO and IWM"
    analyzer = Analyzer()
    for page, match in quoted:
        text = match.group(1)
        voo, iwm = analyzer.classify_targets([(text, "VOO"), (text, "IWM")])
        actual = (f"{voo.score:+.2f}", f"{iwm.score:+.2f}")
        assert actual == match.group(2, 3), f"{_page_id(page)}: {text!r}"


# -- docs/cli.md covers the whole CLI -----------------------------------------------------------


def cli_commands() -> dict[str, list[str]]:
    """Each command of the Typer app with every name of each of its options (not --help)."""
    group = typer.main.get_command(cli.app)
    commands = {}
    for name, command in group.commands.items():
        options = [
            opt
            for param in command.params
            if param.param_type_name == "option" and not getattr(param, "hidden", False)
            for opt in (*param.opts, *param.secondary_opts)
        ]
        commands[name] = options
    return commands


def cli_page_sections(text: str) -> dict[str, str]:
    """The text of each ``## `sentiment NAME` `` section of docs/cli.md, by command name."""
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    sections = {}
    for part in parts[1:]:
        heading, _, body = part.partition("\n")
        match = re.fullmatch(r"`sentiment ([\w-]+)[^`]*`.*", heading.strip())
        if match:
            sections[match.group(1)] = body
    return sections


def _mentions_option(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_every_cli_command_is_documented() -> None:
    sections = cli_page_sections(CLI_PAGE.read_text())
    commands = cli_commands()
    assert sorted(sections) == sorted(commands), "docs/cli.md: one section per command"


@pytest.mark.parametrize("command", sorted(cli_commands()))
def test_every_option_of_a_command_is_documented(command: str) -> None:
    section = cli_page_sections(CLI_PAGE.read_text()).get(command, "")
    missing = [o for o in cli_commands()[command] if not _mentions_option(section, o)]
    assert not missing, f"docs/cli.md, `sentiment {command}` does not mention {missing}"


def test_the_app_options_are_documented() -> None:
    group = typer.main.get_command(cli.app)
    text = CLI_PAGE.read_text()
    for param in group.params:
        if param.param_type_name == "option":
            assert all(_mentions_option(text, o) for o in param.opts), param.opts


# -- links ----------------------------------------------------------------------------------------

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def heading_anchors(text: str) -> set[str]:
    """GitHub's anchors for a Markdown page's headings (code blocks left out)."""
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    anchors = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_heading_anchors() -> None:
    assert heading_anchors("# Set-up: two commands\n## `sentiment score`\n```\n# x\n```") == {
        "set-up-two-commands",
        "sentiment-score",
    }


def broken_links(page: Path) -> list[str]:
    """The relative links of ``page`` whose file (or heading) does not exist."""
    text = page.read_text()
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in heading_anchors(file.read_text()):
            broken.append(target)
    return broken


def test_broken_links_are_found(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("# Top\n[a](p.md) [b](#top) [c](#nope) [d](q.md) [e](https://x.org/)\n")
    assert broken_links(page) == ["#nope", "q.md"]


@pytest.mark.parametrize("page", pages(), ids=_page_id)
def test_relative_links_point_to_existing_files(page: Path) -> None:
    assert not broken_links(page), f"{_page_id(page)}: broken links"


def test_the_readme_stays_a_users_page() -> None:
    """At most 200 lines: the rest belongs in docs/ (CLI, Python, batch, scores, accuracy)."""
    assert len(README.read_text().splitlines()) <= 200
