"""The note library's schema: SQL migration files applied in number order.

Migrations are the files ``sentiment/resources/desk/migrations/NNN_name.sql``. Each runs in
its own transaction and is recorded by name in ``schema_migrations``; a database that
records a name these files do not have was written by a newer version, and is not written to.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources

MIGRATIONS_PACKAGE = "sentiment"
MIGRATIONS_FOLDER = ("resources", "desk", "migrations")
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    """One schema step: its name (the file name without ``.sql``), number and SQL."""

    name: str
    number: int
    sql: str


def known_migrations() -> list[Migration]:
    """The shipped migrations, in number order (then name, for two owners' equal numbers)."""
    folder = resources.files(MIGRATIONS_PACKAGE).joinpath(*MIGRATIONS_FOLDER)
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            name = entry.name[: -len(".sql")]
            found.append(Migration(name, int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: (m.number, m.name))


def applied_migrations(connection: sqlite3.Connection) -> list[str]:
    """The names recorded in ``schema_migrations`` (none for a new database)."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not exists:
        return []
    return [row[0] for row in connection.execute("SELECT name FROM schema_migrations ORDER BY 1")]


def unknown_migrations(connection: sqlite3.Connection) -> list[str]:
    """Applied migrations this code does not have: the database is from a newer version."""
    known = {m.name for m in known_migrations()}
    return [name for name in applied_migrations(connection) if name not in known]


def pending_migrations(connection: sqlite3.Connection) -> list[Migration]:
    """Shipped migrations not yet applied to this database, in order."""
    applied = set(applied_migrations(connection))
    return [m for m in known_migrations() if m.name not in applied]


def migrate(connection: sqlite3.Connection) -> list[str]:
    """Apply every pending migration, each in its own transaction; the names applied.

    ``connection`` must be in autocommit mode (``isolation_level=None``). A migration that
    fails is rolled back whole and its error raised; the ones before it stay applied.
    """
    connection.execute(_CREATE_LEDGER)
    done = []
    for migration in pending_migrations(connection):
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have applied it while we waited for the write lock.
            if migration.name not in applied_migrations(connection):
                for statement in _statements(migration.sql):
                    connection.execute(statement)
                connection.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (migration.name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
                )
                done.append(migration.name)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return done


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (``executescript`` would commit our transaction)."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
