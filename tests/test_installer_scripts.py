"""The setup scripts as text: what they promise the office without a Windows machine to
run them on (the Windows setup is compiled by CI with makensis, never run there)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NSI = (ROOT / "installer" / "windows" / "tsj-desk.nsi").read_text(encoding="utf-8")


def section(name: str) -> str:
    found = re.search(rf'(?ms)^Section "{re.escape(name)}".*?^SectionEnd', NSI)
    assert found, name
    return found.group(0)


def commands(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.strip().startswith(";")]


def test_the_setup_asks_no_administrator_rights_and_writes_only_the_users_registry():
    lines = commands(NSI)
    assert "RequestExecutionLevel user" in lines
    assert not any(line.startswith("RequestExecutionLevel") and line != "RequestExecutionLevel user"
                   for line in lines)
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\TSJ Desk"' in lines
    registry = [line for line in lines if line.startswith(("WriteReg", "DeleteReg"))]
    assert registry and all(" HKCU " in line for line in registry)


def test_the_uninstaller_removes_only_the_programs_own_files():
    lines = commands(section("Uninstall"))
    recursive = [line for line in lines if line.startswith("RMDir /r")]
    assert recursive == ['RMDir /r "$INSTDIR\\_internal"']
    assert 'RMDir "$INSTDIR"' in lines  # the folder itself only when it is empty
    deleted = [line for line in lines if line.startswith(("Delete ", "RMDir"))]
    assert not any("LOCALAPPDATA\\tsj-desk" in line or "DATADIR" in line or "$DOCUMENTS" in line
                   for line in deleted)
    # and it says where the data stayed, on its last page
    assert '!define DATADIR "$LOCALAPPDATA\\tsj-desk"' in NSI
    finish = NSI[NSI.index("!insertmacro MUI_UNPAGE_INSTFILES"):NSI.index("!insertmacro MUI_UNPAGE_FINISH")]
    assert "НЕ удалены" in finish and "${DATADIR}" in finish


def test_an_upgrade_replaces_program_files_in_the_same_folder_only():
    lines = commands(section("${PRODUCT}"))
    assert 'InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"' in NSI  # the older folder
    recursive = [line for line in lines if line.startswith("RMDir /r")]
    assert recursive == ['RMDir /r "$INSTDIR\\_internal"']
    guard = lines.index(recursive[0]) - 1
    assert lines[guard] == 'IfFileExists "$INSTDIR\\${EXE}" 0 +2'  # only over our own program
    shortcuts = [line for line in lines if line.startswith("CreateShortCut")]
    assert [s.split('"')[1] for s in shortcuts] == ["$SMPROGRAMS\\${PRODUCT}.lnk",
                                                    "$DESKTOP\\${PRODUCT}.lnk"]


def test_the_program_has_a_window_entry_point_and_one_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["tsj-desk"] == "ui.launcher:main"
    assert project["gui-scripts"]["tsj-desk-window"] == "ui.launcher:main"
    from tsj_desk.version import version

    assert version() == project["version"]
