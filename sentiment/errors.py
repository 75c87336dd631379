"""Typed errors of the library; only the CLI turns them into messages and exit codes."""


class SentimentError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(SentimentError):
    """The input cannot be analysed (empty, missing, a directory, binary, undecodable)."""


class ModelError(SentimentError):
    """The model directory is missing, incomplete or inconsistent."""


class ResourceError(SentimentError):
    """A data file (gazetteer, alias list, vocabulary) is missing or malformed."""


class ResumeError(SentimentError):
    """A batch cannot resume: its journal was made with other settings (named in the
    message; ``differences`` maps each to its (old, new) values) or predates the check."""

    def __init__(self, message: str, differences: dict | None = None) -> None:
        super().__init__(message)
        self.differences = differences or {}


class LibraryError(SentimentError):
    """The note library cannot be opened, read or written: not a database or corrupt,
    locked by another process past the wait, made by a newer version, or the disk is full.
    The message is one line naming the database file."""


class AlertRuleError(SentimentError):
    """An alert rules file is wrong: TOML syntax, an unknown table, key or condition, a value
    of the wrong kind. The message names the file, the line and the field (and the nearest
    valid name for a typo); they are also ``path``, ``line`` and ``field``."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.field = field


class WatchError(SentimentError):
    """A watched folder cannot be watched: missing, not a folder, or gone while watched.
    The message is one line naming the folder."""


class PortfolioError(SentimentError):
    """A holdings file cannot be used: unreadable or empty, wrong columns, or a line with an
    unknown or duplicate ticker, a missing, negative or non-numeric amount. The message is
    one line naming the file and, for a line's fault, the line."""
