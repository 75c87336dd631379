"""The guard in front of every route: safe by default.

In order: a ``Host`` header naming a host this server does not answer for is refused (400:
DNS rebinding); with a token set, a request without it gets 401 (the API) or the login page;
a POST from another origin is refused (403: ``Origin``, else ``Referer``, and
``Sec-Fetch-Site``); a body over the upload limit gets 413. Every response carries the
Content-Security-Policy and the other headers of :data:`~sentiment.server.errors.SECURITY_HEADERS`.
"""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, urlencode

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sentiment.server import errors

if TYPE_CHECKING:  # pragma: no cover
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from sentiment.server.app import Desk

TOKEN_COOKIE = "sentiment_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Paths open without the token: the login page and the stylesheet and script it loads.
OPEN_PATHS = ("/login", "/static/")


class Guard:
    """Pure ASGI middleware (it also guards streamed bodies, which a BaseHTTPMiddleware cannot)."""

    def __init__(self, app: ASGIApp, desk: Desk) -> None:
        self.app = app
        self.desk = desk
        self.hosts = desk.settings.host_names()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send)
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        limit = self.desk.settings.max_upload_bytes
        await self.app(scope, _limited(receive, limit), send)

    def _refusal(self, scope: Scope) -> Response | None:
        headers = Headers(scope=scope)
        host = host_name(headers.get("host", ""))
        if host not in self.hosts:
            return errors.error_response(scope, 400, f"this server does not answer for {host!r}")
        token = self.desk.settings.token
        path = scope["path"]
        if token and not path.startswith(OPEN_PATHS):
            refusal = self._token_refusal(scope, headers, token)
            if refusal is not None:
                return refusal
        if scope["method"] not in SAFE_METHODS and not same_origin(scope, headers):
            return errors.error_response(scope, 403, "cross-origin request refused")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.desk.settings.max_upload_bytes:
            return errors.error_response(scope, 413, too_large(self.desk.settings.max_upload_bytes))
        return None

    def _token_refusal(self, scope: Scope, headers: Headers, token: str) -> Response | None:
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given = presented_token(headers)
        if given is not None and tokens_equal(given, token):
            return None
        if scope["method"] == "GET" and "token" in query and tokens_equal(query["token"], token):
            # ?token= (the address printed at start-up) logs in: the cookie is set, the URL cleaned
            rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
            return login_redirect(scope["path"] + (f"?{rest}" if rest else ""), token)
        wrong = given is not None or "token" in query
        message = "wrong token" if wrong else "this server needs its token"
        if errors.wants_json(scope):
            return errors.error_response(scope, 401, message, {"www-authenticate": "Bearer"})
        return login_page(scope, message, scope["path"], 401)


def host_name(host: str) -> str:
    """The name of a ``Host`` header, without its port: ``[::1]:8000`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def presented_token(headers: Headers) -> str | None:
    """The token a request carries: ``Authorization: Bearer ...`` or the login cookie."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        return value.strip()
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no token
        return None
    morsel = cookie.get(TOKEN_COOKIE)
    return morsel.value if morsel is not None else None


def same_origin(scope: Scope, headers: Headers) -> bool:
    """Whether a state-changing request comes from this server's own pages (or from a
    program, which sends no ``Origin``, ``Referer`` or ``Sec-Fetch-Site``)."""
    if headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return False
    own = f"{scope.get('scheme', 'http')}://{headers.get('host', '').lower()}"
    origin = headers.get("origin")
    if origin is not None:
        return origin.lower() == own
    referer = headers.get("referer")
    if referer is not None:
        return referer.lower() == own or referer.lower().startswith(own + "/")
    return True


def safe_next(target: str | None) -> str:
    """A local path to go to after login: never another site (``//evil``, ``http://...``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def login_redirect(target: str, token: str) -> Response:
    """Go to ``target`` with the token's cookie set (HttpOnly, SameSite=Strict)."""
    response = RedirectResponse(safe_next(target), status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
    return response


def login_page(scope: Scope, message: str, target: str, status: int = 200) -> Response:
    """The login form (a token field), going back to ``target`` after."""
    request = Request(scope)
    desk = request.app.state.desk
    return desk.templates.TemplateResponse(
        request,
        "login.html",
        {"message": message, "next": safe_next(target), "next_quoted": quote(target)},
        status_code=status,
        headers=dict(errors.SECURITY_HEADERS),
    )


def too_large(limit: int) -> str:
    """The 413 message."""
    return f"the upload is over the {limit / 2**20:.1f} MB limit"


def tokens_equal(given: str, token: str) -> bool:
    """Whether two tokens are equal (in constant time)."""
    return hmac.compare_digest(given.encode(), token.encode())


def _with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in errors.SECURITY_HEADERS.items():
                if name not in headers:
                    headers.append(name, value)
        await send(message)

    return sending


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises 413 once the body passes ``limit`` bytes (a chunked upload
    has no Content-Length to refuse it by)."""
    seen = 0

    async def receiving() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, too_large(limit))
        return message

    return receiving
