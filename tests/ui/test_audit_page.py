"""«Журнал изменений»: the entries of an import and an owner change, the filters, and
no way to edit or delete an entry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from keys import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView

from tsj_desk.services import audit, registry
from tsj_desk.services.registry import OwnerInput
from ui.audit.model import AuditModel
from ui.audit.page import AuditPage, entries_text

from tests.conftest import NOW, TODAY


@pytest.fixture
def changed_base(tmp_path, samples):
    """A base filled from the register sample, then one premise sold to Иванов."""
    from tsj_desk.services.session import close_session, open_session

    open_session(tmp_path / "tsj.sqlite3", now=NOW)
    registry.import_registry(samples / "registry_simple.xlsx", now=NOW, backup=False)
    flat = next(p for p in registry.list_premises() if p.number == "2")
    sellers = [o.id for o in registry.premise_card(flat.id).current]
    registry.transfer_ownership(flat.id, sellers, [OwnerInput("ИВАНОВ Иван Иванович")], on=TODAY, now=NOW)
    yield flat
    close_session()


@pytest.fixture
def page(qtbot, changed_base):
    page = AuditPage()
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    return page


def column(page: AuditPage, col: int) -> list[str]:
    return [page.proxy.index(r, col).data() for r in range(page.proxy.rowCount())]


def test_the_page_shows_the_import_and_the_owner_change(qtbot, page, changed_base):
    entries = page.visible_entries()
    assert [e.action for e in entries] == ["transfer", "import"]  # newest first
    assert column(page, AuditModel.ACTION) == ["смена собственника", "загрузка"]
    assert column(page, AuditModel.OBJECT) == ["помещение 2", "реестр"]
    assert column(page, AuditModel.USER) == [audit.current_user()] * 2
    assert column(page, AuditModel.WHEN) == [f"{NOW:%d.%m.%Y %H:%M}"] * 2  # the moment of each change
    imported, sold = column(page, AuditModel.DETAILS)[1], column(page, AuditModel.DETAILS)[0]
    assert imported.startswith("файл: registry_simple.xlsx; строк: 10; новых помещений: 7")
    # the ownerships the sale closed and opened are named, not numbered; the date is Russian
    assert sold.startswith("дата: 24.11.2026; право прекращено: ")
    assert "право возникло: Иванов Иван Иванович" in sold
    assert "{" not in sold and "[" not in sold
    assert page.count_label.text() == "2 записи"
    assert [entries_text(n) for n in (1, 2, 5, 11, 21, 112)] == [
        "1 запись", "2 записи", "5 записей", "11 записей", "21 запись", "112 записей"]


def test_text_filter_is_cyrillic_and_case_insensitive(qtbot, page):
    type_text(page.filter, "иванов")
    assert [e.action for e in page.visible_entries()] == ["transfer"]
    assert page.count_label.text() == "1 запись из 2"
    page.filter.clear()
    type_text(page.filter, "СМЕНА СОБСТВЕННИКА")  # what the row shows is searched, not the codes
    assert [e.action for e in page.visible_entries()] == ["transfer"]
    page.filter.clear()
    type_text(page.filter, "нет такого")
    assert page.visible_entries() == []
    assert page.count_label.text() == "Ничего не найдено (всего 2 записи)"
    page.filter.clear()
    assert len(page.visible_entries()) == 2
    assert page.count_label.text() == "2 записи"


def test_object_type_and_period_filters(qtbot, page):
    labels = [page.entity.itemText(i) for i in range(page.entity.count())]
    assert labels[0] == "Все объекты"
    assert labels.count("Реестр") == 1  # «реестр» of imports and of hand-outs is one choice
    page.entity.setCurrentIndex(labels.index("Реестр"))
    assert [e.action for e in page.visible_entries()] == ["import"]
    page.entity.setCurrentIndex(labels.index("Помещение"))
    assert [e.action for e in page.visible_entries()] == ["transfer"]
    page.entity.setCurrentIndex(labels.index("Счётчик"))
    assert page.visible_entries() == []
    assert page.count_label.text() == "Ничего не найдено"
    page.entity.setCurrentIndex(0)
    assert len(page.visible_entries()) == 2

    today = TODAY
    page.set_period(today - timedelta(days=1), today + timedelta(days=1))
    assert page.period.isChecked() and page.since.isEnabled()
    assert len(page.visible_entries()) == 2
    page.set_period(date(2020, 1, 1), date(2020, 12, 31))
    assert page.visible_entries() == []
    page.period.setChecked(False)
    assert len(page.visible_entries()) == 2


def test_new_entries_appear_when_the_page_is_shown_again(qtbot, page, changed_base):
    card = registry.premise_card(changed_base.id)
    owner = card.current[0]
    registry.edit_owner(owner.id, OwnerInput("Иванов Иван Иванович", phone="+7 900 000-00-00"), now=NOW)
    page.page_shown()
    first = page.visible_entries()[0]
    assert first.action == "edit" and first.object_text == "собственность, пом. 2"
    assert "было: Иванов Иван Иванович, доля: 1" in first.details_text
    page.table.selectRow(0)
    assert "изменение: собственность, пом. 2" in page.current.text()


def test_nothing_on_the_page_edits_or_deletes_an_entry(qtbot, page):
    names = [b.text() for b in page.findChildren(QAbstractButton)]
    names += [a.text() for a in page.findChildren(QAction)]
    assert not [n for n in names if any(w in n.lower() for w in ("удал", "измен", "исправ", "очист"))]
    assert page.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert page.table.contextMenuPolicy() != Qt.ContextMenuPolicy.ActionsContextMenu
    for row in range(page.model.rowCount()):
        for col in range(page.model.columnCount()):
            assert not page.model.flags(page.model.index(row, col)) & Qt.ItemFlag.ItemIsEditable
    assert not page.model.setData(page.model.index(0, 4), "подделка")
    page.table.setFocus()
    page.table.selectRow(0)
    press(page.table, Qt.Key.Key_Delete)
    press(page.table, Qt.Key.Key_F2)
    page.page_shown()
    assert len(page.visible_entries()) == 2
    assert len(audit.list_audit()) == 2


def test_audit_model_passes_the_model_tester(qtmodeltester, page):
    model = AuditModel()
    model.set_rows(page.model.rows())
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(page.proxy, force_py=True)


@pytest.mark.demo_counts(reason="expects the count list_audit() reads by default, at most 5,000 entries; the page counts all 90,358 of the 100× base")
def test_keyboard_path_in_the_window(qtbot, main_window):
    page = main_window.show_page("audit")
    assert page.count_label.text() == entries_text(len(audit.list_audit()))  # read when shown
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    type_text(page.filter, "2026-0296")
    assert {e.object_text for e in page.visible_entries()} == {"обращение 2026-0296"}
    qtbot.keyClick(page.filter, Qt.Key.Key_Return)
    assert page.table.hasFocus() and page.selected_entry() is not None
    assert "обращение 2026-0296" in page.current.text()
