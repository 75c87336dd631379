"""The desk's CLI commands, one module a group, registered on the ``sentiment`` Typer app.

Each module has ``register(app)``; it must import nothing heavy at module level, so that
``sentiment --help`` stays instant.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add every desk command group to ``app``."""
    from sentiment.desk.commands import library

    library.register(app)
