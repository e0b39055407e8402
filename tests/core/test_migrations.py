"""Migrations tested from frozen schemas.

``schemas/vN.sql`` is the SQLite DDL that the release at schema version N made (dumped
from the bases those commits created, never from today's models). A base of each old
version is built from it, filled with rows written out below, and opened the way the
program opens it; every row must survive and the schema must end as a fresh base's.
A fresh base, in turn, must have the tables today's models describe: a column added to
a model without a migration fails here.
"""

import re
import sqlite3
from contextlib import closing
from datetime import date, datetime, time
from pathlib import Path

import peewee
import pytest

from tsj_desk.domain.deadlines import DEFAULT_CATEGORIES
from tsj_desk.services import backups, journal, session
from tsj_desk.storage import models
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.migrations import BASE_ID_VERSION, LATEST_VERSION, schema_version, upgrade

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NOW = datetime(2026, 11, 24, 12, 0)
RELEASED = range(1, 10)  # the versions of schemas/vN.sql

# The journal's trigram search index (migration 6) and the shadow tables SQLite keeps for it.
SEARCH_TABLES = {"request_search", "request_search_config", "request_search_data",
                 "request_search_docsize", "request_search_idx"}


def trigram_available() -> bool:
    with closing(sqlite3.connect(":memory:")) as connection:
        try:
            connection.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
        except sqlite3.OperationalError:
            return False
    return True


# ---------------------------------------------------------------- the rows of an old base

# (the schema version that made the table, the table, its rows in the order written)
ROWS: list[tuple[int, str, list[dict]]] = [
    (1, "organization", [
        dict(id=1, name="ТСЖ «Берёзка»", kind="ТСЖ", inn="7701234567", ogrn="1027700000011",
             address="г. Москва, ул. Лесная, д. 5", city="Москва", chairman="Петров Пётр Петрович",
             chairman_position="председатель правления"),
    ]),
    (1, "house", [
        dict(id=1, organization_id=1, address="г. Москва, ул. Лесная, д. 5", total_area=4210.5),
    ]),
    (1, "premise", [
        dict(id=1, house_id=1, number="1", sort_key="0:00000001", kind="flat", area=52.3, entrance="1",
             floor="1", cadastral_number="77:01:0001001:1001", account="100001", search_key="1 100001"),
        dict(id=2, house_id=1, number="2", sort_key="0:00000002", kind="flat", area=64.8, entrance="1",
             floor="1", cadastral_number=None, account="100002", search_key="2 100002"),
        dict(id=3, house_id=1, number="Н1", sort_key="1:н00000001", kind="nonresidential", area=120.0,
             entrance=None, floor="цоколь", cadastral_number="77:01:0001001:1100", account=None,
             search_key="н1"),
    ]),
    (1, "person", [
        dict(id=1, is_legal=0, name="Иванов Иван Иванович", last_name="Иванов", first_name="Иван",
             patronymic="Иванович", ogrn=None, inn=None, phone="+7 916 000-00-01",
             email="ivanov@example.ru", postal_address="г. Москва, ул. Лесная, д. 5, кв. 1",
             note=None, search_key="иванов иван иванович"),
        dict(id=2, is_legal=0, name="Иванова Мария Петровна", last_name="Иванова", first_name="Мария",
             patronymic="Петровна", ogrn=None, inn=None, phone=None, email=None, postal_address=None,
             note="совместная собственность с супругом", search_key="иванова мария петровна"),
        dict(id=3, is_legal=1, name="ООО «Ромашка»", last_name=None, first_name=None, patronymic=None,
             ogrn="1157746000123", inn="7705000123", phone="+7 495 000-00-03", email=None,
             postal_address="г. Москва, ул. Полевая, д. 1", note=None, search_key="ооо «ромашка»"),
    ]),
    (1, "ownership", [
        dict(id=1, premise_id=1, person_id=1, share_num=1, share_den=2, joint_group=None,
             egrn_number="77:01:0001001:1001-77/051/2019-3", egrn_date="2019-03-14",
             valid_from="2019-03-14", valid_to=None, member=1, member_since="2019-04-01", note=None),
        dict(id=2, premise_id=1, person_id=2, share_num=1, share_den=2, joint_group=None,
             egrn_number="77:01:0001001:1001-77/051/2019-3", egrn_date="2019-03-14",
             valid_from="2019-03-14", valid_to=None, member=0, member_since=None, note="супруга"),
        dict(id=3, premise_id=2, person_id=1, share_num=1, share_den=1, joint_group=None,
             egrn_number=None, egrn_date=None, valid_from="2015-06-01", valid_to="2024-06-30",
             member=1, member_since="2015-07-01", note="продал квартиру"),
        dict(id=4, premise_id=3, person_id=3, share_num=1, share_den=1, joint_group=None,
             egrn_number="77:01:0001001:1100-77/051/2021-1", egrn_date="2021-09-01",
             valid_from="2021-09-01", valid_to=None, member=0, member_since=None, note=None),
    ]),
    (1, "audit_entry", [
        dict(id=1, at="2026-03-02 10:15:00", user="admin", action="import", entity="premise",
             entity_id=None, details='{"file": "реестр.xlsx", "premises": 3}'),
        dict(id=2, at="2026-03-02 10:20:31.250000", user="admin", action="edit", entity="ownership",
             entity_id=3, details='{"valid_to": "2024-06-30"}'),
    ]),
    (1, "disclosure", [
        dict(id=1, at="2026-04-10 11:00:00", user="admin", requested_by="Сидоров С. С., кв. 2",
             purpose="созыв общего собрания", request_id=None, as_of="2026-04-10", rows=4,
             file_name="реестр собственников 2026-04-10.xlsx", sha256="ab" * 32),
    ]),
    (2, "setting", [
        dict(key="journal.responsible", value="Петров П. П."),
        dict(key="organization.phone", value="+7 495 000-00-00"),
    ]),
    (2, "request_category", [
        dict(id=1, code="maintenance", label="Об услугах и работах по содержанию общего имущества",
             amount=5, kind="working", basis="ПП 491 п. 40 «а»", shift_to_working_day=1,
             note="договор управления п. 4.2", position=0),
        dict(id=2, code="utility_quality", label="Жалоба на качество коммунальной услуги", amount=3,
             kind="working", basis="ПП 354 п. 31 «к»", shift_to_working_day=1, note="", position=1),
        dict(id=3, code="emergency", label="Аварийная заявка (диспетчерская служба)", amount=30,
             kind="hours", basis="ПП 416 п. 13", shift_to_working_day=0, note="", position=2),
    ]),
    (2, "calendar_override", [
        dict(id=1, day="2026-11-06", working=0, note="региональный праздник"),
    ]),
    (2, "request_sequence", [
        dict(year=2026, last=2),
    ]),
    (2, "request", [
        dict(id=1, reg_no="2026-0001", received_at="2026-11-02 10:15:00", channel="letter", person_id=1,
             applicant="Иванов Иван Иванович", applicant_contacts="+7 916 000-00-01", premise_id=1,
             premise_number="1", category_id=1, subject="Течёт кран",
             text="Течёт кран в подвале под кв. 1", due_date="2026-11-10", due_at=None,
             deadline_basis="5 рабочих дней (ПП 491 п. 40 «а»)", status="answered",
             answer_text="Кран в подвале заменён 05.11.2026.", answered_on="2026-11-05",
             answer_channel="letter", outgoing_no="исх-17", result="satisfied", refusal_reason="",
             recalculation="", satisfaction=5, inspection_at="2026-11-03 14:00:00",
             inspection_act_on="2026-11-03",
             search_key="2026-0001 иванов иван иванович 1 течет кран в подвале под кв. 1"),
        dict(id=2, reg_no="2026-0002", received_at="2026-11-20 08:00:00", channel="phone", person_id=None,
             applicant="Сосед из д. 7", applicant_contacts="", premise_id=None, premise_number="",
             category_id=3, subject="Прорыв трубы", text="Прорыв трубы отопления в 3-м подъезде",
             due_date="2026-11-20", due_at="2026-11-20 08:30:00", deadline_basis="30 минут (ПП 416 п. 13)",
             status="registered", answer_text="", answered_on=None, answer_channel="", outgoing_no="",
             result="", refusal_reason="", recalculation="", satisfaction=None, inspection_at=None,
             inspection_act_on=None,
             search_key="2026-0002 сосед из д. 7 прорыв трубы отопления в 3-м подъезде"),
    ]),
    (2, "request_event", [
        dict(id=1, request_id=1, at="2026-11-02 10:15:00", user="admin", action="Зарегистрировано",
             details="срок ответа 10.11.2026"),
        dict(id=2, request_id=1, at="2026-11-05 16:40:00", user="admin", action="Ответ дан",
             details="исх-17"),
        dict(id=3, request_id=2, at="2026-11-20 08:00:00", user="диспетчер", action="Зарегистрировано",
             details="срок 20.11.2026 08:30"),
    ]),
    (2, "attachment", [
        dict(id=1, request_id=1, file_name="фото крана.jpg", stored_name="2026-0001/1-foto.jpg",
             sha256="cd" * 32, added_at="2026-11-02 10:20:00"),
    ]),
    (3, "import_batch", [
        dict(id=1, kind="readings", file_name="показания октябрь 2026.xlsx", sha256="ef" * 32,
             at="2026-10-26 09:00:00", user="admin", rows=3, imported=2, warnings=1, meters_created=1,
             undone_at=None),
    ]),
    (3, "meter", [
        dict(id=1, premise_id=1, house_id=None, resource="cold_water", tariffs=1, serial="12345678",
             gis_number=None, model="СВ-15Х", place="кухня", installed_on="2020-01-15",
             verified_on="2020-01-15", interval_years=6, next_verification="2026-01-15", digits=5,
             initial_t1=12.5, initial_t2=None, initial_t3=None, archived_on=None, replaced_by_id=None,
             batch_id=None),
        dict(id=2, premise_id=2, house_id=None, resource="electricity", tariffs=2, serial="009871234",
             gis_number="ГИС-0042", model="Меркурий 200", place="прихожая", installed_on="2021-05-01",
             verified_on="2021-05-01", interval_years=16, next_verification="2037-05-01", digits=6,
             initial_t1=1000.25, initial_t2=400.75, initial_t3=None, archived_on=None,
             replaced_by_id=None, batch_id=1),
        dict(id=3, premise_id=None, house_id=1, resource="heat", tariffs=1, serial="ОДПУ-7781",
             gis_number=None, model="ВКТ-7", place="ИТП", installed_on=None, verified_on="2022-09-01",
             interval_years=4, next_verification="2026-09-01", digits=8, initial_t1=None,
             initial_t2=None, initial_t3=None, archived_on=None, replaced_by_id=None, batch_id=None),
        dict(id=4, premise_id=1, house_id=None, resource="cold_water", tariffs=1, serial="00001111",
             gis_number=None, model="", place="кухня", installed_on="2012-03-01", verified_on=None,
             interval_years=6, next_verification=None, digits=5, initial_t1=None, initial_t2=None,
             initial_t3=None, archived_on="2020-01-15", replaced_by_id=1, batch_id=None),
    ]),
    (3, "reading", [
        dict(id=1, meter_id=1, period="2026-09", taken_on="2026-09-25", t1=15.25, t2=None, t3=None,
             source="manual", batch_id=None, flagged=""),
        dict(id=2, meter_id=1, period="2026-10", taken_on="2026-10-24", t1=17.5, t2=None, t3=None,
             source="excel", batch_id=1, flagged=""),
        dict(id=3, meter_id=2, period="2026-10", taken_on=None, t1=1100.5, t2=450.25, t3=None,
             source="excel", batch_id=1, flagged="расход выше обычного"),
    ]),
    (4, "act_sequence", [
        dict(kind="utility_quality", year=2026, last=1),
    ]),
    (4, "act", [
        dict(id=1, kind="utility_quality", number="2026-001", made_at="2026-11-03 14:00:00",
             request_id=1, premise_id=1, fields='{"cause": "износ крана", "members": "Петров П. П."}',
             file_name="акт 2026-001.docx", updated_at="2026-11-03 14:30:00"),
    ]),
]


def tables_of(version: int) -> list[tuple[str, list[dict]]]:
    return [(table, rows) for since, table, rows in ROWS if since <= version]


def build_old_base(path: Path, version: int) -> None:
    """A base as the release at ``version`` left it: its DDL, then rows written for it."""
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript((SCHEMAS / f"v{version}.sql").read_text(encoding="utf-8"))
        connection.execute("PRAGMA foreign_keys = ON")
        for table, rows in tables_of(version):
            for row in rows:
                columns = ", ".join(f'"{c}"' for c in row)
                marks = ", ".join("?" for _ in row)
                connection.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
                                   list(row.values()))
        connection.execute(f"PRAGMA user_version = {version}")
        connection.commit()


def read_rows(path: Path, table: str, columns: list[str]) -> list[tuple]:
    names = ", ".join(f'"{c}"' for c in columns)
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall()


def user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


# ---------------------------------------------------------------- schemas, normalized


def schema_of(path: Path) -> dict:
    """Every table's columns (name, type, not null, default, primary key), indexes (name,
    uniqueness, columns) and foreign keys, and the triggers — regardless of column order."""
    with closing(sqlite3.connect(path)) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        result = {}
        for table in tables:
            columns = sorted((name, kind.upper(), notnull, default, pk)
                             for _, name, kind, notnull, default, pk
                             in connection.execute(f'PRAGMA table_info("{table}")'))
            indexes = sorted(
                (name, unique, tuple(column for _, _, column in connection.execute(
                    f'PRAGMA index_info("{name}")')))
                for _, name, unique, _, _ in connection.execute(f'PRAGMA index_list("{table}")'))
            foreign_keys = sorted((target, source, to, on_update, on_delete)
                                  for _, _, target, source, to, on_update, on_delete, _
                                  in connection.execute(f'PRAGMA foreign_key_list("{table}")'))
            result[table] = {"columns": columns, "indexes": indexes, "foreign_keys": foreign_keys}
        triggers = sorted(connection.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"))
    return {"tables": result, "triggers": triggers}


def differences(first: dict, second: dict, names: tuple[str, str]) -> list[str]:
    """What tells two normalized schemas apart, table by table (empty when they agree)."""
    result = []
    for table in sorted(set(first["tables"]) | set(second["tables"])):
        if table not in first["tables"] or table not in second["tables"]:
            result.append(f"table {table}: only in {names[0] if table in first['tables'] else names[1]}")
            continue
        for part in ("columns", "indexes", "foreign_keys"):
            here, there = set(first["tables"][table][part]), set(second["tables"][table][part])
            if here != there:
                result.append(f"{table} {part}: only in {names[0]} {sorted(here - there)}, "
                              f"only in {names[1]} {sorted(there - here)}")
    if first["triggers"] != second["triggers"]:
        result.append(f"triggers: {first['triggers']} in {names[0]}, {second['triggers']} in {names[1]}")
    return result


def master_of(path: Path) -> set[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return set(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def fresh_base(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "fresh.sqlite3"
    open_database(path)
    close_database()
    return path


def needs_trigram(version: int) -> None:
    if version >= 6 and not trigram_available():
        pytest.skip("this SQLite has no FTS5 trigram tokenizer, which schema 6 and later use")


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("version", RELEASED)
def test_the_migrations_build_each_released_schema_as_it_was(tmp_path, version):
    needs_trigram(version)
    released = tmp_path / "released.sqlite3"
    with closing(sqlite3.connect(released)) as connection:
        connection.executescript((SCHEMAS / f"v{version}.sql").read_text(encoding="utf-8"))
    built = tmp_path / "built.sqlite3"
    db = open_database(built, migrate=False)
    upgrade(db, target=version)
    close_database()
    if version != 9:
        assert master_of(built) == master_of(released)
    else:  # its first release had "answered_at" among the answer's columns, now it comes last
        assert differences(schema_of(built), schema_of(released), ("today's", "the released")) == []
        differing = master_of(built) ^ master_of(released)
        assert {row[:2] for row in differing} == {("table", "request")}


def test_migration_2_seeds_the_default_categories(tmp_path):
    path = tmp_path / "v2.sqlite3"
    db = open_database(path, migrate=False)
    upgrade(db, target=2)
    close_database()
    seeded = read_rows(path, "request_category", ["code", "label", "amount", "kind", "basis",
                                                  "shift_to_working_day", "note", "position"])
    assert seeded == [(rule.code, rule.label, rule.amount, rule.kind.value, rule.basis,
                       int(rule.shift_to_working_day), rule.note, position)
                      for position, rule in enumerate(DEFAULT_CATEGORIES)]


@pytest.mark.parametrize("version", RELEASED)
def test_an_old_filled_base_opens_upgraded_keeping_every_row(tmp_path, version):
    needs_trigram(version)
    path = tmp_path / f"v{version}.sqlite3"
    build_old_base(path, version)
    fresh = fresh_base(tmp_path / "fresh")

    session.open_session(path, now=NOW)  # backs up, then upgrades
    session.close_session()

    assert user_version(path) == LATEST_VERSION
    for table, rows in tables_of(version):
        columns = list(rows[0])
        kept = read_rows(path, table, columns)
        written = [tuple(row.values()) for row in rows]
        if table == "setting":  # the backup before the migration notes when it was made,
            # migration 11 gave the base its id
            assert [row for row in kept if not row[0].startswith(("backup.", "base.id"))] == written
        else:
            assert kept == written, table
    if version >= 2:  # no answer moment for the answers given before it was kept
        assert read_rows(path, "request", ["answered_at"]) == [(None,), (None,)]
    for since, table, _ in ROWS:  # the tables the migrations added start empty
        if since > version and table not in ("request_category", "setting"):
            assert read_rows(path, table, ["rowid"]) == [], table
    if version == 1:  # migration 2 brought the default categories
        assert read_rows(path, "request_category", ["code"]) == [(r.code,) for r in DEFAULT_CATEGORIES]

    ids = [value for key, value in read_rows(path, "setting", ["key", "value"]) if key == "base.id"]
    assert len(ids) == 1 and re.fullmatch(r"[0-9a-f]{32}", ids[0])  # migration 11: the base's id

    made = backups.list_backups(tmp_path / "backups" / path.stem)  # the base's own folder
    if version < LATEST_VERSION:
        assert [(b.trigger, b.made_at) for b in made] == [("migration", NOW)]
        assert user_version(made[0].path) == version  # made before the migration
        assert read_rows(made[0].path, "premise", ["number"]) == [("1",), ("2",), ("Н1",)]
    else:
        assert made == []  # nothing to migrate, no copy

    assert differences(schema_of(path), schema_of(fresh), ("the upgraded base", "a fresh base")) == []


@pytest.mark.parametrize("version", [2, 5, 8])
def test_an_upgraded_base_serves_the_journal(tmp_path, version):
    """Requests written before migration 6 are found by the search index it builds, an
    emergency's answer keeps its minute (migration 9), numbering goes on."""
    needs_trigram(version)
    path = tmp_path / f"v{version}.sqlite3"
    build_old_base(path, version)
    session.open_session(path, now=NOW)
    try:
        found = journal.list_requests(journal.JournalFilter(text="в подвале"), today=NOW)
        assert [row.reg_no for row in found] == ["2026-0001"]
        journal.answer_request("2026-0002", journal.AnswerInput("Труба заменена", date(2026, 11, 20),
                                                                at=time(8, 20)),
                               now=datetime(2026, 11, 20, 9, 0))
        card = journal.request_card("2026-0002")
        assert card.answered_at == datetime(2026, 11, 20, 8, 20)
        assert card.answered_on == date(2026, 11, 20)
        new = journal.register_request(journal.RequestInput(
            category="emergency", received_at=datetime(2026, 11, 24, 9, 0), applicant="Петрова Анна",
            text="Нет света в подвале"), now=NOW)
        assert new == "2026-0003"  # after the last number the old base had given
        found = journal.list_requests(journal.JournalFilter(text="в подвале"), today=NOW)
        assert sorted(row.reg_no for row in found) == ["2026-0001", "2026-0003"]
    finally:
        session.close_session()


def test_migration_9_keeps_an_answer_moment_column_already_in_place(tmp_path):
    """The first release of migration 9 found the column made by migration 2: a base
    that has it before version 9 keeps the one column."""
    needs_trigram(9)
    path = tmp_path / "early.sqlite3"
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript((SCHEMAS / "v9.sql").read_text(encoding="utf-8"))
        connection.execute("PRAGMA user_version = 8")
    db = open_database(path)
    assert schema_version(db) == LATEST_VERSION
    assert [c.name for c in db.get_columns("request")].count("answered_at") == 1
    close_database()


def all_models() -> list[type[peewee.Model]]:
    return [value for value in vars(models).values()
            if isinstance(value, type) and issubclass(value, models.BaseModel)
            and value is not models.BaseModel]


def test_the_migrations_make_the_tables_of_todays_models(tmp_path):
    """A column, index or table added to a model without a migration fails here."""
    migrated = schema_of(fresh_base(tmp_path / "migrated"))
    path = tmp_path / "models.sqlite3"
    db = peewee.SqliteDatabase(str(path))
    with db.bind_ctx(all_models()):
        db.create_tables(all_models())
    db.close()
    from_models = schema_of(path)

    # what only the migrations make: the journal's indexes kept in SQL, its search index,
    # the logs' refusal of changes (audit log, disclosure log)
    from_models["tables"]["request"]["indexes"] = sorted([
        *from_models["tables"]["request"]["indexes"],
        ("request_due_status", 0, ("status", "due_date")),
        ("request_search_key", 0, ("search_key",)),
    ])
    search = trigram_available()
    # the change counters: three triggers on each table (migration_data_change), one table
    counted = {name for name, _ in migrated["triggers"] if "_data_change_" in name}
    for table in ("request", "request_event", "premise", "person", "reading", "meter", "act",
                  "audit_entry", "setting", "disclosure"):
        assert {f"{table}_data_change_{action}" for action in ("insert", "update", "delete")} <= counted
    assert {name.split("_data_change_")[0] for name in counted} <= set(migrated["tables"])
    del migrated["tables"]["data_change"]
    assert {name for name, _ in migrated["triggers"]} - counted == (
        {"audit_entry_no_update", "audit_entry_no_delete", "audit_entry_no_replace",
         "disclosure_no_update", "disclosure_no_delete", "disclosure_no_replace"}
        | ({"request_search_insert", "request_search_delete", "request_search_update"} if search else set()))
    for table in SEARCH_TABLES if search else ():
        del migrated["tables"][table]
    migrated["triggers"] = []
    assert differences(migrated, from_models, ("the migrated base", "the models")) == []


@pytest.mark.parametrize("version", [1, 9])
def test_an_upgraded_base_keeps_its_logs_append_only(tmp_path, version):
    """Migration 10: the change log and the disclosure log of an old filled base refuse
    REPLACE onto a logged row, UPDATE and DELETE once upgraded, and still take new rows."""
    needs_trigram(version)
    path = tmp_path / f"v{version}.sqlite3"
    build_old_base(path, version)
    open_database(path)
    close_database()
    logged = {table: rows for _, table, rows in ROWS if table in ("audit_entry", "disclosure")}
    with closing(sqlite3.connect(path)) as connection:
        for table, rows in logged.items():
            forged = dict(rows[0], user="злоумышленник")
            columns = ", ".join(f'"{c}"' for c in forged)
            for statement, values in (
                    (f'INSERT OR REPLACE INTO "{table}" ({columns}) '
                     f'VALUES ({", ".join("?" * len(forged))})', list(forged.values())),
                    (f'UPDATE "{table}" SET "user" = ?', ["злоумышленник"]),
                    (f'DELETE FROM "{table}" WHERE "id" = ?', [1])):
                with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                    connection.execute(statement, values)
        connection.commit()
    for table, rows in logged.items():
        assert read_rows(path, table, list(rows[0])) == [tuple(row.values()) for row in rows], table
    with closing(sqlite3.connect(path)) as connection:
        connection.execute('INSERT INTO "disclosure" (at, user, requested_by, purpose, as_of, rows, '
                           'file_name, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                           ("2026-11-24 12:00:00", "admin", "Ревизор", "проверка", "2026-11-24", 4,
                            "реестр.xlsx", "ef" * 32))
        connection.commit()
    assert read_rows(path, "disclosure", ["id", "requested_by"]) == [
        (1, "Сидоров С. С., кв. 2"), (2, "Ревизор")]


def test_migration_11_gives_each_base_an_id_of_its_own_and_keeps_one_in_place(tmp_path):
    """Each new base gets its own id at its creation (two bases never share one); a base
    that already has an id keeps it."""
    first, second = fresh_base(tmp_path / "a"), fresh_base(tmp_path / "b")
    ids = [dict(read_rows(path, "setting", ["key", "value"]))["base.id"] for path in (first, second)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)
    assert ids[0] != ids[1]
    path = tmp_path / "with-id.sqlite3"
    db = open_database(path, migrate=False)
    upgrade(db, target=BASE_ID_VERSION - 1)
    db.execute_sql("INSERT INTO setting (key, value) VALUES ('base.id', '0123456789abcdef0123456789abcdef')")
    upgrade(db)
    close_database()
    assert [row for row in read_rows(path, "setting", ["key", "value"]) if row[0] == "base.id"] == [
        ("base.id", "0123456789abcdef0123456789abcdef")]


def test_migrations_12_and_13_bring_office_users_and_void_reasons_to_a_filled_base(tmp_path):
    """An old filled base gets an empty list of office users (migration 12) and requests
    with no void reason (migration 13); a user added and a request voided afterwards are
    kept, and the other request stays as it was."""
    needs_trigram(9)
    path = tmp_path / "v9.sqlite3"
    build_old_base(path, 9)
    session.open_session(path, now=NOW)
    try:
        from tsj_desk.services import requests_void, users

        assert users.list_users() == []
        users.add_user(users.UserInput("Петрова Анна Сергеевна", "бухгалтер"), now=NOW)
        requests_void.void_request("2026-0002", "зарегистрировано дважды", now=NOW)
    finally:
        session.close_session()
    assert read_rows(path, "request", ["reg_no", "status", "void_reason"]) == [
        ("2026-0001", "answered", None), ("2026-0002", "voided", "зарегистрировано дважды")]
    assert read_rows(path, "office_user", ["name", "role", "active"]) == [
        ("Петрова Анна Сергеевна", "бухгалтер", 1)]


def test_migration_14_gives_a_filled_base_empty_details_and_keeps_its_chairman(tmp_path):
    """The organisation's and the house's new details start empty on an old base; the
    chairman kept whole before is read by parts, his gender from the patronymic, and the
    first edit writes the parts (an ИНН with a wrong check digit kept from before does not
    stop an edit of something else)."""
    from decimal import Decimal

    needs_trigram(9)
    path = tmp_path / "v9.sqlite3"
    build_old_base(path, 9)
    session.open_session(path, now=NOW)
    try:
        from tsj_desk.services import organization

        org = organization.organization()
        assert (org.name, org.inn, org.address) == (
            "ТСЖ «Берёзка»", "7701234567", "г. Москва, ул. Лесная, д. 5")
        assert (org.chairman_last_name, org.chairman_first_name, org.chairman_patronymic) == (
            "Петров", "Пётр", "Петрович")
        assert (org.kpp, org.bik, org.chairman_gender, org.acting) == (None, None, "m", "действующий")
        [house] = organization.houses()
        assert (house.address, house.total_area, house.common_area, house.year_built) == (
            "г. Москва, ул. Лесная, д. 5", Decimal("4210.50"), None, None)
        organization.save_organization({"phone": "+7 495 000-00-00"}, now=NOW)
    finally:
        session.close_session()
    assert read_rows(path, "organization", ["name", "chairman", "chairman_last_name",
                                            "chairman_gender", "phone"]) == [
        ("ТСЖ «Берёзка»", "Петров Пётр Петрович", "Петров", "m", "+7 495 000-00-00")]
    assert read_rows(path, "house", ["address", "fias_code", "cadastral_number", "year_built"]) == [
        ("г. Москва, ул. Лесная, д. 5", None, None, None)]


def test_migration_15_keeps_the_members_of_a_filled_base_and_takes_an_end_of_membership(tmp_path):
    """The owners' memberships of an old base stay as they were, with no end date; the
    end of a membership entered afterwards is kept."""
    from datetime import date

    needs_trigram(9)
    path = tmp_path / "v9.sqlite3"
    build_old_base(path, 9)
    session.open_session(path, now=NOW)
    try:
        from tsj_desk.services.ownership_history import set_membership

        set_membership(1, True, date(2019, 4, 1), date(2026, 10, 1), now=NOW)
    finally:
        session.close_session()
    assert read_rows(path, "ownership", ["member", "member_since", "member_until"]) == [
        (1, "2019-04-01", "2026-10-01"), (0, None, None), (1, "2015-07-01", None), (0, None, None)]


def test_migration_16_gives_a_filled_base_no_column_layouts_and_keeps_one_remembered(tmp_path):
    """An old filled base has no remembered column layouts; one remembered afterwards is
    read back for its header row, listed, and forgotten with its own row only."""
    needs_trigram(9)
    path = tmp_path / "v9.sqlite3"
    build_old_base(path, 9)
    session.open_session(path, now=NOW)
    try:
        from tsj_desk.importers.headers import HeaderCell, HeaderMatch
        from tsj_desk.services import column_layouts
        from tsj_desk.storage.database import database

        assert column_layouts.list_layouts() == []
        header = HeaderMatch(1, first_row=1, cells=[HeaderCell(0, "Квартира собственника", "квартира собственника"),
                                                    HeaderCell(1, "Кому принадлежит", "кому принадлежит")],
                             mapping={"квартира собственника": "premise", "кому принадлежит": "owner"},
                             explicit=True)
        with database.atomic():
            column_layouts.remember("registry", header, file_name="реестр.xlsx", now=NOW)
        assert column_layouts.remembered("registry", ("квартира собственника", "кому принадлежит")) == {
            "квартира собственника": "premise", "кому принадлежит": "owner"}
        assert column_layouts.remembered("readings", ("квартира собственника", "кому принадлежит")) is None
        [layout] = column_layouts.list_layouts()
        assert (layout.kind, layout.file_name, layout.saved_at) == ("registry", "реестр.xlsx", NOW)
    finally:
        session.close_session()
    assert read_rows(path, "column_layout", ["kind", "signature", "mapping", "file_name"]) == [
        ("registry", '["квартира собственника", "кому принадлежит"]',
         '{"квартира собственника": "premise", "кому принадлежит": "owner"}', "реестр.xlsx")]
    assert read_rows(path, "premise", ["number"]) == [("1",), ("2",), ("Н1",)]
