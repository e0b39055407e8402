"""Owner register use cases: import, browse, edit owners, record a sale.

Each function that writes runs in one transaction and appends to the audit log.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from tsj_desk.domain.errors import (
    ImportRejected,
    NotFound,
    RowProblem,
    ValidationFailed,
)
from tsj_desk.domain.persons import (
    looks_like_legal_entity,
    normalize_name,
    ogrn_problem,
    person_search_key,
    split_fio,
)
from tsj_desk.domain.phones import normalize_phones
from tsj_desk.domain.premises import PremiseKind, premise_sort_text
from tsj_desk.domain.register import (
    OwnershipFacts,
    PremiseFacts,
    RegisterRow,
    build_register,
)
from tsj_desk.domain.shares import ShareHolding, check_total_share, format_share, total_share
from tsj_desk.domain.text import fold
from tsj_desk.services import audit
from tsj_desk.services.importing import Cancelled, ImportReport, Progress
from tsj_desk.services.organization import edit_house, ensure_house
from tsj_desk.services.registry_browse import (  # noqa: F401 - the register page's reads, kept importable here
    OwnershipInfo,
    PersonMatch,
    PremiseCard,
    PremiseSummary,
    _ownership_info,
    count_premises,
    list_premises,
    premise_card,
    search_persons,
)
from tsj_desk.storage.bulk import insert_rows, update_rows
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Ownership, Person, Premise
from tsj_desk.storage.versions import guarded_update, lock_houses, lock_row, refusal, retried

if TYPE_CHECKING:  # the file reader (spreadsheets, zip and XML guards) is loaded when a file is read
    from tsj_desk.importers.registry import ParsedRegistry, RegistryRow


def _parse(path: str | Path, today: date, mapping: dict[str, str] | None) -> ParsedRegistry:
    """The file read with the user's mapping, else with a layout remembered for its header."""
    from tsj_desk.importers.registry import parse_registry_file
    from tsj_desk.services import column_layouts

    return parse_registry_file(path, today=today, mapping=mapping,
                               layouts=column_layouts.layouts_or_none(column_layouts.REGISTRY, mapping))


def preview_registry(path: str | Path, *, today: date, mapping: dict[str, str] | None = None,
                     house_id: int | None = None) -> ParsedRegistry:
    """Parse a register file and add the problems only the database can see in the house
    it goes to (``house_id``, else the one its title names: ``registry_house``). With several
    houses and none chosen nor named, those problems wait until the house is chosen."""
    parsed = _parse(path, today, mapping)
    if house_id is None:
        from tsj_desk.services.registry_house import house_choice

        choice = house_choice(parsed.house_address)
        if choice.house_id is None and choice.several:
            return parsed
        house_id = choice.house_id
    _check_against_database(parsed, ensure_house_id=house_id)
    return parsed


@retried
def import_registry(
    path: str | Path,
    *,
    now: datetime,
    skip_invalid: bool = False,
    dry_run: bool = False,
    house_id: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    parsed: ParsedRegistry | None = None,
    backup: bool = True,
    house_address: str | None = None,
    mapping: dict[str, str] | None = None,
) -> ImportReport:
    """Import an owner register file in one transaction.

    With any row error nothing is written (``ImportRejected``) unless
    ``skip_invalid``; ``dry_run`` checks everything and writes nothing. Importing
    the same file again updates the same records and creates no duplicates. A backup
    is made first (``backup=False`` skips it: tests and benchmarks of the bare import).
    ``house_address`` (the one the file's title names, when the user agreed) is written to
    the house in the same transaction; without it the house keeps its address.
    ``mapping`` (header → field) is the user's column layout; once written it is remembered
    for files with the same header row (``column_layouts``).
    """
    if parsed is None:
        parsed = _parse(path, now.date(), mapping)
    house = house_id or _existing_house_id()
    _check_against_database(parsed, house)
    valid = parsed.valid_rows()
    report = ImportReport(parsed.data_rows, len(valid), 0, parsed.errors, parsed.warnings, dry_run)
    if parsed.errors and not skip_invalid:
        raise ImportRejected(parsed.errors)
    if dry_run:
        return report
    if backup:
        from tsj_desk.services.backups import backup_before_import

        backup_before_import(now)
    with database.atomic() as transaction:
        house = _locked_house(parsed, house_id or house, skip_invalid)
        valid = parsed.valid_rows()
        report.valid = len(valid)
        if house_address:
            edit_house(house, {"address": house_address}, now=now)
        try:
            report.imported = _write_rows(house, valid, parsed.path.name, now, progress, cancel)
            if parsed.layout is not None:
                from tsj_desk.services import column_layouts

                column_layouts.remember(column_layouts.REGISTRY, parsed.layout, file_name=parsed.path.name,
                                        now=now)
        except Cancelled:
            transaction.rollback()
            raise
    return report


def _locked_house(parsed: ParsedRegistry, house: int | None, skip_invalid: bool) -> int:
    """Inside the import's transaction: hold the house's import lock (a server; a house not
    made yet: lock 0), then check the shares again against what is in the base now —
    another PC may have imported into the house meanwhile."""
    lock_houses("registry", [house])
    made = ensure_house() if house is None else house
    if made != house:
        lock_houses("registry", [made])
    checked = list(parsed.problems)
    parsed.database_checked = False
    _check_against_database(parsed, made)
    parsed.problems[:] = list(dict.fromkeys(checked + parsed.problems[len(checked):]))
    if parsed.errors and not skip_invalid:
        raise ImportRejected(parsed.errors)
    return made


def _existing_house_id() -> int | None:
    from tsj_desk.storage.models import House

    house = House.select(House.id).order_by(House.id).first()
    return house.id if house else None


def _check_against_database(parsed: ParsedRegistry, ensure_house_id: int | None) -> None:
    """A file's shares plus the open shares of owners not in the file must not exceed 1.

    Runs once per parsed file: a preview followed by the import reports each problem once.
    """
    if parsed.database_checked:
        return
    parsed.database_checked = True
    house = ensure_house_id if ensure_house_id is not None else _existing_house_id()
    if house is None:
        return
    numbers = {r.premise_number for r in parsed.valid_rows()}
    if not numbers:
        return
    existing: dict[str, list[tuple[str, ShareHolding]]] = {}
    query = (
        Ownership.select(Ownership, Premise.number, Person.search_key)
        .join(Premise).switch(Ownership).join(Person)
        .where(Premise.house == house, Ownership.valid_to.is_null())
    )
    for o in query:
        if o.premise.number in numbers:
            existing.setdefault(o.premise.number, []).append(
                (o.person.search_key, ShareHolding(Fraction(o.share_num, o.share_den), o.joint_group))
            )
    by_premise: dict[str, list[RegistryRow]] = {}
    for row in parsed.valid_rows():
        by_premise.setdefault(row.premise_number, []).append(row)
    for number, rows in by_premise.items():
        in_file = {person_search_key(r.owner) for r in rows}
        others = [h for key, h in existing.get(number, []) if key not in in_file]
        if not others:
            continue
        holdings = others + [ShareHolding(r.fraction, r.joint_group) for r in rows]
        total = total_share(holdings)
        if total > 1:
            parsed.problems.append(RowProblem(
                rows[-1].row, parsed.titles.get("share"),
                f"вместе с собственниками, уже записанными в базе, сумма долей помещения "
                f"{number} равна {format_share(total)} — больше 1. Сначала оформите смену "
                "собственника или исправьте доли.",
            ))


def _write_rows(house_id: int, rows: list[RegistryRow], source: str, now: datetime,
                progress: Progress | None, cancel: threading.Event | None) -> int:
    """Upsert premises, persons and open ownerships in three bulk steps."""
    total = len(rows)
    steps = 4

    def step(done: int) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if progress is not None:
            progress(done * total // steps, total)

    step(0)
    # 1. premises: by number within the house
    premises = {number: (pid, area, account, kind) for pid, number, area, account, kind in
                Premise.select(Premise.id, Premise.number, Premise.area, Premise.account,
                               Premise.kind).where(Premise.house == house_id).tuples()}
    new_premises: dict[str, RegistryRow] = {}
    changed_premises: dict[int, tuple] = {}
    for row in rows:
        known = premises.get(row.premise_number)
        if known is None:
            new_premises.setdefault(row.premise_number, row)
            continue
        pid, area, account, kind = known
        area = row.area if row.area is not None else area
        account = row.account or account
        if (area, account, row.kind.value) != (known[1], known[2], kind):
            changed_premises[pid] = (area, account, row.kind.value,
                                     fold(f"{row.premise_number} {account or ''}"))
    insert_rows(Premise, ["house", "number", "sort_key", "kind", "area", "account", "search_key"], (
        (house_id, number, premise_sort_text(number), r.kind.value, r.area, r.account,
         fold(f"{number} {r.account or ''}")) for number, r in new_premises.items()))
    update_rows(Premise, ["area", "account", "kind", "search_key"],
                (values + (pid,) for pid, values in changed_premises.items()))
    premise_ids = dict(Premise.select(Premise.number, Premise.id)
                       .where(Premise.house == house_id).tuples())
    step(1)

    # 2. persons: by folded name and ОГРН (a register file names people only by name)
    persons: dict[tuple[str, str], tuple[int, str | None, str | None, str | None]] = {}
    for pid, key, ogrn, phone, email in Person.select(
            Person.id, Person.search_key, Person.ogrn, Person.phone, Person.email).tuples():
        persons.setdefault((key, ogrn or ""), (pid, phone, email, ogrn))
        persons.setdefault((key, ""), (pid, phone, email, ogrn))
    new_persons: dict[tuple[str, str], RegistryRow] = {}
    changed_persons: dict[int, tuple] = {}
    for row in rows:
        key = (person_search_key(row.owner), row.ogrn or "")
        known = persons.get(key) or (persons.get((key[0], "")) if row.ogrn else None)
        if known is None:
            new_persons.setdefault(key, row)
            continue
        pid, phone, email, ogrn = known
        values = (row.phone or phone, row.email or email, row.ogrn or ogrn)
        if values != (phone, email, ogrn):
            changed_persons[pid] = values
    insert_rows(Person, ["is_legal", "name", "last_name", "first_name", "patronymic", "ogrn",
                         "phone", "email", "search_key"], (
        (r.is_legal, r.owner, *((None, None, None) if r.is_legal else split_fio(r.owner)),
         r.ogrn, r.phone, r.email, key[0]) for key, r in new_persons.items()))
    update_rows(Person, ["phone", "email", "ogrn"],
                (values + (pid,) for pid, values in changed_persons.items()))
    person_ids: dict[tuple[str, str], int] = {}
    for pid, key, ogrn in Person.select(Person.id, Person.search_key, Person.ogrn).tuples():
        person_ids.setdefault((key, ogrn or ""), pid)
        person_ids.setdefault((key, ""), pid)
    step(2)

    # 3. open ownerships: by premise and person
    open_by_pair = {(premise, person): (oid, num, den, group, number, egrn_date, member)
                    for oid, premise, person, num, den, group, number, egrn_date, member in
                    Ownership.select(Ownership.id, Ownership.premise, Ownership.person,
                                     Ownership.share_num, Ownership.share_den,
                                     Ownership.joint_group, Ownership.egrn_number,
                                     Ownership.egrn_date, Ownership.member)
                    .join(Premise).where(Premise.house == house_id,
                                         Ownership.valid_to.is_null()).tuples()}
    new_ownerships = []
    changed_ownerships = []
    for row in rows:
        premise_id = premise_ids[row.premise_number]
        person_id = person_ids[(person_search_key(row.owner), row.ogrn or "")]
        known = open_by_pair.get((premise_id, person_id))
        if known is None:
            new_ownerships.append((premise_id, person_id, row.fraction.numerator,
                                   row.fraction.denominator, row.joint_group, row.egrn_number,
                                   row.egrn_date, row.egrn_date, bool(row.member)))
            open_by_pair[(premise_id, person_id)] = (None,) * 7
            continue
        oid, *current = known
        values = [row.fraction.numerator, row.fraction.denominator, row.joint_group,
                  row.egrn_number, row.egrn_date, current[5] if row.member is None else row.member]
        if oid is not None and values != current:
            changed_ownerships.append((*values, oid))
    step(3)
    insert_rows(Ownership, ["premise", "person", "share_num", "share_den", "joint_group",
                            "egrn_number", "egrn_date", "valid_from", "member"], new_ownerships)
    update_rows(Ownership, ["share_num", "share_den", "joint_group", "egrn_number", "egrn_date",
                            "member"], changed_ownerships)
    audit.record("import", "registry", None, now=now, file=source, rows=total,
                 premises_created=len(new_premises), persons_created=len(new_persons),
                 ownerships_created=len(new_ownerships), ownerships_updated=len(changed_ownerships))
    step(4)
    return total


# ---------------------------------------------------------------- edit


@dataclass
class OwnerInput:
    """What the owner dialog collects for one owner."""

    name: str
    fraction: Fraction = Fraction(1)
    joint: bool = False
    ogrn: str | None = None
    phone: str | None = None
    email: str | None = None
    egrn_number: str | None = None
    egrn_date: date | None = None
    member: bool = False
    person_id: int | None = None  # an existing person, when chosen from the register

    def validate(self) -> None:
        problems = []
        if not normalize_name(self.name):
            problems.append("Укажите ФИО собственника или наименование организации.")
        if self.ogrn and (message := ogrn_problem(self.ogrn)):
            problems.append(message)
        if not 0 < self.fraction <= 1:
            problems.append("Доля должна быть больше нуля и не больше 1.")
        if problems:
            raise ValidationFailed(problems[0], problems)


def _person_for(owner: OwnerInput) -> Person:
    if owner.person_id is not None:
        person = Person.get_or_none(Person.id == owner.person_id)
        if person is None:
            raise NotFound("Выбранный собственник не найден в реестре.")
        return person
    name = normalize_name(owner.name)
    is_legal = bool(owner.ogrn) or looks_like_legal_entity(name)
    last, first, patronymic = (None, None, None) if is_legal else split_fio(name)
    return Person.create(is_legal=is_legal, name=name, last_name=last, first_name=first,
                         patronymic=patronymic, ogrn=owner.ogrn or None,
                         phone=normalize_phones(owner.phone), email=owner.email or None,
                         search_key=person_search_key(name))


def _open_holdings(premise_id: int, exclude: set[int] = frozenset()) -> list[ShareHolding]:
    return [ShareHolding(Fraction(o.share_num, o.share_den), o.joint_group)
            for o in Ownership.select().where(Ownership.premise == premise_id,
                                              Ownership.valid_to.is_null())
            if o.id not in exclude]


def _joint_group(premise: Premise, owner: OwnerInput) -> str | None:
    if not owner.joint:
        return None
    return f"{premise.number}|{owner.egrn_number or 'совместная'}"


def add_owner(premise_id: int, owner: OwnerInput, *, now: datetime, valid_from: date | None = None) -> int:
    """Add an owner to a premise; the open shares must stay within 1."""
    owner.validate()
    premise = Premise.get_or_none(Premise.id == premise_id)
    if premise is None:
        raise NotFound("Помещение не найдено.")
    group = _joint_group(premise, owner)
    holdings = _open_holdings(premise_id) + [ShareHolding(owner.fraction, group)]
    check_total_share(holdings, premise.number)
    with database.atomic():
        lock_row(Premise, premise_id)  # a server: the shares checked again, none added meanwhile
        check_total_share(_open_holdings(premise_id) + [ShareHolding(owner.fraction, group)], premise.number)
        person = _person_for(owner)
        ownership = Ownership.create(
            premise=premise, person=person, share_num=owner.fraction.numerator,
            share_den=owner.fraction.denominator, joint_group=group,
            egrn_number=owner.egrn_number, egrn_date=owner.egrn_date,
            valid_from=valid_from or owner.egrn_date, member=owner.member,
        )
        audit.record("add", "ownership", ownership.id, now=now, premise=premise.number,
                     owner=person.name, share=format_share(owner.fraction, owner.joint))
    return ownership.id


def edit_owner(ownership_id: int, owner: OwnerInput, *, now: datetime) -> None:
    """Correct an open ownership (a typo, a new phone): not a change of owner."""
    owner.validate()
    ownership = Ownership.get_or_none(Ownership.id == ownership_id)
    if ownership is None:
        raise NotFound("Запись о собственности не найдена.")
    premise = ownership.premise
    group = _joint_group(premise, owner)
    holdings = _open_holdings(premise.id, {ownership_id}) + [ShareHolding(owner.fraction, group)]
    check_total_share(holdings, premise.number)
    with database.atomic():
        person = ownership.person
        before = {"name": person.name, "share": format_share(
            Fraction(ownership.share_num, ownership.share_den), ownership.joint_group is not None)}
        name = normalize_name(owner.name)
        person.name = name
        person.is_legal = bool(owner.ogrn) or looks_like_legal_entity(name)
        person.last_name, person.first_name, person.patronymic = (
            (None, None, None) if person.is_legal else split_fio(name))
        person.ogrn = owner.ogrn or None
        person.phone = normalize_phones(owner.phone)
        person.email = owner.email or None
        person.search_key = person_search_key(name)
        person.save()
        guarded_update(  # refused when another PC changed the ownership since it was read
            Ownership, ownership_id, ownership.version,
            share_num=owner.fraction.numerator, share_den=owner.fraction.denominator,
            joint_group=group, egrn_number=owner.egrn_number, egrn_date=owner.egrn_date,
            member=owner.member,
        )
        audit.record("edit", "ownership", ownership_id, now=now, premise=premise.number, before=before,
                     after={"name": name, "share": format_share(owner.fraction, owner.joint)})


def transfer_ownership(premise_id: int, seller_ids: list[int], buyers: list[OwnerInput], *,
                       on: date, now: datetime) -> list[int]:
    """A sale or other transfer: close the sellers' ownerships on ``on`` and open the
    buyers' from ``on``. History is kept; the register as of an earlier date still
    shows the sellers.
    """
    if not seller_ids:
        raise ValidationFailed("Выберите собственников, чьё право прекращается.")
    if not buyers:
        raise ValidationFailed("Укажите нового собственника.")
    for buyer in buyers:
        buyer.validate()
    premise = Premise.get_or_none(Premise.id == premise_id)
    if premise is None:
        raise NotFound("Помещение не найдено.")
    sellers = list(Ownership.select().where(Ownership.id.in_(seller_ids),
                                            Ownership.premise == premise_id,
                                            Ownership.valid_to.is_null()))
    if len(sellers) != len(set(seller_ids)):
        raise ValidationFailed("Часть выбранных записей уже закрыта или относится к другому помещению.")
    for seller in sellers:
        if seller.valid_from is not None and on < seller.valid_from:
            raise ValidationFailed(
                f"Дата перехода права {on:%d.%m.%Y} раньше даты возникновения права "
                f"продавца {seller.valid_from:%d.%m.%Y}.")
    holdings = _open_holdings(premise_id, set(seller_ids)) + [
        ShareHolding(b.fraction, _joint_group(premise, b)) for b in buyers]
    check_total_share(holdings, premise.number)
    created = []
    with database.atomic():
        lock_row(Premise, premise_id)  # a server: one change of the premise's owners at a time
        closed = (Ownership.update(valid_to=on, version=Ownership.version + 1)
                  .where(Ownership.id.in_(seller_ids), Ownership.valid_to.is_null()).execute())
        if closed != len(set(seller_ids)):  # a seller's right was closed on another PC meanwhile
            raise refusal("premise", premise_id)
        check_total_share(_open_holdings(premise_id) + [
            ShareHolding(b.fraction, _joint_group(premise, b)) for b in buyers], premise.number)
        for buyer in buyers:
            person = _person_for(buyer)
            ownership = Ownership.create(
                premise=premise, person=person, share_num=buyer.fraction.numerator,
                share_den=buyer.fraction.denominator, joint_group=_joint_group(premise, buyer),
                egrn_number=buyer.egrn_number, egrn_date=buyer.egrn_date, valid_from=on,
                member=buyer.member,
            )
            created.append(ownership.id)
        audit.record("transfer", "premise", premise.id, now=now, premise=premise.number, on=on,
                     closed=seller_ids, opened=created)
    return created


# ---------------------------------------------------------------- register


def register_facts(house_id: int | None = None) -> tuple[list[PremiseFacts], list[OwnershipFacts]]:
    house = house_id or _existing_house_id()
    premises = [PremiseFacts(p.id, p.number, PremiseKind(p.kind), p.area)
                for p in Premise.select().where(Premise.house == house)]
    query = (Ownership.select(Ownership, Person).join(Person).switch(Ownership).join(Premise)
             .where(Premise.house == house))
    ownerships = [
        OwnershipFacts(o.premise_id, o.person.name, o.person.ogrn,
                       Fraction(o.share_num, o.share_den), o.joint_group, o.egrn_number,
                       o.egrn_date, o.valid_from, o.valid_to)
        for o in query
    ]
    return premises, ownerships


def register_as_of(as_of: date, house_id: int | None = None) -> list[RegisterRow]:
    premises, ownerships = register_facts(house_id)
    return build_register(premises, ownerships, as_of)
