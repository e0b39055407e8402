"""«Акты и документы»: every stored act, filtered as you type.

Enter or a double click reopens the act in the act dialog (edit, regenerate with
the same number). Several rows can be selected (Shift, Ctrl) for the batch actions:
«Сформировать заново» (the files again from the stored fields, for instance after
the template was changed) and «Сохранить как PDF…» (shown only when LibreOffice is
installed), both off the GUI thread with progress and «Отмена».
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.services.act_kinds import ACT_KINDS
from tsj_desk.domain.text import counted, plural
from tsj_desk.services import pdf
from tsj_desk.services.act_documents import act_file_to_open
from tsj_desk.services.act_pages import ActFilter, count_acts
from tsj_desk.services.acts import ActInfo, regenerate_acts
from ui import clock, errors
from ui.acts import printing
from ui.acts.act_dialog import ActDialog
from ui.acts.model import ActsModel, kind_label
from ui.empty_hint import EmptyHint
from ui.filter_bar import FilterPage
from ui.sql_table import make_sql_table
from ui.tables import ROW_ROLE
from ui.workers import Job, run_with_progress



def tr(text: str) -> str:
    return QCoreApplication.translate("ActsPage", text)


def acts_text(count: int) -> str:
    return counted(count, "акт", "акта", "актов")


class ActsPage(FilterPage, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._job: Job | None = None
        self._pdf_available = pdf.find_libreoffice() is not None
        self.last_message = ""  # what the last batch said (for tests and the status line)
        layout = QVBoxLayout(self)

        actions = QHBoxLayout()
        self.new_button = QPushButton(tr("Новый акт…"))
        self.edit_button = QPushButton(tr("Изменить…"))
        self.open_button = QPushButton(tr("Открыть"))
        self.regenerate_button = QPushButton(tr("Сформировать заново"))
        self.pdf_button = QPushButton(tr("Сохранить как PDF…"))
        self.new_button.clicked.connect(self.new_act)
        self.edit_button.clicked.connect(self.edit_act)
        self.open_button.clicked.connect(self.open_file)
        self.regenerate_button.clicked.connect(self.regenerate_selected)
        self.pdf_button.clicked.connect(self.pdf_selected)
        self.edit_button.setToolTip(tr("Открыть акт для правки (Enter)"))
        self.open_button.setToolTip(tr("Открыть файл акта в текстовом редакторе"))
        self.regenerate_button.setToolTip(tr("Сделать файлы выбранных актов заново по их данным "
                                             "(например, после правки шаблона)"))
        self.pdf_button.setToolTip(tr("Сохранить выбранные акты в PDF (через LibreOffice)"))
        actions.addWidget(self.new_button)
        actions.addSpacing(16)
        for button in (self.edit_button, self.open_button, self.regenerate_button, self.pdf_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        filters = QHBoxLayout()
        self.setup_filter(tr("Поиск: номер акта, обращение, помещение, собственник…"), self.apply_filter)
        self.kind = QComboBox()
        self.kind.addItem(tr("Все виды актов"), "")
        for code, spec in ACT_KINDS.items():
            self.kind.addItem(kind_label(code), code)
            self.kind.setItemData(self.kind.count() - 1, spec.title, Qt.ItemDataRole.ToolTipRole)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-weight: bold;")
        filters.addWidget(self.filter, 3)
        filters.addWidget(self.kind, 1)
        filters.addSpacing(12)
        filters.addWidget(self.count_label)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = ActsModel(self)
        self.model.loaded.connect(self._rows_arrived)
        self.model.failed.connect(lambda exc: errors.show_error(self, exc))
        self._keep: set[int] = set()
        self._total = 0
        # newest first until the user sorts otherwise; sorted by the database
        self.table = make_sql_table(self, self.model, "acts", sort_column=2,
                                    sort_order=Qt.SortOrder.DescendingOrder)
        self.proxy = self.model  # rows in view order, as a proxy had them
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.activated.connect(lambda _index: self.edit_act())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.empty_hint = EmptyHint.over(
            self.table, tr("Актов пока нет. Составьте первый: «Новый акт…» здесь или «Составить акт…» "
                           "в карточке обращения."), tr("Новый акт…"), self.new_act)

        self.kind.currentIndexChanged.connect(self.apply_filter)
        from tsj_desk.services.data_changes import ACTS
        from ui import live_refresh

        live_refresh.first_read(self, ACTS)  # the first show does not read again
        self.reload()

    # -- data

    @Slot()
    def reload(self) -> None:
        """Count the acts again and show them through the filter."""
        try:
            self._total = count_acts(ActFilter())
        except Exception as exc:  # noqa: BLE001 — one translator decides what to show
            errors.show_error(self, exc)
            return
        self._pdf_available = pdf.find_libreoffice() is not None
        self.apply_filter()

    @Slot()
    def apply_filter(self) -> None:
        """Ask the database for the acts the filter selects: a count and the first page."""
        self._filter_timer.stop()
        keep = {act.id for act in self.selected_acts()}
        if keep:
            self._keep = keep
        self.model.set_filter(self.filter.text(), self.kind.currentData() or "")
        if self.model.loading:
            self.count_label.setText(tr("Загрузка…"))

    @Slot()
    def _rows_arrived(self) -> None:
        shown, total = self.model.rowCount(), self._total
        if not total:
            self.count_label.setText(tr("Актов пока нет: «Новый акт…» или «Составить акт…» "
                                        "в карточке обращения"))
        elif shown == total:
            self.count_label.setText(tr("Всего {0}").format(acts_text(total)))
        else:
            self.count_label.setText(tr("Показано {0} из {1}").format(acts_text(shown), total))
        self.empty_hint.set_shown(not total and not self.filter.text().strip()
                                  and not self.kind.currentData())
        keep, self._keep = self._keep, set()
        if keep:
            self.select_acts(keep)
        self._update_buttons()

    def is_loading(self) -> bool:
        """The rows are on their way from a background query («Загрузка…» shown)."""
        return self.model.loading

    def page_shown(self) -> None:
        from tsj_desk.services.data_changes import ACTS
        from ui import live_refresh

        live_refresh.follow(self, ACTS, self.reload)  # reload keeps the selected acts
        if live_refresh.reload_needed(self, ACTS):
            self.reload()
        else:  # LibreOffice may have been installed (or removed) meanwhile
            self._pdf_available = pdf.find_libreoffice() is not None
            self._update_buttons()

    def visible_acts(self) -> list[ActInfo]:
        """The acts in the order the table shows them (fetches every page: for tests)."""
        return [row.act for row in self.model.rows()]

    def selected_acts(self) -> list[ActInfo]:
        """The selected acts, in the order the table shows them."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.index(row, 0).data(ROW_ROLE).act for row in rows]

    def current_act(self) -> ActInfo | None:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return index.siblingAtColumn(0).data(ROW_ROLE).act
        selected = self.selected_acts()
        return selected[0] if selected else None

    def select_acts(self, ids: set[int]) -> bool:
        """Select the acts ``ids`` among the rows fetched so far (the first page at least)."""
        if self.model.loading:  # chosen when the rows arrive
            self._keep = set(ids)
            return False
        if self.model.rowCount():
            self.model.row_at(0)  # the first page, should nothing be fetched yet
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = None
        for row, line in sorted(self.model.pages.loaded(), key=lambda pair: pair[0]):
            if line.act.id in ids:
                index = self.model.index(row, 0)
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
                first = first or index
        if first is not None:
            selection.setCurrentIndex(first, selection.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)
        return first is not None

    @Slot()
    def _update_buttons(self, *_args) -> None:
        count = len(self.selected_acts())
        busy = self._job is not None
        self.edit_button.setEnabled(count == 1 and not busy)
        self.open_button.setEnabled(count == 1 and not busy)
        self.regenerate_button.setEnabled(count > 0 and not busy)
        self.pdf_button.setVisible(self._pdf_available)
        self.pdf_button.setEnabled(count > 0 and not busy)
        self.new_button.setEnabled(not busy)

    # -- keyboard

    def _row_chosen(self) -> bool:
        return bool(self.selected_acts())

    # -- one act

    @Slot()
    def new_act(self) -> None:
        saved = ActDialog.ask(self)
        self._after_dialog(saved)

    @Slot()
    def edit_act(self) -> None:
        act = self.current_act()
        if act is None:
            return
        saved = ActDialog.ask(self, act_id=act.id)
        self._after_dialog(saved or act)

    def _after_dialog(self, act: ActInfo | None) -> None:
        self.reload()
        if act is not None:
            self.select_acts({act.id})
            self.table.setFocus()

    @Slot()
    def open_file(self) -> None:
        act = self.current_act()
        if act is None:
            return
        try:  # kept in the base: every PC opens it (services.act_documents)
            printing.open_document(act_file_to_open(act.id))
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)

    # -- batches

    def _run(self, label: str, work, on_done) -> Job:
        def finished(result) -> None:
            self._job = None
            on_done(result)
            self.reload()

        def failed(exc: BaseException) -> None:
            self._job = None
            self.reload()
            errors.show_error(self, exc)

        self._job = run_with_progress(self, label, work, on_finished=finished, on_failed=failed)
        self._update_buttons()
        return self._job

    def _tell(self, text: str) -> None:
        self.last_message = text
        QMessageBox.information(self, tr("Акты и документы"), text)

    @Slot()
    def regenerate_selected(self) -> Job | None:
        """The files of the selected acts made again from their stored fields."""
        if self._job is not None:
            return None
        ids = [act.id for act in self.selected_acts()]
        if not ids:
            return None
        now = clock.now()
        total = len(ids)

        def done(made: list[ActInfo]) -> None:
            if len(made) < total:
                self._tell(tr("Отменено: сформировано заново {0} из {1}.").format(len(made), total))
            else:
                self._tell(tr("Сформировано заново: {0}.").format(acts_text(len(made))))

        return self._run(tr("Акты формируются заново…"),
                         lambda progress, cancel: regenerate_acts(ids, now=now, progress=progress,
                                                                  cancel=cancel), done)

    def ask_pdf_folder(self) -> Path | None:
        """The folder for the PDFs (tests replace this)."""
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = QFileDialog.getExistingDirectory(self, tr("Папка для PDF"), start or str(Path.home()))
        return Path(name) if name else None

    @Slot()
    def pdf_selected(self) -> Job | None:
        if self._job is not None:
            return None
        acts = self.selected_acts()
        if not acts:
            return None
        missing = [a for a in acts if not a.stored and (a.file is None or not a.file.is_file())]
        if missing:
            errors.show_message(self, tr("Не найдены файлы актов: {0}. Выберите их и нажмите "
                                         "«Сформировать заново».").format(
                ", ".join(f"№ {a.number}" for a in missing[:5])))
            return None
        folder = self.ask_pdf_folder()
        if folder is None:
            return None
        try:
            files = [act_file_to_open(a.id) for a in acts]
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)
            return None
        total = len(files)

        def done(made: list[Path]) -> None:
            word = plural(len(made), "файл", "файла", "файлов")
            if len(made) < total:
                self._tell(tr("Отменено: в PDF сохранено {0} {1} из {2} в папку {3}").format(
                    len(made), word, total, folder))
            else:
                self._tell(tr("В PDF сохранено {0} {1} в папку {2}").format(len(made), word, folder))

        return self._run(tr("Сохранение в PDF…"),
                         lambda progress, cancel: pdf.to_pdf(files, folder, progress=progress,
                                                             cancel=cancel), done)

    def job(self) -> Job | None:
        return self._job
