"""«Резервные копии»: the copies of the base, a copy made now, a check, a restore.

Every long step (making, checking, restoring a copy) runs in a worker with a
progress dialog. A restore first saves the current state as a copy of its own,
then writes the chosen copy over the base; the window then opens the base again
and refreshes its pages. A read-only session (another copy of the program holds
the base) may look at the copies and check them, nothing else.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_datetime
from tsj_desk.services import backups, base_check, restore, session
from tsj_desk.services.backups import BackupInfo
from tsj_desk.services.restore import CopyCheck, OtherBaseCopy
from ui import clock, colors, errors
from ui.backups.model import BackupsModel, format_size
from ui.backups.server_mode import ServerBackups
from ui.tables import make_table, selected_row
from ui.workers import Job, run_with_progress


def tr(text: str) -> str:
    return QCoreApplication.translate("BackupsPage", text)


def copies_text(count: int) -> str:
    return counted(count, "копия", "копии", "копий")


def describe(backup: BackupInfo) -> str:
    """«от 24.11.2026 10:00 (при выходе)»: how a copy is named in messages."""
    return tr("от {0} ({1})").format(format_datetime(backup.made_at), backup.trigger_label)


INTRO = ("Копии базы создаются автоматически: перед каждой загрузкой, обновлением базы и "
         "восстановлением, при выходе из программы и раз в день, если данные менялись. Каждая копия "
         "проверяется сразу после записи. Хранятся последние 7 ежедневных, 4 еженедельных и "
         "12 ежемесячных копий, копии перед загрузками — 30 дней, а сделанные вручную — все. "
         "В списке только копии этой базы; копию с другого компьютера можно восстановить "
         "кнопкой «Из файла…».")
READ_ONLY_NOTE = ("База открыта только для чтения: её держит другая копия программы. Создавать "
                  "копии, менять папку и восстанавливать базу можно только там, где база открыта "
                  "для записи; проверить копию можно и здесь.")


class BackupsPage(ServerBackups, QWidget):
    """The list of copies with «Создать копию сейчас», «Проверить» and «Восстановить…»."""

    # emitted when a worker step has ended (successfully or not): "backup", "check", "restore"
    operation_done = Signal(str)
    # the base was restored from a copy and opened again
    restored = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._job: Job | None = None
        self._db_path: Path | None = None
        layout = QVBoxLayout(self)

        self.intro = QLabel(self.tr(INTRO))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("Папка для копий:")))
        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton(self.tr("Выбрать папку…"))
        self.folder_button.setToolTip(self.tr(
            "Для копий подойдёт флешка или сетевая папка; сама база должна оставаться на этом компьютере."))
        self.folder_button.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        layout.addLayout(folder_row)
        self.folder_problem = QLabel()
        self.folder_problem.setStyleSheet(colors.ERROR_LABEL_STYLE)
        self.folder_problem.setWordWrap(True)
        self.folder_problem.hide()
        layout.addWidget(self.folder_problem)

        actions = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Создать копию сейчас"))
        self.check_button = QPushButton(self.tr("Проверить"))
        self.check_button.setToolTip(self.tr(
            "Проверка целостности копии и связей между таблицами (Enter или двойной щелчок по копии)"))
        self.restore_button = QPushButton(self.tr("Восстановить…"))
        self.restore_button.setToolTip(self.tr(
            "Заменить базу выбранной копией; текущее состояние будет сохранено отдельной копией"))
        self.backup_button.clicked.connect(self.make_backup)
        self.check_button.clicked.connect(self.check_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(self.tr("Из файла…"))
        self.restore_file_button.setToolTip(self.tr(
            "Восстановить базу из копии, которой нет в списке: с флешки, с прежнего компьютера"))
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.check_base_button = QPushButton(self.tr("Проверить базу"))
        self.check_base_button.setToolTip(self.tr(
            "Полная проверка файла базы: целостность, связи между таблицами и все ли сохранённые "
            "изменения в нём есть"))
        self.check_base_button.clicked.connect(self.check_base)
        actions.addWidget(self.backup_button)
        actions.addWidget(self.check_base_button)
        actions.addSpacing(24)
        actions.addWidget(self.check_button)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.restore_file_button)
        actions.addStretch(1)
        self.count_label = QLabel()
        actions.addWidget(self.count_label)
        layout.addLayout(actions)

        self.read_only_note = QLabel(self.tr(READ_ONLY_NOTE))
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        layout.addWidget(self.read_only_note)

        self.model = BackupsModel(self)
        # newest first until the user sorts otherwise
        self.table, self.proxy = make_table(self, self.model, "backups",
                                            sort_order=Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(lambda _index: self.check_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        self.reload()

    # -- data

    @Slot()
    def reload(self) -> None:
        if self.on_server():  # pg_dump copies (ui.backups.server_mode)
            self.reload_server()
            return
        keep = self.selected_backup()
        try:
            self._db_path = backups.current_database_path()
            folder = backups.backup_dir(self._db_path)
            default = backups.default_backup_dir(self._db_path)
            rows = backups.known_backups(self._db_path)
        except TsjError as exc:  # a server database: copies are the server's business
            self._db_path = None
            self.model.set_rows([])
            self.folder_label.setText("—")
            self.count_label.clear()
            self.status.setText(exc.message)
            self._update_buttons()
            return
        self.model.set_rows(rows)
        self.folder_label.setText(str(folder))
        missing = folder != default and not folder.is_dir()
        problem = self.tr("Папка «{0}» сейчас недоступна: вставьте флешку или проверьте сеть, "
                          "либо выберите другую папку.").format(folder) if missing else ""
        self.folder_problem.setText(problem)
        self.folder_problem.setVisible(missing)
        total = sum(b.size for b in rows)
        self.count_label.setText(
            self.tr("{0}, всего {1}").format(copies_text(len(rows)), format_size(total)) if rows
            else self.tr("Копий пока нет"))
        if keep is not None:
            self.select_backup(keep.path)
        self._update_buttons()

    def page_shown(self) -> None:
        self.reload()

    def visible_backups(self) -> list[BackupInfo]:
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    def selected_backup(self) -> BackupInfo | None:
        return selected_row(self.table)

    def select_backup(self, path: Path) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).path == path:
                self.table.selectRow(r)
                return True
        return False

    def busy(self) -> bool:
        return self._job is not None

    @Slot()
    def _update_buttons(self) -> None:
        read_only = session.read_only
        usable = self._db_path is not None or self.on_server()
        for button in (self.backup_button, self.restore_button, self.folder_button,
                       self.restore_file_button):
            button.setVisible(not read_only)
        self.read_only_note.setVisible(read_only)
        chosen = self.selected_backup() is not None
        idle = self._job is None
        self.backup_button.setEnabled(usable and idle)
        self.folder_button.setEnabled(usable and idle)
        self.restore_file_button.setEnabled(usable and idle)
        self.check_base_button.setEnabled(usable and idle)
        self.check_button.setEnabled(usable and idle and chosen)
        self.restore_button.setEnabled(usable and idle and chosen)

    def _start(self, kind: str, label: str, work, done, handled=None) -> None:
        """Run ``work`` in a worker; ``done(result)`` after it, or ``handled(exc)`` (True:
        it took care of the failure) before the failure is shown."""
        def finished(result: object) -> None:
            self._job = None
            try:
                done(result)
            finally:
                self._update_buttons()
                self.operation_done.emit(kind)

        def failed(exc: BaseException) -> None:
            self._job = None
            self.reload()
            self._update_buttons()
            if handled is not None and handled(exc):
                self.operation_done.emit(kind)
                return
            self.status.setText(self.tr("Не получилось: {0}").format(
                exc.message if isinstance(exc, TsjError) else type(exc).__name__))
            errors.show_error(self, exc)
            self.operation_done.emit(kind)

        self._job = run_with_progress(self, label, work, on_finished=finished, on_failed=failed,
                                      cancellable=False)
        self._update_buttons()

    # -- folder

    @Slot()
    def choose_folder(self) -> None:
        if self.on_server() and not session.read_only:
            self.choose_server_folder()
            return
        if self._db_path is None or session.read_only:
            return
        current = str(backups.backup_dir(self._db_path))
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Папка для резервных копий"), current)
        if not chosen:
            return
        try:
            backups.set_backup_dir(Path(chosen))
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.reload()
        self.status.setText(self.tr("Новые копии будут сохраняться в «{0}». Прежние копии "
                                    "остаются там, где были.").format(backups.backup_dir(self._db_path)))

    # -- make a copy now

    @Slot()
    def make_backup(self) -> None:
        if self._job is None and self.on_server() and not session.read_only:
            self.make_server_backup()
            return
        if self._job is not None or self._db_path is None or session.read_only:
            return
        db_path = self._db_path

        def work(progress, cancel) -> BackupInfo:
            return backups.make_backup("manual", now=clock.now(seconds=True), db_path=db_path, progress=progress)

        def done(made: BackupInfo) -> None:
            self.reload()
            self.select_backup(made.path)
            self.status.setText(self.tr("Копия сохранена и проверена: {0} ({1}).").format(
                made.path, format_size(made.size)))

        self._start("backup", self.tr("Создание резервной копии…"), work, done)

    # -- check

    @Slot()
    def check_selected(self) -> None:
        backup = self.selected_backup()
        if backup is None or self._job is not None:
            return
        if self.on_server():
            self.check_server_copy(backup)
            return

        def work(progress, cancel):
            return backups.check_backup(backup.path)

        def done(verdict) -> None:
            text = verdict.describe()
            self.model.mark_checked(backup, verdict.ok, text)
            if verdict.ok:
                message = self.tr("Копия {0} исправна: проверка целостности и связей между таблицами "
                                  "пройдена.").format(describe(backup))
                self.status.setText(message)
                QMessageBox.information(self, self.tr("Проверка копии"), message)
            else:
                message = self.tr("Копия {0} повреждена, восстанавливать из неё нельзя.\n\n{1}").format(
                    describe(backup), text)
                self.status.setText(message.replace("\n\n", " "))
                QMessageBox.warning(self, self.tr("Проверка копии"), message)

        self._start("check", self.tr("Проверка копии…"), work, done)

    @Slot()
    def check_base(self) -> None:
        """«Проверить базу»: the full check of the base; the verdict, and what to do when
        something is wrong, in a dialog."""
        if self._job is None and self.on_server():
            self.check_server_base()
            return
        if self._job is not None or self._db_path is None:
            return
        db_path = self._db_path

        def work(progress, cancel) -> base_check.BaseCheck:
            return base_check.check_base(db_path)

        def done(found: base_check.BaseCheck) -> None:
            text = found.describe()
            self.status.setText(text.replace("\n", " "))
            if found.ok:
                QMessageBox.information(self, self.tr("Проверка базы"), text)
            else:
                QMessageBox.critical(self, self.tr("Проверка базы"), text)

        self._start("check", self.tr("Проверка базы…"), work, done)

    # -- restore

    def confirm_restore(self, backup: BackupInfo) -> bool:
        """Ask before the base is replaced (tests answer through ``QMessageBox.question``)."""
        answer = QMessageBox.question(
            self, self.tr("Восстановление из копии"), self.restore_question(backup),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def restore_question(self, backup: BackupInfo) -> str:
        return self.tr(
            "Восстановить базу из копии {0}?\n\n"
            "Всё, что внесено в базу после этой копии, из базы пропадёт. Перед восстановлением "
            "текущее состояние базы будет сохранено отдельной копией («перед восстановлением»), "
            "и к нему можно будет вернуться.").format(describe(backup))

    def confirm_other_base(self, check: CopyCheck) -> bool:
        """Ask before the base is replaced by a copy of another base (tests answer through
        ``QMessageBox.question``)."""
        answer = QMessageBox.question(
            self, self.tr("Копия другой базы"), self.other_base_question(check),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def other_base_question(self, check: CopyCheck) -> str:
        return self.tr(
            "Копия {0} сделана из другой базы — {1}.\n\n"
            "Сейчас открыта база {2}. Если базу переносят сюда (например, с прежнего "
            "компьютера), её можно восстановить: открытая база будет заменена копией целиком, "
            "а её нынешнее состояние сохранится отдельной копией («перед восстановлением»).\n\n"
            "Заменить открытую базу копией другой базы?").format(
                check.describe(), check.copy_base, check.base.describe())

    def choose_copy_file(self) -> Path | None:
        """The copy to restore from a file (tests answer through ``QFileDialog.getOpenFileName``)."""
        folder = str(backups.backup_dir(self._db_path)) if self._db_path is not None else ""
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Копия базы для восстановления"), folder,
            self.tr("Копии базы ТСЖ Деск (*.sqlite3);;Все файлы (*)"))
        return Path(chosen) if chosen else None

    @Slot()
    def restore_selected(self) -> None:
        backup = self.selected_backup()
        if backup is not None and self._job is None and self.on_server():
            self.restore_server(backup.path)  # into a new empty server base
            return
        if backup is None or self._job is not None or session.read_only or self._db_path is None:
            return
        if self.model.is_damaged(backup):
            errors.show_message(self, self.tr("Копия {0} повреждена, восстанавливать из неё "
                                              "нельзя. Выберите другую копию.").format(describe(backup)))
            return
        if not self.confirm_restore(backup):
            return
        self._restore(backup.path, describe(backup), other_base_ok=False)

    @Slot()
    def restore_from_file(self) -> None:
        """Restore from a copy chosen on the disk: checked first; a copy of another base
        (a base moved from another computer) only after a question naming both bases."""
        if self._job is None and self.on_server() and not session.read_only:
            if (dump := self.choose_server_dump()) is not None:
                self.restore_server(dump)
            return
        if self._job is not None or session.read_only or self._db_path is None:
            return
        path = self.choose_copy_file()
        if path is None:
            return
        db_path = self._db_path

        def work(progress, cancel) -> CopyCheck:
            return restore.check_for_restore(path, db_path=db_path)

        def done(check: CopyCheck) -> None:
            shown = check.describe()
            self.status.setText(self.tr("Копия {0} проверена.").format(shown))
            agreed = (self.confirm_other_base(check) if check.other_base
                      else self.confirm_restore_file(check))
            if agreed:
                self._restore(path, shown, other_base_ok=check.other_base)

        self._start("check", self.tr("Проверка копии…"), work, done)

    def confirm_restore_file(self, check: CopyCheck) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Восстановление из копии"), self.tr(
                "Восстановить базу из копии {0}?\n\n"
                "Всё, что внесено в базу после этой копии, из базы пропадёт. Перед восстановлением "
                "текущее состояние базы будет сохранено отдельной копией («перед восстановлением»), "
                "и к нему можно будет вернуться.").format(check.describe()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _restore(self, path: Path, shown: str, *, other_base_ok: bool) -> None:
        db_path = self._db_path

        def work(progress, cancel) -> BackupInfo | None:
            return backups.restore_backup(path, now=clock.now(seconds=True), db_path=db_path,
                                          other_base_ok=other_base_ok)

        def done(safety: BackupInfo | None) -> None:
            reopened = self._reopen()
            self.reload()
            saved = (self.tr(" Состояние до восстановления сохранено: {0}.").format(safety.path)
                     if safety is not None else "")
            message = self.tr("База восстановлена из копии {0}.").format(shown) + saved
            self.status.setText(message)
            if reopened:
                QMessageBox.information(self, self.tr("Восстановление из копии"), message)
                self.restored.emit(path)

        def other_base(exc: BaseException) -> bool:
            """A listed copy that turned out to be another base's: asked, then restored."""
            if not isinstance(exc, OtherBaseCopy):
                return False
            self.status.clear()
            if self.confirm_other_base(exc.check):
                self._restore(path, shown, other_base_ok=True)
            return True

        self._start("restore", self.tr("Восстановление базы из копии…"), work, done, other_base)

    def _reopen(self) -> bool:
        """Open the restored base anew and refresh every page of the window."""
        try:
            session.reopen_session(clock.now())
        except TsjError as exc:
            errors.show_message(self, self.tr(
                "База восстановлена, но открыть её заново не удалось: {0}\n\n"
                "Закройте программу и запустите её снова.").format(exc.message))
            return False
        window = self.window()
        for page in getattr(window, "pages", {}).values():
            shown = getattr(page, "page_shown", None)
            if page is not self and shown is not None:
                shown()
        return True
