"""A real PostgreSQL server for the tests that need one.

``TSJ_TEST_PG_URL`` names a role that may create databases on a server the tests may
use (``.ci/run`` starts one and sets it). Each test gets a database of its own, made
empty and dropped after it. Without the variable (or with the server down) those tests
are skipped, their reason printed by pytest's ``-ra`` summary: never silently.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

PG_URL_VARIABLE = "TSJ_TEST_PG_URL"

_counter = itertools.count(1)


def admin_url() -> str | None:
    """The URL of the server role that creates the tests' databases, or None."""
    return os.environ.get(PG_URL_VARIABLE) or None


def unavailable_reason() -> str | None:
    """Why no PostgreSQL test can run here (None: the server answers)."""
    url = admin_url()
    if url is None:
        return f"no PostgreSQL server: {PG_URL_VARIABLE} is not set"
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5):
            pass
    except Exception as exc:  # any reason the server does not answer is a reason to skip
        return f"PostgreSQL server at {PG_URL_VARIABLE} does not answer: {exc}"
    return None


def database_url(name: str) -> str:
    """The admin URL pointed at the database ``name``."""
    parts = urlsplit(admin_url() or "")
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def fresh_database(prefix: str = "tsj_test") -> Iterator[str]:
    """An empty database of its own on the test server; its URL. Dropped afterwards,
    whatever connections are still open to it."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with psycopg.connect(admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
