"""«Резервные копии» on a base on a PostgreSQL server: the page lists the base's
pg_dump copies, makes one, checks it, and restores it into a new empty base."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from tests.core.test_server_backups import TEXTS, fill
from tests.pg_server import database_url, fresh_database
from tsj_desk.storage.database import close_database
from ui.backups.page import BackupsPage

WORK_TIMEOUT = 60_000


@pytest.fixture
def answers(monkeypatch):
    said: list[tuple[str, str]] = []

    def record(kind):
        def show(parent, title, text, *args, **kwargs):
            said.append((kind, text))
        return show

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return said


@pytest.fixture
def server_page(qtbot, pg_url, tmp_path):
    fill(pg_url)
    from tsj_desk.services import server_backups

    server_backups.set_server_backup_dir(tmp_path / "copies")
    page = BackupsPage()
    qtbot.addWidget(page)
    page.show()
    yield page
    close_database()


def test_the_page_makes_checks_and_lists_a_server_copy(qtbot, server_page, answers, tmp_path):
    page = server_page
    assert page.intro.text().startswith("База находится на сервере PostgreSQL.")
    assert page.count_label.text() == "Копий пока нет"
    assert page.backup_button.isEnabled() and page.check_base_button.isEnabled()
    assert page.folder_label.text().startswith(str(tmp_path / "copies"))

    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.backup_button.click()
    listed = page.visible_backups()
    assert len(listed) == 1 and listed[0].path.suffix == ".dump"
    assert listed[0].path.parent.parent == tmp_path / "copies"
    assert page.count_label.text().startswith("1 копия, всего ")
    assert page.status.text().startswith("Копия сохранена и проверена: ")

    page.select_backup(listed[0].path)
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.check_button.click()
    assert answers[-1][0] == "information" and "цела" in answers[-1][1]

    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.check_base_button.click()
    assert answers[-1] == ("information", "База исправна: связи между таблицами, суммы долей по "
                                          "помещениям, показания и счётчики — нарушений нет.")


def test_a_copy_is_restored_into_a_new_empty_base_named_by_the_user(qtbot, server_page, answers,
                                                                     monkeypatch):
    page = server_page
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.backup_button.click()
    copy = page.visible_backups()[0]
    page.select_backup(copy.path)
    with fresh_database("tsj_page_restore") as empty_url:
        name = empty_url.rsplit("/", 1)[-1]
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (name, True))
        with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
            page.restore_button.click()
        assert answers[-1][0] == "information"
        assert f"восстановлена в базу «{name}»" in answers[-1][1]
        with psycopg.connect(database_url(name)) as restored:
            texts = [r[0] for r in restored.execute('SELECT "text" FROM "request" ORDER BY reg_no')]
        assert texts == TEXTS


def test_restoring_over_the_open_base_is_refused(qtbot, server_page, answers, monkeypatch, pg_url):
    page = server_page
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.backup_button.click()
    copy = page.visible_backups()[0]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy.path), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (pg_url.rsplit("/", 1)[-1], True))
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.restore_file_button.click()
    assert answers[-1][0] == "warning" and "не пуста" in answers[-1][1]
    assert page.status.text().startswith("Не получилось: База «")
    assert Path(copy.path).is_file()
