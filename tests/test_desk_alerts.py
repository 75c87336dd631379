"""Alerts: rules files (typos named by line and field), every condition, scopes, cooldown,
on/off, idempotent firing and the dry run, over a library filled with made-up results."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sentiment.desk.alerts import (
    AlertEngine,
    JsonlChannel,
    StreamChannel,
    ack,
    ack_all,
    list_alerts,
    load_rules,
    run_rules,
)
from sentiment.desk.alerts.rules_file import parse_rules
from sentiment.desk.library import Library
from sentiment.errors import AlertRuleError
from sentiment.results import Claim, DocumentSentiment, SentenceSentiment, TickerSentiment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "examples" / "alerts.toml"


def _sentence(text: str, score: float) -> SentenceSentiment:
    label = "positive" if score > 0.2 else "negative" if score < -0.2 else "neutral"
    return SentenceSentiment(text, 0, len(text), label, score)


def _result(
    tickers: dict[str, float], *, score: float = 0.0, claims: tuple[Claim, ...] = ()
) -> DocumentSentiment:
    """A result whose tickers have these scores, each with two evidence sentences."""
    made = tuple(
        TickerSentiment(
            symbol,
            "positive" if value > 0 else "negative",
            value,
            2,
            1.0,
            evidence=(
                _sentence(f"{symbol} is steady.", 0.0),
                _sentence(f"{symbol} scored {value:+.2f} here.", value),
            ),
        )
        for symbol, value in tickers.items()
    )
    sentences = (_sentence("A calm opening.", 0.0), _sentence("The whole note mood.", score))
    label = "negative" if score < 0 else "positive"
    return DocumentSentiment(label, score, sentences, made, claims)


def _add(lib: Library, doc_id: str, when: str, tickers: dict[str, float], **kw) -> str:
    lib.add(
        _result(tickers, **kw),
        doc_id=doc_id,
        source=f"/notes/{doc_id}",
        title=f"note {doc_id}",
        date=when,
        date_source="front-matter",
        content_sha256=doc_id,
        model="fake",
        model_version="1",
    )
    return doc_id


def _rules(tmp_path: Path, text: str):
    path = tmp_path / "rules.toml"
    path.write_text(text)
    return load_rules(path)


def _engine(lib: Library, tmp_path: Path, text: str, **kw) -> AlertEngine:
    return AlertEngine(lib, _rules(tmp_path, text), channels=kw.pop("channels", []), **kw)


def _fired(engine: AlertEngine, ids) -> list[tuple[str, str, str]]:
    return [(a.rule, a.symbol, a.note_id) for a in engine.check(ids)]


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        yield library


# ----- rules files ------------------------------------------------------------------------------
def test_the_sample_rules_file_loads_every_condition() -> None:
    rules = load_rules(SAMPLE)
    conditions = {r.condition for r in rules}
    assert conditions == {
        "score_below", "score_above", "rolling", "change", "first_mention", "claim"
    }  # fmt: skip
    assert [r.name for r in rules if not r.enabled] == ["holdings-negative"]
    first = rules[0]
    assert (first.name, first.symbols, first.cooldown, first.param("threshold")) == (
        "apple-sours",
        ("AAPL",),
        "1d",
        -0.5,
    )
    assert SAMPLE.read_text().splitlines()[first.line - 1] == "[rules.apple-sours]"


TYPOS = [
    # (text, line, field, words in the message)
    ('[rules.a]\nticker = "AAPL"\ncondition = "score_below"\ntreshold = -0.5\n',
     4, "rules.a.treshold", "did you mean 'threshold'"),
    ('[rules.a]\nticker = "AAPL"\ncondition = "score_bellow"\nthreshold = -0.5\n',
     3, "rules.a.condition", "did you mean 'score_below'"),
    ('[rules.a]\nscope = "portfolo"\ncondition = "first_mention"\n',
     2, "rules.a.scope", "did you mean 'portfolio'"),
    ('[rule.a]\nticker = "AAPL"\ncondition = "first_mention"\n',
     1, "rule", "did you mean 'rules'"),
    ('[rules.a]\nticker = "AAPL"\ncondition = "first_mention"\ncooldown = "1 day"\n',
     4, "rules.a.cooldown", "not a duration"),
    ('[rules.a]\nticker = "AAPL"\ncondition = "score_below"\n',
     1, "rules.a", "missing 'threshold'"),
    ('[rules.a]\nticker = "AAPL"\nscope = "any"\ncondition = "first_mention"\n',
     1, "rules.a", "not ticker and scope"),
    ('\n[rules.a]\nscope = "any"\ncondition = "claim"\nmetric = "guidence"\n',
     5, "rules.a.metric", "did you mean 'guidance'"),
    ('[rules.a]\nscope = "any"\ncondition = "rolling"\nthreshold = -0.2\ndays = 0\n',
     5, "rules.a.days", "at least 1"),
    ('[rules.a]\nscope = "any"\ncondition = "score_above"\nthreshold = 3\n',
     4, "rules.a.threshold", "from -1 to 1"),
    ('[rules.a]\nscope = "any"\ncondition = "first_mention"\nenabled = "no"\n',
     4, "rules.a.enabled", "true or false"),
    ('[channels]\nwebhok = "http://127.0.0.1:1/"\n',
     2, "channels.webhok", "did you mean 'webhook'"),
    ('[channels]\nwebhook = { url = "ftp://x", timeout = 2 }\n',
     2, "channels.webhook.url", "http://"),
    ('[rules.a]\nscope = "any"\ncondition = "first_mention"\n[rules.a]\nscope = "any"\n',
     4, None, "not valid TOML"),
    ('[rules."a.b"]\nscope = "any"\ncondition = "first_mention"\n',
     1, "rules.a.b", "letters, digits"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "field", "words"), TYPOS)
def test_a_typo_names_the_file_the_line_and_the_field(tmp_path, text, line, field, words) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text)
    with pytest.raises(AlertRuleError) as caught:
        load_rules(path)
    error = caught.value
    assert (error.line, error.field) == (line, field)
    assert str(error).startswith(f"{path}, line {line}: ")
    assert words in str(error)
    assert "\n" not in str(error)


def test_a_missing_rules_file_is_one_clear_error(tmp_path) -> None:
    with pytest.raises(AlertRuleError, match="no such rules file"):
        load_rules(tmp_path / "none.toml")


def test_a_portfolio_rule_needs_the_portfolio(lib, tmp_path) -> None:
    text = '[rules.p]\nscope = "portfolio"\ncondition = "first_mention"\n'
    with pytest.raises(AlertRuleError, match=r"line 1: rules\.p: .*needs a portfolio"):
        _engine(lib, tmp_path, text)
    _add(lib, "a", "2026-03-02", {"AAPL": 0.1, "MSFT": 0.1})
    engine = _engine(lib, tmp_path, text, portfolio_symbols=["msft"])
    assert _fired(engine, ["a"]) == [("p", "MSFT", "a")]


# ----- conditions -------------------------------------------------------------------------------
def test_score_below_fires_per_ticker_with_the_most_negative_evidence(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": -0.7, "MSFT": -0.9})
    _add(lib, "b", "2026-03-03", {"AAPL": -0.3})
    engine = _engine(
        lib,
        tmp_path,
        '[rules.s]\ntickers = ["AAPL"]\ncondition = "score_below"\nthreshold = -0.5\n',
    )
    fired = engine.check(["a", "b"])
    assert [(a.symbol, a.note_id, a.value) for a in fired] == [("AAPL", "a", -0.7)]
    alert = fired[0]
    assert alert.evidence[0] == "AAPL scored -0.70 here."
    assert alert.notes == (("a", "trigger"),)
    assert "AAPL score -0.70 below -0.50" in alert.message
    assert alert.rule_dict["threshold"] == -0.5 and alert.id is not None


def test_score_above_on_the_document(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {}, score=0.8)
    _add(lib, "b", "2026-03-03", {"AAPL": 0.9}, score=0.1)
    text = '[rules.d]\nscope = "any"\ncondition = "score_above"\nthreshold = 0.5\non = "document"\n'
    fired = _engine(lib, tmp_path, text).check(["a", "b"])
    assert [(a.symbol, a.note_id) for a in fired] == [("", "a")]
    assert fired[0].evidence[0] == "The whole note mood."


ROLLING = '[rules.r]\nticker = "AAPL"\ncondition = "rolling"\nnotes = 2\nthreshold = -0.2\n'


def test_rolling_fires_on_the_crossing_not_while_it_stays_beyond(lib, tmp_path) -> None:
    scores = [0.4, 0.0, -0.6, -0.5, -0.7, 0.5, 0.5, -0.9, -0.9]
    ids = [_add(lib, f"n{i}", f"2026-03-{i + 1:02d}", {"AAPL": v}) for i, v in enumerate(scores)]
    fired = _engine(lib, tmp_path, ROLLING).check(ids)
    # means of two: n1 +0.2, n2 -0.3 (crosses), n3..n4 stay below, n5 -0.1, n6 +0.5,
    # n7 -0.2 (not below), n8 -0.9 (crosses again)
    assert [a.note_id for a in fired] == ["n2", "n8"]
    assert fired[0].value == pytest.approx(-0.3)
    assert dict(fired[0].notes) == {"n2": "trigger", "n1": "window"}


def test_rolling_over_days_and_above(lib, tmp_path) -> None:
    for i, (day, value) in enumerate([("01", 0.1), ("02", 0.9), ("20", 0.0), ("21", 0.9)]):
        _add(lib, f"n{i}", f"2026-03-{day}", {"MSFT": value})
    text = (
        '[rules.r]\nticker = "MSFT"\ncondition = "rolling"\ndays = 3\nthreshold = 0.4\n'
        'cross = "above"\n'
    )
    fired = _engine(lib, tmp_path, text).check([f"n{i}" for i in range(4)])
    # 3-day means: 0.1, 0.5 (crosses), 0.0 (n1 is out of the window), 0.45 (crosses again)
    assert [(a.note_id, a.value) for a in fired] == [("n1", 0.5), ("n3", 0.45)]


def test_change_against_the_previous_window(lib, tmp_path) -> None:
    scores = [0.5, 0.5, 0.4, -0.3, -0.4, -0.4]
    ids = [_add(lib, f"n{i}", f"2026-03-{i + 1:02d}", {"AAPL": v}) for i, v in enumerate(scores)]
    text = (
        '[rules.c]\nticker = "AAPL"\ncondition = "change"\nnotes = 2\nby = 0.5\n'
        'direction = "down"\n'
    )
    fired = _engine(lib, tmp_path, text).check(ids)
    # n3: mean(n2, n3) 0.05 vs mean(n0, n1) 0.5 -> -0.45; n4: -0.35 vs 0.45 -> -0.8 (fires);
    # n5: -0.4 vs 0.05 -> -0.45 (no longer)
    assert [(a.note_id, a.value) for a in fired] == [("n4", -0.8)]
    assert "fell 0.80" in fired[0].message
    roles = dict(fired[0].notes)
    assert roles == {"n4": "trigger", "n3": "window", "n1": "previous", "n2": "previous"}
    up = text.replace('"down"', '"up"')
    assert _engine(lib, tmp_path, up.replace("[rules.c]", "[rules.u]")).check(ids) == []


def test_first_mention_fires_once_per_symbol(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": 0.1})
    _add(lib, "b", "2026-03-03", {"AAPL": 0.2, "NVDA": 0.3})
    text = '[rules.f]\nscope = "any"\ncondition = "first_mention"\n'
    engine = _engine(lib, tmp_path, text)
    assert _fired(engine, ["a", "b"]) == [("f", "AAPL", "a"), ("f", "NVDA", "b")]
    _add(lib, "c", "2026-03-01", {"NVDA": 0.0})  # an older note arrives late
    assert _fired(engine, ["c"]) == []  # NVDA's first mention has fired already


def _guidance(direction: str, text: str = "We cut our full-year guidance by 5%.") -> Claim:
    return Claim(text, 0, len(text), "guidance", 5.0, "percent", True, ("AAPL",), (), None,
                 direction)  # fmt: skip


def test_a_claim_of_a_metric_in_a_direction(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": -0.2}, claims=(_guidance("down"),))
    _add(lib, "b", "2026-03-03", {"AAPL": 0.2}, claims=(_guidance("up", "Guidance up 5%."),))
    text = (
        '[rules.g]\nticker = "AAPL"\ncondition = "claim"\nmetric = "Guidance"\ndirection = "down"\n'
    )
    fired = _engine(lib, tmp_path, text).check(["a", "b"])
    assert [(a.note_id, a.symbol) for a in fired] == [("a", "AAPL")]
    assert fired[0].evidence == ("We cut our full-year guidance by 5%.",)
    assert "guidance down 5%" in fired[0].message
    other = text.replace("[rules.g]", "[rules.h]").replace('ticker = "AAPL"', 'ticker = "MSFT"')
    assert _engine(lib, tmp_path, other).check(["a"]) == []


# ----- on/off, cooldown, idempotency -----------------------------------------------------------
BELOW = '[rules.s]\nscope = "any"\ncondition = "score_below"\nthreshold = -0.5\n'


def test_a_rule_switched_off_fires_nothing(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": -0.9})
    assert _engine(lib, tmp_path, BELOW + "enabled = false\n").check(["a"]) == []


def test_cooldown_per_rule_and_symbol_in_note_dates(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02T09:00", {"AAPL": -0.9, "MSFT": -0.9})
    _add(lib, "b", "2026-03-02T18:00", {"AAPL": -0.8, "MSFT": -0.8})
    _add(lib, "c", "2026-03-04T09:00", {"AAPL": -0.7})
    engine = _engine(lib, tmp_path, BELOW + 'cooldown = "1d"\n')
    assert _fired(engine, ["a", "b", "c"]) == [
        ("s", "AAPL", "a"), ("s", "MSFT", "a"), ("s", "AAPL", "c")
    ]  # fmt: skip


def test_checking_the_same_notes_again_fires_nothing_new(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": -0.9})
    text = BELOW + '\n[rules.f]\nscope = "any"\ncondition = "first_mention"\n'
    assert len(_engine(lib, tmp_path, text).check(["a"])) == 2
    restarted = _engine(lib, tmp_path, text)  # a watcher restarted after a crash
    assert restarted.check(["a", "missing"]) == []
    assert restarted.unchecked() == []
    assert len(list_alerts(lib)) == 2


def test_a_late_note_checks_its_own_triggers_not_the_checked_notes_again(lib, tmp_path) -> None:
    _add(lib, "n0", "2026-03-01", {"AAPL": 0.4})
    _add(lib, "n1", "2026-03-03", {"AAPL": -0.1})
    engine = _engine(lib, tmp_path, ROLLING)
    assert engine.check(["n0", "n1"]) == []  # means +0.15: above -0.2
    _add(lib, "mid", "2026-03-02", {"AAPL": -0.9})  # now n1's window is (mid, n1): -0.5
    assert _fired(engine, ["mid", "n1"]) == [("r", "AAPL", "mid")]  # (n0, mid): -0.25


def test_dry_run_stores_nothing_and_matches_what_checking_fires(lib, tmp_path) -> None:
    for i, v in enumerate([0.4, -0.6, -0.7, 0.5, -0.8]):
        _add(lib, f"n{i}", f"2026-03-{i + 1:02d}", {"AAPL": v, "MSFT": -v})
    engine = AlertEngine(lib, load_rules(SAMPLE), channels=[])
    would = engine.dry_run()
    assert list_alerts(lib) == [] and engine.unchecked()
    fired = engine.check_new()
    assert [(a.rule, a.symbol, a.note_id, a.message) for a in would] == [
        (a.rule, a.symbol, a.note_id, a.message) for a in fired
    ]
    assert {a.rule for a in fired} >= {"apple-sours", "new-name"}
    assert [a.note_id for a in engine.dry_run(since="2026-03-05")] == ["n4"] * 2


# ----- storing, delivering, acking --------------------------------------------------------------
def test_alerts_go_to_stdout_and_jsonl_after_they_are_stored(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": -0.9})
    stream = io.StringIO()
    out = tmp_path / "out" / "alerts.jsonl"
    engine = _engine(lib, tmp_path, BELOW, channels=[StreamChannel(stream), JsonlChannel(out)])
    [alert] = engine.check(["a"])
    assert stream.getvalue() == ""  # stored first, delivered after
    assert {d.status for d in list_alerts(lib)[0].deliveries} == {"pending"}
    report = engine.deliver()
    assert (report.delivered, report.failed) == (2, [])
    assert stream.getvalue().startswith(f"alert #{alert.id} [s] 2026-03-02 AAPL score -0.90")
    [line] = out.read_text().splitlines()
    assert json.loads(line)["key"] == alert.key
    assert {d.status for d in list_alerts(lib)[0].deliveries} == {"delivered"}
    assert engine.deliver().delivered == 0  # delivered once


def test_a_crash_between_storing_and_delivering_loses_nothing(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": -0.9})
    out = tmp_path / "alerts.jsonl"
    _engine(lib, tmp_path, BELOW, channels=[JsonlChannel(out)]).check(["a"])  # then a crash
    later = _engine(lib, tmp_path, BELOW, channels=[JsonlChannel(out)])
    assert later.check(["a"]) == [] and later.deliver().delivered == 1
    assert len(out.read_text().splitlines()) == 1


def test_a_channel_that_fails_is_recorded_and_retried(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": -0.9})
    _add(lib, "b", "2026-03-03", {"AAPL": -0.9})
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    channel = JsonlChannel(blocked / "alerts.jsonl")
    engine = _engine(lib, tmp_path, BELOW, channels=[channel], max_attempts=2)
    engine.check(["a", "b"])
    report = engine.deliver()
    assert (report.delivered, len(report.failed), report.deferred) == (0, 1, 1)
    assert "cannot append" in report.failed[0][2]
    [first] = [a for a in list_alerts(lib) if a.note_id == "a"]
    assert first.deliveries[0].status == "failed" and first.deliveries[0].attempts == 1
    blocked.unlink()
    assert engine.deliver().delivered == 2
    assert len((blocked / "alerts.jsonl").read_text().splitlines()) == 2


def test_list_and_ack(lib, tmp_path) -> None:
    _add(lib, "a", "2026-03-02", {"AAPL": -0.9, "MSFT": -0.8})
    engine = _engine(lib, tmp_path, BELOW)
    first, second = engine.check(["a"])
    assert [a.id for a in list_alerts(lib)] == [second.id, first.id]
    assert [a.symbol for a in list_alerts(lib, symbol="msft")] == ["MSFT"]
    assert ack(lib, first.id).acked_at is not None
    assert [a.id for a in list_alerts(lib, acked=False)] == [second.id]
    assert ack_all(lib) == 1 and list_alerts(lib, acked=False) == []
    with pytest.raises(Exception, match="no alert #99"):
        ack(lib, 99)


def test_run_rules_checks_only_new_notes_and_delivers(lib, tmp_path) -> None:
    rules = parse_rules(BELOW + '\n[channels]\nstdout = false\njsonl = "a.jsonl"\n', tmp_path / "r")
    _add(lib, "a", "2026-03-02", {"AAPL": -0.9})
    first = run_rules(lib, rules)
    assert (first.checked, len(first.fired), first.report.delivered) == (1, 1, 1)
    _add(lib, "b", "2026-03-03", {"AAPL": -0.8})
    second = run_rules(lib, rules)
    assert (second.checked, [a.note_id for a in second.fired]) == (1, ["b"])
    assert len((tmp_path / "a.jsonl").read_text().splitlines()) == 2
