"""The organisation and its houses.

One base keeps one organisation: the ТСЖ or ЖСК, or the управляющая организация with
all the houses it manages (``House`` rows of the one organisation). Its details are
edited in place (``save_organization``, ``tsj-desk org set``); a second organisation is
refused (``add_organization``), by name when it has the same ИНН. Every change goes to
the change log with the values before and after, in the transaction that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from tsj_desk.domain import requisites as req
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.persons import split_fio
from tsj_desk.domain.text import clean_cell, fold, format_number, parse_decimal
from tsj_desk.services import audit
from tsj_desk.storage.database import database
from tsj_desk.storage.models import House, Organization
from tsj_desk.storage.versions import guarded_update, refusal

PLACEHOLDER_ORGANIZATION = "ТСЖ"  # what a register import names an organisation it had to create
PLACEHOLDER_ADDRESS = "Адрес дома не указан"


@dataclass(frozen=True)
class HouseInfo:
    id: int
    address: str
    organization: str


@dataclass(frozen=True)
class OrganizationData:
    """The organisation as the settings show it; ``None`` where nothing is entered."""

    id: int | None = None
    kind: str = "ТСЖ"
    name: str = ""
    short_name: str | None = None
    inn: str | None = None
    kpp: str | None = None
    ogrn: str | None = None
    address: str | None = None  # legal address
    postal_address: str | None = None
    phone: str | None = None
    email: str | None = None
    bank_name: str | None = None
    bik: str | None = None
    settlement_account: str | None = None
    corr_account: str | None = None
    chairman_last_name: str | None = None
    chairman_first_name: str | None = None
    chairman_patronymic: str | None = None
    chairman_position: str = "председатель правления"
    chairman_gender: str = "m"
    chairman_basis: str | None = None  # genitive, after «на основании»: «Устава»

    @property
    def chairman(self) -> str:
        return " ".join(p for p in (self.chairman_last_name, self.chairman_first_name,
                                    self.chairman_patronymic) if p)

    @property
    def basis(self) -> str:
        """What the chairman acts on; a ТСЖ's or ЖСК's chairman acts on its Устав."""
        if self.chairman_basis:
            return self.chairman_basis
        return "Устава" if self.kind in {"ТСЖ", "ЖСК", "ТСН"} else ""

    @property
    def acting(self) -> str:
        return req.acting_word(self.chairman_gender)


EDITABLE = tuple(f.name for f in fields(OrganizationData) if f.name != "id")
_LABELS = {
    "kind": "Вид организации", "name": "Полное наименование", "chairman_position": "Должность",
}


def _model_fields(org: Organization) -> dict:
    values = {name: getattr(org, name) for name in EDITABLE if name != "chairman_gender"}
    if not (org.chairman_last_name or org.chairman_first_name or org.chairman_patronymic) and org.chairman:
        values["chairman_last_name"], values["chairman_first_name"], values["chairman_patronymic"] = (
            split_fio(org.chairman))
    values["chairman_gender"] = org.chairman_gender or req.guess_gender(values["chairman_patronymic"])
    values["chairman_position"] = org.chairman_position or "председатель правления"
    return values


def organization() -> OrganizationData | None:
    """The base's organisation, or None on a base that has none yet."""
    org = Organization.select().order_by(Organization.id).first()
    if org is None:
        return None
    return OrganizationData(id=org.id, **_model_fields(org))


def organization_version() -> int | None:
    """The version of the organisation's details as read now (None: none yet), handed
    back with ``save_organization``."""
    return Organization.select(Organization.version).order_by(Organization.id).scalar()


def organization_name() -> str:
    org = Organization.select().order_by(Organization.id).first()
    return org.name if org else ""


def _text(value: object) -> str | None:
    text = clean_cell(value)
    return text or None


def _validate(values: dict, before: dict) -> list[str]:
    """The problems of the details, each as a sentence; a detail kept as it was is not
    checked again (a base may hold an ИНН typed before the program checked it)."""
    whole = values
    values = {k: (v if v != before.get(k) or k == "name" else None) for k, v in values.items()}
    if values["bik"]:  # a new БИК: the accounts are checked against it
        values["settlement_account"] = whole["settlement_account"]
        values["corr_account"] = whole["corr_account"]
    problems = []
    if values["kind"] is not None and values["kind"] not in req.ORGANIZATION_KINDS:
        problems.append(f"Вид организации «{values['kind']}» неизвестен: укажите ТСЖ, ЖСК или УО.")
    if not values["name"]:
        problems.append("Укажите полное наименование организации.")
    checks = (("inn", req.inn_problem), ("kpp", req.kpp_problem), ("ogrn", req.organization_ogrn_problem),
              ("bik", req.bik_problem), ("email", req.email_problem))
    for name, check in checks:
        if values[name] and (problem := check(values[name])):
            problems.append(problem)
    bik = whole["bik"] if whole["bik"] and not req.bik_problem(whole["bik"]) else ""
    if values["settlement_account"] and (
            problem := req.settlement_account_problem(values["settlement_account"], bik)):
        problems.append(problem)
    if values["corr_account"] and (problem := req.corr_account_problem(values["corr_account"], bik)):
        problems.append(problem)
    if values["chairman_gender"] is not None and values["chairman_gender"] not in req.GENDERS:
        problems.append(f"Род «{values['chairman_gender']}» неизвестен: укажите m (мужской) или f (женский).")
    if values["chairman_position"] == "":
        problems.append("Укажите должность руководителя (например, «председатель правления»).")
    return problems


def _normalized(changes: dict) -> dict:
    unknown = set(changes) - set(EDITABLE) - {"chairman"}
    if unknown:
        raise ValueError(f"unknown organisation fields: {sorted(unknown)}")
    result = {}
    for name, value in changes.items():
        text = _text(value)
        if name in {"inn", "kpp", "ogrn", "bik", "settlement_account", "corr_account"} and text:
            text = req.digits_of(text).upper()
        if name == "kind" and text:
            text = text.upper()
        if name == "chairman":
            last, first, patronymic = split_fio(text or "")
            result.update(chairman_last_name=last, chairman_first_name=first,
                          chairman_patronymic=patronymic)
            continue
        result[name] = text
    if "chairman_gender" in result and result["chairman_gender"]:
        result["chairman_gender"] = result["chairman_gender"].lower()
    return result


def save_organization(changes: dict, *, now: datetime, version: int | None = None) -> OrganizationData:
    """Change the details given in ``changes`` (field → text; empty clears it); the
    organisation is created with them on a base that has none. ``chairman`` may stand
    for the three parts of the name («Фамилия Имя Отчество»). ``version``: the one the
    settings were read at (``organization_version``) — details saved since on another PC
    are not overwritten (``ChangedElsewhere``)."""
    new = _normalized(changes)
    with database.atomic():
        org = Organization.select().order_by(Organization.id).first()
        if org is not None and version is not None and org.version != version:
            raise refusal("organization", org.id)
        before = _model_fields(org) if org is not None else {
            name: getattr(OrganizationData(), name) for name in EDITABLE}
        if org is None:
            before["name"] = ""
        after = {**before, **new}
        names = ("chairman_last_name", "chairman_first_name", "chairman_patronymic")
        if "chairman_gender" not in new and any(after[n] != before[n] for n in names):
            after["chairman_gender"] = req.guess_gender(after["chairman_patronymic"])  # a new chairman
        for name in ("kind", "chairman_position", "chairman_gender"):
            after[name] = after[name] or ""
        if problems := _validate(after, before):
            raise ValidationFailed(" ".join(problems), problems)
        row = {**after, "chairman": " ".join(p for p in (after["chairman_last_name"],
                                                         after["chairman_first_name"],
                                                         after["chairman_patronymic"]) if p) or None}
        if org is None:
            org = Organization.create(**row)
            audit.record("create", "organization", org.id, now=now, after=after)
        else:
            changed = {k: after[k] for k in after if after[k] != before[k]}
            stored = {k: getattr(org, k) for k in row}
            if changed or stored != row:  # also a name kept whole before migration 14, now by parts
                guarded_update(Organization, org.id, org.version, **row)
                audit.record("edit", "organization", org.id, now=now,
                             before={k: before[k] for k in changed}, after=changed)
    return organization()


def add_organization(changes: dict, *, now: datetime) -> OrganizationData:
    """A new organisation, on a base that has none; a second one is refused."""
    existing = Organization.select().order_by(Organization.id).first()
    if existing is not None:
        inn = req.digits_of(changes.get("inn") or "")
        if inn and existing.inn == inn:
            raise ValidationFailed(
                f"Организация с ИНН {inn} уже есть в базе: «{existing.name}». "
                "Измените её данные, а не заводите вторую.")
        raise ValidationFailed(
            f"В базе уже есть организация «{existing.name}»: одна база ведёт одну организацию "
            "(ТСЖ, ЖСК или управляющую организацию со всеми её домами). Измените её данные "
            "или заведите для другой организации отдельную базу.")
    return save_organization(changes, now=now)


# ---------------------------------------------------------------- houses


@dataclass(frozen=True)
class HouseData:
    id: int | None = None
    address: str = ""
    fias_code: str | None = None
    cadastral_number: str | None = None
    total_area: Decimal | None = None  # of the premises
    common_area: Decimal | None = None  # of the common property
    year_built: int | None = None


HOUSE_FIELDS = ("address", "fias_code", "cadastral_number", "total_area", "common_area", "year_built")


def _house_data(house: House) -> HouseData:
    return HouseData(house.id, house.address, house.fias_code, house.cadastral_number,
                     house.total_area, house.common_area, house.year_built)


def houses() -> list[HouseData]:
    return [_house_data(h) for h in House.select().order_by(House.id)]


def house(house_id: int) -> HouseData:
    found = House.get_or_none(House.id == house_id)
    if found is None:
        raise NotFound(f"Дом № {house_id} не найден в базе.")
    return _house_data(found)


def list_houses() -> list[HouseInfo]:
    query = House.select(House, Organization).join(Organization).order_by(House.id)
    return [HouseInfo(h.id, h.address, h.organization.name) for h in query]


def _area(value: object, label: str, problems: list[str]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = value if isinstance(value, Decimal) else parse_decimal(value)
    if number is None or number <= 0 or number >= Decimal("1e10"):
        problems.append(f"{label} «{value}» — не число больше нуля (пример: 4210,5).")
        return None
    if number != number.quantize(Decimal("0.01")):
        problems.append(f"{label} «{value}»: укажите не больше двух знаков после запятой.")
        return None
    return number


def _house_values(changes: dict, before: HouseData, *, today_year: int) -> dict:
    unknown = set(changes) - set(HOUSE_FIELDS)
    if unknown:
        raise ValueError(f"unknown house fields: {sorted(unknown)}")
    problems: list[str] = []
    values = {name: getattr(before, name) for name in HOUSE_FIELDS}
    for name in ("address", "fias_code", "cadastral_number"):
        if name in changes:
            values[name] = _text(changes[name])
    if "total_area" in changes:
        values["total_area"] = _area(changes["total_area"], "Общая площадь помещений", problems)
    if "common_area" in changes:
        values["common_area"] = _area(changes["common_area"], "Площадь общего имущества", problems)
    if "year_built" in changes:
        raw = clean_cell(changes["year_built"])
        if not raw:
            values["year_built"] = None
        elif not raw.isdigit() or not 1700 <= int(raw) <= today_year:
            problems.append(f"Год постройки «{raw}» — укажите год от 1700 до {today_year}.")
        else:
            values["year_built"] = int(raw)
    if not values["address"]:
        problems.append("Укажите адрес дома.")
    if values["fias_code"] and (problem := req.fias_problem(values["fias_code"])):
        problems.append(problem)
    if values["cadastral_number"] and (problem := req.cadastral_problem(values["cadastral_number"])):
        problems.append(problem)
    if values["address"]:
        twin = House.select().where(House.id != (before.id or 0)).where(
            House.address == values["address"]).first()
        if twin is None:
            folded = fold(values["address"])
            twin = next((h for h in House.select().where(House.id != (before.id or 0))
                         if fold(h.address) == folded), None)
        if twin is not None:
            problems.append(f"Дом по адресу «{twin.address}» уже есть в базе (№ {twin.id}).")
    if problems:
        raise ValidationFailed(" ".join(problems), problems)
    return values


def _logged(values: dict) -> dict:
    return {k: (format_number(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def add_house(changes: dict, *, now: datetime) -> HouseData:
    """A house of the base's organisation; the organisation comes first."""
    with database.atomic():
        org = Organization.select().order_by(Organization.id).first()
        if org is None:
            raise ValidationFailed("Сначала внесите организацию (Настройки → «Организация» или "
                                   "tsj-desk org set), потом её дома.")
        values = _house_values(changes, HouseData(), today_year=now.year)
        placeholder = House.get_or_none(House.address == PLACEHOLDER_ADDRESS)
        if placeholder is not None:  # the house a register import made without an address
            House.update(**values).where(House.id == placeholder.id).execute()
            audit.record("edit", "house", placeholder.id, now=now,
                         before={"address": PLACEHOLDER_ADDRESS}, after=_logged(values))
            return house(placeholder.id)
        created = House.create(organization=org, **values)
        audit.record("create", "house", created.id, now=now, after=_logged(values))
    return house(created.id)


def edit_house(house_id: int, changes: dict, *, now: datetime) -> HouseData:
    with database.atomic():
        before = house(house_id)
        read = House.select(House.version).where(House.id == house_id).scalar()
        values = _house_values(changes, before, today_year=now.year)
        old = {name: getattr(before, name) for name in HOUSE_FIELDS}
        changed = {k: v for k, v in values.items() if v != old[k]}
        if changed:
            guarded_update(House, house_id, read, **changed)  # not changed meanwhile
            audit.record("edit", "house", house_id, now=now,
                         before=_logged({k: old[k] for k in changed}), after=_logged(changed))
    return house(house_id)


def ensure_house(address: str | None = None) -> int:
    """The id of the first house, creating an organisation and a house if there is none."""
    house_row = House.select().order_by(House.id).first()
    if house_row is not None:
        return house_row.id
    with database.atomic():
        org = Organization.select().order_by(Organization.id).first()
        if org is None:
            org = Organization.create(name=PLACEHOLDER_ORGANIZATION, kind="ТСЖ")
        return House.create(organization=org, address=address or PLACEHOLDER_ADDRESS).id


@dataclass(frozen=True)
class AddressOffer:
    """An address a register file names, offered for the house it is imported into."""

    from_file: str
    current: str | None  # the house's address; None while it has none (or there is no house)

    @property
    def write_by_default(self) -> bool:
        """Written unless asked otherwise only where nothing would be overwritten."""
        return self.current is None


def address_offer(from_file: str | None, house_id: int | None = None) -> AddressOffer | None:
    """What to offer for house ``house_id`` (the first house if not given) when a file
    names ``from_file``; ``None`` when the file names none or the house has that one."""
    if not from_file:
        return None
    query = House.select().order_by(House.id)
    found = (query.where(House.id == house_id) if house_id is not None else query).first()
    current = found.address if found is not None and found.address != PLACEHOLDER_ADDRESS else None
    if current is not None and fold(" ".join(current.split())) == fold(" ".join(from_file.split())):
        return None
    return AddressOffer(from_file, current)
