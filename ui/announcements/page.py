"""«Объявления»: the announcements kept with their dates (planned outages, specialists'
visits, meetings), «Создать…» by kind, and for the one chosen: the .docx to print, one
page per entrance (saved, then opened or sent to the printer); for a visit also the
list of premises, owners and phones (.xlsx) and the letters to the owners (.docx)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_date, format_datetime
from tsj_desk.services.announcement_visits import (
    VisitOwner,
    visit_residents,
    write_visit_letters,
    write_visit_list,
)
from tsj_desk.services.announcements import (
    KINDS,
    VISIT,
    AnnouncementRow,
    delete_announcement,
    list_announcements,
    write_announcement,
)
from tsj_desk.services.folders import make_offered_folder, offered_file
from ui import clock, errors
from ui.acts import printing
from ui.announcements.dialog import AnnouncementDialog
from ui.tables import Column, RowsModel, make_table, selected_row


def tr(text: str) -> str:
    return QCoreApplication.translate("AnnouncementsPage", text)


def file_stem(row: AnnouncementRow) -> str:
    """«Объявление 03.12.2026 Отключение горячей воды»."""
    return f"Объявление {format_date(row.starts_at)} {row.title}".replace("/", "-").replace(":", "-")


class AnnouncementsModel(RowsModel[AnnouncementRow]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Когда"), lambda r: r.when, lambda r: r.starts_at.isoformat(), width=30, stretch=3),
            Column(tr("Вид"), lambda r: r.kind_label, width=14, stretch=1),
            Column(tr("Объявление"), lambda r: r.title, width=24, stretch=3, tooltip=lambda r: r.title),
            Column(tr("Подъезды"), lambda r: r.entrances, width=14, stretch=1),
            Column(tr("Дом"), lambda r: r.house, width=16, stretch=2, tooltip=lambda r: r.house),
            Column(tr("Создано"), lambda r: format_datetime(r.created_at), lambda r: r.created_at.isoformat(),
                   fit=True, sample="24.11.2026 10:30"),
        ], parent)


class ResidentsModel(RowsModel[VisitOwner]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Помещение"), lambda r: r.premise, lambda r: r.order, fit=True, sample="Помещение"),
            Column(tr("Подъезд"), lambda r: r.entrance, fit=True, sample="Подъезд"),
            Column(tr("Собственник"), lambda r: r.owner or tr("не указан в реестре"), width=30, stretch=3),
            Column(tr("Телефон"), lambda r: r.phone, width=18, stretch=1),
        ], parent)


class AnnouncementsPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        intro = QLabel(tr("Объявления для подъездов и досок объявлений: отключения, визиты "
                          "специалистов, собрания. Каждому подъезду — своя страница крупным шрифтом."))
        intro.setWordWrap(True)
        self.count_label = QLabel()
        self.create_button = QPushButton(tr("Создать…"))
        menu = QMenu(self.create_button)
        for kind, label in KINDS.items():
            menu.addAction(tr(label), lambda k=kind: self.create(k))
        self.create_button.setMenu(menu)
        top.addWidget(intro, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.create_button)
        layout.addLayout(top)

        self.model = AnnouncementsModel(self)
        self.table, self.proxy = make_table(self, self.model, "announcements",
                                            sort_order=Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda _index: self.save_announcement())
        layout.addWidget(self.table, 2)

        # a visit: the premises that need access, their owners and phones, to call round
        self.residents_label = QLabel()
        self.residents_model = ResidentsModel(self)
        self.residents, _ = make_table(self, self.residents_model, "announcements/residents")
        layout.addWidget(self.residents_label)
        layout.addWidget(self.residents, 1)

        actions = QHBoxLayout()
        self.save_button = QPushButton(tr("Сохранить и открыть…"))
        self.save_button.setToolTip(tr("Документ Word: по странице на подъезд, для печати"))
        self.print_button = QPushButton(tr("Печать"))
        self.residents_button = QPushButton(tr("Список жильцов…"))
        self.residents_button.setToolTip(tr("Помещения визита, собственники и телефоны (.xlsx)"))
        self.letters_button = QPushButton(tr("Письма собственникам…"))
        self.letters_button.setToolTip(tr("Письмо каждому собственнику, к которому нужен доступ: "
                                          "один файл, по письму на странице"))
        self.delete_button = QPushButton(tr("Удалить"))
        for button, slot in ((self.save_button, self.save_announcement), (self.print_button, self.print_announcement),
                             (self.residents_button, self.save_residents), (self.letters_button, self.save_letters),
                             (self.delete_button, self.delete)):
            button.clicked.connect(slot)
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_state())
        self._show_state()

    # -- data

    def page_shown(self) -> None:
        self.reload()

    @Slot()
    def reload(self, select: int | None = None) -> None:
        try:
            rows = list_announcements()
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.count_label.setText(counted(len(rows), "объявление", "объявления", "объявлений"))
        self._residents_of = -1  # read the visit's residents anew
        if rows:
            wanted = next((n for n, r in enumerate(rows) if r.id == select), 0)
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(wanted, 0)).row())
        self._show_state()

    def current(self) -> AnnouncementRow | None:
        return selected_row(self.table)

    def _show_residents(self, row: AnnouncementRow | None) -> None:
        visit = row is not None and row.kind == VISIT
        rows: list[VisitOwner] = []
        if visit:
            try:
                rows = visit_residents(row.id)
            except TsjError as exc:
                self.residents_label.setText(str(exc))
        self.residents_model.set_rows(rows)
        if visit and rows:
            premises = len({r.premise for r in rows})
            self.residents_label.setText(tr("Нужен доступ: {0}; собственники и телефоны:").format(
                counted(premises, "помещение", "помещения", "помещений")))
        self.residents_label.setVisible(visit)
        self.residents.setVisible(visit)

    def _show_state(self) -> None:
        row = self.current()
        if getattr(self, "_residents_of", None) != (row.id if row else None):
            self._residents_of = row.id if row else None
            self._show_residents(row)
        for button in (self.save_button, self.print_button, self.delete_button):
            button.setEnabled(row is not None)
        for button in (self.residents_button, self.letters_button):
            button.setEnabled(row is not None and row.kind == VISIT)

    def _say(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 10000)

    # -- actions

    @Slot()
    def create(self, kind: str) -> None:
        created = AnnouncementDialog.ask(self, kind)
        if created is not None:
            self.reload(select=created)
            self._say(tr("Объявление создано: сохраните его, чтобы распечатать."))

    def ask_path(self, title: str, name: str, kind: str) -> Path | None:
        """Where to save (tests replace this); «Документы/ТСЖ Деск/Объявления/…» offered."""
        suggested = offered_file(name, "Объявления")
        make_offered_folder(suggested.parent)
        filters = tr("Документ Word (*.docx)") if kind == "docx" else tr("Таблица Excel (*.xlsx)")
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(suggested), filters)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == f".{kind}" else path.with_name(f"{path.name}.{kind}")

    def _write_announcement(self) -> Path | None:
        row = self.current()
        if row is None:
            return None
        path = self.ask_path(tr("Сохранить объявление"), f"{file_stem(row)}.docx", "docx")
        if path is None:
            return None
        try:
            pages = write_announcement(row.id, path, today=clock.today())
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            return None
        self._say(tr("Объявление сохранено: {0} ({1}).").format(
            path.name, counted(pages, "страница", "страницы", "страниц")))
        return path

    @Slot()
    def save_announcement(self) -> None:
        path = self._write_announcement()
        if path is not None:
            self._open(path)

    @Slot()
    def print_announcement(self) -> None:
        reason = printing.print_unavailable_reason()
        if reason is not None:
            errors.show_message(self, reason)
            return
        path = self._write_announcement()
        if path is None:
            return
        try:
            self._say(printing.print_document(path))
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)

    @Slot()
    def save_residents(self) -> None:
        row = self.current()
        if row is None or row.kind != VISIT:
            return
        path = self.ask_path(tr("Сохранить список жильцов"), f"Жильцы, {file_stem(row)}.xlsx", "xlsx")
        if path is None:
            return
        try:
            count = write_visit_list(row.id, path)
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)
            return
        self._say(tr("Список сохранён: {0} ({1}).").format(path.name, counted(count, "строка", "строки", "строк")))
        self._open(path)

    @Slot()
    def save_letters(self) -> None:
        row = self.current()
        if row is None or row.kind != VISIT:
            return
        path = self.ask_path(tr("Сохранить письма собственникам"), f"Письма, {file_stem(row)}.docx", "docx")
        if path is None:
            return
        try:
            count = write_visit_letters(row.id, path, today=clock.today())
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)
            return
        self._say(tr("Письма сохранены: {0} ({1}).").format(path.name, counted(count, "письмо", "письма", "писем")))
        self._open(path)

    def _open(self, path: Path) -> None:
        try:
            printing.open_document(path)
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)

    @Slot()
    def delete(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(self, tr("Удалить объявление"), tr(
            "Удалить объявление «{0}» ({1}) из списка? Сохранённые файлы останутся.").format(row.title, row.when))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_announcement(row.id, now=clock.now())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.reload()
