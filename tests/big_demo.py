"""The «100×» base of the tests: the demo base as the demo makes it, plus 99 more houses
of the demo's size, written through the program's bulk paths (``storage.bulk``).

``TSJ_TEST_BASE=scale100`` gives it to the ``demo`` (window tests) and ``demo_db``
fixtures instead of the plain demo; it is built once per test session and copied per
test. The demo's own house, people, meters and requests stay exactly as the demo makes
them (the demo is made first, on the empty base), so a test about the demo's data still
finds it among the extra data.

The extra houses are an association's calm past, so that the demo's figures of today
stay what a user would expect them to stay:
- their owners bear surnames, names and patronymics the demo never uses (a search for a
  demo owner finds the demo's owner, not a namesake); their accounts and meter serials
  are their own, so a file matched by account or serial finds one premise;
- their requests were received in 2016–2024 (the demo's run from 24.11.2025), every one
  answered in time and most closed: the demo's overdue, due-today and 12-month figures
  and the next registration number of 2026 are unchanged;
- their premises' meters were verified in 2022–2025 (none due before 2028), their common
  meters are due 01.09.2027 as the demo's are; all have the demo's twelve months of
  readings, 11.2025–10.2026;
- no acts, as the demo has none (``ACTS_PER_HOUSE`` = 17, as many as the demo's inspection
  acts, adds acts of their requests, numbered within 2016–2024; the acts page's tests
  then see them).

The counts, the demo's → the base's (``EXTRA_HOUSES`` = 99; built in about 30 s, 117 MB):
houses 1 → 100, premises 120 → 12,000, people 157 → 17,134 and ownerships 159 → 17,136
(the demo gives two owners of one name one person; the extra houses never do), meters
350 → 35,000, readings 4,200 → 420,000, requests 334 → 33,400, their history 888 → 90,147,
acts 0 → 0, change log 1,099 → 90,358.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from datetime import date, datetime, time as clock, timedelta
from decimal import Decimal
from pathlib import Path

BASE_VARIABLE = "TSJ_TEST_BASE"
EXTRA_HOUSES = 99
PREMISES, NON_RESIDENTIAL = 120, 6  # per house, as the demo's
ACTS_PER_HOUSE = 0  # the demo has no act: 100 × 0. With 17 (the demo's inspection acts) the
# acts page's tests, which count every act of the base, would see 1,683 more
FIRST_DAY, LAST_DAY = date(2016, 1, 11), date(2024, 12, 20)  # the extra requests' span
USER = "Секретарь правления"  # who the extra houses' change log names

SURNAMES = [
    ("Белов", "Белова"), ("Комаров", "Комарова"), ("Виноградов", "Виноградова"),
    ("Богданов", "Богданова"), ("Воробьёв", "Воробьёва"), ("Фролов", "Фролова"),
    ("Крылов", "Крылова"), ("Гусев", "Гусева"), ("Титов", "Титова"), ("Кудрявцев", "Кудрявцева"),
    ("Баранов", "Баранова"), ("Куликов", "Куликова"), ("Беляев", "Беляева"), ("Тарасов", "Тарасова"),
    ("Жуков", "Жукова"), ("Медведев", "Медведева"), ("Ершов", "Ершова"), ("Калинин", "Калинина"),
    ("Поляков", "Полякова"), ("Сорокин", "Сорокина"), ("Денисов", "Денисова"), ("Киселёв", "Киселёва"),
    ("Мельников", "Мельникова"), ("Голубев", "Голубева"), ("Тихонов", "Тихонова"), ("Осипов", "Осипова"),
    ("Филиппов", "Филиппова"), ("Ефимов", "Ефимова"), ("Щербаков", "Щербакова"), ("Шубин", "Шубина"),
]
MALE_NAMES = ["Владимир", "Геннадий", "Константин", "Анатолий", "Валерий", "Роман", "Игорь",
              "Вадим", "Станислав", "Кирилл", "Леонид", "Тимофей", "Степан", "Фёдор", "Эдуард"]
FEMALE_NAMES = ["Валентина", "Лариса", "Екатерина", "Надежда", "Любовь", "Ксения", "Полина",
                "Зоя", "Раиса", "Тамара", "Алёна", "Вероника", "Кристина", "Яна", "Элеонора"]
FATHERS = ["Владимиров", "Геннадьев", "Константинов", "Анатольев", "Валерьев", "Романов",
           "Игорев", "Вадимов", "Станиславов", "Леонидов", "Тимофеев", "Эдуардов"]
STREETS = ["Садовая", "Полевая", "Заводская", "Школьная", "Речная", "Луговая", "Парковая",
           "Солнечная", "Зелёная"]


def wanted() -> bool:
    """Whether the tests run on the 100× base (``TSJ_TEST_BASE=scale100``)."""
    value = (os.environ.get(BASE_VARIABLE) or "demo").strip().lower()
    if value not in ("demo", "scale100"):
        raise ValueError(f"{BASE_VARIABLE}={value}: expected demo or scale100")
    return value == "scale100"


_TEMPLATE: dict[str, Path] = {}


def template(folder_factory, today: date) -> Path:
    """The 100× base of this session, built at the first call into a folder made by
    ``folder_factory`` (pytest's ``tmp_path_factory.mktemp``); its WAL folded in."""
    if "path" not in _TEMPLATE:
        from tsj_desk.services.session import close_session

        path = folder_factory("scale100") / "demo100.sqlite3"
        started = time.perf_counter()
        counts = build(path, today=today)
        close_session()
        counts["build seconds"] = round(time.perf_counter() - started, 1)
        counts["megabytes"] = round(path.stat().st_size / 2**20)
        path.with_name("counts.json").write_text(json.dumps(counts, ensure_ascii=False), encoding="utf-8")
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


def copy_of_template(folder_factory, today: date, target: Path) -> Path:
    shutil.copyfile(template(folder_factory, today), target)
    return target


def build(path: Path, *, today: date) -> dict[str, int]:
    """The demo at ``path`` (made anew), then the extra houses; returns the base's counts."""
    from tsj_desk.services.demo import create_demo_database
    from tsj_desk.storage.database import database

    create_demo_database(path, today=today)
    add_houses(EXTRA_HOUSES, today=today)
    database.execute_sql("ANALYZE")
    tables = ("house", "premise", "person", "ownership", "meter", "reading", "request",
              "request_event", "act", "audit_entry")
    return {table: database.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def add_houses(count: int, *, today: date, seed: int = 100) -> None:
    """``count`` houses of the demo's size with their owners, meters, readings, requests
    and acts, in one transaction per kind of data."""
    from tsj_desk.storage.database import database
    from tsj_desk.storage.models import House, Organization

    rng = random.Random(seed)
    organization = Organization.select().order_by(Organization.id).first()
    with database.atomic():
        houses = []
        for n in range(count):
            street = STREETS[n % len(STREETS)]
            houses.append(House.create(organization=organization,
                                       address=f"Московская обл., г. Коломна, ул. {street}, д. {n // len(STREETS) + 1}"))
        owners = _premises_and_owners(houses, rng, today)
    with database.atomic():
        _meters_and_readings([h.id for h in houses], rng, today)
    with database.atomic():
        _requests_and_acts(owners, rng)


def _person_name(rng: random.Random, female: bool, pair: tuple[str, str]) -> str:
    if female:
        return f"{pair[1]} {rng.choice(FEMALE_NAMES)} {rng.choice(FATHERS)}на"
    return f"{pair[0]} {rng.choice(MALE_NAMES)} {rng.choice(FATHERS)}ич"


def _premises_and_owners(houses, rng: random.Random, today: date) -> list[tuple[int, int, str]]:
    """Premises, people and ownerships as the demo's shapes them (sole, halves, joint, a sale,
    heirs with a share not registered); returns (premise id, owner id, premise number) of
    each premise's present owner."""
    from tsj_desk.domain.persons import person_search_key, split_fio
    from tsj_desk.domain.premises import premise_sort_text
    from tsj_desk.domain.text import fold
    from tsj_desk.services.demo import valid_ogrn
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.database import database
    from tsj_desk.storage.models import Ownership, Person, Premise

    premise_rows = []
    for h, house in enumerate(houses, start=2):
        for n in range(1, PREMISES + 1):
            number = str(n) if n <= PREMISES - NON_RESIDENTIAL else f"Н{n - (PREMISES - NON_RESIDENTIAL)}"
            flat = not number.startswith("Н")
            area = Decimal(str(rng.choice([32.4, 38.7, 44.0, 45.2, 52.1, 58.3, 61.0, 72.4, 85.6] if flat
                                          else [64.5, 95.0, 112.5, 140.2])))
            account = f"{h:03d}{n:04d}"
            premise_rows.append((house.id, number, premise_sort_text(number), "flat" if flat else "non_residential",
                                 area, str((n - 1) // 30 + 1) if flat else None,
                                 str(((n - 1) % 30) // 3 + 1) if flat else None, account,
                                 fold(f"{number} {account}")))
    insert_rows(Premise, ["house", "number", "sort_key", "kind", "area", "entrance", "floor", "account",
                          "search_key"], premise_rows)
    first_person = (database.execute_sql('SELECT max(id) FROM "person"').fetchone()[0] or 0) + 1
    people, shares, present = [], [], []

    def person(name: str, legal: bool = False, ogrn: str | None = None) -> int:
        last, first, patronymic = (None, None, None) if legal else split_fio(name)
        phone = f"+7916{rng.randint(1000000, 9999999)}" if rng.random() < 0.7 else None
        people.append((legal, name, last, first, patronymic, ogrn, phone, person_search_key(name)))
        return first_person + len(people) - 1

    def own(premise_id: int, who: int, num: int, den: int, since: date, until: date | None = None,
            joint: str | None = None, record: int = 1) -> None:
        shares.append((premise_id, who, num, den, joint, f"50:34:{premise_id:07d}:{record}-50/034/{since.year}-{record}",
                       since, since, until, rng.random() < 0.6))

    new_premises = Premise.select(Premise.id, Premise.number, Premise.house).where(
        Premise.house.in_([h.id for h in houses])).order_by(Premise.id).tuples()
    for premise_id, number, house_id in new_premises:
        since = date(2005, 1, 1) + timedelta(days=rng.randint(0, 6500))
        roll, pair = rng.random(), rng.choice(SURNAMES)
        if number.startswith("Н"):
            company = f"ООО «Арендатор-{house_id}-{number}»"
            owner = person(company, True, valid_ogrn(rng))
            own(premise_id, owner, 1, 1, since)
        elif roll < 0.55:
            owner = person(_person_name(rng, rng.random() < 0.5, pair))
            own(premise_id, owner, 1, 1, since)
        elif roll < 0.75:
            owner = person(_person_name(rng, False, pair))
            own(premise_id, owner, 1, 2, since, record=1)
            own(premise_id, person(_person_name(rng, True, pair)), 1, 2, since, record=2)
        elif roll < 0.85:
            group = f"{house_id}|{number}|совместная"
            owner = person(_person_name(rng, False, pair))
            own(premise_id, owner, 1, 1, since, joint=group)
            own(premise_id, person(_person_name(rng, True, pair)), 1, 1, since, joint=group)
        elif roll < 0.93:
            sold = min(since + timedelta(days=rng.randint(200, 3000)), today - timedelta(days=400))
            since = min(since, sold - timedelta(days=200))
            own(premise_id, person(_person_name(rng, rng.random() < 0.5, rng.choice(SURNAMES))), 1, 1, since,
                until=sold)
            owner = person(_person_name(rng, rng.random() < 0.5, pair))
            own(premise_id, owner, 1, 1, sold, record=2)
        else:  # three heirs, one share not registered
            owner = person(_person_name(rng, True, pair))
            own(premise_id, owner, 1, 3, since, record=1)
            own(premise_id, person(_person_name(rng, False, pair)), 1, 3, since, record=2)
        present.append((premise_id, owner, number))
    insert_rows(Person, ["is_legal", "name", "last_name", "first_name", "patronymic", "ogrn", "phone",
                         "search_key"], people)
    insert_rows(Ownership, ["premise", "person", "share_num", "share_den", "joint_group", "egrn_number",
                            "egrn_date", "valid_from", "valid_to", "member"], shares)
    return present


def _meters_and_readings(house_ids: list[int], rng: random.Random, today: date) -> None:
    """Meters as the demo's (water and electricity of a flat, electricity of the rest,
    two common meters a house), with the demo's twelve months of readings."""
    from tsj_desk.domain.meters import previous_periods
    from tsj_desk.storage.bulk import date_binder, insert_rows
    from tsj_desk.storage.models import Meter, Premise, Reading

    meters = []  # premise, house, resource, tariffs, serial, verified, interval, next, digits + monthly
    premises = Premise.select(Premise.id, Premise.kind, Premise.account).where(
        Premise.house.in_(house_ids)).order_by(Premise.id).tuples()
    for premise_id, kind, account in premises:
        kinds = [("cold_water", 1, 4.0), ("hot_water", 1, 2.8)] if kind == "flat" else []
        kinds.append(("electricity", 2 if rng.random() < 0.4 else 1, 160.0 if kind == "flat" else 900.0))
        for resource, tariffs, monthly in kinds:
            verified = date(rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28))
            interval = 6 if resource != "electricity" else 16
            prefix = {"cold_water": "ХВ", "hot_water": "ГВ", "electricity": "Э"}[resource]
            meters.append((premise_id, None, resource, tariffs, f"{prefix}{account}", verified, interval,
                           verified.replace(year=verified.year + interval), 5 if resource != "electricity" else 6,
                           monthly))
    for house_id in house_ids:
        for resource, monthly in (("heat", 95.0), ("cold_water", 640.0)):
            meters.append((None, house_id, resource, 1, f"ОДПУ-{resource[:4].upper()}-{house_id:03d}",
                           date(2023, 9, 1), 4, date(2027, 9, 1), 7, monthly))
    insert_rows(Meter, ["premise", "house", "resource", "tariffs", "serial", "verified_on", "interval_years",
                        "next_verification", "digits"], [m[:9] for m in meters])
    ids = [mid for (mid,) in Meter.select(Meter.id).order_by(Meter.id.desc()).limit(len(meters)).tuples()]
    ids.reverse()
    current = f"{today.year:04d}-{today.month:02d}"
    periods = list(reversed(previous_periods(current, 12)))
    as_stored = date_binder(Reading)
    days = {period: [as_stored(date(int(period[:4]), int(period[5:]), d)) for d in range(20, 26)]
            for period in periods}
    rows = []
    for meter_id, meter in zip(ids, meters):
        tariffs, monthly = meter[3], meter[9]
        values = [rng.uniform(50, 3000) for _ in range(tariffs)]
        for period in periods:
            factor = 1.8 if meter[2] == "heat" and period[5:] in {"12", "01", "02"} else 1.0
            for t in range(tariffs):
                values[t] += max(0.0, rng.gauss(monthly * factor / tariffs, monthly * 0.15 / tariffs))
            rows.append((meter_id, period, rng.choice(days[period]),
                         *(f"{v:.3f}" for v in values), *([None] * (3 - tariffs)), "excel"))
    insert_rows(Reading, ["meter", "period", "taken_on", "t1", "t2", "t3", "source"], rows, stored_form=True)


def _requests_and_acts(owners: list[tuple[int, int, str]], rng: random.Random) -> None:
    """The demo's 334 requests a house, of 2016–2024, every one answered in time (most
    closed with a score), with their history, change log and 17 acts a house."""
    from tsj_desk.documents.acts import ACT_KINDS
    from tsj_desk.domain.deadlines import compute_deadline
    from tsj_desk.domain.journal import CHANNEL_LABELS, RESULT_LABELS, Channel, Result, format_reg_no
    from tsj_desk.domain.text import format_date
    from tsj_desk.services.calendar import category_rules, production_calendar
    from tsj_desk.services.demo import REQUEST_TEXTS
    from tsj_desk.services.journal import _search_key
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.database import database
    from tsj_desk.storage.models import (Act, ActSequence, AuditEntry, Person, Request, RequestCategory,
                                         RequestEvent, RequestSequence)

    calendar = production_calendar()
    rules = {rule.code: rule for rule in category_rules()}
    category_ids = {code: cid for code, cid in RequestCategory.select(RequestCategory.code, RequestCategory.id).tuples()}
    names = dict(Person.select(Person.id, Person.name).where(Person.id.in_([o[1] for o in owners])).tuples())
    codes, channels, results = list(REQUEST_TEXTS), list(Channel), list(Result)
    count = len(owners) * 334 // PREMISES
    span = (LAST_DAY - FIRST_DAY).days
    moments = sorted(datetime.combine(FIRST_DAY + timedelta(days=rng.randrange(span)),
                                      clock(rng.randint(8, 18), rng.choice((0, 10, 25, 40, 55))))
                     for _ in range(count))
    first_id = (database.execute_sql('SELECT max(id) FROM "request"').fetchone()[0] or 0) + 1
    sequence: dict[int, int] = {}
    requests, events, log, acts = [], [], [], []
    act_numbers: dict[tuple[str, int], int] = {}
    acts_wanted = len(owners) * ACTS_PER_HOUSE // PREMISES
    for n, received in enumerate(moments):
        rid = first_id + n
        code = codes[n % len(codes)]
        premise_id, person_id, number = owners[rng.randrange(len(owners))]
        outsider = code == "outsider"
        applicant = "Агентство недвижимости «Дом»" if outsider else names[person_id]
        deadline = compute_deadline(rules[code], received, calendar)
        sequence[received.year] = sequence.get(received.year, 0) + 1
        reg_no = format_reg_no(received.year, sequence[received.year])
        text = rng.choice(REQUEST_TEXTS[code])
        if deadline.due_at is not None:  # in hours: answered within them
            answered_at = min(received + timedelta(minutes=rng.randint(10, 25)), deadline.due_at)
        else:
            day = max(received.date(), deadline.due - timedelta(days=rng.randint(0, 2)))
            answered_at = max(datetime.combine(day, clock(17, 0)), received + timedelta(minutes=30))
        channel, answer_channel, result = rng.choice(channels), rng.choice(channels), rng.choice(results)
        closed = rng.random() < 0.7
        score = rng.randint(3, 5) if closed else None
        closed_at = answered_at + timedelta(days=2)
        requests.append((
            rid, reg_no, received, channel.value, None if outsider else person_id, applicant,
            "+7 903 555-12-34" if outsider else "", None if outsider else premise_id,
            "" if outsider else number, category_ids[code], text, text, deadline.due, deadline.due_at,
            deadline.explanation, "closed" if closed else "answered",
            "Ответ по существу обращения направлен заявителю.", answered_at.date(), answered_at,
            answer_channel.value, f"исх-{rid}", result.value,
            "Вопрос не относится к полномочиям правления" if result is Result.REFUSED else "",
            score, closed_at if closed else None, ("телефон" if closed else None),
            _search_key(reg_no, applicant, "" if outsider else number, text, text)))
        due_text = deadline.due_at.strftime("%d.%m.%Y %H:%M") if deadline.due_at else format_date(deadline.due)
        events.append((rid, received, USER, "Зарегистрировано", f"срок ответа {due_text} ({deadline.explanation})"))
        events.append((rid, answered_at, USER, "Ответ дан",
                       f"{answered_at:%d.%m.%Y %H:%M}, {CHANNEL_LABELS[answer_channel]}, {RESULT_LABELS[result]}"))
        log.append((received + timedelta(minutes=3), USER, "register", "request", rid,
                    json.dumps({"reg_no": reg_no, "category": code})))
        log.append((answered_at, USER, "answer", "request", rid,
                    json.dumps({"on": str(answered_at.date()), "result": result.value})))
        if closed:
            events.append((rid, closed_at, USER, "Закрыто", f"оценка заявителя: {score}, по телефону"))
            log.append((closed_at, USER, "close", "request", rid, json.dumps({"satisfaction": score})))
        if code == "utility_quality" and len(acts) < acts_wanted and not outsider:
            kind = list(ACT_KINDS)[len(acts) % len(ACT_KINDS)]
            made = datetime.combine(received.date() + timedelta(days=1), clock(16, 0))
            act_numbers[(kind, made.year)] = act_numbers.get((kind, made.year), 0) + 1
            acts.append((kind, f"{made.year}-{act_numbers[(kind, made.year)]:03d}", made, rid, premise_id,
                         json.dumps({"premise_no": number}, ensure_ascii=False), "", made))
    fields = ("id", "reg_no", "received_at", "channel", "person", "applicant", "applicant_contacts", "premise",
              "premise_number", "category", "subject", "text", "due_date", "due_at", "deadline_basis", "status",
              "answer_text", "answered_on", "answered_at", "answer_channel", "outgoing_no", "result",
              "refusal_reason", "satisfaction", "satisfaction_at", "satisfaction_channel", "search_key")
    insert_rows(Request, fields, requests)
    insert_rows(RequestEvent, ("request", "at", "user", "action", "details"), events)
    insert_rows(RequestSequence, ("year", "last"), sorted(sequence.items()))
    first_act = (database.execute_sql('SELECT max(id) FROM "act"').fetchone()[0] or 0) + 1
    insert_rows(Act, ["kind", "number", "made_at", "request", "premise", "fields", "file_name", "updated_at"], acts)
    insert_rows(ActSequence, ["kind", "year", "last"], [(k, y, v) for (k, y), v in act_numbers.items()])
    for n, (kind, number, made, *_rest) in enumerate(acts):
        log.append((made, USER, "create", "act", first_act + n,
                    json.dumps({"kind": kind, "number": number}, ensure_ascii=False)))
    log.sort(key=lambda entry: entry[0])
    insert_rows(AuditEntry, ["at", "user", "action", "entity", "entity_id", "details"], log)
