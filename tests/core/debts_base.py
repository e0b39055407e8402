"""A small base for the debts tests: one house, five flats with лицевые счета, owners
with phones, and an ОСВ-like balances workbook built by the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from tsj_desk.domain.premises import premise_sort_text
from tsj_desk.storage.models import House, Organization, Ownership, Person, Premise

ADDRESS = "г. Коломна, ул. Лесная, д. 5"

# number, account, owners (name, phone)
FLATS = [
    ("1", "100001", [("Иванов Иван Иванович", "+79161234567")]),
    ("2", "100002", [("Петрова Анна Сергеевна", None)]),
    ("3", "100003", [("Сидоров Олег Петрович", "+79031112233"), ("Сидорова Мария Ивановна", "+79035556677")]),
    ("4", "100004", [("Кузнецов Павел Андреевич", None)]),
    ("12", "100012", [("Волкова Елена Юрьевна", "+79267654321")]),
]


def build_base() -> dict[str, int]:
    """The flats of ``FLATS``; premise number → id."""
    org = Organization.create(name="ТСЖ «Берёзка»", inn="5022012345", address=ADDRESS,
                              chairman="Орлова Марина Викторовна", settlement_account="40703810440000001234",
                              bank_name="ПАО Сбербанк", bik="044525225", corr_account="30101810400000000225")
    house = House.create(organization=org, address=ADDRESS)
    ids = {}
    for number, account, owners in FLATS:
        premise = Premise.create(house=house, number=number, sort_key=premise_sort_text(number),
                                 account=account)
        ids[number] = premise.id
        for name, phone in owners:
            person = Person.create(name=name, phone=phone)
            Ownership.create(premise=premise, person=person, share_num=1, share_den=len(owners),
                             valid_from=date(2015, 1, 1))
    return ids


def osv_workbook(path: Path, rows: list[tuple], *, title: str = "Оборотно-сальдовая ведомость за октябрь 2026 г.",
                 period: str = "Задолженность по состоянию на 31.10.2026", totals: object = None) -> Path:
    """An ОСВ as a billing program exports it: the organisation and the title above, the
    header, ``rows`` (account, flat, owner, opening, accrued, paid, closing, months), a
    totals row («Итого» with ``totals`` in the closing column) when given, and a
    signature below."""
    book = Workbook()
    sheet = book.active
    sheet.append(["ТСЖ «Берёзка»"])
    sheet.append([title])
    sheet.append([period])
    sheet.append([f"Адрес: {ADDRESS}"])
    sheet.append([])
    sheet.append(["Лицевой счёт", "Кв.", "ФИО собственника", "Сальдо на начало периода",
                  "Начислено", "Оплачено", "Сальдо на конец периода", "Месяцев долга"])
    for row in rows:
        sheet.append(list(row))
    if totals is not None:
        sheet.append(["Итого", None, None, None, None, None, totals, None])
    sheet.append([])
    sheet.append([None, None, "Бухгалтер ____________ Смирнова Т. Н."])
    book.save(path)
    return path
