"""A bounded load test of ``sentiment serve`` on 127.0.0.1, with the real model.

Starts the real command (``sentiment serve --queue Q``) on a free loopback port, waits for the
model, scores the bundled note through the Score page and saves it to a new scratch library,
then runs ``--clients`` threads for ``--seconds`` seconds, each a keep-alive client that mixes
page views (the Score page, the scored note's page, the Library, the note's library page, a
ticker's page with its chart, the stylesheet, the health check) with ``POST /api/analyze`` of
the bundled notes (``--analyze-share`` of its requests). A client
answered 503 waits the Retry-After it is given (at most 2 s), as a polite client does. Then one
note of 10,000 sentences goes through the Score page and its first page is fetched, to show
it stays a page a browser can show. Writes ``reports/server_load.md`` and ``.json``: requests/s,
p50/p99 latency per kind, and every status seen (anything but 200 and 503 is an error).

    python -m evaluation.load_test [--clients 20] [--seconds 60] [--queue 8] [--no-long-note]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import statistics
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

from evaluation.browser import free_port, serve_process
from sentiment import __version__

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "corpora" / "examples"
NOTES = ("note.txt", "restaurant_note.txt", "fund_comparison.md")
REPORT = ROOT / "reports" / "server_load.md"
MAX_BACKOFF_SECONDS = 2.0
LONG_NOTE_SENTENCES = 10_000
MAX_CLIENTS, MAX_SECONDS = 200, 600  # bounded, whatever the command line says


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (nearest rank) of ``values``; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Client(threading.Thread):
    """One keep-alive client: page views and analyze requests until the deadline."""

    def __init__(self, port: int, deadline: float, share: float, seed: int, shared: dict) -> None:
        super().__init__(daemon=True)
        self.port, self.deadline, self.share = port, deadline, share
        self.random = random.Random(seed)
        self.shared = shared
        self.records: list[tuple[str, int, float]] = []  # (kind, status or -1, seconds)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            if self.random.random() < self.share:
                kind, method, path, body = "analyze", "POST", "/api/analyze", self._note()
                headers = {"content-type": "application/json"}
            else:
                kind, method, path = "page", "GET", self.random.choice(self.shared["pages"])
                body, headers = None, {}
            status, seconds, retry = self._send(method, path, body, headers)
            self.records.append((kind, status, seconds))
            if status == 503:
                time.sleep(min(MAX_BACKOFF_SECONDS, float(retry or 1)))
        self.connection.close()

    def _note(self) -> bytes:
        return self.random.choice(self.shared["bodies"])

    def _send(self, method: str, path: str, body, headers) -> tuple[int, float, str | None]:
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            response.read()
            return response.status, time.perf_counter() - start, response.getheader("retry-after")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            return -1, time.perf_counter() - start, None


def scored_page(port: int, text: str) -> tuple[str, float]:
    """Score ``text`` through the Score page's form; the result page's path and the seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    body = urllib.parse.urlencode({"text": text})
    start = time.perf_counter()
    connection.request(
        "POST", "/score", body, {"content-type": "application/x-www-form-urlencoded"}
    )
    response = connection.getresponse()
    response.read()
    seconds = time.perf_counter() - start
    connection.close()
    if response.status != 303:
        raise RuntimeError(f"scoring through the form gave {response.status}")
    return response.getheader("location"), seconds


def saved(port: int, result_page: str) -> str:
    """Save a scored note (its page's "Save to library" form); its library page's path."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("POST", result_page.replace("/score/", "/library/save/"), b"")
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 303:
        raise RuntimeError(f"saving to the library gave {response.status}")
    return response.getheader("location")


def fetch(port: int, path: str) -> tuple[int, int, float]:
    """GET ``path``: status, bytes and seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, len(data), time.perf_counter() - start


def long_note() -> str:
    """The bundled notes' sentences repeated to 10,000 sentences, in paragraphs of ten."""
    note = (EXAMPLES / "note.txt").read_text(encoding="utf-8")
    sentences = [s.strip() + "." for s in note.replace("\n", " ").split(". ") if s.strip()]
    chosen = [sentences[i % len(sentences)].rstrip(".") + "." for i in range(LONG_NOTE_SENTENCES)]
    return "\n\n".join(" ".join(chosen[i : i + 10]) for i in range(0, len(chosen), 10)) + "\n"


def run(clients: int, seconds: float, queue: int, share: float, with_long: bool) -> dict:
    """Start the server, load it, measure; the figures as a dict."""
    clients, seconds = min(clients, MAX_CLIENTS), min(seconds, MAX_SECONDS)
    port = free_port()
    bodies = [
        json.dumps({"text": (EXAMPLES / n).read_text(encoding="utf-8"), "source": n}).encode()
        for n in NOTES
    ]
    scratch = tempfile.TemporaryDirectory(prefix="sentiment-load-")
    db = str(Path(scratch.name) / "library.db")
    with serve_process(port, "--queue", str(queue), "--db", db):
        result_page, _ = scored_page(port, (EXAMPLES / "note.txt").read_text(encoding="utf-8"))
        note_page = saved(port, result_page)
        shared = {
            "bodies": bodies,
            "pages": [
                "/score", result_page, "/library", note_page, "/tickers/NVDA?by=week",
                "/static/app.css", "/api/health",
            ],
        }  # fmt: skip
        cpu_before = os.times()
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        workers = [Client(port, deadline, share, seed, shared) for seed in range(clients)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        wall = time.monotonic() - started
        cpu_after = os.times()
        long = measure_long_note(port) if with_long else None
    scratch.cleanup()
    records = [r for w in workers for r in w.records]
    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "version": __version__,
        "clients": clients,
        "seconds": round(wall, 1),
        "queue": queue,
        "analyze_share": share,
        "client_cpu_s": round(
            (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system), 1
        ),
        "kinds": summarise(records, wall),
        "long_note": long,
    }


def measure_long_note(port: int) -> dict:
    """Score a 10,000-sentence note through the form, then fetch its first and last pages."""
    text = long_note()
    path, scoring = scored_page(port, text)
    first = fetch(port, path)
    last = fetch(port, f"{path}?page=999")
    return {
        "sentences": LONG_NOTE_SENTENCES,
        "bytes": len(text.encode()),
        "scoring_seconds": round(scoring, 1),
        "first_page": {"status": first[0], "bytes": first[1], "seconds": round(first[2], 3)},
        "last_page": {"status": last[0], "bytes": last[1], "seconds": round(last[2], 3)},
    }


def summarise(records: list[tuple[str, int, float]], wall: float) -> dict:
    """Per kind and in all: count, req/s, latency quantiles of the answered ones, statuses."""
    groups: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for record in records:
        groups[record[0]].append(record)
        groups["all"].append(record)
    summary = {}
    for kind, rows in groups.items():
        ok = [s for _, status, s in rows if status == 200]
        statuses = Counter("connection error" if st == -1 else str(st) for _, st, _ in rows)
        summary[kind] = {
            "requests": len(rows),
            "per_second": round(len(rows) / wall, 1),
            "ok_per_second": round(len(ok) / wall, 1),
            "p50_ms": round(1000 * percentile(ok, 0.50), 1),
            "p99_ms": round(1000 * percentile(ok, 0.99), 1),
            "max_ms": round(1000 * max(ok, default=0.0), 1),
            "mean_ms": round(1000 * statistics.fmean(ok), 1) if ok else 0.0,
            "statuses": dict(sorted(statuses.items())),
            "errors": sum(n for st, n in statuses.items() if st not in ("200", "503")),
        }
    return summary


def render(figures: dict) -> str:
    """The Markdown report."""
    lines = [
        "# `sentiment serve` under load",
        "",
        f"{figures['when']} · {figures['machine']} (shared with other work; load average "
        f"after: {', '.join(map(str, figures['load_average_after']))}) · sentiment "
        f"{figures['version']}, the shipped model, `sentiment serve --queue {figures['queue']}`"
        " on 127.0.0.1.",
        "",
        f"{figures['clients']} keep-alive clients for {figures['seconds']} s, on the same "
        f"machine (their own CPU: {figures['client_cpu_s']} s). Each request is "
        f"`POST /api/analyze` of one of the three bundled notes with probability "
        f"{figures['analyze_share']}, else a page view: the Score page, a scored note's page, "
        "the Library, a stored note, a ticker's page with its chart, the stylesheet or "
        "`/api/health`. A client answered 503 waits its Retry-After (at most "
        "2 s). Latencies are of the answered (200) requests. Made by `make "
        "reports/server_load.md` (`python -m evaluation.load_test`).",
        "",
        "| requests | count | req/s | answered/s | p50 ms | p99 ms | max ms | statuses | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in ("page", "analyze", "all"):
        row = figures["kinds"].get(kind)
        if row is None:
            continue
        statuses = ", ".join(f"{k}: {v}" for k, v in row["statuses"].items())
        lines.append(
            f"| {kind} | {row['requests']} | {row['per_second']} | {row['ok_per_second']} | "
            f"{row['p50_ms']} | {row['p99_ms']} | {row['max_ms']} | {statuses} | {row['errors']} |"
        )
    errors = figures["kinds"].get("all", {}).get("errors", 0)
    lines += [
        "",
        "Errors (any status but 200 and 503, or a dropped connection): "
        + ("none." if errors == 0 else f"**{errors}**."),
        "The model runs one request at a time (one Analyzer, loaded once); "
        f"{figures['queue']} more may wait, and the rest are answered 503 with Retry-After at "
        "once, "
        "so pages and the health check stay fast while the model is saturated.",
    ]
    long = figures.get("long_note")
    if long:
        lines += [
            "",
            "## A note of 10,000 sentences",
            "",
            f"{long['bytes']:,} bytes pasted into the Score page: scored in "
            f"{long['scoring_seconds']} s (after the load above). Its pages hold 400 sentences "
            f"each: the first page is {long['first_page']['bytes']:,} bytes, served in "
            f"{long['first_page']['seconds']} s (status {long['first_page']['status']}); the "
            f"last {long['last_page']['bytes']:,} bytes in {long['last_page']['seconds']} s.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--queue", type=int, default=8)
    parser.add_argument("--analyze-share", type=float, default=0.5)
    parser.add_argument("--no-long-note", action="store_true")
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args()
    figures = run(args.clients, args.seconds, args.queue, args.analyze_share, not args.no_long_note)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(figures), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(render(figures))


if __name__ == "__main__":
    main()
