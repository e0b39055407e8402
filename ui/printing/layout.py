"""One rule for every printed document: A4 landscape, the title and the lines under it,
a card's fields, tables whose header row is repeated on every page, «стр. N из M» at
the foot of each page. The document is HTML in a ``QTextDocument`` laid out at the
printer's own resolution, then painted page by page."""

from __future__ import annotations

import threading
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from tsj_desk.services.print_sheets import PrintDocument, PrintTable

FONT_POINTS = 8
MARGINS_MM = QMarginsF(15, 12, 12, 10)  # left (for a binding), top, right, bottom
FOOTER_MM = 7.0

STYLE = """
h1 { font-size: 12pt; font-weight: bold; margin: 0; }
p.line { margin: 0; }
p.closing { margin-top: 6px; margin-bottom: 0; }
p.heading { font-weight: bold; margin-top: 10px; margin-bottom: 3px; }
table.grid { border-collapse: collapse; }
table.grid th { background-color: #e8e8e8; font-weight: bold; }
table.grid td, table.grid th { border: 1px solid #000; padding: 2px; vertical-align: top; }
td.name { font-weight: bold; padding-right: 8px; vertical-align: top; }
"""


def page_layout() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                       MARGINS_MM, QPageLayout.Unit.Millimeter)


def make_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setPageLayout(page_layout())
    return printer


def _cell(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _table_html(table: PrintTable) -> str:
    parts = []
    if table.heading:
        parts.append(f'<p class="heading">{_cell(table.heading)}</p>')
    if not table.rows:
        parts.append(f'<p class="line">{_cell(table.empty)}</p>')
        return "".join(parts)
    parts.append('<table class="grid" width="100%" cellspacing="0" cellpadding="2" border="1">')
    parts.append("<thead><tr>")
    for header, width in zip(table.headers, table.widths, strict=True):
        parts.append(f'<th width="{width}%" align="center">{_cell(header)}</th>')
    parts.append("</tr></thead><tbody>")
    for row in table.rows:
        parts.append("<tr>")
        for column, value in enumerate(row):
            align = ' align="right"' if column in table.right else ""
            parts.append(f"<td{align}>{_cell(value)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def document_html(document: PrintDocument) -> str:
    parts = [f"<h1 align='center'>{_cell(document.title)}</h1>"]
    parts += [f'<p class="line" align="center">{_cell(line)}</p>' for line in document.lines if line]
    parts.append("<p></p>")
    if document.fields:
        parts.append('<table cellspacing="0" cellpadding="2" width="100%">')
        for name, value in document.fields:
            parts.append(f'<tr><td class="name" width="22%">{_cell(name)}</td><td>{_cell(value)}</td></tr>')
        parts.append("</table>")
    for table in document.tables:
        parts.append(_table_html(table))
    parts += [f'<p class="closing">{_cell(line)}</p>' for line in document.closing if line]
    if document.signature:
        parts.append(f'<p class="closing"><br>{_cell(document.signature)}</p>')
    return "<html><body>" + "".join(parts) + "</body></html>"


def build_text_document(document: PrintDocument) -> QTextDocument:
    text = QTextDocument()
    font = QFont()
    font.setPointSizeF(FONT_POINTS)
    text.setDefaultFont(font)
    text.setDefaultStyleSheet(STYLE)
    text.setDocumentMargin(0)
    text.setHtml(document_html(document))
    return text


def footer_text(page: int, pages: int | None) -> str:
    return f"стр. {page} из {pages}" if pages else f"стр. {page}"


def paint(text: QTextDocument, printer: QPrinter, title: str = "", *, with_total: bool = True,
          progress: Callable[[int, int], None] | None = None,
          cancel: threading.Event | None = None) -> int:
    """Paint ``text`` on ``printer``'s pages with «стр. N из M» under each («стр. N» when
    ``with_total`` is False: a preview of the beginning); the number of pages, 0 when
    the printer could not be opened or ``cancel`` was set (the job is then aborted).
    The document is laid out anew at the printer's resolution; ``progress(page, pages)``
    after each page."""
    layout = text.documentLayout()
    layout.setPaintDevice(printer)
    dpi = printer.resolution()
    area = printer.pageLayout().paintRectPixels(dpi)
    footer = FOOTER_MM / 25.4 * dpi
    body_height = area.height() - footer
    text.setPageSize(QSizeF(area.width(), body_height))
    pages = max(1, text.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        small = QFont(text.defaultFont())
        small.setPointSizeF(FONT_POINTS - 1)
        for page in range(pages):
            if cancel is not None and cancel.is_set():
                printer.abort()
                return 0
            if page:
                printer.newPage()
            painter.save()
            clip = QRectF(0, page * body_height, area.width(), body_height)
            painter.translate(0, -clip.top())
            painter.setClipRect(clip)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            layout.draw(painter, context)
            painter.restore()
            painter.setFont(small)
            foot = QRectF(0, body_height, area.width(), footer)
            if title:
                painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, title)
            painter.drawText(foot, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                             footer_text(page + 1, pages if with_total else None))
            if progress is not None:
                progress(page + 1, pages)
    finally:
        painter.end()
    return pages


def pdf_printer(document: PrintDocument, path: str) -> QPrinter:
    """A printer writing ``document`` as a PDF file at ``path`` (no office suite needed)."""
    printer = make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setDocName(document.title)
    printer.setCreator("ТСЖ Деск")
    return printer


def not_written(path) -> str:
    """Why a PDF is not there, in the user's words."""
    return (f"Файл «{path}» записать не удалось: проверьте, что папка доступна для записи и "
            "файл не открыт в другой программе.")


def write_pdf(document: PrintDocument, path: str) -> int:
    """``document`` as a PDF file at ``path`` through Qt's printer; the number of pages."""
    return paint(build_text_document(document), pdf_printer(document, path), document.title)
