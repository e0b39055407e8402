"""«Скачать образец»: blank workbooks in the program's own layout for the owner
register and for meter readings.

Each has the columns the importer knows (their headers are the importer's own first
names for them, so the file always reads back), one example row, and a second sheet
«Пояснения» saying what goes into each column and which are required. The example
row is there to be overwritten: an office fills the table from the second row on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tsj_desk.documents.xlsx import save_workbook, write_cell
from tsj_desk.importers.headers import Column
from tsj_desk.importers.readings import READING_COLUMNS
from tsj_desk.importers.registry import REGISTRY_COLUMNS


@dataclass(frozen=True)
class SampleColumn:
    key: str  # the importer's column
    example: object
    explanation: str
    width: int = 18


REGISTRY_SAMPLE = [
    SampleColumn("premise", "1", "Номер квартиры или помещения, как в ЕГРН: 1, 12а, Н-3.", 12),
    SampleColumn("kind", "квартира", "квартира, нежилое или машино-место; пусто — квартира.", 14),
    SampleColumn("area", 54.3, "Площадь помещения в кв. м, с запятой: 54,3.", 10),
    SampleColumn("account", "100001", "Номер лицевого счёта помещения.", 14),
    SampleColumn("owner", "Иванов Иван Иванович",
                 "ФИО собственника полностью или наименование организации. "
                 "У каждого собственника своя строка.", 32),
    SampleColumn("ogrn", "", "Только для организаций: ОГРН из 13 цифр (ИП — ОГРНИП из 15).", 16),
    SampleColumn("share", "1/2", "Доля в праве: 1, 1/2, 1/3; у совместной собственности — "
                                 "«совместная».", 12),
    SampleColumn("egrn_number", "50:57:0000000:123-50/001/2020-1",
                 "Номер записи ЕГРН о праве собственности (из выписки).", 34),
    SampleColumn("egrn_date", date(2020, 3, 15), "Дата записи ЕГРН: ДД.ММ.ГГГГ.", 14),
    SampleColumn("phone", "+7 900 000-00-00", "Телефон собственника.", 18),
    SampleColumn("email", "", "Адрес электронной почты.", 20),
    SampleColumn("member", "да", "Член товарищества: да или нет.", 10),
]

READINGS_SAMPLE = [
    SampleColumn("premise", "1", "Номер квартиры или помещения.", 10),
    SampleColumn("account", "100001", "Номер лицевого счёта (если счётчики ищутся по нему).", 14),
    SampleColumn("resource", "ХВС", "ХВС, ГВС, ЭЭ (электроэнергия), газ или отопление.", 10),
    SampleColumn("serial", "12345678", "Заводской номер счётчика.", 16),
    SampleColumn("date", date(2026, 11, 20), "Дата снятия показаний: ДД.ММ.ГГГГ.", 14),
    SampleColumn("t1", 123.456, "Показание (у двух- и трёхтарифных — день, Т1), с запятой.", 12),
    SampleColumn("t2", None, "Для двух- и трёхтарифных счётчиков: ночь, Т2.", 12),
    SampleColumn("t3", None, "Для трёхтарифных счётчиков: пик, Т3.", 12),
]

SAMPLES = {"registry": (REGISTRY_COLUMNS, REGISTRY_SAMPLE, "Реестр собственников"),
           "readings": (READING_COLUMNS, READINGS_SAMPLE, "Показания счётчиков")}


def write_import_sample(kind: str, out: Path) -> Path:
    """Write the sample workbook of ``kind`` («registry» or «readings») to ``out``."""
    columns, sample, title = SAMPLES[kind]
    known = {c.key: c for c in columns}
    book = Workbook()
    sheet = book.active
    sheet.title = title
    bold = Font(bold=True)
    for number, item in enumerate(sample, start=1):
        column: Column = known[item.key]
        header = write_cell(sheet, 1, number, column.synonyms[0])
        header.font = bold
        header.alignment = Alignment(wrap_text=True, vertical="top")
        cell = write_cell(sheet, 2, number, item.example)
        if isinstance(item.example, date):
            cell.number_format = "DD.MM.YYYY"
        elif isinstance(item.example, float):
            cell.number_format = "0.000" if kind == "readings" else "0.0"
        sheet.column_dimensions[cell.column_letter].width = item.width
    sheet.freeze_panes = "A2"

    notes = book.create_sheet("Пояснения")
    for number, text in enumerate(("Столбец", "Обязательный", "Что писать"), start=1):
        write_cell(notes, 1, number, text).font = bold
    for row, item in enumerate(sample, start=2):
        column = known[item.key]
        write_cell(notes, row, 1, column.synonyms[0])
        write_cell(notes, row, 2, "да" if column.required else "нет")
        write_cell(notes, row, 3, item.explanation).alignment = Alignment(wrap_text=True)
    last = len(sample) + 3
    write_cell(notes, last, 1, "Вторая строка листа «{0}» — пример: замените её своими данными. "
                               "Порядок столбцов можно менять, лишние столбцы программа "
                               "пропускает.".format(title))
    notes.column_dimensions["A"].width = 34
    notes.column_dimensions["B"].width = 14
    notes.column_dimensions["C"].width = 70
    save_workbook(book, out)
    return Path(out)
