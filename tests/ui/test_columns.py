"""Column widths by one rule (ui/tables.py): text columns take the spare width, dates
and numbers fit their content; what the user sets is remembered per table."""

from __future__ import annotations

from shown_page import show_page

from ui.journal.model import JournalModel
from ui.journal.page import JournalPage
from ui.register.model import PremisesModel
from ui.register.page import RegisterPage


def shown(qtbot, page, width: int, height: int = 700):
    return show_page(qtbot, page, width=width, height=height)


def widths(view) -> list[int]:
    header = view.horizontalHeader()
    return [header.sectionSize(n) for n in range(header.count())]


def test_at_1366_the_journal_gives_names_and_subjects_the_room_and_dates_their_size(qtbot, demo):
    page = shown(qtbot, JournalPage(), 1366)
    size = widths(page.table)
    m = JournalModel
    for text in (m.APPLICANT, m.CATEGORY, m.SUBJECT):
        assert size[text] > size[m.ANSWER] and size[text] > size[m.DUE] - 10
    assert size[m.APPLICANT] > size[m.ANSWER]
    # the columns fill the view, no horizontal scrolling
    assert sum(size) <= page.table.viewport().width()
    assert not page.table.horizontalScrollBar().isVisible()
    # a date column holds its whole content
    metrics = page.table.fontMetrics()
    assert size[m.DUE] >= metrics.horizontalAdvance("24.11.2026 10:30")
    assert size[m.ANSWER] >= metrics.horizontalAdvance("24.11.2026 ⚠")


def test_a_wider_window_widens_the_text_columns_only(qtbot, demo):
    page = shown(qtbot, JournalPage(), 1366)
    narrow = widths(page.table)
    page.resize(1600, 800)
    qtbot.waitUntil(lambda: widths(page.table) != narrow)
    wide = widths(page.table)
    m = JournalModel
    for fitted in (m.NUMBER, m.RECEIVED, m.PREMISE, m.DUE, m.STATUS, m.LATE, m.ANSWER):
        assert wide[fitted] == narrow[fitted]
    for text in (m.APPLICANT, m.CATEGORY, m.SUBJECT):
        assert wide[text] > narrow[text]


def test_the_register_gives_the_owners_the_width_not_the_mark(qtbot, demo):
    page = shown(qtbot, RegisterPage(), 1366)
    size = widths(page.table)
    assert size[PremisesModel.OWNERS] > 2 * size[PremisesModel.FLAG]
    metrics = page.table.fontMetrics()
    assert size[PremisesModel.FLAG] >= metrics.horizontalAdvance("доли не распределены")


def test_widths_and_order_set_by_the_user_come_back_when_the_table_opens_again(qtbot, demo):
    page = shown(qtbot, JournalPage(), 1366)
    header = page.table.horizontalHeader()
    header.resizeSection(JournalModel.SUBJECT, 377)  # as a drag of the column's edge does
    header.moveSection(header.visualIndex(JournalModel.STATUS), 1)  # the status next to the number
    page.close()

    again = shown(qtbot, JournalPage(), 1600)  # another window size: the user's widths stay
    header = again.table.horizontalHeader()
    assert header.sectionSize(JournalModel.SUBJECT) == 377
    assert header.visualIndex(JournalModel.STATUS) == 1
    assert again.table.column_fitter.manual

    again.table.column_fitter.reset()  # «Ширина столбцов по содержимому»
    assert header.visualIndex(JournalModel.STATUS) == JournalModel.STATUS
    assert header.sectionSize(JournalModel.SUBJECT) != 377
    assert sum(widths(again.table)) == again.table.viewport().width()


def test_a_table_whose_columns_changed_starts_from_the_rule(qtbot, demo):
    from ui.settings import settings

    page = shown(qtbot, JournalPage(), 1366)
    page.table.horizontalHeader().resizeSection(JournalModel.SUBJECT, 377)
    page.close()
    settings().setValue("tables/journal/columns", "№|Поступило|Заявитель")  # saved by an older version
    again = shown(qtbot, JournalPage(), 1366)
    assert not again.table.column_fitter.manual
    assert again.table.horizontalHeader().sectionSize(JournalModel.SUBJECT) != 377


def test_a_column_the_page_hides_leaves_the_rule_in_force(qtbot, demo):
    page = shown(qtbot, JournalPage(), 1366)
    before = widths(page.table)
    page.table.setColumnHidden(JournalModel.LATE, True)  # as the readings grid hides Т2 and Т3
    assert not page.table.column_fitter.manual
    qtbot.waitUntil(lambda: widths(page.table)[JournalModel.SUBJECT] > before[JournalModel.SUBJECT])
    shown_widths = [w for n, w in enumerate(widths(page.table)) if n != JournalModel.LATE]
    assert sum(shown_widths) == page.table.viewport().width()  # the text columns took its room
