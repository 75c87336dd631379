"""The ``--format`` choices every command shares: one definition each (Typer shows the values)."""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    """A result as text for a reader or as JSON for a program."""

    text = "text"
    json = "json"


class TableFormat(str, Enum):
    """A table as text, JSON or CSV."""

    text = "text"
    json = "json"
    csv = "csv"
