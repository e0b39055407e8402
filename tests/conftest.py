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
    # the cache (the calendar's stored answers) beside the test's folder, not in it: tests
    # list what the program wrote into their folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / f"{tmp_path.name}-cache"))
    return folder


@pytest.fixture(autouse=True)
def calendar_source():
    """The calendar asks the ``holidays`` package itself unless a test (or an entry point
    it runs: the command line, the window's application) sets another source."""
    from tsj_desk.domain import holiday_source

    previous = holiday_source.use(holiday_source.PACKAGE)
    yield
    holiday_source.use(previous)


ENGINE_VARIABLE = "TSJ_TEST_ENGINE"
ENGINE = (os.environ.get(ENGINE_VARIABLE) or "sqlite").strip().lower()
"""The engine the ``db``, ``demo_db`` and ``db_target`` fixtures give a test:
``sqlite`` (a file, the default) or ``postgresql`` (a database of its own on the server
named by ``TSJ_TEST_PG_URL``, see tests/pg_server.py)."""
ON_SERVER = ENGINE in ("postgresql", "postgres", "pg")


def pytest_configure(config):
    if ENGINE not in ("sqlite", "postgresql", "postgres", "pg"):
        raise pytest.UsageError(f"{ENGINE_VARIABLE}={ENGINE}: expected sqlite or postgresql")


def pytest_report_header(config):
    return f"database engine of the tests: {'postgresql' if ON_SERVER else 'sqlite'}"


ENGINE_FIXTURES = frozenset({"db", "demo_db", "db_target", "pg_url", "base_snapshot"})
"""A test that asks none of these never opens a base of the chosen engine."""


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL only the tests that open a base of the engine run: the others (a file,
    a parser, a base of their own made as a SQLite file) ran already in the SQLite run, the
    same. They are deselected, counted in the summary."""
    if not ON_SERVER:
        return
    kept, left = [], []
    for item in items:
        (kept if ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def pytest_runtest_setup(item):
    """On PostgreSQL a test about SQLite's file (``sqlite_only``) or one not yet passing
    there (``pg_pending``, with its reason) is skipped, the reason printed by ``-ra``."""
    if not ON_SERVER:
        return
    if item.get_closest_marker("sqlite_only") is not None:
        pytest.skip("sqlite_only: the test is about SQLite's own file, not run on PostgreSQL")
    if (pending := item.get_closest_marker("pg_pending")) is not None:
        reason = pending.kwargs.get("reason") or (pending.args[0] if pending.args else "")
        pytest.skip(f"pg_pending: {reason}")


def _server_or_skip() -> None:
    from tests.pg_server import unavailable_reason

    if reason := unavailable_reason():
        pytest.skip(reason)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db_target(db_path):
    """Where the test's base is: the SQLite file's path (made by whoever opens it first),
    or (``TSJ_TEST_ENGINE=postgresql``) the URL of a database of its own on the test
    server, already migrated (a copy of a base migrated once per run). Give it to the
    command line's ``--db`` or to ``open_database``; the ``db`` fixture opens this base."""
    if not ON_SERVER:
        yield db_path
        return
    from tests.pg_server import copy_of_template
    from tsj_desk.storage.database import open_database

    _server_or_skip()
    with copy_of_template("migrated", open_database) as url:
        yield url


@pytest.fixture
def db(db_target):
    """A fresh, migrated database bound to the models (SQLite, or PostgreSQL: ``ENGINE``)."""
    from tsj_desk.storage.database import close_database, open_database

    database = open_database(db_target)
    yield database
    close_database()


@pytest.fixture
def base_snapshot(db_target):
    """What the test's base holds, to compare before and after an action that must change
    nothing: the SQLite file's bytes (nothing at all written), on PostgreSQL every row of
    every table (read through a connection of its own)."""
    def snapshot():
        if not ON_SERVER:
            return db_target.read_bytes() if db_target.exists() else b""
        import psycopg

        with psycopg.connect(db_target) as connection:
            tables = [name for (name,) in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
            return {table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"')))
                    for table in tables}

    return snapshot


@pytest.fixture
def demo_db(tmp_path, tmp_path_factory):
    """The demo database, freshly created (on PostgreSQL: a copy of one made once; with
    ``TSJ_TEST_BASE=scale100`` a copy of the 100× base made once, see tests/big_demo.py)."""
    from tsj_desk.services.demo import create_demo_database
    from tsj_desk.storage.database import close_database, database, open_database

    if ON_SERVER:
        from tests.pg_server import copy_of_template

        _server_or_skip()
        with copy_of_template("demo", lambda url: create_demo_database(url, today=TODAY)) as url:
            open_database(url)
            yield database.obj
            close_database()
        return
    from tests import big_demo

    if big_demo.wanted():
        path = big_demo.copy_of_template(tmp_path_factory.mktemp, TODAY, tmp_path / "demo.sqlite3")
        open_database(path)
    else:
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
