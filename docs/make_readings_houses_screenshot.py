"""Screenshot of the readings page of a base with two houses, the demo house chosen.

    uv run python docs/make_readings_houses_screenshot.py

The demo house (Московская обл., г. Коломна, ул. Лесная, д. 5) and a second house of the
same town: the «Дом» box keeps its width and shows the chosen house by its end
(«…ул. Лесная, д. 5»), the full address in its list and tooltip. Writes
``docs/readings-two-houses-1366x768.png``.
"""

from __future__ import annotations

from datetime import datetime, time

from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot

NOW = datetime.combine(TODAY, time(11, 0))
SECOND_HOUSE = "Московская обл., г. Коломна, ул. Садовая, д. 12"


def main() -> int:
    from tsj_desk.services import organization
    from tsj_desk.services.demo import HOUSE_ADDRESS

    with offscreen_app(NOW) as (app, _work):
        base = demo_base()
        organization.add_house({"address": SECOND_HOUSE}, now=NOW)
        window = main_window(base, (1366, 768))
        page = window.show_page("readings")
        page.house.refresh()  # the second house was added after the window read the houses
        combo = page.house.combo
        combo.setCurrentIndex(combo.findText(HOUSE_ADDRESS))
        for _ in range(50):  # the demo house's meters arrive
            app.processEvents()
        assert combo.shown_text() == "…ул. Лесная, д. 5"
        assert window.minimumSizeHint().width() <= 1280
        shot(window, DOCS / "readings-two-houses-1366x768.png")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
