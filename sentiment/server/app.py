"""The app factory: routes, the guard, templates, the scoring pool and the analyzer.

``create_app(analyzer=...)`` (tests pass one with a fake model) or
``create_app(analyzer_factory=...)`` (``sentiment serve``: the model loads once, on the pool's
worker, as the server starts). The desk's library pages are added as :class:`Extension` s.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from sentiment import __version__
from sentiment.errors import ModelError, SentimentError
from sentiment.server import api, errors, pages
from sentiment.server.pool import ScoringPool
from sentiment.server.recent import ResultStore
from sentiment.server.security import Guard
from sentiment.server.settings import ServerSettings

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.api import Analyzer

log = logging.getLogger("sentiment.server")
WARM_UP_TEXT = "Revenue rose 5% and margins expanded."


@dataclass(frozen=True)
class Action:
    """A button under a scored note (e.g. "Save to library"): a same-origin POST form."""

    label: str
    url: str


@dataclass(frozen=True)
class Extension:
    """A part of the desk the server shows beside the Score page (the library, alerts...).

    ``routes`` are added to the app; ``nav`` entries ``(label, path)`` to the menu;
    ``openapi_paths`` to ``/api/openapi.json`` (every ``/api`` route must be in it);
    ``templates`` names a package whose ``templates`` folder is searched before the
    server's, and ``globals`` are added to the templates' globals (``ticker_page``: where a
    ticker's page is); ``result_actions(result_id)`` gives buttons under a scored note;
    ``start(app)`` and ``stop(app)`` run as the server starts and stops; ``health()``, if
    given, is the extension's state in ``/api/health`` (``{"ok": bool, ...}``).
    """

    name: str
    routes: Sequence[BaseRoute] = ()
    nav: Sequence[tuple[str, str]] = ()
    openapi_paths: Mapping[str, Any] = field(default_factory=dict)
    templates: str | None = None
    result_actions: Callable[[str], Sequence[Action]] | None = None
    globals: Mapping[str, Any] = field(default_factory=dict)
    start: Callable[[Starlette], None] | None = None
    stop: Callable[[Starlette], None] | None = None
    health: Callable[[], Mapping[str, Any]] | None = None


class Desk:
    """What the routes share (``request.app.state.desk``): settings, analyzer, pool,
    templates, recent results and the extensions."""

    def __init__(
        self,
        settings: ServerSettings,
        analyzer: Analyzer | None,
        analyzer_factory: Callable[[], Analyzer] | None,
        extensions: Sequence[Extension],
    ) -> None:
        if analyzer is None and analyzer_factory is None:
            raise ValueError("create_app needs an analyzer or an analyzer_factory")
        self.settings = settings
        self.extensions = tuple(extensions)
        self.pool = ScoringPool(settings.queue)
        self.results = ResultStore(settings.cached_results)
        self.templates = Jinja2Templates(env=_environment(self.extensions))
        self.templates.env.globals.update(
            nav=[("Score", "/score")] + [n for e in self.extensions for n in e.nav],
            version=__version__,
            ticker_page=None,
        )
        for extension in self.extensions:
            self.templates.env.globals.update(extension.globals)
        self._analyzer = analyzer
        self._factory = analyzer_factory
        self._load_lock = threading.Lock()
        self.load_error: str | None = None

    @property
    def ready(self) -> bool:
        """Whether the analyzer is loaded."""
        return self._analyzer is not None

    def analyzer(self) -> Analyzer:
        """The analyzer, made by the factory on first use (call it on the pool's worker)."""
        with self._load_lock:
            if self._analyzer is None and self.load_error is not None:
                raise ModelError(f"the model failed to load: {self.load_error}")
            if self._analyzer is None:
                assert self._factory is not None
                analyzer = self._factory()
                analyzer.analyze(WARM_UP_TEXT)  # loads the pipeline and the model now
                self._analyzer = analyzer
            return self._analyzer

    def result_actions(self, result_id: str) -> list[Action]:
        """The buttons the extensions offer under a scored note."""
        return [
            action
            for e in self.extensions
            if e.result_actions is not None
            for action in e.result_actions(result_id)
        ]

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document: the shipped one, with the extensions' paths."""
        document = resource_json("openapi.json")
        document["info"]["version"] = __version__
        for extension in self.extensions:
            document["paths"].update(extension.openapi_paths)
        return document


def resource_json(name: str) -> dict[str, Any]:
    """A JSON data file of ``sentiment/resources/server`` (the OpenAPI documents)."""
    source = resources.files("sentiment") / "resources" / "server" / name
    return json.loads(source.read_text(encoding="utf-8"))


def _environment(extensions: Sequence[Extension]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [
        jinja2.PackageLoader(e.templates, "templates") for e in extensions if e.templates
    ]
    loaders.append(jinja2.PackageLoader("sentiment.server", "templates"))
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True)


def create_app(
    analyzer: Analyzer | None = None,
    *,
    analyzer_factory: Callable[[], Analyzer] | None = None,
    settings: ServerSettings | None = None,
    extensions: Sequence[Extension] = (),
) -> Starlette:
    """The ASGI app of ``sentiment serve``: the Score page, the API and the extensions'
    pages, behind the guard (host check, token, same-origin posts, body limit, CSP)."""
    desk = Desk(settings or ServerSettings(), analyzer, analyzer_factory, extensions)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not desk.ready:
            desk.pool.submit(_load, desk)  # the first requests wait behind it in the pool
        for extension in desk.extensions:
            if extension.start is not None:
                extension.start(app)
        try:
            yield
        finally:
            for extension in desk.extensions:
                if extension.stop is not None:
                    extension.stop(app)
            desk.pool.close()

    routes: list[BaseRoute] = [
        *pages.routes(),
        *api.routes(),
        *[route for e in desk.extensions for route in e.routes],
        Mount("/static", StaticFiles(packages=[("sentiment.server", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            HTTPException: errors.http_error,
            SentimentError: errors.sentiment_error,
            Exception: errors.server_error,
        },
    )
    app.state.desk = desk
    app.add_middleware(Guard, desk=desk)
    return app


def _load(desk: Desk) -> None:
    try:
        desk.analyzer()
    except Exception as exc:  # the server stays up and says why in /api/health
        desk.load_error = str(exc) or type(exc).__name__
        log.exception("the model failed to load")


def api_routes(app: Starlette) -> list[Route]:
    """Every route of ``app`` under ``/api`` (to check the OpenAPI document against)."""
    return [r for r in app.routes if isinstance(r, Route) and r.path.startswith("/api/")]
