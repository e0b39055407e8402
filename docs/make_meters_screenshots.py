"""Screenshots of the meters kept in the program, on the demo database.

    uv run python docs/make_meters_screenshots.py

Writes ``docs/premise-meters.png`` (the premise card with its «Счётчики», 1280×800),
``docs/premise-meters-1366x768.png`` (the same at the size of a small office screen)
and ``docs/meter-card.png`` (the card of one meter, whose ГИС ЖКХ number the
accountant has just entered). It runs offscreen in a temporary folder, with the
window settings there too: the user's data and configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime

from screenshot_kit import DOCS, TODAY, demo_base, offscreen_app, shot

NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        from tsj_desk.services import meters
        from tsj_desk.services.registry import list_premises

        demo_base()
        from ui.meters.card import MeterCardDialog
        from ui.register.premise_card import PremiseCardDialog

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
            shot(card, DOCS / name)
        card.close()
        dialog = MeterCardDialog(None, mode="edit", meter=meters.meter_card(found[0].id))
        dialog.show()
        dialog.adjustSize()
        shot(dialog, DOCS / "meter-card.png")
        dialog.close()
        app.processEvents()


if __name__ == "__main__":
    main()
