"""The exit codes the README promises, one test for each of its meanings:

0 done; 1 the data stopped the command (nothing changed), or the base is held by
another copy of the program, or ``check`` found damage; 2 an unreadable file, an
unknown name or bad arguments (nothing changed).

The command runs in this process (``tsj_desk.cli.main``) under the suite's fixed
clock (24.11.2026 12:00), so what is "in the future" does not depend on the hour.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tsj_desk.cli import main

from tests.base_rows import rows

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def requests_in(db: Path) -> list[str]:
    return [reg_no for (reg_no,) in rows(db, "SELECT reg_no FROM request ORDER BY id")]


def add(capsys, db: Path, *extra: str) -> tuple[int, str, str]:
    options = {"--category": "maintenance", "--received": "2026-11-24 10:00",
               "--applicant": "Петрова Анна", "--text": "Течёт кран в подвале"}
    for name, value in zip(extra[::2], extra[1::2]):
        options[name] = value
    return run(capsys, "request", "add", "--db", db, *[x for pair in options.items() for x in pair])


@pytest.fixture
def base(db_target, capsys) -> Path:
    """A base with one request, 2026-0001, registered through the command line."""
    db = db_target
    code, out, err = add(capsys, db)
    assert (code, out.strip()) == (0, "2026-0001"), err
    return db


# ------------------------------------------------------------------------ 0


def test_0_done(base, capsys):
    code, out, _ = run(capsys, "request", "answer", "2026-0001", "--db", base, "--text", "Кран заменён")
    assert code == 0 and out.strip() == "Ответ на обращение № 2026-0001 записан."
    code, out, _ = run(capsys, "check", "--db", base)
    assert code == 0


# ------------------------------------------------------------------------ 1


def test_1_the_data_stopped_the_command_and_nothing_changed(base, capsys):
    # received six minutes after the clock's 12:00: the date has not come yet
    code, _, err = add(capsys, base, "--received", "2026-11-24 12:06")
    assert code == 1 and "ещё не наступил" in err
    # an answer dated tomorrow
    code, _, err = run(capsys, "request", "answer", "2026-0001", "--db", base, "--text", "Готово",
                       "--date", "2026-11-25")
    assert code == 1 and "Traceback" not in err
    assert requests_in(base) == ["2026-0001"]
    assert rows(base, "SELECT answered_on, status FROM request") == [(None, "registered")]


HOLDER = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from tsj_desk.services.session import open_session
    open_session(sys.argv[1], lock=True, now=datetime(2026, 11, 24, 12, 0))
    print("locked", flush=True)
    time.sleep(120)
""")


@pytest.mark.sqlite_only  # the lock file of a SQLite base
def test_1_the_base_is_held_by_another_copy(base, capsys):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(base)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        code, _, err = add(capsys, base, "--applicant", "Сидоров Илья")
        assert code == 1 and "уже открыта" in err
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert requests_in(base) == ["2026-0001"]


@pytest.mark.sqlite_only  # damage of the SQLite file
def test_1_check_found_damage(base, capsys):
    data = bytearray(base.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten
    base.write_bytes(bytes(data))
    code, out, _ = run(capsys, "check", "--db", base)
    assert code == 1 and "поврежд" in out


@pytest.mark.sqlite_only  # SQLite's max_page_count
def test_1_the_disk_is_full(base, capsys, monkeypatch):
    # a real SQLITE_FULL: the base may grow by no page
    from tsj_desk.storage import database as database_module

    pages = sqlite3.connect(base).execute("PRAGMA page_count").fetchone()[0]
    monkeypatch.setitem(database_module.SQLITE_PRAGMAS, "max_page_count", pages)
    code, _, err = add(capsys, base, "--text", "Течёт кран " * 2000)
    assert code == 1 and "не осталось места" in err and "Traceback" not in err
    monkeypatch.delitem(database_module.SQLITE_PRAGMAS, "max_page_count")
    assert requests_in(base) == ["2026-0001"]


@pytest.mark.sqlite_only  # copies of the SQLite file
def test_1_where_it_would_write(base, tmp_path, capsys, monkeypatch):
    from tsj_desk.storage import location

    code, out, _ = run(capsys, "backup", "--db", base, "--to", tmp_path / "копии")
    copy = Path(out.strip())
    assert code == 0 and copy.is_file()
    # a copy of another base, without --other-base
    other = tmp_path / "другая.sqlite3"
    assert add(capsys, other)[0] == 0
    code, _, err = run(capsys, "restore", copy, "--db", other)
    assert code == 1 and "--other-base" in err
    # a base on a network folder
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(location, "_linux_mounts", lambda: f"//server/office {share} cifs rw 0 0\n")
    code, _, err = run(capsys, "restore", copy, "--db", share / "тсж.sqlite3")
    assert code == 1 and "сетев" in err
    assert not (share / "тсж.sqlite3").exists()


# ------------------------------------------------------------------------ 2


@pytest.mark.parametrize("content", [None, b"", "не таблица".encode()])
def test_2_an_unreadable_or_missing_file(tmp_path, capsys, content):
    source = tmp_path / "показания.xlsx"
    if content is not None:
        source.write_bytes(content)
    db = tmp_path / "тсж.sqlite3"
    code, _, err = run(capsys, "import-readings", source, "--db", db)
    assert code == 2 and "показания.xlsx" in err and "Traceback" not in err
    assert not db.exists()


def test_2_check_of_a_base_that_is_not_there(tmp_path, capsys):
    code, _, err = run(capsys, "check", "--db", tmp_path / "нет.sqlite3")
    assert code == 2 and "не найдена" in err


@pytest.mark.parametrize("args, words", [
    (("request", "add", "--channel", "pigeon"), "канал"),
    (("request", "add", "--category", "plumbing"), "plumbing"),
    (("request", "answer", "2026-0999", "--text", "Готово"), "2026-0999"),
    (("act", "flood", "--request", "2026-0001", "--out", "акт.docx"), "flood"),
    (("deadline", "plumbing", "2026-11-24"), "plumbing"),
    (("request", "add", "--user", "Незнакомец"), "Незнакомец"),
    (("meter", "add", "--premise", "1", "--resource", "ХВС", "--serial", "101"), "Помещение № 1 не найдено"),
    (("meter", "add", "--common", "--resource", "вода", "--serial", "102"), "вода"),
])
def test_2_an_unknown_name(base, capsys, tmp_path, args, words):
    if args[:2] == ("request", "add") and args[2] == "--user":
        code, _, err = run(capsys, "request", "add", "--db", base, "--category", "maintenance",
                           "--received", "2026-11-24 10:00", "--applicant", "Петрова Анна",
                           "--text", "Течёт кран", *args[2:])
    elif args[:2] == ("request", "add"):
        code, _, err = add(capsys, base, *args[2:])
    elif args[0] == "deadline":
        code, _, err = run(capsys, *args)
    else:
        code, _, err = run(capsys, *args[:2], "--db", base, *args[2:])
    assert code == 2 and words in err and "Traceback" not in err
    assert requests_in(base) == ["2026-0001"]
    assert not (tmp_path / "акт.docx").exists()


@pytest.mark.parametrize("args, words", [
    (("request", "add", "--db", "x.sqlite3"), "Ошибка в параметрах"),  # required options missing
    (("request", "answer", "2026-0001", "--db", "x.sqlite3", "--text", "Да", "--date", "24/11/2026"),
     "ГГГГ-ММ-ДД"),
    (("export-readings", "--db", "x.sqlite3", "--period", "ноябрь", "--out", "r.xlsx"), "ГГГГ-ММ"),
    (("frobnicate",), "Ошибка в параметрах"),
])
def test_2_bad_arguments(capsys, args, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        code = main(list(args))
        raise SystemExit(code)
    _, err = capsys.readouterr()
    assert exited.value.code == 2 and words in err
    assert not (tmp_path / "x.sqlite3").exists()
