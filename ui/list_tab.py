"""The shape of a settings tab that lists rows: a word-wrapped intro, the table, buttons under it.

«Пользователи» and «Раскладки столбцов» are built this way: ``intro_and_table`` starts the
tab's layout with its explanation and the table of its rows, the tab adds what else it
shows, ``add_button_row`` ends it with the buttons, left-aligned.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from ui.tables import RowsModel, SortProxy, make_table


def intro_layout(tab: QWidget, text: str) -> QVBoxLayout:
    """The tab's layout, opened by ``text`` wrapped to the tab's width."""
    layout = QVBoxLayout(tab)
    intro = QLabel(text)
    intro.setWordWrap(True)
    layout.addWidget(intro)
    return layout


def intro_and_table(tab: QWidget, text: str, model: RowsModel, settings_key: str, *,
                    sort_column: int = 0) -> tuple[QVBoxLayout, QTableView, SortProxy]:
    """``intro_layout`` and under it the sorted table of ``model``, taking the free height."""
    layout = intro_layout(tab, text)
    table, proxy = make_table(tab, model, settings_key, sort_column=sort_column)
    layout.addWidget(table, 1)
    return layout, table, proxy


def add_button_row(layout: QBoxLayout, *buttons: QPushButton) -> QHBoxLayout:
    """``buttons`` in a row at the end of ``layout``, the free space on their right."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return row
