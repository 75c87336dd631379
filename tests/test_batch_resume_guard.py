"""``resume`` never mixes records made with two settings (issue 23, "resume mixes options").

The journal's header records the package version, the model (folder and fingerprint) and
every option that changes a record; a resume with other ones is refused before anything is
written, naming each difference; ``force`` starts over.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from batch_fakes import write_mixed_folder
from typer.testing import CliRunner

from sentiment import Analyzer, cli
from sentiment.batch import DEFAULT_INCLUDE, journal_path, read_journal, run_batch
from sentiment.batch.engine import run_settings
from sentiment.batch.journal import Journal, check_resumable, journal_settings
from sentiment.classifier import model_fingerprint
from sentiment.errors import ResumeError
from sentiment.readings import KINDS

runner = CliRunner()
CLI_OPTIONS = {"include": DEFAULT_INCLUDE, "max_bytes": 64 * 2**20}  # what the CLI passes


@pytest.fixture()
def notes(tmp_path: Path) -> Path:
    write_mixed_folder(tmp_path / "notes", count=9)
    return tmp_path / "notes"


def interrupted(analyzer: Analyzer, notes: Path, out: Path, **options) -> bytes:
    """Run until three chunks are journaled, then stop as Ctrl-C does; the journal."""

    def stop(done: int, total: int) -> None:
        if done >= 9:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(analyzer, notes, out, chunk_size=3, on_progress=stop, **options)
    assert read_journal(journal_path(out)) and not out.exists()
    return journal_path(out).read_bytes()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_resume_with_other_options_is_refused_naming_each(
    fake_classifier, notes: Path, tmp_path: Path
) -> None:
    out = tmp_path / "s.jsonl"
    interrupted(Analyzer(classifier=fake_classifier), notes, out)
    before = files(tmp_path)
    other = Analyzer(classifier=fake_classifier, neutral_band=0.9)
    with pytest.raises(ResumeError) as refused:
        run_batch(other, notes, out, resume=True, claims=True, exclude=["*.pdf"], max_bytes=2**20)
    message = str(refused.value)
    assert "\n" not in message
    for difference in (
        "neutral_band 0.15 -> 0.9",
        "claims false -> true",
        'exclude [] -> ["*.pdf"]',
        f"max_bytes {64 * 2**20} -> {2**20}",
    ):
        assert difference in message
    assert set(refused.value.differences) == {"neutral_band", "claims", "exclude", "max_bytes"}
    assert files(tmp_path) == before  # nothing written, the journal untouched


@pytest.mark.parametrize(
    ("options", "difference"),
    [
        (
            {"readings": "rating,hedge"},
            "readings " + json.dumps(sorted(KINDS)),  # every kind, before "-> [...]"
        ),
        ({"link_references": False}, "link_references true -> false"),
        ({"document_follows_tickers": False}, "document_follows_tickers true -> false"),
        ({"ticker_band_margin": 0.15}, "ticker_band_margin 0.0 -> 0.15"),
    ],
)
def test_resume_with_other_note_reading_is_refused(
    fake_classifier, notes: Path, tmp_path: Path, options: dict, difference: str
) -> None:
    out = tmp_path / "s.jsonl"
    interrupted(Analyzer(classifier=fake_classifier), notes, out)
    with pytest.raises(ResumeError, match=difference.replace("[", r"\[")):
        run_batch(Analyzer(classifier=fake_classifier, **options), notes, out, resume=True)


def test_force_starts_over_with_nothing_mixed(fake_classifier, notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    interrupted(Analyzer(classifier=fake_classifier), notes, out)
    other = Analyzer(classifier=fake_classifier, neutral_band=0.9)
    summary = run_batch(other, notes, out, resume=True, force=True, claims=True)
    fresh = tmp_path / "fresh" / "s.jsonl"
    run_batch(other, notes, fresh, claims=True)
    assert summary.skipped == 0 and out.read_bytes() == fresh.read_bytes()
    assert not journal_path(out).exists()


def test_resume_with_the_same_settings_goes_on(
    fake_classifier, notes: Path, tmp_path: Path
) -> None:
    out = tmp_path / "s.jsonl"
    analyzer = Analyzer(classifier=fake_classifier, neutral_band=0.3)
    interrupted(analyzer, notes, out, exclude=["*.pdf"])
    kept = read_journal(journal_path(out))
    expected = run_settings(analyzer, DEFAULT_INCLUDE, ["*.pdf"], False, 64 * 2**20)
    assert journal_settings(journal_path(out)) == {**expected, "include": list(DEFAULT_INCLUDE)}
    again = Analyzer(classifier=fake_classifier, neutral_band=0.3)
    summary = run_batch(again, notes, out, resume=True, exclude=("*.pdf",))
    assert summary.skipped == sum(r.ok for r in kept) > 0


def test_a_journal_from_before_the_guard_is_refused(
    fake_classifier, notes: Path, tmp_path: Path
) -> None:
    out = tmp_path / "s.jsonl"
    kept = interrupted(Analyzer(classifier=fake_classifier), notes, out)
    journal_path(out).write_bytes(kept.split(b"\n", 1)[1])  # the records without the header
    with pytest.raises(ResumeError, match="predates the check of resumed settings"):
        run_batch(Analyzer(classifier=fake_classifier), notes, out, resume=True)
    assert not out.exists()
    run_batch(Analyzer(classifier=fake_classifier), notes, out, resume=True, force=True)
    assert out.exists() and not journal_path(out).exists()


def test_an_empty_journal_without_a_header_is_started_again(
    fake_classifier, notes: Path, tmp_path: Path
) -> None:
    out = tmp_path / "s.jsonl"
    journal_path(out).write_bytes(b"")  # a run killed before its header reached the disk

    def stop(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    analyzer = Analyzer(classifier=fake_classifier)
    with pytest.raises(KeyboardInterrupt):
        run_batch(analyzer, notes, out, chunk_size=3, resume=True, on_progress=stop)
    assert journal_settings(journal_path(out)) is not None  # header first, then records
    run_batch(analyzer, notes, out, chunk_size=3, resume=True)
    assert out.exists() and not journal_path(out).exists()


def test_the_model_is_recorded_by_folder_and_content(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    for name, data in [("config.json", b"{}"), ("model.safetensors", b"weights"), ("x.md", b"")]:
        (model / name).write_bytes(data)
    copy = tmp_path / "copy"
    shutil.copytree(model, copy)
    assert model_fingerprint(copy) == model_fingerprint(model)
    (model / "x.md").write_text("a README is not the model")
    assert model_fingerprint(copy) == model_fingerprint(model)
    settings = run_settings(Analyzer(model_dir=model), DEFAULT_INCLUDE, (), False, None)
    assert settings["model"] == str(model.resolve())
    journal = Journal(tmp_path / "o.jsonl.partial", keep=False, settings=settings)
    journal.close()
    (model / "model.safetensors").write_bytes(b"weights, fine-tuned")
    changed = run_settings(Analyzer(model_dir=model), DEFAULT_INCLUDE, (), False, None)
    with pytest.raises(ResumeError, match=r"model_fingerprint \"[0-9a-f]{64}\" -> "):
        check_resumable(journal.path, changed)
    moved = run_settings(Analyzer(model_dir=copy), DEFAULT_INCLUDE, (), False, None)
    with pytest.raises(ResumeError) as refused:
        check_resumable(journal.path, moved)
    assert set(refused.value.differences) == {"model"}


def test_cli_resume_refuses_other_options_in_one_line(
    fake_cli_model, fake_classifier, notes: Path, tmp_path: Path
) -> None:
    out = tmp_path / "s.jsonl"
    interrupted(Analyzer(classifier=fake_classifier), notes, out, **CLI_OPTIONS)
    before = files(tmp_path)
    args = ["batch", str(notes), "-o", str(out), "--resume", "--allow-errors"]
    result = runner.invoke(cli.app, [*args, "--neutral-band", "0.9", "--claims"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "settings: claims false -> true, neutral_band 0.15 -> 0.9; " in lines[0]
    assert files(tmp_path) == before
    kept = sum(r.ok for r in read_journal(journal_path(out)))
    result = runner.invoke(cli.app, args)  # the same options: it goes on
    assert result.exit_code == 0, result.stderr
    assert kept and f" {kept} skipped" in result.stderr
