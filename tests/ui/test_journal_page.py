"""The journal page on the demo database: colours, filters, counts, sorting, export."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from keys import press, type_text
from words import requests_word
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.journal import Status
from tsj_desk.services.journal import (
    JOURNAL_EXPORT_HEADERS,
    JournalFilter,
    RequestInput,
    count_requests,
    list_requests,
    register_request,
)
from ui.journal.model import JournalModel
from ui.journal.page import JournalPage, counts_text, requests_text

from tests.conftest import NOW, TODAY


def due_today_request() -> str:
    """The demo has no request due today: one received yesterday, answered within a day."""
    return register_request(RequestInput(
        category="public_info", received_at=datetime(2026, 11, 23, 10, 0),
        applicant="Гостев Павел", text="Где опубликован отчёт правления?"),
        now=datetime(2026, 11, 23, 10, 5))


def show(qtbot, page: JournalPage) -> JournalPage:
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, demo):
    return show(qtbot, JournalPage())


def hue(brush) -> int:
    return brush.color().hsvHue()


def test_every_deadline_state_has_its_colour_and_the_legend_explains_it(qtbot, demo):
    due_today_request()
    page = show(qtbot, JournalPage())
    model = page.model
    first: dict[DeadlineStatus, int] = {}
    for r in range(model.rowCount()):
        first.setdefault(model.row_at(r).state, r)
    assert set(first) == set(DeadlineStatus)

    def cell(state, column=0, role=Qt.ItemDataRole.BackgroundRole):
        return model.index(first[state], column).data(role)

    # red, orange, yellow tints, dark text on them
    assert hue(cell(DeadlineStatus.OVERDUE)) in range(0, 10) or hue(cell(DeadlineStatus.OVERDUE)) > 350
    assert hue(cell(DeadlineStatus.DUE_TODAY)) in range(20, 40)
    assert hue(cell(DeadlineStatus.DUE_NEXT)) in range(45, 60)
    for state in (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_TODAY, DeadlineStatus.DUE_NEXT):
        assert cell(state, role=Qt.ItemDataRole.ForegroundRole).color().lightness() < 60
    # how late, in the deadline's own unit: the demo's emergency of this morning (due
    # 08:30) by the minute at the clock's 12:00, a deadline in days by the day
    overdue_rows = [r for r in range(model.rowCount()) if model.row_at(r).state is DeadlineStatus.OVERDUE]
    in_hours = next(r for r in overdue_rows if model.row_at(r).due_at is not None)
    in_days = next(r for r in overdue_rows if model.row_at(r).due_at is None)
    late = NOW - model.row_at(in_hours).due_at
    assert late == timedelta(hours=3, minutes=30)
    assert model.index(in_hours, JournalModel.DUE).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Просрочено на 3 ч 30 мин")
    assert model.index(in_days, JournalModel.DUE).data(Qt.ItemDataRole.ToolTipRole).startswith(
        f"Просрочено на {(TODAY - model.row_at(in_days).due_date).days} д")
    # answered late: no tint, grey text, a mark and the delay in the answer column
    late = model.row_at(first[DeadlineStatus.ANSWERED_LATE])
    assert cell(DeadlineStatus.ANSWERED_LATE) is None
    grey = cell(DeadlineStatus.ANSWERED_LATE, role=Qt.ItemDataRole.ForegroundRole).color()
    assert grey.hsvSaturation() < 30 and 80 < grey.lightness() < 160
    assert cell(DeadlineStatus.ANSWERED_LATE, JournalModel.ANSWER, Qt.ItemDataRole.DisplayRole) == \
        f"{late.answered_on:%d.%m.%Y} ⚠"
    assert cell(DeadlineStatus.ANSWERED_LATE, JournalModel.ANSWER, Qt.ItemDataRole.ToolTipRole).startswith(
        "Ответ дан с опозданием на ")
    # on time and still open with time to spare: as any other row
    for state in (DeadlineStatus.ANSWERED_ON_TIME, DeadlineStatus.OPEN):
        assert cell(state) is None
        assert cell(state, role=Qt.ItemDataRole.ForegroundRole) is None
        assert "⚠" not in cell(state, JournalModel.ANSWER, Qt.ItemDataRole.DisplayRole)
    # the legend shows the same colours with their meaning
    legend = page.legend.swatches
    assert [legend[s].text() for s in legend] == [
        "просрочено", "срок сегодня", "срок в следующий рабочий день", "⚠ отвечено с опозданием"]
    for state, swatch in legend.items():
        brush = cell(state)
        colour = brush.color().name() if brush is not None else \
            cell(state, role=Qt.ItemDataRole.ForegroundRole).color().name()
        assert colour in swatch.styleSheet()
        assert swatch.isVisible()


def test_lowercase_text_finds_capitalised_and_yo(page, qtbot):
    expected = count_requests(JournalFilter(text="горячая"), today=NOW)
    assert 0 < expected < page.model.rowCount()
    page.filter.setFocus()
    type_text(page.filter, "горячая вода еле теплая")  # the demo writes «тёплая»
    qtbot.waitUntil(lambda: page.model.rowCount() == expected)
    subjects = [r.subject for r in page.visible_requests()]
    assert subjects and all(s == "Горячая вода еле тёплая" for s in subjects)
    total = count_requests(JournalFilter(), today=NOW)
    assert page.count_label.text().startswith(f"Показано {expected} обращени")
    assert f"из {total}" in page.count_label.text()
    assert page.reset_button.isEnabled()
    page.reset_button.click()
    assert page.filter.text() == ""
    assert page.model.rowCount() == total


def test_filter_by_status_category_channel_premise_and_checkboxes(page, qtbot):
    category = page.category.findData("maintenance")
    page.category.setCurrentIndex(category)
    maintenance = count_requests(JournalFilter(categories=("maintenance",)), today=NOW)
    assert page.model.rowCount() == maintenance > 0
    assert {r.category_code for r in page.visible_requests()} == {"maintenance"}
    page.status.setCurrentIndex(page.status.findText("Без ответа"))
    assert all(r.status.is_open for r in page.visible_requests())
    page.reset_filter()
    page.channel.setCurrentIndex(page.channel.findText("ГИС ЖКХ"))
    assert {r.channel.label for r in page.visible_requests()} == {"ГИС ЖКХ"}
    page.reset_filter()
    premise = page.visible_requests()[0].premise_number
    type_text(page.premise, premise)
    qtbot.waitUntil(lambda: {r.premise_number for r in page.visible_requests()} == {premise})
    page.reset_filter()

    page.overdue.click()
    overdue = page.visible_requests()
    assert overdue and all(r.state is DeadlineStatus.OVERDUE for r in overdue)
    assert page.count_label.text().endswith(f"; просрочено {len(overdue)}")
    page.due_this_week.click()  # the two exclude each other
    assert not page.overdue.isChecked()
    week = page.visible_requests()
    assert all(TODAY <= r.due_date <= date(2026, 11, 29) and r.status.is_open for r in week)


def test_apply_filter_from_the_summary_and_reset(page):
    page.apply_filter(JournalFilter(overdue=True))
    assert page.overdue.isChecked()
    overdue = count_requests(JournalFilter(overdue=True), today=NOW)
    total = count_requests(JournalFilter(), today=NOW)
    assert page.count_label.text() == f"Показано {overdue} {requests_word(overdue)} из {total}; просрочено {overdue}"
    due_today_request()
    page.apply_filter(JournalFilter(due_today=True))
    assert not page.overdue.isChecked()
    assert page.extra_label.text() == "Также: срок сегодня"
    due_today = count_requests(JournalFilter(due_today=True), today=NOW)
    assert due_today >= 2  # the demo's own and the one just registered
    assert [r.state for r in page.visible_requests()] == [DeadlineStatus.DUE_TODAY] * due_today
    page.apply_filter(JournalFilter(received_from=date(2026, 11, 1), received_to=TODAY,
                                    statuses=(Status.REGISTERED.value, Status.ANSWERED.value)))
    assert page.extra_label.text() == ("Также: статусы: Зарегистрировано, Ответ дан, "
                                       "поступило с 01.11.2026 по 24.11.2026")
    assert {r.status for r in page.visible_requests()} <= {Status.REGISTERED, Status.ANSWERED}
    page.reset_button.click()
    assert page.extra_label.text() == "" and not page.extra_label.isVisible()
    assert page.count_label.text().startswith("Всего ")
    assert not page.reset_button.isEnabled()


def click_header(qtbot, page, section):
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def shown_dates(page, rows=8) -> list[date]:
    return [datetime.strptime(page.model.index(r, JournalModel.DUE).data()[:10], "%d.%m.%Y").date()
            for r in range(rows)]


def test_sorting_by_deadline_shows_the_earliest_first_then_the_latest(page, qtbot):
    every_due = sorted(r.due_date for r in list_requests(JournalFilter(), today=NOW))
    page.table.horizontalHeader().setSortIndicator(JournalModel.DUE, Qt.SortOrder.AscendingOrder)
    assert shown_dates(page) == every_due[:8]
    click_header(qtbot, page, JournalModel.DUE)  # and back
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_dates(page) == every_due[::-1][:8]
    assert page.model.sort_key == "due_date" and page.model.descending


def test_sort_order_is_remembered_with_the_column_widths(qtbot, demo):
    first = show(qtbot, JournalPage())
    first.table.horizontalHeader().setSortIndicator(JournalModel.APPLICANT, Qt.SortOrder.AscendingOrder)
    first.table.horizontalHeader().resizeSection(JournalModel.SUBJECT, 333)
    second = show(qtbot, JournalPage())
    assert second.model.sort_key == "applicant" and not second.model.descending
    assert second.table.horizontalHeader().sectionSize(JournalModel.SUBJECT) == 333
    names = [second.model.row_at(r).applicant for r in range(5)]
    assert names == sorted(names)


@pytest.mark.parametrize(("shown", "total", "overdue", "filtered", "text"), [
    (331, 331, 14, False, "Всего 331 обращение; просрочено 14"),
    (1, 21, 0, True, "Показано 1 обращение из 21"),
    (2, 21, 1, True, "Показано 2 обращения из 21; просрочено 1"),
    (5, 21, 0, True, "Показано 5 обращений из 21"),
    (11, 21, 0, True, "Показано 11 обращений из 21"),
    (22, 104, 0, True, "Показано 22 обращения из 104"),
    (0, 104, 0, True, "Ничего не найдено (всего 104 обращения)"),
    (0, 0, 0, False, "Всего 0 обращений"),
])
def test_counts_text_plural_forms(shown, total, overdue, filtered, text):
    assert counts_text(shown, total, overdue, filtered) == text


def test_counts_label_on_a_journal_of_21_requests(qtbot, db):
    names = ["Альфа"] + ["Бета"] * 2 + ["Гамма"] * 5 + ["Дельта"] * 13
    for n, name in enumerate(names):
        received = datetime(2026, 11, 2, 9, n) if n == 0 else datetime(2026, 11, 20, 9, n)
        register_request(RequestInput(category="maintenance", received_at=received,
                                      applicant=f"{name} Иван", text="Течёт кран"), now=received)
    page = show(qtbot, JournalPage())
    assert page.count_label.text() == "Всего 21 обращение; просрочено 1"
    for typed, text in (("альфа", "Показано 1 обращение из 21; просрочено 1"),
                        ("бета", "Показано 2 обращения из 21"),
                        ("гамма", "Показано 5 обращений из 21"),
                        ("щщщ", "Ничего не найдено (всего 21 обращение)")):
        page.filter.clear()
        type_text(page.filter, typed)
        qtbot.waitUntil(lambda text=text: page.count_label.text() == text)


def test_export_writes_the_filtered_rows_in_the_order_shown(page, qtbot, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    out = tmp_path / "журнал"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    page.category.setCurrentIndex(page.category.findData("maintenance"))
    page.table.horizontalHeader().setSortIndicator(JournalModel.DUE, Qt.SortOrder.AscendingOrder)
    shown = page.visible_requests()
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    written = Path(f"{out}.xlsx")
    assert told == [f"В файл записано {requests_text(len(shown))}:\n{written}"]
    sheet = load_workbook(written).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Журнал регистрации обращений"
    header = rows.index(JOURNAL_EXPORT_HEADERS)
    assert JOURNAL_EXPORT_HEADERS == ("№", "Дата поступления", "Заявитель", "Помещение", "Категория",
                                      "Содержание", "Срок ответа", "Дата ответа", "Результат",
                                      "Просрочка (дней)")
    data = rows[header + 1:]
    assert [r[0] for r in data] == [r.reg_no for r in shown]
    assert {r[4] for r in data} == {"Об услугах и работах по содержанию общего имущества"}
    late = {r.reg_no: r.days_late for r in shown if r.days_late}
    assert late and {r[0]: r[9] for r in data if r[9]} == late


def test_enter_and_double_click_open_the_card(page, qtbot, monkeypatch):
    from ui.journal.request_card import RequestCardDialog

    opened = []
    monkeypatch.setattr(RequestCardDialog, "open_for",
                        classmethod(lambda cls, parent, reg_no: opened.append(reg_no) or False))
    assert not page.open_button.isEnabled()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    first = page.model.row_at(0).reg_no
    type_text(page.filter, first)
    press(page.filter, Qt.Key.Key_Return)  # filter now and go to the table
    assert [r.reg_no for r in page.visible_requests()] == [first]
    assert page.table.hasFocus() and page.open_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    rect = page.table.visualRect(page.model.index(0, 2))
    # a double click is a click and a second press (QTest's mouseDClick sends only the second)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [first, first]


def test_ctrl_n_registers_from_another_page_and_shows_the_new_request(main_window, qtbot, monkeypatch):
    from ui.journal.request_dialog import RequestDialog

    def ask(cls, parent, **kwargs):
        return register_request(RequestInput(category="other", received_at=datetime(2026, 11, 24, 9, 0),
                                             applicant="Новиков Пётр", text="Вопрос о парковке"),
                                now=datetime(2026, 11, 24, 9, 1))

    monkeypatch.setattr(RequestDialog, "ask", classmethod(ask))
    main_window.show_page("register")
    qtbot.keyClick(main_window.page("register").filter, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_key() == "journal"
    journal = main_window.page("journal")
    assert journal.selected_request().applicant == "Новиков Пётр"
    total = count_requests(JournalFilter(), today=NOW)
    assert journal.count_label.text().startswith(f"Всего {total} ")


def test_a_database_problem_while_scrolling_is_told_once(page, qtbot, monkeypatch):
    from tsj_desk.domain.errors import DatabaseProblem
    from ui import errors
    from ui.journal import model as model_module

    told = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: told.append(exc.message))

    def locked(*args, **kwargs):
        raise DatabaseProblem("База данных занята другой программой. Повторите через минуту.")

    monkeypatch.setattr(model_module, "list_requests", locked)
    page.model.refresh()  # nothing fetched yet: the next paint asks the service
    page.table.viewport().repaint()
    qtbot.waitUntil(lambda: bool(told))
    assert told == ["База данных занята другой программой. Повторите через минуту."]
    assert page.model.index(0, JournalModel.NUMBER).data() is None  # an empty page, no crash
    assert not page.model.pages.short  # and no recount, which would fail and tell it again
    with qtbot.waitSignal(page.model.failed, timeout=300, raising=False) as again:
        page.table.viewport().repaint()
    assert not again.signal_triggered and len(told) == 1


def test_an_emergency_turns_overdue_on_the_open_journal_when_its_half_hour_runs_out(qtbot, demo,
                                                                                     fixed_clock):
    fixed_clock.moment = datetime(2026, 11, 24, 10, 5)
    reg_no = register_request(RequestInput(
        category="emergency", received_at=datetime(2026, 11, 24, 10, 0), applicant="Сидорова Анна",
        text="Затопление с верхнего этажа"), now=datetime(2026, 11, 24, 10, 1))  # due 10:30
    page = show(qtbot, JournalPage())
    resets = []
    page.model.modelReset.connect(lambda: resets.append(fixed_clock.moment))

    def state() -> DeadlineStatus:
        return next(r.state for r in page.visible_requests() if r.reg_no == reg_no)

    assert state() is DeadlineStatus.DUE_TODAY
    fixed_clock.moment = datetime(2026, 11, 24, 10, 20)
    page.check_clock()  # nothing passed: the journal is not read again
    assert state() is DeadlineStatus.DUE_TODAY and resets == []
    fixed_clock.moment = datetime(2026, 11, 24, 10, 40)
    page.check_clock()
    assert state() is DeadlineStatus.OVERDUE and resets == [datetime(2026, 11, 24, 10, 40)]
    assert page.filter.text() == "" and "просрочено" in page.count_label.text().lower()
