"""Screenshots of owners kept honestly, on the demo database.

    uv run python docs/make_owner_history_screenshots.py

Writes ``docs/premise-correction.png`` (the premise card after a sale and a corrected
typo: the sale in «История собственников», the typo as «Исправлено: …», 1366×768) and
``docs/owner-card.png`` (the owner card: ИНН, postal address, membership dates). It
runs offscreen in a temporary folder: the user's data and settings are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from fractions import Fraction
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
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.ownership_history import correct_ownership, set_membership
        from tsj_desk.services.registry import (
            OwnerInput,
            list_premises,
            premise_card,
            transfer_ownership,
        )
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))
        clock.use(clock.FixedClock(NOW))
        create_demo_database(tmp / "tsj.sqlite3", today=TODAY)

        from ui.register.person_dialog import PersonDialog
        from ui.register.premise_card import PremiseCardDialog

        try:
            premise = next(p for p in list_premises() if p.shares == "1" and p.number.isdigit()
                           and not premise_card(p.id).history)
            seller = premise_card(premise.id).current[0]
            [bought] = transfer_ownership(premise.id, [seller.id], [OwnerInput(
                "Покупателев Олег Юрьвич", Fraction(1), egrn_number="50:34:0010203:77-50/001/2026-4",
                egrn_date=date(2026, 11, 2), phone="+7 916 123-45-67", member=True)],
                on=date(2026, 11, 2), now=NOW)
            correct_ownership(bought, OwnerInput(
                "Покупателев Олег Юрьевич", Fraction(1), egrn_number="50:34:0010203:77-50/001/2026-4",
                egrn_date=date(2026, 11, 2)), now=NOW, reason="опечатка в отчестве")
            set_membership(bought, True, date(2026, 11, 10), now=NOW)
            card = PremiseCardDialog(None, premise.id, today=TODAY)
            card.resize(1366, 768)
            card.show()
            shot(card, ROOT / "docs" / "premise-correction.png")
            card.close()
            owner = premise_card(premise.id).current[0]
            dialog = PersonDialog(None, owner.id, owner.person_id, f"Помещение {premise.number}")
            dialog.show()
            dialog.adjustSize()
            shot(dialog, ROOT / "docs" / "owner-card.png")
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
