"""The Score page: paste or upload a note, see it scored, page through a long one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from sentiment.errors import SentimentError
from sentiment.server import errors, security, submissions
from sentiment.server.recent import StoredResult
from sentiment.server.view import note_view

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.server.app import Desk


def routes() -> list[Route]:
    """The page routes of the core server."""
    return [
        Route("/", home, methods=["GET"]),
        Route("/score", score_form, methods=["GET"]),
        Route("/score", score_submit, methods=["POST"]),
        Route("/score/{result_id}", score_result, methods=["GET"]),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login_submit, methods=["POST"]),
    ]


def desk_of(request: Request) -> Desk:
    """The shared state of the app serving ``request``."""
    return request.app.state.desk


async def home(request: Request) -> Response:
    """The desk opens on the Score page."""
    return RedirectResponse("/score", status_code=303)


async def score_form(request: Request) -> Response:
    """The empty form."""
    return render(request, "score.html", {})


async def score_submit(request: Request) -> Response:
    """Score the pasted text or the uploaded file, keep the result, show it (303)."""
    desk = desk_of(request)
    submission = await submissions.from_form(request, desk.settings.max_upload_bytes)
    if submission is None:
        return render(request, "score.html", {"error": "paste a note or choose a file"}, 400)
    try:
        stored = await desk.pool.run(_score, desk, submission)
    except SentimentError as exc:
        response = errors.library_error(request.scope, exc)
        context = {"error": str(exc), "text": submission.text or ""}
        return render(request, "score.html", context, response.status_code, response.headers)
    result_id = desk.results.put(stored)
    return RedirectResponse(f"/score/{result_id}", status_code=303)


def _score(desk: Desk, submission: submissions.Submission) -> StoredResult:
    document, read = submission.analyze(desk.analyzer())
    return StoredResult(
        document, document.to_dict(), read.text, submission.source, submission.bytes, read.format
    )


async def score_result(request: Request) -> Response:
    """A scored note, page ``?page=N`` of its sentences."""
    desk = desk_of(request)
    result_id = request.path_params["result_id"]
    stored = desk.results.get(result_id)
    if stored is None:
        size = desk.settings.cached_results
        message = f"this scored note is no longer kept (the last {size} are); score it again"
        return errors.error_response(request.scope, 404, message)
    view = note_view(
        stored.result,
        stored.text,
        page=page_number(request),
        per_page=desk.settings.per_page,
        band=desk.settings.neutral_band,
    )
    context = {
        "view": view,
        "page_url": f"/score/{result_id}",
        "actions": desk.result_actions(result_id),
    }
    return render(request, "score.html", context)


def page_number(request: Request) -> int:
    """``?page=N`` as a number (1 when absent or not a number)."""
    text = request.query_params.get("page", "1")
    return int(text) if text.isdigit() else 1


async def login_form(request: Request) -> Response:
    """The token form (open without the token)."""
    if not desk_of(request).settings.token:
        return RedirectResponse("/", status_code=303)
    target = request.query_params.get("next", "/")
    return security.login_page(request.scope, "", target)


async def login_submit(request: Request) -> Response:
    """Check the token; on success set its cookie and go back where the user was."""
    token = desk_of(request).settings.token
    form = await request.form(max_fields=4, max_files=0, max_part_size=4096)
    target = str(form.get("next") or "/")
    if not token:
        return RedirectResponse(security.safe_next(target), status_code=303)
    given = str(form.get("token") or "")
    if given and security.tokens_equal(given, token):
        return security.login_redirect(target, token)
    return security.login_page(request.scope, "wrong token", target, 401)


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    headers: Any = None,
) -> Response:
    """A page of the desk's templates."""
    headers = {k: v for k, v in dict(headers or {}).items() if k.lower() == "retry-after"}
    return desk_of(request).templates.TemplateResponse(
        request, template, context, status_code=status, headers=headers
    )
