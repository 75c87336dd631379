"""Reading the shipped data files (word lists, tables, patterns) of our components and the
figure layer.

Every file is UTF-8 text; ``#`` starts a comment line and blank lines are skipped.
A missing or malformed file raises :class:`~sentiment.errors.ResourceError` naming
the file and the line, so a broken install or a bad edit is easy to find.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


# A line (or a table row's first cell) written as a regex, not a phrase.
PATTERN_PREFIX = "re:"


def line_pattern(path: Path, line: str) -> re.Pattern[str]:
    """The compiled regex (ignoring case) of a "re:" line of ``path``."""
    try:
        return re.compile(line[len(PATTERN_PREFIX) :].strip(), re.IGNORECASE)
    except re.error as exc:
        raise ResourceError(f"{path}: bad pattern {line!r}: {exc}") from exc


def read_lines_and_patterns(path: Path) -> tuple[list[str], tuple[re.Pattern[str], ...]]:
    """The plain lines of ``path`` and the compiled regexes (ignoring case) of its "re:" lines."""
    lines, patterns = [], []
    for line in read_lines(path):
        if line.startswith(PATTERN_PREFIX):
            patterns.append(line_pattern(path, line))
        else:
            lines.append(line)
    return lines, tuple(patterns)


def phrase_alternation(phrases: Iterable[str], gap: str = r"\s+") -> str:
    """A regex alternation of ``phrases``, longest first, each space matching ``gap``."""
    ordered = sorted({" ".join(p.split()) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", gap) for p in ordered)


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


def read_pattern_sets(
    path: Path, names: Iterable[str], flags: int = re.IGNORECASE
) -> dict[str, tuple[re.Pattern[str], ...]]:
    """A ``name<TAB>pattern`` file as compiled patterns by set name; an unknown name or a
    bad pattern is a ResourceError naming the file."""
    names = tuple(names)
    sets: dict[str, list[re.Pattern[str]]] = {name: [] for name in names}
    for name, pattern in read_table(path, 2):
        if name not in sets:
            raise ResourceError(f"{path}: unknown set {name!r}; use one of {names}")
        try:
            sets[name].append(re.compile(pattern, flags))
        except re.error as exc:
            raise ResourceError(f"{path}: bad pattern {pattern!r}: {exc}") from exc
    return {name: tuple(patterns) for name, patterns in sets.items()}


# Words for phrase lookup: letters/digits, joined by "/", "." or "&" ("p/e", "s&p"), or
# an apostrophe suffix ("'ll" in "we'll"). Hyphens and spaces separate words.
_WORD = re.compile(r"[^\W_]+(?:[/.&][^\W_]+)*|'[^\W_]+")
_JOINER = re.compile(r"[\s\-\u2010\u2011]+")


def phrase_key(phrase: str) -> str:
    """The lookup key of a phrase: its words in lower case, one space apart."""
    return " ".join(m.group().lower() for m in _WORD.finditer(phrase))


@dataclass(frozen=True)
class PhraseMatch:
    """A phrase found in a text: character span, the text as written and its key."""

    start: int
    end: int
    text: str
    key: str


class Words:
    """A text split into words once, to be searched by several phrase indexes."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_WORD.finditer(text))
        self.spans = [m.span() for m in matches]
        self.lowered = [m.group().lower() for m in matches]
        # joined[i]: word i and word i + 1 may belong to one phrase
        self.joined = [_joins(text, a, b) for a, b in zip(matches, matches[1:], strict=False)]


class PhraseIndex:
    """Finds whole-word phrases from a list, longest first, without overlaps.

    Lookup is by word n-grams in a set, so the cost does not grow with the list. Words
    of a phrase may be separated by spaces or hyphens ("year-to-date"), nothing else.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.keys = frozenset(filter(None, (phrase_key(p) for p in phrases)))
        self.first_words = frozenset(k.split(" ", 1)[0] for k in self.keys)
        self.max_words = max((k.count(" ") + 1 for k in self.keys), default=0)

    def find(self, text: str | Words) -> list[PhraseMatch]:
        """The phrases in ``text`` (a string, or one already split into words), in order."""
        words = text if isinstance(text, Words) else Words(text)
        found, i = [], 0
        while i < len(words.lowered):
            size = self._longest_at(words, i) if words.lowered[i] in self.first_words else 0
            if not size:
                i += 1
                continue
            start, end = words.spans[i][0], words.spans[i + size - 1][1]
            key = " ".join(words.lowered[i : i + size])
            found.append(PhraseMatch(start, end, words.text[start:end], key))
            i += size
        return found

    def _longest_at(self, words: Words, i: int) -> int:
        """The word count of the longest phrase starting at word ``i`` (0 if none)."""
        limit, count = 1, len(words.lowered)
        while limit < self.max_words and i + limit < count and words.joined[i + limit - 1]:
            limit += 1
        for size in range(limit, 0, -1):
            if " ".join(words.lowered[i : i + size]) in self.keys:
                return size
        return 0


def _joins(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Are two words adjacent parts of one phrase (only spaces or hyphens between)?"""
    gap = text[first.end() : second.start()]
    return _JOINER.fullmatch(gap) is not None or (not gap and second.group()[0] == "'")


def data_file(folder: str, name: str, directory: str | Path | None = None) -> Path:
    """The shipped data file ``resources/<folder>/<name>``, or ``<directory>/<name>`` when a
    folder replacing the shipped vocabularies is given."""
    return Path(directory) / name if directory else resource_path(f"{folder}/{name}")
