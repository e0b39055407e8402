"""The database file: pragmas, schema version, migrations on a filled database."""

import sqlite3

import pytest

from tsj_desk.domain.errors import DatabaseProblem
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.migrations import LATEST_VERSION, schema_version


@pytest.mark.sqlite_only  # SQLite's PRAGMAs
def test_pragmas_apply_to_every_connection(db):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert schema_version(db) == LATEST_VERSION


@pytest.mark.sqlite_only  # reopens the base by its file's name
def test_reopening_a_filled_database_keeps_every_row(demo_db, tmp_path):
    path = demo_db.database
    counts = {t: demo_db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("premise", "person", "ownership")}
    close_database()
    db = open_database(path)
    assert {t: db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts} == counts
    assert counts["premise"] >= 100


def test_a_database_of_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    with pytest.raises(DatabaseProblem, match="более новой версией"):
        open_database(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"These are my notes, not a database. " * 200)
    with pytest.raises(DatabaseProblem, match="повреждён или не является базой"):
        open_database(path)


def test_foreign_keys_are_enforced(db):
    import peewee

    from tsj_desk.storage.models import Ownership

    with pytest.raises(peewee.IntegrityError):
        Ownership.create(premise=999, person=999, share_num=1, share_den=1)


def test_a_server_password_never_reaches_a_message():
    from tsj_desk.storage.database import describe_database_error, shown_target

    url = "postgresql://tsj:s3cret@192.168.1.20:5432/tsj"
    assert shown_target(url) == "postgresql://tsj@192.168.1.20:5432/tsj"
    assert shown_target("postgresql://tsj@server/tsj") == "postgresql://tsj@server/tsj"
    refused = OSError(f'could not connect to {url}: connection refused')
    message = describe_database_error(url, refused)
    assert "s3cret" not in message
    assert message == ("Не удалось открыть базу «postgresql://tsj@192.168.1.20:5432/tsj»: could not "
                       "connect to postgresql://tsj@192.168.1.20:5432/tsj: connection refused")


def test_a_setting_is_overwritten_in_place(db):
    from tsj_desk.storage.models import Setting

    Setting.put("backup.folder", "D:/Копии")
    Setting.put("backup.folder", "E:/Копии")
    assert [(s.key, s.value) for s in Setting.select().where(Setting.key == "backup.folder")] == [
        ("backup.folder", "E:/Копии")]
