"""Paths as an office computer has them: Cyrillic letters and spaces («C:\\Users\\Ольга
Петровна\\…»). The data folder made under such a path takes the base, a command and a
backup; acts and exports are offered under «Документы/ТСЖ Деск»."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tsj_desk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The command line in its own process, as a user starts it."""
    return subprocess.run([sys.executable, "-m", "tsj_desk", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_a_data_folder_under_cyrillic_letters_and_spaces_takes_a_base_and_its_backup(tmp_path):
    home = tmp_path / "Ольга Петровна" / "Local Settings"
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    code = ("from tsj_desk.services.session import data_dir, default_database_path; "
            "print(data_dir()); print(default_database_path())")
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                           text=True, encoding="utf-8", check=True).stdout.splitlines()
    folder = home / "tsj-desk"
    assert shown == [str(folder), str(folder / "tsj-desk.sqlite3")]
    assert folder.is_dir()
    base = folder / "tsj-desk.sqlite3"

    added = tsj_desk("request", "add", "--db", str(base), "--category", "maintenance",
                     "--received", "2026-01-15 10:00", "--applicant", "Щербакова Анна Юрьевна",
                     "--text", "Не горит свет в подъезде № 2", env=env)
    assert added.returncode == 0, added.stderr
    assert base.is_file()

    copies = folder / "Резервные копии ТСЖ"
    backup = tsj_desk("backup", "--db", str(base), "--to", str(copies), env=env)
    assert backup.returncode == 0, backup.stderr
    made = Path(backup.stdout.strip())
    assert made.parent == copies and made.is_file() and made.stat().st_size > 0

    listed = tsj_desk("request", "list", "--db", str(base), "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    import json

    assert [(r["reg_no"], r["received"]) for r in json.loads(listed.stdout)] == [
        ("2026-0001", "2026-01-15T10:00")]

    checked = tsj_desk("check", "--db", str(made), env=env)  # the copy is a whole base
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Traceback" not in added.stderr + backup.stderr + listed.stderr + checked.stderr


def test_acts_and_exports_are_offered_under_documents_tsj_desk(tmp_path, monkeypatch):
    from tsj_desk.services.folders import documents_folder

    home = tmp_path / "Ольга Петровна"
    config = tmp_path / "настройки"
    config.mkdir()
    # a Russian desktop names the Documents folder in its own language
    (config / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Документы"\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    home.mkdir()
    folder = documents_folder()
    assert folder == home / "Документы" / "ТСЖ Деск"
    assert folder.is_dir()
    assert documents_folder() == folder  # asked again: the same folder, nothing else made
    assert sorted(p.name for p in (home / "Документы").iterdir()) == ["ТСЖ Деск"]
