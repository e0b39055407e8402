"""«Столбцы файла»: the mapping step of both import dialogs.

Every header cell of the file is listed with the field the program took it for, or
«не используется», in a list the user can change. Where a required column was not
found, the panel says which and the user chooses it among the file's columns. Any
change sends the whole layout as it now stands (``mapping_changed``): the dialog reads
the file again with it, and the import that follows remembers it for files with the
same header row. «Как определила программа» goes back to the program's own reading.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.services.column_layouts import NOT_USED, FieldInfo, fields
from ui import colors

VISIBLE_ROWS = 5  # the list scrolls past this many columns…
VISIBLE_ROWS_ALONE = 10  # …or this many while no rows of the file can be shown below it


def tr(text: str) -> str:
    return QCoreApplication.translate("ColumnMapping", text)


def field_text(info: FieldInfo) -> str:
    return f"{info.label} *" if info.required else info.label


class ColumnMappingPanel(QGroupBox):
    """The file's header cells, each with a list of the fields (``kind``: "readings" or
    "registry"). ``mapping()`` is None until the user changes something."""

    mapping_changed = Signal(object)  # dict header_key → field key ("" — not used), or None

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(tr("Столбцы файла"), parent)
        self.kind = kind
        self.fields = fields(kind)
        self._keys: list[str] = []  # header_key of each row
        self._mapping: dict[str, str] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        top = QHBoxLayout()
        self.hint = QLabel(tr("Что означает каждый столбец файла. Выбор запоминается для файлов "
                              "с такими же заголовками; * — обязательный столбец."))
        self.hint.setWordWrap(True)
        self.reset_button = QPushButton(tr("Как определила программа"))
        self.reset_button.setToolTip(tr("Забыть выбор в этом окне и прочитать столбцы заново по "
                                        "их названиям"))
        self.reset_button.clicked.connect(self.reset)
        top.addWidget(self.hint, 1)
        top.addWidget(self.reset_button)
        layout.addLayout(top)

        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(colors.ERROR_LABEL_STYLE)
        self.missing.hide()
        layout.addWidget(self.missing)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)

        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([tr("Заголовок в файле"), tr("Что это")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 280)
        rows = self.table.verticalHeader()  # one height for every row: each holds a list
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(QComboBox().sizeHint().height() + 4)
        layout.addWidget(self.table)
        self.clear()

    # -- what the dialog calls

    def clear(self) -> None:
        """No file read yet: nothing to show."""
        self._keys = []
        self.table.setRowCount(0)
        self.missing.hide()
        self.note.hide()
        self.setVisible(False)

    def forget_choice(self) -> None:
        """A new file: the choice made for the previous one does not apply."""
        self._mapping = None

    def mapping(self) -> dict[str, str] | None:
        return None if self._mapping is None else dict(self._mapping)

    @staticmethod
    def not_found_text(file_name: str) -> str:
        """The status line when no header was found: the panel below says which columns."""
        return tr("В файле «{0}» не найдены нужные столбцы: укажите ниже, что означают его "
                  "столбцы.").format(file_name)

    def show_header(self, cells, *, missing: str = "", note: str | None = None) -> None:
        """``cells``: the file's header cells (``HeaderCell``) with what each was taken for;
        ``missing``: the required columns not found, named («Собственник», …)."""
        self._keys = [cell.key for cell in cells]
        self.table.setRowCount(len(cells))
        for row, cell in enumerate(cells):
            item = QTableWidgetItem(cell.text)
            item.setToolTip(cell.text)
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            combo.addItem(tr(NOT_USED), "")
            for info in self.fields:
                combo.addItem(field_text(info), info.key)
            combo.setCurrentIndex(max(combo.findData(cell.field or ""), 0))
            combo.setAccessibleName(tr("Что означает столбец «{0}»").format(cell.text))
            combo.currentIndexChanged.connect(self._combo_changed)
            self.table.setCellWidget(row, 1, combo)
        shown = min(max(len(cells), 1), VISIBLE_ROWS_ALONE if missing else VISIBLE_ROWS)
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + self.table.verticalHeader().defaultSectionSize() * shown
                                  + 2 * self.table.frameWidth())
        if missing:
            self.missing.setText(tr("Не найдены обязательные столбцы: {0}. Выберите в списке, какой "
                                    "столбец файла что означает.").format(missing))
        self.missing.setVisible(bool(missing))
        self.note.setText(note or "")
        self.note.setVisible(bool(note))
        self.reset_button.setEnabled(self._mapping is not None)
        self.setVisible(bool(cells))

    def combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, 1)

    def choose(self, header: str, key: str) -> None:
        """Pick ``key`` (a field, "" — not used) for the column headed ``header``, as the
        user does in the list."""
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == header:
                combo = self.combo(row)
                combo.setCurrentIndex(combo.findData(key))
                return
        raise KeyError(header)

    # -- the user's choice

    @Slot()
    def _combo_changed(self) -> None:
        sender = self.sender()
        chosen = sender.currentData() if isinstance(sender, QComboBox) else ""
        for row in range(self.table.rowCount()):  # one field, one column
            combo = self.combo(row)
            if combo is not sender and chosen and combo.currentData() == chosen:
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
        self._mapping = {key: self.combo(row).currentData() or ""
                         for row, key in enumerate(self._keys)}
        self.reset_button.setEnabled(True)
        self.mapping_changed.emit(self.mapping())

    @Slot()
    def reset(self) -> None:
        if self._mapping is None:
            return
        self._mapping = None
        self.reset_button.setEnabled(False)
        self.mapping_changed.emit(None)


def header_not_found(exc: BaseException):
    """The ``HeaderNotFound`` the preview failed with, if that is why it failed."""
    from tsj_desk.services.column_layouts import HeaderNotFound

    return exc if isinstance(exc, HeaderNotFound) else None


__all__ = ["ColumnMappingPanel", "header_not_found"]
