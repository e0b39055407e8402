"""«Резервные копии»: the list, a copy made now, a check, a restore from the page."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from fractions import Fraction

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tsj_desk.services import backups, registry, session
from tsj_desk.services.registry import OwnerInput
from ui import colors
from ui.backups.model import BackupsModel, format_size
from ui.backups.page import BackupsPage
from tests.conftest import NOW

WORK_TIMEOUT = 60_000


@pytest.fixture
def page(qtbot, demo):
    page = BackupsPage()
    qtbot.addWidget(page)
    page.show()
    return page


@pytest.fixture
def answers(monkeypatch):
    """Every message box the page shows, answered «Да» when it asks."""
    said: list[tuple[str, str]] = []

    def record(kind, answer=None):
        def show(parent, title, text, *args, **kwargs):
            said.append((kind, text))
            return answer
        return show

    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    return said


def cell(page: BackupsPage, row: int, column: int) -> str:
    return page.proxy.index(row, column).data()


def test_sizes_are_written_the_russian_way():
    assert format_size(300) == "1 КБ"
    assert format_size(51_200) == "50 КБ"
    assert format_size(2_621_440) == "2,5 МБ"
    assert format_size(1_073_741_824 * 3 // 2) == "1,5 ГБ"


def test_the_page_lists_copies_with_reasons_sizes_and_folders(qtbot, demo, page):
    exit_copy = backups.make_backup("exit", now=datetime(2026, 11, 20, 18, 5))
    import_copy = backups.make_backup("import", now=datetime(2026, 11, 23, 10, 40))
    page.page_shown()
    assert [b.path for b in page.visible_backups()] == [import_copy.path, exit_copy.path]  # newest first
    assert cell(page, 0, BackupsModel.WHEN) == "23.11.2026 10:40"
    assert cell(page, 0, BackupsModel.REASON) == "Перед загрузкой"
    assert cell(page, 1, BackupsModel.REASON) == "При выходе"
    assert re.fullmatch(r"\d+,\d МБ|\d+ КБ", cell(page, 0, BackupsModel.SIZE))
    assert cell(page, 0, BackupsModel.SIZE) == format_size(import_copy.size)
    # the base's own folder, named after it, in «backups» beside it
    assert cell(page, 0, BackupsModel.FOLDER) == str(demo.parent / "backups" / "demo")
    assert page.folder_label.text() == str(demo.parent / "backups" / "demo")
    total = format_size(exit_copy.size + import_copy.size)
    assert page.count_label.text() == f"2 копии, всего {total}"
    assert not page.check_button.isEnabled() and not page.restore_button.isEnabled()
    page.table.selectRow(1)
    assert page.check_button.isEnabled() and page.restore_button.isEnabled()


def test_the_navigation_has_the_two_pages_before_the_settings():
    from ui.main_window import PAGES

    keys = [p.key for p in PAGES]
    assert keys[-3:] == ["audit", "backups", "settings"]
    assert [p.title for p in PAGES][-3:-1] == ["Журнал изменений", "Резервные копии"]


def test_make_a_copy_now_adds_one_through_the_worker(qtbot, demo, page, fixed_clock, answers):
    fixed_clock.moment = datetime(2026, 11, 24, 16, 30)
    assert page.count_label.text() == "Копий пока нет"
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT) as done:
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
        assert page.busy() and not page.backup_button.isEnabled()  # one job at a time
    assert done.args == ["backup"]
    assert not page.busy() and page.backup_button.isEnabled()
    shown = page.visible_backups()
    assert len(shown) == 1 and shown[0].trigger == "manual"
    assert cell(page, 0, BackupsModel.REASON) == "Вручную"
    assert cell(page, 0, BackupsModel.WHEN) == "24.11.2026 16:30"
    assert page.selected_backup() == shown[0]
    assert page.status.text().startswith("Копия сохранена и проверена:")
    assert backups.check_backup(shown[0].path).ok
    assert answers == []  # no dialog for a copy that went well
    assert page.count_label.text().startswith("1 копия, всего ")


def test_check_tells_a_sound_copy_from_a_damaged_one(qtbot, demo, page, answers):
    good = backups.make_backup("daily", now=datetime(2026, 11, 22, 9, 0))
    bad = backups.make_backup("exit", now=datetime(2026, 11, 23, 18, 0))
    data = bytearray(bad.path.read_bytes())
    data[100:100 + 40_000] = b"\xff" * 40_000  # pages overwritten
    bad.path.write_bytes(bytes(data))
    page.page_shown()
    page.select_backup(good.path)
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert answers[-1][0] == "information" and "исправна" in answers[-1][1]
    assert "от 22.11.2026 09:00 (ежедневная)" in answers[-1][1]

    page.select_backup(bad.path)
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.table.activated.emit(page.table.currentIndex())  # Enter on the row checks it too
    assert answers[-1][0] == "warning" and "повреждена" in answers[-1][1]
    row = [b.path for b in page.visible_backups()].index(bad.path)
    assert page.proxy.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) == colors.background(colors.Tone.ERROR)
    # a damaged copy is never restored
    page.select_backup(bad.path)
    count = len(answers)
    page.restore_selected()
    assert answers[count][0] == "warning" and "восстанавливать из неё нельзя" in answers[count][1]
    assert not any(kind == "question" for kind, _ in answers)


def owners_of(premise_id: int) -> list[str]:
    return sorted(o.owner for o in registry.premise_card(premise_id).current)


def test_restore_round_trip_from_the_page(qtbot, main_window, demo, answers, fixed_clock):
    fixed_clock.moment = datetime(2026, 11, 24, 17, 0)
    heirs = registry.list_premises(incomplete_only=True)[0]
    before_owners = owners_of(heirs.id)
    before_premises = registry.count_premises()
    copy = backups.make_backup("daily", now=datetime(2026, 11, 24, 9, 0))
    registry.add_owner(heirs.id, OwnerInput("Шпаковский Сергей Павлович", Fraction(1, 3)), now=NOW)
    assert "Шпаковский Сергей Павлович" in owners_of(heirs.id)
    register = main_window.show_page("register")
    assert any("Шпаковский" in p.owners for p in register.visible_premises())

    page = main_window.show_page("backups")
    assert [b.path for b in page.visible_backups()] == [copy.path]
    page.select_backup(copy.path)
    with qtbot.waitSignal(page.restored, timeout=WORK_TIMEOUT):
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    question = answers[0]
    assert question[0] == "question"
    assert "от 24.11.2026 09:00 (ежедневная)" in question[1]
    assert "текущее состояние базы будет сохранено" in question[1]

    # the change made after the copy is gone; the rest is as it was
    assert owners_of(heirs.id) == before_owners
    assert registry.count_premises() == before_premises
    # the window opened the base again and refreshed its pages
    assert not any("Шпаковский" in p.owners for p in register.visible_premises())
    # the state before the restore was kept as a copy of its own, and it has the change
    shown = page.visible_backups()
    safety = [b for b in shown if b.trigger == "restore"]
    assert len(safety) == 1 and len(shown) == 2
    assert "Перед восстановлением" in [page.proxy.index(r, BackupsModel.REASON).data() for r in range(2)]
    assert answers[-1][0] == "information" and str(safety[0].path) in answers[-1][1]
    assert page.status.text().startswith("База восстановлена из копии от 24.11.2026 09:00")
    from tsj_desk.services.session import close_session, open_session

    close_session()
    open_session(safety[0].path, now=NOW)
    assert "Шпаковский Сергей Павлович" in owners_of(heirs.id)
    close_session()
    open_session(demo, now=NOW)


def test_restore_is_not_done_when_the_user_says_no(qtbot, demo, page, monkeypatch):
    copy = backups.make_backup("daily", now=datetime(2026, 11, 24, 9, 0))
    heirs = registry.list_premises(incomplete_only=True)[0]
    registry.add_owner(heirs.id, OwnerInput("Шпаковский Сергей Павлович", Fraction(1, 3)), now=NOW)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.page_shown()
    page.select_backup(copy.path)
    page.restore_selected()
    assert not page.busy()
    assert "Шпаковский Сергей Павлович" in owners_of(heirs.id)
    assert len(backups.known_backups()) == 1


def test_an_unwritable_folder_is_refused_with_a_message(qtbot, demo, page, tmp_path, monkeypatch, answers):
    blocker = tmp_path / "не папка.txt"
    blocker.write_text("файл, а не папка")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(blocker / "копии"))
    qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
    assert answers and answers[0][0] == "warning"
    # the file in the way is named, and that the folder was not chosen
    assert f"«{blocker}» — не папка, а файл" in answers[0][1]
    assert "для резервных копий не выбрана" in answers[0][1]
    assert backups.backup_dir() == demo.parent / "backups" / "demo"
    assert page.folder_label.text() == str(demo.parent / "backups" / "demo")


def test_a_chosen_folder_takes_the_new_copies(qtbot, demo, page, tmp_path, monkeypatch, answers,
                                              fixed_clock):
    stick = tmp_path / "флешка" / "Копии ТСЖ"
    old = backups.make_backup("exit", now=datetime(2026, 11, 23, 18, 0))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    fixed_clock.moment = datetime(2026, 11, 24, 16, 30)
    page.choose_folder()
    assert answers == []
    assert page.folder_label.text() == str(stick / "demo")  # the base's folder in the chosen one
    assert "Прежние копии остаются там, где были" in page.status.text()
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.backup_button.click()
    folders = [page.proxy.index(r, BackupsModel.FOLDER).data() for r in range(page.proxy.rowCount())]
    assert folders == [str(stick / "demo"), str(old.path.parent)]  # both folders are listed
    # the stick is pulled out: the page says so, the copies beside the base stay listed
    shutil.rmtree(stick)
    page.page_shown()
    assert page.folder_problem.isVisibleTo(page)
    assert "недоступна" in page.folder_problem.text()
    assert [b.path for b in page.visible_backups()] == [old.path]


def test_read_only_session_hides_the_actions_that_write(qtbot, demo, monkeypatch):
    backups.make_backup("exit", now=datetime(2026, 11, 23, 18, 0))
    monkeypatch.setattr(session, "read_only", True)
    page = BackupsPage()
    qtbot.addWidget(page)
    page.show()
    for button in (page.backup_button, page.restore_button, page.folder_button):
        assert button.isHidden()
    assert page.read_only_note.isVisibleTo(page)
    assert "только для чтения" in page.read_only_note.text()
    assert not page.check_button.isHidden()  # looking and checking are fine
    page.table.selectRow(0)
    assert page.check_button.isEnabled()
    page.make_backup()
    page.restore_selected()
    assert not page.busy()
    assert len(backups.known_backups()) == 1


def test_backups_model_passes_the_model_tester(qtmodeltester, demo):
    model = BackupsModel()
    model.set_rows([backups.make_backup("exit", now=datetime(2026, 11, 23, 18, 0)),
                    backups.make_backup("import", now=datetime(2026, 11, 24, 10, 0))])
    qtmodeltester.check(model, force_py=True)


SECOND_COPY = """
import sys
from datetime import datetime
from tsj_desk.services.session import DatabaseLocked, open_session
try:
    open_session(sys.argv[1], lock=True, now=datetime(2026, 11, 24, 12, 0))
except DatabaseLocked:
    print("locked")
else:
    print("opened")
"""


def test_after_a_restore_the_window_still_holds_the_lock(qtbot, demo_template, tmp_path, answers):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from tsj_desk.services.session import close_session, open_session

    db = tmp_path / "tsj.sqlite3"
    shutil.copyfile(demo_template, db)
    open_session(db, lock=True, now=NOW)
    try:
        copy = backups.make_backup("daily", now=datetime(2026, 11, 24, 9, 0))
        page = BackupsPage()
        qtbot.addWidget(page)
        page.select_backup(copy.path)
        with qtbot.waitSignal(page.restored, timeout=WORK_TIMEOUT):
            page.restore_selected()
        assert not session.read_only
        second = subprocess.run([sys.executable, "-c", SECOND_COPY, str(db)],
                                cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True,
                                timeout=60)
        assert second.stdout.strip() == "locked", second.stderr
    finally:
        close_session()


OTHER_ID = "0a1b2c3d" + "e" * 24


def copy_of_another_base(demo_template, folder):
    """A copy of another base (the office's previous computer): the demo's data under
    another organization and another base id, named as the program names its copies."""
    import sqlite3
    from contextlib import closing

    folder.mkdir()
    copy = folder / f"tsj-desk-20261101-090000-manual-{OTHER_ID[:8]}.sqlite3"
    shutil.copyfile(demo_template, copy)
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("UPDATE setting SET value = ? WHERE key = 'base.id'", (OTHER_ID,))
        connection.execute("UPDATE organization SET name = 'ТСЖ «Берёзка»'")
        connection.commit()
    return copy


def test_a_copy_of_another_base_is_restored_only_after_a_question_naming_both(
        qtbot, demo, demo_template, page, tmp_path, monkeypatch, answers):
    from tsj_desk.services.organization import organization_name

    copy = copy_of_another_base(demo_template, tmp_path / "перенос")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    own_id = backups.base_identity().id
    heirs = registry.list_premises(incomplete_only=True)[0]
    registry.add_owner(heirs.id, OwnerInput("Шпаковский Сергей Павлович", Fraction(1, 3)), now=NOW)
    with qtbot.waitSignal(page.restored, timeout=WORK_TIMEOUT):
        qtbot.mouseClick(page.restore_file_button, Qt.MouseButton.LeftButton)
    questions = [text for kind, text in answers if kind == "question"]
    assert len(questions) == 1  # one question, and it names both bases and the copy's date
    assert "другой базы" in questions[0] and "01.11.2026 09:00" in questions[0]
    assert "ТСЖ «Берёзка»" in questions[0] and "ТСЖ «Лесная, 5»" in questions[0]
    assert "demo.sqlite3" in questions[0] and copy.name in questions[0]
    # the open base is now the other base, the state before kept as a copy of its own
    assert organization_name() == "ТСЖ «Берёзка»"
    assert backups.base_identity().id == OTHER_ID
    assert "Шпаковский Сергей Павлович" not in owners_of(heirs.id)
    safety = list((demo.parent / "backups" / "demo").glob("*-restore-*.sqlite3"))
    assert len(safety) == 1 and own_id[:8] in safety[0].name
    assert answers[-1][0] == "information" and str(safety[0]) in answers[-1][1]


def test_a_copy_of_another_base_is_not_restored_when_the_user_says_no(
        qtbot, demo, demo_template, page, tmp_path, monkeypatch, answers):
    import hashlib

    from tsj_desk.services.organization import organization_name

    copy = copy_of_another_base(demo_template, tmp_path / "перенос")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    heirs = registry.list_premises(incomplete_only=True)[0]
    registry.add_owner(heirs.id, OwnerInput("Шпаковский Сергей Павлович", Fraction(1, 3)), now=NOW)
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.restore_from_file()
    assert not page.busy()
    assert organization_name() == "ТСЖ «Лесная, 5»"
    assert "Шпаковский Сергей Павлович" in owners_of(heirs.id)
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before
    assert backups.known_backups() == []  # no copy «перед восстановлением» either


def test_a_file_that_is_no_copy_is_refused_with_the_reason(qtbot, demo, page, tmp_path, monkeypatch,
                                                          answers):
    empty = tmp_path / "пустая.sqlite3"
    empty.write_bytes(b"")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(empty), ""))
    heirs = registry.list_premises(incomplete_only=True)[0]
    before = (owners_of(heirs.id), registry.count_premises())
    with qtbot.waitSignal(page.operation_done, timeout=WORK_TIMEOUT):
        page.restore_from_file()
    assert [kind for kind, _ in answers] == ["warning"]
    assert "восстановить нельзя" in answers[0][1] and "пуст" in answers[0][1]
    assert (owners_of(heirs.id), registry.count_premises()) == before
