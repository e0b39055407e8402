"""Several PCs on one base at once: the journal loses no update and no number.

Each PC is a process of its own (``concurrency_workers``). The races run on a real
PostgreSQL server (``pg_url``, skipped with the reason without one): on SQLite the
program's one-writer lock keeps a second PC from writing at all. The refusal of a card
read before another PC's save is tested on both engines.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.core import concurrency_workers as pcs

USERS = [("Иванова", "бухгалтер"), ("Петров", "председатель правления"), ("Сидорова", "диспетчер"),
         ("Козлов", "управляющий"), ("Орлова", "секретарь")]
ROLES = dict(USERS)
RECEIVED = datetime(2026, 11, 20, 9, 0)
SAVED_AT = datetime(2026, 11, 24, 10, 42)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    """The base of the office: a file on one PC, or a server's base."""
    if request.param == "sqlite":
        return str(tmp_path / "office.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def pg_target(pg_url):
    return pg_url


def office(target: str, *, requests: int = 1) -> list[str]:
    """A base with the office's users and ``requests`` registered requests; their numbers."""
    from tsj_desk.services.journal import RequestInput, register_request
    from tsj_desk.services.users import UserInput, add_user
    from tsj_desk.storage.database import close_database, open_database

    open_database(target)
    try:
        for name, role in USERS:
            add_user(UserInput(name, role), now=RECEIVED)
        return [register_request(RequestInput(category="other", received_at=RECEIVED,
                                              applicant="Смирнова Анна", text=f"Течёт кран, № {n}"),
                                 now=RECEIVED) for n in range(requests)]
    finally:
        close_database()


def card(target: str, reg_no: str):
    from tsj_desk.services.journal import request_card
    from tsj_desk.storage.database import close_database, open_database

    open_database(target)
    try:
        return request_card(reg_no)
    finally:
        close_database()


def test_five_pcs_answering_one_request_one_answer_is_kept_the_others_refused(pg_target):
    target = pg_target
    [reg_no] = office(target)
    read = card(target, reg_no)  # every PC opened the card before anyone saved
    results = pcs.run_all([(pcs.answer, target, name, reg_no, read.version, f"Ответ от {name}", SAVED_AT)
                           for name, _ in USERS])

    winners = [name for name, (kind, _) in results.items() if kind == "ok"]
    assert len(winners) == 1
    [winner] = winners
    refusal = (f"Обращение {reg_no} изменено на другом компьютере "
               f"({winner}, {ROLES[winner]}, 10:42) — обновите карточку")
    assert {name: result for name, result in results.items() if name != winner} == {
        name: ("ChangedElsewhere", refusal) for name, _ in USERS if name != winner}
    after = card(target, reg_no)  # the card reloaded: the winner's answer, once
    assert after.answer_text == f"Ответ от {winner}"
    assert [action for _, _, action, _ in after.history].count("Ответ дан") == 1
    assert after.version == read.version + 1


def test_an_answer_and_to_work_from_two_pcs_one_is_refused_no_answer_lost(pg_target):
    from tsj_desk.domain.journal import Status

    target = pg_target
    [reg_no] = office(target)
    read = card(target, reg_no)
    results = pcs.run_all([
        (pcs.answer, target, "Иванова", reg_no, read.version, "Кран заменён", SAVED_AT),
        (pcs.to_work, target, "Сидорова", reg_no, read.version, SAVED_AT),
    ])
    kinds = {name: kind for name, (kind, _) in results.items()}
    assert sorted(kinds.values()) == ["ChangedElsewhere", "ok"]
    after = card(target, reg_no)
    if kinds["Иванова"] == "ok":  # answered: the answer stays, «В работу» was refused
        assert (after.status, after.answer_text) == (Status.ANSWERED, "Кран заменён")
        assert results["Сидорова"][1].startswith(f"Обращение {reg_no} изменено на другом компьютере "
                                                 "(Иванова, бухгалтер, 10:42)")
    else:  # taken to work first: the answer was refused, not written under «В работе»
        assert (after.status, after.answer_text) == (Status.IN_PROGRESS, "")
        assert results["Иванова"][1].startswith(f"Обращение {reg_no} изменено на другом компьютере "
                                                "(Сидорова, диспетчер, 10:42)")


def test_a_card_read_before_another_pcs_save_is_refused_and_shows_the_newer_data(target):
    """Two connections, one after the other: the card read at version 1 cannot void a
    request the other PC answered meanwhile; reloaded, the card shows the answer."""
    from tsj_desk.domain.errors import ChangedElsewhere
    from tsj_desk.domain.journal import Status
    from tsj_desk.services.requests_void import void_request
    from tsj_desk.services.users import choose_user
    from tsj_desk.storage.database import close_database, open_database

    [reg_no] = office(target)
    read = card(target, reg_no)
    results = pcs.run_all([(pcs.answer, target, "Петров", reg_no, read.version, "Ответ дан устно",
                            SAVED_AT)])
    assert results == {"Петров": ("ok", None)}

    open_database(target)
    try:
        choose_user("Орлова", check_password=False)
        with pytest.raises(ChangedElsewhere) as refused:
            void_request(reg_no, "зарегистрировано по ошибке", now=datetime(2026, 11, 24, 11, 5),
                         version=read.version)
    finally:
        close_database()
    assert str(refused.value) == (f"Обращение {reg_no} изменено на другом компьютере "
                                  "(Петров, председатель правления, 10:42) — обновите карточку")
    after = card(target, reg_no)
    assert (after.status, after.answer_text, after.void_reason) == (Status.ANSWERED, "Ответ дан устно", "")


def test_five_pcs_registering_forty_requests_each_get_two_hundred_gapless_numbers(pg_target):
    from tsj_desk.storage.database import close_database, open_database
    from tsj_desk.storage.models import Request

    office(pg_target, requests=0)
    results = pcs.run_all([(pcs.register, pg_target, name, 40, SAVED_AT) for name, _ in USERS])

    assert {kind for kind, _ in results.values()} == {"ok"}
    numbers = [number for _, given in results.values() for number in given]
    assert sorted(numbers) == [f"2026-{n:04d}" for n in range(1, 201)]
    for _, given in results.values():  # each PC's own numbers rise
        assert given == sorted(given)
    open_database(pg_target)
    try:
        assert sorted(r.reg_no for r in Request.select(Request.reg_no)) == sorted(numbers)
    finally:
        close_database()


def test_five_command_lines_answering_one_request_one_answer_the_others_exit_1(pg_target):
    """«tsj-desk request answer --db URL» on five PCs at once: one writes its answer, the
    four others are refused with exit 1 — told that another PC changed the request (read
    before its answer was written) or that it is answered already (read after)."""
    import re
    import subprocess
    import sys

    [reg_no] = office(pg_target)
    runs = {name: subprocess.Popen(
        [sys.executable, "-m", "tsj_desk", "request", "answer", reg_no, "--db", pg_target,
         "--text", f"Ответ от {name}", "--user", name],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name, _ in USERS}
    done = {name: (run.wait(120), *run.communicate()) for name, run in runs.items()}

    winners = [name for name, (code, _, _) in done.items() if code == 0]
    assert len(winners) == 1
    [winner] = winners
    assert done[winner][1] == f"Ответ на обращение № {reg_no} записан.\n"
    refused = re.compile(
        rf"(Обращение {reg_no} изменено на другом компьютере \({winner}, {ROLES[winner]}, \d\d:\d\d\) — "
        rf"обновите карточку|На обращение № {reg_no} ответ уже дан\.)\n")
    for name, (code, out, err) in done.items():
        if name != winner:
            assert (code, out) == (1, "") and refused.fullmatch(err), (name, code, err)
    after = card(pg_target, reg_no)
    assert after.answer_text == f"Ответ от {winner}"
    assert [action for _, _, action, _ in after.history].count("Ответ дан") == 1
