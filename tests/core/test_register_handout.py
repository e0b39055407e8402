"""Handing out the owner register (ЖК РФ ст. 45 ч. 3.1): a register file exists only
with its entry in the disclosure log. When the entry cannot be written — the base is
read-only — no file is left and the user is told why; the command line asks to whom
and for what the register is given instead of logging «не указано»."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import NOW, SAMPLES, TODAY
from tsj_desk.cli import main
from tsj_desk.domain.errors import DatabaseProblem
from tsj_desk.services.disclosure import export_register, list_disclosures
from tsj_desk.services.registry import import_registry
from tsj_desk.storage import database as database_module
from tsj_desk.storage.database import close_database, open_database


@pytest.fixture
def base(tmp_path) -> Path:
    """A base holding the simple register (10 ownerships), closed."""
    path = tmp_path / "тсж.sqlite3"
    open_database(path)
    try:
        import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)
    finally:
        close_database()
    return path


def logged(path: Path) -> tuple[list[tuple], list[tuple]]:
    """The disclosure log and the change log's hand-outs, read past the program."""
    with closing(sqlite3.connect(path)) as connection:
        return (connection.execute("SELECT requested_by, purpose FROM disclosure").fetchall(),
                connection.execute("SELECT entity FROM audit_entry WHERE action = 'disclose'").fetchall())


def left_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("тсж.sqlite3"))


def read_only_base(monkeypatch, path: Path) -> None:
    """Make the base read-only as SQLite finds it when the user may not write the file:
    it opens it for reading only. (The file mode alone binds no one running as root,
    as tests may, so the opening is made read-only as well.)"""
    os.chmod(path, 0o444)
    original = database_module.make_database

    def make_read_only(target, *, read_only=False):
        return original(target, read_only=True)

    monkeypatch.setattr(database_module, "make_database", make_read_only)


def test_no_register_without_its_entry_in_the_disclosure_log(base, tmp_path):
    out_folder = tmp_path / "выдачи"
    out_folder.mkdir()
    open_database(base, read_only=True)  # as the window opens it when another copy holds it
    try:
        with pytest.raises(DatabaseProblem) as caught:
            export_register(out_folder / "реестр.xlsx", as_of=TODAY, requested_by="Зорина А. И., кв. 2",
                            purpose="созыв общего собрания", now=NOW)
    finally:
        close_database()
    message = caught.value.message
    assert message.startswith("Реестр не выдан: выдачу не удалось записать в журнал выдач, "
                              "поэтому файл «реестр.xlsx» не сохранён.")
    assert "только для чтения" in message
    assert left_in(out_folder) == []
    assert logged(base) == ([], [])

    open_database(base)  # writable again: the same hand-out goes through and is logged
    try:
        result = export_register(out_folder / "реестр.xlsx", as_of=TODAY,
                                 requested_by="Зорина А. И., кв. 2", purpose="созыв общего собрания",
                                 now=NOW)
        assert [(d.requested_by, d.file_name) for d in list_disclosures()] == [
            ("Зорина А. И., кв. 2", "реестр.xlsx")]
    finally:
        close_database()
    assert result.rows == 10 and left_in(out_folder) == ["реестр.xlsx"]


def test_command_line_export_from_a_read_only_base_leaves_no_file(base, tmp_path, capsys, monkeypatch):
    read_only_base(monkeypatch, base)
    out = tmp_path / "реестр.docx"
    code = main(["export-register", "--db", str(base), "--out", str(out),
                 "--requested-by", "Зорина А. И., кв. 2", "--purpose", "созыв общего собрания"])
    printed, err = capsys.readouterr()
    assert code == 1
    assert printed == ""
    assert err.startswith("Реестр не выдан: выдачу не удалось записать в журнал выдач, "
                          "поэтому файл «реестр.docx» не сохранён.")
    assert "только для чтения" in err
    assert left_in(tmp_path) == ["data"]  # the suite's data folder, nothing else
    assert logged(base) == ([], [])

    monkeypatch.undo()  # writable again: the register goes out, logged as given
    os.chmod(base, 0o644)
    code = main(["export-register", "--db", str(base), "--out", str(out),
                 "--requested-by", "Зорина А. И., кв. 2", "--purpose", "созыв общего собрания"])
    printed, err = capsys.readouterr()
    assert code == 0, err
    assert printed.startswith(f"Реестр записан в {out}: 10 строк")
    assert logged(base) == ([("Зорина А. И., кв. 2", "созыв общего собрания")], [("register",)])


WHY = ": каждая выдача реестра записывается в журнал выдач."


@pytest.mark.parametrize(("given", "message"), [
    ([], "Укажите, кому выдаётся реестр (--requested-by), и цель выдачи (--purpose)" + WHY),
    (["--requested-by", "Зорина А. И., кв. 2"], "Укажите цель выдачи (--purpose)" + WHY),
    (["--purpose", "созыв общего собрания"], "Укажите, кому выдаётся реестр (--requested-by)" + WHY),
    (["--requested-by", "  ", "--purpose", "созыв общего собрания"],
     "Укажите, кому выдаётся реестр (--requested-by)" + WHY),
], ids=["neither", "no purpose", "no recipient", "a blank recipient"])
def test_command_line_asks_to_whom_and_what_for(base, tmp_path, capsys, given, message):
    out = tmp_path / "реестр.xlsx"
    code = main(["export-register", "--db", str(base), "--out", str(out), *given])
    printed, err = capsys.readouterr()
    assert (code, printed, err.strip()) == (2, "", message)
    assert not out.exists()
    assert logged(base) == ([], [])
