"""The alert engine: rules checked against notes in the library, alerts stored, then delivered.

Firing is idempotent: each trigger has a unique key (rule + note + symbol, or rule + symbol
for a first mention), so checking the same notes again, after a crash or a restart, fires
nothing new. A rule's cooldown holds it back for a symbol within that time of its last alert,
counted in note dates (a replay of history fires as live checking did). Alerts are an outbox:
an alert and its pending deliveries are committed first, delivered after; a crash in between
loses nothing, and :meth:`AlertEngine.deliver` retries what is pending or failed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from sentiment.desk.alerts import store
from sentiment.desk.alerts.conditions import NoteFacts, evaluate
from sentiment.desk.alerts.delivery import DeliveryFailed, build_channels
from sentiment.desk.alerts.rules import ChannelConfig, Rule, RuleSet
from sentiment.desk.alerts.store import FiredAlert
from sentiment.desk.history import TickerRow
from sentiment.desk.periods import TimeLike, iso, parse_time, utc_now
from sentiment.errors import AlertRuleError

CHUNK = 64  # notes checked per transaction
MAX_ATTEMPTS = 5  # delivery rounds before a failed delivery is left for a person to see


@dataclass
class DeliveryReport:
    """What one :meth:`AlertEngine.deliver` round did: deliveries made, failed (with why),
    and left pending because their channel failed earlier in the round."""

    delivered: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)
    deferred: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            "delivered": self.delivered,
            "failed": [{"alert": a, "channel": c, "error": e} for a, c, e in self.failed],
            "deferred": self.deferred,
        }


def check_portfolio(
    rules: RuleSet | Sequence[Rule], portfolio_symbols: Iterable[str] | None
) -> None:
    """AlertRuleError naming the rule when a rule that is on has ``scope = "portfolio"`` and
    no portfolio was given (``portfolio_symbols`` None)."""
    if portfolio_symbols is not None:
        return
    for rule in rules:
        if rule.enabled and rule.scope == "portfolio":
            where = getattr(rules, "path", None) or "rules"
            line = f", line {rule.line}" if rule.line else ""
            raise AlertRuleError(
                f'{where}{line}: rules.{rule.name}: scope = "portfolio" needs a '
                "portfolio (its holdings' symbols: --portfolio HOLDINGS), and none was given",
                field=f"rules.{rule.name}.scope",
                line=rule.line,
            )


class AlertEngine:
    """Checks ``rules`` (a :class:`RuleSet` or rules) against notes of ``library``.

    ``portfolio_symbols`` are the symbols of ``scope = "portfolio"`` rules (required when a
    rule has that scope). ``channels`` are where alerts go (objects with ``name`` and
    ``send``, :mod:`sentiment.desk.alerts.delivery`); None: those of the rules file, else
    stdout (``stream`` instead of stdout when given).
    """

    def __init__(
        self,
        library: Any,
        rules: RuleSet | Sequence[Rule],
        portfolio_symbols: Iterable[str] | None = None,
        channels: Sequence[Any] | None = None,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        stream: IO[str] | None = None,
    ) -> None:
        self.library = library
        self.rules = tuple(rules)
        self.active = tuple(r for r in self.rules if r.enabled)
        self.portfolio = frozenset(s.upper() for s in portfolio_symbols or ())
        if channels is None:
            config = rules.channels if isinstance(rules, RuleSet) else ChannelConfig()
            channels = build_channels(config, stream=stream)
        self.channels = list(channels)
        self.max_attempts = max_attempts
        check_portfolio(rules, portfolio_symbols)

    # ----- firing -----------------------------------------------------------------------
    def check(self, note_ids: Iterable[str]) -> list[FiredAlert]:
        """Check every rule that is on against these notes (in date order), store what fires
        and record them as checked; the alerts fired now. A rule that has checked a note
        already does not check it again, and a trigger fired before does not fire again.
        Unknown note ids are skipped (a note replaced since)."""
        ids = list(dict.fromkeys(note_ids))
        fired: list[FiredAlert] = []
        for start in range(0, len(ids), CHUNK):
            fired.extend(self._check_chunk(ids[start : start + CHUNK]))
        return fired

    def check_new(self, since: TimeLike | None = None) -> list[FiredAlert]:
        """Check the notes (dated from ``since``) that a rule that is on has not checked."""
        return self.check(self.unchecked(since))

    def unchecked(self, since: TimeLike | None = None) -> list[str]:
        """Ids of the notes (dated from ``since``) a rule that is on has not checked."""
        names = [r.name for r in self.active]
        bound = iso(parse_time(since)) if since is not None else None
        with self.library._guard("read"):
            return store.unchecked(self.library.connection, names, bound)

    def dry_run(self, since: TimeLike | None = None) -> list[FiredAlert]:
        """What the rules would fire over the notes dated from ``since`` (all when None),
        oldest first, as if none had fired before; nothing is stored or delivered."""
        bound = iso(parse_time(since)) if since is not None else None
        sql = "SELECT id FROM notes" + (" WHERE date >= ?" if bound else "") + " ORDER BY date, id"
        with self.library._guard("read"):
            ids = [row[0] for row in self.library.connection.execute(sql, [bound] if bound else [])]
        ledger = _MemoryLedger()
        found: list[FiredAlert] = []
        rows = self._rows_cache()
        now = iso(utc_now())
        for note in self._facts(ids):
            for rule, trigger in self._triggers(note, rows):
                if ledger.fired(trigger.key) or ledger.cooling(rule, trigger.symbol, note.date):
                    continue
                alert = store.make_alert(rule, note, trigger, now)
                ledger.record(alert)
                found.append(alert)
        return found

    def _check_chunk(self, ids: list[str]) -> list[FiredAlert]:
        fired = []
        channels = [c.name for c in self.channels]
        names = [r.name for r in self.active]
        with self.library.transaction() as db:
            now = iso(utc_now())
            rows = self._rows_cache()
            done = store.checked(db, ids)
            for note in self._facts(ids):
                for rule, trigger in self._triggers(note, rows, skip=done):
                    if store.fired(db, trigger.key) or store.cooling(
                        db, rule, trigger.symbol, note.date
                    ):
                        continue
                    alert = store.make_alert(rule, note, trigger, now)
                    alert_id = store.insert(db, alert, channels)
                    if alert_id is not None:
                        fired.append(alert_id)
                store.mark_checked(db, names, note.id, now)
            return [store.read_alert(db, alert_id) for alert_id in fired]

    def _triggers(self, note: NoteFacts, rows: Any, skip: frozenset = frozenset()):
        """(rule, trigger) for each rule that is on, but those in ``skip`` as (rule, note)."""
        for rule in self.active:
            if (rule.name, note.id) in skip:
                continue
            for trigger in evaluate(rule, note, rows, self.portfolio):
                yield rule, trigger

    def _facts(self, ids: list[str]) -> list[NoteFacts]:
        """The notes' facts, oldest first (ids not stored are left out)."""
        if not ids:
            return []
        facts = []
        db = self.library.connection
        with self.library._guard("read"):
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ", ".join("?" for _ in part)
                facts.extend(
                    NoteFacts(
                        note_id,
                        date,
                        title,
                        score,
                        tuple(tickers.split()) if tickers else (),
                        json.loads(result),
                    )  # fmt: skip
                    for note_id, date, title, score, tickers, result in db.execute(
                        "SELECT id, date, title, score, (SELECT group_concat(symbol, ' ') FROM"
                        " (SELECT symbol FROM note_tickers WHERE note_id = notes.id"
                        " ORDER BY relevance DESC, symbol)), result_json"
                        f" FROM notes WHERE id IN ({marks})",
                        part,
                    )
                )
        return sorted(facts, key=lambda n: (n.date, n.id))

    def _rows_cache(self):
        """``rows_of(symbol)``: the symbol's rows in the library, read once per check."""
        cache: dict[str, list[TickerRow]] = {}

        def rows_of(symbol: str) -> list[TickerRow]:
            if symbol not in cache:
                cache[symbol] = self.library.ticker_rows(symbol)
            return cache[symbol]

        return rows_of

    # ----- delivering -------------------------------------------------------------------
    def deliver(self) -> DeliveryReport:
        """Deliver pending and failed alerts (fewer than ``max_attempts`` rounds so far) to
        this engine's channels, each outcome recorded. A channel that fails is not tried
        again in this round: its other alerts stay pending for the next."""
        report = DeliveryReport()
        by_name = {c.name: c for c in self.channels}
        if not by_name:
            return report
        with self.library._guard("read"):
            todo = store.pending(self.library.connection, list(by_name), self.max_attempts)
        broken: set[str] = set()
        alerts: dict[int, FiredAlert] = {}
        for alert_id, channel in todo:
            if channel in broken:
                report.deferred += 1
                continue
            if alert_id not in alerts:
                with self.library._guard("read"):
                    alerts[alert_id] = store.read_alert(self.library.connection, alert_id)
            try:
                by_name[channel].send(alerts[alert_id])
                error = None
                report.delivered += 1
            except DeliveryFailed as exc:
                error = str(exc)
                broken.add(channel)
                report.failed.append((alert_id, channel, error))
            with self.library.transaction() as db:
                store.record_delivery(db, alert_id, channel, error)
        return report


@dataclass(frozen=True)
class RunOutcome:
    """What :func:`run_rules` did: notes checked, alerts fired, the delivery round."""

    checked: int
    fired: list[FiredAlert]
    report: DeliveryReport

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            "checked": self.checked,
            "fired": [a.to_dict() for a in self.fired],
            "deliveries": self.report.to_dict(),
        }


def run_rules(
    library: Any,
    rules: RuleSet | str | os.PathLike[str],
    *,
    since: TimeLike | None = None,
    portfolio_symbols: Iterable[str] | None = None,
    stream: IO[str] | None = None,
) -> RunOutcome:
    """Check the notes no rule (that is on) has checked, store what fires, then deliver
    every pending alert to the rules file's channels. ``library`` is a Library or a path
    (None: the default library, which must exist)."""
    from sentiment.desk.alerts.rules_file import load_rules
    from sentiment.desk.library import Library

    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    if library is None or isinstance(library, (str, os.PathLike)):
        with Library(library, create=False) as opened:
            return run_rules(
                opened, ruleset, since=since, portfolio_symbols=portfolio_symbols, stream=stream
            )
    engine = AlertEngine(library, ruleset, portfolio_symbols, stream=stream)
    ids = engine.unchecked(since)
    fired = engine.check(ids)
    return RunOutcome(len(ids), fired, engine.deliver())


class _MemoryLedger:
    """The dry run's record of what fired: keys, and (rule, symbol) -> note dates."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.dates: dict[tuple[str, str], list[str]] = {}

    def fired(self, key: str) -> bool:
        return key in self.keys

    def cooling(self, rule: Rule, symbol: str, date: str) -> bool:
        if not rule.cooldown:
            return False
        low, high = store.cooldown_bounds(date, rule.cooldown)
        return any(low < d < high for d in self.dates.get((rule.name, symbol), ()))

    def record(self, alert: FiredAlert) -> None:
        self.keys.add(alert.key)
        self.dates.setdefault((alert.rule, alert.symbol), []).append(alert.note_date)
