"""The backups page of a base on a PostgreSQL server (mixed into ``BackupsPage``).

The copies are ``pg_dump`` files in the backups folder of this computer (or the folder
chosen for the base); «Создать копию сейчас» makes one, «Проверить» reads its table of
contents (``pg_restore --list``), «Проверить базу» runs the consistency queries, and a
restore goes into a new EMPTY base on the same server, named by the user — the base
everyone works on is never written over.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from tsj_desk.domain.errors import TsjError
from tsj_desk.services import server_backups, server_check, session
from tsj_desk.services.backups import BackupInfo
from ui import clock, errors
from ui.backups.model import format_size

SERVER_INTRO = ("База находится на сервере PostgreSQL. Копию делает программа pg_dump из PostgreSQL — "
                "кнопкой «Создать копию сейчас» или по расписанию командой «tsj-desk backup --db …»; "
                "копии складываются в папку ниже, каждая проверяется сразу после записи. Восстанавливают "
                "копию в новую пустую базу на том же сервере: базу, с которой работает офис, "
                "восстановление не затирает.")


def tr(text: str) -> str:
    return QCoreApplication.translate("BackupsPage", text)


class ServerBackups:
    """The page's steps for a server base; ``self`` is the ``BackupsPage``."""

    def on_server(self) -> bool:
        return server_backups.is_server_base()

    def reload_server(self) -> None:
        self._db_path = None
        self.intro.setText(tr(SERVER_INTRO))
        try:
            folder = server_backups.server_backup_dir()
            rows = server_backups.list_server_backups(folder)
        except TsjError as exc:
            self.model.set_rows([])
            self.folder_label.setText("—")
            self.status.setText(exc.message)
            self._update_buttons()
            return
        keep = self.selected_backup()
        self.model.set_rows(rows)
        self.folder_label.setText(str(folder))
        self.folder_problem.setVisible(False)
        total = sum(b.size for b in rows)
        self.count_label.setText(
            tr("{0}, всего {1}").format(_copies(len(rows)), format_size(total)) if rows
            else tr("Копий пока нет"))
        if keep is not None:
            self.select_backup(keep.path)
        self._update_buttons()

    def choose_server_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Папка для резервных копий"),
                                                  str(server_backups.server_backup_dir()))
        if not chosen:
            return
        try:
            own = server_backups.set_server_backup_dir(Path(chosen))
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.reload()
        self.status.setText(tr("Новые копии будут сохраняться в «{0}». Прежние копии остаются там, "
                               "где были.").format(own))

    def make_server_backup(self) -> None:
        def work(progress, cancel) -> BackupInfo:
            return server_backups.make_server_backup("manual", now=clock.now(seconds=True))

        def done(made: BackupInfo) -> None:
            self.reload()
            self.select_backup(made.path)
            self.status.setText(tr("Копия сохранена и проверена: {0} ({1}).").format(
                made.path, format_size(made.size)))

        self._start("backup", tr("Создание резервной копии…"), work, done)

    def check_server_copy(self, backup: BackupInfo) -> None:
        def work(progress, cancel):
            return server_backups.check_dump(backup.path)

        def done(check) -> None:
            message = tr("Копия «{0}» цела: PostgreSQL прочёл её оглавление, в ней таблиц "
                         "программы: {1}.").format(backup.path.name, len(check.tables))
            self.model.mark_checked(backup, True, message)
            self.status.setText(message)
            QMessageBox.information(self, tr("Проверка копии"), message)

        self._start("check", tr("Проверка копии…"), work, done)

    def check_server_base(self) -> None:
        def work(progress, cancel):
            return server_check.check_open_base()

        def done(found) -> None:
            text = found.describe()
            self.status.setText(text.replace("\n", " "))
            if found.ok:
                QMessageBox.information(self, tr("Проверка базы"), text)
            else:
                QMessageBox.critical(self, tr("Проверка базы"), text)

        self._start("check", tr("Проверка базы…"), work, done)

    def choose_server_dump(self) -> Path | None:
        """A dump chosen on the disk (tests answer through ``QFileDialog.getOpenFileName``)."""
        chosen, _ = QFileDialog.getOpenFileName(
            self, tr("Копия базы для восстановления"), str(server_backups.server_backup_dir()),
            tr("Копии базы на сервере (*.dump);;Все файлы (*)"))
        return Path(chosen) if chosen else None

    def ask_empty_base(self, copy_name: str) -> str | None:
        """The name of the empty server base to restore into (tests answer through
        ``QInputDialog.getText``)."""
        name, ok = QInputDialog.getText(
            self, tr("Восстановление из копии"),
            tr("Копия «{0}» будет восстановлена в новую пустую базу на том же сервере "
               "(базу создаёт администратор сервера).\n\nИмя пустой базы:").format(copy_name),
            QLineEdit.EchoMode.Normal, "")
        return name.strip() if ok and name.strip() else None

    def restore_server(self, path: Path) -> None:
        if session.read_only:
            return
        name = self.ask_empty_base(path.name)
        if name is None:
            return
        try:
            url = server_backups.sibling_url(name)
        except TsjError as exc:
            errors.show_error(self, exc)
            return

        def work(progress, cancel):
            return server_backups.restore_server_backup(path, url, now=clock.now(seconds=True))

        def done(_check) -> None:
            message = tr("Копия «{0}» восстановлена в базу «{1}» на сервере. Открыть её: Файл → "
                         "«Подключение к базе…», база «{1}».").format(path.name, name)
            self.status.setText(message)
            QMessageBox.information(self, tr("Восстановление из копии"), message)

        self._start("restore", tr("Восстановление базы из копии…"), work, done)


def _copies(count: int) -> str:
    from tsj_desk.domain.text import counted

    return counted(count, "копия", "копии", "копий")
