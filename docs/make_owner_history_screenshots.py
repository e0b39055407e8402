"""Screenshots of owners kept honestly, on the demo database.

    uv run python docs/make_owner_history_screenshots.py

Writes ``docs/premise-correction.png`` (the premise card after a sale and a corrected
typo: the sale in «История собственников», the typo as «Исправлено: …», 1366×768) and
``docs/owner-card.png`` (the owner card: ИНН, postal address, membership dates). It
runs offscreen in a temporary folder: the user's data and settings are never touched.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

from screenshot_kit import DOCS, TODAY, demo_base, offscreen_app, shot

NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        from tsj_desk.services.ownership_history import correct_ownership, set_membership
        from tsj_desk.services.registry import (
            OwnerInput,
            list_premises,
            premise_card,
            transfer_ownership,
        )

        demo_base()

        from ui.register.person_dialog import PersonDialog
        from ui.register.premise_card import PremiseCardDialog

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
        shot(card, DOCS / "premise-correction.png")
        card.close()
        owner = premise_card(premise.id).current[0]
        dialog = PersonDialog(None, owner.id, owner.person_id, f"Помещение {premise.number}")
        dialog.show()
        dialog.adjustSize()
        shot(dialog, DOCS / "owner-card.png")
        dialog.close()
        app.processEvents()


if __name__ == "__main__":
    main()
