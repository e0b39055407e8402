"""«Счётчики» of the premise card: the premise's meters with add, card, replace."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tsj_desk.domain.meters import fmt
from tsj_desk.domain.text import format_date
from tsj_desk.services.meters import MeterInfo, list_meters
from ui import clock, colors, errors
from ui.meters.card import MeterCardDialog
from ui.tables import CENTER, Column, RowsModel, make_table, selected_row


def tr(text: str) -> str:
    return QCoreApplication.translate("MetersSection", text)


def _initial(meter: MeterInfo) -> str:
    return " / ".join(fmt(v) for v in meter.initial if v is not None)


class MetersModel(RowsModel[MeterInfo]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Ресурс"), lambda m: m.resource.short, lambda m: m.resource.order, width=10),
            Column(tr("Заводской номер"), lambda m: m.serial, width=16),
            Column(tr("Номер в ГИС ЖКХ"), lambda m: m.gis_number or tr("не указан"), width=18,
                   tooltip=lambda m: None if m.gis_number else tr(
                       "Без номера в ГИС ЖКХ показания из шаблона ГИС ЖКХ не найдут этот счётчик")),
            Column(tr("Место"), lambda m: m.place, width=12),
            Column(tr("Тарифов"), lambda m: str(m.tariffs), lambda m: m.tariffs, align=CENTER, width=7),
            Column(tr("Поверка до"), lambda m: format_date(m.next_verification),
                   lambda m: m.next_verification.isoformat() if m.next_verification else "", width=11,
                   tooltip=lambda m: tr("Срок поверки истёк") if m.next_verification
                   and m.next_verification < clock.today() and not m.archived_on else None),
            Column(tr("Начальное"), _initial, width=10),
            Column(tr("Снят"), lambda m: format_date(m.archived_on),
                   lambda m: m.archived_on.isoformat() if m.archived_on else "", width=10),
        ], parent)

    def tone(self, row: MeterInfo) -> colors.Tone:
        """Grey for a meter out of service, yellow when its verification is overdue."""
        if row.archived_on:
            return colors.Tone.MUTED
        if row.next_verification is not None and row.next_verification < clock.today():
            return colors.Tone.WARNING
        return colors.Tone.NORMAL


class MetersSection(QWidget):
    """The meters of one premise; ``changed`` after anything was saved."""

    changed = Signal()

    def __init__(self, parent: QWidget | None, premise_id: int, heading: str = ""):
        super().__init__(parent)
        self._premise_id = premise_id
        self._heading = heading
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Счётчики")))
        top.addStretch(1)
        self.show_archived = QCheckBox(self.tr("показать снятые"))
        self.show_archived.toggled.connect(self.reload)
        top.addWidget(self.show_archived)
        layout.addLayout(top)
        self.model = MetersModel(self)
        self.view, _ = make_table(self, self.model, "premise-card-meters")
        self.view.activated.connect(lambda _index: self.open_selected())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Добавить счётчик"))
        self.card_button = QPushButton(self.tr("Карточка счётчика"))
        self.replace_button = QPushButton(self.tr("Заменить…"))
        self.add_button.clicked.connect(self.add)
        self.card_button.clicked.connect(self.open_selected)
        self.replace_button.clicked.connect(self.replace_selected)
        for button in (self.add_button, self.card_button, self.replace_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    @Slot()
    def reload(self) -> None:
        self.model.set_rows(list_meters(premise_id=self._premise_id,
                                        include_archived=self.show_archived.isChecked()))
        if self.model.rowCount():
            self.view.selectRow(0)
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        meter = self.selected()
        self.card_button.setEnabled(meter is not None)
        self.replace_button.setEnabled(meter is not None and meter.archived_on is None)

    def selected(self) -> MeterInfo | None:
        return selected_row(self.view)

    def _done(self) -> None:
        self.reload()
        self.changed.emit()

    @Slot()
    def add(self) -> None:
        if MeterCardDialog.add(self, premise_id=self._premise_id, heading=self._heading) is not None:
            self._done()

    @Slot()
    def open_selected(self) -> None:
        meter = self.selected()
        if meter is None:
            errors.show_message(self, self.tr("Выберите счётчик в списке."))
        elif MeterCardDialog.edit(self, meter.id):
            self._done()

    @Slot()
    def replace_selected(self) -> None:
        meter = self.selected()
        if meter is not None and MeterCardDialog.ask_replace(self, meter.id) is not None:
            self._done()
