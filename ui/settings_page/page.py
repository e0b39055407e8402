"""«Справочники и настройки»: the deadlines of the request categories and the calendar.

Two tabs: «Сроки ответов» (categories of legal-ru §2, editable within the law) and
«Производственный календарь» (the year with its holidays and the user's
exceptions). Templates and backups get their tabs in later issues.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


from ui.settings_page.calendar_tab import CalendarTab
from ui.settings_page.deadlines import DeadlinesTab
from ui.settings_page.layouts_tab import LayoutsTab
from ui.settings_page.organization_tab import OrganizationTab
from ui.settings_page.templates_tab import TemplatesTab
from ui.users.users_tab import UsersTab


class SettingsPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.deadlines = DeadlinesTab(self.tabs)
        self.calendar = CalendarTab(self.tabs)
        self.tabs.addTab(self.deadlines, self.tr("Сроки ответов"))
        self.tabs.addTab(self.calendar, self.tr("Производственный календарь"))
        self.tabs.addTab(TemplatesTab(self.tabs), self.tr("Шаблоны документов"))
        self.organization = OrganizationTab(self.tabs)
        self.tabs.addTab(self.organization, self.tr("Организация"))
        self.users = UsersTab(self.tabs)
        self.tabs.addTab(self.users, self.tr("Пользователи"))
        self.layouts = LayoutsTab(self.tabs)
        self.tabs.addTab(self.layouts, self.tr("Раскладки столбцов"))
        layout.addWidget(self.tabs)
        self.deadlines.changed.connect(self.calendar.reload_categories)

    def page_shown(self) -> None:
        self.deadlines.reload()
        self.calendar.reload()
        self.organization.reload()
        self.users.reload()
        self.layouts.reload()

    def show_tab(self, tab: QWidget) -> QWidget:
        self.tabs.setCurrentWidget(tab)
        return tab
