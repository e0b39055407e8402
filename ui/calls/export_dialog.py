"""«Список обзвона»: a campaign's call list written as .xlsx or .csv, with how many
premises were left out for want of a phone."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import format_date
from tsj_desk.services.call_lists import CAMPAIGNS, SURVEY_DAYS, CallList, build_list, export_list
from tsj_desk.services.call_visits import visit_announcements
from tsj_desk.services.folders import make_offered_folder, offered_file
from tsj_desk.services.organization import houses
from ui import clock, errors
from ui.widgets import date_edit, date_value, error_label, show_problem, two_formats

# what each campaign asks for besides the house: the rows of the form it shows
_FIELDS = {"readings": (), "debt": ("min_sum",), "visit": ("announcement", "premises", "visit_on", "note"),
           "survey": ("days",)}


class CallExportDialog(QDialog):
    """Choose the campaign and its parameters, then the file; the list is written at once."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Обзвон: список звонков"))
        self.calls: CallList | None = None
        self.written: Path | None = None
        layout = QVBoxLayout(self)
        note = QLabel(self.tr(
            "Список для оператора или сервиса обзвона: телефон в виде +7XXXXXXXXXX, ФИО, помещение, "
            "сумма, срок и «Код строки», по которому загружаются результаты. Помещения без телефона "
            "в список не входят — их число будет показано. Выгрузка записывается в журнал изменений."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.form = QFormLayout()
        self.campaign = QComboBox()
        for code, (label, _) in CAMPAIGNS.items():
            self.campaign.addItem(self.tr(_CAMPAIGN_TEXTS[code]), code)
        self.house = QComboBox()
        self.house.addItem(self.tr("Все дома"), None)
        for known in houses():
            self.house.addItem(known.address, known.id)
        self.min_sum = QLineEdit()
        self.min_sum.setPlaceholderText(self.tr("например, 5000"))
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(SURVEY_DAYS)
        self.announcement = QComboBox()  # a visit announced in «Объявления», or premises typed here
        self.announcement.addItem(self.tr("— указать помещения вручную —"), None)
        for row in visit_announcements():
            self.announcement.addItem(f"{row.title}, {row.when} ({row.house})", row.id)
        self.premises = QLineEdit()
        self.premises.setPlaceholderText(self.tr("номера и диапазоны: 1-40, 55"))
        self.visit_on = date_edit(self, clock.today())
        self.visit_note = QLineEdit()
        self.visit_note.setPlaceholderText(self.tr("поверка счётчиков воды 10:00–14:00"))
        self.xlsx, self.csv, format_row = two_formats(self, self.tr("Excel (.xlsx)"),
                                                     self.tr("CSV для сервиса обзвона (.csv)"))
        self.form.addRow(self.tr("Кампания:"), self.campaign)
        self.form.addRow(self.tr("Дом:"), self.house)
        self.form.addRow(self.tr("Долг не меньше, руб.:"), self.min_sum)
        self.form.addRow(self.tr("Закрытые за, дней:"), self.days)
        self.form.addRow(self.tr("Объявление о визите:"), self.announcement)
        self.form.addRow(self.tr("Помещения:"), self.premises)
        self.form.addRow(self.tr("Дата визита:"), self.visit_on)
        self.form.addRow(self.tr("Что сказать:"), self.visit_note)
        self.form.addRow(self.tr("Формат:"), format_row)
        layout.addLayout(self.form)
        self.problem = error_label(self)
        layout.addWidget(self.problem)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.outcome)
        buttons = QDialogButtonBox()
        self.export_button = QPushButton(self.tr("Выгрузить…"))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("Закрыть"), QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.export)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.campaign.currentIndexChanged.connect(self._campaign_changed)
        self.announcement.currentIndexChanged.connect(self._campaign_changed)
        self._campaign_changed()

    def campaign_code(self) -> str:
        return self.campaign.currentData()

    @Slot()
    def _campaign_changed(self) -> None:
        shown = _FIELDS[self.campaign_code()]
        if self.announcement.currentData() is not None:  # the announcement names them
            shown = tuple(key for key in shown if key not in ("premises", "visit_on", "note"))
        for key, widget in (("min_sum", self.min_sum), ("days", self.days),
                            ("announcement", self.announcement), ("premises", self.premises),
                            ("visit_on", self.visit_on), ("note", self.visit_note)):
            self.form.setRowVisible(widget, key in shown)
        show_problem(self.problem, None)

    def _min_sum(self) -> Decimal | None:
        text = self.min_sum.text().replace(" ", "").replace(",", ".").strip()
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal(-1)
        if not value.is_finite() or value < 0:
            raise ValueError(self.tr("Сумма «{0}» — не число рублей.").format(self.min_sum.text()))
        return value

    def build(self) -> CallList:
        """The list the form asks for (``TsjError`` or ``ValueError`` in Russian)."""
        now = clock.now()
        return build_list(self.campaign_code(), today=now.date(), now=now, house_id=self.house.currentData(),
                          min_sum=self._min_sum(), days=self.days.value(), premises=self.premises.text(),
                          visit_on=date_value(self.visit_on), note=self.visit_note.text().strip(),
                          announcement_id=self.announcement.currentData() if self.campaign_code() == "visit"
                          else None)

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to write (tests replace it)."""
        make_offered_folder(suggested.parent)
        wanted = "CSV (*.csv)" if suggested.suffix == ".csv" else "Книга Excel (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Сохранить список обзвона"), str(suggested),
                                                self.tr(wanted))
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suggested.suffix else path.with_name(path.name + suggested.suffix)

    @Slot()
    def export(self) -> None:
        try:
            calls = self.build()
        except ValueError as exc:
            show_problem(self.problem, str(exc))
            return
        except TsjError as exc:
            show_problem(self.problem, exc.message)
            return
        show_problem(self.problem, None)
        suffix = ".csv" if self.csv.isChecked() else ".xlsx"
        label = CAMPAIGNS[calls.campaign][0]
        path = self.ask_path(offered_file(f"Обзвон «{label}» {format_date(clock.today())}{suffix}"))
        if path is None:
            return
        try:
            self.written = export_list(calls, path, now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.calls = calls
        lines = [self.tr("Список записан: {0}").format(self.written), calls.summary()]
        lines += [self.tr("Не вошло: пом. {0}{1} — {2}.").format(
            s.premise or "—", f" ({s.name})" if s.name else "", s.why) for s in calls.skipped[:20]]
        if len(calls.skipped) > 20:
            lines.append(self.tr("…и ещё {0}.").format(len(calls.skipped) - 20))
        self.outcome.setText("\n".join(lines))

    @classmethod
    def run(cls, parent: QWidget | None) -> Path | None:
        dialog = cls(parent)
        try:
            dialog.exec()
            return dialog.written
        finally:
            dialog.deleteLater()


_CAMPAIGN_TEXTS = {
    "readings": "Показания — нет показаний за текущий месяц",
    "debt": "Долг — напомнить должникам",
    "visit": "Визит — предупредить о визите специалиста",
    "survey": "Опрос — оценка после закрытого обращения",
}
