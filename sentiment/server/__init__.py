"""``sentiment serve``: the research desk in a browser, and an HTTP API (Starlette).

:func:`create_app` builds the ASGI app around one Analyzer (or a factory that makes it once,
at start-up); :class:`ServerSettings` holds what the command line sets. The library pages of
the desk plug in as :class:`Extension` objects (routes, navigation, OpenAPI paths).

Lazy, like the package itself: the ``serve`` command imports this package, and
``sentiment --help`` must not import Starlette.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Extension", "ServerSettings", "create_app"]

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.server.app import Extension, create_app
    from sentiment.server.settings import ServerSettings


def __getattr__(name: str) -> Any:
    if name in ("create_app", "Extension"):
        from sentiment.server import app

        return getattr(app, name)
    if name == "ServerSettings":
        from sentiment.server.settings import ServerSettings

        return ServerSettings
    raise AttributeError(f"module 'sentiment.server' has no attribute {name!r}")
