"""The journal model: qtmodeltester, pages fetched on demand, sorting done by the service."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.journal import Channel, Status
from tsj_desk.services import journal as journal_service
from tsj_desk.services.journal import JournalFilter, JournalRow, list_requests
from ui.journal import model as model_module
from ui.journal.model import JournalModel, PagedRows

TODAY = date(2026, 11, 24)


def loaded(page_size: int = model_module.PAGE_SIZE, flt: JournalFilter | None = None) -> JournalModel:
    model = JournalModel(page_size=page_size)
    model.set_filter(flt or JournalFilter(), today=TODAY)
    return model


def demo_total() -> int:
    return len(list_requests(JournalFilter(), today=TODAY))


def test_journal_model_passes_modeltester(qtmodeltester, demo):
    model = loaded(page_size=50)
    assert model.rowCount() == demo_total() > 300
    qtmodeltester.check(model, force_py=True)
    model.sort(JournalModel.DUE, Qt.SortOrder.AscendingOrder)
    model.set_filter(JournalFilter(text="горячая"), today=TODAY)
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_a_page_at_a_time_when_shown(demo, monkeypatch):
    calls = []
    real = model_module.list_requests

    def counting(*args, **kwargs):
        calls.append((kwargs["offset"], kwargs["limit"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(model_module, "list_requests", counting)
    total = demo_total()
    model = loaded(page_size=100)
    assert model.rowCount() == total and calls == []  # counted, nothing fetched yet
    assert model.index(5, JournalModel.NUMBER).data()
    assert model.index(99, JournalModel.NUMBER).data()
    assert calls == [(0, 100)]
    last = model.index(total - 1, JournalModel.NUMBER).data()
    last_page = (total - 1) // 100 * 100
    assert calls == [(0, 100), (last_page, 100)]  # the last page only, not everything before it
    every = list_requests(JournalFilter(), today=TODAY)
    assert last == every[-1].reg_no
    assert [model.row_at(r).reg_no for r in range(total)] == [r.reg_no for r in every]


def test_each_column_sorts_by_its_service_key(demo):
    model = loaded()
    for column, key in enumerate(JournalModel.SORT_KEYS):
        for order, descending in ((Qt.SortOrder.AscendingOrder, False), (Qt.SortOrder.DescendingOrder, True)):
            model.sort(column, order)
            expected = list_requests(JournalFilter(), today=TODAY, sort=key, descending=descending,
                                     limit=20)
            assert [model.row_at(r).reg_no for r in range(20)] == [r.reg_no for r in expected], key
    assert set(JournalModel.SORT_KEYS) == set(journal_service.SORT_COLUMNS)


def test_a_short_page_recounts_instead_of_failing(qtbot):
    pages = PagedRows(5, lambda offset, limit: [], page_size=2)
    assert pages.get(0) is None and pages.short
    with pytest.raises(IndexError):
        pages[0]


def row(**changes) -> JournalRow:
    base = dict(id=1, reg_no="2026-0001", received_at=datetime(2026, 11, 20, 9, 5),
                channel=Channel.PHONE, applicant="Иванова Анна", premise_number="12",
                category_code="emergency", category_label="Аварийная заявка (диспетчерская служба)",
                subject="Течь", due_date=date(2026, 11, 20), due_at=datetime(2026, 11, 20, 9, 35),
                status=Status.ANSWERED, answered_on=date(2026, 11, 23), result="satisfied",
                state=DeadlineStatus.ANSWERED_LATE, days_late=3)
    base.update(changes)
    return JournalRow(**base)


def test_texts_of_a_row(demo, monkeypatch):
    rows = [row(), row(id=2, reg_no="2026-0002", due_at=None, due_date=date(2026, 11, 27),
                       answered_on=None, status=Status.REGISTERED, state=DeadlineStatus.OPEN,
                       days_late=0)]
    monkeypatch.setattr(model_module, "count_requests", lambda flt, today: len(rows))
    monkeypatch.setattr(model_module, "list_requests",
                        lambda flt, **kw: rows[kw["offset"]:kw["offset"] + kw["limit"]])
    model = loaded()
    cell = lambda r, c, role=Qt.ItemDataRole.DisplayRole: model.index(r, c).data(role)  # noqa: E731
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "№", "Поступило", "Заявитель", "№ пом.", "Категория", "Содержание", "Срок",
        "Статус", "Просрочено на", "Ответ"]
    assert cell(0, JournalModel.LATE) == "3 д"  # answered three days after the due date
    assert cell(1, JournalModel.LATE) == ""  # not late
    assert cell(0, JournalModel.RECEIVED) == "20.11.2026 09:05"
    assert cell(0, JournalModel.DUE) == "20.11.2026 09:35"  # hours: the time too
    assert cell(1, JournalModel.DUE) == "27.11.2026"
    assert cell(0, JournalModel.STATUS) == "Ответ дан"
    assert cell(0, JournalModel.ANSWER) == "23.11.2026 ⚠"
    assert cell(0, JournalModel.ANSWER, Qt.ItemDataRole.ToolTipRole) == "Ответ дан с опозданием на 3 дня"
    assert cell(1, JournalModel.ANSWER) == ""
    assert cell(1, JournalModel.DUE, Qt.ItemDataRole.ToolTipRole).startswith("Срок не истёк")


def test_rows_gone_since_the_count_make_the_model_count_again(demo, monkeypatch, qtbot):
    every = list_requests(JournalFilter(), today=TODAY)
    model = loaded(page_size=100)
    assert model.rowCount() == len(every)
    kept = every[:250]  # the rest vanish (another office PC, a restored backup…)
    monkeypatch.setattr(model_module, "list_requests",
                        lambda flt, **kw: kept[kw["offset"]:kw["offset"] + kw["limit"]])
    monkeypatch.setattr(model_module, "count_requests", lambda flt, today: len(kept))
    assert model.index(300, JournalModel.NUMBER).data() is None  # a hole, not a crash
    with qtbot.waitSignal(model.modelReset):
        pass  # the recount comes from the event loop
    assert model.rowCount() == 250
    assert model.index(249, JournalModel.NUMBER).data() == kept[-1].reg_no


def test_a_voided_request_is_a_grey_row_saying_why(demo):
    """The demo's copy of a request typed in twice is voided: grey text on no tint, the
    status «Аннулировано», the answer column and the tooltip give the reason."""
    from ui import colors

    model = loaded()
    voided = [r for r in range(model.rowCount()) if model.row_at(r).status is Status.VOIDED]
    assert len(voided) == 1
    row = voided[0]
    year, number = model.row_at(row).reg_no.split("-")
    reason = f"зарегистрировано повторно, см. № {year}-{int(number) - 1:04d}"  # the one just before
    assert model.row_at(row).state is DeadlineStatus.VOIDED
    assert model.index(row, JournalModel.NUMBER).data(Qt.ItemDataRole.BackgroundRole) is None
    grey = model.index(row, JournalModel.NUMBER).data(Qt.ItemDataRole.ForegroundRole).color()
    assert grey.name() == colors.MUTED_TEXT.name()
    assert model.index(row, JournalModel.STATUS).data() == "Аннулировано"
    assert model.index(row, JournalModel.ANSWER).data() == f"аннулировано: {reason}"
    assert model.index(row, JournalModel.NUMBER).data(Qt.ItemDataRole.ToolTipRole) == f"Аннулировано: {reason}"
    overdue = model.index(row, JournalModel.DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert not overdue.startswith("Просрочено")
