"""«Шаблоны документов» in the settings: which template is in use, its check, a copy to edit."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtGui import QDesktopServices

from tsj_desk.documents.templates import SHIPPED_TEMPLATES_DIR
from tsj_desk.services.letters import templates_dir
from ui.settings_page.page import SettingsPage
from ui.settings_page.templates_tab import TemplatesModel, TemplatesTab, template_rows


@pytest.fixture
def opened(monkeypatch):
    files: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: files.append(Path(url.toLocalFile())) or True)
    return files


def tab_for(qtbot) -> TemplatesTab:
    page = SettingsPage()
    qtbot.page = page  # qtbot holds widgets weakly: keep the page alive for the test
    qtbot.addWidget(page)
    tab = page.findChild(TemplatesTab)
    page.show_tab(tab)
    page.show()
    qtbot.waitExposed(page)
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "Шаблоны документов"
    return tab


def rows_of(tab: TemplatesTab) -> dict[str, tuple[str, str]]:
    return {row.info.name: (tab.model.index(n, 1).data(), row.status)
            for n, row in enumerate(tab.model.rows())}


def test_every_template_is_listed_as_shipped_and_in_order(qtbot, demo):
    tab = tab_for(qtbot)
    rows = rows_of(tab)
    assert {"act_damage.docx", "act_maintenance_quality.docx", "act_utility_quality.docx",
            "request_answer.docx", "request_notice.docx"} <= set(rows)
    assert all(shown == ("встроенный", "в порядке") for shown in rows.values()), rows
    assert str(templates_dir()) in tab.folder_label.text()


def test_a_copy_to_edit_wins_and_an_unknown_field_is_named(qtbot, demo, opened):
    tab = tab_for(qtbot)
    assert tab.select("act_damage.docx")
    tab.copy_button.click()
    copy = templates_dir() / "act_damage.docx"
    assert copy.is_file() and opened == [copy]
    assert rows_of(tab)["act_damage.docx"] == ("свой", "в порядке")
    assert not tab.copy_button.isEnabled()  # a copy exists already
    document = docx.Document(str(copy))
    document.add_paragraph("Фаза луны: {{ lunar_phase }}")
    document.save(str(copy))
    tab.check_button.click()
    kind, status = rows_of(tab)["act_damage.docx"]
    assert kind == "свой" and "lunar_phase" in status
    damaged = next(row for row in tab.model.rows() if row.info.name == "act_damage.docx")
    assert tab.model.tone(damaged).value == "error"
    tab.folder_button.click()
    assert opened[-1] == templates_dir()


def test_a_damaged_user_template_is_said_in_its_row(demo):
    folder = templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "request_notice.docx").write_bytes(b"not a docx")
    rows = {row.info.name: row for row in template_rows()}
    assert rows["request_notice.docx"].info.is_user and rows["request_notice.docx"].problem
    assert rows["request_answer.docx"].problem == ""
    assert (SHIPPED_TEMPLATES_DIR / "request_notice.docx").is_file()


def test_templates_model_passes_modeltester(qtmodeltester, demo):
    model = TemplatesModel()
    model.set_rows(template_rows())
    qtmodeltester.check(model, force_py=True)
