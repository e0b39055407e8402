"""The act dialog: prefilled from a demo request, typed, saved, reopened, printed, PDF."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from keys import clear_and_type, press, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from tsj_desk.documents.templates import SHIPPED_TEMPLATES_DIR
from tsj_desk.services import acts, pdf
from tsj_desk.services.journal import JournalFilter, list_requests, request_card
from tsj_desk.services.letters import templates_dir
from ui import errors
from ui.acts import printing
from ui.acts.act_dialog import ActDialog, kind_for_category
from ui.acts.model import EditableRowsModel

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 15, 30)
FLOOD = "Затопление с верхнего этажа"


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture(autouse=True)
def saved_where_offered(monkeypatch, tmp_path):
    """The save dialog of a new act answers with the file name it offers, in the test's folder."""
    monkeypatch.setattr(ActDialog, "ask_act_path", lambda self, suggested: tmp_path / suggested.name)


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch):
    """A dialog left with typed changes is closed by the test's teardown without asking."""
    monkeypatch.setattr(ActDialog, "confirm_discard", lambda self: QMessageBox.StandardButton.Discard)


@pytest.fixture
def messages(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(errors, "show_message", lambda parent, text: said.append(text))
    return said


@pytest.fixture
def opened(monkeypatch):
    files: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: files.append(Path(url.toLocalFile())) or True)
    return files


@pytest.fixture
def flood(demo) -> str:
    """A demo request about a flood from the flat above (with an applicant and a premise)."""
    return list_requests(JournalFilter(text=FLOOD), today=TODAY, limit=1)[0].reg_no


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def dialog_for(qtbot, **kwargs) -> ActDialog:
    dialog = ActDialog(None, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def value(dialog: ActDialog, name: str) -> str:
    return dialog._value(name)


def test_opened_from_a_demo_request_the_header_is_prefilled(qtbot, flood):
    card = request_card(flood)
    dialog = dialog_for(qtbot, reg_no=flood, kind="damage")
    assert value(dialog, "org_name") == "ТСЖ «Лесная, 5»"
    assert "ул. Лесная, д. 5" in value(dialog, "address")
    assert value(dialog, "premise_no") == card.premise_number != ""
    assert value(dialog, "owner_name") == card.applicant
    assert value(dialog, "request_no") == flood
    assert value(dialog, "request_received") == card.received_at.strftime("%d.%m.%Y %H:%M")
    assert value(dialog, "rep_name") == "Орлова Марина Викторовна"
    assert (value(dialog, "act_date"), value(dialog, "act_time")) == ("24.11.2026", "15:30")
    assert value(dialog, "city") == "Коломна"
    # the representative and the owner sign from their fields: nobody types them again
    assert dialog.participants_model.values() == []
    assert dialog.items_box.isVisibleTo(dialog)
    assert dialog.number_label.text() == "Номер будет присвоен при сохранении"
    assert dialog.windowTitle() == f"Новый акт по обращению № {flood}"
    assert not dialog.open_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.focusWidget() is dialog.edits["event_date"]  # typing starts with the act's own fields
    assert not dialog.is_dirty()


def test_typing_the_fields_and_saving_makes_act_001_with_the_typed_text(qtbot, flood):
    dialog = dialog_for(qtbot, reg_no=flood, kind="damage")
    type_text(dialog.edits["event_date"], "23.11.2026")
    type_text(dialog.edits["event_time"], "22:40")
    type_text(dialog.edits["damage_description"], "Потолок кухни в жёлтых пятнах, обои отошли")
    type_text(dialog.edits["cause"], "Лопнул шланг подводки ХВС в кв. 17")
    type_text(dialog.edits["witnesses"], "Сидоров П. А.")
    items = dialog.items_model
    dialog.items.add_button.click()
    for column, text in enumerate(("Потолок кухни", "пятна", "3,5 кв. м")):
        items.setData(items.index(0, column), text)
    participants = dialog.participants_model
    dialog.participants.add_button.click()
    participants.setData(participants.index(0, 0), "Слесарь-сантехник")
    participants.setData(participants.index(0, 1), "Ковалёв Дмитрий Сергеевич")
    dialog.participants.add_button.click()  # a row left empty is not printed
    assert dialog.is_dirty()
    dialog.save_button.click()

    act = dialog.act()
    assert act is not None and act.number == f"{NOW.year}-001" and act.kind == "damage"
    assert act.reg_no == flood and act.premise_number == value(dialog, "premise_no")
    text = text_of(act.file)
    for typed in ("23.11.2026 22:40", "Потолок кухни в жёлтых пятнах, обои отошли",
                  "Лопнул шланг подводки ХВС в кв. 17", "Сидоров П. А.", "3,5 кв. м",
                  "Ковалёв Дмитрий Сергеевич", "№ 2026-001", "ТСЖ «Лесная, 5»"):
        assert typed in text, typed
    assert "{{" not in text
    assert act.file.name == "Акт о причинении ущерба № 2026-001 от 24.11.2026.docx"
    signatures = docx.Document(str(act.file)).tables[-1]
    # the representative, the applicant, the culprit left blank (a row to sign by hand),
    # the witness typed above and the plumber
    assert len(signatures.rows) == 1 + 5
    assert signatures.rows[3].cells[1].text == "Причинитель вреда"
    assert [a.number for a in acts.list_acts(reg_no=flood)] == ["2026-001"]
    assert dialog.number_label.text() == "№ 2026-001"
    assert dialog.windowTitle() == "Акт № 2026-001 — О причинении ущерба"
    assert "Акт № 2026-001 сохранён" in dialog.notice.text()
    assert dialog.open_button.isEnabled() and dialog.print_button.isEnabled()
    assert not dialog.kind_combo.isEnabled() and not dialog.is_dirty()


def test_reopening_and_editing_regenerates_with_the_same_number(qtbot, flood, opened):
    fields = acts.demo_act_fields("utility_quality", acts.prefill("utility_quality", reg_no=flood, now=NOW))
    made = acts.create_act("utility_quality", fields, now=NOW, reg_no=flood)
    dialog = dialog_for(qtbot, act_id=made.id)
    assert dialog.kind() == "utility_quality" and not dialog.kind_combo.isEnabled()
    assert value(dialog, "service") == "Горячее водоснабжение"
    assert not dialog.items_box.isVisibleTo(dialog)
    assert len(dialog.participants_model.values()) == 1  # the engineer; the others sign from their fields
    clear_and_type(dialog.edits["service"], "Отопление")
    assert dialog.number_label.text() == "№ 2026-001 — есть несохранённые изменения"
    dialog.open_button.click()  # saves first, then opens the file
    assert opened == [made.file]
    assert not dialog.is_dirty()
    again = dialog.act()
    assert again.id == made.id and again.number == made.number and again.file == made.file
    assert "Коммунальная услуга: Отопление" in text_of(made.file)
    assert [a.number for a in acts.list_acts()] == ["2026-001"]
    assert acts.get_act(made.id).fields["service"] == "Отопление"


def test_changing_the_kind_keeps_the_header_and_swaps_the_own_fields(qtbot, flood):
    dialog = dialog_for(qtbot, reg_no=flood, kind="damage")
    type_text(dialog.edits["witnesses"], "Сидоров П. А.")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("maintenance_quality"))
    assert dialog.kind() == "maintenance_quality"
    assert "service" in dialog.edits and "damage_description" not in dialog.edits
    assert not dialog.items_box.isVisibleTo(dialog)
    assert value(dialog, "witnesses") == "Сидоров П. А."
    assert "items" not in dialog.fields()
    assert dialog.title_label.text().startswith("Акт о нарушении качества")
    dialog.save_button.click()
    assert dialog.act().kind == "maintenance_quality" and dialog.act().number == "2026-001"


def test_the_pdf_button_is_shown_only_when_libreoffice_is_found(qtbot, flood, monkeypatch):
    monkeypatch.setattr(pdf, "find_libreoffice", lambda: None)
    assert not dialog_for(qtbot, reg_no=flood).pdf_button.isVisibleTo(None)
    monkeypatch.setattr(pdf, "find_libreoffice", lambda: Path("/usr/bin/soffice"))
    assert dialog_for(qtbot, reg_no=flood).pdf_button.isVisibleTo(None)


def test_save_as_pdf_runs_in_the_worker(qtbot, flood, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "find_libreoffice", lambda: Path("/usr/bin/soffice"))
    converted = []

    def fake_save_as_pdf(document, target, *, cancel=None):
        converted.append((document, target))
        Path(target).write_bytes(b"%PDF-1.4")
        return Path(target)

    monkeypatch.setattr(pdf, "save_as_pdf", fake_save_as_pdf)
    dialog = dialog_for(qtbot, reg_no=flood)
    monkeypatch.setattr(dialog, "ask_pdf_path", lambda suggested: tmp_path / "акт.pdf")
    dialog.save_button.click()
    dialog.pdf_button.click()
    qtbot.waitUntil(lambda: dialog.job() is None, timeout=5000)
    assert converted == [(dialog.act().file, tmp_path / "акт.pdf")]
    assert dialog.notice.text() == f"Акт № 2026-001 сохранён в PDF: {tmp_path / 'акт.pdf'}"


def test_printing_says_when_it_is_not_available(qtbot, flood, messages, monkeypatch):
    monkeypatch.setattr(printing.sys, "platform", "linux")
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    dialog = dialog_for(qtbot, reg_no=flood)
    dialog.save_button.click()
    dialog.print_button.click()
    assert len(messages) == 1 and "Печать из программы недоступна" in messages[0]
    assert dialog.job() is None


def test_printing_sends_the_pdf_to_lp_in_as_many_copies_as_the_act_says(qtbot, flood, monkeypatch):
    monkeypatch.setattr(printing.sys, "platform", "linux")
    monkeypatch.setattr(printing.shutil, "which", lambda name: "/usr/bin/lp" if name == "lp" else None)
    monkeypatch.setattr(pdf, "find_libreoffice", lambda: Path("/usr/bin/soffice"))

    def fake_to_pdf(files, out_dir, **kwargs):
        made = Path(out_dir) / (Path(files[0]).stem + ".pdf")
        made.write_bytes(b"%PDF-1.4")
        return [made]

    commands = []

    class Done:
        returncode, stdout, stderr = 0, "request id is office-1", ""

    monkeypatch.setattr(pdf, "to_pdf", fake_to_pdf)
    monkeypatch.setattr(printing.subprocess, "run", lambda args, **kw: commands.append(args) or Done())
    dialog = dialog_for(qtbot, reg_no=flood)
    clear_and_type(dialog.edits["copies"], "3")
    dialog.print_button.setEnabled(True)  # saved first by the button itself
    dialog.print_file()
    qtbot.waitUntil(lambda: dialog.job() is None, timeout=5000)
    assert dialog.act() is not None
    assert len(commands) == 1
    assert commands[0][:3] == ["/usr/bin/lp", "-n", "3"] and commands[0][-1].endswith(".pdf")
    assert "отправлен на принтер по умолчанию (3 экз.)" in dialog.notice.text()


def test_a_user_template_with_an_unknown_field_is_named_and_nothing_is_saved(qtbot, flood, messages):
    folder = templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    document = docx.Document(str(SHIPPED_TEMPLATES_DIR / "act_damage.docx"))
    document.add_paragraph("Фаза луны: {{ lunar_phase }}")
    document.save(str(folder / "act_damage.docx"))
    dialog = dialog_for(qtbot, reg_no=flood, kind="damage")
    dialog.save_button.click()
    assert len(messages) == 1
    assert "lunar_phase" in messages[0] and "act_damage.docx" in messages[0]
    assert dialog.act() is None and acts.list_acts() == []
    # the other kinds still use the shipped templates
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("utility_quality"))
    dialog.save_button.click()
    assert dialog.act() is not None and len(messages) == 1


def test_an_empty_act_is_filled_from_a_request_number(qtbot, flood):
    card = request_card(flood)
    dialog = dialog_for(qtbot)
    assert value(dialog, "request_no") == "" and value(dialog, "org_name") == "ТСЖ «Лесная, 5»"
    type_text(dialog.edits["request_no"], flood)
    dialog.fill_request_no_button.click()
    assert value(dialog, "owner_name") == card.applicant
    assert value(dialog, "premise_no") == card.premise_number
    assert all(row["name"] != card.applicant for row in dialog.participants_model.values())
    dialog.save_button.click()
    assert dialog.act().reg_no == flood


def test_an_unknown_request_number_is_said(qtbot, demo, messages):
    dialog = dialog_for(qtbot)
    type_text(dialog.edits["request_no"], "2026-9999")
    dialog.fill_request_no_button.click()
    assert messages == ["Обращение № 2026-9999 не найдено."]
    assert ActDialog.ask(None, reg_no="2026-9999") is None
    assert messages[-1] == "Обращение № 2026-9999 не найдено."


def test_closing_with_unsaved_changes_asks_first(qtbot, flood, monkeypatch):
    dialog = dialog_for(qtbot, reg_no=flood)
    dialog.reject()  # nothing typed: closes at once
    assert not dialog.isVisible()
    dialog = dialog_for(qtbot, reg_no=flood)
    type_text(dialog.edits["witnesses"], "Сидоров П. А.")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(dialog, "confirm_discard", lambda: answers.pop(0))
    dialog.reject()
    assert dialog.isVisible() and dialog.act() is None
    dialog.reject()
    assert not dialog.isVisible() and dialog.act().number == "2026-001"


def test_the_kind_for_a_request_category():
    assert kind_for_category("emergency") == "damage"
    assert kind_for_category("utility_quality") == "utility_quality"
    assert kind_for_category("maintenance") == "maintenance_quality"
    assert kind_for_category("other") == "damage"


def test_editable_rows_model_passes_modeltester(qtmodeltester):
    model = EditableRowsModel((("role", "Участник"), ("name", "Ф. И. О.")))
    model.set_values([{"role": "Представитель", "name": "Орлова М. В."}, {"role": "", "name": ""}])
    qtmodeltester.check(model, force_py=True)
    assert model.insertRows(1, 2) and model.rowCount() == 4
    assert model.setData(model.index(1, 1), "  Ковалёв Д. С. ")
    assert model.removeRows(3, 1) and not model.removeRows(5, 1)
    qtmodeltester.check(model, force_py=True)
    assert model.values() == [{"role": "Представитель", "name": "Орлова М. В."},
                              {"role": "", "name": "Ковалёв Д. С."}]


def test_opened_from_a_premise_the_owner_comes_from_the_register(qtbot, demo):
    dialog = dialog_for(qtbot, premise_number="27", kind="maintenance_quality")
    owner = value(dialog, "owner_name")
    assert value(dialog, "premise_no") == "27" and owner
    assert value(dialog, "request_no") == ""
    assert dialog.windowTitle() == "Новый акт"
    dialog.save_button.click()
    act = dialog.act()
    assert act.premise_number == "27" and act.reg_no == "" and act.fields["owner_name"] == owner


def test_tab_goes_from_the_acts_own_fields_to_the_items_and_on_to_save(qtbot, flood):
    dialog = dialog_for(qtbot, reg_no=flood, kind="damage")
    dialog.activateWindow()

    def after_tab(widget):
        widget.setFocus()
        press(widget, Qt.Key.Key_Tab)
        return dialog.focusWidget()

    edits = dialog.edits
    assert after_tab(edits["event_date"]) is edits["event_time"]
    assert after_tab(edits["event_time"]) is edits["culprit"]
    assert after_tab(edits["culprit"]) is edits["damage_description"]
    assert after_tab(edits["cause"]) is dialog.items.view
    assert after_tab(edits["notes"]) is dialog.participants.view
    assert after_tab(edits["refusal_witness2"]) is dialog.save_button
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("utility_quality"))
    qtbot.waitUntil(lambda: dialog.edits["check_time"].isVisible())  # new fields show on the next turn
    assert after_tab(dialog.edits["check_date"]) is dialog.edits["check_time"]
    assert after_tab(dialog.edits["methods"]) is dialog.edits["notes"]  # no damaged items here
