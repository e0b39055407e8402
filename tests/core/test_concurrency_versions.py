"""A card read before another PC saved the record: its save is refused with what,
who and when, on SQLite and on PostgreSQL, and nothing the other PC saved is lost.

The other PC's save and this PC's refused one follow each other here (the races of
real processes are in test_concurrency_journal and test_concurrency_imports)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from tsj_desk.domain.errors import ChangedElsewhere, ValidationFailed

READ_AT = datetime(2026, 11, 24, 9, 0)
ELSEWHERE = datetime(2026, 11, 24, 10, 42)
HERE = datetime(2026, 11, 24, 11, 5)


@pytest.fixture(params=["sqlite", "postgresql"])
def base(request, tmp_path):
    """An office base with two users and a house with flat 12."""
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.services.premises import add_premise
    from tsj_desk.services.users import UserInput, add_user
    from tsj_desk.storage.database import close_database, open_database

    target = str(tmp_path / "office.sqlite3") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    open_database(target)
    add_user(UserInput("Иванова", "бухгалтер"), now=READ_AT)
    add_user(UserInput("Петров", "председатель правления"), now=READ_AT)
    house = ensure_house("г. Тверь, ул. Лесная, д. 5")
    flat = add_premise(house, {"number": "12", "area": "40"}, now=READ_AT)
    yield house, flat.id
    close_database()


def as_user(name: str) -> None:
    from tsj_desk.services.users import choose_user

    choose_user(name, check_password=False)


def test_a_premise_card_read_before_another_pcs_save_is_refused(base):
    from tsj_desk.services.premises import edit_premise, premise

    _, flat = base
    read = premise(flat)  # both PCs opened the card
    as_user("Иванова")
    edit_premise(flat, {"area": "41.5"}, now=ELSEWHERE, version=read.version)
    as_user("Петров")
    with pytest.raises(ChangedElsewhere) as refused:
        edit_premise(flat, {"entrance": "2"}, now=HERE, version=read.version)
    assert str(refused.value) == ("Помещение 12 изменено на другом компьютере (Иванова, бухгалтер, 10:42) — "
                                  "обновите карточку")
    after = premise(flat)  # the card reloaded: the accountant's area, no entrance written
    assert (after.area, after.entrance) == (Decimal("41.5"), None)
    edit_premise(flat, {"entrance": "2"}, now=HERE, version=after.version)  # saved once reloaded
    assert premise(flat).entrance == "2"


def test_a_meter_card_read_before_another_pcs_save_is_refused(base):
    from tsj_desk.services.meters import MeterInput, add_meter, edit_meter, meter_card

    house, _ = base
    meter_id = add_meter(MeterInput("cold_water", "ХВ-0042", premise_number="12", house_id=house), now=READ_AT)
    read = meter_card(meter_id)
    as_user("Петров")
    edit_meter(meter_id, MeterInput("cold_water", "ХВ-0042", premise_number="12", house_id=house,
                                    place="кухня"), now=ELSEWHERE, version=read.version)
    as_user("Иванова")
    with pytest.raises(ChangedElsewhere) as refused:
        edit_meter(meter_id, MeterInput("cold_water", "ХВ-0043", premise_number="12", house_id=house),
                   now=HERE, version=read.version)
    assert str(refused.value) == ("Счётчик № ХВ-0042 изменён на другом компьютере "
                                  "(Петров, председатель правления, 10:42) — обновите карточку")
    assert (meter_card(meter_id).serial, meter_card(meter_id).place) == ("ХВ-0042", "кухня")


def test_an_owner_edited_on_another_pc_is_not_overwritten_and_a_sold_share_is_not_sold_again(base):
    from tsj_desk.services.registry import OwnerInput, add_owner, edit_owner, premise_card, transfer_ownership
    from tsj_desk.storage.models import Ownership

    _, flat = base
    owner = add_owner(flat, OwnerInput("Смирнова Анна Петровна", Fraction(1)), now=READ_AT)
    stale = Ownership.get_by_id(owner)  # read by this PC before the other's save
    as_user("Иванова")
    edit_owner(owner, OwnerInput("Смирнова Анна Петровна", Fraction(1), phone="+7 916 111-22-33"), now=ELSEWHERE)
    stale.note = "звонить вечером"
    as_user("Петров")
    with pytest.raises(ChangedElsewhere, match=r"^Запись о собственности \(Смирнова Анна Петровна, "
                                               r"помещение 12\) изменена на другом компьютере "
                                               r"\(Иванова, бухгалтер, 10:42\) — обновите карточку$"):
        stale.save()

    transfer_ownership(flat, [owner], [OwnerInput("Кузнецов Олег Ильич", Fraction(1))], on=date(2026, 11, 20),
                       now=ELSEWHERE)  # sold on one PC
    with pytest.raises(ValidationFailed, match="уже закрыта"):
        transfer_ownership(flat, [owner], [OwnerInput("Орлов Пётр Ильич", Fraction(1))], on=date(2026, 11, 21),
                           now=HERE)  # the same share sold again from a card read before
    [current] = premise_card(flat).current  # the first sale stands, the second wrote nothing
    assert (current.owner, current.fraction, current.valid_from) == ("Кузнецов Олег Ильич", Fraction(1),
                                                                   date(2026, 11, 20))


def test_the_organisations_details_read_before_another_pcs_save_are_refused(base):
    from tsj_desk.services.organization import organization, organization_version, save_organization

    save_organization({"name": "ТСЖ «Лесная, 5»"}, now=READ_AT)
    read = organization_version()
    as_user("Иванова")
    save_organization({"postal_address": "170000, г. Тверь, а/я 5"}, now=ELSEWHERE, version=read)
    as_user("Петров")
    with pytest.raises(ChangedElsewhere) as refused:
        save_organization({"postal_address": "170001, г. Тверь, а/я 7"}, now=HERE, version=read)
    assert str(refused.value) == ("Реквизиты организации изменены на другом компьютере "
                                  "(Иванова, бухгалтер, 10:42) — обновите карточку")
    assert organization().postal_address == "170000, г. Тверь, а/я 5"


def test_a_request_read_without_its_version_is_saved_and_moves_it_on(base):
    """A service that reads only some columns of a request (not its version) still saves
    it, and a card read before is then refused."""
    from tsj_desk.services.journal import RequestInput, register_request, request_card, set_status
    from tsj_desk.storage.models import Request

    reg_no = register_request(RequestInput(category="other", received_at=READ_AT, applicant="Смирнова Анна",
                                           text="Течёт кран"), now=READ_AT)
    read = request_card(reg_no)
    partial = Request.select(Request.id, Request.subject).where(Request.reg_no == reg_no).get()
    partial.subject = "Кран на кухне"
    partial.save()
    after = request_card(reg_no)
    assert (after.subject, after.text, after.version) == ("Кран на кухне", "Течёт кран", read.version + 1)
    with pytest.raises(ChangedElsewhere):
        set_status(reg_no, "in_progress", now=HERE, version=read.version)
