"""Screenshots of the meters kept in the program, on the demo database.

    uv run python docs/make_meters_screenshots.py

Writes ``docs/premise-meters.png`` (the premise card with its «Счётчики», 1280×800),
``docs/premise-meters-1366x768.png`` (the same at the size of a small office screen)
and ``docs/meter-card.png`` (the card of one meter, whose ГИС ЖКХ number the
accountant has just entered). It runs offscreen in a temporary folder, with the
window settings there too: the user's data and configuration are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(tmp / "data")
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

        from PySide6.QtCore import QSettings

        from tsj_desk import clock
        from tsj_desk.services import meters
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.registry import list_premises
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))
        clock.use(clock.FixedClock(NOW))
        create_demo_database(tmp / "tsj.sqlite3", today=TODAY)

        from ui.meters.card import MeterCardDialog
        from ui.register.premise_card import PremiseCardDialog

        try:
            premise = max((p for p in list_premises() if p.number.isdigit()),
                          key=lambda p: (len(meters.list_meters(premise_id=p.id)), -int(p.number)))
            found = meters.list_meters(premise_id=premise.id)
            # the accountant enters the ГИС ЖКХ number of the first meter; a second one has
            # been replaced this month
            first = found[0].as_input()
            first.gis_number = first.gis_number or "1A2B3C4D-0001"
            meters.edit_meter(found[0].id, first, now=NOW)
            card = PremiseCardDialog(None, premise.id, today=TODAY)
            card.meters.show_archived.setChecked(False)
            for size, name in (((1280, 800), "premise-meters.png"),
                               ((1366, 768), "premise-meters-1366x768.png")):
                card.resize(*size)
                card.show()
                shot(card, ROOT / "docs" / name)
            card.close()
            dialog = MeterCardDialog(None, mode="edit", meter=meters.meter_card(found[0].id))
            dialog.show()
            dialog.adjustSize()
            shot(dialog, ROOT / "docs" / "meter-card.png")
            dialog.close()
            app.processEvents()
        finally:
            close_session()


def shot(window, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


if __name__ == "__main__":
    main()
