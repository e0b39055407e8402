"""The act dialog's form: which fields it asks for and how they are laid out, the small
editable lists (participants, damaged items), and the building of the kind's own fields."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.services.act_kinds import ACT_KINDS, COMMON_FIELDS, ActField
from ui.acts.model import EditableRowsModel

# The header of every act, in the order of the printed form; the rest of COMMON_FIELDS
# is asked for below: notes under the act's own fields, the refusal under the participants.
HEADER_FIELDS = ("city", "act_date", "act_time", "org_name", "rep_name", "rep_position", "rep_basis",
                 "witnesses", "owner_name", "premise_no", "address", "request_no", "request_received",
                 "copies")
REFUSAL_FIELDS = ("refusal_name", "refusal_reason", "refusal_witness1", "refusal_witness2")
REFUSAL_LABELS = {"refusal_name": "Отказался", "refusal_reason": "Причина",
                  "refusal_witness1": "Свидетель 1", "refusal_witness2": "Свидетель 2"}
# Own fields shown side by side, each with its label above.
PAIRS = {"event_date": "event_time", "check_date": "check_time", "violation_start": "violation_end"}
SHORT_FIELDS = {"act_date", "act_time", "premise_no", "request_no", "copies", "event_date",
                "event_time", "check_date", "check_time"}
PLACEHOLDERS = {
    "act_date": "ДД.ММ.ГГГГ", "event_date": "ДД.ММ.ГГГГ", "check_date": "ДД.ММ.ГГГГ",
    "act_time": "ЧЧ:ММ", "event_time": "ЧЧ:ММ", "check_time": "ЧЧ:ММ",
    "violation_start": "ДД.ММ.ГГГГ ЧЧ:ММ", "violation_end": "ДД.ММ.ГГГГ ЧЧ:ММ",
    "rep_basis": "Устава / доверенности № … от …",
}
PARTICIPANT_COLUMNS = (("role", "Участник (кем является)"), ("name", "Ф. И. О."))
ITEM_COLUMNS = (("name", "Имущество, место"), ("damage", "Характер повреждения"), ("extent", "Объём"))

_COMMON = {field.name: field for field in COMMON_FIELDS}


def tr(text: str) -> str:
    return QCoreApplication.translate("ActDialog", text)


class ListEditor(QWidget):
    """A small editable table with «Добавить» and «Удалить» (Delete removes the row too)."""

    def __init__(self, parent: QWidget | None, model: EditableRowsModel, widths: list[int],
                 add_text: str):
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = QTableView(self)
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        for column, chars in enumerate(widths):
            header.resizeSection(column, chars * self.view.fontMetrics().horizontalAdvance("0") + 16)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.view)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(tr("Удалить строку"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, activated=self.remove_row,
                  context=Qt.ShortcutContext.WidgetShortcut)
        model.modelReset.connect(self._update)
        model.rowsInserted.connect(self._update)
        model.rowsRemoved.connect(self._update)
        self.view.selectionModel().currentChanged.connect(self._update)
        self._update()

    def fit_rows(self, rows: int, most: int = 6) -> None:
        """Tall enough for ``rows`` rows without scrolling, at most ``most`` rows."""
        def height(count: int) -> int:
            return (self.view.horizontalHeader().sizeHint().height()
                    + count * self.view.verticalHeader().defaultSectionSize() + 2 * self.view.frameWidth())

        self.view.setMinimumHeight(height(rows))
        self.view.setMaximumHeight(height(most))

    @Slot()
    def add_row(self) -> None:
        row = self.model.rowCount()
        self.model.insertRows(row, 1)
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    @Slot()
    def remove_row(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.removeRows(index.row(), 1)

    @Slot()
    def _update(self, *_args) -> None:
        self.remove_button.setEnabled(self.view.currentIndex().isValid() and self.model.rowCount() > 0)



class ActFormBuilding:
    """The building of the form of ``ActDialog`` (mixed into it)."""

    # -- building

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        if name in SHORT_FIELDS:
            edit.setMaximumWidth(130)
        if name in PLACEHOLDERS:
            edit.setPlaceholderText(PLACEHOLDERS[name])
        edit.textChanged.connect(self._mark_dirty)
        self.edits[name] = edit
        return edit

    def _text(self, name: str, rows: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        line = edit.fontMetrics().lineSpacing()
        edit.setMinimumHeight(line * (rows + 1) + 12)
        edit.setMaximumHeight(line * (rows + 3) + 12)
        edit.textChanged.connect(self._mark_dirty)
        self.edits[name] = edit
        return edit

    def _build_own_fields(self, kind: str) -> None:
        """The kind's own fields, each with its label above; what was typed in a field of
        the same name is kept when the kind changes."""
        spec = ACT_KINDS[kind]
        for field_name in list(self.edits):
            if field_name not in _COMMON:
                self._own_values[field_name] = self._value(field_name)
                del self.edits[field_name]
        if self._own_fields is not None:
            self.own_layout.removeWidget(self._own_fields)
            self._own_fields.deleteLater()
        self._own_fields = QWidget(self.own_box)
        column = QVBoxLayout(self._own_fields)
        column.setContentsMargins(0, 0, 0, 0)
        fields = {field.name: field for field in spec.own_fields}
        paired = set(PAIRS.values())
        for field in spec.own_fields:
            if field.name in paired and any(PAIRS.get(f) == field.name for f in fields):
                continue  # shown next to its pair
            row = QHBoxLayout()
            row.addLayout(self._own_block(field))
            partner = fields.get(PAIRS.get(field.name, ""))
            if partner is not None:
                row.addSpacing(12)
                row.addLayout(self._own_block(partner))
            if field.name in SHORT_FIELDS or partner is not None:
                row.addStretch(1)
            column.addLayout(row)
        self.own_layout.addWidget(self._own_fields)
        for field in spec.own_fields:
            self._set_value(field.name, self._own_values.get(field.name, ""))
        self.items_box.setVisible("items" in spec.list_fields)
        self._tab_order()

    def _tab_order(self) -> None:
        """Tab goes from the act's own fields (where typing starts) through the damaged
        items, the notes, the participants and the header to «Сохранить»."""
        own = [self.edits[f.name] for f in ACT_KINDS[self._kind].own_fields]
        header = []
        for name in HEADER_FIELDS:
            header.append(self.edits[name])
            if name in ("request_no", "premise_no"):
                header.append(getattr(self, f"fill_{name}_button"))
        chain = [*own, self.items.view, self.items.add_button, self.items.remove_button,
                 self.edits["notes"], self.participants.view, self.participants.add_button,
                 self.participants.remove_button, *header, *(self.edits[n] for n in REFUSAL_FIELDS),
                 self.save_button, self.open_button, self.print_button, self.pdf_button,
                 self.close_button, self.kind_combo]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def first_own_field(self) -> QWidget:
        """Where typing starts: the first field of the kind."""
        return self.edits[ACT_KINDS[self._kind].own_fields[0].name]

    def _own_block(self, field: ActField) -> QVBoxLayout:
        block = QVBoxLayout()
        block.setSpacing(2)
        label = QLabel(field.label)
        label.setWordWrap(field.multiline)
        block.addWidget(label)
        edit = self._text(field.name, rows=max(field.blank_lines, 2)) if field.multiline else self._line(field.name)
        label.setBuddy(edit)
        block.addWidget(edit)
        return block

