"""«Сохранить с причиной…» on the entry grid (its context menu, Ctrl+Shift+S): the action
is made with the page, the dialog's module (``lower_reading_dialog``) loaded when it is used."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from ui.readings.texts import tr

SHORTCUT = "Ctrl+Shift+S"


def install(page) -> QAction:
    """«Сохранить с причиной…» in the entry grid's context menu and on Ctrl+Shift+S."""
    action = QAction(tr("Сохранить с причиной…"), page.table)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(tr("Сохранить показание меньше предыдущего: замена счётчика, переход через ноль, "
                         "исправление ошибки"))
    action.triggered.connect(lambda: _save_with_reason(page))
    page.table.addAction(action)
    page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action


def _save_with_reason(page) -> bool:
    from ui.readings.lower_reading_dialog import save_with_reason

    return save_with_reason(page)
