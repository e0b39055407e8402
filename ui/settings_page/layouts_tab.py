"""«Раскладки столбцов»: the column layouts remembered from imports, and forgetting one.

A layout is remembered when a file is imported with columns chosen by hand in
«Столбцы файла» (or ``--map`` on the command line); a later file whose header row
looks the same is read by it. Forgotten, such a file is read by the columns' names
again, and the import window asks anew.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from tsj_desk.domain.text import format_datetime
from tsj_desk.services.column_layouts import LayoutInfo, forget, list_layouts
from ui import clock, errors
from ui.list_tab import add_button_row, intro_and_table
from ui.tables import Column, RowsModel, selected_row, wrap_column


def tr(text: str) -> str:
    return QCoreApplication.translate("LayoutsTab", text)


class LayoutsModel(RowsModel[LayoutInfo]):
    CHOICES = 3

    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Файлы"), lambda r: r.kind_label, width=20),
            Column(tr("Запомнена"), lambda r: format_datetime(r.saved_at), lambda r: r.saved_at, width=14),
            Column(tr("По файлу"), lambda r: r.file_name, width=24, tooltip=lambda r: r.file_name or None),
            Column(tr("Что означают столбцы"), lambda r: r.choices_text(), width=50),
        ], parent)

    def row_tooltip(self, row: LayoutInfo) -> str | None:
        return tr("Заголовки файла: {0}").format(", ".join(f"«{h}»" for h in row.headers))


class LayoutsTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = LayoutsModel(self)
        layout, self.table, self.proxy = intro_and_table(
            self, tr("Раскладка запоминается, когда файл загружен со столбцами, выбранными вручную в части "
                     "«Столбцы файла» окна загрузки. Следующий файл с такой же строкой заголовков читается "
                     "по ней без вопросов."), self.model, "column-layouts", sort_column=1)
        wrap_column(self.table, LayoutsModel.CHOICES)
        self.table.horizontalHeader().setStretchLastSection(True)  # the choices take what is left
        self.table.horizontalHeader().sectionResized.connect(self.table.resizeRowsToContents)
        self.empty = QLabel(tr("Запомненных раскладок нет."))
        layout.addWidget(self.empty)
        self.forget_button = QPushButton(tr("Забыть раскладку…"))
        self.forget_button.clicked.connect(self.forget_selected)
        add_button_row(layout, self.forget_button)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        try:
            rows = list_layouts()
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            rows = []
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not rows)
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.forget_button.setEnabled(selected_row(self.table) is not None)

    def confirm_forget(self, layout: LayoutInfo) -> bool:
        """Ask first (tests answer through ``QMessageBox.question``)."""
        answer = QMessageBox.question(
            self, tr("Забыть раскладку"),
            tr("Забыть раскладку столбцов ({0}) по файлу «{1}»?\n\n{2}\n\nФайлы с такими заголовками "
               "снова будут читаться по названиям столбцов, а окно загрузки спросит о них заново.").format(
                layout.kind_label, layout.file_name, layout.choices_text()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def forget_selected(self) -> None:
        layout = selected_row(self.table)
        if layout is None or not self.confirm_forget(layout):
            return
        try:
            forget(layout.id, now=clock.now())
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
        self.reload()
