"""Where the readings tools write their files, and the «Открыть» link to a written one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.readings.texts import tr

XLSX_FILTER = "Книга Excel (*.xlsx)"


def escape(text: str) -> str:
    """``html.escape``, its module (and its table of entities) loaded when a file is written,
    not with the page."""
    from html import escape as escaped

    return escaped(text)


def documents_folder() -> Path:
    """«Документы\\ТСЖ Деск», where every save dialog starts (``services.folders``)."""
    from tsj_desk.services.folders import documents_folder as offered
    from tsj_desk.services.folders import make_offered_folder

    folder = offered(create=False)
    make_offered_folder(folder)  # made when it can be; else the dialog opens elsewhere
    return folder


def ask_save_path(parent: QWidget | None, caption: str, suggested: Path) -> Path | None:
    """Where to write an .xlsx (the user's choice, ``suggested`` offered), or None."""
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested), tr(XLSX_FILTER))
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def file_link(path: Path, text: str) -> str:
    """A rich-text link that opens ``path`` with the system's program."""
    return f'<a href="{QUrl.fromLocalFile(str(path)).toString()}">{escape(text)}</a>'


def written(what: str, path: Path, link_text: str | None = None) -> str:
    """«<what>: <path>. Открыть» as rich text for a status line."""
    return f"{escape(what)}: {escape(str(path))}. {file_link(path, link_text or tr('Открыть'))}"
