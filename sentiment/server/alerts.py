"""The Alerts page and API: fired alerts with their evidence, acknowledging them, the rules
of ``--alerts`` and their dry run over the library. Added as an
:class:`~sentiment.server.app.Extension` beside the library's (it uses the library's thread).

The page works without JavaScript (acknowledging is a same-origin form post); with it,
``/static/alerts.js`` polls ``/api/alerts?after=ID`` and adds alerts as they fire, so an
alert the watcher fires appears without a reload. The page and ``GET /api/alerts`` run the
same query.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from sentiment.errors import InputError
from sentiment.server.app import Extension, resource_json
from sentiment.server.library import SYMBOL, access_of, desk_of, note_url

PAGE_ALERTS, MAX_ALERTS = 100, 1000
POLL_SECONDS = 2  # how often the page asks for new alerts (alerts.js reads it from the page)
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def alerts_extension(rules: Path | None, holdings: Path | None = None) -> Extension:
    """The Alerts part of the desk: the alerts stored in the library, and the rules file
    ``rules`` (None: no rules to show or dry-run) with the symbols of ``holdings``."""

    def start(app: Any) -> None:
        app.state.alert_rules = (rules, holdings)

    return Extension(
        name="alerts",
        routes=[
            Route("/alerts", alerts_page, methods=["GET"]),
            Route("/alerts/{alert_id:int}/ack", ack_form, methods=["POST"]),
            Route("/api/alerts", alerts_api, methods=["GET"]),
            Route("/api/alerts/{alert_id:int}/ack", ack_api, methods=["POST"]),
        ],
        nav=[("Alerts", "/alerts")],
        openapi_paths=resource_json("alerts.json")["paths"],
        start=start,
    )


# ----- the query shared by the page and its JSON twin --------------------------------------


def alert_filters(request: Request) -> dict[str, Any]:
    """``unacked``, ``symbol``, ``since`` (a time or a duration back: ``7d``), ``after`` (an
    alert id: only newer ones) and ``limit`` from the query; 400 for one that does not parse."""
    query = request.query_params
    unacked = (query.get("unacked") or "").lower()
    if unacked and unacked not in TRUE + FALSE:
        raise HTTPException(400, "unacked must be true or false")
    symbol = (query.get("symbol") or "").strip()
    if symbol and not SYMBOL.fullmatch(symbol):
        raise HTTPException(400, f"{symbol!r} is not a ticker symbol")
    since = (query.get("since") or "").strip() or None
    if since:
        from sentiment.desk.periods import parse_time

        try:
            parse_time(since)
        except InputError as exc:
            raise HTTPException(400, f"since: {exc}") from None
    return {
        "unacked": unacked in TRUE,
        "symbol": symbol.upper() or None,
        "since": since,
        "after": _whole(query.get("after"), 0, "after", None),
        "limit": _whole(query.get("limit"), PAGE_ALERTS, "limit", MAX_ALERTS),
    }


def _whole(text: str | None, default: int, name: str, high: int | None) -> int:
    if not text:
        return default
    if not text.isdigit() or (high is not None and not 1 <= int(text) <= high):
        bounds = f", 1 to {high}" if high else ""
        raise HTTPException(400, f"{name} must be a whole number{bounds}")
    return int(text)


def _alerts(library: Any, filters: dict[str, Any]) -> list[Any]:
    from sentiment.desk.alerts import list_alerts

    found = list_alerts(
        library,
        acked=False if filters["unacked"] else None,
        symbol=filters["symbol"],
        since=filters["since"],
        limit=filters["limit"],
    )
    return [a for a in found if a.id > filters["after"]]


def alert_view(alert: Any) -> dict[str, Any]:
    """An alert as the page and ``/api/alerts`` show it: its dict, with the links of its
    note and ticker pages."""
    data = alert.to_dict()
    data["note_url"] = note_url(alert.note_id)
    data["ticker_url"] = f"/tickers/{alert.symbol}" if alert.symbol else None
    data["day"] = alert.note_date[:10]
    return data


# ----- pages ---------------------------------------------------------------------------------


async def alerts_page(request: Request) -> Response:
    """Fired alerts, newest first, with their evidence; the rules, and their dry run when
    ``?dry_run=SINCE`` is given."""
    filters = alert_filters(request)
    rules_path, holdings = request.app.state.alert_rules
    dry_since = (request.query_params.get("dry_run") or "").strip() or None
    found = await access_of(request).call(_page_facts, filters, rules_path, holdings, dry_since)
    context = {
        "alerts": [alert_view(a) for a in found["alerts"]],
        "filters": filters,
        "rules": found["rules"],
        "rules_path": str(rules_path) if rules_path else None,
        "dry_since": dry_since,
        "dry_run": found["dry_run"],
        "latest_id": found["latest_id"],
        "poll_seconds": POLL_SECONDS,
    }
    return desk_of(request).templates.TemplateResponse(request, "alerts.html", context)


def _page_facts(
    library: Any,
    filters: dict[str, Any],
    rules_path: Path | None,
    holdings: Path | None,
    dry_since: str | None,
) -> dict[str, Any]:
    from sentiment.desk.alerts import list_alerts, load_rules

    rules, dry_run = [], None
    if rules_path is not None:
        ruleset = load_rules(rules_path)
        rules = [r.to_dict() for r in ruleset]
        if dry_since is not None:
            from sentiment.server.watching import alert_engine

            engine = alert_engine(library, rules_path, holdings)
            try:
                since = None if dry_since == "all" else dry_since
                dry_run = [alert_view(a) for a in engine.dry_run(since=since)]
            except InputError as exc:
                raise HTTPException(400, f"dry run: {exc}") from None
    newest = list_alerts(library, limit=1)
    return {
        "alerts": _alerts(library, filters),
        "rules": rules,
        "dry_run": dry_run,
        "latest_id": newest[0].id if newest else 0,
    }


async def ack_form(request: Request) -> Response:
    """Acknowledge an alert from the page's form; back to the Alerts page."""
    await access_of(request).call(_ack, request.path_params["alert_id"])
    return RedirectResponse("/alerts", status_code=303)


def _ack(library: Any, alert_id: int) -> Any:
    from sentiment.desk.alerts import ack

    try:
        return ack(library, alert_id)
    except InputError:
        raise HTTPException(404, f"no alert #{alert_id}") from None


# ----- API -----------------------------------------------------------------------------------


async def alerts_api(request: Request) -> Response:
    """``GET /api/alerts``: the Alerts page's alerts (the same filters) as JSON."""
    filters = alert_filters(request)
    found = await access_of(request).call(_alerts, filters)
    return JSONResponse({"alerts": [alert_view(a) for a in found]})


async def ack_api(request: Request) -> Response:
    """``POST /api/alerts/{id}/ack``: acknowledge an alert (again: no change); the alert."""
    alert = await access_of(request).call(_ack, request.path_params["alert_id"])
    return JSONResponse(alert_view(alert))
