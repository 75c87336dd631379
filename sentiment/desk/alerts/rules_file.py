"""Alert rules from a TOML file: reading and checking it.

A rules file has one table per rule, ``[rules.NAME]``, and optionally ``[channels]`` (where
fired alerts go). Every key is checked: an unknown table, key, condition or value raises
:class:`~sentiment.errors.AlertRuleError` naming the file, the line and the field, with the
nearest valid name for a typo. See docs/desk.md, "Alerts", for the format.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sentiment.desk.alerts.rules import ChannelConfig, Rule, RuleSet, WebhookConfig
from sentiment.errors import AlertRuleError, InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONDITIONS = ("score_below", "score_above", "rolling", "change", "first_mention", "claim")
SCOPES = ("portfolio", "any")
COMMON_KEYS = ("condition", "ticker", "tickers", "scope", "cooldown", "enabled", "description")
# The keys each condition takes besides the common ones.
CONDITION_KEYS: dict[str, tuple[str, ...]] = {
    "score_below": ("threshold", "on"),
    "score_above": ("threshold", "on"),
    "rolling": ("threshold", "cross", "notes", "days"),
    "change": ("by", "direction", "notes", "days"),
    "first_mention": (),
    "claim": ("metric", "direction", "forward_looking"),
}
TOP_TABLES = ("rules", "channels")
CHANNEL_KEYS = ("stdout", "jsonl", "webhook")
WEBHOOK_KEYS = ("url", "timeout", "retries", "backoff")
ON = ("ticker", "document")
CROSS = ("below", "above")
CHANGE_DIRECTIONS = ("down", "up", "either")
CLAIM_DIRECTIONS = ("up", "down", "flat")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(?:#.*)?$")


def load_rules(path: str | Path) -> RuleSet:
    """Read and check a rules file; AlertRuleError naming the file, line and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AlertRuleError(f"{path}: no such rules file", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AlertRuleError(
            f"{path}: cannot read the rules file ({exc})", path=str(path)
        ) from None
    return parse_rules(text, path)


def parse_rules(text: str, path: str | Path = "<rules>") -> RuleSet:
    """Parse the text of a rules file (``path`` names it in messages and anchors a relative
    JSONL path)."""
    checker = _Checker(text, Path(path))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise checker.error(f"not valid TOML: {exc}", line=line) from None
    checker.known(data, TOP_TABLES, (), "table")
    rules_table = data.get("rules", {})
    if not isinstance(rules_table, dict):
        raise checker.error("'rules' must be a table of rules ([rules.NAME])", ("rules",))
    rules = tuple(checker.rule(name, body) for name, body in rules_table.items())
    channels = checker.channels(data.get("channels", {}))
    return RuleSet(rules, channels, Path(path))


class _Checker:
    """Validation of one file's data, with the line of each key for messages."""

    def __init__(self, text: str, path: Path) -> None:
        self.lines = text.splitlines()
        self.path = path

    # ----- messages ---------------------------------------------------------------------
    def error(
        self, message: str, where: tuple[str, ...] = (), *, line: int | None = None
    ) -> AlertRuleError:
        """An AlertRuleError at the key ``where`` (table path then key)."""
        if line is None and where:
            line = self.line_of(where)
        place = f"{self.path}, line {line}" if line else str(self.path)
        name = ".".join(where) if where else None
        prefix = f"{place}: " + (f"{name}: " if name else "")
        return AlertRuleError(prefix + message, path=str(self.path), line=line, field=name)

    def line_of(self, where: tuple[str, ...]) -> int | None:
        """The line (1-based) of a key: its ``[a.b]`` header for a table, else its
        ``key =`` line inside its table; the table's line when the key has none."""
        if not where:
            return None
        header = self._header(where)
        if header is not None:
            return header + 1
        table = self._header(where[:-1]) if len(where) > 1 else -1
        if table is None:
            return self.line_of(where[:-1])
        key = re.escape(where[-1])
        pattern = re.compile(rf"^\s*(?:\"{key}\"|'{key}'|{key})\s*[=.]")
        for number in range(table + 1, len(self.lines)):
            text = self.lines[number]
            if text.lstrip().startswith("["):
                break
            if pattern.match(text):
                return number + 1
        below = self._header(where, prefix=True)  # a table made only by [a.b.c]
        if below is not None:
            return below + 1
        return table + 1 if table >= 0 else None

    def _header(self, table: tuple[str, ...], *, prefix: bool = False) -> int | None:
        """The 0-based index of the line ``[a.b]`` (quotes allowed) of ``table`` (with
        ``prefix``, of a table inside it); None."""
        for number, text in enumerate(self.lines):
            match = _HEADER.match(text)
            if match:
                parts = tuple(p.strip().strip("\"'") for p in match.group(1).split("."))
                if parts == table or (prefix and parts[: len(table)] == table):
                    return number
        return None

    def known(
        self, data: dict[str, Any], allowed: Sequence[str], where: tuple[str, ...], kind: str
    ) -> None:
        """AlertRuleError for the first key of ``data`` not in ``allowed``."""
        for key in data:
            if key not in allowed:
                raise self.error(f"unknown {kind} {key!r}{_suggest(key, allowed)}", (*where, key))

    # ----- rules ------------------------------------------------------------------------
    def rule(self, name: str, body: Any) -> Rule:
        where = ("rules", name)
        if not isinstance(body, dict):
            raise self.error("a rule must be a table: [rules.NAME] with its keys", where)
        if not _NAME.match(name):
            raise self.error("a rule name is letters, digits, '-' and '_'", where)
        condition = body.get("condition")
        if condition is None:
            raise self.error(f"missing 'condition' (one of {', '.join(CONDITIONS)})", where)
        if condition not in CONDITIONS:
            raise self.error(
                f"unknown condition {condition!r}{_suggest(condition, CONDITIONS)}",
                (*where, "condition"),
            )
        self.known(body, COMMON_KEYS + CONDITION_KEYS[condition], where, f"key for {condition}")
        symbols, scope = self.scope(body, where)
        cooldown = body.get("cooldown")
        if cooldown is not None:
            self.duration(cooldown, (*where, "cooldown"))
        enabled = body.get("enabled", True)
        if not isinstance(enabled, bool):
            raise self.error("must be true or false", (*where, "enabled"))
        description = body.get("description", "")
        if not isinstance(description, str):
            raise self.error("must be text", (*where, "description"))
        params = getattr(self, f"_{condition}")(body, where)
        return Rule(
            name, condition, symbols, scope, cooldown, enabled, description, params,
            self.line_of(where),
        )  # fmt: skip

    def scope(
        self, body: dict[str, Any], where: tuple[str, ...]
    ) -> tuple[tuple[str, ...], str | None]:
        given = [key for key in ("ticker", "tickers", "scope") if key in body]
        if len(given) != 1:
            message = 'give one of ticker = "AAPL", tickers = [...] or scope = "portfolio" | "any"'
            raise self.error(message + (f" (not {' and '.join(given)})" if given else ""), where)
        key = given[0]
        value = body[key]
        if key == "ticker":
            if not isinstance(value, str) or not value.strip():
                raise self.error("must be a ticker symbol in quotes", (*where, key))
            return (value.strip().upper(),), None
        if key == "tickers":
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(v, str) and v.strip() for v in value)
            ):
                raise self.error("must be a list of ticker symbols", (*where, key))
            return tuple(dict.fromkeys(v.strip().upper() for v in value)), None
        if value not in SCOPES:
            raise self.error(
                f"unknown scope {value!r}{_suggest(str(value), SCOPES)}", (*where, key)
            )
        return (), value

    def duration(self, value: Any, where: tuple[str, ...]) -> None:
        from sentiment.desk.periods import parse_duration

        try:
            if not isinstance(value, str):
                raise InputError("")
            parse_duration(value)
        except InputError:
            raise self.error(
                f'{value!r} is not a duration; use a number and d, w, m or y ("1d", "12w")',
                where,
            ) from None

    def number(
        self, body: dict, key: str, where: tuple[str, ...], *, low: float, high: float | None
    ) -> float:
        value = body.get(key)
        if value is None:
            raise self.error(f"missing '{key}'", where)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"must be a number, not {value!r}", (*where, key))
        if value < low or (high is not None and value > high):
            bound = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise self.error(f"must be {bound}, not {value!r}", (*where, key))
        return float(value)

    def choice(
        self, body: dict, key: str, where: tuple[str, ...], choices: Sequence[str], default: str
    ) -> str:
        value = body.get(key, default)
        if value not in choices:
            raise self.error(
                f"unknown value {value!r}{_suggest(str(value), choices)}", (*where, key)
            )
        return value

    def window(self, body: dict, where: tuple[str, ...]) -> dict[str, int]:
        given = [key for key in ("notes", "days") if key in body]
        if len(given) != 1:
            raise self.error("give the window as notes = N or days = D (one of them)", where)
        key = given[0]
        value = body[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.error(f"must be a whole number of at least 1, not {value!r}", (*where, key))
        return {key: value}

    def _score_below(self, body: dict, where: tuple[str, ...]) -> dict[str, Any]:
        return {
            "threshold": self.number(body, "threshold", where, low=-1, high=1),
            "on": self.choice(body, "on", where, ON, "ticker"),
        }

    _score_above = _score_below

    def _rolling(self, body: dict, where: tuple[str, ...]) -> dict[str, Any]:
        return {
            "threshold": self.number(body, "threshold", where, low=-1, high=1),
            "cross": self.choice(body, "cross", where, CROSS, "below"),
            **self.window(body, where),
        }

    def _change(self, body: dict, where: tuple[str, ...]) -> dict[str, Any]:
        return {
            "by": self.number(body, "by", where, low=0, high=2),
            "direction": self.choice(body, "direction", where, CHANGE_DIRECTIONS, "either"),
            **self.window(body, where),
        }

    def _first_mention(self, body: dict, where: tuple[str, ...]) -> dict[str, Any]:
        return {}

    def _claim(self, body: dict, where: tuple[str, ...]) -> dict[str, Any]:
        from sentiment.figures.metrics import default_metric_vocabulary

        metrics = list(default_metric_vocabulary().metrics)
        value = body.get("metric")
        if value is None:
            raise self.error('missing \'metric\' (e.g. "guidance", "EPS", "revenue")', where)
        by_lower = {m.lower(): m for m in metrics}
        if not isinstance(value, str) or value.strip().lower() not in by_lower:
            raise self.error(
                f"unknown metric {value!r}{_suggest(str(value), metrics, listing=False)}",
                (*where, "metric"),
            )
        params: dict[str, Any] = {"metric": by_lower[value.strip().lower()]}
        if "direction" in body:
            params["direction"] = self.choice(body, "direction", where, CLAIM_DIRECTIONS, "")
        if "forward_looking" in body:
            if not isinstance(body["forward_looking"], bool):
                raise self.error("must be true or false", (*where, "forward_looking"))
            params["forward_looking"] = body["forward_looking"]
        return params

    # ----- channels ---------------------------------------------------------------------
    def channels(self, data: Any) -> ChannelConfig:
        where = ("channels",)
        if not isinstance(data, dict):
            raise self.error("must be a table: [channels]", where)
        self.known(data, CHANNEL_KEYS, where, "channel")
        stdout = data.get("stdout", True)
        if not isinstance(stdout, bool):
            raise self.error("must be true or false", (*where, "stdout"))
        jsonl = data.get("jsonl")
        if jsonl is not None:
            if not isinstance(jsonl, str) or not jsonl.strip():
                raise self.error("must be a file path in quotes", (*where, "jsonl"))
            jsonl = Path(jsonl).expanduser()
            if not jsonl.is_absolute():
                jsonl = self.path.parent / jsonl
        webhook = data.get("webhook")
        if webhook is not None:
            webhook = self.webhook(webhook, (*where, "webhook"))
        return ChannelConfig(stdout, jsonl, webhook)

    def webhook(self, value: Any, where: tuple[str, ...]) -> WebhookConfig:
        if isinstance(value, str):
            value = {"url": value}
        if not isinstance(value, dict):
            raise self.error("must be a URL or a table with url, timeout, retries", where)
        self.known(value, WEBHOOK_KEYS, where, "webhook key")
        url = value.get("url")
        if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url):
            raise self.error(f"must be an http:// or https:// URL, not {url!r}", (*where, "url"))
        timeout = (
            self.number(value, "timeout", where, low=0.01, high=600) if "timeout" in value else 5.0
        )
        retries = value.get("retries", 2)
        if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 10:
            raise self.error("must be a whole number from 0 to 10", (*where, "retries"))
        backoff = (
            self.number(value, "backoff", where, low=0, high=60) if "backoff" in value else 0.5
        )
        return WebhookConfig(url, timeout, retries, backoff)


def _suggest(word: str, choices: Sequence[str], *, listing: bool = True) -> str:
    """``; did you mean 'x'?`` for the nearest valid name, else the valid names (or, with
    ``listing`` False, where they are)."""
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if near:
        return f"; did you mean {near[0]!r}?"
    if not listing:
        return "; the metrics are listed in docs/desk.md (Alerts)"
    return f"; valid: {', '.join(choices)}"
