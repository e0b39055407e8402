"""«Поверка»: the meters due within N days and the owners' letters, made on the worker."""

from __future__ import annotations

from datetime import date

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tsj_desk.services import readings
from ui import colors
from ui.readings.texts import meters_text
from ui.readings.verification_dialog import VerificationDialog

TODAY = date(2026, 11, 24)


def docx_text(path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_list_follows_the_days_and_expired_ones_are_red(qtbot, demo):
    dialog = VerificationDialog()
    qtbot.addWidget(dialog)
    due = readings.verification_due(today=TODAY, within_days=60)
    assert dialog.days.value() == 60 and dialog.model.rowCount() == len(due) > 0
    expired = [r for r in range(dialog.proxy.rowCount()) if dialog.proxy.row_at(r).days_left < 0]
    coming = [r for r in range(dialog.proxy.rowCount()) if dialog.proxy.row_at(r).days_left > 0]
    assert expired and coming
    assert dialog.proxy.index(expired[0], 0).data(Qt.ItemDataRole.BackgroundRole) == colors.background(
        colors.Tone.ERROR)
    assert dialog.proxy.index(expired[0], 5).data().startswith("истекла ")
    assert dialog.proxy.index(coming[0], 5).data().startswith("через ")
    assert dialog.count_label.text() == f"{meters_text(len(due))}, из них истекла: {len(expired)}"
    dialog.days.setValue(0)
    assert dialog.model.rowCount() == len(readings.verification_due(today=TODAY, within_days=0)) == len(expired)
    assert not dialog.letters_button.isEnabled()  # nothing chosen


def test_letters_for_the_chosen_rows_one_per_premise(qtbot, demo, tmp_path, monkeypatch):
    dialog = VerificationDialog()
    qtbot.addWidget(dialog)
    dialog.table.selectAll()
    chosen = dialog.selected_rows()
    assert len(chosen) == dialog.model.rowCount()
    assert dialog.letters_button.text() == f"Письма собственникам ({len(chosen)})…"
    monkeypatch.setattr(VerificationDialog, "ask_folder", staticmethod(lambda parent: tmp_path / "письма"))
    with qtbot.waitSignal(dialog.letters_written, timeout=30_000) as written:
        dialog.letters_button.click()
    paths = written.args[0]
    premises = {r.premise_number for r in chosen if r.premise_number != "ОДПУ"}
    assert len(paths) == len(premises) and all(p.is_file() for p in paths)
    assert f"Подготовлено {len(paths)} " in dialog.status.text() and "Открыть папку" in dialog.status.text()
    for row in chosen[:5]:
        text = docx_text(tmp_path / "письма" / f"Уведомление о поверке, пом. {row.premise_number}.docx")
        assert row.serial in text and row.next_verification.strftime("%d.%m.%Y") in text
        assert row.owners.split("; ")[0] in text
        assert "{{" not in text


def test_a_failure_is_told_and_nothing_is_left_half_done(qtbot, demo, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    dialog = VerificationDialog()
    qtbot.addWidget(dialog)
    dialog.days.setValue(400)  # the demo's ОДПУ are verified until 01.09.2027
    odpu = [r for r in range(dialog.proxy.rowCount()) if dialog.proxy.row_at(r).premise_number == "ОДПУ"]
    dialog.table.selectRow(odpu[0])
    monkeypatch.setattr(VerificationDialog, "ask_folder", staticmethod(lambda parent: tmp_path / "письма"))
    with qtbot.waitSignal(dialog.letters_failed, timeout=30_000):
        dialog.letters_button.click()
    assert len(warnings) == 1 and "ОДПУ" in warnings[0]
    assert list((tmp_path / "письма").glob("*.docx")) == []
