"""The main window: navigation on the left, the chosen page on the right.

Pages are registered in ``PAGES``, in navigation order; a later page (Сводка,
Обращения, Показания, Акты и документы, Настройки) is added by appending one
``PageSpec`` there. Ctrl+1…Ctrl+9 switch to the first nine pages. A page may define
``page_shown()`` to refresh itself whenever it is brought to the front.

A page is built when it is first shown (``page(key)`` builds it for whoever needs it
sooner); until then the stack holds an empty placeholder in its place. A page that
fills itself off the GUI thread tells it by ``is_loading()`` (True until its data is on
screen): ``benchmarks/scale.py`` waits for it to time the page's first paint.

Start and exit: the window opens without checking the whole base; ``check_in_background``
(called by ``ui.app`` once the window is shown) makes the quick check of the base and
the full check of the copies written on exit, and tells damage in the status bar and
a notice offering the backups page. The exit copy of a large base is written without
its full check (marked unverified, checked at the next start), after the window is
hidden; a small base's copy is checked at once, the check fitting in the second.

The menu bar (``ui.menu_bar``): Файл — open or create a base, print, exit; Правка —
find, copy; Справка — the user guide (F1, on the current page's section) and
«О программе».
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.services import backups, session
from tsj_desk.services.organization import organization_name
from ui import clock, workers
from ui.settings import settings

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@dataclass(frozen=True)
class PageSpec:
    key: str  # stable name for settings and tests
    title: str  # shown in the navigation
    factory: Callable[[QWidget], QWidget]


def _announcements_page(parent: QWidget) -> QWidget:
    from ui.announcements.page import AnnouncementsPage

    return AnnouncementsPage(parent)


def _register_page(parent: QWidget) -> QWidget:
    from ui.register.page import RegisterPage

    return RegisterPage(parent)


def _disclosures_page(parent: QWidget) -> QWidget:
    from ui.disclosures.page import DisclosuresPage

    return DisclosuresPage(parent)


def _summary_page(parent: QWidget) -> QWidget:
    from ui.summary.page import SummaryPage

    return SummaryPage(parent)


def _audit_page(parent: QWidget) -> QWidget:
    from ui.audit.page import AuditPage

    return AuditPage(parent)


def _backups_page(parent: QWidget) -> QWidget:
    from ui.backups.page import BackupsPage

    return BackupsPage(parent)


def _acts_page(parent: QWidget) -> QWidget:
    from ui.acts.page import ActsPage

    return ActsPage(parent)


def _journal_page(parent: QWidget) -> QWidget:
    from ui.journal.page import JournalPage

    return JournalPage(parent)


def _readings_page(parent: QWidget) -> QWidget:
    from ui.readings.page import ReadingsPage

    return ReadingsPage(parent)


def _debtors_page(parent: QWidget) -> QWidget:
    from ui.debtors.page import DebtorsPage

    return DebtorsPage(parent)


def _settings_page(parent: QWidget) -> QWidget:
    from ui.settings_page.page import SettingsPage

    return SettingsPage(parent)


PAGES: list[PageSpec] = [
    PageSpec("summary", "Сводка", _summary_page),
    PageSpec("register", "Реестр собственников", _register_page),
    PageSpec("journal", "Обращения", _journal_page),
    PageSpec("readings", "Показания", _readings_page),
    PageSpec("debtors", "Должники", _debtors_page),
    PageSpec("disclosures", "Выдача реестра", _disclosures_page),
    PageSpec("acts", "Акты и документы", _acts_page),
    PageSpec("announcements", "Объявления", _announcements_page),
    PageSpec("audit", "Журнал изменений", _audit_page),
    PageSpec("backups", "Резервные копии", _backups_page),
    PageSpec("settings", "Справочники и настройки", _settings_page),
]


class _Pages(dict):
    """The pages built so far; ``key in pages`` is true of every registered page and
    ``pages[key]`` builds one not yet built (code that looks a page up by its key gets it)."""

    def __init__(self, keys: list[str], build: Callable[[str], QWidget]):
        super().__init__()
        self._keys = frozenset(keys)
        self._build = build

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __missing__(self, key: str) -> QWidget:
        if key not in self._keys:
            raise KeyError(key)
        return self._build(key)

    def built(self, key: str) -> bool:
        return dict.__contains__(self, key)


class MainWindow(QMainWindow):
    def __init__(self, database: Path | str, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.show_title()
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        self._specs = {spec.key: spec for spec in PAGES}
        self._keys = [spec.key for spec in PAGES]
        self.pages = _Pages(self._keys, self._build_page)
        for number, spec in enumerate(PAGES, start=1):
            placeholder = QWidget(self.stack)
            placeholder.setObjectName(f"placeholder-{spec.key}")
            self.stack.addWidget(placeholder)
            item = QListWidgetItem(tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            if number <= 9:
                item.setToolTip(f"Ctrl+{number}")
                shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
                shortcut.activated.connect(lambda index=number - 1: self.show_page_at(index))
            self.navigation.addItem(item)
        self.navigation.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        self.navigation.setFixedWidth(
            max(self.navigation.sizeHintForColumn(0), 150) + 2 * self.navigation.frameWidth() + 24)
        self.navigation.currentRowChanged.connect(self._on_navigation)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        read_only = session.read_only
        self.database_label = QLabel(
            tr("База: {0}").format(session.shown_target(database))
            + (tr(" — только чтение") if read_only else ""))
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user_label = QLabel()
        self.user_label.setObjectName("current-user")
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.show_user()
        # Ctrl+N registers a request from any page: the journal page holds that shortcut
        # once it is built; until then the window builds it when the keys are pressed
        self._new_request = QShortcut(QKeySequence("Ctrl+N"), self)
        self._new_request.activated.connect(lambda: self.page("journal").register_new())
        self.start_check: object | None = None  # the background check's job, while it runs
        self.damage_notice: QMessageBox | None = None
        self.resize(QSize(1280, 800))
        self._restore_geometry()
        self.navigation.setCurrentRow(0)
        from ui.menu_bar import build_menu_bar

        self.actions_by_name = build_menu_bar(self)

        # keep the lock fresh for other computers, and back up at most daily while data changes
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(45_000)
        self._heartbeat.timeout.connect(self._keep_alive)
        self._heartbeat.start()
        self._daily = QTimer(self)
        self._daily.setInterval(60 * 60 * 1000)
        self._daily.timeout.connect(lambda: self._auto_backup("daily", 24))
        self._backup_failures_told: set[str] = set()
        self._telling = False
        if not read_only:
            self._daily.start()
        from ui.readings.preload import preload_when_idle

        preload_when_idle(self)  # «Показания»'s modules, a moment after the window is up

    def show_title(self) -> None:
        name = organization_name()
        self.setWindowTitle(tr("ТСЖ Деск — {0}").format(name) if name else tr("ТСЖ Деск"))

    def after_setup(self) -> None:
        """The first-run wizard closed: its organisation in the title, the register page
        with what it loaded (or its hint of what to do first)."""
        self.show_title()
        if self.current_key() == "register":
            self.page("register").page_shown()
        else:
            self.show_page("register")

    def show_user(self) -> None:
        """Who works: the name the change log writes (the chosen user, the only one, or
        the operating-system login when the base has no users)."""
        from tsj_desk.services import audit

        self.user_label.setText(tr("Работает: {0}").format(audit.current_user()))

    def show_about(self) -> None:
        """Справка → «О программе»."""
        from ui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def show_guide(self) -> None:
        """Справка → Руководство (F1): the user guide opened on the current page's section."""
        from ui.help_dialog import show_guide

        show_guide(self, self.current_key())

    # -- pages

    def page(self, key: str) -> QWidget:
        """The page ``key``, built now if it was not yet shown."""
        page = self.pages.get(key)
        if page is None:
            page = self._build_page(key)
        return page

    def is_built(self, key: str) -> bool:
        return self.pages.built(key)

    def _build_page(self, key: str) -> QWidget:
        row = self._keys.index(key)
        placeholder = self.stack.widget(row)
        current = self.stack.currentIndex()
        page = self._specs[key].factory(self.stack)
        page.setObjectName(f"page-{key}")
        self.pages[key] = page
        self.stack.insertWidget(row, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        policy = QSizePolicy.Policy.Preferred if row == current else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
        if current >= 0:
            self.stack.setCurrentIndex(current)
        if key == "settings":
            page.users.changed.connect(self.show_user)
        if key == "journal" and self._new_request is not None:
            self._new_request.setEnabled(False)  # the page's own Ctrl+N from now on
            self._new_request.deleteLater()
            self._new_request = None
        return page

    def show_page(self, key: str) -> QWidget:
        self.navigation.setCurrentRow(self._keys.index(key))
        return self.page(key)

    @Slot(int)
    def show_page_at(self, index: int) -> None:
        if 0 <= index < self.navigation.count():
            self.navigation.setCurrentRow(index)

    def current_key(self) -> str:
        return self.navigation.currentItem().data(Qt.ItemDataRole.UserRole)

    @Slot(int)
    def _on_navigation(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(self._keys[row])
        # a hidden page must not hold the window to its own minimum size
        for index in range(self.stack.count()):
            policy = (QSizePolicy.Policy.Preferred if index == row else QSizePolicy.Policy.Ignored)
            self.stack.widget(index).setSizePolicy(policy, policy)
        self.stack.setCurrentIndex(row)
        shown = getattr(page, "page_shown", None)
        if shown is not None:
            shown()

    # -- settings

    def _restore_geometry(self) -> None:
        geometry = settings().value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)

    def save_settings(self) -> None:
        store = settings()
        store.setValue("main_window/geometry", self.saveGeometry())
        store.sync()

    @Slot()
    def _keep_alive(self) -> None:
        session.heartbeat(clock.now())

    # -- the check after start

    def check_in_background(self) -> None:
        """The quick check of the base and the check of the copies written on exit, off
        the GUI thread; damage is told by ``tell_damage``."""
        if session.read_only or not backups.made_here() or self.start_check is not None:
            return
        from tsj_desk.services.base_check import check_at_start

        moment = clock.now(seconds=True)
        job = workers.Job(lambda progress, cancel: check_at_start(now=moment, cancel=cancel))
        job.finished.connect(self._start_check_done)
        job.failed.connect(lambda exc: log.info("the check after start stopped: %r", exc))
        job.finished.connect(lambda _: setattr(self, "start_check", None))
        job.failed.connect(lambda _: setattr(self, "start_check", None))
        self.start_check = job.start()

    def _start_check_done(self, found) -> None:
        if found.copies.passed:
            log.info("copies verified at start: %s", ", ".join(b.path.name for b in found.copies.passed))
        if not found.ok:
            self.tell_damage(found.describe())

    def tell_damage(self, text: str) -> None:
        """Damage found in the background: the status bar keeps it, and a notice (not
        blocking the window) offers the backups page."""
        self.statusBar().showMessage(tr("База может быть повреждена: откройте «Резервные копии»"))
        box = QMessageBox(QMessageBox.Icon.Critical, tr("База может быть повреждена"), text,
                          QMessageBox.StandardButton.NoButton, self)
        to_backups = box.addButton(tr("Открыть «Резервные копии»"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Закрыть"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(to_backups)

        def answered() -> None:
            if box.clickedButton() is to_backups:
                self.show_page("backups")
            self.damage_notice = None

        box.finished.connect(answered)
        self.damage_notice = box
        box.open()

    def _auto_backup(self, trigger: str, min_hours: float = 0, *, verify: bool = True) -> None:
        """The automatic backup (daily, on exit): none while nothing changed. A failure
        is logged and told in a dialog that stays until read (``tell_backup_failed``)."""
        if self._telling or session.read_only or not backups.made_here():
            return  # a base on a server is copied by its administrator
        try:
            made = backups.backup_if_changed(trigger, now=clock.now(seconds=True), min_interval_hours=min_hours,
                                             verify=verify)
        except TsjError as exc:
            log.warning("automatic backup failed: %s", exc.message)
            self.tell_backup_failed(exc)
            return
        if made is not None:
            self.statusBar().showMessage(tr("Резервная копия сохранена: {0}").format(made.path), 10000)

    def tell_backup_failed(self, exc: TsjError) -> None:
        """A failed automatic backup, or a copy that failed its check (the base itself may
        be damaged: the message says what to do), in a dialog the user closes. The same
        failure again in this session (the daily attempt every hour) stays in the status
        bar until another message replaces it."""
        text = tr("Автоматическая резервная копия не создана.\n\n{0}").format(exc.message)
        self.statusBar().showMessage(tr("Резервная копия не создана: {0}").format(exc.message))
        if exc.message in self._backup_failures_told:
            return
        self._backup_failures_told.add(exc.message)
        self._telling = True
        try:
            if isinstance(exc, backups.BackupCheckFailed):
                QMessageBox.critical(self, tr("База может быть повреждена"), text)
            else:
                QMessageBox.warning(self, tr("Резервная копия не создана"), text)
        finally:
            self._telling = False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        workers.wait_for_all(cancel=True)
        self._heartbeat.stop()
        self._daily.stop()
        if self._exit_copy_checked_at_once():
            self._auto_backup("exit")
        else:  # a large base: the copy is made after the window is gone, checked at the next start
            self.hide()
            self._auto_backup("exit", verify=False)
        super().closeEvent(event)

    @staticmethod
    def _exit_copy_checked_at_once() -> bool:
        from tsj_desk.services.backup_verification import check_fits_in_a_second

        return backups.made_here() and check_fits_in_a_second()
