"""Settings → «Организация»: the organisation's details, its chairman and its houses.

The details are checked as they are typed (ИНН, КПП, ОГРН, БИК and the accounts'
keys, e-mail); «Сохранить» hands them to ``services.organization.save_organization``,
which checks them again and writes them with the change log. Houses are listed below
with «Добавить дом…» and «Изменить…» (``HouseDialog``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain import requisites as req
from tsj_desk.domain.errors import ChangedElsewhere, TsjError
from tsj_desk.domain.text import format_number
from tsj_desk.services import organization
from tsj_desk.services.organization import HouseData, OrganizationData
from ui import clock, errors
from ui.settings_page.house_dialog import HouseDialog
from ui.tables import RIGHT, Column, RowsModel, make_table, selected_row
from ui.widgets import error_label, show_problem

KIND_LABELS = {"ТСЖ": "ТСЖ — товарищество собственников жилья",
               "ЖСК": "ЖСК — жилищно-строительный кооператив",
               "УО": "УО — управляющая организация"}
GENDER_LABELS = {"m": "мужской — «действующий»", "f": "женский — «действующая»"}


def tr(text: str) -> str:
    return text


class HousesModel(RowsModel[HouseData]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("№"), lambda h: str(h.id), lambda h: h.id, RIGHT, 4),
            Column(tr("Адрес"), lambda h: h.address, width=40),
            Column(tr("Площадь, м²"), lambda h: format_number(h.total_area),
                   lambda h: h.total_area or 0, RIGHT, 13),
            Column(tr("Общее имущество, м²"), lambda h: format_number(h.common_area),
                   lambda h: h.common_area or 0, RIGHT, 19),
            Column(tr("Год постройки"), lambda h: str(h.year_built or ""), lambda h: h.year_built or 0,
                   RIGHT, 13),
            Column(tr("Кадастровый номер"), lambda h: h.cadastral_number or "", width=18),
        ], parent)


class OrganizationTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        columns = QGridLayout()
        org_box = QGroupBox(tr("Организация"))
        org_form = QFormLayout(org_box)
        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        org_form.addRow(tr("Вид:"), self.kind)
        self._line(org_form, "name", tr("Полное наименование:"),
                   tr("Товарищество собственников жилья «Берёзка»"))
        self._line(org_form, "short_name", tr("Сокращённое:"), tr("ТСЖ «Берёзка»"))
        self._line(org_form, "inn", tr("ИНН:"), tr("10 цифр"), req.inn_problem)
        self._line(org_form, "kpp", tr("КПП:"), tr("9 цифр"), req.kpp_problem)
        self._line(org_form, "ogrn", tr("ОГРН:"), tr("13 цифр"), req.organization_ogrn_problem)
        self._line(org_form, "address", tr("Юридический адрес:"))
        self._line(org_form, "postal_address", tr("Почтовый адрес:"), tr("если отличается от юридического"))
        self._line(org_form, "phone", tr("Телефон:"))
        self._line(org_form, "email", tr("Эл. почта:"), tr("name@example.ru"), req.email_problem)
        columns.addWidget(org_box, 0, 0, 2, 1)

        bank_box = QGroupBox(tr("Банковские реквизиты"))
        bank_form = QFormLayout(bank_box)
        self._line(bank_form, "bank_name", tr("Банк:"))
        self._line(bank_form, "bik", tr("БИК:"), tr("9 цифр"), req.bik_problem)
        self._line(bank_form, "settlement_account", tr("Расчётный счёт:"), tr("20 цифр"),
                   lambda v: req.settlement_account_problem(v, self._bik()))
        self._line(bank_form, "corr_account", tr("Корр. счёт:"), tr("20 цифр, начинается с 301"),
                   lambda v: req.corr_account_problem(v, self._bik()))
        columns.addWidget(bank_box, 0, 1)

        head_box = QGroupBox(tr("Руководитель (подписывает акты и письма)"))
        head_form = QFormLayout(head_box)
        self._line(head_form, "chairman_last_name", tr("Фамилия:"))
        self._line(head_form, "chairman_first_name", tr("Имя:"))
        self._line(head_form, "chairman_patronymic", tr("Отчество:"))
        self._line(head_form, "chairman_position", tr("Должность:"), tr("председатель правления"))
        self.gender = QComboBox()
        for code, label in GENDER_LABELS.items():
            self.gender.addItem(label, code)
        head_form.addRow(tr("Род (для документов):"), self.gender)
        self._line(head_form, "chairman_basis", tr("Действует на основании:"),
                   tr("Устава / доверенности № … от …"))
        columns.addWidget(head_box, 1, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        layout.addLayout(columns)
        self.edits["chairman_patronymic"].editingFinished.connect(self._guess_gender)
        for name in ("settlement_account", "corr_account"):
            self.edits["bik"].textChanged.connect(lambda _t, n=name: self._check(n))

        save_row = QHBoxLayout()
        self.save_button = QPushButton(tr("Сохранить"))
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label)
        save_row.addStretch(1)
        layout.addLayout(save_row)

        houses_box = QGroupBox(tr("Дома"))
        houses_layout = QVBoxLayout(houses_box)
        self.houses_model = HousesModel(self)
        self.houses_view, _ = make_table(self, self.houses_model, "settings-houses")
        self.houses_view.activated.connect(lambda _index: self.edit_house())
        houses_layout.addWidget(self.houses_view)
        house_buttons = QHBoxLayout()
        self.add_house_button = QPushButton(tr("Добавить дом…"))
        self.edit_house_button = QPushButton(tr("Изменить…"))
        self.add_house_button.clicked.connect(self.add_house)
        self.edit_house_button.clicked.connect(self.edit_house)
        house_buttons.addWidget(self.add_house_button)
        house_buttons.addWidget(self.edit_house_button)
        house_buttons.addStretch(1)
        houses_layout.addLayout(house_buttons)
        layout.addWidget(houses_box, 1)
        self.houses_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    # -- building

    def _line(self, form: QFormLayout, name: str, label: str, placeholder: str = "",
              check: Callable[[str], str | None] | None = None) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        self.edits[name] = edit
        form.addRow(label, edit)
        if check is not None:
            problem = error_label(self)
            self.problems[name] = problem
            form.addRow("", problem)
            self._checks = getattr(self, "_checks", {})
            self._checks[name] = check
            edit.textChanged.connect(lambda _text, n=name: self._check(n))
        return edit

    def _bik(self) -> str:
        text = self.edits["bik"].text()
        return text if not req.bik_problem(text) else ""

    def _check(self, name: str) -> str | None:
        text = self.edits[name].text().strip()
        problem = self._checks[name](text) if text else None
        show_problem(self.problems[name], problem)
        return problem

    @Slot()
    def _guess_gender(self) -> None:
        patronymic = self.edits["chairman_patronymic"].text()
        if patronymic.strip():
            self.gender.setCurrentIndex(self.gender.findData(req.guess_gender(patronymic)))

    # -- data

    def reload(self) -> None:
        try:
            org = organization.organization()
            houses = organization.houses()
            self._version = organization.organization_version()  # handed back with «Сохранить»
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.show_organization(org)
        self.houses_model.set_rows(houses)
        if houses and selected_row(self.houses_view) is None:
            self.houses_view.selectRow(0)
        if org is None:
            self.hint.setText(tr("Внесите данные вашей организации: их печатают акты, письма и "
                                 "реестр собственников. Потом добавьте дом."))
        elif not houses:
            self.hint.setText(tr("Добавьте дом (кнопка «Добавить дом…» внизу): его адрес печатают "
                                 "реестр и акты."))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        self._update_buttons()

    def show_organization(self, org: OrganizationData | None) -> None:
        shown = org or OrganizationData()
        for name, edit in self.edits.items():
            edit.setText(getattr(shown, name) or "")
            edit.setCursorPosition(0)  # a long address shows its beginning
        self.edits["chairman_basis"].setPlaceholderText(
            shown.basis or tr("Устава / доверенности № … от …"))
        self.edits["chairman_basis"].setText(org.chairman_basis or "" if org else "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(shown.kind)))
        self.gender.setCurrentIndex(max(0, self.gender.findData(shown.chairman_gender)))
        self.saved_label.setText("")

    def values(self) -> dict:
        """What the fields say: every detail, as typed."""
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["kind"] = self.kind.currentData()
        values["chairman_gender"] = self.gender.currentData()
        return values

    @Slot()
    def save(self) -> bool:
        if any(self._check(name) for name in self._checks):
            errors.show_message(self, tr("Исправьте отмеченные красным поля."))
            return False
        try:
            organization.save_organization(self.values(), now=clock.now(),
                                           version=getattr(self, "_version", None))
        except ChangedElsewhere as exc:  # saved on another PC meanwhile: show the newer details
            errors.show_error(self, exc)
            self.reload()
            return False
        except TsjError as exc:
            errors.show_error(self, exc)
            return False
        self.reload()
        self.saved_label.setText(tr("Сохранено."))
        window = self.window()
        if hasattr(window, "show_title"):  # the main window names the organisation
            window.show_title()
        self.changed.emit()
        return True

    # -- houses

    @Slot()
    def _update_buttons(self) -> None:
        self.edit_house_button.setEnabled(selected_row(self.houses_view) is not None)

    @Slot()
    def add_house(self) -> None:
        def save(changes: dict) -> HouseData:
            return organization.add_house(changes, now=clock.now())

        if HouseDialog.ask(self, title=tr("Новый дом"), save=save) is not None:
            self.reload()
            self.changed.emit()

    @Slot()
    def edit_house(self) -> None:
        house = selected_row(self.houses_view)
        if house is None:
            return

        def save(changes: dict) -> HouseData:
            return organization.edit_house(house.id, changes, now=clock.now())

        if HouseDialog.ask(self, title=tr("Дом № {0}").format(house.id), initial=house,
                           save=save) is not None:
            self.reload()
            self.changed.emit()
