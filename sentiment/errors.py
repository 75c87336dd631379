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
