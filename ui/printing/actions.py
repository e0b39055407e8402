"""Файл → Предварительный просмотр… (Ctrl+P), Печать… (Ctrl+Shift+P), Сохранить в PDF…:
what the page in front shows."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog

from ui.printing.sources import Printable, printables


def tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


NOTHING = ("На этой странице печатать нечего. Печать есть на страницах «Обращения» (журнал "
           "регистрации, карточка обращения), «Реестр собственников» (реестр, карточка помещения) "
           "и «Показания» (ведомость, счётчики на поверку).")


def _items(window) -> list[Printable]:
    items = printables(window)
    if not items:
        window.statusBar().showMessage(tr(NOTHING), 10000)
    return items


def open_preview(window) -> QDialog | None:
    """The preview of the page's documents (the first chosen); None when it has none."""
    items = _items(window)
    if not items:
        return None
    return preview_items(window, items)


def print_now(window) -> bool:
    """The page's main document straight to the print dialog."""
    from ui.printing.preview import PrintPreviewDialog

    items = _items(window)
    if not items:
        return False
    dialog = PrintPreviewDialog(items[:1], window)
    try:
        return dialog.print_document()
    finally:
        _delete_when_done(dialog)


def save_pdf(window):
    from ui.printing.preview import PrintPreviewDialog

    items = _items(window)
    if not items:
        return None
    dialog = PrintPreviewDialog(items[:1], window)
    try:
        return dialog.save_pdf()
    finally:
        _delete_when_done(dialog)


def _delete_when_done(dialog) -> None:
    """The unseen preview behind Ctrl+Shift+P or «Сохранить в PDF…» goes once its job (a
    long document in the background) has reported back."""
    if dialog.job is None:
        dialog.deleteLater()
        return
    dialog.job.finished.connect(dialog.deleteLater)
    dialog.job.failed.connect(dialog.deleteLater)


def preview_items(parent, items: list[Printable]) -> QDialog:
    from ui.printing.preview import PrintPreviewDialog

    dialog = PrintPreviewDialog(items, parent)
    dialog.exec()
    return dialog


def card_print_shortcut(dialog, kind: str, key) -> QShortcut:
    """Ctrl+P in a card dialog: the preview of that card (``kind`` «request» with its
    number, «premise» with its id)."""
    from tsj_desk.services.print_cards import premise_card_sheet, request_card_sheet
    from ui import clock

    if kind == "request":
        item = Printable(f"Карточка обращения № {key}", lambda: request_card_sheet(key, now=clock.now()))
    else:
        item = Printable("Карточка помещения", lambda: premise_card_sheet(key, now=clock.now()))
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), dialog)
    shortcut.activated.connect(lambda: preview_items(dialog, [item]))
    return shortcut
