"""«Выдача реестра»: the log of every hand-out of the owner register."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_date, format_datetime
from tsj_desk.services.disclosure import DisclosureInfo, list_disclosures
from ui import errors
from ui.tables import RIGHT, Column, RowsModel, make_table


def tr(text: str) -> str:
    return QCoreApplication.translate("DisclosuresModel", text)


class DisclosuresModel(RowsModel[DisclosureInfo]):
    def __init__(self, parent=None):
        super().__init__([
            # the one width rule (ui.tables.ColumnFitter): dates and numbers fit their content,
            # the text columns share what is left; the checksum, cut short, is whole in its tooltip
            Column(tr("Когда"), lambda d: format_datetime(d.at), lambda d: d.at.isoformat(), fit=True,
                   sample="24.11.2026 10:30"),
            Column(tr("Кто выдал"), lambda d: d.user, width=10, stretch=1, tooltip=lambda d: d.user),
            Column(tr("Кому"), lambda d: d.requested_by, width=12, stretch=5, tooltip=lambda d: d.requested_by),
            Column(tr("Цель"), lambda d: d.purpose, width=14, stretch=6, tooltip=lambda d: d.purpose),
            Column(tr("На дату"), lambda d: format_date(d.as_of), lambda d: d.as_of.isoformat(), fit=True,
                   sample="24.11.2026"),
            Column(tr("Строк"), lambda d: str(d.rows), lambda d: d.rows, RIGHT, sample="10000"),
            Column(tr("Файл"), lambda d: d.file_name, width=12, stretch=5, tooltip=lambda d: d.file_name),
            Column(tr("Контрольная сумма"), lambda d: d.sha256, width=12, stretch=2,
                   tooltip=lambda d: tr("Контрольная сумма выданного файла: {0}").format(d.sha256)),
        ], parent)


class DisclosuresPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        intro = QLabel(self.tr("Каждая выдача реестра собственников (ЖК РФ ст. 45 ч. 3.1): "
                               "когда, кому, с какой целью и контрольная сумма файла."))
        intro.setWordWrap(True)
        self.count_label = QLabel()
        refresh = QPushButton(self.tr("Обновить"))
        refresh.clicked.connect(self.reload)
        top.addWidget(intro, 1)
        top.addWidget(self.count_label)
        top.addWidget(refresh)
        layout.addLayout(top)
        self.model = DisclosuresModel(self)
        # newest first until the user sorts otherwise
        self.table, self.proxy = make_table(self, self.model, "disclosures",
                                            sort_order=Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.table, 1)

    @Slot()
    def reload(self) -> None:
        try:
            rows = list_disclosures()
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.count_label.setText(counted(len(rows), "выдача", "выдачи", "выдач") if rows
                                 else self.tr("Реестр ещё не выдавался"))

    def page_shown(self) -> None:
        from tsj_desk.services.data_changes import DISCLOSURES
        from ui import live_refresh

        live_refresh.follow(self, DISCLOSURES, self.reload)
        if live_refresh.reload_needed(self, DISCLOSURES):
            self.reload()

    def visible_disclosures(self) -> list[DisclosureInfo]:
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]
