"""Regression watch: PySide6 6.12.0 on Python 3.11 kills the process (``none_dealloc``)
after a few thousand Python callbacks that return None.

A table model's ``data()`` is such a callback, called thousands of times per paint.
These tests call it 100,000 times from Python, through the sorting proxy (C++ calling
Python) and through the view's paint path, and check the answers stay right.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from tsj_desk.services.registry import list_premises
from ui.register.model import PremisesModel, area_text
from ui.tables import SORT_ROLE, SortProxy

CALLS = 100_000

ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.DecorationRole,  # unhandled: None
    Qt.ItemDataRole.FontRole,  # unhandled: None
    Qt.ItemDataRole.CheckStateRole,  # unhandled: None
    SORT_ROLE,
]


class CountingModel(PremisesModel):
    calls = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        CountingModel.calls += 1
        return super().data(index, role)


def test_data_called_100000_times_from_python(demo):
    rows = list_premises()
    model = PremisesModel()
    model.set_rows(rows)
    columns = model.columnCount()
    nones = 0
    for i in range(CALLS):
        row, column = i % len(rows), (i // len(rows)) % columns
        role = ROLES[i % len(ROLES)]
        value = model.data(model.index(row, column), role)
        if value is None:
            nones += 1
        if role == Qt.ItemDataRole.DisplayRole and column == PremisesModel.AREA:
            assert value == area_text(rows[row].area)
        elif role == Qt.ItemDataRole.DisplayRole and column == PremisesModel.NUMBER:
            assert value == rows[row].number
    assert nones > CALLS // 4  # the None-returning path was exercised a lot


@pytest.mark.demo_counts(reason="expects the demo's 120 premises as the register's rows (the 120th is Н6); the 100× base has 12,000")
def test_data_called_100000_times_through_proxy_and_paint(qtbot, demo):
    rows = list_premises()
    model = CountingModel()
    model.set_rows(rows)
    proxy = SortProxy(model)
    CountingModel.calls = 0
    # C++ calls Python: sorting the proxy asks data() for every row, many times
    while CountingModel.calls < CALLS // 2:
        for column in range(model.columnCount()):
            proxy.sort(column, Qt.SortOrder.DescendingOrder)
            proxy.sort(column, Qt.SortOrder.AscendingOrder)
    # the paint path: every visible cell, every role the delegate asks for
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.resize(1200, 900)
    view.show()
    qtbot.waitExposed(view)
    while CountingModel.calls < CALLS:
        view.viewport().grab()
    assert CountingModel.calls >= CALLS
    proxy.sort(PremisesModel.NUMBER, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, PremisesModel.NUMBER).data() == "1"
    assert proxy.index(119, PremisesModel.NUMBER).data() == "Н6"
    assert proxy.index(0, PremisesModel.AREA).data() == area_text(rows[0].area)
