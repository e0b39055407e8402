"""The «Выдача реестра» page at the screen size of an office PC.

    uv run python docs/make_disclosures_screenshot.py

Writes ``docs/disclosures-1366x768.png``: the log of register hand-outs with its columns
sized by the program's one width rule (the text columns share the width, the checksum
is cut short with its full value in the tooltip), no horizontal scrollbar. It runs
offscreen on a demo database made for 24.11.2026 in a temporary folder, where the
hand-outs are written too: the user's data and configuration are never touched.
"""

from __future__ import annotations

from datetime import date, datetime

from screenshot_kit import DOCS, demo_base, main_window, offscreen_app, shot

NOW = datetime(2026, 11, 24, 10, 35)
HANDOUTS = (
    ("Петров Павел Петрович, кв. 12", "созыв общего собрания собственников", "Реестр собственников на 24.11.2026.xlsx",
     datetime(2026, 11, 10, 9, 20), date(2026, 11, 10)),
    ("Инициативная группа собственников (Сидорова А. В., Орлов Д. С.)",
     "проведение общего собрания собственников по вопросу выбора способа управления",
     "Реестр собственников на 24.11.2026 (обращение 2026-0041).docx",
     datetime(2026, 11, 18, 14, 5), date(2026, 11, 18)),
    ("Государственная жилищная инспекция Московской области", "проверка по обращению № 12-3456/2026",
     "Реестр членов ТСЖ на 24.11.2026.xlsx", datetime(2026, 11, 24, 10, 30), date(2026, 11, 24)),
)


def main() -> None:
    with offscreen_app(NOW) as (app, work):
        from tsj_desk.services.disclosure import export_register

        database = demo_base()
        for requested_by, purpose, name, at, as_of in HANDOUTS:
            export_register(work / name, as_of=as_of, requested_by=requested_by, purpose=purpose, now=at,
                            members_only=name.startswith("Реестр членов"))
        window = main_window(database, (1366, 768))
        window.show_page("disclosures")
        app.processEvents()
        shot(window, DOCS / "disclosures-1366x768.png")
        window.close()


if __name__ == "__main__":
    main()
