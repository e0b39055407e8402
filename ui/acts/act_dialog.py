"""The act dialog: one act of legal-ru §3, filled from the database, typed, saved as .docx.

Opened from a request (``reg_no``), from a premise (``premise_number``), empty
(«Новый акт…» of the acts page; «Заполнить» next to the request or premise number
fills what the database knows), or for a stored act (``act_id``) to edit and
regenerate it with the same number. «Сохранить» asks where to save a new act and numbers
it (``YYYY-NNN``, one sequence a year for every kind), stores and writes the act;
«Открыть», «Печать» and «Сохранить как PDF»
(shown only when LibreOffice is installed) save pending changes first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.services.act_kinds import ACT_KINDS, COMMON_FIELDS, ActField
from tsj_desk.services import pdf
from tsj_desk.services.acts import (
    ActInfo,
    create_act,
    get_act,
    prefill,
    prepare_folder,
    suggested_act_path,
    update_act,
)
from ui import clock, errors
from ui.acts import printing
from ui.acts.model import EditableRowsModel, kind_label
from ui.workers import Job, run_with_progress

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

# A category of the request → the act it usually needs.
KIND_FOR_CATEGORY = {
    "utility_quality": "utility_quality",
    "maintenance": "maintenance_quality",
    "emergency": "damage",
}
DEFAULT_KIND = "damage"

_COMMON = {field.name: field for field in COMMON_FIELDS}


def tr(text: str) -> str:
    return QCoreApplication.translate("ActDialog", text)


def kind_for_category(category_code: str) -> str:
    return KIND_FOR_CATEGORY.get(category_code, DEFAULT_KIND)


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


class ActDialog(QDialog):
    """A new act (from a request, a premise, or empty) or a stored one reopened."""

    def __init__(self, parent: QWidget | None, *, reg_no: str | None = None,
                 premise_number: str | None = None, act_id: int | None = None,
                 kind: str | None = None):
        super().__init__(parent)
        self._act: ActInfo | None = None
        self._job: Job | None = None
        self._dirty = False
        self._loading = False
        self._reg_no = (reg_no or "").strip() or None
        if act_id is not None:
            self._act = get_act(act_id)
            kind = self._act.kind
            values = dict(self._act.fields)
            self._reg_no = self._act.reg_no or None
        else:
            kind = kind if kind in ACT_KINDS else DEFAULT_KIND
            values = prefill(kind, reg_no=self._reg_no, premise_number=premise_number, now=clock.now())
        self._kind = kind
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._own_fields: QWidget | None = None
        self._own_values: dict[str, str] = {}
        self.resize(1260, 860)

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Вид акта:")))
        self.kind_combo = QComboBox()
        for code, spec in ACT_KINDS.items():
            self.kind_combo.addItem(kind_label(code), code)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, spec.title, Qt.ItemDataRole.ToolTipRole)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        top.addWidget(self.kind_combo)
        top.addSpacing(16)
        self.number_label = QLabel()
        self.number_label.setStyleSheet("font-weight: bold;")
        top.addWidget(self.number_label)
        top.addStretch(1)
        outer.addLayout(top)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 11pt; font-weight: bold;")
        outer.addWidget(self.title_label)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        # -- left: the header of the act, the participants, the refusal to sign
        header_box = QGroupBox(tr("Шапка акта"))
        header = QFormLayout(header_box)
        header.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for name in HEADER_FIELDS:
            if name == "act_time":
                continue
            field = _COMMON[name]
            if name == "act_date":
                row = QHBoxLayout()
                row.addWidget(self._line("act_date"))
                row.addWidget(QLabel(tr("время")))
                row.addWidget(self._line("act_time"))
                row.addStretch(1)
                header.addRow(tr("Дата и время составления"), row)
            elif name in ("request_no", "premise_no"):
                row = QHBoxLayout()
                row.addWidget(self._line(name))
                fill = QPushButton(tr("Заполнить"))
                fill.setToolTip(tr("Заполнить шапку по номеру из базы: заявитель, помещение, собственник"))
                fill.setAutoDefault(False)
                fill.clicked.connect(lambda _=False, n=name: self.fill_from_database(n))
                row.addWidget(fill)
                row.addStretch(1)
                setattr(self, f"fill_{name}_button", fill)
                header.addRow(field.label, row)
            else:
                header.addRow(field.label, self._line(name))
        left.addWidget(header_box)

        participants_box = QGroupBox(tr("Другие участники: подписи в акте"))
        participants_box.setToolTip(tr("Представитель, собственник, причинитель вреда и присутствующие "
                                       "получают строку для подписи сами: их не нужно вводить здесь ещё раз."))
        participants_layout = QVBoxLayout(participants_box)
        self.participants_model = EditableRowsModel(PARTICIPANT_COLUMNS, self)
        self.participants = ListEditor(participants_box, self.participants_model, [28, 26],
                                       tr("Добавить участника"))
        self.participants.fit_rows(4)
        participants_layout.addWidget(self.participants)
        left.addWidget(participants_box)

        refusal_box = QGroupBox(tr("Отказ от подписи (если кто-то отказался подписать акт)"))
        refusal = QGridLayout(refusal_box)
        for number, name in enumerate(REFUSAL_FIELDS):
            row, column = divmod(number, 2)
            refusal.addWidget(QLabel(REFUSAL_LABELS[name]), row, 2 * column)
            refusal.addWidget(self._line(name), row, 2 * column + 1)
        refusal.setColumnStretch(1, 1)
        refusal.setColumnStretch(3, 1)
        left.addWidget(refusal_box)
        left.addStretch(1)

        # -- right: the kind's own fields, the damaged items, notes
        self.own_box = QGroupBox(tr("Содержание акта"))
        self.own_layout = QVBoxLayout(self.own_box)
        right.addWidget(self.own_box)

        self.items_box = QGroupBox(tr("Повреждённое имущество"))
        items_layout = QVBoxLayout(self.items_box)
        self.items_model = EditableRowsModel(ITEM_COLUMNS, self)
        self.items = ListEditor(self.items_box, self.items_model, [26, 22, 8], tr("Добавить имущество"))
        self.items.fit_rows(4)
        items_layout.addWidget(self.items)
        right.addWidget(self.items_box)

        notes_box = QGroupBox(_COMMON["notes"].label)
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.addWidget(self._text("notes", rows=1))
        right.addWidget(notes_box)
        right.addStretch(1)

        # -- the actions
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet("background: #e6f2e6; color: #1e1e1e; padding: 4px;")
        self.notice.hide()
        outer.addWidget(self.notice)
        actions = QHBoxLayout()
        self.save_button = QPushButton(tr("Сохранить"))
        self.save_button.setToolTip("Ctrl+S")
        self.open_button = QPushButton(tr("Открыть"))
        self.print_button = QPushButton(tr("Печать"))
        self.pdf_button = QPushButton(tr("Сохранить как PDF…"))
        self.close_button = QPushButton(tr("Закрыть"))
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_file)
        self.print_button.clicked.connect(self.print_file)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        for button in (self.save_button, self.open_button, self.print_button, self.pdf_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        outer.addLayout(actions)
        for button in (self.open_button, self.print_button, self.pdf_button, self.close_button):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        self.pdf_button.setVisible(pdf.find_libreoffice() is not None)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        for model in (self.items_model, self.participants_model):
            for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._mark_dirty)

        self._loading = True
        try:
            self._build_own_fields(kind)
            self.set_values(values)
        finally:
            self._loading = False
        self._show_state()
        self.first_own_field().setFocus()

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

    # -- values

    def _value(self, name: str) -> str:
        edit = self.edits[name]
        text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
        return text.strip()

    def _set_value(self, name: str, value: object) -> None:
        edit = self.edits.get(name)
        if edit is None:
            return
        text = "" if value is None else str(value)
        if isinstance(edit, QPlainTextEdit):
            edit.setPlainText(text)
        else:
            edit.setText(text)
            edit.setCursorPosition(0)

    def set_values(self, values: dict) -> None:
        """Show ``values`` (a prefill or a stored act) in the fields and tables."""
        for name in self.edits:
            self._set_value(name, values.get(name))
        for name, value in values.items():
            if name not in _COMMON and name not in self.edits and isinstance(value, str):
                self._own_values[name] = value
        self.participants_model.set_values(values.get("participants") or [])
        self.items_model.set_values(values.get("items") or [])

    def kind(self) -> str:
        return self._kind

    def fields(self) -> dict:
        """What the act will be made from: every field of the kind, the participants and,
        for a damage act, the damaged items."""
        spec = ACT_KINDS[self._kind]
        values: dict = {name: self._value(name) for name in self.edits}
        values.pop("act_no", None)
        values["participants"] = self.participants_model.values()
        if "items" in spec.list_fields:
            values["items"] = self.items_model.values()
        return values

    def act(self) -> ActInfo | None:
        """The act as last saved, or None."""
        return self._act

    # -- state

    @Slot()
    def _mark_dirty(self, *_args) -> None:
        if not self._loading and not self._dirty:
            self._dirty = True
            self._show_state()

    def is_dirty(self) -> bool:
        return self._dirty

    def _show_state(self) -> None:
        spec = ACT_KINDS[self._kind]
        self.title_label.setText(spec.title)
        saved = self._act is not None
        self.kind_combo.setEnabled(not saved)
        if saved:
            self.number_label.setText(tr("№ {0}").format(self._act.number)
                                      + (tr(" — есть несохранённые изменения") if self._dirty else ""))
            self.setWindowTitle(tr("Акт № {0} — {1}").format(self._act.number, kind_label(self._kind)))
        else:
            self.number_label.setText(tr("Номер будет присвоен при сохранении"))
            source = tr(" по обращению № {0}").format(self._reg_no) if self._reg_no else ""
            self.setWindowTitle(tr("Новый акт{0}").format(source))
        busy = self._job is not None
        for button in (self.save_button, self.open_button, self.print_button, self.pdf_button):
            button.setEnabled(not busy)
        for button in (self.open_button, self.print_button, self.pdf_button):
            button.setEnabled(saved and not busy)

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    @Slot(int)
    def _kind_changed(self, _index: int) -> None:
        code = self.kind_combo.currentData()
        if not code or code == self._kind or self._act is not None:
            return
        self._kind = code
        self._loading = True
        try:
            self._build_own_fields(code)
        finally:
            self._loading = False
        self._show_state()

    @Slot()
    def fill_from_database(self, name: str) -> None:
        """«Заполнить»: the request's (or the premise's) applicant, premise and owner."""
        number = self._value(name)
        if not number:
            errors.show_message(self, tr("Введите номер обращения или помещения."))
            return
        try:
            if name == "request_no":
                found = prefill(self._kind, reg_no=number, now=clock.now())
            else:
                found = prefill(self._kind, premise_number=number, now=clock.now())
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            return
        if name == "request_no" and self._act is None:
            self._reg_no = number
        for field_name in ("request_no", "request_received", "premise_no", "owner_name"):
            if found.get(field_name):
                self._set_value(field_name, found[field_name])
        self._show_state()  # the owner signs from his field: not typed into the list again

    # -- saving

    @Slot()
    def save(self) -> bool:
        """Create the act (a number is given) or update the reopened one; True when saved."""
        if self._job is not None:
            return False
        fields = self.fields()
        try:
            if self._act is None:
                out = self.ask_act_path(suggested_act_path(self._kind, now=clock.now()))
                if out is None:
                    return False
                reg_no = fields.get("request_no") or None
                info = create_act(self._kind, fields, now=clock.now(), reg_no=reg_no,
                                  premise_number=fields.get("premise_no") or None, out=out)
            else:
                info = update_act(self._act.id, fields, now=clock.now())
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            return False
        created = self._act is None
        self._act = info
        self._dirty = False
        self._show_state()
        self._say((tr("Акт № {0} сохранён: {1}") if created else tr("Акт № {0} сформирован заново: {1}"))
                  .format(info.number, info.file))
        return True

    def _saved_file(self) -> Path | None:
        """The act's file with every change saved, or None when saving failed."""
        if self._act is None or self._dirty:
            if not self.save():
                return None
        return self._act.file if self._act else None

    @Slot()
    def open_file(self) -> None:
        path = self._saved_file()
        if path is None:
            return
        try:
            printing.open_document(path)
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)

    @Slot()
    def print_file(self) -> None:
        if self._job is not None:
            return
        reason = printing.print_unavailable_reason()
        if reason is not None:
            errors.show_message(self, reason)
            return
        path = self._saved_file()
        if path is None:
            return
        copies = printing.copies_of(self._act.fields.get("copies") if self._act else 1)
        self._run(tr("Отправка на печать…"),
                  lambda progress, cancel: printing.print_document(path, copies, cancel=cancel),
                  self._say)

    def ask_act_path(self, suggested: Path) -> Path | None:
        """Where to save a new act, «Документы/ТСЖ Деск/Акты/Акт … № … от ….docx»
        offered (tests replace this)."""
        prepare_folder(suggested.parent)
        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить акт"), str(suggested),
                                              tr("Документ Word (*.docx)"))
        if not name:
            return None
        target = Path(name)
        return target if target.suffix.lower() == ".docx" else target.with_name(target.name + ".docx")

    def ask_pdf_path(self, suggested: Path) -> Path | None:
        """Where to save the PDF (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить акт как PDF"), str(suggested),
                                              tr("Документ PDF (*.pdf)"))
        if not name:
            return None
        target = Path(name)
        return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")

    @Slot()
    def save_pdf(self) -> None:
        if self._job is not None:
            return
        path = self._saved_file()
        if path is None:
            return
        target = self.ask_pdf_path(path.with_suffix(".pdf"))
        if target is None:
            return

        def done(made: Path | None) -> None:
            if made is None:
                self._say(tr("Сохранение в PDF отменено."))
            else:
                self._say(tr("Акт № {0} сохранён в PDF: {1}").format(self._act.number, made))

        self._run(tr("Сохранение в PDF…"),
                  lambda progress, cancel: pdf.save_as_pdf(path, target, cancel=cancel), done)

    def _run(self, label: str, work, on_done) -> None:
        def finished(result) -> None:
            self._job = None
            self._show_state()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._job = None
            self._show_state()
            errors.show_error(self, exc)

        self._job = run_with_progress(self, label, work, on_finished=finished, on_failed=failed)
        self._show_state()

    def job(self) -> Job | None:
        return self._job

    # -- closing

    def confirm_discard(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel for unsaved changes (tests replace this)."""
        return QMessageBox.question(
            self, tr("Акт не сохранён"), tr("Сохранить изменения в акте?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def reject(self) -> None:
        if self._dirty:
            answer = self.confirm_discard()
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return
        super().reject()

    def done(self, result: int) -> None:
        job = self._job
        if job is not None:
            job.request_cancel()
            job.finish_now()
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, *, reg_no: str | None = None,
            premise_number: str | None = None, act_id: int | None = None,
            kind: str | None = None) -> ActInfo | None:
        """Show the dialog; the act as last saved, or None when nothing was saved."""
        try:
            dialog = cls(parent, reg_no=reg_no, premise_number=premise_number, act_id=act_id, kind=kind)
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(parent, exc)
            return None
        try:
            dialog.exec()
            return dialog.act()
        finally:
            dialog.deleteLater()
