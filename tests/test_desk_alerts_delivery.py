"""Alert delivery to a webhook on 127.0.0.1 (success, a 500 then success, a hang, refused),
and ``sentiment alerts run|test|list|ack`` through CliRunner."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from sentiment import cli
from sentiment.desk.alerts import (
    AlertEngine,
    DeliveryFailed,
    WebhookChannel,
    WebhookConfig,
    list_alerts,
)
from sentiment.desk.library import Library
from tests.test_desk_alerts import BELOW, SAMPLE, _add, _rules

runner = CliRunner()


class Receiver:
    """A webhook receiver on 127.0.0.1: answers each POST with the next planned answer
    (an HTTP status, or "hang": no answer until the test ends), keeping the bodies."""

    def __init__(self, plan: list[int | str]) -> None:
        self.plan = list(plan)
        self.bodies: list[dict] = []
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                answer = receiver.plan.pop(0) if receiver.plan else 200
                if answer == "hang":
                    receiver.release.wait(10)
                    return
                if answer == 200:
                    receiver.bodies.append(json.loads(body))
                self.send_response(answer)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/alerts"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch) -> None:
    """Webhooks on 127.0.0.1 go straight there, whatever proxy the machine has."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        _add(library, "a", "2026-03-02", {"AAPL": -0.9})
        yield library


def _webhook(url: str, **kw) -> WebhookChannel:
    config = WebhookConfig(url, kw.pop("timeout", 0.5), kw.pop("retries", 2), 0.01)
    return WebhookChannel(config, sleep=lambda seconds: None)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_webhook_receives_the_alert_as_json(lib, tmp_path) -> None:
    with Receiver([200]) as receiver:
        engine = AlertEngine(lib, _rules(tmp_path, BELOW), channels=[_webhook(receiver.url)])
        [alert] = engine.check(["a"])
        assert engine.deliver().delivered == 1
    [body] = receiver.bodies
    assert (body["id"], body["rule"], body["symbol"]) == (alert.id, "s", "AAPL")
    assert body["evidence"] == ["AAPL scored -0.90 here."]
    assert body["rule_definition"]["threshold"] == -0.5 and "deliveries" not in body
    [delivery] = list_alerts(lib)[0].deliveries
    assert (delivery.status, delivery.attempts) == ("delivered", 1)


def test_a_500_is_retried_within_the_delivery(lib, tmp_path) -> None:
    with Receiver([500, 200]) as receiver:
        engine = AlertEngine(lib, _rules(tmp_path, BELOW), channels=[_webhook(receiver.url)])
        engine.check(["a"])
        assert engine.deliver().delivered == 1
    assert len(receiver.bodies) == 1


def test_a_webhook_that_keeps_failing_is_recorded_then_delivered_later(lib, tmp_path) -> None:
    with Receiver([500, 500, 500, 200]) as receiver:
        engine = AlertEngine(lib, _rules(tmp_path, BELOW), channels=[_webhook(receiver.url)])
        engine.check(["a"])
        report = engine.deliver()
        assert report.delivered == 0
        assert report.failed[0][2] == f"{receiver.url}: HTTP 500 Internal Server Error (3 tries)"
        [delivery] = list_alerts(lib)[0].deliveries
        assert (delivery.status, delivery.attempts) == ("failed", 1)
        assert "HTTP 500" in delivery.last_error
        assert engine.deliver().delivered == 1  # the next round: nothing was lost
    assert len(receiver.bodies) == 1


def test_a_webhook_that_hangs_times_out(lib, tmp_path) -> None:
    with Receiver(["hang"]) as receiver:
        channel = _webhook(receiver.url, timeout=0.3, retries=0)
        engine = AlertEngine(lib, _rules(tmp_path, BELOW), channels=[channel])
        engine.check(["a"])
        report = engine.deliver()
    assert report.failed[0][2] == f"{receiver.url}: no answer in 0.3 s (1 try)"
    assert list_alerts(lib)[0].deliveries[0].status == "failed"


def test_a_refused_connection_is_a_clear_failure() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/alerts"
    with pytest.raises(DeliveryFailed, match=r"connection refused \(3 tries\)"):
        _webhook(url).send(_alert())


def test_a_4xx_answer_is_not_retried() -> None:
    with Receiver([404, 200]) as receiver:
        with pytest.raises(DeliveryFailed, match=r"HTTP 404 Not Found \(1 try\)"):
            _webhook(receiver.url).send(_alert())


def _alert():
    from sentiment.desk.alerts import FiredAlert

    return FiredAlert("r", "first_mention", "AAPL", "a", "2026-03-02", None, None, "m", (), (), "k")


def test_jsonl_writes_an_alert_once_after_an_interrupted_delivery(tmp_path) -> None:
    from dataclasses import replace

    from sentiment.desk.alerts.delivery import TAIL_BYTES, JsonlChannel

    out = tmp_path / "alerts.jsonl"
    channel = JsonlChannel(out)
    first, second = replace(_alert(), id=1), replace(_alert(), id=2)
    channel.send(first)
    channel.send(first)  # written, then killed before the outbox said so: sent again
    channel.send(second)
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [1, 2]
    out.write_text("x" * (2 * TAIL_BYTES) + "\n" + out.read_text())  # a long file: its tail
    channel.send(second)
    assert [line[:1] for line in out.read_text().splitlines()] == ["x", "{", "{"]


# ----- CLI --------------------------------------------------------------------------------------
def _run(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


def test_alerts_test_run_list_and_ack(lib, tmp_path) -> None:
    _add(lib, "b", "2026-03-03", {"AAPL": -0.6, "MSFT": 0.2})
    db = lib.path
    rules = tmp_path / "alerts.toml"
    rules.write_text(SAMPLE.read_text().replace("# jsonl =", "jsonl ="))

    dry = _run("alerts", "test", rules, "--db", db)
    assert dry.exit_code == 0, dry.output
    assert "would fire [apple-sours] 2026-03-02 AAPL score -0.90 below -0.50" in dry.stdout
    as_json = json.loads(_run("alerts", "test", rules, "--db", db, "-f", "json").stdout)
    assert list_alerts(lib) == [] and len(as_json) == len(dry.stdout.splitlines())

    ran = _run("alerts", "run", rules, "--db", db)
    assert ran.exit_code == 0, ran.output
    assert "2 notes checked" in ran.stderr and "0 failed" in ran.stderr
    assert ran.stdout.count("alert #") == len(as_json)
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == len(as_json)
    again = _run("alerts", "run", rules, "--db", db)
    assert "0 notes checked, 0 fired" in again.stderr and again.stdout == ""

    listed = json.loads(_run("alerts", "list", "--db", db, "-f", "json").stdout)
    assert len(listed) == len(as_json)
    assert {d["status"] for a in listed for d in a["deliveries"]} == {"delivered"}
    first = listed[-1]["id"]
    assert _run("alerts", "ack", first, "--db", db).exit_code == 0
    unacked = _run("alerts", "list", "--db", db, "--unacked").stdout
    assert f"alert #{first} " not in unacked and "new;" in unacked
    assert _run("alerts", "ack", "--all", "--db", db).stderr == f"{len(as_json) - 1} acked\n"
    assert _run("alerts", "list", "--db", db, "--unacked").stdout == ""


def test_alerts_cli_errors_are_one_line(lib, tmp_path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[rules.a]\nticker = "AAPL"\ncondition = "score_below"\ntreshold = -0.5\n')
    bad = _run("alerts", "test", rules, "--db", lib.path)
    assert bad.exit_code == 1
    assert bad.stderr.strip().splitlines() == [
        f"error: {rules}, line 4: rules.a.treshold: unknown key for score_below 'treshold'; "
        "did you mean 'threshold'?"
    ]
    missing = _run("alerts", "ack", "99", "--db", lib.path)
    assert missing.exit_code == 1 and missing.stderr.strip() == "error: no alert #99"
    assert _run("alerts", "ack", "--db", lib.path).exit_code == 1
    none = _run("alerts", "list", "--db", tmp_path / "none.db")
    assert none.exit_code == 1 and "no library here" in none.stderr


def test_a_failed_webhook_in_the_cli_is_a_warning_and_kept(lib, tmp_path) -> None:
    port = _closed_port()
    rules = tmp_path / "alerts.toml"
    rules.write_text(
        BELOW + "\n[channels]\nstdout = false\n"
        f'webhook = {{ url = "http://127.0.0.1:{port}/x", timeout = 0.5, retries = 0 }}\n'
    )
    ran = _run("alerts", "run", rules, "--db", lib.path)
    assert ran.exit_code == 0
    assert "not delivered to webhook:" in ran.stderr and "connection refused" in ran.stderr
    assert "kept, and tried again on the next run" in ran.stderr
    assert list_alerts(lib)[0].deliveries[0].status == "failed"
