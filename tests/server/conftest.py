"""Fixtures of the server's tests: the app around the FakeClassifier, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from sentiment.server import ServerSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
NOTE = ROOT / "corpora" / "examples" / "note.txt"
BASE_URL = "http://127.0.0.1:8000"


def fill_library(folder: Path, count: int) -> Path:
    """A library of ``count`` dated generated notes (90 days from 2026-06-01), scored by the
    fake model; its path."""
    from evaluation.make_notes import write_dated_corpus
    from sentiment.api import Analyzer
    from sentiment.desk.ingest import add_paths
    from sentiment.desk.library import Library
    from tests.conftest import FakeClassifier

    paths = write_dated_corpus(folder, count, 7, date(2026, 6, 1), 90, (0.3, 0.6))
    path = folder / "library.db"
    with Library(path) as library:
        summary = add_paths(library, paths, Analyzer(classifier=FakeClassifier()))
    assert summary.counts["added"] == count
    return path


def client_for(app, **kwargs) -> TestClient:
    """A client that talks to ``app`` as a browser on this machine would."""
    return TestClient(app, base_url=BASE_URL, **kwargs)


@pytest.fixture
def note_text() -> str:
    return NOTE.read_text(encoding="utf-8")


@pytest.fixture
def settings() -> ServerSettings:
    return ServerSettings()


@pytest.fixture
def app(analyzer, settings):
    return create_app(analyzer, settings=settings)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with client_for(app) as test_client:
        yield test_client
