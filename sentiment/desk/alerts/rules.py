"""Alert rules: a rule (:class:`Rule`), the channels of a rules file and the rules of one file
(:class:`RuleSet`). Reading and checking a rules file is :mod:`sentiment.desk.alerts.rules_file`
(:func:`load_rules`). See docs/desk.md, "Alerts", for the format.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Rule:
    """One alert rule: its name, condition and parameters, whose notes it watches (``symbols``
    for a ticker or a list, else ``scope`` "portfolio" or "any"), its cooldown (a duration
    such as ``"1d"``, counted in note dates) and whether it is on."""

    name: str
    condition: str
    symbols: tuple[str, ...] = ()
    scope: str | None = None
    cooldown: str | None = None
    enabled: bool = True
    description: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None

    def param(self, key: str, default: Any = None) -> Any:
        """A condition parameter (``threshold``, ``notes``, ...), or ``default``."""
        return self.params.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        """The rule as a plain dict (as written in its file, symbols upper-cased)."""
        data: dict[str, Any] = {"name": self.name, "condition": self.condition}
        if self.symbols:
            data["tickers"] = list(self.symbols)
        if self.scope:
            data["scope"] = self.scope
        if self.cooldown:
            data["cooldown"] = self.cooldown
        data["enabled"] = self.enabled
        if self.description:
            data["description"] = self.description
        return {**data, **self.params}


@dataclass(frozen=True)
class WebhookConfig:
    """Where and how to POST alerts: URL, seconds to wait for an answer, retries within one
    delivery and the first pause between them (doubled after each)."""

    url: str
    timeout: float = 5.0
    retries: int = 2
    backoff: float = 0.5


@dataclass(frozen=True)
class ChannelConfig:
    """The channels of a rules file: stdout (on unless ``stdout = false``), a JSONL file
    (resolved against the rules file's folder) and a webhook."""

    stdout: bool = True
    jsonl: Path | None = None
    webhook: WebhookConfig | None = None


@dataclass(frozen=True)
class RuleSet(Sequence[Rule]):
    """The rules of one file, in file order, and its channels."""

    rules: tuple[Rule, ...] = ()
    channels: ChannelConfig = field(default_factory=ChannelConfig)
    path: Path | None = None

    def __getitem__(self, index):  # type: ignore[override]
        return self.rules[index]

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    @property
    def enabled(self) -> tuple[Rule, ...]:
        """The rules that are on."""
        return tuple(r for r in self.rules if r.enabled)
