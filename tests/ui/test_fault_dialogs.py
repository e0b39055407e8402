"""A fault of the disk reaches the window as a plain warning in Russian with what to do,
never as the «program error» dialog with a traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tsj_desk.services.disclosure import list_disclosures
from ui import errors
from ui.errors import BugDialog
from ui.register.export_dialog import ExportDialog

FREE_SPACE_ADVICE = "Освободите место на диске (удалите или перенесите ненужные файлы) и повторите."


@pytest.fixture
def bug_dialogs(monkeypatch):
    shown: list[BugDialog] = []

    def exec_(self):
        shown.append(self)
        return 0

    monkeypatch.setattr(BugDialog, "exec", exec_)
    return shown


@pytest.fixture
def warnings(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    return said


def test_a_full_disk_that_reached_the_window_untranslated_is_a_plain_warning(qtbot, bug_dialogs, warnings,
                                                                               tmp_path):
    target = tmp_path / "журнал.xlsx"
    errors.show_error(None, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)))
    assert warnings == [f"На диске, где находится папка «{tmp_path}», не осталось места: действие не "
                        f"выполнено. {FREE_SPACE_ADVICE}"]
    assert bug_dialogs == []


def test_the_register_exported_onto_a_full_disk_says_so_and_leaves_nothing(qtbot, demo, tmp_path, monkeypatch,
                                                                            bug_dialogs, warnings):
    from openpyxl import Workbook

    def save_on_a_full_disk(self, target) -> None:
        start = b"PK\x03\x04" + b"\0" * 1020
        if hasattr(target, "write"):
            target.write(start)
        else:
            Path(target).write_bytes(start)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Workbook, "save", save_on_a_full_disk)
    out_folder = tmp_path / "выдачи"
    out_folder.mkdir()
    dialog = ExportDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.requested_by.setText("Петров П. П., кв. 12")
    dialog.purpose.setEditText("созыв общего собрания")
    dialog.file.setText(str(out_folder / "реестр.xlsx"))

    with qtbot.waitSignal(dialog.export_failed, timeout=20_000):
        dialog.export_button.click()

    assert warnings == [f"На диске, где находится папка «{out_folder}», не осталось места: реестр не "
                        f"выдан, файл «реестр.xlsx» не записан. {FREE_SPACE_ADVICE}"]
    assert bug_dialogs == []
    assert list(out_folder.iterdir()) == []
    assert list_disclosures() == []
    assert dialog.isVisible()  # the user can free space and press the button again
