"""What ``sentiment serve`` is told: where it listens, who may call it, and its limits.

Plain data (no Starlette), so the command can build it before anything heavy is imported.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from sentiment.aggregate import NEUTRAL_BAND

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
DEFAULT_MAX_UPLOAD_BYTES = 2 * 2**20
"""2 MB: a note is kilobytes; a 10,000-sentence note about 1 MB (and half a minute to score)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) reaches only this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A fresh random access token (printed at start-up, as Jupyter does)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class ServerSettings:
    """The server's settings; the defaults are the safe ones.

    ``token``: required of every client when set (header ``Authorization: Bearer TOKEN``, or
    a cookie set by ``/login`` or ``?token=``); :meth:`for_host` makes one for a host that is
    not loopback. ``allowed_hosts``: extra names accepted in the ``Host`` header.
    ``max_upload_bytes``: the largest request body (413 above it). ``queue``: how many
    scoring requests may wait for the model; more are answered 503 with Retry-After.
    ``per_page``: sentences shown per page of a scored note. ``db`` (the library),
    ``watch`` (a folder scored into it as notes land, by events or ``polling``),
    ``portfolio`` (a holdings file) and ``alerts`` (a rules file) are for the desk's parts.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    queue: int = 8
    per_page: int = 400
    max_classify: int = 1000
    neutral_band: float = NEUTRAL_BAND
    cached_results: int = 16
    db: Path | None = None
    watch: Path | None = None
    portfolio: Path | None = None
    alerts: Path | None = None
    polling: bool = False

    @classmethod
    def for_host(cls, host: str, token: str | None = None, **kwargs: object) -> ServerSettings:
        """Settings for ``host``: a host other than loopback gets a new token if none is given."""
        if token is None and not is_loopback(host):
            token = new_token()
        return cls(host=host, token=token or None, **kwargs)  # type: ignore[arg-type]

    @property
    def loopback(self) -> bool:
        """Whether the server listens on loopback only."""
        return is_loopback(self.host)

    def host_names(self) -> frozenset[str]:
        """The names accepted in a request's ``Host`` header (ports are not compared):
        loopback names, the listening host, this machine's names when it listens beyond
        loopback, and ``allowed_hosts``. Others are refused (DNS rebinding)."""
        names = set(LOOPBACK_NAMES) | {h.lower() for h in self.allowed_hosts}
        if self.host not in WILDCARD_HOSTS:
            names.add(self.host.lower().strip("[]"))
        if not self.loopback:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        return frozenset(names)

    def url(self) -> str:
        """The address to open, with the token when there is one."""
        host = "127.0.0.1" if self.host in WILDCARD_HOSTS else self.host
        host = f"[{host}]" if ":" in host else host
        base = f"http://{host}:{self.port}/"
        return f"{base}?token={self.token}" if self.token else base
