"""Every table model of the readings screens passes qtmodeltester."""

from __future__ import annotations

from datetime import date

from tsj_desk.services import readings
from ui.readings.batches_dialog import BatchesModel
from ui.readings.entry_model import EntryFilter, EntryModel
from ui.readings.history_dialog import HistoryModel
from ui.readings.import_preview import PreviewModel, load_preview
from ui.readings.verification_dialog import DueModel

TODAY = date(2026, 11, 24)


def test_entry_model_and_its_filter(qtmodeltester, demo):
    model = EntryModel()
    model.load(readings.entry_sheet("2026-11"), readings.entry_checker("2026-11", today=TODAY), TODAY)
    model.setData(model.index(0, EntryModel.T1), "1")  # an error row among the others
    qtmodeltester.check(model, force_py=True)
    proxy = EntryFilter(model)
    proxy.set_text("1")
    qtmodeltester.check(proxy, force_py=True)


def test_preview_history_batches_and_due_models(qtmodeltester, demo, samples):
    preview = PreviewModel()
    preview.set_rows(load_preview(samples / "readings_gis.xlsx", today=TODAY, period=None,
                                  create_meters=False).rows)
    qtmodeltester.check(preview, force_py=True)
    line = readings.entry_sheet("2026-11")[0]
    history = HistoryModel(line.tariffs, line.resource.unit)
    history.set_rows(readings.meter_history(line.meter_id))
    qtmodeltester.check(history, force_py=True)
    batches = BatchesModel()
    batches.set_rows(readings.list_batches())
    qtmodeltester.check(batches, force_py=True)
    due = DueModel()
    due.set_rows(readings.verification_due(today=TODAY))
    qtmodeltester.check(due, force_py=True)
