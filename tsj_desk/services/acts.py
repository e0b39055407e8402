"""Acts for signatures (legal-ru §3): filled from the request and the register,
numbered ``YYYY-NNN`` in one sequence a year for every kind (two acts never share a
number, whatever their kinds), stored with their fields and file.

Bases made while each kind had a sequence of its own keep their numbers; the common
sequence of a year starts after the highest number given that year in any kind."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import peewee

from tsj_desk.documents.act_people import city_name, name_key
from tsj_desk.documents.acts import ACT_KINDS, act_kind, render_act
from tsj_desk.domain.errors import NotFound
from tsj_desk.domain.text import format_date, format_datetime
from tsj_desk.services import act_documents, audit
from tsj_desk.domain.persons import split_fio
from tsj_desk.domain.requisites import acting_word, guess_gender
from tsj_desk.services.document_files import template_dirs
from tsj_desk.services.organization import organization
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Act, ActSequence, House, Organization, Ownership, Person, Premise, Request


def acts_dir() -> Path:
    from tsj_desk.services.session import data_dir

    folder = data_dir() / "acts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


ACTS_FOLDER = "Акты"  # in «Документы\\ТСЖ Деск» (services.folders)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def act_file_name(kind: str, number: str, made: date | datetime) -> str:
    """«Акт о причинении ущерба № 2026-003 от 24.11.2026.docx»."""
    act = act_kind(kind)
    title = act.file_title or act.title
    return _UNSAFE.sub("-", f"{title} № {number} от {format_date(made)}.docx")


def prepare_folder(folder: Path) -> None:
    """Make the folder a save dialog opens in, when it can be made (else the dialog
    opens wherever the system puts it)."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError:
        pass


def suggested_act_path(kind: str, documents: Path | None = None, *, now: datetime,
                       number: str | None = None) -> Path:
    """Where the save dialog proposes to keep a new act: «<Документы>/ТСЖ Деск/Акты/
    Акт о причинении ущерба № 2026-003 от 24.11.2026.docx», with the number the act
    will get (``next_act_number``) unless ``number`` is given. ``documents``: the user's
    Documents folder when not the system's (``folders.documents_folder`` decides)."""
    from tsj_desk.services import folders

    name = act_file_name(kind, number or next_act_number(now.year), now)
    if documents is None:
        return folders.offered_file(name, ACTS_FOLDER)
    return Path(documents) / folders.DOCUMENTS_SUBFOLDER / ACTS_FOLDER / name


def _owners(premise_id: int | None) -> str:
    if premise_id is None:
        return ""
    names = [name for (name,) in Ownership.select(Person.name).join(Person)
             .where(Ownership.premise == premise_id, Ownership.valid_to.is_null())
             .order_by(Ownership.id).tuples()]
    return ", ".join(names)


def prefill(kind: str, *, reg_no: str | None = None, premise_number: str | None = None,
            now: datetime) -> dict:
    """What the database knows for a new act: organisation, chairman, house, premise,
    owner, request number and time; the kind's own fields are left for the user."""
    act_kind(kind)
    org = organization()
    organization_row = Organization.select().order_by(Organization.id).first()
    house = House.select().order_by(House.id).first()
    position = org.chairman_position if org else ""
    fields = {
        # the template writes «г.» itself
        "city": city_name(organization_row.city) if organization_row and organization_row.city else "",
        "act_date": format_date(now), "act_time": now.strftime("%H:%M"),
        "org_name": org.name if org else "", "rep_name": org.chairman if org else "",
        # mid-sentence in the act: «Орлова М. В., председатель правления, действующая…»
        "rep_position": position[:1].lower() + position[1:],
        "rep_acting": org.acting if org else "",
        "rep_basis": org.basis if org else "",
        "address": house.address if house else "", "copies": "2",
        # others than the representative, the owner, the culprit and the witnesses,
        # who sign without being typed again (documents.act_people)
        "participants": [],
    }
    premise = None
    if reg_no:
        request = Request.get_or_none(Request.reg_no == reg_no.strip())
        if request is None:
            raise NotFound(f"Обращение № {reg_no} не найдено.")
        fields["request_no"] = request.reg_no
        fields["request_received"] = format_datetime(request.received_at)
        premise = request.premise
        fields["owner_name"] = request.applicant
    if premise_number:
        premise = Premise.get_or_none(Premise.number == premise_number.strip())
        if premise is None:
            raise NotFound(f"Помещение № {premise_number} не найдено.")
    if premise is not None:
        fields["premise_no"] = premise.number
        fields["address"] = premise.house.address  # the house of the premise, of several
        owners = _owners(premise.id)
        if owners and not fields.get("owner_name"):
            fields["owner_name"] = owners
    return fields


def _with_acting(values: dict) -> dict:
    """«действующий / действующая» agreeing with the representative actually named: the
    organisation's chairman by the gender kept for him, anybody else by the patronymic.

    The word prefilled for the chairman does not stay when another person is named: a
    word of the two is taken again from the name. It is kept as given only for a name
    that does not tell (no patronymic) or when something else is written there."""
    given = " ".join(str(values.get("rep_acting") or "").split())
    if given and given not in _ACTING_WORDS:
        return values
    name = " ".join(str(values.get("rep_name") or "").split())
    patronymic = split_fio(name)[2] or ""
    org = organization()
    if org is not None and name and name_key(name) == name_key(org.chairman or ""):
        gender = org.chairman_gender  # «Орлова Марина Викторовна» or «Орлова М. В.»
    elif given and len(patronymic.replace(".", "").strip()) < 2:  # none, or an initial
        return values
    else:
        gender = guess_gender(patronymic)
    return {**values, "rep_acting": acting_word(gender)}


_ACTING_WORDS = (acting_word("m"), acting_word("f"))


ALL_KINDS = ""  # the sequence row shared by every kind


def _highest_given(year: int) -> int:
    """The highest act number given in ``year`` in any kind (per-kind sequences of
    older bases included)."""
    highest = max((s.last for s in ActSequence.select().where(ActSequence.year == year)), default=0)
    for (number,) in Act.select(Act.number).where(Act.number.startswith(f"{year}-")).tuples():
        tail = number.partition("-")[2]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return highest


def next_act_number(year: int) -> str:
    """The number the next act of ``year`` will get (nothing is reserved)."""
    return f"{year}-{_highest_given(year) + 1:03d}"


def _next_number(year: int) -> str:
    shared = (ActSequence.kind == ALL_KINDS) & (ActSequence.year == year)
    if ActSequence.get_or_none(shared) is None:
        ActSequence.insert(kind=ALL_KINDS, year=year, last=_highest_given(year)).on_conflict_ignore().execute()
    ActSequence.update(last=ActSequence.last + 1).where(shared).execute()
    return f"{year}-{ActSequence.get(shared).last:03d}"


@dataclass(frozen=True)
class ActInfo:
    id: int
    kind: str
    title: str
    number: str
    made_at: datetime
    reg_no: str
    premise_number: str
    file: Path | None
    fields: dict
    stored: bool = False  # the file is kept in the base (services.act_documents)


def create_act(kind: str, fields: dict, *, now: datetime, reg_no: str | None = None,
               premise_number: str | None = None, out: Path | None = None,
               blank_lines: bool = False) -> ActInfo:
    """Number, render and store an act; the .docx goes to ``out`` (the window asks
    where, offering ``suggested_act_path``) or, without it, to the acts folder of the
    data folder under its Russian name."""
    act_kind(kind)  # an unknown kind is refused before anything is numbered
    request = Request.get_or_none(Request.reg_no == reg_no) if reg_no else None
    if reg_no and request is None:
        raise NotFound(f"Обращение № {reg_no} не найдено.")
    premise = None
    number_text = premise_number or fields.get("premise_no") or (request.premise_number if request else "")
    if number_text:
        premise = Premise.get_or_none(Premise.number == str(number_text).strip())
    with database.atomic():
        number = _next_number(now.year)
        values = _with_acting({**fields, "act_no": number})
        values["city"] = city_name(values.get("city"))
        target = Path(out) if out else acts_dir() / act_file_name(kind, number, now)
        if not target.parent.exists():
            prepare_folder(target.parent)
        render_act(kind, values, target, user_dir=template_dirs(), blank_lines=blank_lines)
        act = Act.create(kind=kind, number=number, made_at=now, request=request, premise=premise,
                         fields=json.dumps(values, ensure_ascii=False), file_name=str(target),
                         updated_at=now)
        act_documents.keep(act, target, now=now)  # in the base: every PC opens it
        audit.record("create", "act", act.id, now=now, kind=kind, number=number,
                     request=reg_no or "")
    return _info(act)


def update_act(act_id: int, fields: dict, *, now: datetime) -> ActInfo:
    """Edit a stored act and regenerate its file (the number stays)."""
    act = Act.get_or_none(Act.id == act_id)
    if act is None:
        raise NotFound("Акт не найден.")
    values = _with_acting({**fields, "act_no": act.number})
    values["city"] = city_name(values.get("city"))
    with database.atomic():
        target = act_documents.render_target(act)
        render_act(act.kind, values, target, user_dir=template_dirs())
        act_documents.keep(act, target, now=now)
        act.fields = json.dumps(values, ensure_ascii=False)
        act.updated_at = now
        act.save()
        audit.record("edit", "act", act.id, now=now, number=act.number)
    return _info(act)


def _info(act: Act) -> ActInfo:
    return ActInfo(act.id, act.kind, ACT_KINDS[act.kind].title, act.number, act.made_at,
                   act.request.reg_no if act.request_id else "",
                   act.premise.number if act.premise_id else "",
                   Path(act.file_name) if act.file_name else None, json.loads(act.fields),
                   act_documents.is_stored(act))


def list_acts(*, reg_no: str | None = None) -> list[ActInfo]:
    """The stored acts, newest first, with the request's number and the premise's in
    the same query (one query for 2,000 acts, not two more per act)."""
    query = (Act.select(Act.id, Act.kind, Act.number, Act.made_at, Act.file_name, Act.fields,
                        Request.reg_no, Premise.number, act_documents.stored_column())
             .join(Request, peewee.JOIN.LEFT_OUTER, on=(Act.request == Request.id))
             .switch(Act).join(Premise, peewee.JOIN.LEFT_OUTER, on=(Act.premise == Premise.id))
             .order_by(Act.made_at.desc(), Act.id.desc()))
    if reg_no:
        query = query.where(Request.reg_no == reg_no)
    return [ActInfo(act_id, kind, ACT_KINDS[kind].title, number, made_at, request_no or "",
                    premise_no or "", Path(file_name) if file_name else None, json.loads(fields),
                    bool(stored))
            for act_id, kind, number, made_at, file_name, fields, request_no, premise_no, stored
            in query.tuples()]


def act_for_request(kind: str, reg_no: str, out: Path, *, now: datetime) -> ActInfo:
    """The command line's act: what the database knows, free-text fields as lines."""
    return create_act(kind, prefill(kind, reg_no=reg_no, now=now), now=now, reg_no=reg_no,
                      out=out, blank_lines=True)


# ---------------------------------------------------------------- added for the act dialog and page


def get_act(act_id: int) -> ActInfo:
    """One stored act (the dialog reopens it for editing)."""
    act = Act.get_or_none(Act.id == act_id)
    if act is None:
        raise NotFound("Акт не найден: возможно, его удалили в другом окне.")
    return _info(act)


def regenerate_acts(act_ids: list[int], *, now: datetime, progress=None, cancel=None) -> list[ActInfo]:
    """Make the files of the acts again from their stored fields (after a template was
    changed, or a file was lost), one act per transaction; the numbers stay.

    ``progress(done, total)`` after each act; ``cancel`` (a ``threading.Event``) stops
    before the next act. Returns the acts regenerated.
    """
    done: list[ActInfo] = []
    total = len(act_ids)
    if progress is not None:
        progress(0, total)
    for act_id in act_ids:
        if cancel is not None and cancel.is_set():
            break
        info = get_act(act_id)
        done.append(update_act(act_id, info.fields, now=now))
        if progress is not None:
            progress(len(done), total)
    return done


def demo_act_fields(kind: str, prefilled: dict) -> dict:
    """``prefilled`` (see ``prefill``) completed with typical typed text (a flood, a dirty
    staircase, lukewarm hot water) and more participants: for the demo, the screenshots,
    the benchmark and the page-count tests."""
    act_kind(kind)
    typed = _demo_typed(kind)
    extra = typed.pop("extra_participants")
    return {**prefilled, **typed, "participants": [*prefilled.get("participants", []), *extra]}


def _demo_typed(kind: str) -> dict:
    if kind == "damage":
        return {
            "witnesses": "Сидоров Павел Андреевич (кв. 21), Кузнецова Елена Викторовна (кв. 19)",
            "event_date": "23.11.2026", "event_time": "22:40",
            "damage_description": (
                "В результате залива из вышерасположенной квартиры повреждена отделка "
                "кухни и коридора: на потолке из гипсокартона (кухня, 9,2 кв. м) жёлтые "
                "пятна и отслоение окрасочного слоя площадью около 3,5 кв. м; в коридоре "
                "отошли от стен обои на площади около 6 кв. м, под линолеумом вода.\n"
                "Намокли кухонный гарнитур (нижние шкафы) и входная дверь в ванную комнату. "
                "Электропроводка на кухне отключена до просушки. Вреда жизни и здоровью нет."),
            "cause": (
                "23.11.2026 около 22:40 в квартире № 17 (этажом выше) лопнул гибкий шланг "
                "подводки холодной воды к смесителю на кухне. Шланг находится после первого "
                "запорного устройства на стояке и к общему имуществу не относится. Вода "
                "перекрыта аварийной службой в 23:15."),
            "items": [
                {"name": "Потолок кухни (гипсокартон, окраска)", "damage": "Жёлтые пятна, отслоение краски",
                 "extent": "3,5 кв. м"},
                {"name": "Обои в коридоре", "damage": "Отслоение, намокание", "extent": "6 кв. м"},
                {"name": "Линолеум в коридоре", "damage": "Вода под покрытием, вздутие", "extent": "4,8 кв. м"},
                {"name": "Кухонный гарнитур, нижние шкафы (ЛДСП)", "damage": "Разбухание кромок",
                 "extent": "3 шкафа"},
                {"name": "Дверь в ванную комнату (МДФ)", "damage": "Разбухание полотна снизу",
                 "extent": "1 шт."},
            ],
            "culprit": "Белов Игорь Николаевич, собственник кв. 17",
            "extra_participants": [
                {"role": "Слесарь-сантехник", "name": "Ковалёв Дмитрий Сергеевич"},
            ],
            "notes": "Собственник кв. 17 с причиной залива согласен. Повторный осмотр после "
                     "просушки — 30.11.2026 в 10:00.",
        }
    if kind == "maintenance_quality":
        return {
            "witnesses": "Сидоров Павел Андреевич (кв. 21)",
            "service": "Влажная уборка лестничных площадок и маршей подъезда № 2",
            "violation": (
                "Влажная уборка лестничных площадок и маршей 1–10 этажей подъезда № 2 не "
                "проводилась с 09.11.2026: на площадках мусор и грязь, у мусоропровода — "
                "пакеты с отходами. По договору уборка проводится два раза в неделю "
                "(понедельник, четверг); пропущены 5 уборок подряд."),
            "violation_start": "09.11.2026 09:00", "violation_end": "24.11.2026 12:00",
            "fee_reduction": (
                "Пункты 6, 7 и 15 Правил изменения размера платы (ПП РФ № 491): размер платы "
                "за уборку подъезда № 2 за ноябрь 2026 г. уменьшить пропорционально числу "
                "невыполненных уборок (5 из 9)."),
            "extra_participants": [
                {"role": "Уборщица подрядной организации", "name": "Миронова Галина Петровна"},
            ],
            "notes": "Подрядчик (ООО «Чистый дом») уведомлен по телефону 24.11.2026 в 10:15.",
        }
    return {
        "witnesses": "Сидоров Павел Андреевич (кв. 21)",
        "check_date": "24.11.2026", "check_time": "11:00",
        "service": "Горячее водоснабжение",
        "violation_start": "22.11.2026 08:00 (со слов потребителя, обращение по телефону)",
        "findings": (
            "Температура горячей воды в точке водоразбора (смеситель на кухне) после слива "
            "в течение 3 минут — 42 °С при нормативе не ниже 60 °С (приложение № 1 к ПП № 354, "
            "п. 5; СанПиН 1.2.3685-21); отклонение 18 °С.\n"
            "Давление в системе ГВС — 0,35 МПа, в пределах нормы. Температура на вводе в дом "
            "(ИТП) — 48 °С: причина — неисправность регулятора температуры в ИТП."),
        "methods": (
            "Термометр цифровой контактный ТК-5.01, заводской № 1712345, поверен 12.03.2026; "
            "манометр МП-100, заводской № 55231, поверен 02.02.2026."),
        "extra_participants": [
            {"role": "Инженер ИТП", "name": "Ковалёв Дмитрий Сергеевич"},
        ],
        "notes": "",
    }
