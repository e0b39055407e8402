"""Screenshots for the README: the register page and the import preview.

Run offscreen (no display needed):

    QT_QPA_PLATFORM=offscreen uv run python docs/make_screenshots.py

Writes ``docs/register-page.png`` and ``docs/import-preview.png``. Works in a
temporary folder: the user's database and window settings are not touched.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from screenshot_kit import (
    DOCS, TODAY, demo_base, main_window, offscreen_app, received, shot, titled_sheet, wait_until,
)

NOW = datetime(2026, 11, 24, 12, 0)
SIZE = (1280, 800)


def write_register_with_problems(path: Path) -> Path:
    """A register as chairmen send it, with a few mistakes for the preview to show."""
    book, sheet = titled_sheet("Реестр", "Реестр собственников помещений, ул. Садовая, д. 12")
    sheet.append(["№ кв.", "Назначение", "Площадь, кв. м", "ФИО собственника", "Доля",
                  "Номер и дата регистрации права", "Член ТСЖ", "Телефон"])
    q = "50:34:0010203:"  # the cadastral quarter of the house: ЕГРН records start with it
    rows = [
        ["1", "квартира", "44,5", "Жуков Пётр Саввич", "1",
         q + "71-50/034/2017-1 от 11.04.2017", "да", "+7 916 123-45-67"],
        ["2", "квартира", "58,3", "Зорина Алла Ивановна", "1/2",
         q + "72-50/034/2019-1 от 03.06.2019", "да", ""],
        ["", "", "", "Зорин Игорь Павлович", "1/2", q + "72-50/034/2019-2 от 03.06.2019", "нет", ""],
        ["3", "квартира", "сорок", "Ильина Софья Марковна", "1",
         q + "73-50/034/2012-1 от 19.12.2012", "да", ""],
        ["4", "квартира", "61,0", "Кравцов Денис Олегович", "1/2",
         q + "74-50/034/2015-1 от 02.02.2015", "да", ""],
        ["4", "квартира", "61,0", "Кравцова Ольга Сергеевна", "1",
         q + "74-50/034/2015-2 от 02.02.2015", "нет", ""],
        ["5", "кладовая", "12,4", "Лебедев Артём Юрьевич", "1",
         q + "75-50/034/2020-1 от 14.08.2020", "нет", ""],
        ["6", "квартира", "72,4", "СМИРНОВА Елена Петровна", "1/3",
         q + "76-50/034/2018-1 от 21.05.2018", "да", ""],
        ["6", "квартира", "72,4", "Смирнов Павел Андреевич", "1/3",
         q + "76-50/034/2018-2 от 21.05.2018", "может быть", ""],
        ["7", "квартира", "38,7", "Орлова Марина Викторовна", "совместная",
         q + "77-50/034/2011-1 от 09.09.2011", "да", ""],
        ["7", "квартира", "38,7", "Орлов Виктор Ильич", "совместная",
         q + "77-50/034/2011-1 от 09.09.2011", "да", ""],
        ["Н1", "нежилое", "95,0", "ООО «Продукты у дома»", "1",
         q + "90-50/034/2010-1 от 01.02.2010", "нет", ""],
    ]
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFGH", (8, 12, 14, 32, 12, 46, 10, 18)):
        sheet.column_dimensions[column].width = width
    book.save(path)
    return path


def main() -> int:
    with offscreen_app(NOW) as (app, work):  # the day the demo is made for
        from tsj_desk.services.session import close_session, open_session

        # 1. the register page of the demo house
        window = main_window(demo_base(), SIZE)
        page = window.show_page("register")
        # a plain row chosen; the orange rows (shares not fully distributed) stay visible
        assert any(p.incomplete for p in page.visible_premises()[:20])
        page.select_premise(page.visible_premises()[3].id)
        app.processEvents()
        shot(window, DOCS / "register-page.png")
        window.close()
        close_session()

        # 2. the import preview of a file with errors and warnings, on an empty database
        from ui.register.import_dialog import ImportDialog

        open_session(work / "empty.sqlite3", now=NOW)
        source = write_register_with_problems(received("Реестр собственников (Садовая, 12).xlsx"))
        dialog = ImportDialog(None, path=source, today=TODAY)
        dialog.resize(1280, 800)  # every row of the file shown whole
        dialog.show()
        wait_until(app, lambda: dialog.preview is not None)
        app.processEvents()
        shot(dialog, DOCS / "import-preview.png")
        dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
