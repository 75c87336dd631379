"""``sentiment serve``: its settings, the printed token, and a clear line when it cannot listen."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from sentiment import cli
from sentiment.server import command


@pytest.fixture
def started(monkeypatch, tmp_path) -> list:
    """Record what ``serve`` would run instead of running the server (the default library
    in a scratch folder)."""
    calls: list = []
    monkeypatch.setattr(command, "run", lambda settings, factory: calls.append((settings, factory)))
    monkeypatch.delenv(command.TOKEN_VARIABLE, raising=False)
    monkeypatch.setenv("SENTIMENT_DB", str(tmp_path / "default.db"))
    return calls


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_defaults_to_loopback_without_token(started) -> None:
    port = _free_port()
    result = CliRunner().invoke(cli.app, ["serve", "--port", str(port)])
    assert result.exit_code == 0, result.output
    settings, _ = started[0]
    assert (settings.host, settings.port, settings.token) == ("127.0.0.1", port, None)
    assert settings.max_upload_bytes == 2 * 2**20 and settings.queue == 8


def test_serve_options_reach_the_settings(started, monkeypatch, fake_cli_model) -> None:
    monkeypatch.setenv(command.TOKEN_VARIABLE, "from-env")
    args = [
        "serve",
        "--port",
        str(_free_port()),
        "--allow-host",
        "desk.lan",
        "--max-upload-mb",
        "0.5",
        "--queue",
        "3",
        "--neutral-band",
        "0.2",
    ]
    assert CliRunner().invoke(cli.app, args).exit_code == 0
    settings, factory = started[0]
    assert settings.token == "from-env" and settings.allowed_hosts == ("desk.lan",)
    assert (settings.max_upload_bytes, settings.queue, settings.neutral_band) == (2**19, 3, 0.2)
    assert factory().neutral_band == 0.2  # the CLI's analyzer, built when the server starts


def test_another_host_gets_a_token(started, monkeypatch) -> None:
    monkeypatch.setattr(command, "_check_port", lambda settings: None)  # tests bind loopback only
    result = CliRunner().invoke(
        cli.app, ["serve", "--host", "0.0.0.0", "--port", str(_free_port())]
    )
    assert result.exit_code == 0
    assert len(started[0][0].token) >= 24


def test_serve_opens_the_library_first(started, tmp_path) -> None:
    db = tmp_path / "desk.db"
    port = str(_free_port())
    assert CliRunner().invoke(cli.app, ["serve", "--port", port, "--db", str(db)]).exit_code == 0
    assert started[0][0].db == db and db.is_file()
    result = CliRunner().invoke(cli.app, ["serve", "--port", port, "--db", str(tmp_path)])
    assert result.exit_code == 1 and len(started) == 1
    assert result.stderr == f"error: {tmp_path}: is a directory, not a library file\n"


def test_run_prints_the_address_and_token(monkeypatch, tmp_path) -> None:
    import uvicorn

    from sentiment.server.settings import ServerSettings

    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: None)
    monkeypatch.setattr(command, "_check_port", lambda settings: None)  # tests bind loopback only
    monkeypatch.setenv("SENTIMENT_DB", str(tmp_path / "default.db"))
    result = CliRunner().invoke(
        cli.app, ["serve", "--host", "0.0.0.0", "--token", "tok", "--port", str(_free_port())]
    )
    assert result.exit_code == 0
    assert "sentiment desk: http://127.0.0.1:" in result.stderr and "?token=tok" in result.stderr
    assert ServerSettings(port=1).url() == "http://127.0.0.1:1/"


def test_a_port_in_use_is_one_clear_line(started) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli.app, ["serve", "--port", str(port)])
    assert result.exit_code == 1 and not started
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port} (")
    assert "Traceback" not in result.output


def test_the_desk_options_reach_the_settings(started, tmp_path) -> None:
    from tests.server.conftest import ROOT

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    holdings, rules = ROOT / "corpora/examples/holdings.csv", ROOT / "corpora/examples/alerts.toml"
    args = ["serve", "--port", str(_free_port()), "--watch", str(inbox), "--polling"]
    args += ["--portfolio", str(holdings), "--alerts", str(rules)]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    settings, _ = started[0]
    assert (settings.watch, settings.portfolio, settings.alerts) == (inbox, holdings, rules)
    assert settings.polling
    names = [e.name for e in command.desk_extensions(settings)]
    assert names == ["library", "portfolio", "alerts", "watch"]


@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        ("--watch", None, "no such folder"),
        ("--portfolio", "ticker,weight\nAAPL,-3\n", "holdings.csv"),
        ("--alerts", '[rules.x]\ncondition = "score_belo"\n', "alerts.toml"),
    ],
)
def test_a_bad_desk_file_is_one_clear_line(started, tmp_path, option, content, message) -> None:
    path = tmp_path / {"--watch": "missing", "--portfolio": "holdings.csv"}.get(
        option, "alerts.toml"
    )
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["serve", "--port", str(_free_port()), option, str(path)])
    assert result.exit_code == 1 and not started
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_portfolio_rules_need_the_portfolio(started, tmp_path) -> None:
    rules = tmp_path / "alerts.toml"
    rules.write_text('[rules.held]\nscope = "portfolio"\ncondition = "first_mention"\n')
    args = ["serve", "--port", str(_free_port()), "--alerts", str(rules)]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 1 and 'scope = "portfolio" needs a portfolio' in result.stderr
