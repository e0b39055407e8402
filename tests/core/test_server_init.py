"""``tsj-desk server init``: the schema, an owner role that owns every table, and the
application role of the office PCs, which works with the data (registers a request,
imports a register) but can't UPDATE, DELETE or TRUNCATE the change log or the
disclosure log, nor ALTER them or disable their triggers."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from openpyxl import Workbook

from tsj_desk.cli import main
from tsj_desk.storage.migrations import LATEST_VERSION
from tests.pg_server import admin_url


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def roles(pg_url):
    """Names of the two roles for this test alone (roles belong to the whole server);
    dropped with everything they hold afterwards."""
    tag = uuid.uuid4().hex[:8]
    owner, app = f"tsj_owner_{tag}", f"tsj_office_{tag}"
    yield owner, app
    with psycopg.connect(pg_url, autocommit=True) as admin:
        for role in (app, owner):
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                admin.execute(f'DROP OWNED BY "{role}" CASCADE')
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        base = urlsplit(pg_url).path.lstrip("/")
        admin.execute(f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')
        for role in (app, owner):
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def as_role(url: str, role: str, password: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{parts.hostname}:{parts.port}"))


def test_the_office_role_works_with_the_data_but_cannot_touch_the_logs(capsys, pg_url, roles, tmp_path):
    owner, app = roles
    code, out, err = run(capsys, "server", "init", "--db", pg_url, "--owner", owner,
                         "--app-user", app, "--app-password", "Office-pw-1")
    assert code == 0, err
    assert f"схема версии {LATEST_VERSION}" in out and "Office-pw-1" not in out
    office = as_role(pg_url, app, "Office-pw-1")
    with psycopg.connect(pg_url) as admin:
        owners = {o for (o,) in admin.execute(
            "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
    assert owners == {owner}

    # the office's work, as the office PCs do it
    code, out, err = run(capsys, "request", "add", "--db", office, "--category", "maintenance",
                         "--received", "02.11.2026 10:00", "--applicant", "Петрова Анна",
                         "--text", "Течёт кран")
    assert (code, out.strip()) == (0, "2026-0001"), err
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Кв.", "Площадь", "Собственник", "Доля"])
    sheet.append([1, 40, "Иванов Иван Иванович", "1"])
    sheet.append([2, 30, "Петров Пётр Петрович", "1"])
    workbook.save(tmp_path / "реестр.xlsx")
    code, out, err = run(capsys, "import-registry", tmp_path / "реестр.xlsx", "--db", office)
    assert code == 0, err
    code, out, err = run(capsys, "export-register", "--db", office, "--out", tmp_path / "р.xlsx",
                         "--requested-by", "Собственник кв. 7", "--purpose", "Общее собрание")
    assert code == 0, err  # a disclosure is added to its log

    with psycopg.connect(office, autocommit=True) as pc:
        assert pc.execute('SELECT count(*) FROM "audit_entry"').fetchone()[0] > 0
        assert pc.execute('SELECT count(*) FROM "disclosure"').fetchone()[0] == 1
        for table in ("audit_entry", "disclosure"):
            for statement in (f'UPDATE "{table}" SET "id" = "id"', f'DELETE FROM "{table}"',
                              f'TRUNCATE "{table}"', f'ALTER TABLE "{table}" DISABLE TRIGGER ALL',
                              f'ALTER TABLE "{table}" DISABLE TRIGGER USER',
                              f'ALTER TABLE "{table}" ADD COLUMN "x" TEXT',
                              f'DROP TABLE "{table}"'):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    pc.execute(statement)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pc.execute('INSERT INTO "schema_version" ("version") VALUES (999)')
        assert pc.execute('SELECT count(*) FROM "audit_entry"').fetchone()[0] > 0

    # the owner can't rewrite the logs either: the triggers of migrations 5 and 10, whose
    # refusal is an integrity violation, as on SQLite
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f'SET ROLE "{owner}"')
        for table in ("audit_entry", "disclosure"):
            with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
                admin.execute(f'DELETE FROM "{table}"')

    # a second run keeps everything and the office's password
    code, out, err = run(capsys, "server", "init", "--db", pg_url, "--owner", owner, "--app-user", app)
    assert code == 0, err
    code, out, err = run(capsys, "request", "list", "--db", office, "--json")
    assert code == 0 and "2026-0001" in out, err


def test_server_init_wants_a_server_and_a_password_for_a_new_role(capsys, pg_url, roles, tmp_path):
    owner, app = roles
    code, _, err = run(capsys, "server", "init", "--db", tmp_path / "база.sqlite3")
    assert code == 2 and "готовит базу на сервере PostgreSQL" in err
    code, _, err = run(capsys, "server", "init", "--db", pg_url, "--app-user", "Офис")
    assert code == 2 and "Имя роли программы «Офис» не подходит" in err
    code, _, err = run(capsys, "server", "init", "--db", pg_url, "--owner", owner, "--app-user", app)
    assert code == 1 and f"Роль программы {app} создаётся впервые" in err


def test_server_init_explains_itself_in_russian(capsys):
    with pytest.raises(SystemExit):
        main(["server", "init", "-h"])
    out = " ".join(capsys.readouterr().out.split())  # as read, whatever the wrapping
    assert out.startswith("использование: tsj-desk server init")
    assert "не может очистить (TRUNCATE), изменить (ALTER) или отключить триггеры" in out
    assert "--app-password ПАРОЛЬ" in out


def test_an_office_pc_meeting_a_schema_to_migrate_is_told_who_can(capsys, pg_url, roles, monkeypatch):
    """A new version reaching the office first: its migration needs the owner's rights."""
    from tsj_desk.domain.errors import DatabaseProblem
    from tsj_desk.storage import migrations
    from tsj_desk.storage.database import close_database, open_database

    owner, app = roles
    assert run(capsys, "server", "init", "--db", pg_url, "--owner", owner, "--app-user", app,
               "--app-password", "Office-pw-1")[0] == 0

    def next_release(db):
        db.execute_sql('CREATE TABLE "next_release" ("id" INTEGER PRIMARY KEY)')

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, next_release])
    db = open_database(as_role(pg_url, app, "Office-pw-1"), migrate=False)
    try:
        with pytest.raises(DatabaseProblem) as refused:
            migrations.upgrade(db, LATEST_VERSION + 1)
        assert migrations.schema_version(db) == LATEST_VERSION  # nothing half done
    finally:
        close_database()
    parts = urlsplit(pg_url)
    assert refused.value.message == (
        f"Эта версия программы должна обновить схему базы на сервере, а у пользователя «{app}» "
        "нет на это прав (компьютеры офиса работают с данными, схему меняет владелец базы). "
        "Попросите администратора сервера выполнить: tsj-desk server init --db "
        f"postgresql://администратор@{parts.hostname}:{parts.port}{parts.path} — и откройте базу снова.")
