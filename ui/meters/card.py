"""The meter card: add a meter, correct it, replace it, take it out of service.

One dialog in three modes. «Новый счётчик» and «Замена» save through
``tsj_desk.services.meters``; the card of an existing meter offers «Заменить…» and
«Снять с учёта…», each opening its own dialog. The class methods return the answer.
"""

from __future__ import annotations


from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError, ValidationFailed
from tsj_desk.domain.meters import Resource, fmt
from tsj_desk.domain.text import format_date, parse_decimal, plural
from tsj_desk.services.meters import (
    MeterInfo,
    MeterInput,
    add_meter,
    archive_meter,
    edit_meter,
    meter_card,
    replace_meter,
)
from tsj_desk.services.organization import list_houses
from ui import clock, colors, errors
from ui.widgets import date_edit, date_value
from ui.form_guard import prepare_form

ADD, EDIT, REPLACE = "add", "edit", "replace"


def meter_heading(meter: MeterInfo) -> str:
    where = (f"помещение {meter.premise_number}" if not meter.is_common
             else f"общедомовой, {meter.house_address}")
    return f"{meter.resource.label}: «{meter.serial}» — {where}"


def _values_text(values) -> list[str]:
    return [fmt(v) if v is not None else "" for v in values]


def add_common_meter(parent: QWidget | None, house_id: int | None = None) -> int | None:
    """A new common-house meter (ОДПУ): of ``house_id`` (the house the page shows), of
    the only house, or of the one chosen (the page shows every house)."""
    houses = list_houses()
    if not houses:
        errors.show_message(parent, "Сначала внесите дом: Настройки → «Организация».")
        return None
    shown = [h for h in houses if h.id == house_id]
    house = shown[0] if shown else houses[0]
    if not shown and len(houses) > 1:
        from PySide6.QtWidgets import QInputDialog

        labels = [h.address for h in houses]
        chosen, ok = QInputDialog.getItem(parent, "Новый ОДПУ", "Дом:", labels, 0, False)
        if not ok:
            return None
        house = houses[labels.index(chosen)]
    return MeterCardDialog.add(parent, house_id=house.id, heading=f"Общедомовой счётчик — {house.address}")


class ReadingFields(QWidget):
    """Т1, Т2, Т3 of a reading typed with comma decimals; only as many as the tariffs."""

    def __init__(self, parent: QWidget | None, values=(None, None, None)):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edits = []
        for index, text in enumerate(_values_text(values)):
            edit = QLineEdit(text)
            edit.setPlaceholderText(f"Т{index + 1}")
            edit.setMaximumWidth(110)
            layout.addWidget(edit)
            self.edits.append(edit)
        layout.addStretch(1)

    def set_tariffs(self, tariffs: int) -> None:
        for index, edit in enumerate(self.edits):
            edit.setVisible(index < tariffs)

    def values(self, what: str) -> tuple[float | None, float | None, float | None]:
        result: list[float | None] = []
        for index, edit in enumerate(self.edits):
            text = "" if edit.isHidden() else edit.text().strip()
            if not text:
                result.append(None)
                continue
            value = parse_decimal(text)
            if value is None:
                raise ValidationFailed(f"{what} Т{index + 1} «{text}» — не число.")
            result.append(float(value))
        return result[0], result[1], result[2]


class MeterCardDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, mode: str, meter: MeterInfo | None = None,
                 premise_id: int | None = None, house_id: int | None = None, heading: str = ""):
        super().__init__(parent)
        self.mode = mode
        self.meter = meter
        self._premise_id = premise_id
        self._house_id = house_id
        self.saved_id: int | None = None
        self.changed = False
        today = clock.today()
        layout = QVBoxLayout(self)
        title = {ADD: "Новый счётчик", EDIT: "Карточка счётчика", REPLACE: "Замена счётчика"}[mode]
        self.setWindowTitle(self.tr(title))
        self.heading = QLabel(heading or (meter_heading(meter) if meter else ""))
        self.heading.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        if mode == REPLACE:
            old = QGroupBox(self.tr("Снимаемый счётчик «{0}»").format(meter.serial))
            old_form = QFormLayout(old)
            self.replaced_on = date_edit(self, today)
            self.final = ReadingFields(self)
            self.final.set_tariffs(meter.tariffs)
            old_form.addRow(self.tr("Дата замены:"), self.replaced_on)
            old_form.addRow(self.tr("Конечное показание:"), self.final)
            layout.addWidget(old)

        start = meter if mode == EDIT else None
        data = start.as_input() if start else MeterInput(meter.resource if meter else Resource.COLD_WATER, "",
                                                         tariffs=meter.tariffs if meter else 1)
        box = QGroupBox(self.tr("Новый счётчик") if mode == REPLACE else self.tr("Счётчик"))
        form = QFormLayout(box)
        self.resource = QComboBox()
        for resource in Resource:
            self.resource.addItem(f"{resource.short} — {resource.label.lower()}", resource)
        self.resource.setCurrentIndex(list(Resource).index(Resource(data.resource)))
        self.resource.setEnabled(mode == ADD or (mode == EDIT and meter.archived_on is None))
        self.serial = QLineEdit(data.serial)
        self.serial.setPlaceholderText(self.tr("как на корпусе счётчика"))
        self.gis_number = QLineEdit(data.gis_number)
        self.gis_number.setPlaceholderText(self.tr("из ГИС ЖКХ: по нему загружаются показания"))
        self.model = QLineEdit(data.model)
        self.place = QLineEdit(data.place)
        self.place.setPlaceholderText(self.tr("кухня, ванная, щиток на площадке…"))
        self.installed_on = date_edit(self, data.installed_on, optional=True)
        self.verified_on = date_edit(self, data.verified_on, optional=True)
        self.interval = QSpinBox()
        self.interval.setRange(0, 20)
        self.interval.setSpecialValueText(self.tr("не указан"))
        self.interval.setValue(data.interval_years or 0)
        self.digits = QSpinBox()
        self.digits.setRange(0, 9)
        self.digits.setSpecialValueText(self.tr("не указана"))
        self.digits.setValue(data.digits or 0)
        self.tariffs = QSpinBox()
        self.tariffs.setRange(1, 3)
        self.tariffs.setValue(data.tariffs)
        self.initial = ReadingFields(self, data.initial)
        self.next_check = QLabel()
        form.addRow(self.tr("Ресурс:"), self.resource)
        form.addRow(self.tr("Заводской номер:"), self.serial)
        form.addRow(self.tr("Номер в ГИС ЖКХ:"), self.gis_number)
        form.addRow(self.tr("Модель:"), self.model)
        form.addRow(self.tr("Место установки:"), self.place)
        form.addRow(self.tr("Дата установки:"), self.installed_on)
        form.addRow(self.tr("Последняя поверка:"), self.verified_on)
        form.addRow(self.tr("Межповерочный интервал:"), self.interval)
        form.addRow(self.tr("Следующая поверка:"), self.next_check)
        form.addRow(self.tr("Разрядность:"), self.digits)
        form.addRow(self.tr("Тарифов:"), self.tariffs)
        form.addRow(self.tr("Начальное показание:"), self.initial)
        layout.addWidget(box)
        if mode == REPLACE:
            self.installed_on.setEnabled(False)  # the new meter is installed on the replacement day

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Заменить") if mode == REPLACE else self.tr("Сохранить"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.replace_button = self.archive_button = None
        if mode == EDIT and meter.archived_on is None:
            self.replace_button = QPushButton(self.tr("Заменить…"))
            self.archive_button = QPushButton(self.tr("Снять с учёта…"))
            for button in (self.replace_button, self.archive_button):
                self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.replace_button.clicked.connect(self.replace)
            self.archive_button.clicked.connect(self.archive)
        elif mode == EDIT:
            state = QLabel(self.tr("Снят с учёта {0}.").format(format_date(meter.archived_on)))
            layout.addWidget(state)
        layout.addWidget(self.buttons)
        self.tariffs.valueChanged.connect(self._update)
        self.interval.valueChanged.connect(self._update)
        self.verified_on.dateChanged.connect(self._update)
        self.serial.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(560)
        prepare_form(self)

    # -- class methods: the answer

    @classmethod
    def add(cls, parent: QWidget | None, *, premise_id: int | None = None, house_id: int | None = None,
            heading: str = "") -> int | None:
        """A new meter of the premise (or an ОДПУ of the house); its id, None when cancelled."""
        return cls._run(cls(parent, mode=ADD, premise_id=premise_id, house_id=house_id, heading=heading))

    @classmethod
    def edit(cls, parent: QWidget | None, meter_id: int) -> bool:
        """The card of a meter; True when anything was changed (corrected, replaced, archived)."""
        try:
            meter = meter_card(meter_id)
        except TsjError as exc:
            errors.show_error(parent, exc)
            return False
        dialog = cls(parent, mode=EDIT, meter=meter)
        cls._run(dialog)
        return dialog.changed

    @classmethod
    def ask_replace(cls, parent: QWidget | None, meter_id: int) -> int | None:
        """Replace a meter: its final reading, the new one's card; the new id, None when cancelled."""
        try:
            meter = meter_card(meter_id)
        except TsjError as exc:
            errors.show_error(parent, exc)
            return None
        return cls._run(cls(parent, mode=REPLACE, meter=meter))

    @staticmethod
    def _run(dialog: MeterCardDialog):
        try:
            dialog.exec()
            return dialog.saved_id
        finally:
            dialog.deleteLater()

    # -- the fields

    @Slot()
    def _update(self) -> None:
        tariffs = self.tariffs.value()
        self.initial.set_tariffs(tariffs)
        verified = date_value(self.verified_on)
        years = self.interval.value()
        self.interval.setSuffix(" " + plural(years, self.tr("год"), self.tr("года"), self.tr("лет")))
        if verified and years:
            from tsj_desk.domain.meters import next_verification

            due = next_verification(verified, years)
            late = self.tr(" — срок поверки истёк") if due < clock.today() else ""
            self.next_check.setText(format_date(due) + late)
            self.next_check.setStyleSheet(colors.ERROR_LABEL_STYLE if late else "")
        else:
            self.next_check.setText(self.tr("укажите дату поверки и интервал"))
        self.ok_button.setEnabled(bool(self.serial.text().strip()))

    def meter_input(self) -> MeterInput:
        common = self.meter.is_common if self.meter else self._premise_id is None
        return MeterInput(
            resource=self.resource.currentData(), serial=self.serial.text().strip(),
            house_id=(self.meter.house_id if self.meter else self._house_id) if common else None,
            tariffs=self.tariffs.value(), gis_number=self.gis_number.text().strip(),
            model=self.model.text().strip(), place=self.place.text().strip(),
            installed_on=date_value(self.installed_on) if self.mode != REPLACE else None,
            verified_on=date_value(self.verified_on), interval_years=self.interval.value() or None,
            digits=self.digits.value() or None, initial=self.initial.values("Начальное показание"),
            premise_id=None if common else (self.meter.premise_id if self.meter else self._premise_id))

    def accept(self) -> None:
        now = clock.now()
        try:
            data = self.meter_input()
            if self.mode == ADD:
                self.saved_id = add_meter(data, now=now)
            elif self.mode == EDIT:
                edited = edit_meter(self.meter.id, data, now=now, version=self.meter.version)
                self.changed = edited or self.changed
                self.saved_id = self.meter.id
            else:
                final = self.final.values("Конечное показание")
                self.saved_id = replace_meter(self.meter.id, final, on=date_value(self.replaced_on),
                                              new=data, now=now)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.changed = True
        super().accept()

    # -- the actions of an existing meter's card

    @Slot()
    def replace(self) -> None:
        new_id = MeterCardDialog.ask_replace(self, self.meter.id)
        if new_id is not None:
            self.changed = True
            self.saved_id = new_id
            super().accept()

    @Slot()
    def archive(self) -> None:
        if ArchiveDialog.ask(self, self.meter):
            self.changed = True
            super().accept()


class ArchiveDialog(QDialog):
    """Take a meter out of service (removed without a replacement): the date, its last reading."""

    def __init__(self, parent: QWidget | None, meter: MeterInfo):
        super().__init__(parent)
        self.meter = meter
        self.done_ok = False
        self.setWindowTitle(self.tr("Снять счётчик с учёта"))
        layout = QVBoxLayout(self)
        text = QLabel(self.tr("{0}\n\nСнятый счётчик остаётся в истории, показания по нему больше не "
                              "принимаются.").format(meter_heading(meter)))
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.on = date_edit(self, clock.today())
        self.final = ReadingFields(self)
        self.final.set_tariffs(meter.tariffs)
        form.addRow(self.tr("Дата снятия:"), self.on)
        form.addRow(self.tr("Последнее показание:"), self.final)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Снять с учёта"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        prepare_form(self)

    @classmethod
    def ask(cls, parent: QWidget | None, meter: MeterInfo) -> bool:
        """True when the meter was taken out of service."""
        dialog = cls(parent, meter)
        try:
            dialog.exec()
            return dialog.done_ok
        finally:
            dialog.deleteLater()

    def accept(self) -> None:
        try:
            final = self.final.values("Последнее показание")
            archive_meter(self.meter.id, on=date_value(self.on), now=clock.now(),
                          final=final if final[0] is not None else None)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.done_ok = True
        super().accept()
