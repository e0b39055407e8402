"""Numbered schema migrations; the schema version lives in ``PRAGMA user_version``
(a one-row table on other databases).

A migration is a function of the database, added at the end of ``MIGRATIONS`` and
never edited once released. Each runs in a transaction with its version bump. A
migration never creates tables from today's models (``models.py``), which follow the
latest schema: migrations 1–4 create the snapshots of ``frozen_schema``, the later ones
write their DDL out.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from tsj_desk.domain.errors import DatabaseProblem
from tsj_desk.storage.migration_data_change import data_change_counters
from tsj_desk.storage.migration_search_trigram import request_search_trigram
from tsj_desk.storage.migration_debts import migrate_debts
from tsj_desk.storage.migration_logs_refusal import logs_refuse_as_integrity
from tsj_desk.storage.migration_announcements import migrate_announcements
from tsj_desk.storage.migration_satisfaction import migrate_satisfaction_details
from tsj_desk.storage.migration_stored_files import migrate_stored_files
from tsj_desk.storage.migration_versions import add_record_versions


def _m1_register(db: peewee.Database) -> None:
    from tsj_desk.storage.frozen_schema import REGISTER_TABLES, create_frozen

    create_frozen(db, REGISTER_TABLES)


def _m2_journal(db: peewee.Database) -> None:
    from tsj_desk.domain.deadlines import DEFAULT_CATEGORIES
    from tsj_desk.storage.frozen_schema import JOURNAL_TABLES, RequestCategory, create_frozen

    create_frozen(db, JOURNAL_TABLES)
    # the journal's default sort and the Сводка counts read these together
    db.execute_sql('CREATE INDEX IF NOT EXISTS "request_due_status" ON "request" ("status", "due_date")')
    with db.bind_ctx([RequestCategory], bind_refs=False, bind_backrefs=False):
        for position, rule in enumerate(DEFAULT_CATEGORIES):
            RequestCategory.insert(code=rule.code, label=rule.label, amount=rule.amount,
                                   kind=rule.kind.value, basis=rule.basis,
                                   shift_to_working_day=rule.shift_to_working_day, note=rule.note,
                                   position=position).execute()


def _m3_meters(db: peewee.Database) -> None:
    from tsj_desk.storage.frozen_schema import METER_TABLES, create_frozen

    create_frozen(db, METER_TABLES)


def _m4_acts(db: peewee.Database) -> None:
    from tsj_desk.storage.frozen_schema import ACT_TABLES, create_frozen

    create_frozen(db, ACT_TABLES)


def _m5_audit_append_only(db: peewee.Database) -> None:
    """The audit log refuses UPDATE and DELETE at the database level."""
    message = "audit log is append-only"
    if is_sqlite(db):
        for action in ("UPDATE", "DELETE"):
            db.execute_sql(
                f'CREATE TRIGGER IF NOT EXISTS "audit_entry_no_{action.lower()}" '
                f'BEFORE {action} ON "audit_entry" BEGIN SELECT RAISE(ABORT, \'{message}\'); END')
    else:
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql")
        db.execute_sql(
            'CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry" '
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()")


def _m6_request_search(db: peewee.Database) -> None:
    """A trigram index over the journal's search keys: a substring filter of three or
    more characters looks up the index instead of scanning every request. SQLite only
    (FTS5 trigram, SQLite ≥ 3.34); elsewhere the journal filters with LIKE."""
    if not is_sqlite(db) or not fts5_trigram_available(db):
        return
    db.execute_sql('CREATE VIRTUAL TABLE IF NOT EXISTS "request_search" USING fts5('
                   'search_key, content=\'request\', content_rowid=\'id\', tokenize=\'trigram\')')
    db.execute_sql('CREATE TRIGGER IF NOT EXISTS "request_search_insert" AFTER INSERT ON "request" '
                   'BEGIN INSERT INTO request_search(rowid, search_key) VALUES (new.id, new.search_key); END')
    db.execute_sql('CREATE TRIGGER IF NOT EXISTS "request_search_delete" AFTER DELETE ON "request" '
                   'BEGIN INSERT INTO request_search(request_search, rowid, search_key) '
                   "VALUES ('delete', old.id, old.search_key); END")
    db.execute_sql('CREATE TRIGGER IF NOT EXISTS "request_search_update" AFTER UPDATE OF search_key '
                   'ON "request" BEGIN INSERT INTO request_search(request_search, rowid, search_key) '
                   "VALUES ('delete', old.id, old.search_key); "
                   "INSERT INTO request_search(rowid, search_key) VALUES (new.id, new.search_key); END")
    db.execute_sql("INSERT INTO request_search(request_search) VALUES ('rebuild')")


def fts5_trigram_available(db: peewee.Database) -> bool:
    try:
        db.execute_sql("CREATE VIRTUAL TABLE temp._tsj_probe USING fts5(x, tokenize='trigram')")
        db.execute_sql("DROP TABLE temp._tsj_probe")
        return True
    except peewee.OperationalError:
        return False


def _m7_lean_reading_indexes(db: peewee.Database) -> None:
    """Readings keep one index, the unique (meter, period): the others only slowed imports."""
    for name in ("reading_meter_id", "reading_batch_id"):
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


def _m8_request_search_key_index(db: peewee.Database) -> None:
    """Filtering the journal by one or two characters scans the search keys: a covering
    index lets it read only the keys, not the requests' long texts."""
    db.execute_sql('CREATE INDEX IF NOT EXISTS "request_search_key" ON "request" ("search_key")')


def _m9_answer_moment(db: peewee.Database) -> None:
    """The moment of an answer: a deadline in hours (an emergency's 30 minutes) is met
    or missed by the minute, not by the day. In the first release of this migration,
    migration 2 still built the table from the model of the time, which had the column:
    this migration found it in place there and kept it (those bases have it among the
    answer's columns, the later ones last). A column found in place is still kept."""
    if "answered_at" not in {column.name for column in db.get_columns("request")}:
        kind = "DATETIME" if is_sqlite(db) else "TIMESTAMP"
        db.execute_sql(f'ALTER TABLE "request" ADD COLUMN "answered_at" {kind}')


def _m10_logs_append_only(db: peewee.Database) -> None:
    """The change log and the register's disclosure log keep every row they were given.
    On SQLite an INSERT OR REPLACE onto an existing id deletes that row without firing a
    DELETE trigger: a BEFORE INSERT trigger refuses an id already there, on both logs;
    the disclosure log also refuses UPDATE and DELETE, as migration 5 made the change log
    do. PostgreSQL has no REPLACE (its upsert fires the UPDATE trigger)."""
    refusal = "disclosure log is append-only"
    if is_sqlite(db):
        for table, message in (("audit_entry", "audit log is append-only"), ("disclosure", refusal)):
            db.execute_sql(
                f'CREATE TRIGGER IF NOT EXISTS "{table}_no_replace" BEFORE INSERT ON "{table}" '
                f'WHEN EXISTS (SELECT 1 FROM "{table}" WHERE "id" = NEW."id") '
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        for action in ("UPDATE", "DELETE"):
            db.execute_sql(
                f'CREATE TRIGGER IF NOT EXISTS "disclosure_no_{action.lower()}" '
                f'BEFORE {action} ON "disclosure" BEGIN SELECT RAISE(ABORT, \'{refusal}\'); END')
    else:
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION disclosure_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{refusal}'; END; $$ LANGUAGE plpgsql")
        db.execute_sql(
            'CREATE TRIGGER "disclosure_append_only" BEFORE UPDATE OR DELETE ON "disclosure" '
            "FOR EACH ROW EXECUTE FUNCTION disclosure_append_only()")


def _m11_base_id(db: peewee.Database) -> None:
    """Every base carries its own id, a random UUID kept in ``setting`` under ``base.id``:
    a backup holds it, and pruning, the backups page and restore tell one base's copies
    from another's by it. A new base gets it here, at its creation; an existing one on
    its upgrade. An id already there is kept."""
    import uuid

    found = db.execute_sql(f'SELECT "value" FROM "setting" WHERE "key" = {db.param}',
                           ("base.id",)).fetchone()
    if found is None:
        db.execute_sql(f'INSERT INTO "setting" ("key", "value") VALUES ({db.param}, {db.param})',
                       ("base.id", uuid.uuid4().hex))


def _m12_office_users(db: peewee.Database) -> None:
    """The named users of the office, chosen at start; table «office_user» ("user" is a
    reserved word in PostgreSQL)."""

    class OfficeUser(peewee.Model):  # frozen: the table as this migration makes it
        name = peewee.TextField()
        role = peewee.TextField(default="")
        password_hash = peewee.TextField(default="")
        active = peewee.BooleanField(default=True)
        created_at = peewee.DateTimeField()

        class Meta:
            legacy_table_names = False

    with db.bind_ctx([OfficeUser]):
        db.create_tables([OfficeUser], safe=True)


def _m13_request_void_reason(db: peewee.Database) -> None:
    """A request registered by mistake is voided, not deleted: its status says so and
    this column keeps the reason (empty on every request before)."""
    if "void_reason" not in {column.name for column in db.get_columns("request")}:
        db.execute_sql('ALTER TABLE "request" ADD COLUMN "void_reason" TEXT')


def _m14_reference_data(db: peewee.Database) -> None:
    """The organisation's own details (short name, КПП, postal address, contacts, bank
    details, the chairman by parts with his grammatical gender and the document he acts
    on) and a house's (ФИАС/ГАР code, cadastral number, area of common property, year
    built), all empty on the rows already there."""
    decimal = "DECIMAL(14, 2)" if is_sqlite(db) else "NUMERIC(14, 2)"
    columns = {
        "organization": [(name, "TEXT") for name in (
            "short_name", "kpp", "postal_address", "phone", "email", "bank_name", "bik",
            "settlement_account", "corr_account", "chairman_last_name", "chairman_first_name",
            "chairman_patronymic", "chairman_gender", "chairman_basis")],
        "house": [("fias_code", "TEXT"), ("cadastral_number", "TEXT"), ("common_area", decimal),
                  ("year_built", "INTEGER")],
    }
    for table, added in columns.items():
        present = {column.name for column in db.get_columns(table)}
        for name, kind in added:
            if name not in present:
                db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}')


def _m15_membership_until(db: peewee.Database) -> None:
    """The day a ТСЖ membership ended (a member's application to leave, ЖК РФ ст. 143):
    empty on the ownerships already there, whose members stay members."""
    if "member_until" not in {column.name for column in db.get_columns("ownership")}:
        db.execute_sql('ALTER TABLE "ownership" ADD COLUMN "member_until" DATE')


def _m16_column_layouts(db: peewee.Database) -> None:
    """Column layouts the user gave once for files of other layouts: which importer, the
    header row they are for (its cells as ``header_key`` writes them, a JSON list, and as
    the file wrote them, for the list in the settings), the mapping (JSON: header → field,
    "" for a column not used), the file it was made on and when it was saved."""

    class ColumnLayout(peewee.Model):  # frozen: the table as this migration makes it
        kind = peewee.TextField()
        signature = peewee.TextField()
        headers = peewee.TextField(default="[]")
        mapping = peewee.TextField()
        file_name = peewee.TextField(default="")
        saved_at = peewee.DateTimeField()

        class Meta:
            legacy_table_names = False
            indexes = ((("kind", "signature"), True),)

    with db.bind_ctx([ColumnLayout]):
        db.create_tables([ColumnLayout], safe=True)


def _m17_reading_reason(db: peewee.Database) -> None:
    """Why a reading below the previous one was saved (a roll-over past the meter's
    capacity, a correction of an earlier reading: ``domain.lower_readings``), as its
    code; empty on every reading before."""
    if "reason" not in {column.name for column in db.get_columns("reading")}:
        db.execute_sql('ALTER TABLE "reading" ADD COLUMN "reason" TEXT')


MIGRATIONS: list[Callable[[peewee.Database], None]] = [
    _m1_register, _m2_journal, _m3_meters, _m4_acts, _m5_audit_append_only, _m6_request_search,
    _m7_lean_reading_indexes, _m8_request_search_key_index, _m9_answer_moment,
    _m10_logs_append_only, _m11_base_id, _m12_office_users,
    _m13_request_void_reason, _m14_reference_data, _m15_membership_until, _m16_column_layouts,
    _m17_reading_reason,
    request_search_trigram, data_change_counters,
    migrate_satisfaction_details,
    migrate_announcements,
    migrate_debts,
    migrate_stored_files,
    add_record_versions,
    logs_refuse_as_integrity,
]

LATEST_VERSION = len(MIGRATIONS)
BASE_ID_VERSION = MIGRATIONS.index(_m11_base_id) + 1  # the first schema whose bases carry an id


def is_sqlite(db: peewee.Database) -> bool:
    return isinstance(db, peewee.SqliteDatabase)


def schema_version(db: peewee.Database) -> int:
    if is_sqlite(db):
        return db.execute_sql("PRAGMA user_version").fetchone()[0]
    if db.execute_sql("SELECT to_regclass('schema_version')").fetchone()[0] is None:
        return 0  # an empty base: the table is made under the migrations' lock (upgrade)
    row = db.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def _set_version(db: peewee.Database, version: int) -> None:
    if is_sqlite(db):
        db.execute_sql(f"PRAGMA user_version = {int(version)}")
    else:
        db.execute_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        db.execute_sql("INSERT INTO schema_version (version) VALUES (%s)", (version,))


def upgrade(db: peewee.Database, target: int = LATEST_VERSION) -> list[int]:
    """Apply the migrations above the current version; returns the versions applied.
    On a server, under an advisory lock: PCs starting together wait for one another."""
    if not is_sqlite(db):
        from tsj_desk.storage.server_migrations import under_migration_lock

        return under_migration_lock(db, lambda: _upgrade(db, target))
    return _upgrade(db, target)


def _upgrade(db: peewee.Database, target: int) -> list[int]:
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise DatabaseProblem(
            f"База создана более новой версией программы (схема {current}, "
            f"эта версия знает до {LATEST_VERSION}). Обновите ТСЖ Деск."
        )
    applied = []
    for version in range(current + 1, target + 1):
        with db.atomic():
            MIGRATIONS[version - 1](db)
            _set_version(db, version)
        applied.append(version)
    if applied:  # a table made by a later migration gets its change counter too
        from tsj_desk.storage.migration_data_change import track_untracked

        with db.atomic():
            track_untracked(db)
    return applied


def pending_migrations(db: peewee.Database) -> int:
    return LATEST_VERSION - schema_version(db)
