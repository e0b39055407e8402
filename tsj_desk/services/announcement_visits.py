"""The residents a specialist's visit concerns: the premises that need access, their
owners and phones (a list to call round or print, .xlsx), and a letter per owner
(«Уведомление о допуске в помещение», one file, one letter a page)."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tsj_desk.documents.announcements import render_visit_letter
from tsj_desk.documents.combine import combine_letters
from tsj_desk.domain import announcements as words
from tsj_desk.domain.announcements import VISIT
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.requisites import guess_gender
from tsj_desk.domain.text import format_date
from tsj_desk.storage.models import House, Ownership, Person, Premise


@dataclass(frozen=True)
class VisitPremise:
    id: int
    number: str
    kind: str
    entrance: str


@dataclass(frozen=True)
class VisitOwner:
    """One row of the visit's list: a premise and one of its owners (or none)."""

    premise: str
    entrance: str
    owner: str  # «» when the register has no owner
    phone: str
    person_id: int | None
    order: int = 0  # the premise's place in the natural order of the house


def visit_premises_of(house_id: int, entrances: list[str], spec: str) -> list[VisitPremise]:
    """The house's premises in ``entrances`` (all, when empty) that ``spec`` («1–36, 40»;
    empty: all) names, in the natural order; a number written in ``spec`` that no
    premise of the house has is refused."""
    ranges, others = words.parse_numbers(spec)
    query = (Premise.select(Premise.id, Premise.number, Premise.kind, Premise.entrance)
             .where(Premise.house == house_id).order_by(Premise.sort_key, Premise.id))
    all_premises = [VisitPremise(pid, number, kind, (entrance or "").strip())
                    for pid, number, kind, entrance in query.tuples()]
    numbers = {p.number.strip().lower() for p in all_premises}
    missing = sorted(o for o in others if o not in numbers)
    if missing:
        raise ValidationFailed("В доме нет помещений " + ", ".join(f"№ {m}" for m in missing) + ".")
    chosen = [p for p in all_premises
              if (not spec.strip() or words.number_matches(p.number, ranges, others))
              and (not entrances or p.entrance in entrances)]
    if spec.strip() and not entrances and not chosen:
        raise ValidationFailed(f"В доме нет помещений с номерами «{spec.strip()}».")
    return chosen


def _visit(announcement_id: int):
    from tsj_desk.services.announcements import get_announcement

    row = get_announcement(announcement_id)
    if row.kind != VISIT:
        raise ValidationFailed("Список жильцов и письма готовятся для объявления о визите специалиста.")
    entrances = [e.strip() for e in row.entrances.split(",") if e.strip()]
    return row, visit_premises_of(row.house_id, entrances, row.premises)


def _owners(premise_ids: list[int]) -> dict[int, list[Person]]:
    owners: dict[int, list[Person]] = defaultdict(list)
    query = (Ownership.select(Ownership, Person).join(Person)
             .where(Ownership.premise.in_(premise_ids), Ownership.valid_to.is_null())
             .order_by(Ownership.id))
    for ownership in query:
        if all(p.id != ownership.person.id for p in owners[ownership.premise_id]):
            owners[ownership.premise_id].append(ownership.person)
    return owners


def visit_residents(announcement_id: int) -> list[VisitOwner]:
    """The premises of the visit with each owner and phone (one row per owner)."""
    _row, premises = _visit(announcement_id)
    owners = _owners([p.id for p in premises])
    out: list[VisitOwner] = []
    for place, premise in enumerate(premises):
        people = owners.get(premise.id) or [None]
        for person in people:
            out.append(VisitOwner(premise.number, premise.entrance, person.name if person else "",
                                  (person.phone or "") if person else "", person.id if person else None, place))
    return out


VISIT_LIST_HEADERS = ("Помещение", "Подъезд", "Собственник", "Телефон", "Отметка о допуске")


def write_visit_list(announcement_id: int, out: Path) -> int:
    """The visit's premises, owners and phones as .xlsx (text never a formula); the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tsj_desk.documents.xlsx import save_workbook, write_cell
    from tsj_desk.services.announcements import title_of, when_of

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ValidationFailed("Список жильцов сохраняется в таблицу .xlsx.")
    row, _ = _visit(announcement_id)
    rows = visit_residents(announcement_id)
    book = Workbook()
    sheet = book.active
    sheet.title = "Визит"
    house = House.get_by_id(row.house_id)
    write_cell(sheet, 1, 1, f"{title_of(row)}: {when_of(row)}").font = Font(bold=True, size=12)
    write_cell(sheet, 2, 1, house.address)
    for column, header in enumerate(VISIT_LIST_HEADERS, 1):
        write_cell(sheet, 4, column, header).font = Font(bold=True)
    for n, item in enumerate(rows, 5):
        for column, value in enumerate((item.premise, item.entrance, item.owner or "собственник не указан",
                                        item.phone), 1):
            write_cell(sheet, n, column, value)
    for letter, width in zip("ABCDE", (12, 10, 40, 20, 22)):
        sheet.column_dimensions[letter].width = width
    sheet.print_title_rows = "4:4"
    save_workbook(book, out)
    return len(rows)


def _greeting(person: Person | None) -> str:
    if person is None or person.is_legal:
        return "Уважаемый собственник!"
    return words.greeting(person.last_name, person.first_name, person.patronymic,
                          guess_gender(person.patronymic))


def visit_letter_contexts(announcement_id: int, *, today: date) -> list[dict]:
    """One letter per owner of a premise needing access (a premise without an owner in
    the register: one letter «Собственнику помещения»)."""
    from tsj_desk.services.announcements import organisation_context

    row, premises = _visit(announcement_id)
    if not premises:
        raise ValidationFailed("У визита нет помещений, куда нужен доступ.")
    house = House.get_by_id(row.house_id)
    owners = _owners([p.id for p in premises])
    common = {**organisation_context(), "notice_date": format_date(today),
              "address": house.address,
              "when": words.period_text(row.starts_at, row.ends_at), "work": words.VISIT_WORKS[row.work][1],
              "performer": f"Работы выполняет: {row.performer.rstrip('.')}." if row.performer else ""}
    out = []
    for premise in premises:
        place = f"{house.address}, {'кв.' if premise.kind == 'flat' else 'пом.'}\u00a0{premise.number}"
        for person in owners.get(premise.id) or [None]:
            out.append({**common, "premise_no": premise.number,
                        "owner_name": person.name if person else f"Собственнику помещения № {premise.number}",
                        "owner_address": (person.postal_address if person and person.postal_address else place),
                        "greeting": _greeting(person),
                        "access": words.access_sentence([premise.number], premise.kind == "flat")})
    return out


def write_visit_letters(announcement_id: int, out: Path, *, today: date) -> int:
    """The letters of the visit into ``out`` (.docx), one a page; the number of letters."""
    from tsj_desk.services.letters import template_dirs

    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ValidationFailed("Письма сохраняются в документ .docx.")
    contexts = visit_letter_contexts(announcement_id, today=today)
    with tempfile.TemporaryDirectory(prefix="tsj-visit-letters-") as folder:
        paths = []
        for n, context in enumerate(contexts, 1):
            path = Path(folder) / f"{n}.docx"
            render_visit_letter(context, path, user_dir=template_dirs())
            paths.append(path)
        return combine_letters(paths, out)
