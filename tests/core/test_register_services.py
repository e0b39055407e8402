"""Editing the register: owners, shares, sales with history, the export and its log."""

from datetime import date, datetime
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.register import REGISTER_HEADERS
from tsj_desk.services.disclosure import export_register, list_disclosures, sha256_of
from tsj_desk.services.registry import (
    OwnerInput,
    add_owner,
    edit_owner,
    import_registry,
    list_premises,
    premise_card,
    register_as_of,
    search_persons,
    transfer_ownership,
)
from tsj_desk.storage.models import AuditEntry

from tests.conftest import NOW, TODAY


@pytest.fixture
def merged(db, samples):
    import_registry(samples / "registry_merged.xlsx", now=NOW)
    return {p.number: p for p in list_premises()}


def test_owner_shares_cannot_exceed_one(merged):
    flat = merged["2"]  # three owners with 1/3 each
    with pytest.raises(ValidationFailed, match="больше 1"):
        add_owner(flat.id, OwnerInput("Новиков Олег", Fraction(1, 3)), now=NOW)
    assert len(premise_card(flat.id).current) == 3


def test_added_owner_fills_an_incomplete_premise(merged, db):
    flat = merged["1"]
    card = premise_card(flat.id)
    edit_owner(card.current[0].id, OwnerInput("Жуков Пётр Саввич", Fraction(1, 2)), now=NOW)
    assert [p.incomplete for p in list_premises("жуков")] == [True]
    add_owner(flat.id, OwnerInput("Жукова Анна Петровна", Fraction(1, 2)), valid_from=date(2026, 1, 10), now=NOW)
    assert [p.incomplete for p in list_premises("жуков")] == [False]
    assert AuditEntry.select().where(AuditEntry.entity == "ownership").count() == 2


def test_sale_keeps_history_and_register_on_any_date(merged):
    flat = merged["1"]
    seller = premise_card(flat.id).current[0]
    transfer_ownership(flat.id, [seller.id], [OwnerInput("Покупателев Илья Ильич")], on=date(2026, 6, 1), now=NOW)
    card = premise_card(flat.id)
    assert [o.owner for o in card.current] == ["Покупателев Илья Ильич"]
    assert [(o.owner, o.valid_to) for o in card.history] == [("Жуков Пётр Саввич", date(2026, 6, 1))]
    owners_before = [r.owner for r in register_as_of(date(2026, 5, 31)) if r.premise_number == "1"]
    owners_after = [r.owner for r in register_as_of(date(2026, 6, 1)) if r.premise_number == "1"]
    assert owners_before == ["Жуков Пётр Саввич"]
    assert owners_after == ["Покупателев Илья Ильич"]


def test_sale_before_the_seller_owned_is_refused(merged):
    flat = merged["1"]
    seller = premise_card(flat.id).current[0]
    with pytest.raises(ValidationFailed, match="раньше даты возникновения права"):
        transfer_ownership(flat.id, [seller.id], [OwnerInput("Икс Игрек")], on=date(2000, 1, 1), now=NOW)
    assert premise_card(flat.id).history == []


def test_person_search_finds_cyrillic_in_any_case(merged):
    assert [m.name for m in search_persons("зорин")] == [
        "Зорин Игорь Павлович", "Зорин Павел Игоревич", "Зорина Алла Ивановна"]
    assert search_persons("ЖУКОВ")[0].premises == "1"


def test_export_lists_every_ownership_with_correct_figures_and_logs_it(merged, tmp_path):
    out = tmp_path / "реестр.xlsx"
    result = export_register(out, as_of=TODAY, requested_by="Зорина А. И., собственник кв. 2",
                             purpose="созыв общего собрания", now=datetime(2026, 11, 24, 10, 0))
    sheet = load_workbook(out).active
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "№ помещения")
    assert tuple(sheet.cell(header_row, c).value for c in range(1, 12)) == REGISTER_HEADERS
    rows = {}
    for r in range(header_row + 1, header_row + 1 + result.rows):
        values = [sheet.cell(r, c).value for c in range(1, 12)]
        rows[values[3]] = values
    assert len(rows) == 7
    house = 44.0 + 58.3 + 36.9 + 95.0
    zorina = rows["Зорина Алла Ивановна"]
    assert zorina[5] == "1/3"
    assert zorina[6] == pytest.approx(58.3 / 3, abs=0.005)
    assert zorina[7] == pytest.approx(58.3 / 3 / house * 100, abs=0.00005)
    assert zorina[8] == pytest.approx(58.3 / 3, abs=0.005)
    assert zorina[9] == "50:34:0010203:72-50/034/2019-1"
    assert zorina[10].date() == date(2019, 6, 3)
    assert rows["Ильин Марк Семёнович"][5] == "совместная"
    company = rows["АО «Коломнаэнергосбыт»"]
    assert company[1] == "нежилое" and company[6] == 95.0
    log = list_disclosures()
    assert [(d.requested_by, d.rows, d.sha256, d.file_name) for d in log] == [
        ("Зорина А. И., собственник кв. 2", 7, sha256_of(out), "реестр.xlsx")]


def test_docx_export_holds_the_same_table(merged, tmp_path):
    from docx import Document

    out = tmp_path / "реестр.docx"
    export_register(out, as_of=TODAY, requested_by="Инициатор ОСС", purpose="ОСС",
                    now=datetime(2026, 11, 24, 10, 0))
    table = Document(str(out)).tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == REGISTER_HEADERS
    assert len(table.rows) == 1 + 7
    assert table.rows[1].cells[3].text == "Жуков Пётр Саввич"
    assert table.rows[1].cells[2].text == "44,00"


def test_export_without_purpose_is_refused_and_not_logged(merged, tmp_path):
    with pytest.raises(ValidationFailed, match="цель"):
        export_register(tmp_path / "r.xlsx", as_of=TODAY, requested_by="Кто-то", purpose=" ",
                        now=datetime(2026, 11, 24))
    assert list_disclosures() == []
    assert not (tmp_path / "r.xlsx").exists()
