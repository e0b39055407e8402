"""Backups, restore and the check of a base on a PostgreSQL server (``pg_dump`` /
``pg_restore``): a copy restored into another empty base holds what the base held."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import NOW
from tsj_desk.domain.errors import DatabaseProblem, FileProblem
from tsj_desk.services import server_backups
from tsj_desk.storage import pg_backup
from tsj_desk.storage.database import close_database, open_database

TEXTS = ["Течёт крыша над кв. 12, вода в подъезде",
         "Прошу выдать копию протокола общего собрания от 01.10.2026",
         "Не работает домофон во 2-м подъезде"]


def fill(url: str) -> None:
    """A small base: an organization, a house, two premises with owners (shares 1/2 + 1/2
    and 1), a meter with two readings and three requests."""
    from tsj_desk.services.journal import RequestInput, register_request
    from tsj_desk.storage import models

    open_database(url)
    with models.database.atomic():
        org = models.Organization.create(name="ТСЖ «Берёзка»", inn="5022012345")
        house = models.House.create(organization=org, address="г. Коломна, ул. Лесная, д. 5")
        first = models.Premise.create(house=house, number="1", sort_key="0001")
        second = models.Premise.create(house=house, number="2", sort_key="0002")
        for name, premise, num, den in (("Иванов Иван Иванович", first, 1, 2),
                                        ("Иванова Мария Петровна", first, 1, 2),
                                        ("Петров Пётр Петрович", second, 1, 1)):
            person = models.Person.create(name=name)
            models.Ownership.create(premise=premise, person=person, share_num=num, share_den=den)
        meter = models.Meter.create(premise=first, resource="ХВС", serial="ХВ-001")
        for period, value in (("2026-09", 10), ("2026-10", 14)):
            models.Reading.create(meter=meter, period=period, t1=value)
    for hour, text in enumerate(TEXTS):
        register_request(RequestInput(category="public_info", received_at=datetime(2026, 11, 23, 9 + hour),
                                      applicant="Иванов Иван Иванович", text=text), now=NOW)


def counts() -> dict[str, int]:
    from tsj_desk.storage import models

    return {m.__name__: m.select().count() for m in (models.Person, models.Ownership, models.Premise,
                                                       models.Meter, models.Reading, models.Request)}


def request_texts() -> list[str]:
    from tsj_desk.storage import models

    return [r.text for r in models.Request.select().order_by(models.Request.reg_no)]


@pytest.fixture
def second_pg_url(pg_url):
    from tests.pg_server import fresh_database

    with fresh_database("tsj_restore") as url:
        yield url


def test_dump_restored_into_another_empty_base_holds_the_same_data(pg_url, second_pg_url, tmp_path):
    fill(pg_url)
    before = counts()
    assert before == {"Person": 3, "Ownership": 3, "Premise": 2, "Meter": 1, "Reading": 2, "Request": 3}
    info = server_backups.make_server_backup("manual", now=NOW, folder=tmp_path / "copies")
    close_database()

    base = pg_backup.server_address(pg_url).database
    assert info.path.parent == tmp_path / "copies"
    assert info.path.name.startswith(f"{base}-20261124-120000-manual")
    assert info.path.suffix == ".dump" and info.size > 0
    assert not list((tmp_path / "copies").glob("*.part"))  # nothing half-written left
    if os.name != "nt":
        assert info.path.stat().st_mode & 0o077 == 0  # the copy is as private as the base

    server_backups.restore_server_backup(info.path, second_pg_url, now=datetime(2026, 11, 24, 15, 30))
    open_database(second_pg_url)
    try:
        assert counts() == before
        assert request_texts() == TEXTS
        from tsj_desk.storage.models import AuditEntry

        last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
        assert (last.action, last.entity, last.at) == ("restore", "base", datetime(2026, 11, 24, 15, 30))
        assert info.path.name in last.details
        from tsj_desk.services.server_check import check_open_base

        assert check_open_base().ok
    finally:
        close_database()


def test_the_backups_folder_lists_the_base_s_dumps_newest_first(pg_url, tmp_path):
    fill(pg_url)
    try:
        folder = tmp_path / "copies"
        older = server_backups.make_server_backup("manual", now=datetime(2026, 11, 23, 18, 0), folder=folder)
        newer = server_backups.make_server_backup("daily", now=NOW, folder=folder)
        (folder / "notes.txt").write_text("не копия", encoding="utf-8")
        listed = server_backups.list_server_backups(folder)
        assert [b.path for b in listed] == [newer.path, older.path]
        assert [b.trigger_label for b in listed] == ["ежедневная", "вручную"]
    finally:
        close_database()


def test_restore_into_a_base_with_tables_is_refused_and_changes_nothing(pg_url, tmp_path):
    fill(pg_url)
    try:
        info = server_backups.make_server_backup("manual", now=NOW, folder=tmp_path)
        with pytest.raises(DatabaseProblem) as refused:
            server_backups.restore_server_backup(info.path, pg_url)
        assert "не пуста" in refused.value.message and "пустую базу" in refused.value.message
        assert "postgres:postgres@" not in refused.value.message  # never the password
        assert request_texts() == TEXTS and counts()["Request"] == 3
    finally:
        close_database()


def test_a_file_that_is_no_dump_is_refused_before_the_base_is_touched(second_pg_url, tmp_path):
    fake = tmp_path / "tsj-20261124-120000-manual.dump"
    fake.write_bytes(b"PGDMP but not really a dump")
    with pytest.raises(FileProblem) as refused:
        server_backups.restore_server_backup(fake, second_pg_url)
    assert "не целая копия" in refused.value.message
    assert pg_backup.user_tables(second_pg_url) == []


def test_missing_pg_dump_is_named_with_what_to_install(pg_url, tmp_path):
    fill(pg_url)
    try:
        with pytest.raises(DatabaseProblem) as missing:
            server_backups.make_server_backup("manual", now=NOW, folder=tmp_path / "copies",
                                              search_path=str(tmp_path / "empty-path"), folders=[])
        message = missing.value.message
        assert message.startswith("Не найдена программа pg_dump")
        assert "postgresql-client" in message and "Command Line Tools" in message
        assert not (tmp_path / "copies").exists()  # nothing started
    finally:
        close_database()


def test_pg_dump_found_in_a_postgresql_folder_newest_version_first(tmp_path):
    for version in ("9.6", "15", "13"):
        folder = tmp_path / "postgresql" / version / "bin"
        folder.mkdir(parents=True)
        program = folder / "pg_dump"
        program.write_text("#!/bin/sh\n", encoding="utf-8")
        program.chmod(0o755)
    found = pg_backup.find_tool("pg_dump", search_path=str(tmp_path / "nothing"),
                                folders=[str(tmp_path / "postgresql" / "*" / "bin")], platform="linux")
    assert found == tmp_path / "postgresql" / "15" / "bin" / "pg_dump"


def test_the_password_goes_through_the_environment_never_the_command_line(tmp_path):
    seen = {}

    def runner(command, **kwargs):
        seen.setdefault("commands", []).append(command)
        seen.setdefault("env", kwargs["env"])  # the environment pg_dump ran in
        if "--list" in command:
            return subprocess.CompletedProcess(command, 0, "1; 2 0 TABLE DATA public request postgres\n", "")
        Path(next(a for a in command if a.startswith("--file="))[7:]).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(command, 0, "", "")

    fake_tool = tmp_path / "bin"
    fake_tool.mkdir()
    for name in ("pg_dump", "pg_restore"):
        (fake_tool / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (fake_tool / name).chmod(0o755)
    target = pg_backup.dump("postgresql://office:s3cr%40t@server.local:5433/tsj", tmp_path / "c.dump",
                            runner=runner, search_path=str(fake_tool))
    assert target.read_bytes() == b"PGDMP"
    assert seen["env"]["PGPASSWORD"] == "s3cr@t"
    assert [Path(c[0]).name for c in seen["commands"]] == ["pg_dump", "pg_restore"]  # made, then listed
    dump_command = seen["commands"][0]
    assert "--dbname=postgresql://office@server.local:5433/tsj" in dump_command
    assert not any("s3cr" in part for command in seen["commands"] for part in command)


def test_a_failing_pg_dump_leaves_no_file_and_hides_the_password(tmp_path):
    def runner(command, **kwargs):
        return subprocess.CompletedProcess(command, 1, "", "pg_dump: error: connection to server failed: "
                                           "FATAL:  password authentication failed (tried s3cr@t)")

    fake_tool = tmp_path / "bin"
    fake_tool.mkdir()
    (fake_tool / "pg_dump").write_text("#!/bin/sh\n", encoding="utf-8")
    (fake_tool / "pg_dump").chmod(0o755)
    with pytest.raises(DatabaseProblem) as failed:
        pg_backup.dump("postgresql://office:s3cr%40t@server.local/tsj", tmp_path / "out" / "c.dump",
                       runner=runner, search_path=str(fake_tool))
    assert "password authentication failed" in failed.value.message
    assert "s3cr@t" not in failed.value.message
    assert list((tmp_path / "out").iterdir()) == []


def test_server_check_names_shares_over_one_and_readings_of_nobody(pg_url):
    from tsj_desk.services.server_check import check_open_base
    from tsj_desk.storage import models

    fill(pg_url)
    try:
        assert check_open_base().ok
        first = models.Premise.get(models.Premise.number == "1")
        extra = models.Person.create(name="Сидоров Сидор")
        models.Ownership.create(premise=first, person=extra, share_num=1, share_den=3)  # 1/2 + 1/2 + 1/3
        stray = models.Meter.create(resource="ГВС", serial="ГВ-777")  # neither premise nor house
        models.Reading.create(meter=stray, period="2026-10", t1=5)
        found = check_open_base()
        assert not found.ok
        text = found.describe()
        assert "сумма долей открытых прав больше 1 у 1 помещения: № 1 — 4/3" in text
        assert "счётчики, не привязанные ни к помещению, ни к дому: 1 (ГВ-777), показаний у них: 1" in text
    finally:
        close_database()


def test_server_check_finds_a_reference_a_switched_off_constraint_let_through(pg_url):
    from tsj_desk.services.server_check import check_open_base
    from tsj_desk.storage import models

    fill(pg_url)
    try:
        db = models.database.obj
        with db.atomic():
            db.execute_sql("SET LOCAL session_replication_role = replica")  # triggers, FK checks off
            meter = models.Meter.get().id
            db.execute_sql('DELETE FROM "reading" WHERE meter_id = %s', (meter,))
            db.execute_sql('INSERT INTO "reading" (meter_id, period, source, flagged) '
                           "VALUES (%s, '2026-11', 'manual', '')", (meter + 1000,))
        text = check_open_base().describe()
        assert "таблица reading: 1 ссылка в поле meter_id на несуществующие записи meter" in text
        assert "1 показание без счётчика" in text
    finally:
        close_database()
