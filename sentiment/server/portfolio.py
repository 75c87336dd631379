"""The Portfolio page and ``GET /api/portfolio``: the holdings of ``--portfolio`` set against
the library (:func:`sentiment.desk.portfolio.portfolio_view`). Added as an
:class:`~sentiment.server.app.Extension` beside the library's (it uses the library's thread).

The page shows each holding with its latest score, a trend sparkline and its coverage, the
weighted portfolio line per period as a chart the server draws, and the notes that moved it
most; ``/api/portfolio`` is the same view's ``to_dict()``. The holdings file is read on each
request, so an edit shows at the next load. Without ``--portfolio`` both answer 404, saying so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sentiment.errors import InputError
from sentiment.server.app import Extension, resource_json
from sentiment.server.chart import history_chart, sparkline
from sentiment.server.library import access_of, desk_of, note_url

PERIODS = ("day", "week", "month")
NO_PORTFOLIO = (
    "no portfolio: start the server with --portfolio FILE (a holdings CSV: ticker, weight)"
)


def portfolio_extension(holdings: Path | None) -> Extension:
    """The Portfolio part of the desk, on the holdings file ``holdings`` (None: the page
    says how to give one)."""

    def start(app: Any) -> None:
        app.state.holdings = holdings

    return Extension(
        name="portfolio",
        routes=[
            Route("/portfolio", portfolio_page, methods=["GET"]),
            Route("/api/portfolio", portfolio_api, methods=["GET"]),
        ],
        nav=[("Portfolio", "/portfolio")],
        openapi_paths=resource_json("portfolio.json")["paths"],
        start=start,
    )


def view_options(request: Request) -> dict[str, str]:
    """``since`` (default 90d) and ``by`` (day, week or month; default week) from the query."""
    since = (request.query_params.get("since") or "").strip() or "90d"
    by = request.query_params.get("by") or "week"
    if by not in PERIODS:
        raise HTTPException(400, f"by must be one of {', '.join(PERIODS)}")
    return {"since": since, "by": by}


def _view(library: Any, holdings_path: Path | None, options: dict[str, str]) -> Any:
    if holdings_path is None:
        raise HTTPException(404, NO_PORTFOLIO)
    from sentiment.desk.portfolio import portfolio_view, read_holdings

    holdings = read_holdings(holdings_path)
    try:
        return portfolio_view(library, holdings, since=options["since"], by=options["by"])
    except InputError as exc:
        raise HTTPException(400, f"since: {exc}") from None


async def portfolio_page(request: Request) -> Response:
    """Holdings (latest score, sparkline, coverage), the weighted line, the movers."""
    options = view_options(request)
    view = await access_of(request).call(_view, request.app.state.holdings, options)
    band = desk_of(request).settings.neutral_band
    scored = [p.as_period() for p in view.periods if p.score is not None]
    context = {
        "view": view,
        "options": options,
        "chart": history_chart(scored, band) if scored else None,
        "holdings": [
            {**h.to_dict(), "spark": sparkline(h.period_scores), "url": f"/tickers/{h.symbol}"}
            for h in view.holdings
        ],
        "movers": [{**m.to_dict(), "url": note_url(m.note_id)} for m in view.movers],
        "periods": [p.to_dict() for p in view.periods],
    }
    return desk_of(request).templates.TemplateResponse(request, "portfolio.html", context)


async def portfolio_api(request: Request) -> Response:
    """``GET /api/portfolio``: the Portfolio page's view as JSON."""
    options = view_options(request)
    view = await access_of(request).call(_view, request.app.state.holdings, options)
    return JSONResponse(view.to_dict())
