"""Where fired alerts go: a stream (stdout), a JSONL file and a webhook.

Each channel has a ``name`` (the key of its rows in the outbox) and ``send(alert)``, which
returns when the alert is delivered and raises :class:`DeliveryFailed` with one line of why
otherwise. Delivery is at least once: a consumer that must not see an alert twice keys on
its ``key`` (or ``id``).
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

from sentiment.desk.alerts.conditions import one_line
from sentiment.desk.alerts.rules import ChannelConfig, WebhookConfig
from sentiment.desk.alerts.store import FiredAlert


class DeliveryFailed(Exception):
    """A channel could not deliver an alert (the message says why, in one line)."""


class Channel(Protocol):
    """Something alerts are delivered to."""

    name: str

    def send(self, alert: FiredAlert) -> None:
        """Deliver ``alert``, or raise DeliveryFailed."""


def alert_line(alert: FiredAlert) -> str:
    """One line for a person: id (``would fire`` for a dry run's), rule, note date, the
    message and the first evidence sentence."""
    day = alert.note_date[:10]
    head = f"alert #{alert.id}" if alert.id is not None else "would fire"
    text = f"{head} [{alert.rule}] {day} {alert.message}"
    if alert.evidence:
        text += f' | "{one_line(alert.evidence[0], 200)}"'
    return text


class StreamChannel:
    """Alerts as lines on a text stream (stdout when none is given)."""

    name = "stdout"

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream

    def send(self, alert: FiredAlert) -> None:
        stream = self.stream or sys.stdout
        try:
            stream.write(alert_line(alert) + "\n")
            stream.flush()
        except (OSError, ValueError) as exc:
            raise DeliveryFailed(f"cannot write to the stream ({exc})") from None


class JsonlChannel:
    """Alerts appended to a JSONL file, one object a line, flushed to disk (fsync). An
    alert whose line is already among the file's last lines is not written again: a process
    killed after the write and before the outbox recorded it delivers it once on restart."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.name = f"jsonl:{self.path}"

    def send(self, alert: FiredAlert) -> None:
        line = json.dumps(alert.to_dict(deliveries=False), ensure_ascii=False) + "\n"
        try:
            if line in self._tail():
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise DeliveryFailed(f"{self.path}: cannot append ({exc.strerror or exc})") from None

    def _tail(self) -> set[str]:
        """The whole lines among the file's last :data:`TAIL_BYTES` (none if no file)."""
        try:
            with open(self.path, "rb") as handle:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(max(0, size - TAIL_BYTES))
                lines = handle.read().decode("utf-8", errors="replace").splitlines(True)
        except FileNotFoundError:
            return set()
        return set(lines[1:] if size > TAIL_BYTES else lines)


# How far back a JSONL channel looks for an alert it may have written before an interruption:
# the outbox delivers in order, so only the last few lines can be such alerts.
TAIL_BYTES = 64 * 1024


class WebhookChannel:
    """Alerts POSTed as JSON to a URL: each try waits ``timeout`` seconds for an answer; a
    refused connection, a timeout or a 5xx/429 answer is tried again ``retries`` times, the
    pauses doubling from ``backoff`` seconds. Any 2xx answer is a delivery."""

    def __init__(
        self,
        config: WebhookConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.name = f"webhook:{config.url}"
        self.sleep = sleep

    def send(self, alert: FiredAlert) -> None:
        body = json.dumps(alert.to_dict(deliveries=False), ensure_ascii=False).encode("utf-8")
        error = ""
        for attempt in range(self.config.retries + 1):
            if attempt:
                self.sleep(self.config.backoff * 2 ** (attempt - 1))
            error, retry = self._post(body)
            if not error:
                return
            if not retry:
                break
        tries = attempt + 1
        raise DeliveryFailed(
            f"{self.config.url}: {error} ({tries} tr{'y' if tries == 1 else 'ies'})"
        )

    def _post(self, body: bytes) -> tuple[str, bool]:
        """('' , _) when delivered, else (why, whether another try may help)."""
        request = urllib.request.Request(
            self.config.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "User-Agent": "sentiment-alerts"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as answer:
                answer.read()
                return "", False
        except urllib.error.HTTPError as exc:
            retry = exc.code >= 500 or exc.code == 429
            return f"HTTP {exc.code} {exc.reason}", retry
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                return f"no answer in {self.config.timeout:g} s", True
            if isinstance(reason, ConnectionRefusedError):
                return "connection refused", True
            return f"cannot connect ({reason})", True
        except TimeoutError:
            return f"no answer in {self.config.timeout:g} s", True
        except (ConnectionError, OSError) as exc:
            return f"connection failed ({exc})", True


def build_channels(config: ChannelConfig, *, stream: IO[str] | None = None) -> list[Any]:
    """The channels a rules file names (stdout unless switched off)."""
    channels: list[Any] = []
    if config.stdout:
        channels.append(StreamChannel(stream))
    if config.jsonl is not None:
        channels.append(JsonlChannel(config.jsonl))
    if config.webhook is not None:
        channels.append(WebhookChannel(config.webhook))
    return channels
