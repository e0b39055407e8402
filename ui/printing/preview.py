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
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_number, plural
from tsj_desk.services import folders
from tsj_desk.services.print_sheets import PrintDocument
from ui import errors
from ui.printing.layout import build_text_document, make_printer, not_written, paint, write_pdf
from ui.printing.sources import Printable
from ui.workers import Job

# a document of more table rows is previewed by its beginning and printed in the
# background: laying it out takes seconds (about 40 pages, 2.5 s here; 1,100 pages, 6 min)
LONG_ROWS = 400


def tr(text: str) -> str:
    return QCoreApplication.translate("PrintPreview", text)


def pages_text(count: int) -> str:
    return counted(count, "страница", "страницы", "страниц")


def rows_text(count: int) -> str:
    return f"{format_number(count, 0)} {plural(count, 'строка', 'строки', 'строк')}"


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
        self.pages_label.setWordWrap(True)  # the long note of a long document
        top = QHBoxLayout()
        if len(items) > 1:
            top.addWidget(QLabel(tr("Документ:")))
        top.addWidget(self.choice, 1)
        top.addWidget(self.pages_label, 1)
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
        self.job: Job | None = None  # a long document printed or saved in the background
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

    def is_long(self) -> bool:
        """A document too long to lay out while the window waits (``LONG_ROWS``)."""
        return self.document is not None and self.document.row_count > LONG_ROWS

    def _paint(self, printer: QPrinter) -> None:
        if self.document is None:
            return
        if not self.is_long():
            self.pages = paint(build_text_document(self.document), printer, self.document.title)
            self.pages_label.setText(pages_text(self.pages))
            return
        # the beginning only, numbered without a total: the whole goes out in the background
        shown = paint(build_text_document(self.document.beginning(LONG_ROWS)), printer,
                      self.document.title, with_total=False)
        self.pages = 0  # not counted: the whole is laid out when printed
        self.pages_label.setText(tr("Показаны первые {0} ({1}), всего строк: {2}. Печать и PDF — "
                                    "весь документ, в фоне").format(
            rows_text(LONG_ROWS), pages_text(shown), format_number(self.document.row_count, 0)))

    # -- out

    def print_document(self) -> bool:
        """«Печать…»: the system's print dialog, then the printer (a long document in the
        background: True once it is under way)."""
        if self.document is None:
            return False
        printer = make_printer()
        printer.setDocName(self.document.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("Печать"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if not self.is_long():
            return paint(build_text_document(self.document), printer, self.document.title) > 0
        from ui.printing.background import print_in_background

        document = self.document

        def done(pages: int) -> None:
            self.job = None
            if pages:
                self._tell(tr("Отправлено на печать: {0}").format(pages_text(pages)))

        self.job = print_in_background(self._over(), document, printer, on_done=done,
                                       on_failed=self._failed)
        return True

    def save_pdf(self) -> Path | None:
        """«Сохранить в PDF…»: through Qt's printer, no office suite needed. The path of the
        file written; a long document is written in the background (None here, the label
        and ``job`` tell the rest)."""
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
        if self.is_long():
            from ui.printing.background import save_pdf_in_background

            def done(pages: int) -> None:
                self.job = None
                if pages:
                    self._tell(tr("Сохранено: {0} ({1})").format(path.name, pages_text(pages)))

            self.job = save_pdf_in_background(self._over(), self.document, path,
                                              on_done=done, on_failed=self._failed)
            return None
        pages = write_pdf(self.document, str(path))
        if pages == 0 or not path.exists():
            errors.show_message(self, not_written(path))
            return None
        self.pages_label.setText(tr("Сохранено: {0} ({1})").format(path.name, pages_text(pages)))
        return path

    def _over(self) -> QWidget:
        """The window a job's progress shows over: this preview while it is open."""
        return self if self.isVisible() else (self.parentWidget() or self)

    def _tell(self, text: str) -> None:
        """What a job finished in the background did: on the label while the preview is
        open, else in a message over the window."""
        if self.isVisible():
            self.pages_label.setText(text)
        else:
            QMessageBox.information(self.parentWidget(), tr("ТСЖ Деск"), text)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        errors.show_error(self if self.isVisible() else self.parentWidget(), exc)
