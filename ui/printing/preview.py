"""The print preview (Ctrl+P): the document as it will be printed, a choice of the
page's documents, «Печать…» (the system's print dialog) and «Сохранить в PDF…»."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted
from tsj_desk.services import folders
from tsj_desk.services.print_sheets import PrintDocument
from ui import errors
from ui.printing.layout import build_text_document, make_printer, paint, write_pdf
from ui.printing.sources import Printable


def tr(text: str) -> str:
    return QCoreApplication.translate("PrintPreview", text)


def pages_text(count: int) -> str:
    return counted(count, "страница", "страницы", "страниц")


def safe_file_name(title: str) -> str:
    cleaned = "".join(" " if ch in '<>:"/\\|?*' else ch for ch in title)
    return " ".join(cleaned.split())[:120] or "Документ"


class PrintPreviewDialog(QDialog):
    def __init__(self, items: list[Printable], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("print-preview")
        self.setWindowTitle(tr("Предварительный просмотр — ТСЖ Деск"))
        self.items = items
        self.document: PrintDocument | None = None
        self.printer = make_printer()
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.paintRequested.connect(self._paint)

        self.choice = QComboBox()
        self.choice.setObjectName("print-choice")
        for item in items:
            self.choice.addItem(item.title)
        self.choice.setVisible(len(items) > 1)
        self.print_button = QPushButton(tr("Печать…"))
        self.print_button.setDefault(True)
        self.pdf_button = QPushButton(tr("Сохранить в PDF…"))
        self.width_button = QPushButton(tr("По ширине"))
        self.whole_button = QPushButton(tr("Страница целиком"))
        close = QPushButton(tr("Закрыть"))
        self.pages_label = QLabel()
        top = QHBoxLayout()
        if len(items) > 1:
            top.addWidget(QLabel(tr("Документ:")))
        top.addWidget(self.choice, 1)
        top.addWidget(self.pages_label)
        top.addStretch(0 if len(items) > 1 else 1)
        top.addWidget(self.width_button)
        top.addWidget(self.whole_button)
        top.addSpacing(12)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)

        self.choice.currentIndexChanged.connect(self._chosen)
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.width_button.clicked.connect(self.preview.fitToWidth)
        self.whole_button.clicked.connect(self.preview.fitInView)
        close.clicked.connect(self.reject)
        self.pages = 0
        self._build(0)
        self.preview.fitToWidth()
        self.resize(1100, 760)

    # -- the document

    def _build(self, index: int) -> bool:
        try:
            self.document = self.items[index].build()
        except TsjError as exc:
            self.document = None
            errors.show_error(self, exc)
            return False
        self.setWindowTitle(tr("Предварительный просмотр: {0}").format(self.items[index].title))
        return True

    def _chosen(self, index: int) -> None:
        if index >= 0 and self._build(index):
            self.preview.updatePreview()

    def _paint(self, printer: QPrinter) -> None:
        if self.document is None:
            return
        self.pages = paint(build_text_document(self.document), printer, self.document.title)
        self.pages_label.setText(pages_text(self.pages))

    # -- out

    def print_document(self) -> bool:
        """«Печать…»: the system's print dialog, then the printer."""
        if self.document is None:
            return False
        printer = make_printer()
        printer.setDocName(self.document.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("Печать"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return paint(build_text_document(self.document), printer, self.document.title) > 0

    def save_pdf(self) -> Path | None:
        """«Сохранить в PDF…»: through Qt's printer, no office suite needed."""
        if self.document is None:
            return None
        try:
            start = folders.documents_folder() / f"{safe_file_name(self.document.title)}.pdf"
        except TsjError:
            start = Path.home() / f"{safe_file_name(self.document.title)}.pdf"
        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить в PDF"), str(start), tr("PDF (*.pdf)"))
        if not name:
            return None
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        pages = write_pdf(self.document, str(path))
        if pages == 0 or not path.exists():
            errors.show_message(self, tr("Файл «{0}» записать не удалось: проверьте, что папка "
                                         "доступна для записи и файл не открыт в другой "
                                         "программе.").format(path))
            return None
        self.pages_label.setText(tr("Сохранено: {0} ({1})").format(path.name, pages_text(pages)))
        return path
