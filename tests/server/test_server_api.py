"""The JSON API: analyze (the CLI's to_dict()), classify, health, OpenAPI, errors and the pool."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sentiment import cli
from sentiment.api import Analyzer
from sentiment.server import ServerSettings, create_app
from sentiment.server.app import api_routes
from tests.conftest import FakeClassifier
from tests.server.conftest import NOTE, client_for


def test_analyze_json_answers_to_dict(client, analyzer, note_text: str) -> None:
    response = client.post("/api/analyze", json={"text": note_text, "source": "note.txt"})
    assert response.status_code == 200
    assert response.json() == analyzer.analyze(note_text, source="note.txt").to_dict()


def test_analyze_takes_a_file_a_form_field_or_plain_text(client, analyzer, note_text) -> None:
    expected = analyzer.analyze(note_text).to_dict()
    upload = client.post("/api/analyze", files={"file": ("n.txt", note_text.encode("utf-16"))})
    field = client.post("/api/analyze", data={"text": note_text})
    plain = client.post(
        "/api/analyze", content=note_text.encode(), headers={"content-type": "text/plain"}
    )
    assert upload.json() == {**expected, "source": "n.txt"}
    assert field.json() == expected and plain.json() == expected


@pytest.mark.parametrize(
    ("kwargs", "status", "message"),
    [
        (
            {"content": b'{"text": ', "headers": {"content-type": "application/json"}},
            400,
            "malformed JSON body",
        ),
        ({"json": ["a list"]}, 400, 'an object with a "text" string'),
        ({"json": {"text": 3}}, 400, 'an object with a "text" string'),
        ({"json": {"text": "Revenue rose.", "source": 1}}, 400, '"source" must be a string'),
        ({"json": {"text": ""}}, 422, "empty, no text to analyse"),
        ({"data": {"other": "x"}}, 400, 'send the note as a "file" or a "text" field'),
        (
            {"content": b"\x00\x01\x02" * 100, "headers": {"content-type": "text/plain"}},
            422,
            "binary file",
        ),
        (
            {"content": b"<x/>", "headers": {"content-type": "application/xml"}},
            415,
            "application/xml",
        ),
    ],
)
def test_analyze_errors_are_json(client, kwargs: dict, status: int, message: str) -> None:
    response = client.post("/api/analyze", **kwargs)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status and message in error["message"]


def test_classify_scores_sentences_and_targets(client, analyzer) -> None:
    sentences = ["Apple rose while Intel fell.", "Apple rose while Intel fell."]
    plain = client.post("/api/classify", json={"sentences": sentences[:1]})
    assert plain.json() == {"sentences": [s.to_dict() for s in analyzer.classify(sentences[:1])]}
    toward = client.post(
        "/api/classify", json={"sentences": sentences, "targets": ["Apple", "Intel"]}
    )
    assert [s["label"] for s in toward.json()["sentences"]] == ["positive", "negative"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"texts": []}, 400),
        ({"sentences": [1]}, 400),
        ({"sentences": ["a"], "targets": []}, 400),
        ({"sentences": ["a"], "targets": [None]}, 400),
        ({"sentences": ["ok"] * 1001}, 413),
        ({"sentences": ["---"]}, 422),
    ],
)
def test_classify_errors(client, body: dict, status: int) -> None:
    assert client.post("/api/classify", json=body).status_code == status


def test_health_and_method_errors(client) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ready" and health["pool"]["capacity"] == 9
    wrong = client.get("/api/analyze")
    assert wrong.status_code == 405 and wrong.json()["error"]["status"] == 405
    assert client.get("/api/nothing").json()["error"]["message"] == "no such page"


def test_the_openapi_document_lists_every_api_route(client, app) -> None:
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    routes = {(r.path_format, m.lower()) for r in api_routes(app) for m in r.methods - {"HEAD"}}
    documented = {(p, m) for p, ops in document["paths"].items() for m in ops}
    assert routes == documented


def test_an_unexpected_error_is_a_500_without_a_traceback(note_text: str) -> None:
    class Broken(FakeClassifier):
        def predict(self, texts, targets=None):
            raise RuntimeError("secret internals")

    app = create_app(Analyzer(classifier=Broken()))
    with client_for(app, raise_server_exceptions=False) as client:
        api = client.post("/api/analyze", json={"text": note_text})
        page = client.post("/score", data={"text": note_text})
    assert api.status_code == 500 and "secret" not in api.text and "Traceback" not in api.text
    assert api.json()["error"]["message"].startswith("internal error")
    assert page.status_code == 500 and "secret" not in page.text and "<h1>500" in page.text


class _Gate(FakeClassifier):
    """Holds every prediction until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.gate = threading.Event()

    def predict(self, texts, targets=None):
        self.entered.set()
        assert self.gate.wait(10)
        return super().predict(texts, targets)


def test_a_full_pool_answers_503_with_retry_after(note_text: str) -> None:
    gate = _Gate()
    analyzer = Analyzer(classifier=gate)
    assert analyzer.nlp is not None  # the pipeline loads before the gate is shut
    app = create_app(analyzer, settings=ServerSettings(queue=0))
    answers: list[int] = []
    with client_for(app) as client:
        first = threading.Thread(
            target=lambda: answers.append(
                client.post("/api/analyze", json={"text": note_text}).status_code
            )
        )
        first.start()
        assert gate.entered.wait(10)
        busy = client.post("/api/analyze", json={"text": note_text})
        page = client.post("/score", data={"text": note_text})
        health = client.get("/api/health").json()  # pages and health do not wait for the model
        gate.gate.set()
        first.join(10)
    assert answers == [200]
    assert busy.status_code == 503 and int(busy.headers["retry-after"]) >= 1
    assert "busy" in busy.json()["error"]["message"]
    assert page.status_code == 503 and "retry-after" in page.headers and "busy" in page.text
    assert health["pool"]["busy"] == 1 and health["pool"]["refused"] == 2


@pytest.mark.slow
def test_the_api_scores_equal_the_clis(tmp_path: Path) -> None:
    runner = CliRunner()
    notes = [NOTE, NOTE.parent / "restaurant_note.txt", NOTE.parent / "fund_comparison.md"]
    app = create_app(analyzer_factory=Analyzer)
    with client_for(app) as client:
        for note in notes:
            shown = runner.invoke(cli.app, ["score", str(note), "--format", "json"])
            assert shown.exit_code == 0, shown.output
            from_cli = json.loads(shown.stdout)
            text = note.read_text(encoding="utf-8")
            by_json = client.post("/api/analyze", json={"text": text, "source": str(note)})
            by_file = client.post("/api/analyze", files={"file": (note.name, note.read_bytes())})
            assert by_json.json() == from_cli
            assert by_file.json() == {**from_cli, "source": note.name}
