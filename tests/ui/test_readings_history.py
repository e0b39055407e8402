"""«История счётчика»: the table of a demo meter's year and its consumption chart."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint

from tsj_desk.domain.meters import fmt
from tsj_desk.services import readings
from ui.readings.history_dialog import ConsumptionChart, MeterHistoryDialog, months_ending, nice_ceiling
from ui.readings.page import ReadingsPage

TODAY = date(2026, 11, 24)


def dialog_for(qtbot, line) -> MeterHistoryDialog:
    dialog = MeterHistoryDialog(None, meter_id=line.meter_id, title=MeterHistoryDialog.title_of(line),
                                tariffs=line.tariffs, resource=line.resource, period="2026-11")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_history_shows_the_twelve_months_of_a_demo_meter_and_its_chart_paints(qtbot, demo):
    line = next(l for l in readings.entry_sheet("2026-11") if l.tariffs == 2)
    dialog = dialog_for(qtbot, line)
    assert dialog.windowTitle() == f"История счётчика — Электроэнергия, № {line.serial} " \
                                   f"(помещение {line.premise_number}, 2-тарифный)"
    assert dialog.model.rowCount() == 12
    # newest first: October 2026 with both tariffs and the month's consumption
    newest = [dialog.proxy.index(0, c).data() for c in range(6)]
    points = readings.meter_history(line.meter_id)
    assert newest[:4] == ["10.2026", points[-1].taken_on.strftime("%d.%m.%Y"),
                          fmt(points[-1].values[0]), fmt(points[-1].values[1])]
    assert newest[4] == fmt(points[-1].consumption) and newest[5] == "из файла"
    assert dialog.proxy.index(11, 0).data() == "11.2025"

    bars = dialog.chart.bars()
    # from the month of the first reading (11.2025), not a year of empty months before it
    assert len(bars) == 13 and bars[0].period == "2025-11" and bars[-1].period == "2026-11"
    assert bars[0].period == points[0].period and bars[0].value is None  # the first: no consumption
    assert [b.period for b in bars if b.value is not None] == [p.period for p in points[1:]]
    assert bars[-1].value is None  # November is not entered yet

    image = dialog.chart.grab().toImage()
    assert dialog.chart.paint_count > 0
    index = next(i for i, b in enumerate(bars) if b.value is not None)
    centre = dialog.chart.bar_rect(index).center().toPoint()
    assert image.pixelColor(centre).name() == dialog.chart.bar_color().name()
    empty = dialog.chart.slot_rect(0).center().toPoint()  # a month without data: no bar
    assert image.pixelColor(empty).name() != dialog.chart.bar_color().name()


def test_a_taller_month_has_a_taller_bar(qtbot):
    from tsj_desk.services.readings import HistoryPoint

    chart = ConsumptionChart()
    qtbot.addWidget(chart)
    chart.resize(600, 240)
    chart.set_points([HistoryPoint("2026-09", None, (1, None, None), 2.0, "manual"),
                      HistoryPoint("2026-10", None, (9, None, None), 8.0, "manual")], "2026-10", "м³", months=3)
    assert [b.value for b in chart.bars()] == [2.0, 8.0]  # from the first reading on
    assert chart.bar_rect(1).height() == pytest.approx(4 * chart.bar_rect(0).height())
    assert chart.bar_at(chart.slot_rect(1).center().toPoint()) == 1 and chart.bar_at(QPoint(-5, -5)) is None


def test_axis_and_months_helpers():
    assert months_ending("2026-02", 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert [nice_ceiling(v) for v in (0, 0.3, 7, 13, 180, 2100)] == [1.0, 0.5, 10, 20, 200, 2500]


def test_double_click_on_a_row_of_the_grid_opens_its_history(qtbot, demo, monkeypatch):
    shown = []
    monkeypatch.setattr(MeterHistoryDialog, "show_for",
                        classmethod(lambda cls, parent, line, period: shown.append((line.serial, period))))
    page = ReadingsPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    index = page.proxy.index(3, 2)  # the serial: not an entry cell
    page.table.setCurrentIndex(index)
    page.table.activated.emit(index)
    assert shown == [(page.proxy.row_at(3).line.serial, "2026-11")]
    page.history_button.click()
    assert len(shown) == 2
