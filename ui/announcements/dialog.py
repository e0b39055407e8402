"""«Создать объявление»: the kind first (отключение, визит специалиста, собрание), then
the house and entrances, when, and the fields of the kind. Saved by
``services.announcements.create_announcement``; a problem is said under the form and
the dialog stays open."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.announcements import MEETING_FORMS, RESOURCES, VISIT_WORKS, meeting_notice_warning
from tsj_desk.domain.errors import TsjError
from tsj_desk.services.announcements import (
    KINDS,
    MEETING,
    OUTAGE,
    VISIT,
    AnnouncementInput,
    create_announcement,
    house_entrances,
)
from tsj_desk.services.organization import list_houses
from ui import clock
from ui.journal.forms import KeyboardDialog, datetime_edit, from_qdatetime
from ui.widgets import error_label, show_problem


def tr(text: str) -> str:
    return QCoreApplication.translate("AnnouncementDialog", text)


def _combo(items: dict[str, str]) -> QComboBox:
    box = QComboBox()
    for value, text in items.items():
        box.addItem(tr(text), value)
    return box


class AnnouncementDialog(KeyboardDialog):
    """A new announcement; ``created`` holds its id once saved."""

    def __init__(self, parent: QWidget | None = None, kind: str = OUTAGE):
        super().__init__(parent)
        self.setWindowTitle(tr("Создать объявление"))
        self.created: int | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.kind = _combo(KINDS)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        form.addRow(tr("Вид объявления:"), self.kind)
        self.house = QComboBox()
        for house in list_houses():
            self.house.addItem(house.address, house.id)
        form.addRow(tr("Дом:"), self.house)
        self.entrances = QLineEdit()
        self.entrances.setPlaceholderText(tr("все подъезды"))
        self.entrances_hint = QLabel()
        self.entrances_hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(tr("Подъезды:"), self.entrances)
        form.addRow("", self.entrances_hint)
        start = (clock.now() + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
        self.starts = datetime_edit(self, start)
        self.ends = datetime_edit(self, start.replace(hour=18))
        form.addRow(tr("Начало:"), self.starts)
        self.ends_label = QLabel(tr("Окончание:"))
        form.addRow(self.ends_label, self.ends)
        self.warning = QLabel()  # a meeting announced less than 10 days ahead
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", self.warning)

        self.pages = QStackedWidget()
        self.resource = _combo({code: r.label.capitalize() for code, r in RESOURCES.items()})
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("например, плановый ремонт трубопровода в подвале"))
        self.work = _combo({code: title for code, (title, _) in VISIT_WORKS.items()})
        self.performer = QLineEdit()
        self.performer.setPlaceholderText(tr("например, ООО «Метрологический центр»"))
        self.premises = QLineEdit()
        self.premises.setPlaceholderText(tr("например, 1–36, 40 (пусто — все помещения подъездов)"))
        self.meeting_form = _combo(MEETING_FORMS)
        self.place = QLineEdit()
        self.agenda = QPlainTextEdit()
        self.agenda.setPlaceholderText(tr("по вопросу в строке"))
        self.agenda.setTabChangesFocus(True)
        self.agenda.setFixedHeight(self.fontMetrics().height() * 6)
        for rows in (
            [(tr("Что отключается:"), self.resource), (tr("Причина:"), self.reason)],
            [(tr("Работы:"), self.work), (tr("Исполнитель:"), self.performer),
             (tr("Нужен доступ в помещения №:"), self.premises)],
            [(tr("Форма собрания:"), self.meeting_form), (tr("Место:"), self.place),
             (tr("Повестка дня:"), self.agenda)],
        ):
            page = QWidget()
            page_form = QFormLayout(page)
            page_form.setContentsMargins(0, 0, 0, 0)
            for label, widget in rows:
                page_form.addRow(label, widget)
            self.pages.addWidget(page)
        layout.addWidget(self.pages)
        tail = QFormLayout()
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("необязательно: ещё строка для объявления"))
        tail.addRow(tr("Дополнительно:"), self.note)
        layout.addLayout(tail)
        self.problem = error_label(self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        save = buttons.addButton(tr("Создать"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(tr("Отмена"), QDialogButtonBox.ButtonRole.RejectRole)
        save.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        save.setDefault(True)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.last_field = self.note
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.starts.dateTimeChanged.connect(lambda _value: self._warn())
        self.house.currentIndexChanged.connect(self._house_chosen)
        self._kind_chosen()
        self._house_chosen()
        self.kind.setFocus()

    def current_kind(self) -> str:
        return self.kind.currentData()

    @Slot()
    def _kind_chosen(self) -> None:
        kind = self.current_kind()
        self.pages.setCurrentIndex({OUTAGE: 0, VISIT: 1, MEETING: 2}[kind])
        meeting = kind == MEETING
        self.ends.setVisible(not meeting)
        self.ends_label.setVisible(not meeting)
        self.starts.setToolTip(tr("Дата и время собрания") if meeting else tr("Дата и время начала"))
        self._warn()

    def _warn(self) -> None:
        text = ""
        if self.current_kind() == MEETING:
            text = meeting_notice_warning(from_qdatetime(self.starts.dateTime()), clock.today())
        self.warning.setText(text)
        self.warning.setVisible(bool(text))

    @Slot()
    def _house_chosen(self) -> None:
        house_id = self.house.currentData()
        known = house_entrances(house_id) if house_id is not None else []
        self.entrances_hint.setText(
            tr("В доме подъезды: {0}. Каждому подъезду — своя страница.").format(", ".join(known))
            if known else tr("В реестре подъезды не указаны: объявление будет одно на дом."))

    def data(self) -> AnnouncementInput:
        kind = self.current_kind()
        starts = from_qdatetime(self.starts.dateTime())
        ends = None if kind == MEETING else from_qdatetime(self.ends.dateTime())
        entrances = [e for e in self.entrances.text().replace(";", ",").split(",") if e.strip()]
        return AnnouncementInput(
            kind, starts, ends, house_id=self.house.currentData(), entrances=entrances,
            resource=self.resource.currentData(), reason=self.reason.text(),
            work=self.work.currentData(), performer=self.performer.text(), premises=self.premises.text(),
            meeting_form=self.meeting_form.currentData(), place=self.place.text(),
            agenda=self.agenda.toPlainText(), note=self.note.text())

    def save(self) -> None:
        try:
            self.created = create_announcement(self.data(), now=clock.now())
        except TsjError as exc:
            show_problem(self.problem, str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, kind: str = OUTAGE) -> int | None:
        dialog = cls(parent, kind)
        try:
            return dialog.created if dialog.exec() else None
        finally:
            dialog.deleteLater()
