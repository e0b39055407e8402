"""«Шаблоны документов»: the user's copy saved into the base is used on every PC of the
office (another data folder here), until it is taken out of the base again; a copy
that fails its check is not saved there."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
import pytest
from PySide6.QtGui import QDesktopServices

from tsj_desk.services import acts
from tsj_desk.services.letters import templates_dir
from ui import errors
from ui.settings_page.page import SettingsPage
from ui.settings_page.templates_tab import TemplatesTab

NOW = datetime(2026, 11, 24, 15, 30)


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)


def tab_for(qtbot) -> TemplatesTab:
    page = SettingsPage()
    qtbot.page = page
    qtbot.addWidget(page)
    tab = page.findChild(TemplatesTab)
    page.show_tab(tab)
    page.show()
    qtbot.waitExposed(page)
    return tab


def shown(tab: TemplatesTab, name: str) -> str:
    for n, row in enumerate(tab.model.rows()):
        if row.info.name == name:
            return tab.model.index(n, 1).data()
    raise AssertionError(name)


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_a_copy_saved_into_the_base_is_used_on_another_pc(qtbot, demo, tmp_path, monkeypatch):
    tab = tab_for(qtbot)
    assert tab.select("act_damage.docx")
    assert not tab.store_button.isEnabled() and not tab.forget_button.isEnabled()
    tab.copy_button.click()
    copy = templates_dir() / "act_damage.docx"
    document = docx.Document(str(copy))
    document.add_paragraph("Бланк утверждён правлением ТСЖ")
    document.save(str(copy))
    assert tab.store_button.isEnabled()
    tab.store_button.click()
    assert shown(tab, "act_damage.docx") == "свой, в базе"
    assert tab.forget_button.isEnabled()

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "другой компьютер"))  # no templates folder there
    act = acts.create_act("damage", {}, now=NOW, out=tmp_path / "акт.docx")
    assert "Бланк утверждён правлением ТСЖ" in text_of(act.file)
    tab.reload()
    assert shown(tab, "act_damage.docx") == "свой, в базе"
    assert not tab.store_button.isEnabled()  # this PC has no copy of its own to save
    tab.forget_button.click()
    assert shown(tab, "act_damage.docx") == "встроенный"
    again = acts.create_act("damage", {}, now=NOW, out=tmp_path / "акт 2.docx")
    assert "Бланк утверждён правлением ТСЖ" not in text_of(again.file)


def test_a_copy_that_fails_its_check_is_not_saved_into_the_base(qtbot, demo, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: said.append(str(exc)))
    tab = tab_for(qtbot)
    tab.select("act_damage.docx")
    tab.copy_button.click()
    copy = templates_dir() / "act_damage.docx"
    document = docx.Document(str(copy))
    document.add_paragraph("Фаза луны: {{ lunar_phase }}")
    document.save(str(copy))
    tab.store_button.click()
    assert len(said) == 1 and "lunar_phase" in said[0]
    assert shown(tab, "act_damage.docx") == "свой"  # this PC's copy, not the base's
