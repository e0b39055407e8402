"""Announcements for entrances and notice boards: a planned outage, a specialist's
visit, a meeting — kept in a list with their dates, printed one page per entrance into
one .docx from the editable templates (``documents.announcements``; the user's copy —
kept in the base, else in the templates folder of this PC — wins).

The residents a visit concerns — their premises, owners and phones, and a letter per
owner — are in ``services.announcement_visits``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tsj_desk.documents.announcements import render_announcement
from tsj_desk.documents.combine import combine_letters
from tsj_desk.domain import announcements as words
from tsj_desk.domain.announcements import KINDS, MEETING, OUTAGE, VISIT
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.text import format_date
from tsj_desk.services import audit
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Announcement, House, Premise

TEXT_LIMIT = 4000


@dataclass(frozen=True)
class AnnouncementInput:
    kind: str  # outage, visit, meeting
    starts_at: datetime
    ends_at: datetime | None = None
    house_id: int | None = None  # None: the base's only house
    entrances: list[str] = field(default_factory=list)  # empty: every entrance
    resource: str = ""  # outage: domain.announcements.RESOURCES
    reason: str = ""  # outage
    work: str = ""  # visit: domain.announcements.VISIT_WORKS
    performer: str = ""  # visit: who comes
    premises: str = ""  # visit: «1–36, 40»; empty — every premise of the entrances
    meeting_form: str = ""  # meeting: domain.announcements.MEETING_FORMS
    place: str = ""  # meeting
    agenda: str = ""  # meeting: one item a line
    note: str = ""  # more words for any kind


@dataclass(frozen=True)
class AnnouncementRow:
    id: int
    kind: str
    kind_label: str
    title: str
    house: str
    entrances: str  # «подъезды № 1–4», «весь дом»
    starts_at: datetime
    ends_at: datetime | None
    when: str  # «03.12.2026 (четверг) с 09:00 до 18:00»
    created_at: datetime
    user: str


def house_entrances(house_id: int) -> list[str]:
    """The entrances the register gives the house's premises, in order («1», «2», …)."""
    found = {(e or "").strip() for (e,) in Premise.select(Premise.entrance)
             .where(Premise.house == house_id).distinct().tuples()}
    return sorted((e for e in found if e), key=words.entrance_sort_key)


def _house(house_id: int | None) -> House:
    if house_id is None:
        houses = list(House.select().order_by(House.id).limit(2))
        if len(houses) != 1:
            raise ValidationFailed("Выберите дом, для которого объявление." if houses
                                   else "В базе нет домов: сначала загрузите реестр.")
        return houses[0]
    found = House.get_or_none(House.id == house_id)
    if found is None:
        raise NotFound(f"Дом № {house_id} не найден в базе.")
    return found


def _text(value: str, label: str) -> str:
    text = "\n".join(" ".join(line.split()) for line in (value or "").strip().splitlines()).strip()
    if len(text) > TEXT_LIMIT:
        raise ValidationFailed(f"{label} длиннее {TEXT_LIMIT} знаков: сократите текст.")
    return text


def check_announcement(data: AnnouncementInput) -> tuple[House, list[str]]:
    """The house and the entrances of ``data``, or ``ValidationFailed`` saying what is wrong."""
    if data.kind not in KINDS:
        raise ValidationFailed("Выберите вид объявления: отключение, визит специалиста или собрание.")
    house = _house(data.house_id)
    known = house_entrances(house.id)
    chosen = sorted({e.strip() for e in data.entrances if e and e.strip()}, key=words.entrance_sort_key)
    unknown = [e for e in chosen if e not in known]
    if unknown:
        raise ValidationFailed(f"В доме нет подъезда № {', '.join(unknown)}"
                               + (f" (есть: {', '.join(known)})." if known else " (подъезды не указаны в реестре)."))
    if data.kind == MEETING:
        if data.meeting_form not in words.MEETING_FORMS:
            raise ValidationFailed("Выберите форму проведения собрания.")
        if not data.place.strip():
            raise ValidationFailed("Укажите место проведения собрания.")
        if not data.agenda.strip():
            raise ValidationFailed("Укажите повестку дня собрания.")
    else:
        if data.ends_at is None:
            raise ValidationFailed("Укажите, до какого времени.")
        words.period_text(data.starts_at, data.ends_at)  # the end after the start
    if data.kind == OUTAGE:
        if data.resource not in words.RESOURCES:
            raise ValidationFailed("Выберите, что будет отключено.")
        if not data.reason.strip():
            raise ValidationFailed("Укажите причину отключения.")
    if data.kind == VISIT:
        if data.work not in words.VISIT_WORKS:
            raise ValidationFailed("Выберите, какие работы проводит специалист.")
        words.parse_numbers(data.premises)
    return house, chosen


def create_announcement(data: AnnouncementInput, *, now: datetime) -> int:
    """Keep a new announcement; its id. For a visit the premises it names must exist."""
    house, entrances = check_announcement(data)
    if data.kind == VISIT:
        from tsj_desk.services.announcement_visits import visit_premises_of

        if not visit_premises_of(house.id, entrances, data.premises):  # refuses numbers no premise has
            raise ValidationFailed("Ни в одном из выбранных подъездов нет помещений визита: "
                                   "проверьте подъезды и номера помещений.")
    with database.atomic():
        row = Announcement.create(
            kind=data.kind, house=house.id, entrances=", ".join(entrances),
            starts_at=data.starts_at, ends_at=None if data.kind == MEETING else data.ends_at,
            resource=data.resource if data.kind == OUTAGE else "",
            reason=_text(data.reason, "Причина") if data.kind == OUTAGE else "",
            work=data.work if data.kind == VISIT else "",
            performer=_text(data.performer, "Исполнитель") if data.kind == VISIT else "",
            premises=_text(data.premises, "Помещения") if data.kind == VISIT else "",
            meeting_form=data.meeting_form if data.kind == MEETING else "",
            place=_text(data.place, "Место") if data.kind == MEETING else "",
            agenda=_text(data.agenda, "Повестка дня") if data.kind == MEETING else "",
            note=_text(data.note, "Дополнительный текст"),
            created_at=now, user=audit.current_user())
        audit.record("create", "announcement", row.id, now=now, kind=KINDS[data.kind],
                     starts=format_date(data.starts_at))
    return row.id


def get_announcement(announcement_id: int) -> Announcement:
    found = Announcement.get_or_none(Announcement.id == announcement_id)
    if found is None:
        raise NotFound(f"Объявление № {announcement_id} не найдено: обновите список.")
    return found


def delete_announcement(announcement_id: int, *, now: datetime) -> None:
    with database.atomic():
        row = get_announcement(announcement_id)
        audit.record("remove", "announcement", row.id, now=now, kind=KINDS[row.kind],
                     starts=format_date(row.starts_at))
        row.delete_instance()


def title_of(row: Announcement) -> str:
    if row.kind == OUTAGE:
        return f"Отключение {words.RESOURCES[row.resource].genitive}"
    if row.kind == VISIT:
        return words.VISIT_WORKS[row.work][0]
    return "Общее собрание собственников помещений"


def when_of(row: Announcement) -> str:
    if row.kind == MEETING:
        return f"{words.day_text(row.starts_at.date())} в {row.starts_at:%H:%M}"
    return words.period_text(row.starts_at, row.ends_at)


def list_announcements() -> list[AnnouncementRow]:
    """Every announcement, the latest start first."""
    addresses = dict(House.select(House.id, House.address).tuples())
    out = []
    for row in Announcement.select().order_by(Announcement.starts_at.desc(), Announcement.id.desc()):
        entrances = [e.strip() for e in row.entrances.split(",") if e.strip()]
        out.append(AnnouncementRow(
            row.id, row.kind, KINDS[row.kind], title_of(row), addresses.get(row.house_id, ""),
            words.entrances_text(entrances) or "весь дом", row.starts_at, row.ends_at,
            when_of(row), row.created_at, row.user))
    return out


def _details(row: Announcement) -> str:
    lines: list[str] = []
    if row.kind == OUTAGE:
        lines.append(f"Причина: {row.reason.rstrip('.')}.")
    elif row.kind == VISIT and row.performer:
        lines.append(f"Работы выполняет: {row.performer.rstrip('.')}.")
    elif row.kind == MEETING:
        lines.append(f"Место проведения: {row.place.rstrip('.')}.")
        lines.append("Повестка дня:")
        items = [item.strip() for item in row.agenda.splitlines() if item.strip()]
        numbered = all(item[:1].isdigit() for item in items)
        lines.extend(item if numbered else f"{n}. {item}" for n, item in enumerate(items, 1))
    if row.note:
        lines.extend(row.note.splitlines())
    return "\n".join(lines)


def _notice(row: Announcement) -> str:
    if row.kind == OUTAGE:
        return words.outage_sentence(words.RESOURCES[row.resource], row.starts_at, row.ends_at)
    if row.kind == VISIT:
        return words.visit_sentence(words.VISIT_WORKS[row.work][1], row.starts_at, row.ends_at)
    return words.meeting_sentence(row.meeting_form, row.starts_at)


def organisation_context() -> dict:
    from tsj_desk.services.letters import organization_context
    from tsj_desk.services.organization import organization

    org = organization()
    return {**organization_context(), "org_phone": (org.phone or "") if org is not None else ""}


def announcement_pages(announcement_id: int, *, today: date) -> list[dict]:
    """The contexts of the pages, one per entrance (one for a house without entrances);
    a visit's page names the premises of its entrance that need access, and an entrance
    with none of them gets no page."""
    row = get_announcement(announcement_id)
    house = _house(row.house_id)
    entrances = [e.strip() for e in row.entrances.split(",") if e.strip()] or house_entrances(house.id) or [""]
    common = {**organisation_context(), "address": house.address, "title": title_of(row),
              "notice": _notice(row), "details": _details(row), "access": "",
              "notice_date": format_date(today)}
    pages = []
    for entrance in entrances:
        page = {**common, "entrance": f"Подъезд № {entrance}" if entrance else ""}
        if row.kind == VISIT:
            from tsj_desk.services.announcement_visits import visit_premises_of

            premises = visit_premises_of(house.id, [entrance] if entrance else [], row.premises)
            if not premises:
                continue
            page["access"] = words.access_sentence([p.number for p in premises],
                                                   all(p.kind == "flat" for p in premises))
        pages.append(page)
    if not pages:
        raise ValidationFailed("Ни в одном из выбранных подъездов нет помещений визита.")
    return pages


def write_announcement(announcement_id: int, out: Path, *, today: date) -> int:
    """The announcement into ``out`` (.docx), one page per entrance; the number of pages."""
    from tsj_desk.services.letters import template_dirs

    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ValidationFailed("Объявление сохраняется в документ .docx.")
    row = get_announcement(announcement_id)
    pages = announcement_pages(announcement_id, today=today)
    with tempfile.TemporaryDirectory(prefix="tsj-announcement-") as folder:
        paths = []
        for n, page in enumerate(pages, 1):
            path = Path(folder) / f"{n}.docx"
            render_announcement(row.kind, page, path, user_dir=template_dirs())
            paths.append(path)
        return combine_letters(paths, out)
