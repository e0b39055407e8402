"""«Обзвон» in the window: the list written from the export dialog, the results checked
(a row per line, the bad one in red) and then brought in, the call in the owner's card."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook, load_workbook

from tsj_desk.services.registry import premise_card
from tsj_desk.storage.models import Reading
from ui import colors
from ui.calls.export_dialog import CallExportDialog
from ui.calls.results_dialog import CallResultsDialog
from ui.register.person_dialog import PersonDialog

from tests.core.test_call_lists import NOVEMBER, house  # noqa: F401 - the base of four flats


def export(qtbot, tmp_path, *, campaign: str, csv: bool = False) -> CallExportDialog:
    dialog = CallExportDialog(None)
    qtbot.addWidget(dialog)
    dialog.campaign.setCurrentIndex(dialog.campaign.findData(campaign))
    dialog.csv.setChecked(csv)
    target = tmp_path / ("список.csv" if csv else "список.xlsx")
    dialog.ask_path = lambda suggested: target
    dialog.export()
    return dialog


def test_the_export_dialog_writes_the_list_and_tells_who_was_left_out(qtbot, house, tmp_path):  # noqa: F811
    dialog = export(qtbot, tmp_path, campaign="readings")
    assert dialog.written == tmp_path / "список.xlsx"
    sheet = load_workbook(dialog.written).active
    assert [sheet.cell(r, 5).value for r in (2, 3)] == ["1", "2"]
    text = dialog.outcome.text()
    assert "В списке 2 звонка; без телефона — 1 помещение (не вошли в список)." in text
    assert "Не вошло: пом. 3 (Власов Игорь Олегович) — нет телефона." in text
    # the debt's threshold is asked only for the debt campaign
    assert not dialog.min_sum.isVisibleTo(dialog)
    dialog.campaign.setCurrentIndex(dialog.campaign.findData("debt"))
    assert dialog.min_sum.isVisibleTo(dialog)


def test_a_visit_without_known_premises_is_refused_in_the_form(qtbot, house, tmp_path):  # noqa: F811
    dialog = CallExportDialog(None)
    qtbot.addWidget(dialog)
    dialog.campaign.setCurrentIndex(dialog.campaign.findData("visit"))
    dialog.premises.setText("1-2, 99")
    dialog.ask_path = lambda suggested: tmp_path / "x.xlsx"
    dialog.export()
    assert dialog.problem.text() == "Нет таких помещений: № 99."
    assert dialog.written is None


def test_results_are_checked_then_brought_in_and_shown_on_the_owners_card(qtbot, house, tmp_path):  # noqa: F811
    ids, meters = house
    exported = export(qtbot, tmp_path, campaign="readings")
    first, second = exported.calls.rows
    book = Workbook()
    book.active.append(["Код строки", "Дозвонились", "Показания"])
    book.active.append([first.row_id, "да", "ГВС 44"])
    book.active.append([second.row_id, "да", "ХВС 50"])  # below the 100 of October
    book.save(tmp_path / "итоги.xlsx")

    dialog = CallResultsDialog(None, tmp_path / "итоги.xlsx")
    qtbot.addWidget(dialog)
    lines = dialog.model.rows()
    assert [(line.row, line.error) for line in lines] == [(2, False), (3, True)]
    assert lines[0].text == "Обзвон «Показания», пом. 1, дозвонились, продиктованы показания: 1"
    assert "меньше предыдущего" in lines[1].text
    assert dialog.model.tone(lines[1]) is colors.Tone.ERROR
    assert not Reading.select().where(Reading.period == NOVEMBER, Reading.source == "phone").exists()

    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert dialog.report.saved == 1
    assert "Строки с ошибками не записаны" in dialog.summary.text()
    assert [r.meter_id for r in Reading.select().where(Reading.period == NOVEMBER,
                                                      Reading.source == "phone")] == [meters["1g"]]

    owner = premise_card(ids["1"]).current[0]
    card = PersonDialog(None, owner.id, owner.person_id)
    qtbot.addWidget(card)
    assert card.calls.text() == "24.11.2026 — Обзвон «Показания», пом. 1, дозвонились, продиктованы показания: 1"


def test_the_owner_card_flags_a_phone_that_cannot_be_dialled(qtbot, house):  # noqa: F811
    ids, _ = house
    owner = premise_card(ids["3"]).current[0]
    card = PersonDialog(None, owner.id, owner.person_id)
    qtbot.addWidget(card)
    assert card.phone.text() == "12-34"
    assert card.phone_flag.isVisibleTo(card)
    assert card.phone_flag.text() == "Телефон «12-34» не распознан (ожидается +7XXXXXXXXXX): сохранён как написан."
    card.phone.setText("8 916 123-45-67")
    assert not card.phone_flag.isVisibleTo(card)


def test_a_call_reads_in_the_change_log_as_on_the_card(qtbot, house, tmp_path):  # noqa: F811
    from tsj_desk.services.audit import list_audit
    from ui.audit.details import describe_entry

    first = export(qtbot, tmp_path, campaign="readings").calls.rows[0]
    book = Workbook()
    book.active.append(["Код строки", "Дозвонились"])
    book.active.append([first.row_id, "нет"])
    book.save(tmp_path / "итоги.xlsx")
    dialog = CallResultsDialog(None, tmp_path / "итоги.xlsx")
    qtbot.addWidget(dialog)
    dialog.import_button.click()
    [entry] = [describe_entry(row) for row in list_audit(entity="person") if row.action == "call"]
    assert (entry.action_text, entry.details_text) == ("звонок", "Обзвон «Показания», пом. 1, не дозвонились")


def test_a_visit_list_from_an_announced_visit(qtbot, house, tmp_path):  # noqa: F811
    from datetime import datetime

    from tsj_desk.services.announcements import AnnouncementInput, create_announcement
    from tests.conftest import NOW

    create_announcement(AnnouncementInput(
        kind="visit", starts_at=datetime(2026, 12, 3, 10, 0), ends_at=datetime(2026, 12, 3, 14, 0),
        work="verification", premises="1, 2"), now=NOW)
    dialog = CallExportDialog(None)
    qtbot.addWidget(dialog)
    dialog.campaign.setCurrentIndex(dialog.campaign.findData("visit"))
    assert dialog.announcement.count() == 2 and dialog.premises.isVisibleTo(dialog)
    dialog.announcement.setCurrentIndex(1)
    assert not dialog.premises.isVisibleTo(dialog)  # the announcement names the premises
    dialog.ask_path = lambda suggested: tmp_path / "визит.xlsx"
    dialog.export()
    assert [(r.premise, r.due) for r in dialog.calls.rows] == [("1", date(2026, 12, 3)), ("2", date(2026, 12, 3))]
