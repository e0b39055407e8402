"""Register import: the sample layouts, the rules, bad files, idempotence."""

import json
from datetime import date
from fractions import Fraction

import pytest
from openpyxl import Workbook

from tsj_desk.domain.errors import FileProblem, ImportRejected
from tsj_desk.importers.registry import parse_registry_file
from tsj_desk.services.registry import import_registry, list_premises, premise_card
from tsj_desk.storage.models import Ownership, Person, Premise

from tests.conftest import NOW, TODAY


def make_xlsx(path, rows, title=None):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_simple_sample_is_read_as_written(samples):
    parsed = parse_registry_file(samples / "registry_simple.xlsx", today=TODAY)
    assert parsed.errors == []
    assert parsed.data_rows == 10
    by_owner = {r.owner: r for r in parsed.rows}
    assert by_owner["Гусева Полина Артёмовна"].fraction == Fraction(1, 4)
    assert by_owner["Васильева Дарья Игоревна"].fraction == 1  # empty share: sole owner
    ermolaeva = by_owner["Ермолаева Вера Степановна"]  # surname in capitals, area "53,9" text
    assert str(ermolaeva.area) == "53.9"
    assert ermolaeva.egrn_date == date(2014, 10, 2)  # a date written as text
    shop = by_owner["ООО «Продукты у дома»"]
    assert shop.is_legal and shop.kind.value == "non_residential"


def test_merged_sample_expands_merged_cells_and_joint_ownership(samples):
    parsed = parse_registry_file(samples / "registry_merged.xlsx", today=TODAY)
    assert parsed.errors == []
    assert parsed.header_row == 3  # a title above the table
    zorins = [r for r in parsed.rows if r.owner.startswith("Зорин")]
    assert {r.premise_number for r in zorins} == {"2"}
    assert all(r.area == 58.3 or str(r.area) == "58.3" for r in zorins)
    ilyins = [r for r in parsed.rows if r.premise_number == "3"]
    assert all(r.joint for r in ilyins)
    assert ilyins[0].joint_group == ilyins[1].joint_group
    assert ilyins[0].egrn_number == "50:34:0010203:73-50/034/2012-1"
    assert ilyins[0].egrn_date == date(2012, 12, 19)
    assert parsed.rows[0].member is True


def test_sample_imports_and_second_import_creates_no_duplicates(db, samples):
    report = import_registry(samples / "registry_simple.xlsx", now=NOW)
    assert (report.rows, report.valid, report.imported) == (10, 10, 10)
    counts = (Premise.select().count(), Person.select().count(), Ownership.select().count())
    assert counts == (7, 10, 10)
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    assert (Premise.select().count(), Person.select().count(), Ownership.select().count()) == counts


def test_cyrillic_search_is_case_insensitive(db, samples):
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    found = list_premises("ермолаева")
    assert [p.number for p in found] == ["6"]
    assert [p.number for p in list_premises("гусев")] == ["4"]
    assert [p.number for p in list_premises("БЕЛКИН")] == ["2"]


HEADER = ["№ кв.", "Площадь, кв. м", "ФИО собственника", "Доля в праве", "Номер записи ЕГРН",
          "Дата гос. регистрации"]


@pytest.mark.parametrize(
    ("rows", "row", "column", "words"),
    [
        ([[1, "сорок", "Иванов Иван", "1", "x-1", "01.02.2020"]], 2, "Площадь, кв. м", "не число"),
        ([[1, 40, "Иванов Иван", "2/3", "x-1", "01.02.2020"],
          [1, 40, "Иванова Анна", "1/2", "x-2", "01.02.2020"]], 3, "Доля в праве", "больше 1"),
        ([[1, 40, "Иванов Иван", "две трети", "x-1", "01.02.2020"]], 2, "Доля в праве", "не распознана"),
        ([[1, 40, "Иванов Иван", "1", "x-1", "31.02.2020"]], 2, "Дата гос. регистрации", "не распознана"),
        ([[1, 40, "Иванов Иван", "1", "x-1", "01.02.2099"]], 2, "Дата гос. регистрации", "не наступила"),
        ([[1, 40, "", "1", "x-1", "01.02.2020"]], 2, "ФИО собственника", "не указан собственник"),
    ],
)
def test_bad_rows_name_row_and_column_and_change_nothing(db, base_snapshot, tmp_path, rows, row, column,
                                                         words):
    path = make_xlsx(tmp_path / "bad.xlsx", [HEADER, *rows], title="Реестр дома")
    row += 2  # the title and the empty line above the header
    before = base_snapshot()
    with pytest.raises(ImportRejected) as caught:
        import_registry(path, now=NOW)
    problems = [(e.row, e.column) for e in caught.value.errors]
    assert (row, column) in problems
    assert any(words in e.message for e in caught.value.errors)
    assert Ownership.select().count() == 0
    assert base_snapshot() == before


def test_skip_invalid_imports_the_good_rows(db, tmp_path):
    path = make_xlsx(tmp_path / "mixed.xlsx", [
        HEADER, [1, 40, "Иванов Иван", "1", "x-1", "01.02.2020"], [2, "много", "Петров Пётр", "1", "", ""]])
    report = import_registry(path, now=NOW, skip_invalid=True)
    assert (report.rows, report.valid, report.imported) == (2, 1, 1)
    assert [p.number for p in list_premises()] == ["1"]


def test_shares_above_one_together_with_the_database_are_refused(db, tmp_path):
    make_xlsx(tmp_path / "a.xlsx", [HEADER, [1, 40, "Иванов Иван", "1/2", "x-1", "01.02.2020"]])
    import_registry(tmp_path / "a.xlsx", now=NOW)
    make_xlsx(tmp_path / "b.xlsx", [HEADER, [1, 40, "Сидоров Олег", "2/3", "x-9", "01.02.2021"]])
    with pytest.raises(ImportRejected, match="больше 1"):
        import_registry(tmp_path / "b.xlsx", now=NOW)
    card = premise_card(list_premises()[0].id)
    assert [o.owner for o in card.current] == ["Иванов Иван"]


def test_not_an_excel_file_is_refused(db, base_snapshot, tmp_path):
    fake = tmp_path / "реестр.xlsx"
    fake.write_text("это не таблица", encoding="utf-8")
    before = base_snapshot()
    with pytest.raises(FileProblem, match="не является таблицей|повреждён"):
        import_registry(fake, now=NOW)
    assert base_snapshot() == before


def test_file_without_a_header_is_refused_with_what_is_missing(db, tmp_path):
    path = make_xlsx(tmp_path / "noheader.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(FileProblem, match="не найдена строка заголовков"):
        import_registry(path, now=NOW)


REGISTER_ROWS = [
    ["Реестр собственников"],
    [],
    ["Квартира", "Общая площадь", "Собственник", "Размер доли", "Номер и дата регистрации права"],
    ["1", "44,0", "Жуков Пётр Саввич", "1", "№ 50:34:1-50/034/2017-1 от 11.04.2017"],
    ["2", 58.3, "Зорина Алла Ивановна", "1/2", "№ 50:34:2-50/034/2019-1 от 03.06.2019"],
    ["2", 58.3, "ЗОРИН Игорь Павлович", "0,5", "№ 50:34:2-50/034/2019-2 от 03.06.2019"],
]


def write_xls(path, rows):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Реестр")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path, rows):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Реестр")
    for row in rows:
        table_row = TableRow()
        for value in row:
            if isinstance(value, float):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


@pytest.mark.parametrize("writer", [write_xls, write_ods], ids=["xls", "ods"])
def test_xls_and_ods_files_are_read(tmp_path, writer):
    suffix = ".xls" if writer is write_xls else ".ods"
    path = writer(tmp_path / f"реестр{suffix}", REGISTER_ROWS)
    parsed = parse_registry_file(path, today=TODAY)
    assert parsed.errors == []
    assert [(r.row, r.premise_number, r.owner, r.fraction) for r in parsed.rows] == [
        (4, "1", "Жуков Пётр Саввич", 1),
        (5, "2", "Зорина Алла Ивановна", Fraction(1, 2)),
        (6, "2", "Зорин Игорь Павлович", Fraction(1, 2)),
    ]
    assert parsed.rows[0].egrn_date == date(2017, 4, 11)


def test_cli_json_contract(tmp_path, samples):
    from tsj_desk.cli import main
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["import-registry", str(samples / "registry_merged.xlsx"),
                     "--db", str(tmp_path / "cli.db"), "--json"])
    assert code == 0
    payload = json.loads(out.getvalue())
    assert payload == {"rows": 7, "valid": 7, "imported": 7, "errors": [], "warnings": []}
