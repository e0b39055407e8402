"""Starting the window safely: a locked base, a damaged base, bugs and Qt warnings in
the log, and the automatic backup when the window closes."""

from __future__ import annotations

import logging
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtCore import QFile, Qt, qInstallMessageHandler, qWarning
from PySide6.QtWidgets import QMessageBox, QPushButton

from tsj_desk.services import backups, registry, session
from tsj_desk.services.registry import OwnerInput
from ui import errors
from ui.app import open_with_questions
from ui.errors import BugDialog
from ui.logs import setup_logging
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]

# A second copy of the program: holds the lock of the base until it is killed.
HOLDER = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from tsj_desk.services.session import open_session
    open_session(sys.argv[1], lock=True, now=datetime(2026, 11, 24, 12, 0))
    print("locked", flush=True)
    time.sleep(120)
""")


@pytest.fixture
def held_base(tmp_path):
    """A base whose lock another process (a second copy of the program) holds."""
    from tsj_desk.services.organization import ensure_house

    db = tmp_path / "общая.sqlite3"
    session.open_session(db, now=NOW)
    ensure_house("Дом")
    session.close_session()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield db
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
        session.close_session()


class Questions:
    """The questions ``open_with_questions`` asked, the answer given, the errors told."""

    def __init__(self):
        self.asked: list[str] = []
        self.told: list[str] = []
        self.answer = QMessageBox.StandardButton.Yes

    def question(self, parent, title, text, *args, **kwargs):
        self.asked.append(text)
        return self.answer


@pytest.fixture
def user(monkeypatch):
    answers = Questions()
    monkeypatch.setattr(QMessageBox, "question", answers.question)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: answers.told.append(text))
    return answers


def test_locked_base_opens_read_only_when_the_user_agrees(qtbot, held_base, user):
    opened = open_with_questions(held_base)
    assert opened == held_base
    assert len(user.asked) == 1
    assert "уже открыта" in user.asked[0] and "на компьютере" in user.asked[0]
    assert user.asked[0].endswith("Открыть базу только для чтения?")
    assert session.read_only
    from ui.main_window import MainWindow

    window = MainWindow(opened)
    qtbot.addWidget(window)
    window.show()
    assert window.database_label.text() == f"База: {held_base} — только чтение"
    page = window.show_page("backups")
    assert page.backup_button.isHidden() and page.restore_button.isHidden()
    window.close()
    assert backups.known_backups(held_base) == []  # no exit backup of a base we may not write
    session.close_session()


def test_locked_base_is_not_opened_when_the_user_says_no(qtbot, held_base, user):
    user.answer = QMessageBox.StandardButton.No
    assert open_with_questions(held_base) is None
    assert len(user.asked) == 1 and "только для чтения" in user.asked[0]
    assert not session.read_only


def damage(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])  # a truncated file: the copy to a stick was pulled out
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_damaged_base_is_restored_from_the_backup_beside_it(qtbot, demo_template, tmp_path, user):
    db = tmp_path / "tsj.sqlite3"
    shutil.copyfile(demo_template, db)
    session.open_session(db, now=NOW)
    premises = registry.count_premises()
    good = backups.make_backup("exit", now=datetime(2026, 11, 23, 18, 0))
    session.close_session()
    damage(db)
    try:
        opened = open_with_questions(db)
        assert opened == db
        assert len(user.asked) == 1
        assert good.path.name in user.asked[0] and "Восстановить базу из этой копии сейчас?" in user.asked[0]
        assert registry.count_premises() == premises
        assert list(tmp_path.glob("tsj.sqlite3.damaged-*")), "the damaged file is kept beside"
        assert backups.check_backup(db).ok
    finally:
        session.close_session()


def test_damaged_base_without_a_backup_is_explained(qtbot, demo_template, tmp_path, user):
    db = tmp_path / "tsj.sqlite3"
    shutil.copyfile(demo_template, db)
    damage(db)
    assert open_with_questions(db) is None
    assert user.asked == []
    assert "Исправных резервных копий рядом с базой не найдено" in user.told[0]


@pytest.fixture
def log_file(tmp_path):
    """The rotating log of ``setup_logging`` in the test's folder; logging and pytest-qt's
    Qt message capture are put back afterwards."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    capture = qInstallMessageHandler(None)  # pytest-qt's handler, to be put back
    qInstallMessageHandler(capture)
    path = setup_logging(tmp_path / "logs")
    yield path
    qInstallMessageHandler(capture)
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def hooks(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install_excepthook()
    yield
    errors.uninstall_excepthook()


@pytest.fixture
def bug_dialogs(monkeypatch):
    shown: list[BugDialog] = []
    monkeypatch.setattr(BugDialog, "exec", lambda self: shown.append(self) or 0)
    return shown


def test_a_bug_in_a_slot_is_shown_and_written_to_the_log(qtbot, log_file, hooks, bug_dialogs):
    assert log_file.name == "tsj-desk.log" and log_file.parent.name == "logs"
    button = QPushButton("сломать")
    qtbot.addWidget(button)

    def broken_slot():
        raise KeyError("нет такого ключа")

    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(bug_dialogs) == 1)
    qtbot.addWidget(bug_dialogs[0])
    assert "KeyError" in bug_dialogs[0].details
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR ui.errors: Program error" in text
    assert "Traceback (most recent call last)" in text
    assert "in broken_slot" in text and "KeyError: 'нет такого ключа'" in text
    assert button.isEnabled()  # the application goes on


def test_qt_warnings_go_into_the_log(qtbot, log_file, tmp_path):
    qWarning("проверка журнала: предупреждение Qt")
    QFile(str(tmp_path / "не открыт.txt")).write(b"x")  # Qt's own warning: a device not open
    text = log_file.read_text(encoding="utf-8")
    assert "WARNING qt: проверка журнала: предупреждение Qt" in text
    assert "WARNING qt: QIODevice::write (QFile" in text and "device not open" in text


def test_closing_after_a_change_makes_an_exit_backup(demo, qtbot):
    from ui.main_window import MainWindow

    # the base remembers it was backed up (an hour ago: a copy of the same second would
    # take the exit copy's place in the retention of the day)
    backups.make_backup("manual", now=datetime.now() - timedelta(hours=1))
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    heirs = registry.list_premises(incomplete_only=True)[0]
    registry.add_owner(heirs.id, OwnerInput("Шпаковский Сергей Павлович", Fraction(1, 3)), now=NOW)
    window.close()
    made = [b for b in backups.known_backups() if b.trigger == "exit"]
    assert len(made) == 1
    assert "Резервная копия сохранена" in window.statusBar().currentMessage()
    assert backups.check_backup(made[0].path).ok


def test_closing_without_changes_makes_no_backup(demo, qtbot):
    from ui.main_window import MainWindow

    backups.make_backup("manual", now=datetime.now() - timedelta(hours=1))
    before = backups.known_backups()
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    window.page("register").reload()  # reading changes nothing
    window.close()
    assert backups.known_backups() == before


def test_closing_a_new_base_nobody_changed_makes_no_backup(qtbot, tmp_path):
    from ui.main_window import MainWindow

    db = tmp_path / "новая.sqlite3"
    session.open_session(db, now=NOW)
    try:
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        window.close()
        assert backups.known_backups(db) == []
        assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").rglob("*.sqlite3"))
    finally:
        session.close_session()
