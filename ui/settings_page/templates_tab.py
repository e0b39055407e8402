"""«Шаблоны документов»: which template each document is made from, and its check.

Every document (the three acts, the letters of the journal) is filled from a .docx
template. The user's copy in the templates folder of the data folder wins over the
one shipped with the program; the table says which one is in use and whether it
passes the check (a field the program does not know is named). «Сделать свою копию»
copies the shipped template there and opens it for editing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tsj_desk.domain.errors import TsjError
from tsj_desk.services.document_templates import (
    TemplateInfo,
    check_template,
    copy_template_to_user_dir,
    known_documents,
    list_templates,
)
from tsj_desk.services.document_files import forget_template, in_base, store_template, template_dirs
from tsj_desk.services.letters import templates_dir
from ui import clock, colors, errors
from ui.tables import Column, RowsModel, make_table, selected_row, wrap_column

OK_TEXT = "в порядке"
NOT_CHECKED_TEXT = "не проверяется: программа не знает полей этого документа"


def tr(text: str) -> str:
    return QCoreApplication.translate("TemplatesTab", text)


@dataclass(frozen=True)
class TemplateRow:
    info: TemplateInfo
    document: str
    problem: str  # "" when the template passes the check
    checked: bool = True

    @property
    def status(self) -> str:
        if not self.checked:
            return NOT_CHECKED_TEXT
        return self.problem or OK_TEXT


def template_rows(user_dir: Path | None = None) -> list[TemplateRow]:
    """Each shipped template, the file that serves it and the result of its check."""
    documents = known_documents()
    rows = []
    # the office's templates kept in the base first, then this PC's folder (document_files)
    for info in list_templates(user_dir if user_dir is not None else template_dirs()):
        name, allowed = documents.get(info.name, (info.name, None))
        problem = ""
        if allowed is not None:
            try:
                check_template(info.path, allowed)
            except TsjError as exc:
                problem = exc.message
            except Exception as exc:  # noqa: BLE001 — a damaged file: said in the row
                problem = tr("Файл не читается как документ Word (.docx): {0}").format(exc)
        rows.append(TemplateRow(info, name, problem, allowed is not None))
    return rows


def source_text(row: TemplateRow) -> str:
    if in_base(row.info.path):
        return tr("свой, в базе")
    return tr("свой") if row.info.is_user else tr("встроенный")


class TemplatesModel(RowsModel[TemplateRow]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Документ"), lambda r: r.document, width=44, tooltip=lambda r: r.document),
            Column(tr("Шаблон"), source_text, width=16),
            Column(tr("Файл"), lambda r: r.info.name, width=26, tooltip=lambda r: str(r.info.path)),
            Column(tr("Проверка"), lambda r: r.status, width=40, tooltip=lambda r: r.problem or None),
        ], parent)

    def tone(self, row: TemplateRow) -> colors.Tone:
        return colors.Tone.ERROR if row.problem else colors.Tone.NORMAL


class TemplatesTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = QLabel(tr(
            "Акты и письма заполняются по шаблонам Word (.docx). Чтобы изменить шаблон, "
            "сделайте свою копию: она ляжет в папку шаблонов и будет использоваться вместо "
            "встроенной. Поля пишутся в двойных фигурных скобках, например {{ org_name }}; "
            "поле, которого программа не знает, показано в столбце «Проверка». Чтобы вернуть "
            "встроенный шаблон, удалите свою копию из папки шаблонов. Чтобы шаблоном пользовались "
            "все компьютеры офиса, сохраните свою копию в базу: шаблон из базы используется "
            "вместо копий в папках шаблонов."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        actions = QHBoxLayout()
        self.copy_button = QPushButton(tr("Сделать свою копию и открыть"))
        self.open_button = QPushButton(tr("Открыть шаблон"))
        self.folder_button = QPushButton(tr("Открыть папку шаблонов"))
        self.check_button = QPushButton(tr("Проверить снова"))
        self.store_button = QPushButton(tr("Сохранить свою копию в базу"))
        self.forget_button = QPushButton(tr("Убрать из базы"))
        self.store_button.clicked.connect(self.store_in_base)
        self.forget_button.clicked.connect(self.forget_in_base)
        self.copy_button.clicked.connect(self.copy_and_open)
        self.open_button.clicked.connect(self.open_template)
        self.folder_button.clicked.connect(self.open_folder)
        self.check_button.clicked.connect(self.reload)
        for button in (self.copy_button, self.open_button, self.folder_button, self.check_button,
                       self.store_button, self.forget_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        layout.addWidget(self.folder_label)
        self.model = TemplatesModel(self)
        self.table, self.proxy = make_table(self, self.model, "templates")
        wrap_column(self.table, 3)
        self.table.activated.connect(lambda _index: self.open_template())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

    @Slot()
    def reload(self) -> None:
        try:
            rows = template_rows()
        except Exception as exc:  # noqa: BLE001 — one translator decides what to show
            errors.show_error(self, exc)
            return
        keep = self.selected()
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        self.folder_label.setText(tr("Папка шаблонов: {0}").format(templates_dir()))
        if keep is not None:
            self.select(keep.info.name)
        self._update_buttons()

    def selected(self) -> TemplateRow | None:
        return selected_row(self.table)

    def select(self, name: str) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).info.name == name:
                self.table.selectRow(row)
                return True
        return False

    @Slot()
    def _update_buttons(self, *_args) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        self.copy_button.setEnabled(row is not None and not row.info.is_user)
        self.store_button.setEnabled(row is not None and (templates_dir() / row.info.name).is_file())
        self.forget_button.setEnabled(row is not None and in_base(row.info.path))

    def _local_copy(self, row: TemplateRow) -> Path:
        return templates_dir() / row.info.name

    @Slot()
    def store_in_base(self) -> None:
        """This PC's copy of the selected template kept in the base: every PC uses it."""
        row = self.selected()
        if row is None:
            return
        try:  # a template that fails its check would spoil the documents of every PC
            allowed = known_documents().get(row.info.name, (None, None))[1]
            if allowed is not None:
                check_template(self._local_copy(row), allowed)
            store_template(row.info.name, self._local_copy(row), now=clock.now())
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            return
        self.reload()
        self.select(row.info.name)

    @Slot()
    def forget_in_base(self) -> None:
        """The base's copy removed: each PC goes back to its own copy or the shipped one."""
        row = self.selected()
        if row is None:
            return
        try:
            forget_template(row.info.name)
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)
            return
        self.reload()
        self.select(row.info.name)

    def _open(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            errors.show_message(self, tr("Не удалось открыть «{0}»: нет программы для этого типа "
                                         "файлов.").format(path))

    @Slot()
    def open_folder(self) -> None:
        folder = templates_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            errors.show_message(self, tr("Не удалось создать папку шаблонов «{0}»: {1}").format(
                folder, exc.strerror or exc))
            return
        self._open(folder)

    @Slot()
    def open_template(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row.info.path)

    @Slot()
    def copy_and_open(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            path = copy_template_to_user_dir(row.info.name, templates_dir())
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)
            return
        self.reload()
        self.select(row.info.name)
        self._open(path)

    def showEvent(self, event) -> None:
        """Checked again whenever the tab is brought up: the user may have edited a copy."""
        super().showEvent(event)
        self.reload()
