"""Screenshots of «Обзвон» on the demo database: the readings list written, and its
results checked before they are brought in (one reading below the previous one).

    uv run python docs/make_calls_screenshots.py

Writes ``docs/calls-export.png`` and ``docs/calls-results.png``, offscreen in a temporary
folder standing for an office user's profile (``screenshot_kit``).
"""

from __future__ import annotations

from datetime import datetime

from screenshot_kit import DOCS, WORK, demo_base, main_window, offscreen_app, received, shot

NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with offscreen_app(NOW) as (app, work):
        from openpyxl import Workbook

        from tsj_desk.services.call_lists import build_list
        from tsj_desk.services.session import close_session, open_session
        from tsj_desk.storage.models import Meter, Reading
        from ui.calls.export_dialog import CallExportDialog
        from ui.calls.results_dialog import CallResultsDialog

        database = demo_base()
        close_session()
        open_session(database, lock=True, now=NOW)
        window = main_window(database)

        dialog = CallExportDialog(window)
        dialog.resize(760, 560)
        dialog.ask_path = lambda suggested: WORK / suggested.name
        dialog.show()
        dialog.export()
        for _ in range(5):
            app.processEvents()
        shot(dialog, DOCS / "calls-export.png")
        dialog.close()

        # the results of the first calls: readings dictated (the third one below the
        # previous reading), no answer, a refusal
        calls = build_list("readings", today=NOW.date(), now=NOW).rows[:6]
        book = Workbook()
        book.active.append(["Код строки", "Телефон", "Дозвонились", "Показания", "Отказ", "Комментарий"])
        for index, row in enumerate(calls):
            premise_id = int(row.row_id[1:].split("-")[0])
            meters = list(Meter.select().where(Meter.premise == premise_id, Meter.archived_on.is_null()))
            last = {m.id: Reading.select().where(Reading.meter == m.id).order_by(Reading.period.desc()).first()
                    for m in meters}
            said = "; ".join(f"№ {m.serial} " + "/".join(_value(last[m.id], index == 2, t) for t in range(m.tariffs))
                             for m in meters)
            result = [("да", said, "", "")] * 3 + [("нет", "", "", ""), ("да", "", "не буду", "сам передам"),
                                                   ("да", said, "", "спасибо")]
            reached, readings, refusal, comment = result[index]
            book.active.append([row.row_id, row.phone, reached, readings, refusal, comment])
        book.save(WORK / "Итоги обзвона.xlsx")
        results = CallResultsDialog(window, WORK / "Итоги обзвона.xlsx")
        results.file.setText(str(received("Итоги обзвона.xlsx")))
        results.resize(1180, 420)
        results.show()
        for _ in range(5):
            app.processEvents()
        shot(results, DOCS / "calls-results.png")
        results.close()
        window.hide()
        _ = work


def _value(last, lower: bool, tariff: int = 0) -> str:
    """A value dictated for tariff ``tariff`` of a meter whose last reading is ``last``: a
    little more, or (``lower``) less than it — the mistake the import refuses."""
    previous = (last.t1, last.t2, last.t3)[tariff] if last is not None else None
    base = float(previous) if previous is not None else 100.0
    return f"{base - 5 if lower else base + 7:.1f}".replace(".", ",")


if __name__ == "__main__":
    main()
