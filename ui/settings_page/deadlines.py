"""«Сроки ответов»: the categories of requests and their deadlines, editable.

A management contract may shorten a deadline, never lengthen it; the service
refuses a longer one and its message is shown through ``ui.errors``. The shipped
default is shown next to the current value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.deadlines import (
    CategoryRule,
    DayKind,
    default_category,
    describe_period,
)
from tsj_desk.domain.errors import TsjError
from tsj_desk.services.calendar import category_rules, update_category
from ui import clock, errors
from ui.tables import CENTER, Column, RowsModel, make_table, selected_row
from ui.form_guard import prepare_form


def tr(text: str) -> str:
    return QCoreApplication.translate("DeadlinesTab", text)


@dataclass(frozen=True)
class CategoryRow:
    """A category as configured, with its shipped default (None for one without)."""

    position: int
    rule: CategoryRule
    default: CategoryRule | None

    @property
    def changed(self) -> bool:
        d = self.default
        return d is not None and (d.amount, d.kind, d.basis, d.shift_to_working_day) != (
            self.rule.amount, self.rule.kind, self.rule.basis, self.rule.shift_to_working_day)


def category_rows() -> list[CategoryRow]:
    rows = []
    for position, rule in enumerate(category_rules()):
        try:
            default = default_category(rule.code)
        except TsjError:
            default = None
        rows.append(CategoryRow(position, rule, default))
    return rows


def shift_text(rule: CategoryRule) -> str:
    """«да» / «нет» for calendar days; a working-day or hours period never shifts."""
    if rule.kind is not DayKind.CALENDAR:
        return "—"
    return tr("да") if rule.shift_to_working_day else tr("нет")


def _shift_tooltip(row: CategoryRow) -> str | None:
    if row.rule.kind is DayKind.WORKING:
        return tr("Срок в рабочих днях всегда кончается в рабочий день.")
    if row.rule.kind is DayKind.HOURS:
        return tr("Срок в часах и минутах не переносится (ПП 416 п. 13).")
    if row.rule.shift_to_working_day:
        return tr("Срок, который кончается в выходной или праздник, переносится на следующий "
                  "рабочий день (ГК РФ ст. 193).")
    return tr("Срок не переносится: он может кончиться в выходной.")


def _default_text(row: CategoryRow) -> str:
    return row.default.period if row.default is not None else "—"


class CategoriesModel(RowsModel[CategoryRow]):
    LABEL, PERIOD, DEFAULT, KIND, SHIFT, BASIS = range(6)
    HEADER_TOOLTIPS: ClassVar[dict[int, str]] = {
        DEFAULT: "Срок по закону (legal-ru §2); договор может его только сократить",
        SHIFT: "Перенос на рабочий день: срок в календарных днях, который кончается в выходной, "
               "переносится на следующий рабочий день",
    }

    def __init__(self, parent=None):
        super().__init__([
            # the categories in words (never their codes), sorted in the order of legal-ru §2
            Column(tr("Обращение"), lambda r: r.rule.label, lambda r: r.position, width=34,
                   tooltip=lambda r: f"{r.rule.label}\n\n{r.rule.note}" if r.rule.note else r.rule.label),
            Column(tr("Срок"), lambda r: r.rule.period, lambda r: (r.rule.kind.value, r.rule.amount),
                   width=17, tooltip=lambda r: tr("Изменён: по умолчанию {0}").format(r.default.period)
                   if r.changed and r.default is not None else None),
            Column(tr("По умолчанию"), _default_text,
                   lambda r: (r.default.kind.value, r.default.amount) if r.default else ("", 0), width=17,
                   tooltip=lambda r: r.default.basis if r.default is not None else None),
            Column(tr("Вид дней"), lambda r: r.rule.kind.label, width=14),
            Column(tr("Перенос"), lambda r: shift_text(r.rule), align=CENTER, width=9,
                   tooltip=_shift_tooltip),
            Column(tr("Основание"), lambda r: r.rule.basis, width=11, tooltip=lambda r: r.rule.basis),
        ], parent)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole
                and section in self.HEADER_TOOLTIPS):
            return tr(self.HEADER_TOOLTIPS[section])
        return super().headerData(section, orientation, role)


def details_html(row: CategoryRow) -> str:
    """The selected category in full: label, deadline, default, basis and the note."""
    rule = row.rule
    lines = [f"<b>{escape(rule.label)}</b>",
             tr("Срок: {0}; основание: {1}.").format(escape(rule.period), escape(rule.basis or "—"))]
    if row.default is not None:
        basis = f", {escape(row.default.basis)}" if row.default.basis else ""
        if row.changed:
            lines.append(tr("Изменён договором. По умолчанию: {0}{1}.").format(
                escape(row.default.period), basis))
        else:
            lines.append(tr("Как по умолчанию ({0}{1}).").format(escape(row.default.period), basis))
    if rule.note:
        lines.append(escape(rule.note))
    return "<br>".join(lines)


Save = Callable[[int, DayKind, str, bool], CategoryRule]


class CategoryDialog(QDialog):
    """The deadline of one category: amount, day kind, basis, shift to a working day.

    On «Сохранить» the values go to ``save``; when it refuses (a longer deadline),
    its message is shown and the dialog stays open.
    """

    def __init__(self, parent: QWidget | None, rule: CategoryRule, default: CategoryRule | None,
                 save: Save | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Срок ответа: {0}").format(rule.label))
        self._rule = rule
        self._default = default
        self._save = save
        self._saved: CategoryRule | None = None

        layout = QVBoxLayout(self)
        heading = QLabel(rule.label)
        heading.setStyleSheet("font-weight: bold;")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if default is not None:
            basis = f" ({default.basis})" if default.basis else ""
            text = self.tr("Установленный срок: {0}{1}.").format(default.period, basis)
            if "не продлить" not in rule.note:  # the note of «maintenance» says it already
                text += " " + self.tr("Договор управления может сократить срок, но не продлить его.")
            self.default_label = QLabel(text)
        else:
            self.default_label = QLabel(self.tr("У этой категории нет срока по умолчанию."))
        self.default_label.setWordWrap(True)
        layout.addWidget(self.default_label)
        if rule.note:
            note = QLabel(rule.note)
            note.setWordWrap(True)
            muted = note.palette()
            muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
            note.setPalette(muted)
            layout.addWidget(note)

        form = QFormLayout()
        self.amount = QSpinBox()
        self.amount.setRange(1, 9999)
        self.amount.setValue(rule.amount)
        self.period_label = QLabel()
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount)
        amount_row.addWidget(self.period_label, 1)
        self.kind = QComboBox()
        for kind in DayKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(rule.kind.value))
        self.basis = QLineEdit(rule.basis)
        self.basis.setMinimumWidth(360)
        self.basis.setPlaceholderText(self.tr("норма закона или пункт договора управления"))
        self.shift = QCheckBox(self.tr("Срок, который кончается в выходной, переносить на следующий "
                                       "рабочий день"))
        self.shift.setChecked(rule.shift_to_working_day)
        form.addRow(self.tr("Срок:"), amount_row)
        form.addRow(self.tr("Вид дней:"), self.kind)
        form.addRow(self.tr("Основание:"), self.basis)
        form.addRow("", self.shift)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Сохранить"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.reset_button = QPushButton(self.tr("Как по умолчанию"))
        self.reset_button.setEnabled(default is not None)
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button.clicked.connect(self.reset_to_default)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.amount.valueChanged.connect(self._update)
        self.kind.currentIndexChanged.connect(self._update)
        self._update()
        prepare_form(self)

    @classmethod
    def edit(cls, parent: QWidget | None, rule: CategoryRule,
             default: CategoryRule | None) -> CategoryRule | None:
        """Show the dialog; the rule as saved, or None when cancelled."""
        def save(amount: int, kind: DayKind, basis: str, shift: bool) -> CategoryRule:
            return update_category(rule.code, amount=amount, kind=kind, basis=basis,
                                   shift_to_working_day=shift, now=clock.now())

        dialog = cls(parent, rule, default, save)
        try:
            dialog.exec()
            return dialog.saved_rule()
        finally:
            dialog.deleteLater()

    # -- fields

    def chosen_kind(self) -> DayKind:
        return DayKind(self.kind.currentData())

    def set_values(self, amount: int, kind: DayKind, basis: str | None = None,
                   shift: bool | None = None) -> None:
        self.kind.setCurrentIndex(self.kind.findData(DayKind(kind).value))
        self.amount.setValue(amount)
        if basis is not None:
            self.basis.setText(basis)
        if shift is not None:
            self.shift.setChecked(shift)

    @Slot()
    def reset_to_default(self) -> None:
        d = self._default
        if d is not None:
            self.set_values(d.amount, d.kind, d.basis, d.shift_to_working_day)

    @Slot()
    def _update(self) -> None:
        kind = self.chosen_kind()
        self.amount.setSuffix(self.tr(" мин") if kind is DayKind.HOURS else "")
        self.period_label.setText(describe_period(self.amount.value(), kind))
        self.shift.setEnabled(kind is DayKind.CALENDAR)

    def saved_rule(self) -> CategoryRule | None:
        return self._saved

    def accept(self) -> None:
        values = (self.amount.value(), self.chosen_kind(), self.basis.text(), self.shift.isChecked())
        try:
            saved = self._save(*values) if self._save is not None else None
        except TsjError as exc:
            errors.show_error(self, exc)
            self.amount.setFocus()
            self.amount.selectAll()
            return
        self._saved = saved
        super().accept()


class DeadlinesTab(QWidget):
    changed = Signal()  # a category's deadline was saved

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Сроки ответа на обращения по видам (ПП 416, ПП 491, ЖК РФ). Договор управления может "
            "сократить срок, но не продлить его. Изменение действует для новых обращений: у "
            "зарегистрированных срок уже вычислен."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        actions = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Изменить…"))
        self.edit_button.clicked.connect(self.edit_selected)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.model = CategoriesModel(self)
        self.table, self.proxy = make_table(self, self.model, "settings-categories")
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.reload()

    @Slot()
    def reload(self) -> None:
        keep = self.selected_category()
        try:
            rows = category_rows()
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.model.set_rows(rows)
        self._fit_table_height()
        kept = keep is not None and self.select_category(keep.rule.code)
        if not kept and self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def visible_rows(self) -> list[CategoryRow]:
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    def row_of(self, code: str) -> CategoryRow:
        return next(r for r in self.visible_rows() if r.rule.code == code)

    def cell_text(self, code: str, column: int) -> str:
        """The text the table shows for category ``code`` in ``column``."""
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).rule.code == code:
                return self.proxy.index(r, column).data()
        raise KeyError(code)

    def selected_category(self) -> CategoryRow | None:
        return selected_row(self.table)

    def select_category(self, code: str) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).rule.code == code:
                self.table.selectRow(r)
                return True
        return False

    @Slot()
    def _update_buttons(self) -> None:
        row = self.selected_category()
        self.edit_button.setEnabled(row is not None)
        self.details.setText(details_html(row) if row is not None else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_table_height()

    def _fit_table_height(self) -> None:
        """As tall as its rows: there are about ten categories, the rest is for the details."""
        header = self.table.horizontalHeader().sizeHint().height()
        rows = sum(self.table.rowHeight(r) for r in range(self.proxy.rowCount()))
        header_view = self.table.horizontalHeader()
        too_wide = header_view.length() > self.table.viewport().width()
        scroll = self.table.horizontalScrollBar().sizeHint().height() if too_wide else 0
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth() + scroll)

    @Slot()
    def edit_selected(self) -> None:
        row = self.selected_category()
        if row is None:
            return
        if CategoryDialog.edit(self, row.rule, row.default) is not None:
            self.reload()
            self.changed.emit()
