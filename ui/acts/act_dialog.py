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

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.services.act_kinds import ACT_KINDS
from tsj_desk.services import pdf
from tsj_desk.services.acts import (
    ActInfo,
    get_act,
    prefill,
)
from ui import clock, errors
from ui.acts.act_files import ActFiles
from ui.acts.act_form import (  # noqa: F401 — the form's names stay importable from here
    HEADER_FIELDS,
    ITEM_COLUMNS,
    PAIRS,
    PARTICIPANT_COLUMNS,
    PLACEHOLDERS,
    REFUSAL_FIELDS,
    REFUSAL_LABELS,
    SHORT_FIELDS,
    _COMMON,
    ActFormBuilding,
    ListEditor,
    tr,
)
from ui.acts.model import EditableRowsModel, kind_label
from ui.workers import Job

# A category of the request → the act it usually needs.
KIND_FOR_CATEGORY = {
    "utility_quality": "utility_quality",
    "maintenance": "maintenance_quality",
    "emergency": "damage",
}
DEFAULT_KIND = "damage"


def kind_for_category(category_code: str) -> str:
    return KIND_FOR_CATEGORY.get(category_code, DEFAULT_KIND)


class ActDialog(ActFormBuilding, ActFiles, QDialog):
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
