"""Screenshots of the readings screens: the entry grid and the import preview.

Run offscreen (no display needed):

    QT_QPA_PLATFORM=offscreen uv run python docs/make_readings_screenshots.py

Writes ``docs/readings-entry.png`` (11.2026 on the demo database, a few readings
typed: one a spike, one below the previous reading) and ``docs/readings-import.png``
(the preview of a file with errors and warnings). Works in a temporary folder: the
user's database and window settings are not touched. The demo is made for
24.11.2026, and the program's one clock (``tsj_desk.clock``) is told that this is
today, whatever the computer's clock says.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from screenshot_kit import (
    BASE, DOCS, TODAY, demo_base, main_window, offscreen_app, received, shot, titled_sheet, wait_until,
)

NOW = datetime(2026, 11, 24, 11, 0)
SIZE = (1280, 800)


def type_into(page, row: int, *values: str) -> None:
    """Type ``values`` into Т1 (Т2…) of ``row`` with key events, as the accountant would."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    def send(widget, key, text=""):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))

    page.table.setCurrentIndex(page.entry_index(row))
    for index, value in enumerate(values):
        editor = page.delegate.editor
        for char in value:
            send(editor, Qt.Key.Key_unknown if not char.isdigit() else Qt.Key(ord(char)), char)
        send(editor, Qt.Key.Key_Tab if index + 1 < len(values) else Qt.Key.Key_Return)


def write_readings_with_problems(path: Path) -> Path:
    """A readings file as the accountant receives it, with a few mistakes in it."""
    from tsj_desk.domain.meters import fmt
    from tsj_desk.services import readings

    lines = [line for line in readings.entry_sheet("2026-11")
             if line.premise_number and line.next_verification and line.next_verification > TODAY]
    book, sheet = titled_sheet("Показания", "Показания ИПУ за ноябрь 2026 г., ул. Лесная, д. 5")
    sheet.append(["№ кв.", "Заводской номер", "Услуга", "Дата снятия", "Показание Т1", "Показание Т2"])

    def row(line, t1, t2=None, day="21.11.2026", serial=None):
        values = [t1, t2] if line.tariffs > 1 else [t1]
        sheet.append([line.premise_number, serial or line.serial, line.resource.short, day,
                      *[fmt(v) if isinstance(v, float) else v for v in values]])

    water = [line for line in lines if line.resource.short in ("ХВС", "ГВС")]
    spike, lower, words, future = water[4], water[5], water[6], water[7]
    for line in lines[:4]:
        row(line, line.previous[0] + 3.1, (line.previous[1] or 0) + 1.4 if line.tariffs > 1 else None)
    row(spike, spike.previous[0] + 46.0)  # a month of a year's water: a warning
    row(lower, lower.previous[0] - 12.5)  # below the previous reading: an error
    row(words, "сто двадцать")  # not a number
    sheet.append([spike.premise_number, "ХВ-99999", "ХВС", "21.11.2026", fmt(17.2)])  # unknown meter
    row(future, future.previous[0] + 2.7, day="02.12.2026")  # a date still to come
    for line in [line for line in lines[10:] if line not in (spike, lower, words, future)][:5]:
        row(line, line.previous[0] + 2.6, (line.previous[1] or 0) + 1.2 if line.tariffs > 1 else None)
    for column, width in zip("ABCDEF", (8, 18, 10, 14, 14, 14)):
        sheet.column_dimensions[column].width = width
    book.save(path)
    return path


def main() -> int:
    with offscreen_app(NOW) as (app, work):  # the demo's day, whatever the computer's clock says
        entry_shot(app, work)
        import_shot(app, work)
    return 0


def entry_shot(app, work: Path) -> None:
    """The entry grid of 11.2026 with a few readings typed."""
    from tsj_desk.domain.meters import fmt
    from tsj_desk.services.session import close_session

    window = main_window(demo_base(), SIZE)
    page = window.show_page("readings")
    app.processEvents()
    rows = page.visible_rows()

    def plus(row: int, *steps: float) -> list[str]:
        previous = rows[row].line.previous
        return [fmt(previous[i] + step) for i, step in enumerate(steps)]

    type_into(page, 0, *plus(0, 3.214))
    type_into(page, 1, *plus(1, 2.105))
    type_into(page, 2, *plus(2, *([96.0, 41.0][:rows[2].tariffs])))
    type_into(page, 3, *plus(3, 48.6))  # a spike: yellow
    type_into(page, 4, *plus(4, -12.5))  # below the previous: red
    type_into(page, 5, *plus(5, *([121.0, 58.0][:rows[5].tariffs])))
    type_into(page, 6, *plus(6, 3.9))
    app.processEvents()
    assert any(r.warnings and not r.errors for r in page.model.rows()), "no warning typed"
    assert any(r.errors for r in page.model.rows()), "no error typed"
    shot(window, DOCS / "readings-entry.png")
    page.reload(keep_typed=False)  # nothing to ask about on close
    window.close()
    close_session()


def import_shot(app, work: Path) -> None:
    """The import preview of a file with errors and warnings."""
    from tsj_desk.services.session import open_session
    from ui.readings.import_dialog import ReadingsImportDialog

    open_session(BASE, now=NOW)
    source = write_readings_with_problems(received("Показания ИПУ ноябрь 2026.xlsx"))
    dialog = ReadingsImportDialog(None, path=source, period="2026-11")
    dialog.resize(1280, 800)  # the rows with long remarks shown whole
    dialog.show()
    wait_until(app, lambda: dialog.preview is not None, timeout_s=30)
    app.processEvents()
    shot(dialog, DOCS / "readings-import.png")
    dialog.close()


if __name__ == "__main__":
    sys.exit(main())
