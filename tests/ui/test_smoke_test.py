"""``tsj-desk --smoke-test`` on the source tree, as the built program runs it: a real
process with no display; every page shown, an act, a register and a backup written, the
base checked, exit 0. A resource or a module missing (as from a build that forgot them)
is told in Russian with the step it broke, exit 1. ``--version`` and «О программе»
show the version pyproject.toml gives."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication

from ui.main_window import PAGES

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

# the program as its entry point starts it; ``prelude`` breaks something first
LAUNCH = "import sys; {prelude}; from ui.launcher import main; main()"


def run_program(tmp_path: Path, *args: str, prelude: str = "pass") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}  # no display at all
    temp = tmp_path / "temp"
    temp.mkdir(exist_ok=True)
    env["TMPDIR"] = env["TEMP"] = env["TMP"] = str(temp)  # its temporary folder, to look into
    return subprocess.run([sys.executable, "-c", LAUNCH.format(prelude=prelude), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=600)


@pytest.mark.slow
def test_the_smoke_test_passes_on_the_source_tree_and_leaves_nothing(tmp_path, data_folder):
    done = run_program(tmp_path, "--smoke-test")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Проверка программы ТСЖ Деск {VERSION}, Python {platform.python_version()}"
    for spec in PAGES:
        assert f"  готово: страница «{spec.title}»" in lines
    for step in ("демонстрационная база", "главное окно", "руководство пользователя", "акт (.docx)",
                 "реестр собственников (.xlsx)", "резервная копия", "проверка базы"):
        assert any(line.startswith(f"  готово: {step}") for line in lines), step
    assert "платформа offscreen" in done.stdout  # no display: Qt's offscreen platform
    assert lines[-1] == "Проверка пройдена."
    assert "Traceback" not in done.stderr and "Проверка не пройдена" not in done.stderr
    assert list((tmp_path / "temp").iterdir()) == []  # its temporary folder removed
    assert list(data_folder.iterdir()) == []  # the user's data folder never touched


@pytest.mark.slow
def test_a_template_missing_from_the_build_fails_the_act_step(tmp_path):
    prelude = ("import pathlib, tsj_desk.documents.templates_lookup as t; "
               "t.SHIPPED_TEMPLATES_DIR = pathlib.Path(r'%s')" % (tmp_path / "нет шаблонов"))
    done = run_program(tmp_path, "--smoke-test", prelude=prelude)
    assert done.returncode == 1
    assert "Проверка не пройдена — акт (.docx): " in done.stderr
    assert "act_damage.docx" in done.stderr or "шаблон" in done.stderr.lower()
    assert "  готово: страница «Справочники и настройки»" in done.stdout  # got that far
    assert "Проверка пройдена." not in done.stdout


@pytest.mark.slow
def test_a_module_missing_from_the_build_fails_its_step(tmp_path):
    # the register is written with openpyxl; a build without it cannot write .xlsx
    prelude = "sys.modules['openpyxl'] = None"
    done = run_program(tmp_path, "--smoke-test", prelude=prelude)
    assert done.returncode == 1
    assert "Проверка не пройдена — " in done.stderr
    assert "openpyxl" in done.stderr
    assert "Проверка пройдена." not in done.stdout


def test_version_is_the_one_in_pyproject(tmp_path):
    done = run_program(tmp_path, "--version")
    assert (done.returncode, done.stdout) == (0, f"ТСЖ Деск {VERSION}\n")


def test_help_about_shows_version_folders_and_versions(main_window, demo, data_folder, qtbot):
    seen = {}

    def read_and_close():
        dialog = QApplication.activeModalWidget()
        seen["title"] = dialog.windowTitle()
        seen["values"] = {name: label.text() for name, label in dialog.values.items()}
        dialog.copy()
        seen["clipboard"] = QApplication.clipboard().text()
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    main_window.actions_by_name["about"].trigger()  # Справка → О программе (F1 opens the guide)
    assert seen["title"] == "О программе"
    values = seen["values"]
    assert values["Версия"] == VERSION
    assert values["Папка данных"] == str(data_folder / "tsj-desk")
    assert values["База"] == str(demo)
    assert values["Qt"].startswith(qVersion())
    assert values["Python"].startswith(platform.python_version())
    assert f"База: {demo}" in seen["clipboard"] and f"Версия: {VERSION}" in seen["clipboard"]
