"""Reading the shipped data files (word lists, tables, patterns) of our components.

Every file is UTF-8 text; ``#`` starts a comment line and blank lines are skipped.
A missing or malformed file raises :class:`~sentiment.errors.ResourceError` naming
the file and the line, so a broken install or a bad edit is easy to find.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from sentiment.errors import ResourceError


def resource_path(relative: str, override: str | Path | None = None) -> Path:
    """The path of a shipped data file, or of ``override`` when one is given."""
    if override:
        return Path(override)
    return Path(str(files("sentiment").joinpath("resources", relative)))


def _content_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) for each non-blank, non-comment line of ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"Cannot read data file {path}: {exc}") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.rstrip("\r\n")
        if stripped.strip() and not stripped.lstrip().startswith("#"):
            yield number, stripped


def read_lines(path: Path) -> list[str]:
    """The stripped content lines of a one-item-per-line file."""
    return [line.strip() for _, line in _content_lines(path)]


def read_table(path: Path, min_columns: int, max_columns: int | None = None) -> list[list[str]]:
    """Rows of a tab-separated file; each row has between min and max columns."""
    max_columns = max_columns or min_columns
    rows = []
    for number, line in _content_lines(path):
        cells = [cell.strip() for cell in line.split("\t")]
        if not min_columns <= len(cells) <= max_columns or not all(cells[:min_columns]):
            raise ResourceError(
                f"{path}, line {number}: expected {min_columns} to {max_columns} "
                f"tab-separated columns, got {len(cells)}: {line!r}"
            )
        rows.append(cells)
    return rows


def read_patterns(path: Path, flags: int = 0) -> list[re.Pattern[str]]:
    """One compiled regular expression per line of ``path``."""
    patterns = []
    for number, line in _content_lines(path):
        try:
            patterns.append(re.compile(line.strip(), flags))
        except re.error as exc:
            raise ResourceError(f"{path}, line {number}: bad pattern {line!r}: {exc}") from exc
    return patterns


def phrase_regex(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` as whole words, longest first.

    Inner spaces match any run of whitespace or a hyphen ("year to date", "year-to-date").
    """
    if not phrases:
        return re.compile(r"(?!)")
    ordered = sorted(set(phrases), key=len, reverse=True)
    parts = [r"[\s-]+".join(re.escape(word) for word in p.split()) for p in ordered]
    return re.compile(r"(?<![\w$])(?:" + "|".join(parts) + r")(?![\w])", flags)
