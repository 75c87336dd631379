"""What each rule condition finds in one note: pure functions over the note's stored result
and its tickers' rows in the library (oldest first), so they are tested without a database.

A trigger carries its unique key (rule + trigger), so the engine fires it once: a note and a
symbol for the score, rolling and change conditions, a symbol for a first mention, a note, a
symbol and the claim's offset for a claim. ``rolling`` and ``change`` fire on the crossing:
the note that takes the window beyond the line, not every note while it stays there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sentiment.aggregate import signed_text
from sentiment.desk.alerts.rules import Rule
from sentiment.desk.history import TickerRow, weighted_score

EVIDENCE_SENTENCES = 2
RowsOf = Callable[[str], Sequence[TickerRow]]


@dataclass(frozen=True)
class NoteFacts:
    """What the conditions read of a stored note: id, date, title, document score, its
    tickers (symbols, most relevant first) and the full result dict."""

    id: str
    date: str
    title: str | None
    score: float
    tickers: tuple[str, ...]
    result: dict[str, Any]


@dataclass(frozen=True)
class Trigger:
    """A rule's condition met by a note: the key that makes it fire once, the symbol ('' for
    the whole note), the value that crossed the line, a message, the evidence sentences and
    the notes behind it (id, role: trigger, window or previous)."""

    key: str
    symbol: str
    value: float | None
    message: str
    evidence: tuple[str, ...]
    notes: tuple[tuple[str, str], ...]


def symbols_in_scope(rule: Rule, tickers: Sequence[str], portfolio: frozenset[str]) -> list[str]:
    """The note's tickers the rule watches (its list, the portfolio, or any)."""
    if rule.scope == "any":
        return list(tickers)
    wanted = portfolio if rule.scope == "portfolio" else frozenset(rule.symbols)
    return [t for t in tickers if t in wanted]


def evaluate(
    rule: Rule, note: NoteFacts, rows_of: RowsOf, portfolio: frozenset[str]
) -> list[Trigger]:
    """The triggers ``rule`` finds in ``note``; ``rows_of(symbol)`` gives a symbol's rows
    in the library, oldest first (the note's own included)."""
    symbols = symbols_in_scope(rule, note.tickers, portfolio)
    if rule.condition in ("score_below", "score_above"):
        return _score(rule, note, symbols)
    if rule.condition == "claim":
        return _claims(rule, note, symbols)
    found = []
    for symbol in symbols:
        rows = rows_of(symbol)
        index = next((i for i, r in enumerate(rows) if r.note_id == note.id), None)
        if index is None:
            continue
        trigger = _CONDITIONS[rule.condition](rule, note, symbol, rows, index)
        if trigger is not None:
            found.append(trigger)
    return found


# ----- score_below / score_above ---------------------------------------------------------------
def _score(rule: Rule, note: NoteFacts, symbols: list[str]) -> list[Trigger]:
    threshold = rule.param("threshold")
    below = rule.condition == "score_below"
    word = "below" if below else "above"

    def beyond(score: float) -> bool:
        return score < threshold if below else score > threshold

    if rule.param("on") == "document":
        if rule.scope != "any" and not symbols:
            return []
        if not beyond(note.score):
            return []
        evidence = _extreme(note.result.get("sentences", ()), negative=below)
        message = (
            f"note score {signed_text(note.score)} {word} {signed_text(threshold)}: {_title(note)}"
        )
        key = f"{rule.name}|{note.id}|"
        return [Trigger(key, "", note.score, message, evidence, ((note.id, "trigger"),))]
    found = []
    scores = {t["ticker"]: t for t in note.result.get("tickers", ())}
    for symbol in symbols:
        ticker = scores.get(symbol)
        if ticker is None or not beyond(ticker["score"]):
            continue
        evidence = _extreme(ticker.get("evidence", ()), negative=below)
        score, limit = signed_text(ticker["score"]), signed_text(threshold)
        message = f"{symbol} score {score} {word} {limit}: {_title(note)}"
        key = f"{rule.name}|{note.id}|{symbol}"
        found.append(
            Trigger(key, symbol, ticker["score"], message, evidence, ((note.id, "trigger"),))
        )
    return found


# ----- rolling ----------------------------------------------------------------------------------
def _rolling(
    rule: Rule, note: NoteFacts, symbol: str, rows: Sequence[TickerRow], index: int
) -> Trigger | None:
    threshold, below = rule.param("threshold"), rule.param("cross") == "below"

    def beyond(i: int) -> tuple[bool, float | None, Sequence[TickerRow]]:
        window = _window(rule, rows, i)
        if window is None:
            return False, None, ()
        mean = weighted_score(window)
        return (mean < threshold if below else mean > threshold), mean, window

    now, mean, window = beyond(index)
    if not now or (index > 0 and beyond(index - 1)[0]):
        return None
    word = "below" if below else "above"
    message = (
        f"{symbol} {_window_name(rule)} mean {signed_text(mean)} crossed {word} "
        f"{signed_text(threshold)}: "
        f"{_title(note)}"
    )
    return Trigger(
        f"{rule.name}|{note.id}|{symbol}",
        symbol,
        round(mean, 4),
        message,
        _ticker_evidence(note, symbol, negative=below),
        _notes(note.id, window, ()),
    )


# ----- change -----------------------------------------------------------------------------------
def _change(
    rule: Rule, note: NoteFacts, symbol: str, rows: Sequence[TickerRow], index: int
) -> Trigger | None:
    by, direction = rule.param("by"), rule.param("direction")

    def moved(i: int) -> tuple[bool, tuple[float, float] | None, tuple]:
        window = _window(rule, rows, i)
        previous = _previous_window(rule, rows, i)
        if not window or not previous:
            return False, None, ()
        before, after = weighted_score(previous), weighted_score(window)
        change = after - before
        hit = {"down": change <= -by, "up": change >= by}.get(direction, abs(change) >= by)
        return hit, (before, after), (window, previous)

    hit, scores, windows = moved(index)
    if not hit or (index > 0 and moved(index - 1)[0]):
        return None
    before, after = scores
    change = after - before
    word = "fell" if change < 0 else "rose"
    message = (
        f"{symbol} {_window_name(rule)} mean {word} {abs(change):.2f} "
        f"({signed_text(before)} -> {signed_text(after)}): {_title(note)}"
    )
    return Trigger(
        f"{rule.name}|{note.id}|{symbol}",
        symbol,
        round(change, 4),
        message,
        _ticker_evidence(note, symbol, negative=change < 0),
        _notes(note.id, *windows),
    )


# ----- first_mention ----------------------------------------------------------------------------
def _first_mention(
    rule: Rule, note: NoteFacts, symbol: str, rows: Sequence[TickerRow], index: int
) -> Trigger | None:
    if index != 0:
        return None
    ticker = next((t for t in note.result.get("tickers", ()) if t["ticker"] == symbol), {})
    sentences = sorted(ticker.get("evidence", ()), key=lambda s: s.get("start", 0))
    evidence = tuple(s["text"] for s in sentences[:1])
    message = f"{symbol} first mentioned: {_title(note)}"
    return Trigger(
        f"{rule.name}|first|{symbol}", symbol, None, message, evidence, ((note.id, "trigger"),)
    )


_CONDITIONS = {"rolling": _rolling, "change": _change, "first_mention": _first_mention}


# ----- claim ------------------------------------------------------------------------------------
def claim_matches(rule: Rule, claim: dict[str, Any]) -> bool:
    """Whether a claim (a ``Claim.to_dict()``) states the rule's metric (as its own or one of
    its figures'), in its direction and forward-looking, when the rule asks for them."""
    metric = rule.param("metric")
    metrics = {claim.get("metric")} | {f.get("metric") for f in claim.get("figures", ())}
    if metric not in metrics:
        return False
    if rule.param("direction") and claim.get("direction") != rule.param("direction"):
        return False
    wanted = rule.param("forward_looking")
    return wanted is None or bool(claim.get("forward_looking")) == wanted


def _claims(rule: Rule, note: NoteFacts, symbols: list[str]) -> list[Trigger]:
    found = []
    for claim in note.result.get("claims", ()):
        if not claim_matches(rule, claim):
            continue
        # The claim's own tickers, else the note's main ticker (its company).
        owners = list(claim.get("tickers") or note.tickers[:1])
        if rule.scope == "any":
            chosen = owners or [""]
        else:
            chosen = [s for s in owners if s in symbols]
        described = " ".join(
            part for part in (rule.param("metric"), claim.get("direction"), _value(claim)) if part
        )
        for symbol in chosen:
            message = f"{symbol or 'note'} claim: {described}: {_title(note)}"
            found.append(
                Trigger(
                    f"{rule.name}|{note.id}|{symbol}|{claim.get('start', 0)}",
                    symbol,
                    claim.get("value"),
                    message,
                    (claim["text"],),
                    ((note.id, "trigger"),),
                )
            )
    return found


# ----- windows and evidence ---------------------------------------------------------------------
def _window(rule: Rule, rows: Sequence[TickerRow], index: int) -> Sequence[TickerRow] | None:
    """The rows of the window ending at ``index``: the last N notes (None if fewer), or the
    notes of the last D days."""
    count = rule.param("notes")
    if count:
        return rows[index - count + 1 : index + 1] if index + 1 >= count else None
    cutoff = _when(rows[index].date) - timedelta(days=rule.param("days"))
    start = index
    while start > 0 and _when(rows[start - 1].date) > cutoff:
        start -= 1
    return rows[start : index + 1]


def _previous_window(rule: Rule, rows: Sequence[TickerRow], index: int) -> Sequence[TickerRow]:
    """The window of the same length just before the one ending at ``index``."""
    count = rule.param("notes")
    if count:
        end = index - count + 1
        return rows[end - count : end] if end - count >= 0 else ()
    days = timedelta(days=rule.param("days"))
    top = _when(rows[index].date) - days
    return [r for r in rows[: index + 1] if top - days < _when(r.date) <= top]


def _window_name(rule: Rule) -> str:
    count = rule.param("notes")
    return f"{count}-note" if count else f"{rule.param('days')}-day"


def _notes(trigger: str, window: Sequence[TickerRow], previous: Sequence[TickerRow]) -> tuple:
    notes = {trigger: "trigger"}
    for rows, role in ((window, "window"), (previous, "previous")):
        for row in rows:
            notes.setdefault(row.note_id, role)
    return tuple(notes.items())


def _ticker_evidence(note: NoteFacts, symbol: str, *, negative: bool) -> tuple[str, ...]:
    ticker = next((t for t in note.result.get("tickers", ()) if t["ticker"] == symbol), {})
    return _extreme(ticker.get("evidence", ()), negative=negative)


def _extreme(sentences: Sequence[dict[str, Any]], *, negative: bool) -> tuple[str, ...]:
    """The most negative (or positive) sentences, at most EVIDENCE_SENTENCES, best first:
    those on that side of zero, else the nearest one."""
    ordered = sorted(sentences, key=lambda s: s.get("score", 0.0), reverse=not negative)
    side = [s for s in ordered if (s.get("score", 0.0) < 0) == negative and s.get("score")]
    return tuple(s["text"] for s in (side or ordered[:1])[:EVIDENCE_SENTENCES])


def _title(note: NoteFacts) -> str:
    """The note's title on one line, quoted (its id when it has none)."""
    title = " ".join((note.title or "").split())
    return f"'{one_line(title, 80)}'" if title else note.id


def one_line(text: str, limit: int) -> str:
    """``text`` with its whitespace collapsed, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _value(claim: dict[str, Any]) -> str:
    if claim.get("value") is None:
        return ""
    unit = claim.get("unit") or ""
    return f"{claim['value']:g}{'%' if unit == 'percent' else ' ' + unit if unit else ''}"


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)
