"""Файл → Открыть базу… and Создать базу…: another base in place of the one open now.

The chosen file is checked first (``services.base_choice``): a file that is no base of
this program is refused with a message and the base open now stays open. Otherwise the
window is closed as at the program's exit (its settings saved, running jobs waited
for, the backup on exit made, the lock released), the new base is opened with the same
questions as at the start (another copy holds it, it is damaged), and a new window
opens on it — no page keeps data of the base that was closed. When the new base
cannot be opened, the one open before is opened again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from tsj_desk.domain.errors import TsjError
from tsj_desk.services import base_choice, session
from ui import errors

log = logging.getLogger(__name__)

FILE_FILTER = "База ТСЖ Деск (*.sqlite3 *.sqlite *.db);;Все файлы (*)"

_windows: list[QWidget] = []  # the window opened here is kept alive by this reference


def tr(text: str) -> str:
    return QCoreApplication.translate("BaseSwitch", text)


def _start_folder(window) -> str:
    current = getattr(window, "database", None)
    if current is not None and not str(current).startswith(("postgres", "postgresql")):
        return str(Path(current).parent)
    return str(session.data_dir())


def choose_base_to_open(window) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(window, tr("Открыть базу"), _start_folder(window),
                                          tr(FILE_FILTER))
    return Path(name) if name else None


def choose_new_base(window) -> Path | None:
    start = str(Path(_start_folder(window)) / tr("Новая база.sqlite3"))
    name, _ = QFileDialog.getSaveFileName(
        window, tr("Создать базу"), start, tr(FILE_FILTER),
        options=QFileDialog.Option.DontConfirmOverwrite)  # an existing file is refused anyway
    return Path(name) if name else None


def open_base(window) -> QWidget | None:
    """Файл → Открыть базу…: the new window, or None when nothing changed."""
    chosen = choose_base_to_open(window)
    if chosen is None:
        return None
    if base_choice.same_file(chosen, getattr(window, "database", None)):
        QMessageBox.information(window, tr("Открыть базу"), tr("Эта база уже открыта."))
        return None
    try:
        target = base_choice.check_existing_base(chosen)
    except TsjError as exc:
        errors.show_message(window, exc.message)
        return None
    question = tr("Закрыть базу «{0}» и открыть «{1}»?\n\nОкно программы откроется заново "
                  "на выбранной базе.").format(_shown(window), target)
    if not _agreed(window, tr("Открыть базу"), question):
        return None
    return switch(window, target)


def create_base(window) -> QWidget | None:
    """Файл → Создать базу…: the new window on an empty base, or None."""
    chosen = choose_new_base(window)
    if chosen is None:
        return None
    try:
        target = base_choice.new_base_path(chosen)
    except TsjError as exc:
        errors.show_message(window, exc.message)
        return None
    question = tr("Создать новую пустую базу «{0}» и перейти в неё?\n\nБаза «{1}» будет закрыта "
                  "(в ней ничего не изменится); открыть её снова можно через «Файл → Открыть "
                  "базу…».").format(target, _shown(window))
    if not _agreed(window, tr("Создать базу"), question):
        return None
    return switch(window, target)


def choose_connection(window) -> QWidget | None:
    """Файл → Подключение к базе…: a file of this computer or a base on a PostgreSQL
    server (``ui.server_dialog``); the new window, or None when nothing changed."""
    from ui import server_dialog

    target = server_dialog.ask(window, default_path=session.default_database_path())
    if target is None:
        return None
    current = getattr(window, "database", None)
    if isinstance(target, Path):
        if base_choice.same_file(target, current):
            QMessageBox.information(window, tr("Подключение к базе"), tr("Эта база уже открыта."))
            return None
        if target.exists():
            try:
                target = base_choice.check_existing_base(target)
            except TsjError as exc:
                errors.show_message(window, exc.message)
                return None
    elif current is not None and session.shown_target(target) == session.shown_target(current):
        QMessageBox.information(window, tr("Подключение к базе"), tr("Эта база уже открыта."))
        return None
    question = tr("Закрыть базу «{0}» и открыть «{1}»?\n\nОкно программы откроется заново "
                  "на выбранной базе.").format(_shown(window), session.shown_target(target))
    if not _agreed(window, tr("Подключение к базе"), question):
        return None
    return switch(window, target)


def _shown(window) -> str:
    current = getattr(window, "database", None)
    return session.shown_target(current) if current is not None else ""


def _agreed(window, title: str, question: str) -> bool:
    answer = QMessageBox.question(window, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def switch(window, target: Path) -> QWidget | None:
    """Close ``window`` and its base, open ``target`` in a new window (returned). None
    when the window refused to close (unsaved readings kept) or the base did not open
    (then the window opens again on the base it had)."""
    from ui.app import open_with_questions

    app = QApplication.instance()
    previous = getattr(window, "database", None)
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        if not window.close():  # a page asked and the user kept what he typed
            return None
        session.close_session()
        opened = open_with_questions(target)
        if opened is None and previous is not None:
            opened = open_with_questions(previous)
        if opened is None:
            app.quit()
            return None
        fresh = _new_window(opened)
        if fresh is None:
            app.quit()
        window.deleteLater()
        return fresh
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)


def _new_window(database: Path | str) -> QWidget | None:
    from ui.first_run import wizard as first_run_wizard
    from ui.main_window import MainWindow
    from ui.users.who_dialog import choose_at_start

    try:
        if not choose_at_start():
            session.close_session()
            return None
    except TsjError as exc:
        errors.show_error(None, exc)
    fresh = MainWindow(database)
    from ui import server_notice

    server_notice.attach(fresh)
    _windows[:] = [w for w in _windows if _alive(w)] + [fresh]
    fresh.show()
    first_run_wizard.offer(fresh)  # a new (blank) base: the wizard, as at the first start
    return fresh


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
        return widget.isVisible()
    except RuntimeError:  # its C++ object is gone
        return False
