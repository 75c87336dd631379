"""The portfolio view: holdings files (forms and faults), the view's figures on a small
library checked by hand, and ``sentiment portfolio`` through CliRunner."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluation.make_notes import COMPANIES, write_dated_corpus
from sentiment import cli
from sentiment.desk.library import Library
from sentiment.desk.portfolio import portfolio_view, read_holdings
from sentiment.errors import InputError, PortfolioError
from sentiment.results import DocumentSentiment, TickerSentiment

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "examples" / "holdings.csv"
runner = CliRunner()


def _write(tmp_path: Path, text: str, name: str = "h.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _weights(path: Path) -> dict[str, float]:
    return {h.symbol: round(h.weight, 6) for h in read_holdings(path)}


# ----- holdings files ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "basis", "expected"),
    [
        ("ticker,weight\nAAPL,0.6\nMSFT,0.2\n", "weight", {"AAPL": 0.75, "MSFT": 0.25}),
        ("Symbol,Weight (%)\nAAPL,60%\nMSFT,40%\n", "weight", {"AAPL": 0.6, "MSFT": 0.4}),
        (
            'ticker,Market Value ($)\nAAPL,"$1,500.00"\nMSFT,500\n',
            "market_value",
            {"AAPL": 0.75, "MSFT": 0.25},
        ),
        ("ticker,value\nAAPL,3\nMSFT,1\n", "market_value", {"AAPL": 0.75, "MSFT": 0.25}),
        (
            "ticker,shares,price\nAAPL,10,150\nMSFT,5,100\n",
            "shares",
            {"AAPL": 0.75, "MSFT": 0.25},
        ),
        ("ticker,qty,last price\nAAPL,1,3\nMSFT,2,0.5\n", "shares", {"AAPL": 0.75, "MSFT": 0.25}),
        # weight wins over the other bases; other columns are ignored
        (
            "name,ticker,value,weight\nApple,AAPL,1,1\nMS,MSFT,3,1\n",
            "weight",
            {"AAPL": 0.5, "MSFT": 0.5},
        ),
        # a spreadsheet's semicolons
        ("Ticker;Weight\nAAPL;7,5%\nMSFT;2.5%\n", "weight", {"AAPL": 0.75, "MSFT": 0.25}),
        ('ticker;value\nAAPL;"1.500,00"\nMSFT;500\n', "market_value", {"AAPL": 0.75, "MSFT": 0.25}),
        # comments and blank lines; a zero weight is a holding with no weight
        (
            "# mine\n\nticker,weight\n\nAAPL,1\n# sold\nMSFT,0\n",
            "weight",
            {"AAPL": 1.0, "MSFT": 0.0},
        ),
    ],
)
def test_weights_come_from_weights_market_values_or_shares(tmp_path, text, basis, expected):
    path = _write(tmp_path, text)
    holdings = read_holdings(path)
    assert holdings.basis == basis
    assert _weights(path) == expected
    assert holdings.symbols == frozenset(expected)


def test_a_tsv_file_and_the_ways_a_ticker_is_written(tmp_path) -> None:
    path = _write(
        tmp_path,
        "ticker\tweight\n$aapl\t1\nNASDAQ: MSFT\t1\nLSE:VOD\t1\nbrk-b\t1\nBRK/A\t1\nFB\t1\n",
        "h.tsv",
    )
    holdings = read_holdings(path)
    assert [h.symbol for h in holdings] == ["AAPL", "MSFT", "VOD.L", "BRK.B", "BRK.A", "META"]
    assert [h.line for h in holdings] == [2, 3, 4, 5, 6, 7]
    assert [h.given for h in holdings][:2] == ["$aapl", "NASDAQ: MSFT"]
    assert holdings.holdings[0].name == "Apple Inc."
    assert abs(sum(h.weight for h in holdings) - 1) < 1e-9 and len(holdings) == 6
    assert holdings.weight("VOD.L") == pytest.approx(1 / 6) and holdings.weight("IBM") == 0
    assert json.loads(json.dumps(holdings.to_dict()))["holdings"][2]["symbol"] == "VOD.L"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "ticker,weight\nAAPL,1\nAPPL,2\n",
            "line 3: unknown ticker 'APPL', not in the gazetteer; did you mean AAPL (Apple Inc.)",
        ),
        ("ticker,weight\nZZZZQX,1\n", "line 2: unknown ticker 'ZZZZQX', not in the gazetteer"),
        (
            "ticker,weight\nApple,1\n",
            "line 2: unknown ticker 'Apple', not in the gazetteer; did you mean AAPL (Apple Inc.)",
        ),
        (
            "ticker,weight\nBARC,1\n",
            "line 2: unknown ticker 'BARC', not in the gazetteer; did you mean BARC.L (Barclays",
        ),
        ("ticker,weight\nNYQ:AAPL,1\n", "line 2: unknown exchange 'NYQ' in 'NYQ:AAPL'"),
        (
            "ticker,weight\nAAPL,1\nMSFT,1\naapl,1\n",
            "line 4: duplicate ticker 'aapl', already on line 2",
        ),
        (
            "ticker,weight\nAAPL,1\nNASDAQ:AAPL,1\n",
            "line 3: duplicate ticker 'NASDAQ:AAPL' (AAPL), already on line 2",
        ),
        ("ticker,weight\nAAPL,1\nMSFT,-0.5\n", "line 3: negative weight -0.5 for MSFT"),
        ("ticker,weight\nAAPL,\nMSFT,1\n", "line 2: missing weight for AAPL"),
        ("ticker,weight\nAAPL\n", "line 2: missing weight for AAPL"),
        ("ticker,weight\nAAPL,lots\n", "line 2: weight 'lots' of AAPL is not a number"),
        ("ticker,weight\nAAPL,nan\n", "line 2: weight 'nan' of AAPL is not a number"),
        ("ticker,weight\nAAPL,1\n,2\n", "line 3: missing ticker"),
        ("ticker,shares,price\nAAPL,10,\n", "line 2: missing price for AAPL"),
        ("ticker,shares,price\nAAPL,10,-3\n", "line 2: negative price -3 for AAPL"),
        ("# shares\nticker,shares\nAAPL,10\n", "line 2: shares need a price column"),
        ("ticker,weight\nAAPL,0\nMSFT,0%\n", "the holdings add up to zero (weight)"),
        ("ticker,shares,price\nAAPL,0,3\n", "the holdings add up to zero (shares)"),
        ("", "no holdings; the file is empty"),
        ("# nothing\n\n", "no holdings; the file is empty"),
        ("ticker,weight\n", "no holdings under the header on line 1"),
        ("name,weight\nApple,1\n", "line 1: the header has no ticker column"),
        ("ticker,sector\nAAPL,tech\n", "line 1: the header has no weight, market_value or shares"),
    ],
)
def test_a_bad_holdings_file_is_one_clear_line_naming_file_and_line(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(PortfolioError) as caught:
        read_holdings(path)
    error = str(caught.value)
    assert error.startswith(f"{path}") and message in error and "\n" not in error


def test_unreadable_holdings_files(tmp_path) -> None:
    with pytest.raises(PortfolioError, match="no such holdings file"):
        read_holdings(tmp_path / "none.csv")
    with pytest.raises(PortfolioError, match="is a directory"):
        read_holdings(tmp_path)
    (tmp_path / "x.csv").write_bytes(b"\xff\xfe\x00\x81binary")
    with pytest.raises(PortfolioError, match="not a text file"):
        read_holdings(tmp_path / "x.csv")


def test_the_sample_holdings_name_the_generated_notes_companies_and_one_they_never_do():
    holdings = read_holdings(SAMPLE)
    generated = {c.symbol for c in COMPANIES}
    assert holdings.symbols - generated == {"IBM"}
    assert sum(h.weight for h in holdings) == pytest.approx(1.0)


# ----- the view, on a library checked by hand ------------------------------------------------
NOW = "2026-03-31"  # midnight: now's window is March, the one before 30 Jan to 1 Mar
NOTES = (  # id, date, {symbol: (score, relevance)}
    ("a", "2026-03-25", {"AAPL": (0.8, 1.0), "MSFT": (-0.4, 0.5)}),
    ("b", "2026-03-10", {"AAPL": (0.2, 0.5)}),
    ("c", "2026-02-15", {"AAPL": (-0.6, 1.0), "MSFT": (0.5, 1.0)}),
    ("d", "2026-03-28", {"NVDA": (0.9, 1.0)}),  # not held
    ("e", "2025-10-01", {"IBM": (-0.3, 1.0)}),  # held, but before the 90 days
    ("f", "2026-03-27", {"MSFT": (0.0, 1.0)}),  # moves nothing
    ("g", "2026-03-30", {"AAPL": (0.1, 0.2)}),  # the last day before now
)


def _result(scores: dict[str, tuple[float, float]]) -> DocumentSentiment:
    tickers = tuple(
        TickerSentiment(s, "positive" if v > 0 else "negative", v, 2, r)
        for s, (v, r) in scores.items()
    )
    return DocumentSentiment("neutral", 0.0, tickers=tickers)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "lib.db"
    with Library(path) as library:
        for note_id, when, scores in NOTES:
            library.add(
                _result(scores), doc_id=note_id, source=f"/n/{note_id}", title=f"note {note_id}",
                date=when, date_source="text", content_sha256=note_id, model="fake",
                model_version="1",
            )  # fmt: skip
    return path


@pytest.fixture
def holdings(tmp_path):
    # AAPL 50%, MSFT 30%, IBM 15% (an old note only), KO 5% (never in a note)
    return read_holdings(_write(tmp_path, "ticker,value\nAAPL,500\nMSFT,300\nIBM,150\nKO,50\n"))


def _view(db: Path, holdings, **options):
    with Library(db, create=False) as library:
        return portfolio_view(library, holdings, now=NOW, **options)


def test_the_score_now_and_before_are_weighted_over_the_holdings_with_notes(db, holdings):
    view = _view(db, holdings)
    by = {h.symbol: h for h in view.holdings}
    # AAPL now: a (0.8 x 1.0), b (0.2 x 0.5), g (0.1 x 0.2) -> 0.92 / 1.7
    assert by["AAPL"].score == round(0.92 / 1.7, 4) == 0.5412
    assert by["MSFT"].score == round((-0.4 * 0.5 + 0.0 * 1.0) / 1.5, 4) == -0.1333
    assert (by["AAPL"].previous_score, by["MSFT"].previous_score) == (-0.6, 0.5)
    assert (by["AAPL"].change, by["MSFT"].change) == (1.1412, -0.6333)
    assert (by["AAPL"].window_notes, by["MSFT"].window_notes) == (3, 2)
    # renormalised over AAPL and MSFT, which hold 80% of the weight
    assert view.score == pytest.approx((0.5 * 0.5412 + 0.3 * -0.1333) / 0.8, abs=1e-4)
    assert view.score == 0.2883
    assert view.label == "positive" and view.coverage == 0.8 and view.covered == 2
    assert view.previous_score == round((0.5 * -0.6 + 0.3 * 0.5) / 0.8, 4) == -0.1875
    assert view.change == round(0.2883 + 0.1875, 4)
    assert view.window_since.startswith("2026-03-01") and view.previous_since.startswith(
        "2026-01-30"
    )


def test_each_holding_has_its_notes_last_note_and_trend(db, holdings):
    view = _view(db, holdings)
    by = {h.symbol: h for h in view.holdings}
    assert [h.symbol for h in view.holdings] == ["AAPL", "MSFT", "IBM", "KO"]
    assert (by["AAPL"].notes, by["MSFT"].notes, by["IBM"].notes, by["KO"].notes) == (4, 3, 0, 0)
    assert (by["AAPL"].last_date[:10], by["AAPL"].last_score) == ("2026-03-30", 0.1)
    # IBM has no notes in the 90 days; its last one is older, and still shown
    assert (by["IBM"].last_date[:10], by["IBM"].last_score, by["IBM"].last_note_id) == (
        "2025-10-01",
        -0.3,
        "e",
    )
    assert by["IBM"].score is None and by["IBM"].label is None and by["IBM"].change is None
    assert by["KO"].last_date is None and by["KO"].trend == "·" * len(view.periods)
    assert view.uncovered == ("IBM", "KO")  # heaviest first
    assert len(by["AAPL"].trend) == len(view.periods) == 14  # weeks of 29 Dec .. 30 Mar
    # AAPL's weeks, block round((score + 1) / 2 x 7) of ▁..█: 9 Feb -0.6 (1, ▂), 9 Mar +0.2
    # (4, ▅), 23 Mar +0.8 (6, ▇), 30 Mar +0.1 (4, ▅)
    assert by["AAPL"].trend == "······▂···▅·▇▅"
    assert by["AAPL"].period_scores[6] == -0.6 and by["AAPL"].period_scores[7] is None


def test_the_weighted_line_per_period_renormalises_and_shows_coverage(db, holdings):
    view = _view(db, holdings)
    weeks = {p.start.isoformat(): p for p in view.periods}
    assert view.periods[0].start == date(2025, 12, 29) and view.periods[-1].start == date(
        2026, 3, 30
    )
    assert all(p.start.weekday() == 0 for p in view.periods)
    assert (weeks["2026-02-09"].score, weeks["2026-02-09"].coverage) == (-0.1875, 0.8)
    assert (weeks["2026-03-09"].score, weeks["2026-03-09"].coverage) == (0.2, 0.5)  # AAPL only
    # 23 Mar: AAPL 0.8 (a), MSFT (-0.4 x 0.5 + 0 x 1) / 1.5 = -0.1333 (a, f)
    assert weeks["2026-03-23"].score == round((0.5 * 0.8 + 0.3 * -0.1333) / 0.8, 4)
    assert (weeks["2026-03-23"].holdings, weeks["2026-03-23"].notes) == (2, 2)
    empty = weeks["2026-01-05"]
    assert (empty.score, empty.label, empty.coverage, empty.holdings, empty.notes) == (
        None, None, 0.0, 0, 0
    )  # fmt: skip
    months = _view(db, holdings, by="month").periods
    assert [p.start.isoformat() for p in months] == [
        "2025-12-01", "2026-01-01", "2026-02-01", "2026-03-01"
    ]  # fmt: skip
    assert months[-1].score == _view(db, holdings).score  # March is the window now


def test_the_movers_are_the_notes_of_the_week_by_weight_score_and_relevance(db, holdings):
    view = _view(db, holdings)
    # since 24 Mar: a (AAPL 0.5 x 0.8 x 1 = 0.4, MSFT 0.3 x -0.4 x 0.5 = -0.06), g (0.5 x 0.1
    # x 0.2 = 0.01); f moves nothing, d names no holding
    assert [(m.note_id, m.impact) for m in view.movers] == [("a", 0.34), ("g", 0.01)]
    assert [(p.symbol, p.impact) for p in view.movers[0].parts] == [("AAPL", 0.4), ("MSFT", -0.06)]
    assert view.movers[0].title == "note a" and view.moved_since.startswith("2026-03-24")
    assert [m.note_id for m in _view(db, holdings, movers=1).movers] == ["a"]
    wider = _view(db, holdings, moved_since="30d").movers
    assert [m.note_id for m in wider] == ["a", "b", "g"]  # b: 0.5 x 0.2 x 0.5 = 0.05


def test_the_view_as_a_dict_is_json(db, holdings):
    data = json.loads(json.dumps(_view(db, holdings).to_dict()))
    assert data["now"]["score"] == 0.2883 and data["now"]["coverage"] == 0.8
    assert data["uncovered"] == ["IBM", "KO"] and data["basis"] == "market_value"
    assert data["holdings"][2]["covered"] is False and len(data["periods"]) == 14
    assert data["movers"][0]["parts"][0]["symbol"] == "AAPL"


def test_bad_times_are_input_errors(db, holdings):
    with pytest.raises(InputError, match="since must start before the end"):
        _view(db, holdings, since="2026-04-01")
    with pytest.raises(InputError, match="is neither a duration"):
        _view(db, holdings, window="soon")
    with pytest.raises(InputError, match="unknown period"):
        _view(db, holdings, by="year")


# ----- the command -------------------------------------------------------------------------------
def _run(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


def test_portfolio_as_text_json_and_csv(db, holdings):
    args = ("portfolio", holdings.path, "--db", db, "--until", "2026-03-30")
    text = _run(*args)
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert (
        lines[0].startswith("portfolio ") and "4 holdings (weights from market_value)" in lines[0]
    )
    assert lines[1].startswith("now (notes from 2026-03-01): +0.29 positive, coverage 80%")
    assert any(line.startswith("AAPL") and "+0.54" in line for line in lines)
    assert "no coverage since 2025-12-31: IBM (15.0%), KO (5.0%)" in lines
    assert any("note a  [a]  AAPL +0.400, MSFT -0.060" in line for line in lines)
    data = json.loads(_run(*args, "-f", "json").stdout)
    assert data["now"]["score"] == 0.2883 and data["by"] == "week"
    rows = list(csv.DictReader(io.StringIO(_run(*args, "-f", "csv").stdout)))
    assert [r["section"] for r in rows].count("holding") == 4
    assert rows[0]["section"] == "now" and float(rows[0]["score"]) == 0.2883
    assert [r["note_id"] for r in rows if r["section"] == "mover"] == ["a", "g"]


def test_portfolio_options_and_plot(db, holdings, tmp_path):
    args = ("portfolio", holdings.path, "--db", db, "--until", "2026-03-30")
    result = _run(*args, "--by", "month", "--since", "2026-01-01", "--window", "7d",
                  "--movers", "1", "-f", "json", "--plot", tmp_path / "p.svg")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["start"] for p in data["periods"]] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert data["now"]["since"].startswith("2026-03-24") and len(data["movers"]) == 1
    assert (tmp_path / "p.svg").read_text().lstrip().startswith("<?xml")
    assert f"chart: {tmp_path / 'p.svg'}" in result.stderr
    png = _run(*args, "--plot", tmp_path / "p.png")
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png.output
    bad = _run(*args, "--plot", tmp_path / "p.jpg")
    assert bad.exit_code == 1 and "a chart is written as .png or .svg" in bad.stderr


def test_portfolio_faults_are_one_line_errors(db, tmp_path):
    bad = _write(tmp_path, "ticker,weight\nAAPL,1\nMSFT,-1\n", "bad.csv")
    result = _run("portfolio", bad, "--db", db)
    assert result.exit_code == 1 and "Traceback" not in result.output
    why = "negative weight -1 for MSFT (short positions are not supported)"
    assert result.stderr == f"error: {bad}, line 3: {why}\n"
    good = _write(tmp_path, "ticker,weight\nAAPL,1\n", "good.csv")
    missing = _run("portfolio", good, "--db", tmp_path / "none.db")
    assert missing.exit_code == 1 and "no library here" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    when = _run("portfolio", good, "--db", db, "--since", "later")
    assert when.exit_code == 1 and "is neither a duration" in when.stderr


def test_a_batch_into_the_library_then_the_sample_portfolio(tmp_path, fake_cli_model):
    folder = tmp_path / "dated"
    write_dated_corpus(folder, 40, 3, date(2025, 1, 1), 60, pages=(0.2, 0.4))
    db = tmp_path / "desk.db"
    assert _run("batch", folder, "-o", tmp_path / "out.jsonl", "--db", db).exit_code == 0
    result = _run("portfolio", SAMPLE, "--db", db, "--until", "2025-03-01", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "IBM" in data["uncovered"] and 0 < data["now"]["coverage"] < 1
    with Library(db) as library:
        for holding in data["holdings"]:
            rows = library.ticker_rows(holding["symbol"], since=data["since"], until=data["until"])
            assert holding["notes"] == len(rows)
    covered = [p for p in data["periods"] if p["score"] is not None]
    assert covered and all(-1 <= p["score"] <= 1 and 0 < p["coverage"] <= 1 for p in covered)
