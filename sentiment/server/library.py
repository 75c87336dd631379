"""The library's pages and API in the server: Library, a stored note, a Ticker with its chart,
"Save to library" under a scored note, and ``/api/notes``, ``/api/notes/{id}``,
``/api/tickers/{symbol}/history``. Added to the app as an :class:`~sentiment.server.app.Extension`.

Every page has its JSON twin made by the same query (the Library page and ``/api/notes``, the
Ticker page and its history). The library is used from one thread of its own, so its SQLite
calls never hold up the pages' event loop and its connection has one user.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from sentiment.desk.library import Library
from sentiment.errors import InputError
from sentiment.server.app import Action, Extension, resource_json
from sentiment.server.chart import history_chart
from sentiment.server.pages import page_number
from sentiment.server.view import note_view

if TYPE_CHECKING:  # pragma: no cover
    from starlette.applications import Starlette

    from sentiment.desk.library import NoteRow
    from sentiment.server.app import Desk
    from sentiment.server.recent import StoredResult

T = TypeVar("T")
LABELS = ("positive", "neutral", "negative")
PERIODS = ("day", "week", "month")
PAGE_SIZE, MAX_PAGE_SIZE = 50, 500
LATEST_NOTES = 20  # notes listed on a Ticker page
CLAIM_NOTES = 50  # latest notes whose claims a Ticker page lists
TICKER_ALERTS = 50  # latest alerts a Ticker page lists
SYMBOL = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-^=]{0,14}")
OPENAPI_PATHS = "library.json"


class LibraryAccess:
    """The library file, opened on first use and used from one worker thread."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sentiment-library")
        self._library: Library | None = None

    async def call(self, job: Callable[..., T], *args: Any) -> T:
        """``job(library, *args)`` on the library's thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(self._run, job, *args))

    def _run(self, job: Callable[..., T], *args: Any) -> T:
        if self._library is None:
            self._library = Library(self.path)
        return job(self._library, *args)

    def close(self) -> None:
        """Close the file and stop the thread."""
        if self._library is not None:
            self._executor.submit(self._library.close).result()
        self._executor.shutdown(wait=True)


def library_extension(path: Path | None) -> Extension:
    """The library's part of the desk, on the library file ``path`` (None: the default)."""
    access = LibraryAccess(path)

    def start(app: Starlette) -> None:
        app.state.library = access

    def stop(app: Starlette) -> None:
        access.close()

    return Extension(
        name="library",
        routes=[
            Route("/library", library_page, methods=["GET"]),
            Route("/notes/{note_id:path}", note_page, methods=["GET"]),
            Route("/tickers/{symbol}", ticker_page, methods=["GET"]),
            Route("/library/save/{result_id}", save, methods=["POST"]),
            Route("/api/notes", notes_api, methods=["GET"]),
            Route("/api/notes/{note_id:path}", note_api, methods=["GET"]),
            Route("/api/tickers/{symbol}/history", history_api, methods=["GET"]),
        ],
        nav=[("Library", "/library")],
        openapi_paths=resource_json(OPENAPI_PATHS)["paths"],
        result_actions=lambda result_id: [Action("Save to library", f"/library/save/{result_id}")],
        globals={"ticker_page": "/tickers/"},
        start=start,
        stop=stop,
    )


def access_of(request: Request) -> LibraryAccess:
    """The library of the app serving ``request``."""
    return request.app.state.library


def desk_of(request: Request) -> Desk:
    """The shared state of the app serving ``request``."""
    return request.app.state.desk


def note_url(note_id: str) -> str:
    """A note's page (its id quoted: ids hold ``/`` and ``#``)."""
    return "/notes/" + quote(note_id, safe="/")


# ----- queries shared by a page and its JSON twin ----------------------------------------


def note_filters(request: Request) -> dict[str, Any]:
    """The Library's filters from the query: ticker, label, since, until, text, limit and
    offset; 400 for a label, date or number that does not parse."""
    query = request.query_params
    label = query.get("label") or None
    if label is not None and label not in LABELS:
        raise HTTPException(400, f"label must be one of {', '.join(LABELS)}")
    filters: dict[str, Any] = {
        "ticker": (query.get("ticker") or "").strip().upper() or None,
        "label": label,
        "since": (query.get("since") or "").strip() or None,
        "until": (query.get("until") or "").strip() or None,
        "text": (query.get("text") or "").strip() or None,
        "limit": _number(query.get("limit"), PAGE_SIZE, "limit", 1, MAX_PAGE_SIZE),
        "offset": _number(query.get("offset"), 0, "offset", 0, None),
    }
    for bound in ("since", "until"):
        if filters[bound]:
            from sentiment.desk.periods import parse_time

            try:
                parse_time(filters[bound])
            except InputError as exc:
                raise HTTPException(400, f"{bound}: {exc}") from None
    return filters


def _number(text: str | None, default: int, name: str, low: int, high: int | None) -> int:
    if not text:
        return default
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        top = f" to {high}" if high is not None else " or more"
        raise HTTPException(400, f"{name} must be a whole number, {low}{top}")
    return int(text)


def checked_symbol(symbol: str) -> str:
    """A ticker symbol from the URL, upper case; 404 for one no symbol could be."""
    if not SYMBOL.fullmatch(symbol):
        raise HTTPException(404, f"{symbol!r} is not a ticker symbol")
    return symbol.upper()


def checked_period(request: Request) -> str:
    """``?by=`` day, week or month (default day); 400 otherwise."""
    by = request.query_params.get("by") or "day"
    if by not in PERIODS:
        raise HTTPException(400, f"by must be one of {', '.join(PERIODS)}")
    return by


def _stored_note(library: Library, note_id: str) -> Any:
    if not library.stored(note_id):
        raise HTTPException(404, f"no note {note_id!r} in the library")
    return library.note(note_id)


def _history(library: Library, symbol: str, by: str, since: str | None) -> dict[str, Any]:
    rows = library.ticker_rows(symbol, since=since)
    if not rows:
        window = f" since {since}" if since else ""
        raise HTTPException(404, f"no note in the library mentions {symbol}{window}")
    from sentiment.desk.history import periods

    return {"rows": rows, "periods": periods(rows, by)}


# ----- pages ---------------------------------------------------------------------------------


async def library_page(request: Request) -> Response:
    """The stored notes, newest first, filtered by ticker, label, dates and text."""
    filters = note_filters(request)
    rows, total = await access_of(request).call(_notes_and_count, filters)
    context = {
        "rows": [_row_view(r) for r in rows],
        "filters": filters,
        "total": total,
        "labels": LABELS,
        "more": _page_links(request, filters, len(rows)),
    }
    return _render(request, "library.html", context)


def _notes_and_count(library: Library, filters: dict[str, Any]) -> tuple[list[NoteRow], int]:
    return library.notes(**filters), library.count()


def _row_view(row: NoteRow) -> dict[str, Any]:
    return {**row.to_dict(), "url": note_url(row.id), "day": row.date[:10]}


def _page_links(request: Request, filters: dict[str, Any], shown: int) -> dict[str, str | None]:
    limit, offset = filters["limit"], filters["offset"]

    def link(at: int) -> str:
        return str(request.url.include_query_params(offset=at))

    return {
        "previous": link(max(0, offset - limit)) if offset else None,
        "next": link(offset + limit) if shown == limit else None,
    }


async def note_page(request: Request) -> Response:
    """A stored note, shown as on the Score page (with its date and where it came from)."""
    note_id = request.path_params["note_id"]
    stored = await access_of(request).call(_stored_note, note_id)
    desk = desk_of(request)
    view = note_view(
        {**stored.result, "source": stored.title or stored.source},
        page=page_number(request),
        per_page=desk.settings.per_page,
        band=desk.settings.neutral_band,
    )
    context = {"view": view, "note": stored, "page_url": note_url(note_id)}
    return _render(request, "note_page.html", context)


async def ticker_page(request: Request) -> Response:
    """A ticker over time: the chart per day, week or month, its latest notes and claims."""
    symbol = checked_symbol(request.path_params["symbol"])
    by = checked_period(request)
    since = note_filters(request)["since"]
    found = await access_of(request).call(_ticker_facts, symbol, by, since)
    context = {
        "symbol": symbol,
        "by": by,
        "since": since or "",
        "periods": found["periods"],
        "chart": history_chart(found["periods"], desk_of(request).settings.neutral_band),
        "latest": [
            {**r.to_dict(), "url": note_url(r.note_id), "day": r.date[:10]}
            for r in reversed(found["rows"][-LATEST_NOTES:])
        ],
        "notes": len(found["rows"]),
        "claims": found["claims"],
        "name": found["name"],
        "alerts": found["alerts"],
    }
    return _render(request, "ticker.html", context)


def _ticker_facts(library: Library, symbol: str, by: str, since: str | None) -> dict[str, Any]:
    found = _history(library, symbol, by, since)
    claims, name = [], None
    for row in reversed(found["rows"][-CLAIM_NOTES:]):
        result = library.note(row.note_id).result
        for ticker in result.get("tickers") or []:
            if ticker["ticker"] == symbol and name is None:
                name = ticker.get("name")
        for claim in result.get("claims") or []:
            if symbol in (claim.get("tickers") or []):
                claims.append({"day": row.date[:10], "url": note_url(row.note_id), **claim})
    from sentiment.desk.alerts import list_alerts
    from sentiment.server.alerts import alert_view

    alerts = [alert_view(a) for a in list_alerts(library, symbol=symbol, limit=TICKER_ALERTS)]
    return {**found, "claims": claims, "name": name, "alerts": alerts}


async def save(request: Request) -> Response:
    """Store a note scored on the Score page; go to its page in the library."""
    desk = desk_of(request)
    stored = desk.results.get(request.path_params["result_id"])
    if stored is None:
        raise HTTPException(404, "this scored note is no longer kept; score it again to save it")
    analyzer = desk.analyzer() if desk.ready else None
    outcome = await access_of(request).call(save_result, stored, analyzer)
    return RedirectResponse(note_url(outcome.note_id), status_code=303)


def save_result(library: Library, stored: StoredResult, analyzer: Any) -> Any:
    """Store a scored upload or paste: its id hashes the bytes sent (``name#hash``), so the
    same note saved twice is one note and two notes of one name are two."""
    from sentiment.batch.scoring import content_id
    from sentiment.desk.dates import note_facts

    name = stored.source or "pasted.txt"
    doc_id = content_id(name, stored.data)
    facts = note_facts(stored.data, name, stored.text, stored.format)
    model, version = library.model_identity(analyzer) if analyzer is not None else (None, None)
    return library.add(
        stored.document,
        doc_id=doc_id,
        source=f"web:{doc_id}",
        title=facts.title,
        date=facts.date,
        date_source=facts.date_source,
        content_sha256=hashlib.sha256(stored.data).hexdigest(),
        model=model,
        model_version=version,
        text=stored.text,
    )


def _render(request: Request, template: str, context: dict[str, Any]) -> Response:
    return desk_of(request).templates.TemplateResponse(request, template, context)


# ----- API -----------------------------------------------------------------------------------


async def notes_api(request: Request) -> Response:
    """``GET /api/notes``: the Library page's notes (the same filters) as JSON."""
    filters = note_filters(request)
    rows, total = await access_of(request).call(_notes_and_count, filters)
    body = {
        "notes": [r.to_dict() for r in rows],
        "limit": filters["limit"],
        "offset": filters["offset"],
        "library_notes": total,
    }
    return JSONResponse(body)


async def note_api(request: Request) -> Response:
    """``GET /api/notes/{id}``: one stored note with its full result."""
    stored = await access_of(request).call(_stored_note, request.path_params["note_id"])
    return JSONResponse(stored.to_dict())


async def history_api(request: Request) -> Response:
    """``GET /api/tickers/{symbol}/history``: the ticker per day, week or month, and its notes."""
    symbol = checked_symbol(request.path_params["symbol"])
    by = checked_period(request)
    since = note_filters(request)["since"]
    found = await access_of(request).call(_history, symbol, by, since)
    return JSONResponse(
        {
            "symbol": symbol,
            "by": by,
            "periods": [p.to_dict() for p in found["periods"]],
            "notes": [r.to_dict() for r in found["rows"]],
        }
    )
