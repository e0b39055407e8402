"""Screenshots of the organisation settings and of a premise card on the demo database.

    uv run python docs/make_reference_screenshots.py

Writes ``docs/settings-organization.png`` (the main window on Settings →
«Организация», 1280×800), ``docs/settings-organization-1366x768.png`` (the same at the
size of a small office screen) and ``docs/premise-card.png`` (a premise's card with
«Данные помещения…» and «Удалить помещение…», over the register at 1280×800). The demo
organisation gets its full details first (КПП, contacts, bank, the house's areas). It
runs offscreen in a temporary folder, with the window settings there too: the user's
data and configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime

from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot

NOW = datetime(2026, 11, 24, 16, 30)

DETAILS = {
    "name": "Товарищество собственников жилья «Лесная, 5»", "short_name": "ТСЖ «Лесная, 5»",
    # the demo's ИНН 5022012345 fails its check digit (the tab would mark it in red):
    # 5·2 + 0·4 + 2·10 + 2·3 + 0·5 + 1·9 + 2·4 + 3·6 + 4·8 = 103, 103 mod 11 = 4
    "inn": "5022012344", "kpp": "502201001",
    "postal_address": "140400, Московская обл., г. Коломна, ул. Лесная, д. 5, пом. Н1",
    "phone": "+7 496 612-34-56", "email": "tsj-lesnaya5@example.ru",
    "bank_name": "ПАО Сбербанк", "bik": "044525225",
    "settlement_account": "40703810538000001234", "corr_account": "30101810400000000225",
    "chairman_basis": "Устава",
}
HOUSE = {"total_area": "6245,3", "common_area": "1184,6", "year_built": "1986", "cadastral_number": "50:57:0090101:1234"}


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        from PySide6.QtCore import QTimer

        from tsj_desk.services import organization
        from tsj_desk.services.registry import list_premises

        database = demo_base()
        organization.save_organization(DETAILS, now=NOW)
        house = organization.houses()[0]
        organization.edit_house(house.id, HOUSE, now=NOW)
        from ui.register.premise_card import PremiseCardDialog

        window = main_window(database)
        for size, name in (((1280, 800), "settings-organization.png"),
                           ((1366, 768), "settings-organization-1366x768.png")):
            window.resize(*size)
            page = window.show_page("settings")
            page.show_tab(page.organization)
            app.processEvents()
            shot(window, DOCS / name)

        window.resize(1280, 800)
        register = window.show_page("register")
        premise = next(p for p in list_premises() if p.number == "7")
        register.select_premise(premise.id)
        app.processEvents()

        def grab_card() -> None:
            card = next(w for w in app.topLevelWidgets()
                        if isinstance(w, PremiseCardDialog) and w.isVisible())
            card.resize(1060, 760)
            app.processEvents()
            shot(card, DOCS / "premise-card.png")
            card.reject()

        QTimer.singleShot(200, grab_card)
        PremiseCardDialog.open_for(window, premise.id, today=TODAY)
        window.close()


if __name__ == "__main__":
    main()
