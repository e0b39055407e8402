"""Owner registers in other people's layouts: header spellings, text under the table,
joint ownership marks, ЕГРН document cells, common-property shares and votes.

Each file is built here the way the office's file is laid out (titles and merged cells
included), imported into a real base, and the base is asked what it holds.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from openpyxl import Workbook

from tsj_desk.domain.errors import ImportRejected
from tsj_desk.domain.text import header_key
from tsj_desk.importers.registry import parse_registry_file
from tsj_desk.services import organization
from tsj_desk.services.registry import import_registry, preview_registry
from tsj_desk.storage.models import Ownership, Person, Premise

from tests.conftest import NOW, TODAY


def make_book(path, rows, merges=()):
    """An .xlsx with ``rows`` from A1 and the cell ranges ``merges`` merged."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def in_base() -> dict[str, list[tuple]]:
    """Premise number → (owner, share, joint, ЕГРН number, ЕГРН date) of each open ownership."""
    result: dict[str, list[tuple]] = {}
    query = (Ownership.select(Ownership, Premise, Person).join(Premise).switch(Ownership).join(Person)
             .order_by(Ownership.id))
    for o in query:
        result.setdefault(o.premise.number, []).append((
            o.person.name, Fraction(o.share_num, o.share_den), o.joint_group is not None,
            o.egrn_number, o.egrn_date))
    return result


def owners(base: dict[str, list[tuple]]) -> dict[str, list[tuple[str, Fraction, bool]]]:
    return {number: [(o[0], o[1], o[2]) for o in rows] for number, rows in base.items()}


def messages(problems) -> list[str]:
    return [p.message for p in problems]


# ---------------------------------------------------------------- header spellings


@pytest.mark.parametrize(("premise", "owner"), [
    ("№ пом.", "Ф.И.О."),
    ("№ кв.", "ФИО собственника"),
    ("N кв., помещения", "Фамилия, имя, отчество собственника"),
    ("Номер квартиры (помещения)", "Ф.И.О."),
    ("№кв.", "Фамилия, имя, отчество собственника"),
])
def test_header_spellings_of_other_offices(db, tmp_path, premise, owner):
    path = make_book(tmp_path / "реестр.xlsx", [
        [premise, "Площадь, кв. м", owner, "Доля"],
        [1, 44.0, "Жуков Пётр Саввич", "1"],
        [2, 58.3, "Зорина Алла Ивановна", "1/2"],
        [2, 58.3, "Зорин Игорь Павлович", "1/2"],
    ])
    report = import_registry(path, now=NOW, backup=False)
    assert (report.rows, report.valid, report.imported) == (3, 3, 3)
    assert owners(in_base()) == {
        "1": [("Жуков Пётр Саввич", 1, False)],
        "2": [("Зорина Алла Ивановна", Fraction(1, 2), False),
              ("Зорин Игорь Павлович", Fraction(1, 2), False)],
    }


@pytest.mark.parametrize(("a", "b"), [
    ("N кв.", "№ кв."), ("No. кв.", "№ кв."), ("N° пом.", "№ пом."), ("№пом.", "№ пом."),
    ("N п/п", "№ п/п"),
])
def test_a_latin_n_or_a_glued_sign_is_the_number_sign(a, b):
    assert header_key(a) == header_key(b)


@pytest.mark.parametrize("text", ["Name", "Номер", "Наименование"])
def test_words_that_begin_with_n_stay_words(text):
    assert "№" not in header_key(text)


# ---------------------------------------------------------------- text under the table


def test_totals_footnotes_and_signatures_are_not_premises(db, tmp_path):
    """The register of a meeting as a chairman prints it: a title, a table with a merged
    premise cell, a total line, a footnote and the signatures under it."""
    path = make_book(tmp_path / "реестр.xlsx", [
        ["Реестр собственников помещений"],
        [],
        ["№ п/п", "№ кв.", "Площадь, кв. м", "ФИО собственника", "Доля в праве"],
        [1, 1, 44, "Жуков Пётр Саввич", "1"],
        [2, 2, 58.3, "Ильина Софья Марковна", "1*"],
        [3, None, None, "Ильин Марк Семёнович", "1*"],
        [4, 3, 36.9, "Ершов Олег Ильич", "1"],
        [None, "Итого", 139.2, None, None],
        [],
        ["* — общая совместная собственность (по выписке из ЕГРН)"],
        ["Председатель правления ТСЖ «Лесная, 5»", None, "__________", "/ Иванов И. И. /"],
        ["Секретарь собрания", None, "__________", "/ Петрова А. А. /"],
    ], merges=["B5:B6", "C5:C6", "A10:E10"])
    parsed = preview_registry(path, today=TODAY)
    assert parsed.errors == []
    assert parsed.data_rows == 4
    import_registry(path, now=NOW, backup=False)
    assert owners(in_base()) == {
        "1": [("Жуков Пётр Саввич", 1, False)],
        "2": [("Ильина Софья Марковна", 1, True), ("Ильин Марк Семёнович", 1, True)],
        "3": [("Ершов Олег Ильич", 1, False)],
    }
    assert sorted(p.number for p in Premise.select()) == ["1", "2", "3"]
    assert not Person.select().where(Person.name.contains("Иванов И")).exists()


def test_a_line_to_sign_on_in_every_owner_row_is_no_signature_under_the_table(db, tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", "Доля", "Подпись"],
        [1, "Иванов Иван Иванович", "1", "__________"],
        [2, "Петрова Анна Сергеевна", "1", "__________"],
        [],
        ["Председатель собрания", "__________ / Сидоров С. С.", None, None],
    ])
    report = import_registry(path, now=NOW, backup=False)
    assert (report.rows, report.imported, report.errors, report.warnings) == (2, 2, [], [])
    assert owners(in_base()) == {"1": [("Иванов Иван Иванович", 1, False)],
                                 "2": [("Петрова Анна Сергеевна", 1, False)]}


def test_a_total_line_of_numbers_without_a_word_is_not_a_premise(db, tmp_path):
    """Sums under the table: the number of premises in the premise column, the area."""
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ помещения", "Площадь", "Собственник", "Доля"],
        [1, 40, "Иванов Иван Иванович", "1"],
        [2, 50.5, "Петрова Анна Сергеевна", "1"],
        [2, 90.5, None, None],
    ])
    parsed = preview_registry(path, today=TODAY)
    assert parsed.errors == []
    import_registry(path, now=NOW, backup=False)
    assert sorted(in_base()) == ["1", "2"]


def test_a_premise_without_an_owner_is_an_error_even_when_its_area_is_the_sum_above(tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ помещения", "Площадь", "Собственник", "Доля"],
        [1, 40, "Иванов Иван Иванович", "1"],
        [2, 50.5, "Петрова Анна Сергеевна", "1"],
        [3, 90.5, None, None],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert [(e.row, e.message) for e in parsed.errors] == [(4, "не указан собственник.")]


def test_an_owner_under_a_signature_is_not_read_but_reported(tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", "Доля"],
        [1, "Иванов Иван Иванович", "1"],
        ["Председатель правления", "________ / Сидоров С. С.", None],
        [7, "Орлов Олег Олегович", "1"],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert [r.owner for r in parsed.rows] == ["Иванов Иван Иванович"]
    assert parsed.errors == []
    [warning] = parsed.warnings
    assert warning.row == 4
    assert "таблица закончилась в строке 3" in warning.message and "не прочитаны (4)" in warning.message


def test_a_row_after_an_empty_row_does_not_inherit_the_premise(db, tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", "Доля"],
        [1, "Иванов Иван Иванович", "1/2"],
        [None, "Иванова Анна Петровна", "1/2"],
        [],
        [None, "Сидоров Семён Семёнович", "1"],
    ])
    with pytest.raises(ImportRejected) as caught:
        import_registry(path, now=NOW, backup=False)
    assert [(e.row, e.column, e.message) for e in caught.value.errors] == [
        (5, "№ кв.", "не указан номер помещения.")]
    assert Ownership.select().count() == 0
    import_registry(path, now=NOW, backup=False, skip_invalid=True)
    assert owners(in_base()) == {"1": [("Иванов Иван Иванович", Fraction(1, 2), False),
                                       ("Иванова Анна Петровна", Fraction(1, 2), False)]}


# ---------------------------------------------------------------- joint ownership


@pytest.mark.parametrize(("cell", "fraction"), [
    ("общая совместная", 1), ("совместная", 1), ("совм.", 1), ("с/с", 1), ("1*", 1),
    ("1/2*", Fraction(1, 2)),
])
def test_joint_ownership_written_in_the_share_column(db, tmp_path, cell, fraction):
    rows = [["№ кв.", "ФИО собственника", "Доля"],
            [5, "Ильина Софья Марковна", cell],
            [5, "Ильин Марк Семёнович", cell]]
    if fraction != 1:
        rows.append([5, "Ильин Семён Маркович", "1/2"])
    import_registry(make_book(tmp_path / "реестр.xlsx", rows), now=NOW, backup=False)
    expected = [("Ильина Софья Марковна", fraction, True), ("Ильин Марк Семёнович", fraction, True)]
    if fraction != 1:
        expected.append(("Ильин Семён Маркович", Fraction(1, 2), False))
    assert owners(in_base()) == {"5": expected}


# ---------------------------------------------------------------- document cells


def test_document_cells_give_the_egrn_record_its_date_and_the_right(db, tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", "Документ, подтверждающий право собственности"],
        [1, "Жуков Пётр Саввич", "№ 78:14:0007501:1234-78/011/2016-3, 2016-03-04, Собственность"],
        [2, "Ильина Софья Марковна",
         "№ 78:14:0007501:1235-78/011/2012-1, 2012-12-19, Общая совместная собственность"],
        [2, "Ильин Марк Семёнович",
         "№ 78:14:0007501:1235-78/011/2012-1, 2012-12-19, Общая совместная собственность"],
        [3, "Ершов Олег Ильич", "Выписка из ЕГРН, № 99/2021/387654321 от 12.03.2021"],
        [4, "Орлова Ольга Павловна",
         "Общая долевая собственность, 1/3, № 78:14:0007501:1237-78/011/2019-2 от 01.07.2019"],
        [4, "Орлов Павел Ильич",
         "Общая долевая собственность, 2/3, № 78:14:0007501:1237-78/011/2019-3 от 01.07.2019"],
        [5, "Лебедев Лев Львович", "Договор купли-продажи от 01.02.2010"],
    ])
    parsed = preview_registry(path, today=TODAY)
    assert parsed.errors == []
    import_registry(path, now=NOW, backup=False)
    assert in_base() == {
        "1": [("Жуков Пётр Саввич", 1, False, "78:14:0007501:1234-78/011/2016-3", date(2016, 3, 4))],
        "2": [("Ильина Софья Марковна", 1, True, "78:14:0007501:1235-78/011/2012-1", date(2012, 12, 19)),
              ("Ильин Марк Семёнович", 1, True, "78:14:0007501:1235-78/011/2012-1", date(2012, 12, 19))],
        "3": [("Ершов Олег Ильич", 1, False, "99/2021/387654321", date(2021, 3, 12))],
        "4": [("Орлова Ольга Павловна", Fraction(1, 3), False, "78:14:0007501:1237-78/011/2019-2",
               date(2019, 7, 1)),
              ("Орлов Павел Ильич", Fraction(2, 3), False, "78:14:0007501:1237-78/011/2019-3",
               date(2019, 7, 1))],
        # a contract is no ЕГРН record: neither its date nor a number is taken for one
        "5": [("Лебедев Лев Львович", 1, False, None, None)],
    }


@pytest.mark.parametrize("title", ["Документ", "Правоустанавливающий документ",
                                   "Сведения о регистрации права",
                                   "Номер и дата регистрации права"])
def test_document_columns_under_their_other_names(db, tmp_path, title):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", title],
        [1, "Жуков Пётр Саввич", "Выписка из ЕГРН, № 78:14:0007501:1234-78/011/2016-3 от 04.03.2016"],
    ])
    import_registry(path, now=NOW, backup=False)
    assert in_base() == {"1": [("Жуков Пётр Саввич", 1, False, "78:14:0007501:1234-78/011/2016-3",
                                date(2016, 3, 4))]}


def test_a_contract_in_the_document_cell_gives_only_the_record_registered_after_it(tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", "Правоустанавливающий документ"],
        [1, "Жуков Пётр Саввич",
         "Договор купли-продажи № 12 от 01.02.2010, запись регистрации № 50:34:1:5-50/034/2010-1 от 05.02.2010"],
        [2, "Зорина Алла Ивановна", "Договор купли-продажи № 14 от 03.03.2011"],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert parsed.problems == []
    assert [(r.egrn_number, r.egrn_date) for r in parsed.rows] == [
        ("50:34:1:5-50/034/2010-1", date(2010, 2, 5)), (None, None)]


def test_an_impossible_date_in_a_document_cell_is_an_error_of_its_row(tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", "Документ"],
        [1, "Жуков Пётр Саввич", "Выписка из ЕГРН, № 99/2021/1 от 31.02.2021"],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "Документ")]
    assert "31.02.2021" in parsed.errors[0].message and "не распознана" in parsed.errors[0].message


def test_a_document_naming_shared_ownership_without_shares_asks_for_them(tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", "Вид права"],
        [1, "Орлова Ольга Павловна", "Общая долевая"],
        [1, "Орлов Павел Ильич", "Общая долевая"],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert [(e.row, e.message) for e in parsed.errors] == [
        (2, "у помещения 1 несколько собственников — укажите долю каждого."),
        (3, "у помещения 1 несколько собственников — укажите долю каждого.")]


# ---------------------------------------------------------------- common property


def test_a_common_property_share_column_is_not_the_owners_share(db, tmp_path):
    """A register for a meeting: the share in the house's common property (ЖК РФ ст. 37)
    next to the owner's share of the premise. Areas 40 + 60 + 100 = 200 m²."""
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь, кв. м", "ФИО собственника",
         "Доля в праве общей собственности на общее имущество", "Доля в праве собственности на помещение"],
        [1, 40, "Жуков Пётр Саввич", "0,2", "1"],
        [2, 60, "Зорина Алла Ивановна", "0,15", "1/2"],
        [2, 60, "Зорин Игорь Павлович", "0,15", "1/2"],
        [3, 100, "Ершов Олег Ильич", "0,5", "1"],
    ])
    parsed = preview_registry(path, today=TODAY)
    assert parsed.errors == []
    assert [(w.row, w.column) for w in parsed.warnings] == [
        (1, "Доля в праве общей собственности на общее имущество")]
    assert "общее имущество дома (ЖК РФ ст. 37), а не доля собственника в помещении" in parsed.warnings[0].message
    import_registry(path, now=NOW, backup=False)
    assert owners(in_base()) == {
        "1": [("Жуков Пётр Саввич", 1, False)],
        "2": [("Зорина Алла Ивановна", Fraction(1, 2), False), ("Зорин Игорь Павлович", Fraction(1, 2), False)],
        "3": [("Ершов Олег Ильич", 1, False)],
    }


def test_a_common_share_out_of_proportion_to_the_area_is_pointed_at(tmp_path):
    """Areas 40, 60, 100, 50 (250 m²): shares 0,16 0,24 0,4 0,2 — but premise 3 says 0,3."""
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь", "Собственник", "Доля в общем имуществе"],
        [1, 40, "Жуков Пётр Саввич", 0.16],
        [2, 60, "Зорина Алла Ивановна", 0.24],
        [3, 100, "Ершов Олег Ильич", 0.3],
        [4, 50, "Орлов Павел Ильич", 0.2],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert parsed.errors == []
    off = [w for w in parsed.warnings if w.row != 1]
    assert [(w.row, w.column) for w in off] == [(4, "Доля в общем имуществе")]
    assert "не пропорциональна его площади" in off[0].message and "0,4000" in off[0].message


def test_share_values_adding_up_to_one_over_the_house_are_common_property(db, tmp_path):
    """«Доля» with 0,2 + 0,3 + 0,5 over three flats of 40, 60 and 100 m²: shares of the
    house, not of the flats; each flat has one owner, who holds it whole."""
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь", "Собственник", "Доля"],
        [1, 40, "Жуков Пётр Саввич", "0,2"],
        [2, 60, "Зорина Алла Ивановна", "0,3"],
        [3, 100, "Ершов Олег Ильич", "0,5"],
    ])
    parsed = preview_registry(path, today=TODAY)
    assert parsed.errors == []
    assert [w.column for w in parsed.warnings] == ["Доля"]
    assert parsed.warnings[0].message.startswith("значения в сумме по всему дому дают 1: это доля в праве "
                                                 "на общее имущество дома")
    import_registry(path, now=NOW, backup=False)
    assert owners(in_base()) == {"1": [("Жуков Пётр Саввич", 1, False)],
                                 "2": [("Зорина Алла Ивановна", 1, False)],
                                 "3": [("Ершов Олег Ильич", 1, False)]}


def test_common_shares_in_percent_over_the_house(tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь", "Собственник", "Доля"],
        [1, 40, "Жуков Пётр Саввич", 20],
        [2, 60, "Зорина Алла Ивановна", 30],
        [3, 100, "Ершов Олег Ильич", 50],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert parsed.errors == []
    assert [r.fraction for r in parsed.rows] == [1, 1, 1]
    assert "дают 100" in parsed.warnings[0].message


def test_owner_shares_of_a_small_register_are_not_taken_for_common_ones(tmp_path):
    """Three flats owned whole add up to 3, two halves to 1 per flat: owner shares."""
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Собственник", "Доля"],
        [1, "Жуков Пётр Саввич", "1"],
        [2, "Зорина Алла Ивановна", "1/2"],
        [2, "Зорин Игорь Павлович", "1/2"],
        [3, "Ершов Олег Ильич", "1"],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert parsed.problems == []
    assert [r.fraction for r in parsed.rows] == [1, Fraction(1, 2), Fraction(1, 2), 1]


def test_one_co_owner_of_each_flat_is_not_taken_for_shares_of_the_house(tmp_path):
    """A thirds of three flats add up to 1 over the house too, but they do not follow the
    areas (40, 60, 100 m²): these are owner shares, the rest of each flat not yet listed."""
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь", "Собственник", "Доля"],
        [1, 40, "Жуков Пётр Саввич", "1/3"],
        [2, 60, "Зорина Алла Ивановна", "1/3"],
        [3, 100, "Ершов Олег Ильич", "1/3"],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert [r.fraction for r in parsed.rows] == [Fraction(1, 3)] * 3
    assert [(w.row, w.message) for w in parsed.warnings] == [
        (row, f"сумма долей помещения {row - 1} равна 1/3: доли не распределены полностью.")
        for row in (2, 3, 4)]


# ---------------------------------------------------------------- votes


def test_shares_from_votes_when_the_register_has_no_share_column(db, tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь, кв. м", "ФИО собственника", "Количество голосов"],
        [1, 44, "Жуков Пётр Саввич", 44],
        [2, 61, "Зорина Алла Ивановна", 30.5],
        [2, 61, "Зорин Игорь Павлович", 30.5],
        [3, 61, "Ершова Ольга Ильинична", 20.33],
        [3, 61, "Ершов Олег Ильич", 20.33],
        [3, 61, "Ершов Илья Олегович", 20.34],
    ])
    parsed = preview_registry(path, today=TODAY)
    assert parsed.errors == []
    assert [(w.row, w.message) for w in parsed.warnings] == [
        (4, "доли собственников помещения 2 не указаны — вычислены из количества голосов и площади "
            "(61 м²): 1/2, 1/2."),
        (7, "доли собственников помещения 3 не указаны — вычислены из количества голосов и площади "
            "(61 м²): 1/3, 1/3, 1/3."),
    ]
    import_registry(path, now=NOW, backup=False)
    third = Fraction(1, 3)
    assert owners(in_base()) == {
        "1": [("Жуков Пётр Саввич", 1, False)],
        "2": [("Зорина Алла Ивановна", Fraction(1, 2), False), ("Зорин Игорь Павлович", Fraction(1, 2), False)],
        "3": [("Ершова Ольга Ильинична", third, False), ("Ершов Олег Ильич", third, False),
              ("Ершов Илья Олегович", third, False)],
    }


@pytest.mark.parametrize("title", ["Кол-во голосов", "Голоса", "Число голосов", "Количество голосов, кв. м"])
def test_votes_that_do_not_add_up_to_the_area_ask_for_the_shares(db, db_path, tmp_path, title):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь", "ФИО собственника", title],
        [1, 44, "Жуков Пётр Саввич", 44],
        [2, 61, "Зорина Алла Ивановна", 30],
        [2, 61, "Зорин Игорь Павлович", 20],
    ])
    with pytest.raises(ImportRejected) as caught:
        import_registry(path, now=NOW, backup=False)
    [error] = caught.value.errors
    assert (error.row, error.column) == (4, title)
    assert error.message == ("у помещения 2 несколько собственников, доли не указаны, а голоса "
                             "(30 + 20 = 50) не складываются в площадь помещения (61 м²). "
                             "Укажите долю каждого.")
    assert Ownership.select().count() == 0


def test_one_owner_with_votes_holds_the_whole_premise(db, tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь", "ФИО собственника", "Количество голосов"],
        [1, 44, "Жуков Пётр Саввич", 22],
    ])
    report = import_registry(path, now=NOW, backup=False)
    assert owners(in_base()) == {"1": [("Жуков Пётр Саввич", 1, False)]}
    assert [w.message for w in report.warnings] == [
        "у помещения 1 один собственник, но голосов 22 при площади 44 м²: записана доля 1. "
        "Если собственников больше, добавьте их строки с долями."]


def test_votes_in_per_cent_of_the_house_raise_no_doubt_about_sole_owners(tmp_path):
    """Votes as a per cent of the house (40 + 60 + 100 m² = 200 m²): 20, 30, 50 — below each
    area, yet no owner is missing."""
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Площадь", "ФИО собственника", "Количество голосов, %"],
        [1, 40, "Жуков Пётр Саввич", 20],
        [2, 60, "Зорина Алла Ивановна", 30],
        [3, 100, "Ершов Олег Ильич", 50],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert parsed.problems == []
    assert [r.fraction for r in parsed.rows] == [1, 1, 1]


def test_votes_without_an_area_ask_for_the_shares(tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "ФИО собственника", "Количество голосов"],
        [2, "Зорина Алла Ивановна", 30.5],
        [2, "Зорин Игорь Павлович", 30.5],
    ])
    parsed = parse_registry_file(path, today=TODAY)
    assert ["площади нет" in m and "Укажите долю каждого" in m for m in messages(parsed.errors)] == [True]


# ---------------------------------------------------------------- the address in the title


MOSCOW = "г. Москва, ул. Профсоюзная, д. 12, корп. 2"


@pytest.mark.parametrize("titles", [
    [f"Реестр собственников помещений в многоквартирном доме, расположенном по адресу: {MOSCOW}"],
    ["Приложение № 1",
     f"к протоколу № 3 внеочередного общего собрания собственников помещений в многоквартирном доме, "
     f"расположенном по адресу: {MOSCOW}, проводимого в форме очно-заочного голосования",
     "Реестр собственников помещений"],
    [f"Приложение № 1 к протоколу общего собрания собственников помещений в многоквартирном доме "
     f"по адресу: {MOSCOW}, от 01.11.2026 № 3"],
])
def test_the_address_in_a_longer_title_is_offered_for_the_house(db, tmp_path, titles):
    rows = [[t] for t in titles] + [[], ["№ п/п", "№ помещения", "Собственник: ФИО / Полное наименование и ОГРН",
                                         "Доля"], [1, 1, "Жуков Пётр Саввич", "1"]]
    path = make_book(tmp_path / "реестр.xlsx", rows, merges=[f"A{i + 1}:D{i + 1}" for i in range(len(titles))])
    parsed = preview_registry(path, today=TODAY)
    assert parsed.house_address == MOSCOW
    offer = organization.address_offer(parsed.house_address)
    import_registry(path, now=NOW, backup=False, house_address=offer.from_file)
    assert [h.address for h in organization.houses()] == [MOSCOW]
    assert owners(in_base()) == {"1": [("Жуков Пётр Саввич", 1, False)]}


def test_an_ogrn_written_in_the_owner_cell_goes_to_the_ogrn(db, tmp_path):
    path = make_book(tmp_path / "реестр.xlsx", [
        ["№ помещения", "ФИО / Полное наименование и ОГРН", "Доля"],
        ["Н1", "ООО «Ромашка», ОГРН 1027700132195", "1"],
    ])
    import_registry(path, now=NOW, backup=False)
    person = Person.get()
    assert (person.name, person.ogrn, person.is_legal) == ("ООО «Ромашка»", "1027700132195", True)


# ---------------------------------------------------------------- the Moscow sample form, by the command line


def test_the_moscow_form_through_the_command_line(tmp_path):
    """The Moscow sample form: the address in the title, «Собственник» merged over the name
    and the document, premise cells merged over co-owners, the owner's share next to the share
    in the common property, votes, the chairman's signature under the table."""
    import io
    import json
    from contextlib import redirect_stdout

    from tsj_desk.cli import main
    from tsj_desk.storage.database import close_database, open_database

    path = make_book(tmp_path / "Реестр (форма Москвы).xlsx", [
        ["Реестр собственников помещений в многоквартирном доме, расположенном по адресу: "
         "г. Москва, ул. Профсоюзная, д. 12"],
        [],
        ["№ п/п", "№ помещения", "Площадь помещения, кв. м", "Собственник", None,
         "Доля в праве собственности на помещение",
         "Доля в праве общей собственности на общее имущество", "Количество голосов"],
        [None, None, None, "ФИО / Полное наименование и ОГРН",
         "Реквизиты документа, подтверждающего право собственности", None, None, None],
        [1, 1, 40, "Жуков Пётр Саввич",
         "№ 77:06:0001001:101-77/011/2016-3, 2016-03-04, Собственность", "1", "0,2", 40],
        [2, 2, 60, "Зорина Алла Ивановна", "№ 77:06:0001001:102-77/011/2018-1 от 14.05.2018", "1/2",
         "0,15", 30],
        [3, None, None, "Зорин Игорь Павлович", "№ 77:06:0001001:102-77/011/2018-2 от 14.05.2018", "1/2",
         "0,15", 30],
        [4, 3, 100, "ООО «Ромашка», ОГРН 1027700132195", "Выписка из ЕГРН, № 99/2020/1 от 01.02.2020",
         "1", "0,5", 100],
        [],
        ["Председатель правления ТСЖ", None, "__________", "/ Иванов И. И. /"],
    ], merges=["A1:H1", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4", "H3:H4", "B6:B7", "C6:C7"])
    base = tmp_path / "cli.db"
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["import-registry", str(path), "--db", str(base), "--json"])
    assert code == 0
    payload = json.loads(out.getvalue())
    assert (payload["rows"], payload["valid"], payload["imported"], payload["errors"]) == (4, 4, 4, [])
    assert [w["column"] for w in payload["warnings"]] == ["Доля в праве общей собственности на общее имущество"]
    open_database(base)
    try:
        assert in_base() == {
            "1": [("Жуков Пётр Саввич", 1, False, "77:06:0001001:101-77/011/2016-3", date(2016, 3, 4))],
            "2": [("Зорина Алла Ивановна", Fraction(1, 2), False, "77:06:0001001:102-77/011/2018-1",
                   date(2018, 5, 14)),
                  ("Зорин Игорь Павлович", Fraction(1, 2), False, "77:06:0001001:102-77/011/2018-2",
                   date(2018, 5, 14))],
            "3": [("ООО «Ромашка»", 1, False, "99/2020/1", date(2020, 2, 1))],
        }
        assert Person.get(Person.name == "ООО «Ромашка»").ogrn == "1027700132195"
        assert not Premise.select().where(Premise.number.contains("Председатель")).exists()
    finally:
        close_database()


@pytest.mark.parametrize(("cell", "fraction", "joint"), [
    ("общая долевая, 1/3", Fraction(1, 3), False),
    ("Общая долевая собственность, доля в праве 1/4", Fraction(1, 4), False),
    ("Индивидуальная", 1, False),
    ("Собственность", 1, False),
    ("1/2 с/с", Fraction(1, 2), True),
    ("1/2**", Fraction(1, 2), True),
])
def test_the_share_cell_as_egrn_tools_and_offices_write_it(cell, fraction, joint):
    from tsj_desk.domain.shares import parse_share

    share = parse_share(cell)
    assert (share.fraction, share.joint, share.written) == (fraction, joint, True)


@pytest.mark.parametrize(("cell", "words"), [("общая долевая", "укажите размер доли"), ("*", "не распознана"),
                                              ("2*", "не больше 1")])
def test_a_share_cell_that_names_no_share_is_refused(cell, words):
    from tsj_desk.domain.errors import ValidationFailed
    from tsj_desk.domain.shares import parse_share

    with pytest.raises(ValidationFailed, match=words):
        parse_share(cell)
