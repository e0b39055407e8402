"""Starting the window: the application object, the database session, the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from tsj_desk.domain.errors import DatabaseProblem, TsjError
from tsj_desk.services.session import close_session, open_session
from ui import clock, errors
from ui.settings import APPLICATION, ORGANIZATION

log = logging.getLogger(__name__)


def install_russian(app: QApplication) -> QTranslator | None:
    """Russian dates, numbers and Qt's own texts (standard buttons, calendar)."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    translator = QTranslator(app)
    if translator.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        return translator
    return None


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("ТСЖ Деск")
    app.setStyle("Fusion")
    install_russian(app)
    from tsj_desk.services import calendar_store

    calendar_store.use_stored(calendar_store.cache_folder())  # deadlines without importing holidays
    return app


def open_with_questions(database: Path | str, parent=None) -> Path | str | None:
    """Open the database for this window, asking the user what to do when another copy
    holds it (open read-only?) or it is damaged (restore the newest good backup?).
    Returns the path, or None when it could not be opened."""

    from tsj_desk.domain.errors import DatabaseDamaged, DatabaseLocked
    from tsj_desk.services import backups
    from tsj_desk.services.session import ChangesLost

    try:
        return open_session(database, lock=True, quick_check=False, now=clock.now())
    except DatabaseLocked as exc:
        answer = QMessageBox.question(
            parent, "ТСЖ Деск", exc.message + "\n\nОткрыть базу только для чтения?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            return open_session(database, lock=True, read_only_ok=True, quick_check=False, now=clock.now())
        except DatabaseProblem as again:
            QMessageBox.critical(parent, "ТСЖ Деск", again.message)
            return None
    except ChangesLost as exc:
        return _open_without_lost_changes(database, exc, parent)
    except DatabaseDamaged as exc:
        if exc.backup is None:
            QMessageBox.critical(parent, "ТСЖ Деск", exc.message)
            return None
        answer = QMessageBox.question(
            parent, "ТСЖ Деск", exc.message + "\n\nВосстановить базу из этой копии сейчас? "
            "Повреждённый файл будет сохранён рядом.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            backups.restore_backup(exc.backup, now=clock.now(seconds=True), db_path=Path(database))
            return open_session(database, lock=True, now=clock.now())
        except DatabaseProblem as again:
            QMessageBox.critical(parent, "ТСЖ Деск", again.message)
            return None
    except DatabaseProblem as exc:
        QMessageBox.critical(parent, "ТСЖ Деск", exc.message)
        return None


def _open_without_lost_changes(database: Path | str, exc, parent=None) -> Path | str | None:
    """The base lost changes it had (its -wal deleted): restore the newest good copy, or
    go on with the base as it is, or neither (the window does not open)."""
    from tsj_desk.services import backups

    yes = QMessageBox.StandardButton.Yes
    try:
        if exc.backup is not None:
            answer = QMessageBox.question(
                parent, "ТСЖ Деск", exc.message + "\n\nВосстановить базу из этой копии сейчас? "
                "Нынешнее состояние базы будет сохранено отдельной копией.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            if answer == yes:
                backups.restore_backup(exc.backup, now=clock.now(seconds=True), db_path=Path(database))
                return open_session(database, lock=True, now=clock.now())
            question = ("Продолжить работу с базой как есть? Потерянные изменения придётся внести "
                        "заново; программа больше не будет о них напоминать.")
        else:
            question = (exc.message + "\n\nПродолжить работу с базой как есть? Программа больше "
                        "не будет напоминать о потерянных изменениях.")
        if QMessageBox.question(parent, "ТСЖ Деск", question,
                                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) != yes:
            return None
        return open_session(database, lock=True, accept_lost_changes=True, now=clock.now())
    except DatabaseProblem as again:
        QMessageBox.critical(parent, "ТСЖ Деск", again.message)
        return None


def run(database: Path | str) -> int:
    """Open ``database`` and show the main window; the process exit code."""
    from tsj_desk.services.session import data_dir
    from ui.logs import setup_logging

    setup_logging(data_dir() / "logs")
    app = make_application()
    errors.install_excepthook()
    from ui.server_dialog import open_at_start

    opened = open_at_start(database, open_with_questions)  # no base named: the file or the server
    if opened is None:
        return 1
    from ui.users.who_dialog import choose_at_start

    if not choose_at_start():
        close_session()
        return 0

    try:
        window = show_window(opened)  # held here while the application runs
        return app.exec()
    finally:
        close_session()


def show_window(opened: Path | str):
    """The main window on the opened base, shown; the whole base is checked behind it
    (``MainWindow.check_in_background``); a blank base gets the first-run wizard."""
    from ui.main_window import MainWindow

    window = MainWindow(opened)
    from tsj_desk.services import backups

    if not backups.made_here():  # a base on a server: «Нет связи с сервером, повторяем…» in the status bar
        from ui import server_notice

        server_notice.attach(window)
    window.show()
    _freeze_start_objects()
    window.check_in_background()
    _offer_first_run(window)
    return window


def _freeze_start_objects() -> None:
    """What the start made (modules, classes, the window) lives as long as the program:
    kept out of the cycle collector's passes (once a process), so that its first full
    pass does not walk them all again during the first page the user opens (15–70 ms)."""
    import gc

    if not gc.get_freeze_count():
        gc.freeze()


def _offer_first_run(window) -> None:
    """The first-run wizard on a blank base; its module (and what it imports) is loaded
    only then, not at every start."""
    from tsj_desk.services import first_run, session

    try:
        blank = not session.read_only and first_run.needs_setup()
    except TsjError:
        blank = True  # the wizard's own offer asks again and tells the problem
    if blank:
        from ui.first_run import wizard

        wizard.offer(window)
