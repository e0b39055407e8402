"""Screenshots of the request journal on the demo database.

    uv run python docs/make_journal_screenshots.py

Writes ``docs/journal.png`` (the main window on «Обращения»: every row colour and
the legend) and ``docs/request-dialog.png`` (the registration form filled in, the
deadline shown). It runs offscreen, on a demo database made for 24.11.2026 in a
temporary folder, with the window settings in that folder too: the user's data and
configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime, time

from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot

NOW = datetime(2026, 11, 24, 10, 35)


def add_every_colour() -> None:
    """The demo has no request due today and no late answer among the newest rows:
    one request received yesterday (due today), one overdue request answered today."""
    from tsj_desk.domain.deadlines import DeadlineStatus
    from tsj_desk.services.journal import (
        AnswerInput,
        JournalFilter,
        RequestInput,
        answer_request,
        list_requests,
        register_request,
    )

    register_request(RequestInput(
        category="public_info", received_at=datetime(2026, 11, 23, 16, 40),
        applicant="Гостев Павел Сергеевич", applicant_contacts="+7 903 111-22-33",
        subject="Где опубликован отчёт правления за 2025 год?",
        text="Где опубликован отчёт правления за 2025 год?", channel="email"),
        now=datetime(2026, 11, 23, 16, 42))
    overdue = [r for r in list_requests(JournalFilter(overdue=True), today=TODAY)
               if r.state is DeadlineStatus.OVERDUE]
    late = overdue[0]
    answer_request(late.reg_no, AnswerInput(
        text="Ответ по существу обращения направлен заявителю.", on=TODAY, at=time(10, 30),  # a deadline
        outgoing_no="исх-412",  # in hours (an emergency) needs the time of the answer too
        result="explained", recalculation="Перерасчёт платы будет произведён"
        if late.category_code == "utility_quality" else ""), now=datetime(2026, 11, 24, 10, 30))


def main() -> None:
    with offscreen_app(NOW) as (app, _):  # the day the demo was made for
        from tsj_desk.services.registry import search_persons

        database = demo_base()
        add_every_colour()
        from ui.journal.forms import to_qdatetime
        from ui.journal.request_dialog import RequestDialog

        window = main_window(database)
        window.show_page("journal")
        app.processEvents()
        shot(window, DOCS / "journal.png")

        dialog = RequestDialog(window)
        dialog.received.setDateTime(to_qdatetime(NOW))
        dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
        owner = next(p for p in search_persons("Кузнецова") if p.premises)
        dialog.choose_person(owner)
        dialog.category.setCurrentIndex(dialog.category.findData("maintenance"))
        dialog.subject.setText("Не горит свет на лестничной площадке 7 этажа")
        dialog.text.setPlainText("С 22.11 не горит свет на лестничной площадке 7 этажа во втором "
                                 "подъезде. Прошу заменить лампу и проверить выключатель.")
        dialog.show()
        dialog.resize(720, dialog.sizeHint().height())
        dialog.subject.setFocus()
        app.processEvents()
        shot(dialog, DOCS / "request-dialog.png")
        dialog.close()
        window.close()


if __name__ == "__main__":
    main()
