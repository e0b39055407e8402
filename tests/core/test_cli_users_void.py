"""tsj-desk user … and --user NAME, tsj-desk request void: the change log names the
user given, a voided request leaves `request list`'s count of open ones."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest

from tsj_desk.cli import main

from tests.base_rows import rows


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def log_users(db: Path) -> list[tuple[str, str]]:
    return rows(db, 'SELECT "user", "action" FROM audit_entry ORDER BY id')


def add_request(capsys, db: Path, *extra) -> str:
    code, out, err = run(capsys, "request", "add", "--db", db, "--category", "maintenance",
                         "--received", "2026-11-02 10:00", "--applicant", "Петрова Анна",
                         "--text", "Течёт кран", *extra)
    assert code == 0, err
    return out.strip()


def test_user_option_names_the_chosen_user_in_the_change_log(capsys, db_target):
    db = db_target
    add_request(capsys, db)  # creates the base; nobody yet: the login
    assert run(capsys, "user", "add", "--db", db, "--name", "Петрова Анна Сергеевна",
               "--role", "председатель правления")[0] == 0
    assert run(capsys, "user", "add", "--db", db, "--name", "Сидоров Олег", "--role", "диспетчер")[0] == 0
    reg_no = add_request(capsys, db, "--user", "сидоров олег")
    code, out, err = run(capsys, "request", "void", reg_no, "--db", db, "--reason", "дубль",
                         "--user", "Петрова Анна Сергеевна")
    assert (code, out.strip()) == (0, "Обращение № 2026-0002 аннулировано.")
    login = getpass.getuser()
    # her own entry is written once she exists, the only user then; the second user is
    # added by nobody chosen among two: the login
    assert log_users(db) == [(login, "register"), ("Петрова Анна Сергеевна", "add"), (login, "add"),
                             ("Сидоров Олег", "register"), ("Петрова Анна Сергеевна", "void")]
    listed = json.loads(run(capsys, "user", "list", "--db", db, "--json")[1])
    assert [(u["name"], u["role"], u["active"]) for u in listed] == [
        ("Петрова Анна Сергеевна", "председатель правления", True), ("Сидоров Олег", "диспетчер", True)]


def test_unknown_and_deactivated_users_are_refused(capsys, db_target):
    db = db_target
    add_request(capsys, db)
    run(capsys, "user", "add", "--db", db, "--name", "Петрова Анна")
    code, _, err = run(capsys, "user", "add", "--db", db, "--name", "Сидоров Олег")
    assert code == 0
    code, _, err = run(capsys, "request", "void", "2026-0001", "--db", db, "--reason", "дубль",
                       "--user", "Иванов")
    assert code == 2 and "Пользователя «Иванов» нет в базе" in err
    assert run(capsys, "user", "deactivate", "2", "--db", db, "--user", "Петрова Анна")[0] == 0
    code, _, err = run(capsys, "request", "void", "2026-0001", "--db", db, "--reason", "дубль",
                       "--user", "Сидоров Олег")
    assert code == 1 and "отключён" in err
    listed = json.loads(run(capsys, "request", "list", "--db", db, "--json")[1])
    assert [r["status"] for r in listed] == ["registered"]  # nothing voided


def test_request_void_needs_a_reason_and_is_not_repeated(capsys, db_target):
    db = db_target
    reg_no = add_request(capsys, db)
    code, _, err = run(capsys, "request", "void", reg_no, "--db", db, "--reason", "  ")
    assert code == 1 and "Укажите причину аннулирования" in err
    with pytest.raises(SystemExit) as stopped:  # argparse's own refusal
        main(["request", "void", reg_no, "--db", str(db)])
    assert stopped.value.code == 2 and "--reason" in capsys.readouterr().err
    assert run(capsys, "request", "void", reg_no, "--db", db, "--reason", "дубль")[0] == 0
    code, _, err = run(capsys, "request", "void", reg_no, "--db", db, "--reason", "дубль")
    assert code == 1 and "уже аннулировано" in err
    code, _, err = run(capsys, "request", "answer", reg_no, "--db", db, "--text", "Готово")
    assert code == 1 and "аннулировано" in err
    code, _, err = run(capsys, "request", "void", "2026-0042", "--db", db, "--reason", "дубль")
    assert code == 2 and "не найдено" in err
    row, = json.loads(run(capsys, "request", "list", "--db", db, "--json")[1])
    assert (row["status"], row["overdue"]) == ("voided", False)
