"""A demo database: a house of 120 premises with every kind of ownership.

Deterministic (a fixed random seed), so screenshots and tests see the same data.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from tsj_desk.domain.persons import person_search_key, split_fio
from tsj_desk.domain.premises import premise_sort_text
from tsj_desk.domain.text import fold
from tsj_desk.storage.database import database, open_database
from tsj_desk.storage.models import House, Organization, Ownership, Person, Premise

SURNAMES = [
    ("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"), ("Васильев", "Васильева"), ("Петров", "Петрова"),
    ("Соколов", "Соколова"), ("Михайлов", "Михайлова"), ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"), ("Морозов", "Морозова"), ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"), ("Лебедев", "Лебедева"), ("Семёнов", "Семёнова"),
    ("Егоров", "Егорова"), ("Павлов", "Павлова"), ("Козлов", "Козлова"),
    ("Степанов", "Степанова"), ("Николаев", "Николаева"), ("Орлов", "Орлова"),
    ("Андреев", "Андреева"), ("Макаров", "Макарова"), ("Никитин", "Никитина"),
    ("Захаров", "Захарова"), ("Зайцев", "Зайцева"), ("Соловьёв", "Соловьёва"),
    ("Борисов", "Борисова"), ("Яковлев", "Яковлева"), ("Григорьев", "Григорьева"),
]
MALE_NAMES = ["Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Евгений",
              "Иван", "Михаил", "Николай", "Пётр", "Олег", "Юрий", "Виктор", "Артём"]
FEMALE_NAMES = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна",
                "Мария", "Марина", "Юлия", "Людмила", "Галина", "Вера", "Дарья", "Софья"]
FATHERS = ["Александров", "Сергеев", "Дмитриев", "Андреев", "Алексеев", "Иванов",
           "Михайлов", "Николаев", "Петров", "Викторов", "Юрьев", "Олегов"]
COMPANIES = ["ООО «Продукты у дома»", "АО «Горэлектросеть»", "ООО «Аптека Здоровье»",
             "ИП Сафонов Кирилл Андреевич", "Муниципальное образование «Городской округ Коломна»"]

HOUSE_ADDRESS = "Московская обл., г. Коломна, ул. Лесная, д. 5"
DEMO_ORGANIZATION = "ТСЖ «Лесная, 5»"
DEMO_INN = "5022012345"
DEMO_PREMISES = 120


def valid_ogrn(rng: random.Random, digits: int = 13) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))
    body = str(rng.randint(1, 5)) + body[1:]
    modulus = 11 if digits == 13 else 13
    return body + str(int(body) % modulus % 10)


def _person(rng: random.Random, female: bool | None = None, surname: tuple[str, str] | None = None) -> str:
    female = rng.random() < 0.5 if female is None else female
    pair = surname or rng.choice(SURNAMES)
    father = rng.choice(FATHERS)
    if female:
        return f"{pair[1]} {rng.choice(FEMALE_NAMES)} {father}на"
    return f"{pair[0]} {rng.choice(MALE_NAMES)} {father}ич"


DEMO_MARK = "base.demo"  # the setting that marks a demo base


def is_demo_base(path: str | Path) -> bool:
    """Whether the file at ``path`` is a demo base: marked so at its creation, or (made
    by a release before the mark) holding the demo's organization and nothing else's."""
    from tsj_desk.storage.backup import facts_or_none

    facts = facts_or_none(Path(path))
    if facts is None:
        return False
    if facts.settings.get(DEMO_MARK) == "1":
        return True
    return facts.organization == DEMO_ORGANIZATION and facts.inn == DEMO_INN


def create_demo_database(path: str | Path, *, today: date, now: datetime | None = None,
                         seed: int = 5) -> Path | str:
    """Create (or refill) a demo database at ``path``; returns the path. An existing file
    that is not a demo base is refused (``DatabaseProblem``) and left as it is; a server
    base (a ``postgresql://`` URL) must be empty.

    ``now`` is the moment the demo is made: nothing in it is received, answered or closed
    later than that (a demo made at night has no request «received» at 09:30 that day).
    Without it the day's requests keep their office hours, as the tests' fixed moment wants."""
    from tsj_desk.domain.errors import DatabaseProblem
    from tsj_desk.storage.database import is_url
    from tsj_desk.storage.models import Setting
    from tsj_desk.storage.server_base import refuse_filled

    if is_url(path):  # a server base: only an empty one
        refuse_filled(str(path))
    elif (path := Path(path)).exists() or path.is_symlink():
        if not is_demo_base(path):
            raise DatabaseProblem(
                f"«{path}» — не демонстрационная база: демонстрационные данные записываются "
                "только в новый файл или поверх прежней демонстрационной базы, и этот файл "
                "не изменён. Укажите для демонстрационной базы другой файл.")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(path)
    rng = random.Random(seed)
    with database.atomic():
        Setting.put(DEMO_MARK, "1")
        org = Organization.create(
            name=DEMO_ORGANIZATION, kind="ТСЖ", inn=DEMO_INN, ogrn=valid_ogrn(rng),
            address=HOUSE_ADDRESS, city="г. Коломна", chairman="Орлова Марина Викторовна",
        )
        house = House.create(organization=org, address=HOUSE_ADDRESS)
        people: dict[str, Person] = {}

        def person(name: str, ogrn: str | None = None) -> Person:
            if name not in people:
                legal = ogrn is not None or name.startswith(("ООО", "АО", "ИП", "Муниципальное"))
                last, first, patronymic = (None, None, None) if legal else split_fio(name)
                people[name] = Person.create(
                    is_legal=legal, name=name, last_name=last, first_name=first,
                    patronymic=patronymic, ogrn=ogrn,
                    phone=f"+7 916 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
                    if rng.random() < 0.7 else None,
                    search_key=person_search_key(name),
                )
            return people[name]

        def own(premise: Premise, who: Person, num: int, den: int, since: date,
                until: date | None = None, joint: str | None = None, record: int = 1) -> None:
            Ownership.create(
                premise=premise, person=who, share_num=num, share_den=den, joint_group=joint,
                egrn_number=f"50:34:0010203:{premise.id + 100}-50/034/{since.year}-{record}",
                egrn_date=since, valid_from=since, valid_to=until, member=rng.random() < 0.6,
            )

        for n in range(1, DEMO_PREMISES + 1):
            number = str(n) if n <= DEMO_PREMISES - 6 else f"Н{n - (DEMO_PREMISES - 6)}"
            non_residential = number.startswith("Н")
            area = Decimal(rng.choice([32.4, 38.7, 44.0, 45.2, 52.1, 58.3, 61.0, 72.4, 85.6])
                           if not non_residential else rng.choice([64.5, 95.0, 112.5, 140.2])
                           ).quantize(Decimal("0.01"))
            premise = Premise.create(
                house=house, number=number, sort_key=premise_sort_text(number),
                kind="non_residential" if non_residential else "flat", area=area,
                entrance=str((n - 1) // 30 + 1) if not non_residential else None,
                floor=str(((n - 1) % 30) // 3 + 1) if not non_residential else None,
                account=f"{n:04d}" if not non_residential else None,
                search_key=fold(f"{number} {n:04d}"),
            )
            since = date(2005, 1, 1) + timedelta(days=rng.randint(0, 6500))
            roll = rng.random()
            if non_residential:
                company = COMPANIES[(n - 1) % len(COMPANIES)]
                digits = 15 if company.startswith("ИП") else 13
                own(premise, person(company, valid_ogrn(rng, digits)), 1, 1, since)
            elif roll < 0.55:
                own(premise, person(_person(rng)), 1, 1, since)
            elif roll < 0.75:
                pair = rng.choice(SURNAMES)
                own(premise, person(_person(rng, False, pair)), 1, 2, since, record=1)
                own(premise, person(_person(rng, True, pair)), 1, 2, since, record=2)
            elif roll < 0.85:
                pair = rng.choice(SURNAMES)
                group = f"{number}|совместная"
                own(premise, person(_person(rng, False, pair)), 1, 1, since, joint=group)
                own(premise, person(_person(rng, True, pair)), 1, 1, since, joint=group)
            elif roll < 0.93:
                # a sale: the seller's ownership closed, the buyer's opened
                sold = since + timedelta(days=rng.randint(200, 3000))
                if sold >= today:
                    sold = today - timedelta(days=30)
                own(premise, person(_person(rng)), 1, 1, since, until=sold)
                own(premise, person(_person(rng)), 1, 1, sold, record=2)
            else:
                # three heirs, one share still not registered: "доли не распределены"
                pair = rng.choice(SURNAMES)
                own(premise, person(_person(rng, True, pair)), 1, 3, since, record=1)
                own(premise, person(_person(rng, False, pair)), 1, 3, since, record=2)
    with database.atomic():
        add_demo_meters(today=today)
    add_demo_requests(today=today, now=now)
    return path


REQUEST_TEXTS = {
    "public_info": ["Где посмотреть отчёт правления за прошлый год?", "Прошу сообщить размер взноса на капремонт"],
    "utility_info": ["Прошу сообщить показания ОДПУ тепла за последние 3 месяца", "Объём ХВС на ОДН за октябрь"],
    "act_copy": ["Прошу копию акта о заливе квартиры", "Копия акта проверки качества ГВС"],
    "maintenance": ["Не работает освещение в подъезде", "Течёт крыша над квартирой", "Не убирается лестничная клетка"],
    "owner_register": ["Прошу выдать реестр собственников для созыва общего собрания"],
    "utility_quality": ["Горячая вода еле тёплая", "Низкая температура в квартире, батареи холодные"],
    "fine": ["Прошу выплатить штраф за неверное начисление платы за отопление"],
    "other": ["Прошу разрешить установку кондиционера на фасаде", "Вопрос о парковке во дворе"],
    "outsider": ["Запрос от риелтора о задолженности по квартире", "Запрос от соседнего ТСЖ"],
    "emergency": ["Прорыв трубы ХВС в подвале", "Затопление с верхнего этажа"],
}


# what residents say when asked after a visit, by score (a closed demo request takes them in turn)
DEMO_SATISFACTION_WORDS = {
    2: ["Пришли только на третий день", "Сделали, но мусор не убрали"],
    3: ["Сделали, но пришлось ждать", "", "Мастер опоздал на час"],
    4: ["Всё сделали, спасибо", "", "Быстро, но не предупредили о времени"],
    5: ["Спасибо, всё отлично", "", "Мастер вежливый, всё убрал за собой", ""],
}


def add_demo_requests(*, today: date, now: datetime | None = None, seed: int = 7,
                      count: int = 320) -> None:
    """A year of requests in every category and state, for the journal and Сводка; with
    ``now``, none received, answered or closed after it (see ``create_demo_database``)."""
    from datetime import datetime, time as clock

    from tsj_desk.domain.journal import Channel, Result
    from tsj_desk.services import journal
    from tsj_desk.services.requests_void import void_request
    from tsj_desk.services.satisfaction import close_with_satisfaction

    rng = random.Random(seed)
    latest = now  # the moment the demo is made, if given
    owners = [(p.id, p.name) for p in Person.select(Person.id, Person.name).order_by(Person.id)]
    premises = {o.person_id: o.premise.number for o in
                Ownership.select(Ownership, Premise).join(Premise).where(Ownership.valid_to.is_null())}
    codes = list(REQUEST_TEXTS)
    channels = list(Channel)
    start = today - timedelta(days=365)
    plan = []
    for i in range(count):
        day = start + timedelta(days=int(365 * i / count))
        plan.append(day)
    # the last weeks carry the open ones: overdue, due today, tomorrow, later
    for offset in (20, 14, 9, 6, 4, 3, 2, 1, 1, 0, 0):
        plan.append(today - timedelta(days=offset))
    for n, day in enumerate(plan):
        code = codes[n % len(codes)]
        hour = rng.randint(8, 19)
        received = datetime.combine(day, clock(hour, rng.choice((0, 10, 25, 40, 55))))
        if latest is not None and received > latest - timedelta(minutes=20):
            # not yet come at the moment the demo is made: received a little earlier
            received = latest - timedelta(minutes=20 + 10 * (n % 12))
            day = received.date()
        now = received + timedelta(minutes=3)
        outsider = code == "outsider"
        person_id, name = rng.choice(owners)
        text = rng.choice(REQUEST_TEXTS[code])
        reg_no = journal.register_request(journal.RequestInput(
            category=code, received_at=received,
            applicant="Смирнов Алексей (агентство «Ключ»)" if outsider else name,
            applicant_contacts="+7 903 555-12-34" if outsider else "",
            person_id=None if outsider else person_id,
            premise_number="" if outsider else premises.get(person_id, ""),
            channel=rng.choice(channels), subject=text, text=text), now=now)
        age = (today - day).days
        if age <= 21 and rng.random() < 0.75:
            continue  # recent and still open: overdue, due today, due soon
        card = journal.request_card(reg_no)
        late = rng.random() < 0.12
        answer_day = card.due_date + timedelta(days=rng.randint(1, 6)) if late else max(
            day, card.due_date - timedelta(days=rng.randint(0, 3)))
        answer_day = min(answer_day, today)
        if code == "utility_quality" and rng.random() < 0.5:
            journal.schedule_inspection(reg_no, received + timedelta(hours=2), now=now)
            if age > 10:
                act_on = day + timedelta(days=1)
                journal.record_inspection_act(reg_no, act_on, now=datetime.combine(act_on, clock(16, 0)))
                answer_day = min(today, journal.request_card(reg_no).due_date)
            else:
                continue
        # answered at 17:00, or half an hour after a request registered later that day;
        # an emergency (30 minutes) within its term, or late by up to two hours
        answer_now = max(datetime.combine(answer_day, clock(17, 0)), received + timedelta(minutes=30))
        if code == "emergency":
            answer_now = received + timedelta(minutes=rng.randint(35, 120) if late else rng.randint(10, 28))
            answer_day = answer_now.date()
            if answer_day > today:
                continue  # registered late on the demo's last evening: still being dealt with
        if latest is not None and answer_now > latest:
            continue  # the answer would come after the moment the demo is made: still open
        result = rng.choice([Result.SATISFIED, Result.EXPLAINED, Result.EXPLAINED, Result.REFUSED])
        journal.answer_request(reg_no, journal.AnswerInput(
            text="Ответ по существу обращения направлен заявителю.", on=answer_day, at=answer_now.time(),
            outgoing_no=f"исх-{n + 1}", result=result,
            refusal_reason="Вопрос не относится к полномочиям правления" if result is Result.REFUSED else "",
            recalculation="Перерасчёт будет произведён в следующем платёжном документе"
            if code == "utility_quality" else ""), now=answer_now)
        if age > 40 and rng.random() < 0.7 and (
                latest is None or answer_now + timedelta(days=2) <= latest):
            score = rng.randint(3, 5)  # with words and how it was asked, taken in turn
            score = 2 if score == 3 and n % 4 == 0 else score
            words = DEMO_SATISFACTION_WORDS[score]
            close_with_satisfaction(reg_no, now=answer_now + timedelta(days=2), score=score,
                                    comment=words[n % len(words)], channel="лично" if n % 3 == 0 else "телефон")
    # one request due today and one due on the next working day, open, so that every
    # colour of the journal shows in the demo
    for code, received_on in (("public_info", today - timedelta(days=1)), ("act_copy", today)):
        received = datetime.combine(received_on, clock(9, 30))
        if latest is not None:
            received = min(received, latest - timedelta(minutes=15))
        person_id, name = owners[0]
        first = journal.register_request(journal.RequestInput(
            category=code, received_at=received, applicant=name, person_id=person_id,
            premise_number=premises.get(person_id, ""), channel=Channel.PHONE,
            subject=REQUEST_TEXTS[code][0], text=REQUEST_TEXTS[code][0]), now=received)
    # the last one typed in twice by mistake: the copy voided, greyed in the journal
    received += timedelta(minutes=5)
    copy = journal.register_request(journal.RequestInput(
        category=code, received_at=received, applicant=name, person_id=person_id,
        premise_number=premises.get(person_id, ""), channel=Channel.PHONE,
        subject=REQUEST_TEXTS[code][0], text=REQUEST_TEXTS[code][0]), now=received)
    void_request(copy, f"зарегистрировано повторно, см. № {first}", now=received + timedelta(minutes=5))


def add_demo_meters(*, today: date, seed: int = 11, months: int = 12) -> None:
    """Meters for every premise and the house, with ``months`` of readings."""
    from tsj_desk.domain.meters import previous_periods
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.models import Meter, Reading

    rng = random.Random(seed)
    house = House.select().order_by(House.id).first()
    meters = []  # (premise id, house id, resource, tariffs, serial, verified, interval, next, digits, monthly)
    for premise in Premise.select().order_by(Premise.id):
        kinds = [("cold_water", 1, 4.0), ("hot_water", 1, 2.8)] if premise.kind == "flat" else []
        kinds.append(("electricity", 2 if rng.random() < 0.4 else 1, 160.0 if premise.kind == "flat" else 900.0))
        for resource, tariffs, monthly in kinds:
            verified = date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
            interval = 6 if resource != "electricity" else 16
            due = verified.replace(year=verified.year + interval)
            if rng.random() < 0.05:  # a few verifications running out soon or already expired
                due = today + timedelta(days=rng.randint(-40, 50))
            prefix = {"cold_water": "ХВ", "hot_water": "ГВ", "electricity": "Э"}[resource]
            meters.append((premise.id, None, resource, tariffs, f"{prefix}-{premise.id:03d}{rng.randint(10, 99)}",
                           verified, interval, due, 5 if resource != "electricity" else 6, monthly))
    for resource, monthly in (("heat", 95.0), ("cold_water", 640.0)):
        verified = date(2023, 9, 1)
        meters.append((None, house.id, resource, 1, f"ОДПУ-{resource[:4].upper()}-{rng.randint(100, 999)}",
                       verified, 4, verified.replace(year=2027), 7, monthly))
    insert_rows(Meter, ["premise", "house", "resource", "tariffs", "serial", "verified_on",
                        "interval_years", "next_verification", "digits"], [m[:9] for m in meters])
    ids = [mid for (mid,) in Meter.select(Meter.id).order_by(Meter.id).tuples()]
    current = f"{today.year:04d}-{today.month:02d}"
    periods = list(reversed(previous_periods(current, months)))
    readings = []
    for meter_id, meter in zip(ids, meters):
        tariffs, monthly = meter[3], meter[9]
        values = [rng.uniform(50, 3000) for _ in range(tariffs)]
        for index, period in enumerate(periods):
            factor = 1.8 if meter[2] == "heat" and period[5:] in {"12", "01", "02"} else 1.0
            for t in range(tariffs):
                values[t] += max(0.0, rng.gauss(monthly * factor / tariffs, monthly * 0.15 / tariffs))
            taken = date(int(period[:4]), int(period[5:]), rng.randint(20, 25))
            readings.append((meter_id, period, taken,
                             *(f"{v:.3f}" for v in values), *([None] * (3 - tariffs)), "excel"))
    insert_rows(Reading, ["meter", "period", "taken_on", "t1", "t2", "t3", "source"], readings)
