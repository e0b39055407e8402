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
callers use is importable from here.
"""

from __future__ import annotations

from tsj_desk.services.meters import (  # noqa: F401 - the meter card's actions, kept importable here
    MeterInfo,
    MeterInput,
    add_meter,
    list_meters,
    replace_meter,
    why_no_meter,
)
from tsj_desk.services.readings.entry import (  # noqa: F401
    EntryLine,
    _natural,
    _remove_readings,
    check_entry,
    entry_checker,
    entry_sheet,
    save_entries,
    sheet_lines,
)
from tsj_desk.services.readings.exports import (  # noqa: F401
    READINGS_REGISTER_HEADERS,
    common_meter_report,
    export_readings,
    readings_register,
    walk_sheet,
)
from tsj_desk.services.readings.import_check import (  # noqa: F401
    CheckedRow,
    ReadingsPreview,
    _Context,
    _read_while_loading,
    _since,
    check_readings,
    preview_readings,
)
from tsj_desk.services.readings.import_write import (  # noqa: F401
    BatchInfo,
    _sha256,
    _short,
    import_readings,
    list_batches,
    undo_batch,
    write_error_report,
)
from tsj_desk.services.readings.meter_history import HistoryPoint, meter_history  # noqa: F401
from tsj_desk.services.readings.threshold_settings import set_threshold, thresholds  # noqa: F401
from tsj_desk.services.readings.values import _READING_VALUES, Values, _decimal_text, _same  # noqa: F401
from tsj_desk.services.readings.verification import VerificationDue, verification_due  # noqa: F401
from tsj_desk.services.readings_match import KnownMeter as _Meter  # noqa: F401
from tsj_desk.services.readings_match import load_meters as _load_meters  # noqa: F401
from tsj_desk.services.readings_tracks import MeterHistory as _History  # noqa: F401
from tsj_desk.services.readings_tracks import last_readings  # noqa: F401 - kept importable here
