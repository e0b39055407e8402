"""What each PC does in the concurrency tests: a function run in a process of its own
(``multiprocessing``'s spawn, as another PC would: its own interpreter and connection).
Each opens the base, names its office user, waits at the barrier with the others and
then acts; what came of it goes back through the queue: ("ok", value) or the error's
type name and message."""

from __future__ import annotations

import multiprocessing
from datetime import datetime

SPAWN = multiprocessing.get_context("spawn")
WAIT = 60  # seconds: no test waits longer for its processes


def _open(target: str, user: str | None) -> None:
    from tsj_desk.services.users import choose_user
    from tsj_desk.storage.database import open_database

    open_database(target)
    if user:
        choose_user(user, check_password=False)


def _report(queue, name: str, action) -> None:
    try:
        queue.put((name, "ok", action()))
    except Exception as exc:  # what the user would be told, by its type
        queue.put((name, type(exc).__name__, str(exc)))
    finally:
        from tsj_desk.storage.database import close_database

        close_database()


def answer(target, user, reg_no, version, text, now, barrier, queue):
    from tsj_desk.services.journal import AnswerInput, answer_request

    _open(target, user)
    barrier.wait(WAIT)
    _report(queue, user, lambda: answer_request(
        reg_no, AnswerInput(text=text, on=now.date()), now=now, version=version))


def to_work(target, user, reg_no, version, now, barrier, queue):
    from tsj_desk.domain.journal import Status
    from tsj_desk.services.journal import set_status

    _open(target, user)
    barrier.wait(WAIT)
    _report(queue, user, lambda: set_status(reg_no, Status.IN_PROGRESS, now=now, version=version))


def register(target, user, count, now, barrier, queue):
    from tsj_desk.services.journal import RequestInput, register_request

    _open(target, user)
    barrier.wait(WAIT)

    def many():
        return [register_request(RequestInput(
            category="other", received_at=datetime(2026, 11, 20, 9, 0), applicant=f"Житель {user}",
            text=f"Обращение {n + 1} от {user}"), now=now) for n in range(count)]

    _report(queue, user, many)


def import_register(target, user, path, now, barrier, queue):
    from tsj_desk.services.registry import import_registry

    _open(target, user)
    barrier.wait(WAIT)
    _report(queue, user, lambda: import_registry(path, now=now, backup=False).imported)


def save_readings(target, user, period, entries, versions, now, barrier, queue):
    from tsj_desk.services.readings import save_entries

    _open(target, user)
    barrier.wait(WAIT)
    _report(queue, user, lambda: save_entries(period, entries, today=now.date(), now=now,
                                              versions=versions))


def run_all(jobs: list[tuple], *, timeout: float = 120) -> dict[str, tuple[str, object]]:
    """Start every ``(function, args…)`` at once (they share a barrier and a queue,
    appended to their arguments); their results by user name. Each process must end in
    ``timeout`` seconds: a process left waiting (a deadlock) fails the test."""
    barrier = SPAWN.Barrier(len(jobs))
    queue = SPAWN.Queue()
    processes = [SPAWN.Process(target=fn, args=(*args, barrier, queue)) for fn, *args in jobs]
    for process in processes:
        process.start()
    results = {}
    try:
        for _ in processes:
            name, kind, value = queue.get(timeout=timeout)
            results[name] = (kind, value)
    finally:
        for process in processes:
            process.join(10)
            if process.is_alive():
                process.kill()
    assert all(p.exitcode == 0 for p in processes), [p.exitcode for p in processes]
    return results



def sell(target, user, premise_id, seller_ids, buyer, on, now, barrier, queue):
    from fractions import Fraction

    from tsj_desk.services.registry import OwnerInput, transfer_ownership

    _open(target, user)
    barrier.wait(WAIT)
    _report(queue, user, lambda: transfer_ownership(premise_id, seller_ids, [OwnerInput(buyer, Fraction(1))],
                                                    on=on, now=now))
