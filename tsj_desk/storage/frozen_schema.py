"""The tables as migrations 1–4 created them when they were released.

A released migration must build the same tables forever, on SQLite and on PostgreSQL,
so it cannot create them from today's models (``tsj_desk.storage.models``), which follow
the latest schema. These snapshots are copies of the models as they were when each
migration was released, and are never edited: a later change of a table is a new
migration, with the model in ``models.py`` changed alongside it.

The snapshots belong to no database; a migration binds them to the database it
migrates for the time of the migration (``create_frozen``). Backrefs are off ("+"), so
the snapshots add no attributes to one another. Peewee defaults are applied by Python
and never reach the DDL; the snapshots keep the constant ones and leave out the
clock ("now"), which only the code of the time supplied.
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee


class FrozenModel(peewee.Model):
    class Meta:
        legacy_table_names = False


def create_frozen(db: peewee.Database, models: Sequence[type[FrozenModel]]) -> None:
    """Create the tables of ``models`` in ``db`` (existing ones are left alone)."""
    with db.bind_ctx(models, bind_refs=False, bind_backrefs=False):
        db.create_tables(models)


# ---------------------------------------------------------------- register (migration 1)


class Organization(FrozenModel):
    name = peewee.TextField()
    kind = peewee.TextField(default="ТСЖ")
    inn = peewee.TextField(null=True)
    ogrn = peewee.TextField(null=True)
    address = peewee.TextField(null=True)
    city = peewee.TextField(null=True)
    chairman = peewee.TextField(null=True)
    chairman_position = peewee.TextField(default="председатель правления")


class House(FrozenModel):
    organization = peewee.ForeignKeyField(Organization, backref="+", on_delete="RESTRICT")
    address = peewee.TextField()
    total_area = peewee.DecimalField(max_digits=14, decimal_places=2, null=True)


class Premise(FrozenModel):
    house = peewee.ForeignKeyField(House, backref="+", on_delete="RESTRICT")
    number = peewee.TextField()
    sort_key = peewee.TextField(index=True)
    kind = peewee.TextField(default="flat")
    area = peewee.DecimalField(max_digits=12, decimal_places=2, null=True)
    entrance = peewee.TextField(null=True)
    floor = peewee.TextField(null=True)
    cadastral_number = peewee.TextField(null=True)
    account = peewee.TextField(null=True, index=True)
    search_key = peewee.TextField(default="")

    class Meta:
        indexes = ((("house", "number"), True),)


class Person(FrozenModel):
    is_legal = peewee.BooleanField(default=False)
    name = peewee.TextField()
    last_name = peewee.TextField(null=True)
    first_name = peewee.TextField(null=True)
    patronymic = peewee.TextField(null=True)
    ogrn = peewee.TextField(null=True, index=True)
    inn = peewee.TextField(null=True)
    phone = peewee.TextField(null=True)
    email = peewee.TextField(null=True)
    postal_address = peewee.TextField(null=True)
    note = peewee.TextField(null=True)
    search_key = peewee.TextField(default="", index=True)


class Ownership(FrozenModel):
    premise = peewee.ForeignKeyField(Premise, backref="+", on_delete="RESTRICT")
    person = peewee.ForeignKeyField(Person, backref="+", on_delete="RESTRICT")
    share_num = peewee.IntegerField(default=1)
    share_den = peewee.IntegerField(default=1)
    joint_group = peewee.TextField(null=True)
    egrn_number = peewee.TextField(null=True)
    egrn_date = peewee.DateField(null=True)
    valid_from = peewee.DateField(null=True)
    valid_to = peewee.DateField(null=True, index=True)
    member = peewee.BooleanField(default=False)
    member_since = peewee.DateField(null=True)
    note = peewee.TextField(null=True)


class AuditEntry(FrozenModel):
    at = peewee.DateTimeField(index=True)
    user = peewee.TextField()
    action = peewee.TextField()
    entity = peewee.TextField()
    entity_id = peewee.IntegerField(null=True)
    details = peewee.TextField(default="")


class Disclosure(FrozenModel):
    at = peewee.DateTimeField(index=True)
    user = peewee.TextField()
    requested_by = peewee.TextField()
    purpose = peewee.TextField()
    request_id = peewee.IntegerField(null=True)
    as_of = peewee.DateField()
    rows = peewee.IntegerField()
    file_name = peewee.TextField()
    sha256 = peewee.TextField()


REGISTER_TABLES = [Organization, House, Premise, Person, Ownership, AuditEntry, Disclosure]


# ---------------------------------------------------------------- journal (migration 2)


class Setting(FrozenModel):
    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()


class RequestCategory(FrozenModel):
    code = peewee.TextField(unique=True)
    label = peewee.TextField()
    amount = peewee.IntegerField()
    kind = peewee.TextField()
    basis = peewee.TextField(default="")
    shift_to_working_day = peewee.BooleanField(default=True)
    note = peewee.TextField(default="")
    position = peewee.IntegerField(default=0)


class CalendarOverride(FrozenModel):
    day = peewee.DateField(unique=True)
    working = peewee.BooleanField()
    note = peewee.TextField(default="")


class RequestSequence(FrozenModel):
    year = peewee.IntegerField(primary_key=True)
    last = peewee.IntegerField(default=0)


class Request(FrozenModel):
    """Without ``answered_at``: migration 9 adds it."""

    reg_no = peewee.TextField(unique=True)
    received_at = peewee.DateTimeField(index=True)
    channel = peewee.TextField(index=True)
    person = peewee.ForeignKeyField(Person, null=True, backref="+", on_delete="RESTRICT")
    applicant = peewee.TextField()
    applicant_contacts = peewee.TextField(default="")
    premise = peewee.ForeignKeyField(Premise, null=True, backref="+", on_delete="RESTRICT")
    premise_number = peewee.TextField(default="", index=True)
    category = peewee.ForeignKeyField(RequestCategory, backref="+", on_delete="RESTRICT")
    subject = peewee.TextField(default="")
    text = peewee.TextField(default="")
    due_date = peewee.DateField(index=True)
    due_at = peewee.DateTimeField(null=True)
    deadline_basis = peewee.TextField(default="")
    status = peewee.TextField(index=True, default="registered")
    answer_text = peewee.TextField(default="")
    answered_on = peewee.DateField(null=True, index=True)
    answer_channel = peewee.TextField(default="")
    outgoing_no = peewee.TextField(default="")
    result = peewee.TextField(default="")
    refusal_reason = peewee.TextField(default="")
    recalculation = peewee.TextField(default="")
    satisfaction = peewee.IntegerField(null=True)
    inspection_at = peewee.DateTimeField(null=True)
    inspection_act_on = peewee.DateField(null=True)
    search_key = peewee.TextField(default="")


class RequestEvent(FrozenModel):
    request = peewee.ForeignKeyField(Request, backref="+", on_delete="CASCADE")
    at = peewee.DateTimeField()
    user = peewee.TextField()
    action = peewee.TextField()
    details = peewee.TextField(default="")


class Attachment(FrozenModel):
    request = peewee.ForeignKeyField(Request, backref="+", on_delete="CASCADE")
    file_name = peewee.TextField()
    stored_name = peewee.TextField()
    sha256 = peewee.TextField()
    added_at = peewee.DateTimeField()


JOURNAL_TABLES = [Setting, RequestCategory, CalendarOverride, RequestSequence, Request,
                  RequestEvent, Attachment]


# ---------------------------------------------------------------- meters (migration 3)


class ImportBatch(FrozenModel):
    kind = peewee.TextField(default="readings")
    file_name = peewee.TextField()
    sha256 = peewee.TextField()
    at = peewee.DateTimeField()
    user = peewee.TextField()
    rows = peewee.IntegerField(default=0)
    imported = peewee.IntegerField(default=0)
    warnings = peewee.IntegerField(default=0)
    meters_created = peewee.IntegerField(default=0)
    undone_at = peewee.DateTimeField(null=True)


class Meter(FrozenModel):
    premise = peewee.ForeignKeyField(Premise, null=True, backref="+", on_delete="RESTRICT")
    house = peewee.ForeignKeyField(House, null=True, backref="+", on_delete="RESTRICT")
    resource = peewee.TextField()
    tariffs = peewee.IntegerField(default=1)
    serial = peewee.TextField(index=True)
    gis_number = peewee.TextField(null=True, index=True)
    model = peewee.TextField(default="")
    place = peewee.TextField(default="")
    installed_on = peewee.DateField(null=True)
    verified_on = peewee.DateField(null=True)
    interval_years = peewee.IntegerField(null=True)
    next_verification = peewee.DateField(null=True, index=True)
    digits = peewee.IntegerField(null=True)
    initial_t1 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    initial_t2 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    initial_t3 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    archived_on = peewee.DateField(null=True)
    replaced_by = peewee.ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")
    batch = peewee.ForeignKeyField(ImportBatch, null=True, backref="+", on_delete="SET NULL")


class Reading(FrozenModel):
    """With its indexes on ``meter_id`` and ``batch_id``: migration 7 drops them."""

    meter = peewee.ForeignKeyField(Meter, backref="+", on_delete="RESTRICT")
    period = peewee.TextField()
    taken_on = peewee.DateField(null=True)
    t1 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    t2 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    t3 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    source = peewee.TextField(default="manual")
    batch = peewee.ForeignKeyField(ImportBatch, null=True, backref="+", on_delete="RESTRICT")
    flagged = peewee.TextField(default="")

    class Meta:
        indexes = ((("meter", "period"), True),)


METER_TABLES = [ImportBatch, Meter, Reading]


# ---------------------------------------------------------------- acts (migration 4)


class ActSequence(FrozenModel):
    kind = peewee.TextField()
    year = peewee.IntegerField()
    last = peewee.IntegerField(default=0)

    class Meta:
        primary_key = peewee.CompositeKey("kind", "year")


class Act(FrozenModel):
    kind = peewee.TextField(index=True)
    number = peewee.TextField()
    made_at = peewee.DateTimeField()
    request = peewee.ForeignKeyField(Request, null=True, backref="+", on_delete="RESTRICT")
    premise = peewee.ForeignKeyField(Premise, null=True, backref="+", on_delete="RESTRICT")
    fields = peewee.TextField(default="{}")
    file_name = peewee.TextField(default="")
    updated_at = peewee.DateTimeField()

    class Meta:
        indexes = ((("kind", "number"), True),)


ACT_TABLES = [ActSequence, Act]
