"""``tsj-desk backup``, ``restore`` and ``check`` with ``--db postgresql://…``."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.core.test_server_backups import TEXTS, counts, fill, request_texts
from tsj_desk.cli import main
from tsj_desk.storage import pg_backup
from tsj_desk.storage.database import close_database, open_database


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def other_pg_url(pg_url):
    from tests.pg_server import fresh_database

    with fresh_database("tsj_cli_restore") as url:
        yield url


def test_backup_restore_and_check_of_a_server_base(capsys, pg_url, other_pg_url, tmp_path):
    fill(pg_url)
    before = counts()
    close_database()
    password = f":{urlsplit(pg_url).password}@"

    code, out, err = run(capsys, "backup", "--db", pg_url, "--to", tmp_path / "copies")
    assert (code, err) == (0, "")
    copy = tmp_path / "copies" / out.strip().rsplit("/", 1)[-1]
    assert copy.is_file() and copy.suffix == ".dump"
    assert out.strip() == str(copy)

    code, out, err = run(capsys, "restore", copy, "--db", other_pg_url)
    assert (code, err) == (0, "")
    assert f"восстановлена из «{copy.name}»" in out and password not in out

    code, out, err = run(capsys, "check", "--db", other_pg_url)
    assert code == 0, err
    assert out.startswith("База исправна")

    open_database(other_pg_url)
    try:
        assert counts() == before and request_texts() == TEXTS
    finally:
        close_database()

    code, out, err = run(capsys, "restore", copy, "--db", other_pg_url)  # now filled: refused
    assert code == 1
    assert "не пуста" in err and password not in err


def test_check_exits_1_naming_a_premise_whose_shares_exceed_one(capsys, pg_url):
    from tsj_desk.storage import models

    fill(pg_url)
    second = models.Premise.get(models.Premise.number == "2")
    models.Ownership.create(premise=second, person=models.Person.create(name="Сидоров Сидор"),
                            share_num=1, share_den=2)
    close_database()
    code, out, _ = run(capsys, "check", "--db", pg_url)
    assert code == 1
    assert "№ 2 — 3/2" in out


def test_backup_without_pg_dump_says_what_to_install(capsys, pg_url, tmp_path, monkeypatch):
    fill(pg_url)
    close_database()
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    monkeypatch.setattr(pg_backup, "TOOL_FOLDERS_POSIX", ())
    monkeypatch.setattr(pg_backup, "TOOL_FOLDERS_WINDOWS", ())
    code, out, err = run(capsys, "backup", "--db", pg_url, "--to", tmp_path / "copies")
    assert code == 1 and out == ""
    assert err.startswith("Не найдена программа pg_dump из PostgreSQL")
    assert "Traceback" not in err
    assert not (tmp_path / "copies").exists()
