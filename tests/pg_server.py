"""A real PostgreSQL server for the tests that need one.

``TSJ_TEST_PG_URL`` names a role that may create databases on a server the tests may
use (``.ci/run`` starts one and sets it). Each test gets a database of its own, made
empty and dropped after it. Without the variable (or with the server down) those tests
are skipped, their reason printed by pytest's ``-ra`` summary: never silently.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import os
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
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
    return _unanswered(url)


@functools.lru_cache(maxsize=8)
def _unanswered(url: str) -> str | None:
    """Asked once per server and run: a test run asks before every test."""
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


_to_drop: queue.Queue[str | None] = queue.Queue()
_dropper: threading.Thread | None = None


def _drop_queued() -> None:
    import psycopg

    while (name := _to_drop.get()) is not None:
        try:
            with psycopg.connect(admin_url(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception:  # the server gone: nothing left to drop
            pass
        finally:
            _to_drop.task_done()
    _to_drop.task_done()


def drop_later(name: str) -> None:
    """Drop the database ``name`` in the background (a drop takes the server a good part of
    a second: the next test runs meanwhile); every drop is done before the run ends."""
    global _dropper
    if _dropper is None:
        _dropper = threading.Thread(target=_drop_queued, name="drop test databases", daemon=True)
        _dropper.start()
        atexit.register(_finish_drops)
    _to_drop.put(name)


def _finish_drops() -> None:
    _to_drop.put(None)
    _to_drop.join()


_templates: dict[str, str] = {}


def _drop_templates() -> None:
    if not _templates:
        return
    import psycopg

    try:
        with psycopg.connect(admin_url(), autocommit=True) as admin:
            for name in _templates.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:  # the server gone at the end of the run: nothing left to drop
        pass
    _templates.clear()


atexit.register(_drop_templates)


@contextmanager
def copy_of_template(kind: str, make: Callable[[str], object]) -> Iterator[str]:
    """A database of its own holding what ``make(url)`` writes into an empty one: made
    once per run (the template) and copied by the server for each test (``CREATE
    DATABASE … TEMPLATE``, a file copy: much faster than making it again)."""
    import psycopg

    from tsj_desk.storage.database import close_database

    template = _templates.get(kind)
    if template is None:
        name = f"tsj_template_{kind}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin_url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            make(database_url(name))
        except BaseException:
            close_database()
            with psycopg.connect(admin_url(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            raise
        close_database()  # a template takes no connection while it is copied
        _templates[kind] = template = name
    copy = f"tsj_test_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    try:
        yield database_url(copy)
    finally:
        drop_later(copy)
