"""Screenshots of who is working and of a voided request, on the demo database.

    uv run python docs/make_users_screenshots.py

Writes ``docs/who-works.png`` (the «Кто работает?» dialog at start, the chairman with
a password chosen), ``docs/journal-voided.png`` (the journal with the demo's voided
copy of a request, greyed with its reason; the status bar names who works) and
``docs/settings-users.png`` (Settings → «Пользователи»). It runs offscreen in a
temporary folder with a fixed clock: the user's data and configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime

from screenshot_kit import DOCS, demo_base, main_window, offscreen_app, shot


NOW = datetime(2026, 11, 24, 12, 0)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        from tsj_desk.services import users

        database = demo_base()
        users.add_user(users.UserInput("Петрова Анна Сергеевна", "председатель правления",
                                       password="берёза-7"), now=NOW)
        users.add_user(users.UserInput("Кузнецова Елена Викторовна", "бухгалтер"), now=NOW)
        users.add_user(users.UserInput("Сидоров Олег Игоревич", "диспетчер"), now=NOW)
        gone = users.add_user(users.UserInput("Морозова Ирина", "диспетчер"), now=NOW)
        users.set_active(gone, False, now=NOW)
        from ui.users.who_dialog import WhoDialog

        dialog = WhoDialog(None, users.list_users(active_only=True), "Петрова Анна Сергеевна")
        dialog.show()
        dialog.password.setText("берёза-7")
        app.processEvents()
        shot(dialog, DOCS / "who-works.png")
        dialog.save()
        dialog.close()

        window = main_window(database)
        page = window.show_page("journal")
        app.processEvents()
        # the answer column widened as a user would, to read the void reason in full
        page.table.setColumnWidth(page.model.ANSWER, 400)
        page.table.selectRow(3)  # another row: the voided one's grey stays visible
        app.processEvents()
        bar = page.table.horizontalScrollBar()
        bar.setValue(bar.maximum())  # scrolled to the answer column
        shot(window, DOCS / "journal-voided.png")
        settings = window.show_page("settings")
        settings.show_tab(settings.users)
        shot(window, DOCS / "settings-users.png")
        window.close()


if __name__ == "__main__":
    main()
