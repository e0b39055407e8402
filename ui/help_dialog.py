"""Справка → Руководство пользователя (F1): the short Russian guide shipped with the program.

The guide is a folder of Markdown pages (``ui/guide/ru``), one a page of the window
plus the contents, importing files and printing. F1 opens it on the section of the
page in front; the dialog stays open beside the window (not modal) and F1 again turns
it to the page shown then.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GUIDE_FOLDER = Path(__file__).resolve().parent / "guide" / "ru"

# (file stem, title in the list) in the order of the contents
SECTIONS: list[tuple[str, str]] = [
    ("index", "Содержание"),
    ("summary", "Сводка"),
    ("register", "Реестр собственников"),
    ("journal", "Обращения"),
    ("readings", "Показания"),
    ("debtors", "Должники"),
    ("disclosures", "Выдача реестра"),
    ("acts", "Акты и документы"),
    ("announcements", "Объявления"),
    ("audit", "Журнал изменений"),
    ("backups", "Резервные копии"),
    ("calls", "Обзвон"),  # the menu «Обзвон», not a page
    ("settings", "Справочники и настройки"),
    ("import", "Загрузка файлов и столбцы"),
    ("printing", "Печать"),
]

# the window's page keys (ui.main_window.PAGES) and the guide's sections
PAGE_SECTIONS = {key: key for key, _ in SECTIONS}


def tr(text: str) -> str:
    return QCoreApplication.translate("HelpDialog", text)


def section_for(page_key: str | None) -> str:
    return PAGE_SECTIONS.get(page_key or "", "index")


def section_path(section: str) -> Path:
    return GUIDE_FOLDER / f"{section}.md"


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("help-dialog")
        self.setWindowTitle(tr("Руководство пользователя — ТСЖ Деск"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.sections = QListWidget()
        self.sections.setObjectName("help-sections")
        for stem, title in SECTIONS:
            item = QListWidgetItem(tr(title))
            item.setData(Qt.ItemDataRole.UserRole, stem)
            self.sections.addItem(item)
        self.sections.setStyleSheet("QListWidget::item { padding: 3px 6px; }")
        self.sections.setFixedWidth(self.sections.sizeHintForColumn(0) + 36)
        self.browser = QTextBrowser()
        self.browser.setObjectName("help-text")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(True)  # a web address opens in the browser
        self.browser.setSearchPaths([str(GUIDE_FOLDER)])
        self.browser.sourceChanged.connect(self._follow)
        self.browser.document().setDefaultStyleSheet(
            "h1 { font-size: x-large; } h2 { font-size: large; } td, th { padding: 2px 8px; }")

        body = QHBoxLayout()
        body.addWidget(self.sections)
        body.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.sections.currentRowChanged.connect(self._chosen)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, activated=lambda: self.show_section("index"))
        self.resize(820, 600)

    def current_section(self) -> str:
        return Path(self.browser.source().toLocalFile()).stem

    def show_section(self, section: str) -> None:
        path = section_path(section)
        if not path.exists():
            path = section_path("index")
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        self._follow()

    def _chosen(self, row: int) -> None:
        item = self.sections.item(row)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) != self.current_section():
            self.show_section(item.data(Qt.ItemDataRole.UserRole))

    def _follow(self, url: QUrl | None = None) -> None:
        """A link followed in the text: the list marks its section (the signal comes
        before ``source()`` tells the new address)."""
        stem = Path(url.toLocalFile()).stem if url is not None else self.current_section()
        for row in range(self.sections.count()):
            if self.sections.item(row).data(Qt.ItemDataRole.UserRole) == stem:
                self.sections.blockSignals(True)
                self.sections.setCurrentRow(row)
                self.sections.blockSignals(False)
                break


def show_guide(window: QWidget, page_key: str | None) -> HelpDialog:
    """Open (or bring forward) the window's guide on the section of ``page_key``."""
    dialog = getattr(window, "_help_dialog", None)
    if dialog is None:
        dialog = HelpDialog(window)
        window._help_dialog = dialog
    dialog.show_section(section_for(page_key))
    dialog.show()
    dialog.activateWindow()
    return dialog
