"""Meter readings: import with the checks, entry by hand, batches and undo, exports.

The modules of this package, by what they do:

- ``import_check``: a file parsed and checked against the meters and their history
  (preview, nothing written);
- ``import_write``: the checked file written as one batch, the batches and their undo,
  the error report;
- ``entry``: the entry sheet, the checks while typing, the save of the grid;
- ``meter_history``: a meter's readings with the monthly consumption;
- ``exports``: the register for billing, the walk-round sheet, the common-meter report;
- ``verification``: meters whose verification ends soon;
- ``threshold_settings``: the plausibility limits;
- ``values``: a reading's values as compared and stored.

The history of the meters a file names is read by ``readings_tracks``. Every name
callers use is importable from here; a module is loaded when one of its names is first
asked for (the readings page opens without the import's, the exports' or the meter card's).
"""

from __future__ import annotations

from importlib import import_module

# a function named as its module: imported now, or the module, once loaded, would take its name here
from tsj_desk.services.readings.meter_history import meter_history  # noqa: F401

# name → the module it comes from (loaded on first use; ``from … import name`` works alike)
_NAMES = {
    "tsj_desk.services.meters": (  # the meter card's actions, kept importable here
        "MeterInfo", "MeterInput", "add_meter", "list_meters", "replace_meter", "why_no_meter"),
    "tsj_desk.services.readings.entry": (
        "EntryLine", "_natural", "_remove_readings", "check_entry", "entry_checker", "entry_sheet",
        "save_entries", "sheet_lines"),
    "tsj_desk.services.readings.exports": (
        "READINGS_REGISTER_HEADERS", "common_meter_report", "export_readings", "readings_register",
        "walk_sheet"),
    "tsj_desk.services.readings.import_check": (
        "CheckedRow", "ReadingsPreview", "_Context", "_read_while_loading", "_since", "check_readings",
        "preview_readings"),
    "tsj_desk.services.readings.import_write": (
        "BatchInfo", "_sha256", "_short", "import_readings", "list_batches", "undo_batch",
        "write_error_report"),
    "tsj_desk.services.readings.meter_history": ("HistoryPoint",),
    "tsj_desk.services.readings.threshold_settings": ("set_threshold", "thresholds"),
    "tsj_desk.services.readings.values": ("_READING_VALUES", "Values", "_decimal_text", "_same"),
    "tsj_desk.services.readings.verification": ("VerificationDue", "verification_due"),
    "tsj_desk.services.readings_tracks": ("last_readings",),  # kept importable here
}
_RENAMED = {  # name here → (module, its name there)
    "_Meter": ("tsj_desk.services.readings_match", "KnownMeter"),
    "_load_meters": ("tsj_desk.services.readings_match", "load_meters"),
    "_History": ("tsj_desk.services.readings_tracks", "MeterHistory"),
}
_WHERE = {name: (module, name) for module, names in _NAMES.items() for name in names} | _RENAMED


def __getattr__(name: str):
    found = _WHERE.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(found[0]), found[1])
    globals()[name] = value  # asked once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
