"""Announcements for entrances and notice boards, in words an office writes: a planned
outage, a specialist's visit, a meeting. No database here.

The grammar lives here, so that templates only place the sentences: the resource's
gender decides «отключена горячая вода» / «отключено отопление» / «отключён газ»; the
number of premises decides «в квартиру № 5» / «в квартиры № 1–36»; dates print as
ДД.ММ.ГГГГ with the weekday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.text import format_date

OUTAGE = "outage"
VISIT = "visit"
MEETING = "meeting"
KINDS = {OUTAGE: "Плановое отключение", VISIT: "Визит специалиста", MEETING: "Собрание"}

WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


@dataclass(frozen=True)
class Resource:
    code: str
    label: str  # nominative, lower case: «горячая вода»
    genitive: str  # «горячей воды» — the title «Отключение горячей воды»
    gender: str  # m, f, n — «отключён», «отключена», «отключено»

    @property
    def off_word(self) -> str:
        return {"m": "отключён", "f": "отключена", "n": "отключено"}[self.gender]


RESOURCES = {r.code: r for r in (
    Resource("cold_water", "холодная вода", "холодной воды", "f"),
    Resource("hot_water", "горячая вода", "горячей воды", "f"),
    Resource("heating", "отопление", "отопления", "n"),
    Resource("electricity", "электроэнергия", "электроэнергии", "f"),
    Resource("gas", "газ", "газа", "m"),
    Resource("sewerage", "водоотведение (канализация)", "водоотведения (канализации)", "n"),
    Resource("lift", "лифт", "лифта", "m"),
)}

# a visit's work: the title of the announcement and the noun of «будет проводиться …»
VISIT_WORKS = {
    "verification": ("Поверка приборов учёта", "поверка индивидуальных приборов учёта"),
    "readings": ("Снятие показаний приборов учёта", "проверка и снятие показаний приборов учёта"),
    "inspection": ("Осмотр инженерного оборудования",
                   "осмотр внутриквартирного инженерного оборудования"),
    "gas": ("Проверка газового оборудования", "техническое обслуживание внутриквартирного газового оборудования"),
}

MEETING_FORMS = {
    "in_person": "очного голосования",
    "mixed": "очно-заочного голосования",
    "absentee": "заочного голосования",
}

_NUMBER = re.compile(r"^\d+$")


def day_text(day: date) -> str:
    """«03.12.2026 (четверг)»."""
    return f"{format_date(day)} ({WEEKDAYS[day.weekday()]})"


def period_text(start: datetime, end: datetime | None) -> str:
    """«03.12.2026 (четверг) с 09:00 до 18:00», «с 09:00 02.12.2026 (среда) до 18:00
    03.12.2026 (четверг)», «с 09:00 03.12.2026 (четверг)» — lower case, as inside a
    sentence."""
    if end is None:
        return f"с {start:%H:%M} {day_text(start.date())}"
    if end <= start:
        raise ValidationFailed("Окончание должно быть позже начала.")
    if end.date() == start.date():
        return f"{day_text(start.date())} с {start:%H:%M} до {end:%H:%M}"
    return f"с {start:%H:%M} {day_text(start.date())} до {end:%H:%M} {day_text(end.date())}"


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def outage_sentence(resource: Resource, start: datetime, end: datetime | None) -> str:
    """«03.12.2026 (четверг) с 09:00 до 18:00 будет отключена горячая вода.»"""
    return capitalized(f"{period_text(start, end)} будет {resource.off_word} {resource.label}.")


def visit_sentence(work: str, start: datetime, end: datetime | None) -> str:
    """«03.12.2026 (четверг) с 10:00 до 17:00 будет проводиться поверка …» — the
    infinitive agrees with any work's gender."""
    return capitalized(f"{period_text(start, end)} будет проводиться {work}.")


def meeting_sentence(form: str, start: datetime) -> str:
    """«03.12.2026 (четверг) в 19:00 состоится общее собрание … в форме очного голосования.»"""
    words = MEETING_FORMS.get(form)
    if words is None:
        raise ValidationFailed("Выберите форму проведения собрания.")
    return capitalized(f"{day_text(start.date())} в {start:%H:%M} состоится общее собрание "
                       f"собственников помещений в форме {words}.")


MEETING_NOTICE_DAYS = 10  # ЖК РФ ст. 45 ч. 4: the notice of a meeting, at least 10 days before it


def meeting_notice_warning(start: datetime, today: date) -> str:
    """What to tell the office when a meeting is announced less than 10 days ahead
    (ЖК РФ ст. 45 ч. 4); "" when the notice is in time."""
    days = (start.date() - today).days
    if days >= MEETING_NOTICE_DAYS:
        return ""
    from tsj_desk.domain.text import counted

    left = "собрание уже прошло" if days < 0 else (
        "собрание сегодня" if days == 0 else f"до собрания {counted(days, 'день', 'дня', 'дней')}")
    return (f"Сообщение о собрании собственников размещают не позднее чем за {MEETING_NOTICE_DAYS} дней "
            f"до него (ЖК РФ ст. 45 ч. 4), а {left}: проверьте дату.")


# ---------------------------------------------------------------- premises and entrances


def parse_numbers(text: str) -> tuple[list[tuple[int, int]], set[str]]:
    """«1–36, 40, 41а» → ([(1, 36), (40, 40)], {"41а"}): ranges of whole numbers and
    numbers written otherwise (matched as written, case aside)."""
    ranges: list[tuple[int, int]] = []
    others: set[str] = set()
    text = (text or "").replace("...", "-").replace("…", "-")
    for part in re.split(r"[,;\s]+", re.sub(r"\s*[–—-]\s*", "-", text)):
        part = part.strip().strip(".")
        if not part:
            continue
        pieces = part.split("-")
        if len(pieces) == 2 and all(_NUMBER.match(p) for p in pieces):
            low, high = int(pieces[0]), int(pieces[1])
            if low > high:
                raise ValidationFailed(f"В диапазоне «{part}» начало больше конца.")
            ranges.append((low, high))
        elif len(pieces) == 1 and _NUMBER.match(pieces[0]):
            ranges.append((int(pieces[0]), int(pieces[0])))
        elif len(pieces) == 1:
            others.add(pieces[0].lower())
        else:
            raise ValidationFailed(f"Не понятен номер помещений «{part}»: пишите, например, «1–36, 40».")
    return ranges, others


def number_matches(number: str, ranges: list[tuple[int, int]], others: set[str]) -> bool:
    number = number.strip()
    if _NUMBER.match(number):
        value = int(number)
        return any(low <= value <= high for low, high in ranges)
    return number.lower() in others


def numbers_text(numbers: list[str]) -> str:
    """«1–4, 7, 9а»: consecutive whole numbers joined into ranges, others as written."""
    whole = sorted({int(n) for n in numbers if _NUMBER.match(n)})
    parts: list[str] = []
    run: list[int] = []
    for value in whole:
        if run and value == run[-1] + 1:
            run.append(value)
            continue
        if run:
            parts.append(_run_text(run))
        run = [value]
    if run:
        parts.append(_run_text(run))
    parts.extend(n for n in numbers if not _NUMBER.match(n))
    return ", ".join(parts)


def _run_text(run: list[int]) -> str:
    if len(run) == 1:
        return str(run[0])
    if len(run) == 2:
        return f"{run[0]}, {run[1]}"
    return f"{run[0]}–{run[-1]}"


def access_sentence(numbers: list[str], all_flats: bool) -> str:
    """«Просим обеспечить доступ в квартиры № 1–36.» / «… в квартиру № 5.»"""
    if not numbers:
        return ""
    one = len(numbers) == 1
    word = ("квартиру" if one else "квартиры") if all_flats else ("помещение" if one else "помещения")
    # «№ 1–36» kept on one line: a no-break space, and word joiners around the dash
    listed = numbers_text(numbers).replace("–", "\u2060–\u2060")
    return f"Просим обеспечить доступ в {word} №\u00a0{listed}."


def entrance_sort_key(entrance: str) -> tuple:
    text = entrance.strip()
    return (0, int(text), "") if _NUMBER.match(text) else (1, 0, text.lower())


def entrances_text(entrances: list[str]) -> str:
    """«подъезд № 2», «подъезды № 1–4» (empty: the whole house)."""
    if not entrances:
        return ""
    word = "подъезд" if len(entrances) == 1 else "подъезды"
    return f"{word} № {numbers_text(entrances)}"


def greeting(last_name: str | None, first_name: str | None, patronymic: str | None,
             gender: str) -> str:
    """«Уважаемая Анна Ивановна!»; without a first name and patronymic «Уважаемый
    собственник!»."""
    if first_name and patronymic:
        word = "Уважаемая" if gender == "f" else "Уважаемый"
        return f"{word} {first_name} {patronymic}!"
    return "Уважаемый собственник!"
