"""The first run on a blank base: the organisation → the house → the premises → done.

``offer(window)`` is what the window's start calls: on a blank base (no organisation
name, no premises; ``services.first_run.needs_setup``) that the user has not told to
stop asking («Не показывать», kept per base in the settings) it shows the wizard.
Every page goes on with Enter («Далее») and closes with Esc («Позже»); what a page
holds is saved through the services when «Далее» leaves it, and a refusal is said
under the fields, the page staying open.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from tsj_desk.domain import requisites as req
from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_number
from tsj_desk.services import first_run, organization, session
from tsj_desk.services.importing import write_import_sample
from ui import clock, errors
from ui.settings import settings
from ui.widgets import error_label, show_problem

KIND_LABELS = {"ТСЖ": "ТСЖ — товарищество собственников жилья",
               "ЖСК": "ЖСК — жилищно-строительный кооператив",
               "УО": "УО — управляющая организация"}
GENDER_LABELS = {"m": "мужской — «действующий»", "f": "женский — «действующая»"}
WHERE_TO_CHANGE = "Справочники и настройки → Организация"


def tr(text: str) -> str:
    return QCoreApplication.translate("FirstRunWizard", text)


def premises_text(count: int) -> str:
    return counted(count, "помещение", "помещения", "помещений")


def _hidden_key() -> str:
    # a base's id, or its path when it has none: hashed, so no «/» makes settings groups of it
    return f"first_run/hidden/{hashlib.sha1(first_run.base_key().encode()).hexdigest()[:16]}"


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class OrganizationPage(QWizardPage):
    """The organisation: kind, name, ИНН, the chairman and his grammatical gender."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(tr("Шаг 1 из 3. Организация"))
        self.setSubTitle(tr("Её название и руководителя печатают реестр собственников, акты и письма. "
                            "Остальные реквизиты (КПП, ОГРН, банк) можно внести потом: {0}.")
                         .format(WHERE_TO_CHANGE))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("Товарищество собственников жилья «Берёзка»"))
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText(tr("ТСЖ «Берёзка» (необязательно)"))
        self.inn = QLineEdit()
        self.inn.setPlaceholderText(tr("10 цифр"))
        self.inn_problem = error_label(self)
        self.chairman = QLineEdit()
        self.chairman.setPlaceholderText(tr("Фамилия Имя Отчество"))
        self.gender = QComboBox()
        for code, label in GENDER_LABELS.items():
            self.gender.addItem(label, code)
        form.addRow(tr("Вид:"), self.kind)
        form.addRow(tr("Полное наименование:"), self.name)
        form.addRow(tr("Сокращённое:"), self.short_name)
        form.addRow(tr("ИНН:"), self.inn)
        form.addRow("", self.inn_problem)
        form.addRow(tr("Председатель (руководитель):"), self.chairman)
        form.addRow(tr("Род (для документов):"), self.gender)
        layout.addLayout(form)
        self.problem = error_label(self)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.never = QCheckBox(tr("Не показывать этот мастер при запуске"))
        layout.addWidget(self.never)
        self.inn.textChanged.connect(self._check_inn)
        self.chairman.editingFinished.connect(self._guess_gender)
        self._fill()

    def _fill(self) -> None:
        org = organization.organization()
        if org is None:
            return
        if org.name != organization.PLACEHOLDER_ORGANIZATION:
            self.name.setText(org.name)
        self.short_name.setText(org.short_name or "")
        self.inn.setText(org.inn or "")
        self.chairman.setText(org.chairman)
        self.kind.setCurrentIndex(max(0, self.kind.findData(org.kind)))
        self.gender.setCurrentIndex(max(0, self.gender.findData(org.chairman_gender)))

    @Slot()
    def _check_inn(self) -> str | None:
        text = self.inn.text().strip()
        problem = req.inn_problem(text) if text else None
        show_problem(self.inn_problem, problem)
        return problem

    @Slot()
    def _guess_gender(self) -> None:
        parts = self.chairman.text().split()
        if len(parts) >= 3:
            self.gender.setCurrentIndex(self.gender.findData(req.guess_gender(parts[2])))

    def values(self) -> dict:
        return {"kind": self.kind.currentData(), "name": self.name.text().strip(),
                "short_name": self.short_name.text().strip(), "inn": self.inn.text().strip(),
                "chairman": self.chairman.text().strip(), "chairman_gender": self.gender.currentData()}

    def validatePage(self) -> bool:
        if self._check_inn():
            show_problem(self.problem, tr("Исправьте ИНН: {0}").format(self.inn_problem.text()))
            self.inn.setFocus()
            return False
        try:
            organization.save_organization(self.values(), now=clock.now())
        except TsjError as exc:
            show_problem(self.problem, exc.message)
            return False
        show_problem(self.problem, None)
        return True


class HousePage(QWizardPage):
    """The (first) house: its address and the total area of its premises."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(tr("Шаг 2 из 3. Дом"))
        self.setSubTitle(tr("Адрес дома печатают реестр, акты и уведомления. Если домов несколько, "
                            "внесите первый, остальные — потом: {0} → «Добавить дом…».")
                         .format(WHERE_TO_CHANGE))
        self.house_id: int | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.address = QLineEdit()
        self.address.setPlaceholderText(tr("г. Коломна, ул. Лесная, д. 5"))
        self.address.setMinimumWidth(380)
        self.area = QLineEdit()
        self.area.setPlaceholderText(tr("м², например 4210,5 (необязательно)"))
        form.addRow(tr("Адрес дома:"), self.address)
        form.addRow(tr("Площадь помещений:"), self.area)
        layout.addLayout(form)
        self.problem = error_label(self)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        houses = organization.houses()
        if houses:  # a house entered before (the command line): it is edited, not doubled
            first = houses[0]
            self.house_id = first.id
            if first.address != organization.PLACEHOLDER_ADDRESS:
                self.address.setText(first.address)
            if first.total_area is not None:
                self.area.setText(format_number(first.total_area).replace("\u00a0", ""))

    def values(self) -> dict:
        return {"address": self.address.text().strip(), "total_area": self.area.text().strip()}

    def validatePage(self) -> bool:
        try:
            if self.house_id is None:
                self.house_id = organization.add_house(self.values(), now=clock.now()).id
            else:
                organization.edit_house(self.house_id, self.values(), now=clock.now())
        except TsjError as exc:
            show_problem(self.problem, exc.message)
            return False
        show_problem(self.problem, None)
        return True


class PremisesPage(QWizardPage):
    """The premises: the owner register from a file (a blank sample to fill), or later."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(tr("Шаг 3 из 3. Помещения и собственники"))
        self.setSubTitle(tr("Реестр собственников загружается из таблицы Excel. Если вашей таблицы "
                            "программа не прочтёт, скачайте образец, перенесите в него данные "
                            "и загрузите."))
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(tr("Загрузить реестр из файла…"))
        self.sample_button = QPushButton(tr("Скачать образец…"))
        self.later_button = QPushButton(tr("Ввести вручную позже"))
        self.later_button.setToolTip(tr("Помещения добавляются на странице «Реестр собственников»"))
        for button in (self.import_button, self.sample_button, self.later_button):
            button.setAutoDefault(False)  # Enter stays «Далее»
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = _intro("")
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.import_button.clicked.connect(self.import_register)
        self.sample_button.clicked.connect(self.save_sample)
        self.later_button.clicked.connect(self._later)

    def initializePage(self) -> None:
        self._show_count()

    def _show_count(self) -> None:
        count = first_run.setup_state().premises
        self.status.setText(tr("В базе {0}.").format(premises_text(count)) if count else
                            tr("Помещений в базе пока нет. Их можно загрузить и позже: "
                               "«Реестр собственников» → «Загрузить из Excel…»."))

    @Slot()
    def import_register(self) -> None:
        from ui.register.import_dialog import ImportDialog

        if ImportDialog.choose_and_run(self):
            self._show_count()

    @Slot()
    def save_sample(self) -> None:
        from ui.register.import_dialog import ImportDialog

        path = ImportDialog.choose_sample_path(self)
        if path is None:
            return
        try:
            write_import_sample(ImportDialog.SAMPLE_KIND, path)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.status.setText(tr("Образец сохранён: {0}. Заполните его и нажмите «Загрузить реестр "
                               "из файла…».").format(path))

    @Slot()
    def _later(self) -> None:
        self.wizard().next()


class DonePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(tr("Готово"))
        layout = QVBoxLayout(self)
        self.summary = _intro("")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:
        state = first_run.setup_state()
        houses = organization.houses()
        lines = [tr("Готово: внесены организация «{0}»").format(state.organization)
                 + (tr(" и дом «{0}»").format(houses[0].address) if houses else "") + "."]
        if state.premises:
            lines.append(tr("В реестре {0}.").format(premises_text(state.premises)))
        else:
            lines.append(tr("Помещений пока нет: загрузите реестр или добавьте помещения на странице "
                            "«Реестр собственников»."))
        lines.append(tr("Изменить эти данные и внести остальные реквизиты: {0}.").format(WHERE_TO_CHANGE))
        self.summary.setText("\n\n".join(lines))


class FirstRunWizard(QWizard):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Начало работы — ТСЖ Деск"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("Далее >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< Назад"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Позже"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Готово"))
        self.organization_page = OrganizationPage(self)
        self.house_page = HousePage(self)
        self.premises_page = PremisesPage(self)
        self.done_page = DonePage(self)
        for page in (self.organization_page, self.house_page, self.premises_page, self.done_page):
            self.addPage(page)
        self.resize(700, 430)

    @classmethod
    def run(cls, parent: QWidget | None) -> bool:
        """Show the wizard; True when it was gone through to «Готово». «Не показывать»
        is remembered however it was closed."""
        wizard = cls(parent)
        try:
            finished = wizard.exec() == QWizard.DialogCode.Accepted
            if wizard.organization_page.never.isChecked():
                store = settings()
                store.setValue(_hidden_key(), True)
                store.sync()
            return finished
        finally:
            wizard.deleteLater()


def hidden() -> bool:
    """The user asked not to be shown the wizard on this base."""
    return settings().value(_hidden_key(), False, type=bool)


def offer(window: QWidget) -> bool:
    """At the window's start: the wizard on a blank base; True when it was shown."""
    try:
        if session.read_only or not first_run.needs_setup() or hidden():
            return False
    except TsjError as exc:
        errors.show_error(window, exc)
        return False
    FirstRunWizard.run(window)
    refresh = getattr(window, "after_setup", None)
    if refresh is not None:
        refresh()
    return True
