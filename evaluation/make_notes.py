"""Generates realistic synthetic research notes, for benchmarks and load tests.

A note has a headline, paragraphs of reported figures, forward-looking statements and
analyst views (positive, negative and neutral), and bullet lists; companies appear in the
forms real notes use: ``Apple (AAPL)``, ``$MSFT``, ``NYSE: KO``, ``(NASDAQ: NVDA)``, a bare
name, a possessive. Everything is drawn from templates with a ``random.Random``, so the
same seed gives the same notes.

From the shell (run from the repository root)::

    python -m evaluation.make_notes --out /tmp/notes --count 40 --seed 7

Dated notes, for the research desk's library (``sentiment batch --db``, ``history``): each
note gets a day between ``--start`` and ``--start`` + ``--days``, written the ways notes carry
dates: Markdown front matter, an HTML ``<meta>`` or ``<time datetime>``, an e-mail's ``Date:``
header, or a dateline in the text's first line. Their tone drifts with the date, so a
ticker's history has ups and downs::

    python -m evaluation.make_notes --out /tmp/dated --count 1000 --dated --start 2025-01-01

From Python (the benchmark builds its corpus in memory)::

    from evaluation.make_notes import make_note, make_corpus
    text = make_note(random.Random(7), pages=2)
"""

from __future__ import annotations

import math
import random
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Annotated

import typer

WORDS_PER_PAGE = 450  # a dense research-note page, without charts
PARAGRAPH_SENTENCES = (3, 6)


@dataclass(frozen=True)
class Company:
    """A company as notes name it: display name, symbol, listing exchange, sector noun."""

    name: str
    symbol: str
    exchange: str
    segment: str


COMPANIES = (
    Company("Apple", "AAPL", "NASDAQ", "iPhone"),
    Company("Microsoft", "MSFT", "NASDAQ", "cloud"),
    Company("Nvidia", "NVDA", "NASDAQ", "data-center"),
    Company("Alphabet", "GOOGL", "NASDAQ", "search advertising"),
    Company("Amazon", "AMZN", "NASDAQ", "AWS"),
    Company("Meta Platforms", "META", "NASDAQ", "advertising"),
    Company("Tesla", "TSLA", "NASDAQ", "automotive"),
    Company("Intel", "INTC", "NASDAQ", "foundry"),
    Company("Netflix", "NFLX", "NASDAQ", "streaming"),
    Company("Coca-Cola", "KO", "NYSE", "beverage"),
    Company("PepsiCo", "PEP", "NASDAQ", "snacks"),
    Company("JPMorgan Chase", "JPM", "NYSE", "investment banking"),
    Company("Goldman Sachs", "GS", "NYSE", "trading"),
    Company("Bank of America", "BAC", "NYSE", "consumer banking"),
    Company("Walmart", "WMT", "NYSE", "grocery"),
    Company("Home Depot", "HD", "NYSE", "home improvement"),
    Company("Exxon Mobil", "XOM", "NYSE", "upstream"),
    Company("Chevron", "CVX", "NYSE", "refining"),
    Company("Disney", "DIS", "NYSE", "parks"),
    Company("Nike", "NKE", "NYSE", "footwear"),
    Company("Boeing", "BA", "NYSE", "commercial aircraft"),
    Company("Caterpillar", "CAT", "NYSE", "construction equipment"),
    Company("Oracle", "ORCL", "NYSE", "database"),
    Company("Broadcom", "AVGO", "NASDAQ", "semiconductor"),
    Company("Salesforce", "CRM", "NYSE", "CRM software"),
)

# How dated notes carry their date (see dated_note), in turn.
DATE_STYLES = ("front-matter", "html-meta", "email", "dateline")
PERIODS = ("first-quarter", "second-quarter", "third-quarter", "fourth-quarter", "full-year")
METRICS = ("revenue", "operating income", "net income", "free cash flow", "EBITDA")
RATINGS_UP = ("Buy", "Overweight", "Outperform")
RATINGS_DOWN = ("Sell", "Underweight", "Underperform")

POSITIVE = (
    "{name} reported {period} {metric} of ${big} billion, up {pct}% year over year and ahead "
    "of the consensus estimate of ${big_lo} billion.",
    "{Metric} rose {pct}% to ${big} billion, driven by strong demand in the {segment} business.",
    "Gross margin expanded {bps} basis points to {margin}%, the best level in {years} years.",
    "We raise our price target on {ref} to ${pt_hi} from ${pt} and reiterate our {up} rating.",
    "{name} beat earnings expectations, with adjusted EPS of ${eps_hi} versus ${eps} expected.",
    "The {segment} segment delivered record sales, and management raised the buyback by "
    "${small} billion.",
    "We upgrade {ref} to {up}: execution has improved and the balance sheet is stronger.",
)
NEGATIVE = (
    "{name} cut its full-year outlook for the second time this year.",
    "{Metric} fell {pct}% to ${big} billion, missing the consensus estimate of ${big_hi} billion.",
    "The {segment} business posted an operating loss of ${small} billion as volumes declined.",
    "Gross margin contracted {bps} basis points to {margin}% on higher input costs.",
    "We downgrade {ref} to {down} and lower our price target to ${pt_lo} from ${pt}.",
    "{name} suspended its dividend, and we see limited upside until the turnaround shows results.",
    "Weak {segment} demand and rising inventories put the {year} targets at risk.",
)
NEUTRAL = (
    "{name} will report {period} results on {month} {day}.",
    "{ref} trades at {pe}x forward earnings, in line with its five-year average.",
    "The board declared a quarterly dividend of ${div} per share, unchanged from last quarter.",
    "{name} shares were little changed after the announcement.",
    "The company has {shares} million shares outstanding and a market value of ${big} billion.",
    "{name} reports in U.S. dollars and its fiscal year ends in {month}.",
    "Our estimates are unchanged ahead of the {period} report.",
)
FORWARD = (
    "Management guided {period} {metric} to ${big} billion, plus or minus {pct_small}%.",
    "We expect {metric} to grow {pct}% in {year} as the {segment} cycle turns.",
    "We anticipate margins to stabilise in the second half of {year}.",
    "{name} expects capital spending of about ${small} billion next year.",
    "We forecast EPS of ${eps} for {year} and ${eps_hi} for {year_next}.",
    "Supply constraints should ease over the next two quarters, in our view.",
)
BULLET_HEADS = ("Key figures:", "Catalysts:", "Risks to our view:", "What changed:")
BULLETS = (
    "{ref} trades at {pe}x forward earnings versus {pe_hi}x for the sector.",
    "${symbol} shares rose {pct_small}% in after-hours trading.",
    "{Metric}: ${big} billion ({pct}% year over year).",
    "Net debt of ${small} billion, or {lev}x EBITDA.",
    "{name}'s {segment} backlog reached ${big} billion.",
    "Next catalyst: the {period} report in {month}.",
)
HEADLINES = (
    "{name} ({exchange}: {symbol}) beats again; {other} guidance disappoints",
    "{name} ({symbol}): raising estimates after a strong {period} print",
    "{name} ({symbol}): {segment} slowdown weighs on the outlook",
    "Sector update: {name}, {other} and the {segment} cycle",
    "{exchange}: {symbol} - initiating coverage at {up}",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _reference(rng: random.Random, company: Company) -> str:
    """The company as a note might name it at this point."""
    forms = (
        f"{company.name} ({company.symbol})",
        f"${company.symbol}",
        f"{company.exchange}: {company.symbol}",
        f"{company.name} ({company.exchange}: {company.symbol})",
        company.name,
        company.symbol,
    )
    return rng.choice(forms)


def _fields(rng: random.Random, company: Company, other: Company) -> dict[str, str]:
    """Random values for every template slot; figures are consistent within a sentence."""
    big = rng.uniform(2, 120)
    pt = rng.randrange(40, 400, 5)
    eps = rng.uniform(0.5, 9)
    metric = rng.choice(METRICS)
    year = rng.randrange(2025, 2029)
    pe = rng.randrange(8, 40)
    return {
        "name": company.name,
        "symbol": company.symbol,
        "exchange": company.exchange,
        "segment": company.segment,
        "other": other.name,
        "ref": _reference(rng, company),
        "period": rng.choice(PERIODS),
        "metric": metric,
        "Metric": metric[0].upper() + metric[1:],
        "big": f"{big:.1f}",
        "big_lo": f"{big * rng.uniform(0.85, 0.98):.1f}",
        "big_hi": f"{big * rng.uniform(1.02, 1.15):.1f}",
        "small": f"{rng.uniform(0.2, 9):.1f}",
        "pct": str(rng.randrange(2, 60)),
        "pct_small": f"{rng.uniform(0.5, 6):.1f}",
        "bps": str(rng.randrange(20, 400, 10)),
        "margin": f"{rng.uniform(15, 75):.1f}",
        "years": str(rng.randrange(2, 12)),
        "pt": str(pt),
        "pt_hi": str(pt + rng.randrange(5, 60, 5)),
        "pt_lo": str(max(5, pt - rng.randrange(5, 60, 5))),
        "eps": f"{eps:.2f}",
        "eps_hi": f"{eps * rng.uniform(1.03, 1.3):.2f}",
        "up": rng.choice(RATINGS_UP),
        "down": rng.choice(RATINGS_DOWN),
        "year": str(year),
        "year_next": str(year + 1),
        "month": rng.choice(MONTHS),
        "day": str(rng.randrange(1, 29)),
        "pe": str(pe),
        "pe_hi": str(pe + rng.randrange(1, 15)),
        "div": f"{rng.uniform(0.1, 2.5):.2f}",
        "shares": f"{rng.randrange(300, 16000):,}",
        "lev": f"{rng.uniform(0.2, 4):.1f}",
    }


def _pair(rng: random.Random, companies: list[Company]) -> tuple[Company, Company]:
    """A subject company and another one from the note (the same one if there is only one)."""
    return tuple(rng.sample(companies, 2)) if len(companies) > 1 else (companies[0],) * 2


def _sentence(rng: random.Random, companies: list[Company], tone: float, used: set[str]) -> str:
    """One sentence about the first of ``companies``; ``tone`` in (-1, 1) skews the mix.

    Templates in ``used`` are avoided, so a paragraph does not repeat itself.
    """
    focus, other = companies[0], rng.choice(companies)
    if rng.random() < 0.2:  # now and then a paragraph mentions a peer
        focus, other = other, focus
    weights = (1 + tone, 1 - tone, 1.0, 0.8)
    pool = rng.choices((POSITIVE, NEGATIVE, NEUTRAL, FORWARD), weights=weights)[0]
    template = rng.choice([t for t in pool if t not in used] or pool)
    used.add(template)
    return template.format(**_fields(rng, focus, other))


def _paragraph(rng: random.Random, companies: list[Company], tone: float) -> str:
    """A paragraph centred on one company of the note."""
    focus = rng.choice(companies)
    ordered = [focus] + [c for c in companies if c is not focus]
    used: set[str] = set()
    count = rng.randint(*PARAGRAPH_SENTENCES)
    return " ".join(_sentence(rng, ordered, tone, used) for _ in range(count))


def _bullets(rng: random.Random, companies: list[Company]) -> str:
    lines = [rng.choice(BULLET_HEADS)]
    for _ in range(rng.randint(3, 5)):
        company, other = _pair(rng, companies)
        lines.append("- " + rng.choice(BULLETS).format(**_fields(rng, company, other)))
    return "\n".join(lines)


def _headline(rng: random.Random, companies: list[Company]) -> str:
    company, other = _pair(rng, companies)
    return rng.choice(HEADLINES).format(**_fields(rng, company, other))


def make_note(
    rng: random.Random, pages: float = 1.0, wrap: int = 100, tone: float | None = None
) -> str:
    """A research note of about ``pages`` pages (``WORDS_PER_PAGE`` words each).

    At least a headline and one paragraph; a note of more than half a page also gets
    bullet lists. Paragraphs are hard-wrapped at ``wrap`` characters, as in plain-text
    notes and PDF extracts (``wrap=0``: one line per paragraph, as in Markdown). ``tone``
    in (-1, 1) skews the mix of positive and negative sentences (None: drawn at random).
    """
    companies = rng.sample(COMPANIES, rng.randint(1, 4))
    tone = rng.uniform(-0.8, 0.8) if tone is None else tone
    first = _paragraph(rng, companies, tone)
    blocks = [_headline(rng, companies), textwrap.fill(first, wrap) if wrap else first]
    target_words = pages * WORDS_PER_PAGE
    words = sum(len(b.split()) for b in blocks)
    while words < target_words:
        bullets = pages > 0.5 and rng.random() < 0.2
        block = _bullets(rng, companies) if bullets else _paragraph(rng, companies, tone)
        block = textwrap.fill(block, wrap) if wrap and not bullets else block
        blocks.append(block)
        words += len(block.split())
    return "\n\n".join(blocks) + "\n"


def make_corpus(count: int, seed: int, pages: tuple[float, float] = (1.0, 3.0)) -> list[str]:
    """``count`` notes of ``pages[0]`` to ``pages[1]`` pages, deterministic from ``seed``."""
    rng = random.Random(seed)
    return [make_note(rng, rng.uniform(*pages)) for _ in range(count)]


def write_corpus(notes: list[str], out: Path) -> list[Path]:
    """Writes ``note_0001.md`` ... into ``out`` (created if needed); returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"note_{i:04d}.md" for i in range(1, len(notes) + 1)]
    for path, note in zip(paths, notes, strict=True):
        path.write_text(note, encoding="utf-8")
    return paths


def market_tone(day: date, start: date, days: int) -> float:
    """The mood of the market on ``day``: two slow waves over the span, in (-0.8, 0.8)."""
    phase = (day - start).days / max(days, 1)
    return 0.8 * math.sin(2 * math.pi * 2 * phase)


def dated_note(
    rng: random.Random, day: date, style: str, pages: float, tone: float
) -> tuple[str, bytes]:
    """One note dated ``day``, the date written in ``style`` (:data:`DATE_STYLES`): the file
    suffix and its bytes."""
    from evaluation.make_folder import eml_bytes, html_page

    text = make_note(rng, pages, tone=tone)
    title, _, rest = text.partition("\n")
    stamp = datetime.combine(day, time(rng.randint(6, 18), rng.choice((0, 15, 30, 45))))
    if style == "front-matter":
        head = f"---\ntitle: {title}\ndate: {stamp.isoformat()}\nauthor: Desk\n---\n"
        return "md", f"{head}# {title}\n{rest}".encode()
    if style == "email":
        return "eml", eml_bytes(title, rest, sent=stamp.replace(tzinfo=timezone.utc))
    if style == "dateline":
        line = f"{day:%B} {day.day}, {day.year} | Equity research"
        return "txt", f"{line}\n\n{text}".encode()
    paragraphs = [" ".join(p.split()) for p in rest.split("\n\n") if p.strip()]
    page = html_page(title, paragraphs)
    if rng.random() < 0.5:
        meta = f'<meta property="article:published_time" content="{stamp.isoformat()}Z">'
        return "html", page.replace("<head>", f"<head>{meta}", 1).encode()
    when = f'<time datetime="{day.isoformat()}">{day:%d %b %Y}</time>'
    return "html", page.replace("<article>", f"<article>{when}", 1).encode()


def write_dated_corpus(
    out: Path,
    count: int,
    seed: int,
    start: date,
    days: int,
    pages: tuple[float, float] = (1.0, 3.0),
) -> list[Path]:
    """``count`` dated notes (see :func:`dated_note`) over ``days`` days from ``start``,
    styles in turn, written as ``note_0001.<suffix>`` ...; returns the paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        day = start + timedelta(days=rng.randrange(max(days, 1)))
        style = DATE_STYLES[index % len(DATE_STYLES)]
        tone = market_tone(day, start, days) + rng.uniform(-0.2, 0.2)
        suffix, data = dated_note(rng, day, style, rng.uniform(*pages), tone)
        path = out / f"note_{index + 1:04d}.{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the notes into.")],
    count: Annotated[int, typer.Option("--count", min=1, help="Number of notes.")] = 40,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same notes).")] = 0,
    min_pages: Annotated[float, typer.Option("--min-pages", min=0.1)] = 1.0,
    max_pages: Annotated[float, typer.Option("--max-pages", min=0.1)] = 3.0,
    dated: Annotated[
        bool, typer.Option("--dated", help="Date the notes (front matter, HTML, e-mail, text).")
    ] = False,
    start: Annotated[
        str | None, typer.Option("--start", help="First day of dated notes (default: --days ago).")
    ] = None,
    days: Annotated[int, typer.Option("--days", min=1, help="Days the dates spread over.")] = 365,
) -> None:
    """Write COUNT synthetic research notes of MIN-MAX pages into OUT."""
    if max_pages < min_pages:
        raise typer.BadParameter("--max-pages must be >= --min-pages")
    if dated:
        first = date.fromisoformat(start) if start else date.today() - timedelta(days=days - 1)
        paths = write_dated_corpus(out, count, seed, first, days, (min_pages, max_pages))
        typer.echo(f"wrote {len(paths)} dated notes to {out}", err=True)
        return
    paths = write_corpus(make_corpus(count, seed, (min_pages, max_pages)), out)
    typer.echo(f"wrote {len(paths)} notes to {out}", err=True)


if __name__ == "__main__":
    typer.run(main)
