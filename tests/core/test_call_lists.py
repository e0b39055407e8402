"""Call lists out and results in: a readings campaign built by hand, its files, and the
results with dictated readings brought back (one below the previous reading)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from fractions import Fraction

import pytest
from openpyxl import Workbook, load_workbook

from tsj_desk.domain.meters import Resource
from tsj_desk.services import meters, organization, premises
from tsj_desk.services.call_lists import build_list, export_list
from tsj_desk.services.call_results import import_results, person_call_history
from tsj_desk.services.meters import MeterInput
from tsj_desk.services.readings import save_entries
from tsj_desk.services.registry import OwnerInput, add_owner
from tsj_desk.storage.models import AuditEntry, Reading

from tests.conftest import NOW, TODAY

ADDRESS = "г. Коломна, ул. Лесная, д. 5"
OCTOBER, NOVEMBER = "2026-10", "2026-11"  # today (24.11.2026) is in November


@pytest.fixture
def house(db):
    return build_house()


def build_house():
    """Four flats: 1 — ХВС read in November, ГВС not; 2 — ХВС not read; 3 — not read, its
    owner's phone is «12-34» (no number to dial); 4 — read. A common-house meter unread."""
    organization.save_organization({"name": "ТСЖ «Лесная, 5»"}, now=NOW)
    house_id = organization.add_house({"address": ADDRESS}, now=NOW).id
    ids = {}
    for number, owner, phone in (("1", "Абрамов Пётр Ильич", "8 (916) 111-11-11"),
                                 ("2", "Белова Анна Сергеевна", "(495) 222-22-22, 8-903-222-22-23"),
                                 ("3", "Власов Игорь Олегович", "12-34"),
                                 ("4", "Галкина Ольга Петровна", "+7 916 444 44 44")):
        ids[number] = premises.add_premise(house_id, {"number": number}, now=NOW).id
        add_owner(ids[number], OwnerInput(owner, Fraction(1), phone=phone), now=NOW)
    m = {}
    for key, resource, serial, number in (("1x", Resource.COLD_WATER, "1001", "1"),
                                          ("1g", Resource.HOT_WATER, "1002", "1"),
                                          ("2x", Resource.COLD_WATER, "2001", "2"),
                                          ("3x", Resource.COLD_WATER, "3001", "3"),
                                          ("4x", Resource.COLD_WATER, "4001", "4")):
        m[key] = meters.add_meter(MeterInput(resource, serial, number, house_id=house_id), now=NOW)
    m["common"] = meters.add_meter(MeterInput(Resource.HEAT, "ОДПУ-1", house_id=house_id), now=NOW)
    save_entries(OCTOBER, [(m["1x"], (10.0, None, None), date(2026, 10, 25)),
                           (m["1g"], (40.0, None, None), date(2026, 10, 25)),
                           (m["2x"], (100.0, None, None), date(2026, 10, 25)),
                           (m["3x"], (7.0, None, None), date(2026, 10, 25)),
                           (m["4x"], (5.0, None, None), date(2026, 10, 25))],
                 today=TODAY, now=NOW)
    save_entries(NOVEMBER, [(m["1x"], (12.5, None, None), date(2026, 11, 20)),
                            (m["4x"], (6.0, None, None), date(2026, 11, 20))], today=TODAY, now=NOW)
    return ids, m


def test_readings_list_holds_exactly_the_premises_missing_a_reading(house):
    calls = build_list("readings", today=TODAY, now=NOW)
    # flat 1 misses its ГВС, flat 2 its ХВС; flat 3 misses one but has no phone to dial;
    # flat 4 is read; the common-house meter is no one's to call
    assert [(r.premise, r.phone, r.name) for r in calls.rows] == [
        ("1", "+79161111111", "Абрамов Пётр Ильич"),
        ("2", "+79032222223", "Белова Анна Сергеевна"),  # the mobile before the city number
    ]
    assert [r.ask for r in calls.rows] == ["показания за 11.2026: ГВС № 1002",
                                           "показания за 11.2026: ХВС № 2001"]
    assert [(s.premise, s.why) for s in calls.skipped] == [("3", "нет телефона")]
    assert calls.summary() == "В списке 2 звонка; без телефона — 1 помещение (не вошли в список)."
    assert {r.address for r in calls.rows} == {f"{ADDRESS}, кв. 1", f"{ADDRESS}, кв. 2"}
    assert len({r.row_id for r in calls.rows}) == 2


def test_the_csv_opens_in_a_russian_excel_and_the_xlsx_has_the_same_rows(house, tmp_path):
    calls = build_list("readings", today=TODAY, now=NOW)
    export_list(calls, tmp_path / "обзвон.csv", now=NOW)
    data = (tmp_path / "обзвон.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the UTF-8 mark Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))
    assert rows[0][:2] == ["Кампания", "Телефон"] and "Код строки" in rows[0]
    assert [(r[0], r[1], r[4]) for r in rows[1:]] == [("Показания", "+79161111111", "1"),
                                                       ("Показания", "+79032222223", "2")]
    assert [r[rows[0].index("Код строки")] for r in rows[1:]] == [r.row_id for r in calls.rows]

    export_list(calls, tmp_path / "обзвон.xlsx", now=NOW)
    sheet = load_workbook(tmp_path / "обзвон.xlsx").active
    assert [c.value for c in sheet[1]][:3] == ["Кампания", "Телефон", "ФИО"]
    assert [sheet.cell(r, 2).value for r in (2, 3)] == ["+79161111111", "+79032222223"]
    assert sheet.cell(2, 2).data_type == "s"  # the phone is text, not a formula
    exports = AuditEntry.select().where(AuditEntry.entity == "call_list").count()
    assert exports == 2


def test_no_name_becomes_a_formula_in_either_file(db, tmp_path):
    organization.save_organization({"name": "ТСЖ"}, now=NOW)
    house_id = organization.add_house({"address": ADDRESS}, now=NOW).id
    premise = premises.add_premise(house_id, {"number": "1"}, now=NOW).id
    add_owner(premise, OwnerInput('=HYPERLINK("http://x","y")', Fraction(1), phone="89160000000"), now=NOW)
    meters.add_meter(MeterInput(Resource.COLD_WATER, "1", "1", house_id=house_id), now=NOW)
    calls = build_list("readings", today=TODAY, now=NOW)
    export_list(calls, tmp_path / "a.csv", now=NOW)
    export_list(calls, tmp_path / "a.xlsx", now=NOW)
    text = (tmp_path / "a.csv").read_bytes().decode("utf-8-sig")
    [header, row] = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert row[header.index("ФИО")] == "'=HYPERLINK(\"http://x\",\"y\")"  # the apostrophe: text, never run
    cell = load_workbook(tmp_path / "a.xlsx").active.cell(2, 3)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def results_file(path, header, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_dictated_readings_save_the_good_rows_and_report_the_bad_one_by_row(house, tmp_path):
    ids, m = house
    calls = build_list("readings", today=TODAY, now=NOW)
    first, second = calls.rows
    path = results_file(tmp_path / "результаты.xlsx",
                        ["Код строки", "Телефон", "Дозвонились", "Показания", "Комментарий"], [
                            [first.row_id, first.phone, "да", "ГВС 45,5", "передал сам"],
                            [second.row_id, second.phone, "да", "ХВС 90", ""],  # below 100 of October
                        ])
    dry = import_results(path, today=TODAY, now=NOW, dry_run=True)
    assert (dry.saved, dry.readings, [p.row for p in dry.problems]) == (1, 1, [3])
    assert not Reading.select().where(Reading.meter == m["1g"], Reading.period == NOVEMBER).exists()

    report = import_results(path, today=TODAY, now=NOW)
    assert (report.rows, report.saved, report.readings) == (2, 1, 1)
    [problem] = report.problems
    assert (problem.row, problem.column) == (3, "Показания")
    assert "меньше предыдущего" in problem.message and "2001" in problem.message
    saved = Reading.get(Reading.meter == m["1g"], Reading.period == NOVEMBER)
    assert (float(saved.t1), saved.source, saved.taken_on) == (45.5, "phone", TODAY)
    # the bad row left nothing: no reading, no call in the owner's history
    assert not Reading.select().where(Reading.meter == m["2x"], Reading.period == NOVEMBER).exists()
    [note] = person_call_history(_person(ids["1"]))
    assert note.text == ("Обзвон «Показания», пом. 1, дозвонились, продиктованы показания: 1: "
                         "«передал сам»")
    assert person_call_history(_person(ids["2"])) == []

    again = import_results(path, today=TODAY, now=NOW)  # the same file once more
    assert (again.saved, again.repeated) == (0, 1)
    assert len(person_call_history(_person(ids["1"]))) == 1


def test_not_reached_and_refusal_go_to_the_history_only(house, tmp_path):
    ids, _ = house
    calls = build_list("readings", today=TODAY, now=NOW)
    first, second = calls.rows
    path = tmp_path / "итоги.csv"
    path.write_bytes(("\ufeffКод строки;Дозвонились;Отказ;Комментарий\r\n"
                      f"{first.row_id};недозвон;;\r\n{second.row_id};да;не буду передавать;\r\n")
                     .encode("utf-8"))
    report = import_results(path, today=TODAY, now=NOW)
    assert (report.saved, report.not_reached, report.refusals, report.problems) == (2, 1, 1, [])
    assert [n.text for n in person_call_history(_person(ids["1"]))] == [
        "Обзвон «Показания», пом. 1, не дозвонились"]
    assert [n.text for n in person_call_history(_person(ids["2"]))] == [
        "Обзвон «Показания», пом. 2, дозвонились, отказ (не буду передавать)"]


def test_an_unknown_id_or_an_unreadable_cell_is_an_error_of_its_row(house, tmp_path):
    calls = build_list("readings", today=TODAY, now=NOW)
    path = results_file(tmp_path / "r.xlsx", ["Код строки", "Дозвонились", "Показания"], [
        ["R99999-1", "да", "ХВС 1"],
        [calls.rows[0].row_id, "может быть", ""],
        [calls.rows[1].row_id, "да", "вода"],
        ["R123456789012345678901-1", "да", ""],  # no base has such a premise
        ["X1-1", "нет", ""],
    ])
    report = import_results(path, today=TODAY, now=NOW)
    assert report.saved == 0
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "Код строки"), (3, "Дозвонились"), (4, "Показания"), (5, "Код строки"), (6, "Код строки")]


def test_a_row_failing_after_its_reading_was_written_leaves_nothing_of_itself(house, tmp_path):
    ids, m = house
    first = build_list("readings", today=TODAY, now=NOW).rows[0]
    # the reading is good, but a score belongs to a survey's row, not to a readings call
    path = results_file(tmp_path / "r.xlsx", ["Код строки", "Дозвонились", "Показания", "Оценка"], [
        [first.row_id, "да", "ГВС 45,5", 5]])
    report = import_results(path, today=TODAY, now=NOW)
    assert report.saved == 0
    assert [(p.row, p.column) for p in report.problems] == [(2, "Оценка")]
    assert not Reading.select().where(Reading.meter == m["1g"], Reading.period == NOVEMBER).exists()
    assert person_call_history(_person(ids["1"])) == []


def _person(premise_id: int) -> int:
    from tsj_desk.services.registry import premise_card

    return premise_card(premise_id).current[0].person_id


_ = datetime


def test_a_bare_value_is_the_reading_of_the_premises_only_meter(house, tmp_path):
    ids, m = house
    rows = {r.premise: r for r in build_list("readings", today=TODAY, now=NOW).rows}
    path = results_file(tmp_path / "r.xlsx", ["Код строки", "Дозвонились", "Показания"], [
        [rows["2"].row_id, True, 104.25],  # flat 2 has one meter; an Excel TRUE for «да»
        [rows["1"].row_id, "да", "50"],  # flat 1 has two: which one?
    ])
    report = import_results(path, today=TODAY, now=NOW)
    assert report.saved == 1
    assert [(p.row, p.message) for p in report.problems] == [
        (3, "в помещении 1 — 2 счётчика: перед показанием назовите счётчик (ХВС, ГВС… или его номер).")]
    saved = Reading.get(Reading.meter == m["2x"], Reading.period == NOVEMBER)
    assert float(saved.t1) == 104.25


def test_readings_brought_in_next_month_go_to_the_period_of_the_list(house, tmp_path):
    _, m = house
    first = build_list("readings", today=TODAY, now=NOW).rows[0]
    assert first.due == date(2026, 11, 30)  # the list's «Срок»: the period's last day
    calls = tmp_path / "список.xlsx"
    export_list(build_list("readings", today=TODAY, now=NOW), calls, now=NOW)
    book = load_workbook(calls)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("Дозвонились") + 1, "да")
    sheet.cell(2, header.index("Показания") + 1, "ГВС 46")
    book.save(tmp_path / "итоги.xlsx")
    report = import_results(tmp_path / "итоги.xlsx", today=date(2026, 12, 2), now=datetime(2026, 12, 2, 10, 0))
    assert (report.saved, report.readings, report.problems) == (1, 1, [])
    saved = Reading.get(Reading.meter == m["1g"], Reading.taken_on == date(2026, 12, 2))
    assert (saved.period, float(saved.t1)) == (NOVEMBER, 46.0)
    assert not Reading.select().where(Reading.period == "2026-12").exists()
