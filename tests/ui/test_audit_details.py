"""Audit entries in words: codes, ids, dates and booleans of the JSON details in Russian."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tsj_desk.services.audit import AuditRow
from ui.audit.details import describe_entry, entity_choices, format_value

AT = datetime(2026, 11, 24, 15, 7)


def entry(action: str, entity: str, entity_id: int | None = None, **details) -> AuditRow:
    return AuditRow(1, AT, "бухгалтер", action, entity, entity_id, json.dumps(details, ensure_ascii=False))


@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, "да"), (False, "нет"), (None, ""), (3, "3"), (2.5, "2,5"), ("2026-12-01", "01.12.2026"),
     ("2026-11-21 11:40:00", "21.11.2026 11:40"), ("2026-10", "10.2026"), (["a", "b"], "a, b"),
     ("Иванов", "Иванов")],
)
def test_values(value, shown):
    assert format_value(value) == shown


def test_status_change_names_the_request_and_the_statuses():
    line = describe_entry(entry("status", "request", 7, before="registered", after="in_progress"),
                          {("request", 7): "2026-0042"})
    assert (line.action_text, line.object_text) == ("смена статуса", "обращение 2026-0042")
    assert line.details_text == "было: Зарегистрировано; стало: В работе"
    assert line.search_key == "24.11.2026 15:07 бухгалтер смена статуса обращение 2026-0042 " \
                              "было: зарегистрировано; стало: в работе"


def test_registration_shows_the_category_label_and_no_repeated_number():
    line = describe_entry(entry("register", "request", 8, reg_no="2026-0043", category="emergency"),
                          {}, {"emergency": "Аварийная заявка"})
    assert line.object_text == "обращение 2026-0043"
    assert line.details_text == "категория: Аварийная заявка"


def test_answer_close_and_inspection():
    answer = describe_entry(entry("answer", "request", 8, on="2026-11-24", result="refused"))
    assert answer.object_text == "обращение № 8"  # the request is gone: its id stays
    assert answer.details_text == "дата: 24.11.2026; результат: отказано"
    closed = describe_entry(entry("close", "request", 8, satisfaction=4))
    assert closed.details_text == "оценка заявителя: 4 из 5"
    inspection = describe_entry(entry("inspection", "request", 8, at="2026-11-25 10:30:00"))
    assert inspection.details_text == "время: 25.11.2026 10:30"


def test_calendar_meter_and_thresholds():
    day_off = describe_entry(entry("set", "calendar", None, day="2026-12-31", working=False, note="решение правления"))
    assert day_off.object_text == "календарь: 31.12.2026"
    assert day_off.details_text == "нерабочий день; примечание: решение правления"
    replaced = describe_entry(entry("replace", "meter", 5, new_meter=6, on="2026-11-20"),
                              {("meter", 5): "ВК-1", ("meter", 6): "ВК-2"})
    assert replaced.object_text == "счётчик ВК-1"
    assert replaced.details_text == "новый счётчик: ВК-2; дата: 20.11.2026"
    limits = describe_entry(entry("edit", "thresholds", None, resource="hot_water", floor=0.0, ceiling=30.5))
    assert limits.object_text == "пороги расхода: Горячая вода"
    assert limits.details_text == "нижний порог: 0,0; верхний порог: 30,5"


def test_owner_edit_and_unknown_keys_and_broken_json():
    edited = describe_entry(entry("edit", "ownership", 3, premise="12",
                                  before={"name": "Петров П. П.", "share": "1/2"},
                                  after={"name": "Петров П. П.", "share": "1"}))
    assert edited.object_text == "собственность, пом. 12"
    assert edited.details_text == "было: Петров П. П., доля: 1/2; стало: Петров П. П., доля: 1"
    odd = describe_entry(entry("new_action", "new_entity", None, something="x"))
    assert (odd.action_text, odd.object_text, odd.details_text) == ("new_action", "new_entity", "something: x")
    broken = describe_entry(AuditRow(2, AT, "кто-то", "edit", "act", 4, "не JSON"), {("act", 4): "2026-003"})
    assert broken.object_text == "акт № 2026-003"
    assert broken.details_text == "не JSON"


def test_object_types_of_the_filter_are_each_listed_once():
    choices = dict(entity_choices())
    assert choices["Реестр"] == ("registry", "register")
    assert choices["Обращение"] == ("request",)
    assert len(choices) == len(set(choices))


def test_the_service_names_the_requests_and_categories_of_the_demo(demo):
    from tsj_desk.services.audit import category_labels, list_audit, object_names

    rows = list_audit(entity="request", limit=50)
    names = object_names(rows)
    assert all(isinstance(names["request", r.entity_id], str) for r in rows)
    registered = next(r for r in rows if r.action == "register")
    assert names["request", registered.entity_id] == json.loads(registered.details)["reg_no"]
    labels = category_labels()
    line = describe_entry(registered, names, labels)
    assert line.details_text == f"категория: {labels[json.loads(registered.details)['category']]}"


def test_a_voided_request_says_its_status_and_reason_in_russian():
    line = describe_entry(entry("void", "request", 7, reg_no="2026-0300", before="registered",
                                reason="зарегистрировано повторно"), {("request", 7): "2026-0300"})
    assert (line.action_text, line.object_text) == ("аннулирование", "обращение 2026-0300")
    assert line.details_text == "было: Зарегистрировано; причина: зарегистрировано повторно"


def test_a_lower_reading_saved_with_a_reason_names_the_meter_and_the_values():
    line = describe_entry(entry("enter", "readings", None, period="2026-11", count=1, meter=5, serial="ХВ-00185",
                                reason="переход через ноль", values=[12.5], previous=[99990]),
                          {("meter", 5): "ХВ-00185"})
    assert line.details_text == ("период: 11.2026; показаний: 1; заводской №: ХВ-00185; "
                                 "причина: переход через ноль; показания: 12,5; прежние показания: 99990")


def test_a_new_user_shows_the_role_in_words():
    line = describe_entry(entry("add", "user", 3, name="Петрова А. И.", role="бухгалтер", password=True))
    assert line.details_text == "Петрова А. И.; роль: бухгалтер; пароль задан: да"
