"""The error report of a 1С/Сбербанк registry, a file without a header row: every field of
a refused line stays in its own column and the error in a column of its own after them
(the error once landed on top of the line's first field, the account)."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.conftest import NOW, SAMPLES, TODAY
from tsj_desk.services import readings
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.database import close_database, open_database


def test_a_refused_1c_line_keeps_every_field_and_the_error_after_them(tmp_path):
    line = ("0002;Зорина Алла Ивановна;;;г. Коломна, ул. Лесная, д. 5, кв. 2;"
            "9;ХВ-777;Холодная вода;01.03.2030;сто;20.10.2026;")
    fields = line.split(";")  # 12 fields: 5 of the payer, one meter slot of 7
    source = tmp_path / "реестр.txt"
    source.write_bytes((line + "\r\n").encode("cp1251"))
    open_database(tmp_path / "тсж.sqlite3")
    try:
        import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)
        preview = readings.preview_readings(source, today=TODAY)
        assert readings.write_error_report(preview, tmp_path / "ошибки.xlsx") == 1
    finally:
        close_database()
    sheet = load_workbook(tmp_path / "ошибки.xlsx").active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert header[0] == "Строка" and header[-1] == "Ошибка"
    assert len(header) == 1 + len(fields) + 1  # «Строка», the 12 fields, «Ошибка»
    assert header[1:4] == ["Поле 1", "Поле 2", "Поле 3"]
    assert row[0] == 1
    assert row[1] == "0002" and row[2] == "Зорина Алла Ивановна"  # the account is still there
    assert row[10] == "сто"  # the value the error is about, in its own field
    assert "сто" in row[-1] and "не число" in row[-1]
