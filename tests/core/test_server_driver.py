"""The PostgreSQL driver is imported only for a server base: peewee would import it at
every start (0.3–0.7 s), though an office on a SQLite file never needs it."""

from __future__ import annotations

import subprocess
import sys


def test_a_sqlite_start_does_not_import_the_server_driver(tmp_path):
    code = (
        "import sys\n"
        "from tsj_desk.storage.database import open_database, close_database\n"
        "import ui.app, ui.main_window\n"
        f"open_database({str(tmp_path / 'base.sqlite3')!r})\n"
        "close_database()\n"
        "print('psycopg' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_a_server_base_gets_the_driver(pg_url):
    import peewee

    from tsj_desk.storage.database import close_database, open_database

    db = open_database(pg_url)
    try:
        assert isinstance(db, peewee.PostgresqlDatabase)
        assert isinstance(db._adapter, peewee.Psycopg3Adapter)
        assert db.execute_sql("SELECT 1 + 1").fetchone()[0] == 2
    finally:
        close_database()
