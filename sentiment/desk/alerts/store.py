"""The alerts' tables in the library (migration ``010_alerts.sql``): fired alerts with their
notes and evidence, the outbox of deliveries, the notes each rule has checked, and acks.

Functions take the library; the engine calls the writing ones inside its transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sentiment.desk.alerts.conditions import NoteFacts, Trigger
from sentiment.desk.alerts.rules import Rule
from sentiment.desk.periods import TimeLike, iso, parse_duration, parse_time, subtract, utc_now
from sentiment.errors import InputError

_ALERT_COLUMNS = (
    "id, rule, condition, symbol, note_id, note_date, note_title, value, message, "
    "evidence_json, rule_json, fire_key, fired_at, acked_at"
)


@dataclass(frozen=True)
class Delivery:
    """One alert's delivery to one channel: pending, delivered or failed, with the tries
    made and the last error."""

    channel: str
    status: str
    attempts: int = 0
    last_error: str | None = None
    delivered_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class FiredAlert:
    """An alert: the rule (name, condition, the rule as it was), the symbol ('' for a whole
    note), the note that triggered it, the value that crossed the line, a message, the
    evidence sentences, the notes behind it ((id, role) pairs) and its unique key. Stored
    alerts also have an id, when they fired, when they were acked and their deliveries."""

    rule: str
    condition: str
    symbol: str
    note_id: str
    note_date: str
    note_title: str | None
    value: float | None
    message: str
    evidence: tuple[str, ...]
    notes: tuple[tuple[str, str], ...]
    key: str
    rule_dict: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    fired_at: str | None = None
    acked_at: str | None = None
    deliveries: tuple[Delivery, ...] = ()

    def to_dict(self, *, deliveries: bool = True) -> dict[str, Any]:
        """A plain, JSON-able dict; without ``deliveries``, what the JSONL file and the
        webhook receive."""
        data = {
            "id": self.id,
            "rule": self.rule,
            "condition": self.condition,
            "symbol": self.symbol or None,
            "note_id": self.note_id,
            "note_date": self.note_date,
            "note_title": self.note_title,
            "value": self.value,
            "message": self.message,
            "evidence": list(self.evidence),
            "notes": [{"note_id": n, "role": r} for n, r in self.notes],
            "key": self.key,
            "fired_at": self.fired_at,
            "acked_at": self.acked_at,
            "rule_definition": self.rule_dict,
        }
        if deliveries:
            data["deliveries"] = [d.to_dict() for d in self.deliveries]
        return data


def make_alert(rule: Rule, note: NoteFacts, trigger: Trigger, fired_at: str) -> FiredAlert:
    """The alert ``trigger`` fires (not stored yet)."""
    return FiredAlert(
        rule.name, rule.condition, trigger.symbol, note.id, note.date, note.title,
        trigger.value, trigger.message, trigger.evidence, trigger.notes, trigger.key,
        rule.to_dict(), fired_at=fired_at,
    )  # fmt: skip


def cooldown_bounds(date: str, cooldown: str) -> tuple[str, str]:
    """The note dates around ``date`` within ``cooldown`` (either side: notes may come in
    out of date order)."""
    moment = parse_time(date)
    low = subtract(moment, *parse_duration(cooldown))
    return iso(low), iso(moment + (moment - low))


def fired(db: sqlite3.Connection, key: str) -> bool:
    """Whether an alert with this key is stored."""
    return db.execute("SELECT 1 FROM alerts WHERE fire_key = ?", (key,)).fetchone() is not None


def cooling(db: sqlite3.Connection, rule: Rule, symbol: str, date: str) -> bool:
    """Whether the rule fired for this symbol within its cooldown of ``date``."""
    if not rule.cooldown:
        return False
    low, high = cooldown_bounds(date, rule.cooldown)
    return (
        db.execute(
            "SELECT 1 FROM alerts WHERE rule = ? AND symbol = ?"
            " AND note_date > ? AND note_date < ?",
            (rule.name, symbol, low, high),
        ).fetchone()
        is not None
    )


def insert(db: sqlite3.Connection, alert: FiredAlert, channels: Iterable[str]) -> int | None:
    """Store an alert with its notes and a pending delivery per channel; its id, or None
    when its key is stored already."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO alerts (rule, fire_key, condition, symbol, note_id, note_date,"
        " note_title, value, message, evidence_json, rule_json, fired_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            alert.rule, alert.key, alert.condition, alert.symbol, alert.note_id, alert.note_date,
            alert.note_title, alert.value, alert.message, json.dumps(list(alert.evidence)),
            json.dumps(alert.rule_dict), alert.fired_at,
        ),
    )  # fmt: skip
    if cursor.rowcount == 0:
        return None
    alert_id = cursor.lastrowid
    db.executemany(
        "INSERT INTO alert_notes (alert_id, note_id, role) VALUES (?, ?, ?)",
        [(alert_id, note_id, role) for note_id, role in alert.notes],
    )
    db.executemany(
        "INSERT INTO alert_deliveries (alert_id, channel, status, updated_at)"
        " VALUES (?, ?, 'pending', ?)",
        [(alert_id, channel, alert.fired_at) for channel in channels],
    )
    return alert_id


def mark_checked(db: sqlite3.Connection, rules: Sequence[str], note_id: str, when: str) -> None:
    """Record that these rules have looked at the note."""
    db.executemany(
        "INSERT OR IGNORE INTO alert_checked (rule, note_id, checked_at) VALUES (?, ?, ?)",
        [(rule, note_id, when) for rule in rules],
    )


def checked(db: sqlite3.Connection, note_ids: Sequence[str]) -> frozenset[tuple[str, str]]:
    """(rule, note id) for each of these notes a rule has checked."""
    marks = ", ".join("?" for _ in note_ids)
    sql = f"SELECT rule, note_id FROM alert_checked WHERE note_id IN ({marks})"
    return frozenset(db.execute(sql, list(note_ids)).fetchall()) if note_ids else frozenset()


def unchecked(db: sqlite3.Connection, rules: Sequence[str], since: str | None) -> list[str]:
    """Ids of the notes (dated from ``since``) some of these rules have not looked at."""
    found: dict[str, None] = {}
    for rule in rules:
        sql = (
            "SELECT id FROM notes WHERE NOT EXISTS (SELECT 1 FROM alert_checked AS c"
            " WHERE c.rule = ? AND c.note_id = notes.id)"
        )
        args: list[Any] = [rule]
        if since:
            sql += " AND date >= ?"
            args.append(since)
        found.update((row[0], None) for row in db.execute(sql + " ORDER BY date, id", args))
    return list(found)


def pending(db: sqlite3.Connection, channels: Sequence[str], max_attempts: int) -> list[tuple]:
    """(alert id, channel) of deliveries still to make to these channels, oldest first."""
    marks = ", ".join("?" for _ in channels)
    return db.execute(
        "SELECT alert_id, channel FROM alert_deliveries WHERE status != 'delivered'"
        f" AND attempts < ? AND channel IN ({marks}) ORDER BY alert_id, channel",
        (max_attempts, *channels),
    ).fetchall()


def record_delivery(db: sqlite3.Connection, alert_id: int, channel: str, error: str | None) -> None:
    """Record one delivery round: delivered, or failed with why."""
    now = iso(utc_now())
    db.execute(
        "UPDATE alert_deliveries SET status = ?, attempts = attempts + 1, last_error = ?,"
        " updated_at = ?, delivered_at = ? WHERE alert_id = ? AND channel = ?",
        (
            "failed" if error else "delivered", error, now, None if error else now,
            alert_id, channel,
        ),
    )  # fmt: skip


def read_alert(db: sqlite3.Connection, alert_id: int) -> FiredAlert:
    """One stored alert with its notes and deliveries; InputError if there is none."""
    row = db.execute(f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    if row is None:
        raise InputError(f"no alert #{alert_id}")
    return _alerts(db, [row])[0]


def list_alerts(
    library: Any,
    *,
    acked: bool | None = None,
    rule: str | None = None,
    symbol: str | None = None,
    since: TimeLike | None = None,
    limit: int | None = None,
) -> list[FiredAlert]:
    """Stored alerts, newest first: only acked (True) or unacked (False) ones, of a rule, of
    a symbol, fired from ``since`` (a time or a duration back from now: ``"7d"``)."""
    where, args = [], []
    if acked is not None:
        where.append("acked_at IS NOT NULL" if acked else "acked_at IS NULL")
    if rule:
        where.append("rule = ?")
        args.append(rule)
    if symbol:
        where.append("symbol = ?")
        args.append(symbol.upper())
    if since is not None:
        where.append("fired_at >= ?")
        args.append(iso(parse_time(since)))
    sql = f"SELECT {_ALERT_COLUMNS} FROM alerts"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    with library._guard("read"):
        return _alerts(library.connection, library.connection.execute(sql, args).fetchall())


def ack(library: Any, alert_id: int) -> FiredAlert:
    """Mark an alert as seen (again: no change); the alert. InputError if there is none."""
    with library.transaction() as db:
        read_alert(db, alert_id)
        db.execute(
            "UPDATE alerts SET acked_at = ? WHERE id = ? AND acked_at IS NULL",
            (iso(utc_now()), alert_id),
        )
        return read_alert(db, alert_id)


def ack_all(library: Any) -> int:
    """Mark every unacked alert as seen; how many."""
    with library.transaction() as db:
        return db.execute(
            "UPDATE alerts SET acked_at = ? WHERE acked_at IS NULL", (iso(utc_now()),)
        ).rowcount


def _alerts(db: sqlite3.Connection, rows: list[tuple]) -> list[FiredAlert]:
    if not rows:
        return []
    ids = [row[0] for row in rows]
    marks = ", ".join("?" for _ in ids)
    notes: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    order = "CASE role WHEN 'trigger' THEN 0 WHEN 'window' THEN 1 ELSE 2 END"
    for alert_id, note_id, role in db.execute(
        f"SELECT alert_id, note_id, role FROM alert_notes WHERE alert_id IN ({marks})"
        f" ORDER BY alert_id, {order}, note_id",
        ids,
    ):
        notes[alert_id].append((note_id, role))
    deliveries: dict[int, list[Delivery]] = {i: [] for i in ids}
    for alert_id, *rest in db.execute(
        "SELECT alert_id, channel, status, attempts, last_error, delivered_at"
        f" FROM alert_deliveries WHERE alert_id IN ({marks}) ORDER BY alert_id, channel",
        ids,
    ):
        deliveries[alert_id].append(Delivery(*rest))
    alerts = []
    for row in rows:
        (alert_id, rule, condition, symbol, note_id, date, title, value, message, evidence,
         rule_json, key, fired_at, acked_at) = row  # fmt: skip
        alerts.append(
            FiredAlert(
                rule,
                condition,
                symbol,
                note_id,
                date,
                title,
                value,
                message,
                tuple(json.loads(evidence)),
                tuple(notes[alert_id]),
                key,
                json.loads(rule_json),
                alert_id,
                fired_at,
                acked_at,
                tuple(deliveries[alert_id]),
            )  # fmt: skip
        )
    return alerts
