"""The import window shows the warning of a 1С file whose #DATE_BEGIN/#DATE_END month is
not the period ticked in the window, as a row of its own (the line of #DATE_BEGIN), and
the readings go to the period ticked."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QMessageBox

from tsj_desk.storage.models import Meter, Reading
from ui import colors
from ui.readings.import_dialog import ReadingsImportDialog
from ui.readings.import_preview import PreviewModel

from tests.two_houses import LESNAYA, build_two_houses


def test_the_files_other_month_is_a_warning_row_and_the_ticked_period_is_loaded(qtbot, db, tmp_path,
                                                                              monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    build_two_houses()
    path = tmp_path / "реестр.txt"
    lines = ("#DATE_BEGIN 01.10.2026", "#DATE_END 31.10.2026",
             f"0201;Лесников;;;{LESNAYA}, кв. 1;9;Л-ХВ-1;Холодная вода;;15;[];")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    dialog = ReadingsImportDialog(None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.start_preview(path)
    assert dialog.proxy.rowCount() == 1 and dialog.proxy.index(0, 4).data() == "10.2026"  # the file's month
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.use_period.setChecked(True)  # this month is offered: 11.2026
    assert dialog.chosen_period() == "2026-11"
    rows = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    assert rows == ["1", "3"]  # the line of #DATE_BEGIN, then the data line
    assert dialog.proxy.index(0, PreviewModel.REMARKS).data() == (
        "Предупреждение: в файле период 10.2026 (#DATE_BEGIN 01.10.2026, #DATE_END 31.10.2026), а "
        "показания загружаются за 11.2026 — период, указанный при загрузке (--period; в окне — "
        "«Период показаний»).")
    source = dialog.proxy.sourceModel()
    assert source.tone(source.rows()[0]) is colors.Tone.WARNING
    assert dialog.proxy.index(1, 4).data() == "11.2026"
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.start_import()
    assert [(r.period, Decimal(str(r.t1))) for r in Reading.select().join(Meter)
            .where(Meter.serial == "Л-ХВ-1")] == [("2026-11", Decimal("15"))]
