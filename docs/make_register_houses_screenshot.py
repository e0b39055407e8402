"""Screenshot of the register page of a base with two houses, «Все дома» chosen.

    uv run python docs/make_register_houses_screenshot.py

The demo house (ул. Лесная, д. 5) and a second house of the same town (ул. Садовая,
д. 12, 40 flats with an owner each) in one base: every flat «1», «2»… appears once per
house, and the «Дом» column before «№» says which house a row belongs to. Writes
``docs/register-all-houses-1366x768.png``.
"""

from __future__ import annotations

from datetime import datetime, time
from fractions import Fraction

from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot

NOW = datetime.combine(TODAY, time(11, 0))
SECOND_HOUSE = "Московская обл., г. Коломна, ул. Садовая, д. 12"
NAMES = ("Андреев Павел Сергеевич", "Белова Марина Игоревна", "Воронин Олег Петрович",
         "Голубева Анна Викторовна", "Дмитриев Сергей Олегович", "Егорова Ирина Павловна",
         "Жуков Антон Михайлович", "Зайцева Ольга Николаевна")


def second_house() -> None:
    from tsj_desk.services import organization, premises, registry
    from tsj_desk.services.registry import OwnerInput

    house = organization.add_house({"address": SECOND_HOUSE}, now=NOW).id
    for n in range(1, 41):
        made = premises.add_premise(house, {"number": str(n), "area": f"{38 + n % 7 * 6},{n % 10}",
                                            "account": f"12{n:04d}"}, now=NOW).id
        registry.add_owner(made, OwnerInput(NAMES[n % len(NAMES)], Fraction(1)), now=NOW)


def main() -> int:
    with offscreen_app(NOW) as (app, _work):
        base = demo_base()
        second_house()
        window = main_window(base, (1366, 768))
        page = window.show_page("register")
        page.house.refresh()  # the second house was added after the window read the houses
        page.house.choose(None)  # «Все дома»
        page.reload()
        page.model.wait()
        assert page.house_column_shown()
        page.table.selectRow(2)
        app.processEvents()
        shot(window, DOCS / "register-all-houses-1366x768.png")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
