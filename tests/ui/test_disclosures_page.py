"""«Выдача реестра» on an office screen: every column in the window, the checksum cut
short with its whole value in the tooltip, no horizontal scrolling."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from ui.disclosures.page import DisclosuresPage


def test_at_1366_by_768_every_column_fits_and_the_checksum_is_in_its_tooltip(qtbot, demo, tmp_path):
    from tsj_desk.services.disclosure import export_register

    given = export_register(tmp_path / "Реестр собственников на 24.11.2026 (обращение 2026-0041).xlsx",
                            as_of=date(2026, 11, 24), now=datetime(2026, 11, 24, 10, 30),
                            requested_by="Инициативная группа собственников (Сидорова А. В., Орлов Д. С.)",
                            purpose="проведение общего собрания собственников по вопросу выбора способа управления")
    page = DisclosuresPage()
    qtbot.addWidget(page)
    # the page's part of a 1366×768 window: the list of pages takes some 220 pixels
    page.resize(1140, 700)
    page.show()
    page.reload()
    qtbot.waitExposed(page)
    table, header = page.table, page.table.horizontalHeader()
    assert page.model.rowCount() == 1
    assert header.count() == 8
    right_edge = max(header.sectionViewportPosition(n) + header.sectionSize(n) for n in range(8))
    assert right_edge <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    checksum = page.proxy.index(0, 7)
    assert len(checksum.data()) == 64  # SHA-256 in hex
    # cut short in the cell (a 64-character checksum is wider than its column) ...
    assert header.sectionSize(7) < table.fontMetrics().horizontalAdvance(checksum.data())
    # ... whole in the tooltip
    assert checksum.data(Qt.ItemDataRole.ToolTipRole) == f"Контрольная сумма выданного файла: {given.sha256}"
    # the column's title reads in full
    assert header.sectionSize(7) >= header.fontMetrics().horizontalAdvance("Контрольная сумма")
