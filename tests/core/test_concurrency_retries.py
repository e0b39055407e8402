"""A deadlock or a serialization failure of the server is run again a few times before
the user is told, in words, that nothing was saved."""

from __future__ import annotations

import psycopg
import pytest

from tsj_desk.domain.errors import DatabaseProblem


@pytest.fixture
def server(pg_url):
    from tsj_desk.storage.database import close_database, open_database

    open_database(pg_url)
    yield
    close_database()


def failing(times: int, error: type[Exception]):
    """A service whose transaction the server aborts ``times`` times, then commits."""
    from tsj_desk.storage.database import database
    from tsj_desk.storage.models import Setting
    from tsj_desk.storage.versions import retried

    calls = []

    @retried
    def save() -> str:
        calls.append(len(calls) + 1)
        with database.atomic():
            Setting.put("retry.test", str(len(calls)))
            if len(calls) <= times:
                raise error("aborted by the server")
        return "saved"

    return save, calls


@pytest.mark.parametrize("error", [psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure])
def test_an_aborted_transaction_is_run_again_and_its_last_run_is_what_stays(server, error):
    from tsj_desk.storage.models import Setting

    save, calls = failing(2, error)
    assert save() == "saved"
    assert calls == [1, 2, 3]
    assert Setting.get(Setting.key == "retry.test").value == "3"  # the aborted runs left nothing


def test_after_four_aborts_the_user_is_told_nothing_was_saved(server):
    from tsj_desk.storage.models import Setting

    save, calls = failing(10, psycopg.errors.DeadlockDetected)
    with pytest.raises(DatabaseProblem, match="^Сервер базы несколько раз подряд отклонил действие: в это же "
                                              "время те же записи изменяли с другого компьютера. Изменения "
                                              "не сохранены — повторите действие.$"):
        save()
    assert calls == [1, 2, 3, 4]
    assert Setting.get_or_none(Setting.key == "retry.test") is None


def test_another_failure_is_not_run_again(server):
    save, calls = failing(1, psycopg.errors.UniqueViolation)
    with pytest.raises(psycopg.errors.UniqueViolation):
        save()
    assert calls == [1]
