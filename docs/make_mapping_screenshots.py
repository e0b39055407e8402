"""Screenshots of the import window's mapping step, «Столбцы файла».

    uv run python docs/make_mapping_screenshots.py

A register appended to a meeting protocol names its columns «Квартира собственника»,
«Кому принадлежит», «Часть в праве»: the program does not know them, offers the
file's columns, and the premise, the owner and the share are chosen in the lists, as
a user would. Writes ``docs/import-mapping-missing.png`` (the file just read: the
required columns not found, the file's columns offered), ``docs/import-mapping.png``
(the columns chosen, the rows read; the window at 1280×800) and
``docs/import-mapping-1366x768.png`` (the same at the size of a small office screen);
then the file is imported, and ``docs/settings-layouts.png`` shows the layout it left
in «Справочники и настройки» → «Раскладки столбцов». It runs
offscreen in a temporary folder, with the window settings there too: the user's data
and configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from screenshot_kit import (
    BASE, DOCS, TODAY, main_window, offscreen_app, received, shot, titled_sheet, wait_until,
)

NOW = datetime(2026, 11, 24, 12, 0)
HEADERS = ["№ п/п", "Квартира собственника", "Кому принадлежит", "Часть в праве", "Площадь, м²",
           "Подпись"]


def write_protocol_register(path: Path) -> Path:
    """The register of owners as an appendix to a meeting protocol, in its own words."""
    book, sheet = titled_sheet(
        "Приложение 1", "Приложение № 1 к протоколу общего собрания собственников № 3 от 15.11.2026")
    sheet.append(HEADERS)
    rows = [
        (1, "1", "Жуков Пётр Саввич", "1", "44,5"),
        (2, "2", "Зорина Алла Ивановна", "1/2", "58,3"),
        (3, "2", "Зорин Игорь Павлович", "1/2", "58,3"),
        (4, "3", "Ильина Софья Марковна", "1", "51,0"),
        (5, "4", "Кравцов Денис Олегович", "1/3", "61,0"),
        (6, "4", "Кравцова Ольга Сергеевна", "2/3", "61,0"),
        (7, "5", "Лебедев Артём Юрьевич", "1", "12,4"),
        (8, "Н1", "ООО «Продукты у дома»", "1", "95,0"),
    ]
    for number, premise, owner, share, area in rows:
        sheet.append([number, premise, owner, share, area, ""])
    for column, width in zip("ABCDEF", (7, 14, 32, 12, 12, 14)):
        sheet.column_dimensions[column].width = width
    book.save(path)
    return path


def pick(app, dialog, header: str, label: str) -> None:
    """Choose ``label`` in the list of the file's column ``header``; wait for the new preview."""
    panel = dialog.columns
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == header)
    combo = panel.combo(row)
    combo.setCurrentIndex(combo.findText(label))
    wait_until(app, lambda: dialog._job is None)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        from tsj_desk.services.session import open_session
        from ui.register.import_dialog import ImportDialog

        database = open_session(BASE, now=NOW)
        source = write_protocol_register(received("Приложение 1 к протоколу ОСС.xlsx"))
        dialog = ImportDialog(None, today=TODAY)
        dialog.resize(1280, 800)
        dialog.show()
        dialog.start_preview(source)
        wait_until(app, lambda: dialog._job is None)
        if not dialog.columns.missing.isVisible():
            raise SystemExit("the file's columns were not offered")
        shot(dialog, DOCS / "import-mapping-missing.png")
        pick(app, dialog, "Квартира собственника", "№ помещения *")
        pick(app, dialog, "Кому принадлежит", "Собственник *")
        pick(app, dialog, "Часть в праве", "Доля")
        if dialog.preview is None:
            raise SystemExit("the preview did not come after the columns were chosen")
        for size, name in (((1280, 800), "import-mapping.png"),
                           ((1366, 768), "import-mapping-1366x768.png")):
            dialog.resize(*size)
            app.processEvents()
            shot(dialog, DOCS / name)
        answered = []
        dialog.imported.connect(answered.append)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information = lambda *args, **kwargs: None  # «Реестр загружен»: not shown here
        dialog.start_import()
        wait_until(app, lambda: answered)
        dialog.close()

        window = main_window(database)
        settings = window.show_page("settings")
        settings.show_tab(settings.layouts)
        settings.layouts.table.selectRow(0)
        app.processEvents()
        shot(settings, DOCS / "settings-layouts.png")  # the page: no status bar with the base's path
        window.close()


if __name__ == "__main__":
    main()
