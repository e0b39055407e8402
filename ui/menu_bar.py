"""The main window's menu bar: Файл, Правка, Обзвон, Справка.

Файл: open or create a base (``ui.base_switch``), print what the page shows
(``ui.printing``), exit. Правка: find (the page's own filter, Ctrl+F as on every
page) and copy (the selected rows of a table as tab-separated text, or the selected
text of a field). Справка: the user guide on the page's section (F1) and «О программе».
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("MenuBar", text)


def _action(window: QMainWindow, text: str, slot, shortcut=None, *, shown_key: str = "",
            name: str = "") -> QAction:
    action = QAction(text + (f"\t{shown_key}" if shown_key else ""), window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if name:
        action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menu_bar(window) -> dict[str, QAction]:
    """Fill ``window``'s menu bar; the actions by name (for tests and the pages)."""
    bar = window.menuBar()
    actions: dict[str, QAction] = {}

    def add(menu, key: str, action: QAction) -> None:
        actions[key] = action
        menu.addAction(action)

    file_menu = bar.addMenu(tr("&Файл"))
    file_menu.setObjectName("menu-file")
    add(file_menu, "open", _action(window, tr("Открыть базу…"), lambda: _base_switch().open_base(window),
                                   QKeySequence.StandardKey.Open, name="action-open"))
    add(file_menu, "create", _action(window, tr("Создать базу…"),
                                     lambda: _base_switch().create_base(window), name="action-create"))
    add(file_menu, "connect", _action(window, tr("Подключение к базе…"),
                                      lambda: _base_switch().choose_connection(window), name="action-connect"))
    file_menu.addSeparator()
    add(file_menu, "preview", _action(window, tr("Предварительный просмотр…"),
                                      lambda: _printing().open_preview(window), QKeySequence.StandardKey.Print,
                                      name="action-preview"))
    add(file_menu, "print", _action(window, tr("Печать…"), lambda: _printing().print_now(window),
                                    "Ctrl+Shift+P", name="action-print"))
    add(file_menu, "pdf", _action(window, tr("Сохранить в PDF…"), lambda: _printing().save_pdf(window),
                                  name="action-pdf"))
    file_menu.addSeparator()
    add(file_menu, "exit", _action(window, tr("Выход"), window.close, "Ctrl+Q", name="action-exit"))

    edit_menu = bar.addMenu(tr("&Правка"))
    edit_menu.setObjectName("menu-edit")
    # Ctrl+F belongs to each page (its filter): the menu shows the key and does the same
    add(edit_menu, "find", _action(window, tr("Найти"), lambda: find(window), shown_key="Ctrl+F",
                                   name="action-find"))
    add(edit_menu, "copy", _action(window, tr("Копировать"), lambda: copy_selection(window),
                                   QKeySequence.StandardKey.Copy, name="action-copy"))

    calls_menu = bar.addMenu(tr("&Обзвон"))  # call lists out, results in (ui.calls)
    calls_menu.setObjectName("menu-calls")
    add(calls_menu, "calls_export", _action(window, tr("Список обзвона…"), lambda: _calls(window, "export"),
                                            name="action-calls-export"))
    add(calls_menu, "calls_import", _action(window, tr("Загрузить результаты обзвона…"),
                                            lambda: _calls(window, "import"), name="action-calls-import"))

    help_menu = bar.addMenu(tr("&Справка"))
    help_menu.setObjectName("menu-help")
    add(help_menu, "guide", _action(window, tr("Руководство пользователя"), window.show_guide,
                                    Qt.Key.Key_F1, name="action-guide"))
    help_menu.addSeparator()
    add(help_menu, "about", _action(window, tr("О программе"), window.show_about, name="action-about"))
    return actions


def _base_switch():
    """``ui.base_switch``, loaded when a base is opened or created (not at the start)."""
    from ui import base_switch

    return base_switch


def _printing():
    """``ui.printing.actions``, loaded when something is printed (not at the start)."""
    from ui.printing import actions

    return actions


def _calls(window, what: str) -> None:
    from ui.calls.export_dialog import CallExportDialog
    from ui.calls.results_dialog import CallResultsDialog

    if what == "export":
        CallExportDialog.run(window)
    elif CallResultsDialog.run(window) is not None:
        refresh = getattr(window.stack.currentWidget(), "page_shown", None)
        if refresh is not None:  # readings or scores written: the page shows them
            refresh()


def find(window) -> bool:
    """Правка → Найти: the current page's filter field, its text selected."""
    page = window.stack.currentWidget()
    focus = getattr(page, "focus_filter", None)
    if focus is None:
        window.statusBar().showMessage(tr("На этой странице нет поиска."), 5000)
        return False
    focus()
    return True


def selection_text(widget) -> str:
    """What Копировать takes from ``widget``: a field's selected text, or a table's
    selected cells — a row a line, cells by tabs, hidden columns left out."""
    if isinstance(widget, QLineEdit):
        return widget.selectedText()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return widget.textCursor().selectedText().replace("\u2029", "\n")
    if isinstance(widget, QLabel):
        return widget.selectedText()
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        indexes = widget.selectionModel().selectedIndexes() if widget.selectionModel() else []
        if not indexes and widget.currentIndex().isValid():
            indexes = [widget.currentIndex()]
        hidden = getattr(widget, "isColumnHidden", lambda _c: False)
        cells: dict[int, dict[int, str]] = {}
        for index in indexes:
            if hidden(index.column()):
                continue
            value = index.data(Qt.ItemDataRole.DisplayRole)
            cells.setdefault(index.row(), {})[index.column()] = "" if value is None else str(value)
        columns = sorted({c for row in cells.values() for c in row})
        return "\n".join("\t".join(cells[r].get(c, "").replace("\n", " ") for c in columns)
                         for r in sorted(cells))
    return ""


def copy_selection(window) -> str:
    """Правка → Копировать (Ctrl+C): the selection of the field or table in focus."""
    widget = QApplication.focusWidget()
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        widget.copy()
        return selection_text(widget)
    text = selection_text(widget) if widget is not None else ""
    if text:
        QGuiApplication.clipboard().setText(text)
    else:
        window.statusBar().showMessage(tr("Нечего копировать: выделите строки таблицы или текст."), 5000)
    return text
