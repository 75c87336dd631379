"""Every error as a clear page or a JSON body with the right status, never a traceback.

Paths under ``/api/`` get ``{"error": {"status": ..., "message": ...}}``; pages get the error
template. A library error (:class:`~sentiment.errors.SentimentError`) maps to a status here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sentiment.errors import InputError, LibraryError, ModelError, SentimentError
from sentiment.server.pool import PoolFull

if TYPE_CHECKING:  # pragma: no cover
    from starlette.types import Scope

log = logging.getLogger("sentiment.server")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


def wants_json(scope: Scope) -> bool:
    """Whether the client of this request is a program (the API) rather than a person."""
    return str(scope.get("path", "")).startswith("/api/")


def error_response(
    scope: Scope, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The error as JSON (API) or as the error page, with the security headers."""
    headers = {**SECURITY_HEADERS, **(headers or {})}
    if wants_json(scope):
        body = {"error": {"status": status, "message": message}}
        return JSONResponse(body, status_code=status, headers=headers)
    request = Request(scope)
    desk = request.app.state.desk
    return desk.templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "reason": _reason(status), "message": message},
        status_code=status,
        headers=headers,
    )


def library_error(scope: Scope, exc: SentimentError) -> Response:
    """A library error as a response: bad input 422, busy 503 + Retry-After, model 503."""
    if isinstance(exc, PoolFull):
        return error_response(scope, 503, str(exc), {"retry-after": str(exc.retry_after)})
    if isinstance(exc, (ModelError, LibraryError)):
        return error_response(scope, 503, str(exc))
    if isinstance(exc, InputError):
        return error_response(scope, 422, str(exc))
    return error_response(scope, 400, str(exc))


async def sentiment_error(request: Request, exc: Exception) -> Response:
    """A library error raised by a route (bad input, a full pool, no model)."""
    assert isinstance(exc, SentimentError)
    return library_error(request.scope, exc)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's HTTP errors (404, 405, 413, a bad form...) in our format."""
    assert isinstance(exc, HTTPException)
    message = exc.detail if exc.detail != _reason(exc.status_code) else _default(exc.status_code)
    return error_response(request.scope, exc.status_code, message, exc.headers)


async def server_error(request: Request, exc: Exception) -> Response:
    """Anything unexpected: logged with its traceback on the server, a plain 500 to the client."""
    if isinstance(exc, SentimentError):
        return library_error(request.scope, exc)
    log.error("error serving %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request.scope, 500, "internal error; the server log has the details")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _default(status: int) -> str:
    defaults: dict[int, str] = {
        404: "no such page",
        405: "this method is not allowed here",
        413: "the request is too large",
    }
    return defaults.get(status, _reason(status).lower())
