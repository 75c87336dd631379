"""The JSON API: analyze, classify, health and the OpenAPI document.

Scoring runs on the bounded pool (:mod:`sentiment.server.pool`); a full pool is 503 with
``Retry-After``. ``POST /api/analyze`` answers the same ``to_dict()`` as
``sentiment score --format json``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sentiment import __version__
from sentiment.server import submissions

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.server.app import Desk


def routes() -> list[Route]:
    """The API routes of the core server (each one is in the OpenAPI document)."""
    return [
        Route("/api/health", health, methods=["GET"]),
        Route("/api/analyze", analyze, methods=["POST"]),
        Route("/api/classify", classify, methods=["POST"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
    ]


def desk_of(request: Request) -> Desk:
    """The shared state of the app serving ``request``."""
    return request.app.state.desk


async def health(request: Request) -> Response:
    """Whether the model is loaded, the scoring pool's state, and the state of each part
    that reports one (the watcher: its folder, whether it still runs, what stopped it)."""
    desk = desk_of(request)
    parts = {e.name: dict(e.health()) for e in desk.extensions if e.health is not None}
    failing = [name for name, state in parts.items() if not state.get("ok", True)]
    status = (
        "error"
        if desk.load_error
        else "degraded"
        if failing
        else "ready"
        if desk.ready
        else "loading"
    )
    body = {
        "status": status,
        "version": __version__,
        "model_error": desk.load_error,
        "pool": desk.pool.stats(),
        "extensions": [e.name for e in desk.extensions],
        "parts": parts,
    }
    return JSONResponse(body, status_code=503 if desk.load_error else 200)


async def analyze(request: Request) -> Response:
    """Score a note: JSON ``{"text", "source"}``, a form with ``file`` or ``text``, or a
    ``text/plain`` body. The answer is ``DocumentSentiment.to_dict()``."""
    desk = desk_of(request)
    submission = await submissions.from_request(request, desk.settings.max_upload_bytes)
    body = await desk.pool.run(_analyze, desk, submission)
    return Response(body, media_type="application/json")


def _analyze(desk: Desk, submission: submissions.Submission) -> bytes:
    """The scored note as JSON bytes, made on the worker (a long note's JSON takes time)."""
    result, _ = submission.analyze(desk.analyzer())
    return json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()


async def classify(request: Request) -> Response:
    """Score sentences: ``{"sentences": [...]}``, optionally with ``"targets"`` (one ticker
    or name per sentence, to score each sentence toward it)."""
    desk = desk_of(request)
    body = await submissions.json_body(request)
    sentences, targets = _classify_request(body, desk.settings.max_classify)
    scored = await desk.pool.run(_classify, desk, sentences, targets)
    return JSONResponse({"sentences": scored})


def _classify_request(body: Any, limit: int) -> tuple[list[str], list[str] | None]:
    if not isinstance(body, dict) or not isinstance(body.get("sentences"), list):
        raise HTTPException(400, 'the JSON body must be an object with a "sentences" list')
    sentences = body["sentences"]
    if not all(isinstance(s, str) for s in sentences):
        raise HTTPException(400, '"sentences" must be a list of strings')
    if len(sentences) > limit:
        message = f"at most {limit} sentences a request; send {len(sentences)} in parts"
        raise HTTPException(413, message)
    targets = body.get("targets")
    if targets is None:
        return sentences, None
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise HTTPException(400, '"targets" must be a list of strings')
    if len(targets) != len(sentences):
        raise HTTPException(400, '"targets" must have one entry per sentence')
    return sentences, targets


def _classify(desk: Desk, sentences: list[str], targets: list[str] | None) -> list[dict]:
    analyzer = desk.analyzer()
    if targets is None:
        return [s.to_dict() for s in analyzer.classify(sentences)]
    return [s.to_dict() for s in analyzer.classify_targets(list(zip(sentences, targets)))]


async def openapi(request: Request) -> Response:
    """The OpenAPI 3.1 document of this API (the extensions' paths included)."""
    return JSONResponse(desk_of(request).openapi())
