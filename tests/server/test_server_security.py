"""Safe by default: Host check, token for other hosts, same-origin posts, CSP, body limit."""

from __future__ import annotations

import pytest

from sentiment.server import ServerSettings, create_app
from sentiment.server.security import TOKEN_COOKIE, host_name, safe_next
from tests.server.conftest import client_for

TOKEN = "s3cret-token"


@pytest.fixture
def locked(analyzer):
    app = create_app(analyzer, settings=ServerSettings(host="192.0.2.1", token=TOKEN))
    with client_for(app) as client:
        yield client


def test_loopback_needs_no_token_and_other_hosts_get_one() -> None:
    assert ServerSettings.for_host("127.0.0.1").token is None
    assert ServerSettings.for_host("localhost").token is None
    assert len(ServerSettings.for_host("0.0.0.0").token or "") >= 24
    assert ServerSettings.for_host("192.0.2.1", token="given").token == "given"
    assert ServerSettings.for_host("0.0.0.0").url().startswith("http://127.0.0.1:8000/?token=")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("[::1]:8000", "::1"),
        ("LocalHost", "localhost"),
        ("evil.example", "evil.example"),
    ],
)
def test_host_name(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_a_foreign_host_header_is_refused(client, host: str) -> None:
    page = client.get("/score", headers={"host": host})
    api = client.get("/api/health", headers={"host": host})
    assert page.status_code == 400 and "does not answer for" in page.text
    assert api.status_code == 400 and api.json()["error"]["status"] == 400


def test_allowed_hosts_are_accepted(analyzer) -> None:
    app = create_app(analyzer, settings=ServerSettings(allowed_hosts=("desk.internal",)))
    with client_for(app) as client:
        assert client.get("/api/health", headers={"host": "desk.internal:8000"}).status_code == 200
        assert client.get("/api/health", headers={"host": "localhost:8000"}).status_code == 200


def test_the_api_needs_the_token(locked) -> None:
    missing = locked.get("/api/health")
    wrong = locked.get("/api/health", headers={"authorization": "Bearer nope"})
    right = locked.get("/api/health", headers={"authorization": f"Bearer {TOKEN}"})
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"]["message"] == "this server needs its token"
    assert wrong.status_code == 401 and wrong.json()["error"]["message"] == "wrong token"
    assert right.status_code == 200


def test_pages_ask_for_the_token_and_the_printed_address_logs_in(locked) -> None:
    asked = locked.get("/score")
    assert asked.status_code == 401 and 'action="/login"' in asked.text
    assert locked.get("/score?token=wrong").status_code == 401
    entered = locked.get(f"/score?token={TOKEN}&page=2", follow_redirects=False)
    assert entered.status_code == 303 and entered.headers["location"] == "/score?page=2"
    cookie = entered.headers["set-cookie"]
    assert f"{TOKEN_COOKIE}={TOKEN}" in cookie and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    assert locked.get("/score").status_code == 200  # the client keeps the cookie


def test_the_login_form(locked) -> None:
    assert locked.get("/login").status_code == 200
    assert locked.get("/static/app.css").status_code == 200  # the login page's own style
    wrong = locked.post("/login", data={"token": "nope", "next": "/score"})
    assert wrong.status_code == 401 and "wrong token" in wrong.text
    right = locked.post(
        "/login", data={"token": TOKEN, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert right.status_code == 303 and right.headers["location"] == "/"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/score?page=2", "/score?page=2"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_safe_next(target, expected: str) -> None:
    assert safe_next(target) == expected


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "null"},
        {"referer": "http://evil.example/x"},
        {"sec-fetch-site": "cross-site"},
        {"origin": "http://127.0.0.1:9999"},
    ],
)
def test_cross_origin_posts_are_refused(client, headers: dict) -> None:
    page = client.post("/score", data={"text": "Revenue rose."}, headers=headers)
    api = client.post("/api/analyze", json={"text": "Revenue rose."}, headers=headers)
    assert page.status_code == 403 and "cross-origin request refused" in page.text
    assert api.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"origin": "http://127.0.0.1:8000"},
        {"referer": "http://127.0.0.1:8000/score"},
        {"sec-fetch-site": "same-origin", "origin": "http://127.0.0.1:8000"},
    ],
)
def test_same_origin_posts_and_programs_are_served(client, headers: dict) -> None:
    response = client.post("/api/analyze", json={"text": "Revenue rose."}, headers=headers)
    assert response.status_code == 200


def test_every_response_carries_the_content_security_policy(client) -> None:
    for response in (
        client.get("/score"),
        client.get("/nothing"),
        client.get("/static/app.js"),
        client.get("/api/health"),
        client.get("/score", headers={"host": "x.example"}),
    ):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_body_over_the_limit_is_413(analyzer) -> None:
    app = create_app(analyzer, settings=ServerSettings(max_upload_bytes=10_000))

    def body():
        for _ in range(20):
            yield b"Revenue rose. " * 100

    with client_for(app) as client:
        response = client.post(
            "/api/analyze", content=body(), headers={"content-type": "text/plain"}
        )
        assert "content-length" not in response.request.headers
        assert response.status_code == 413 and "over the" in response.json()["error"]["message"]
