"""Peewee models of the register. Tables are created by numbered migrations."""

from __future__ import annotations

import peewee

from tsj_desk.storage.database import database
from tsj_desk.storage.versions import VersionedRow, version_field


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Organization(VersionedRow, BaseModel):
    name = peewee.TextField()
    kind = peewee.TextField(default="ТСЖ")  # ТСЖ, ЖСК, УО
    inn = peewee.TextField(null=True)
    ogrn = peewee.TextField(null=True)
    address = peewee.TextField(null=True)
    city = peewee.TextField(null=True)
    chairman = peewee.TextField(null=True)
    chairman_position = peewee.TextField(default="председатель правления")
    # migration 14: the rest of the organisation's details
    short_name = peewee.TextField(null=True)
    kpp = peewee.TextField(null=True)
    postal_address = peewee.TextField(null=True)
    phone = peewee.TextField(null=True)
    email = peewee.TextField(null=True)
    bank_name = peewee.TextField(null=True)
    bik = peewee.TextField(null=True)
    settlement_account = peewee.TextField(null=True)  # р/с
    corr_account = peewee.TextField(null=True)  # к/с
    chairman_last_name = peewee.TextField(null=True)
    chairman_first_name = peewee.TextField(null=True)
    chairman_patronymic = peewee.TextField(null=True)
    chairman_gender = peewee.TextField(null=True)  # "m", "f"; None: guessed from the patronymic
    chairman_basis = peewee.TextField(null=True)  # genitive: «Устава», «доверенности № 5 от …»
    version = version_field()  # storage/versions.py: a save of a moved version is refused


class House(VersionedRow, BaseModel):
    organization = peewee.ForeignKeyField(Organization, backref="houses", on_delete="RESTRICT")
    address = peewee.TextField()
    total_area = peewee.DecimalField(max_digits=14, decimal_places=2, null=True)
    # migration 14
    fias_code = peewee.TextField(null=True)
    cadastral_number = peewee.TextField(null=True)
    common_area = peewee.DecimalField(max_digits=14, decimal_places=2, null=True)
    year_built = peewee.IntegerField(null=True)
    version = version_field()  # storage/versions.py: a save of a moved version is refused


class Premise(VersionedRow, BaseModel):
    house = peewee.ForeignKeyField(House, backref="premises", on_delete="RESTRICT")
    number = peewee.TextField()
    sort_key = peewee.TextField(index=True)
    kind = peewee.TextField(default="flat")
    area = peewee.DecimalField(max_digits=12, decimal_places=2, null=True)
    entrance = peewee.TextField(null=True)
    floor = peewee.TextField(null=True)
    cadastral_number = peewee.TextField(null=True)
    account = peewee.TextField(null=True, index=True)
    search_key = peewee.TextField(default="")
    version = version_field()  # storage/versions.py: a save of a moved version is refused

    class Meta:
        indexes = ((("house", "number"), True),)


class Person(BaseModel):
    is_legal = peewee.BooleanField(default=False)
    name = peewee.TextField()  # ФИО of an individual or full name of a legal entity
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


class Ownership(VersionedRow, BaseModel):
    premise = peewee.ForeignKeyField(Premise, backref="ownerships", on_delete="RESTRICT")
    person = peewee.ForeignKeyField(Person, backref="ownerships", on_delete="RESTRICT")
    share_num = peewee.IntegerField(default=1)
    share_den = peewee.IntegerField(default=1)
    joint_group = peewee.TextField(null=True)
    egrn_number = peewee.TextField(null=True)
    egrn_date = peewee.DateField(null=True)
    valid_from = peewee.DateField(null=True)
    valid_to = peewee.DateField(null=True, index=True)
    member = peewee.BooleanField(default=False)
    member_since = peewee.DateField(null=True)
    member_until = peewee.DateField(null=True)  # the day membership ended (migration 15)
    note = peewee.TextField(null=True)
    version = version_field()  # storage/versions.py: a save of a moved version is refused


class AuditEntry(BaseModel):
    """Append-only: the application never updates or deletes these rows."""

    at = peewee.DateTimeField(index=True)
    user = peewee.TextField()
    action = peewee.TextField()
    entity = peewee.TextField()
    entity_id = peewee.IntegerField(null=True)
    details = peewee.TextField(default="")


class Disclosure(BaseModel):
    """A hand-out of the owner register (personal data disclosure)."""

    at = peewee.DateTimeField(index=True)
    user = peewee.TextField()
    requested_by = peewee.TextField()
    purpose = peewee.TextField()
    request_id = peewee.IntegerField(null=True)
    as_of = peewee.DateField()
    rows = peewee.IntegerField()
    file_name = peewee.TextField()
    sha256 = peewee.TextField()


REGISTER_MODELS = [Organization, House, Premise, Person, Ownership, AuditEntry, Disclosure]


# ---------------------------------------------------------------- journal (migration 2)


class Setting(BaseModel):
    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()

    @classmethod
    def put(cls, key: str, value: str) -> None:
        """Insert or overwrite one setting (an upsert both SQLite and PostgreSQL run). A
        setting that has this value already is not written again: the base does not
        change, and no page is told its data changed."""
        cls.insert(key=key, value=value).on_conflict(
            conflict_target=[cls.key], preserve=[cls.value],
            where=(cls.value != peewee.EXCLUDED.value)).execute()


class RequestCategory(BaseModel):
    code = peewee.TextField(unique=True)
    label = peewee.TextField()
    amount = peewee.IntegerField()  # days; minutes for the "hours" kind
    kind = peewee.TextField()  # calendar / working / hours
    basis = peewee.TextField(default="")
    shift_to_working_day = peewee.BooleanField(default=True)
    note = peewee.TextField(default="")
    position = peewee.IntegerField(default=0)


class CalendarOverride(BaseModel):
    day = peewee.DateField(unique=True)
    working = peewee.BooleanField()
    note = peewee.TextField(default="")


class RequestSequence(BaseModel):
    """The last registration number of each year: numbers are never reused."""

    year = peewee.IntegerField(primary_key=True)
    last = peewee.IntegerField(default=0)


class Request(VersionedRow, BaseModel):
    reg_no = peewee.TextField(unique=True)
    received_at = peewee.DateTimeField(index=True)
    channel = peewee.TextField(index=True)
    person = peewee.ForeignKeyField(Person, null=True, backref="requests", on_delete="RESTRICT")
    applicant = peewee.TextField()  # the name as written (a person's, or an outsider's)
    applicant_contacts = peewee.TextField(default="")
    premise = peewee.ForeignKeyField(Premise, null=True, backref="requests", on_delete="RESTRICT")
    premise_number = peewee.TextField(default="", index=True)
    category = peewee.ForeignKeyField(RequestCategory, backref="requests", on_delete="RESTRICT")
    subject = peewee.TextField(default="")
    text = peewee.TextField(default="")
    due_date = peewee.DateField(index=True)
    due_at = peewee.DateTimeField(null=True)
    deadline_basis = peewee.TextField(default="")
    status = peewee.TextField(index=True, default="registered")
    answer_text = peewee.TextField(default="")
    answered_on = peewee.DateField(null=True, index=True)
    answered_at = peewee.DateTimeField(null=True)  # the moment, for a deadline in hours
    answer_channel = peewee.TextField(default="")
    outgoing_no = peewee.TextField(default="")
    result = peewee.TextField(default="")
    refusal_reason = peewee.TextField(default="")
    recalculation = peewee.TextField(default="")
    satisfaction = peewee.IntegerField(null=True)
    inspection_at = peewee.DateTimeField(null=True)
    inspection_act_on = peewee.DateField(null=True)
    search_key = peewee.TextField(default="")
    void_reason = peewee.TextField(null=True)  # why a request registered by mistake was voided (migration 13)
    version = version_field()  # storage/versions.py: a save of a moved version is refused
    # how the satisfaction score was obtained (storage/migration_satisfaction.py)
    satisfaction_comment = peewee.TextField(null=True)
    satisfaction_channel = peewee.TextField(null=True)  # «телефон», «лично»
    satisfaction_at = peewee.DateTimeField(null=True)


class RequestEvent(BaseModel):
    """The history of a request: who did what and when."""

    request = peewee.ForeignKeyField(Request, backref="events", on_delete="CASCADE")
    at = peewee.DateTimeField()
    user = peewee.TextField()
    action = peewee.TextField()
    details = peewee.TextField(default="")


class StoredFile(BaseModel):
    """A document kept in the base (storage/migration_stored_files.py): an attachment,
    a letter, an act or a user's template. Without ``content`` it is a reference to a
    file not yet brought in: ``missing_path`` is where it lay on the PC that had it."""

    kind = peewee.TextField()  # attachment, letter, act, template
    name = peewee.TextField()  # the file's name as the user saw it
    size = peewee.IntegerField()
    sha256 = peewee.TextField()
    created_at = peewee.DateTimeField()
    created_by = peewee.TextField()
    missing_path = peewee.TextField(null=True)
    content = peewee.BlobField(null=True)

    class Meta:
        indexes = ((("kind", "name"), False),)


class Attachment(BaseModel):
    request = peewee.ForeignKeyField(Request, backref="attachments", on_delete="CASCADE")
    file_name = peewee.TextField()
    stored_name = peewee.TextField()  # "" once kept in the base (stored_file)
    sha256 = peewee.TextField()
    added_at = peewee.DateTimeField()
    stored_file = peewee.ForeignKeyField(StoredFile, null=True, backref="+", on_delete="SET NULL")


JOURNAL_MODELS = [Setting, RequestCategory, CalendarOverride, RequestSequence, Request,
                  RequestEvent, Attachment]


# ---------------------------------------------------------------- meters (migration 3)


class ImportBatch(BaseModel):
    """One import of a file: can be undone as a whole."""

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


class Meter(VersionedRow, BaseModel):
    premise = peewee.ForeignKeyField(Premise, null=True, backref="meters", on_delete="RESTRICT")
    house = peewee.ForeignKeyField(House, null=True, backref="meters", on_delete="RESTRICT")  # ОДПУ
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
    replaced_by = peewee.ForeignKeyField("self", null=True, backref="replaces", on_delete="SET NULL")
    batch = peewee.ForeignKeyField(ImportBatch, null=True, backref="meters", on_delete="SET NULL")
    version = version_field()  # storage/versions.py: a save of a moved version is refused


class Reading(VersionedRow, BaseModel):
    # no index of its own: the unique (meter, period) index serves every lookup by meter,
    # and each index costs the import's hot path (migration 7 drops the old ones)
    meter = peewee.ForeignKeyField(Meter, backref="readings", on_delete="RESTRICT", index=False)
    period = peewee.TextField()  # YYYY-MM
    taken_on = peewee.DateField(null=True)
    t1 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    t2 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    t3 = peewee.DecimalField(max_digits=16, decimal_places=4, null=True)
    source = peewee.TextField(default="manual")  # manual / phone / excel / gis / final
    batch = peewee.ForeignKeyField(ImportBatch, null=True, backref="readings", on_delete="RESTRICT",
                                   index=False)  # only «undo an import» looks readings up by batch
    flagged = peewee.TextField(default="")  # warnings to review
    # why a reading below the previous one was saved (migration 17): domain.lower_readings
    reason = peewee.TextField(null=True)
    version = version_field()  # storage/versions.py: a save of a moved version is refused

    class Meta:
        indexes = ((("meter", "period"), True),)


METER_MODELS = [ImportBatch, Meter, Reading]


# ---------------------------------------------------------------- acts (migration 4)


class ActSequence(BaseModel):
    """The last act number of each kind and year."""

    kind = peewee.TextField()
    year = peewee.IntegerField()
    last = peewee.IntegerField(default=0)

    class Meta:
        primary_key = peewee.CompositeKey("kind", "year")


class Act(BaseModel):
    kind = peewee.TextField(index=True)
    number = peewee.TextField()  # YYYY-NNN within the kind
    made_at = peewee.DateTimeField()
    request = peewee.ForeignKeyField(Request, null=True, backref="acts", on_delete="RESTRICT")
    premise = peewee.ForeignKeyField(Premise, null=True, backref="acts", on_delete="RESTRICT")
    fields = peewee.TextField(default="{}")  # JSON: every value typed in the act dialog
    file_name = peewee.TextField(default="")
    updated_at = peewee.DateTimeField()
    stored_file = peewee.ForeignKeyField(StoredFile, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        indexes = ((("kind", "number"), True),)


ACT_MODELS = [ActSequence, Act]


# ---------------------------------------------------------------- office users (migration 12)


class OfficeUser(BaseModel):
    """A named user of the office (chairman, accountant, dispatcher…): the change log,
    the disclosure log and the request history name them instead of the OS login."""

    name = peewee.TextField()
    role = peewee.TextField(default="")
    password_hash = peewee.TextField(default="")  # empty: no password asked
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField()


# ---------------------------------------------------------------- column layouts (migration 16)


class ColumnLayout(BaseModel):
    """A column mapping the user gave once for a file's header row, applied again to a
    file whose header row looks the same (``services.column_layouts``)."""

    kind = peewee.TextField()  # "readings", "registry"
    signature = peewee.TextField()  # JSON list: the header row's cells as header_key writes them
    headers = peewee.TextField(default="[]")  # JSON list: the same cells as the file wrote them
    mapping = peewee.TextField()  # JSON object: header_key → field key ("" — not used)
    file_name = peewee.TextField(default="")  # the file it was made on
    saved_at = peewee.DateTimeField()

    class Meta:
        indexes = ((("kind", "signature"), True),)


# ---------------------------------------------------------------- debts (storage/migration_debts.py)


class BalanceBatch(BaseModel):
    """One import of a balances file (ОСВ, debtors list): the balances at one date;
    undone as a whole (its balances removed, the batch kept with ``undone_at``)."""

    file_name = peewee.TextField()
    sha256 = peewee.TextField()
    balance_date = peewee.DateField()
    at = peewee.DateTimeField()
    user = peewee.TextField()
    rows = peewee.IntegerField(default=0)
    imported = peewee.IntegerField(default=0)
    undone_at = peewee.DateTimeField(null=True)


class Balance(BaseModel):
    """A premise's debt at a date, in kopecks (negative: paid in advance)."""

    batch = peewee.ForeignKeyField(BalanceBatch, backref="balances", on_delete="RESTRICT")
    premise = peewee.ForeignKeyField(Premise, backref="balances", on_delete="RESTRICT", index=False)
    balance_date = peewee.DateField()
    account = peewee.TextField(default="")  # as the file writes it
    owner = peewee.TextField(default="")  # as the file writes it
    debt = peewee.BigIntegerField()  # kopecks
    months = peewee.IntegerField(null=True)
    accrued = peewee.BigIntegerField(null=True)  # kopecks
    paid = peewee.BigIntegerField(null=True)  # kopecks

    class Meta:
        indexes = ((("premise", "balance_date"), False),)


class DebtNotice(BaseModel):
    """A «Уведомление о задолженности» made for a premise: the sum and date it named,
    who made it, when, and how it was (or is to be) delivered."""

    premise = peewee.ForeignKeyField(Premise, backref="debt_notices", on_delete="RESTRICT")
    account = peewee.TextField(default="")
    debt = peewee.BigIntegerField()  # kopecks
    balance_date = peewee.DateField()
    made_at = peewee.DateTimeField()
    user = peewee.TextField()
    delivery = peewee.TextField(default="")  # domain.debts.DELIVERIES
    delivered_on = peewee.DateField(null=True)
    note = peewee.TextField(default="")


class PaymentPromise(BaseModel):
    """A debtor's promise to pay ``amount`` by ``promised_date``; ``debt`` and
    ``balance_date`` are the balance it was given against (kopecks)."""

    premise = peewee.ForeignKeyField(Premise, backref="payment_promises", on_delete="RESTRICT")
    debt = peewee.BigIntegerField(default=0)
    balance_date = peewee.DateField(null=True)
    promised_date = peewee.DateField(index=True)
    amount = peewee.BigIntegerField()  # kopecks
    made_at = peewee.DateTimeField()
    user = peewee.TextField()
    source = peewee.TextField(default="")  # «телефон», «лично», «обзвон»
    note = peewee.TextField(default="")


# ---------------------------------------------------------------- announcements (storage/migration_announcements.py)


class Announcement(BaseModel):
    """An announcement for entrances and notice boards (``services.announcements``)."""

    kind = peewee.TextField()  # outage, visit, meeting (domain.announcements)
    house = peewee.ForeignKeyField(House, null=True, backref="announcements", on_delete="RESTRICT")
    entrances = peewee.TextField(default="")  # «1, 2»; "" — every entrance of the house
    starts_at = peewee.DateTimeField(index=True)
    ends_at = peewee.DateTimeField(null=True)
    resource = peewee.TextField(default="")  # an outage's resource code
    reason = peewee.TextField(default="")  # an outage's reason
    work = peewee.TextField(default="")  # a visit's work code
    performer = peewee.TextField(default="")  # who comes
    premises = peewee.TextField(default="")  # a visit's premises as typed: «1–36, 40»
    meeting_form = peewee.TextField(default="")  # in_person, mixed, absentee
    place = peewee.TextField(default="")  # a meeting's place
    agenda = peewee.TextField(default="")  # a meeting's agenda, one item a line
    note = peewee.TextField(default="")  # more words for the announcement
    created_at = peewee.DateTimeField()
    user = peewee.TextField(default="")
