"""Shared fixtures: every test gets a fresh database file and data folder."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI runs every property test derandomized (the same examples each time) and keeps
# no example database; locally examples are random and failures are remembered.
# Neither times an example: how fast is for benchmarks/, never a reason to fail.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("local", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")

# Copies of the real layouts of ../shared/samples, kept with the tests.
SAMPLES = Path(__file__).resolve().parent / "samples"

TODAY = date(2026, 11, 24)
# The moment every test runs at, unless it moves the clock itself: an office's midday,
# when the demo's emergency of the morning (due 08:30) is already hours overdue.
NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture(autouse=True)
def fixed_clock():
    """The program's one clock stands at ``NOW``: no test depends on the hour it runs at.
    A test that needs another moment sets ``fixed_clock.moment``."""
    from tsj_desk import clock

    fixed = clock.FixedClock(NOW)
    previous = clock.use(fixed)
    yield fixed
    clock.use(previous)


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    """Point the user's data folder at a temporary one: tests never touch real data."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return folder


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path):
    """A fresh, migrated SQLite database bound to the models."""
    from tsj_desk.storage.database import close_database, open_database

    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture
def demo_db(tmp_path):
    """The demo database, freshly created."""
    from tsj_desk.services.demo import create_demo_database
    from tsj_desk.storage.database import close_database, database

    path = create_demo_database(tmp_path / "demo.sqlite3", today=TODAY)
    yield database.obj
    close_database()
    _ = path


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def pg_url():
    """The URL of an empty database of its own on a real PostgreSQL server
    (``tests/pg_server.py``); the test is skipped, with the reason, where there is none."""
    from tests.pg_server import fresh_database, unavailable_reason

    if reason := unavailable_reason():
        pytest.skip(reason)
    with fresh_database() as url:
        yield url
