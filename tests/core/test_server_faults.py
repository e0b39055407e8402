"""A PostgreSQL server's failures reach the user as Russian messages made in one place
(tsj_desk/storage/server_faults.py), naming the server as host:port and never the
password: each SQLSTATE the server gives, each failure of connecting by its words, and
the real ones a test can provoke (a wrong password, an unknown base, a closed port)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit, urlunsplit

import peewee
import psycopg
import pytest
from psycopg import errors as pg

from tsj_desk.cli import main
from tsj_desk.domain.errors import DatabaseProblem
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.server_faults import server_message, server_problem

URL = "postgresql://бухгалтер:S3cret-pw@db.office:5433/tsj"
SECRET = "S3cret-pw"


def wrapped(error: Exception) -> peewee.OperationalError:
    """The driver's error as peewee raises it (the psycopg error its first argument)."""
    return peewee.OperationalError(error)


@pytest.mark.parametrize(("error", "words"), [
    (pg.DiskFull("could not extend file"), "На сервере базы закончилось место на диске: изменения не сохранены."),
    (pg.LockNotAvailable("canceling statement due to lock timeout"),
     "Эти данные сейчас изменяет другой компьютер, и они не освободились вовремя."),
    (pg.TooManyConnections("sorry, too many clients already"),
     "Сервер «db.office:5433» не принимает новые подключения: их открыто слишком много."),
    (pg.AdminShutdown("terminating connection due to administrator command"),
     "Сервер «db.office:5433» закрыл соединение (перезапуск сервера или сбой сети)."),
    (pg.InvalidCatalogName('database "tsj" does not exist'), "На сервере «db.office:5433» нет базы «tsj»."),
    (pg.InvalidPassword('password authentication failed for user "бухгалтер"'),
     "Сервер «db.office:5433» не принял пользователя «бухгалтер»: неверное имя пользователя или пароль."),
    (pg.InsufficientPrivilege("permission denied for table audit_entry"),
     "У пользователя «бухгалтер» нет прав на это действие в базе «tsj»: изменения не сохранены."),
])
def test_a_server_failure_by_its_sqlstate(error, words):
    message = server_message(wrapped(error), URL)
    assert message is not None and message.startswith(words)
    assert SECRET not in message


@pytest.mark.parametrize(("text", "words"), [
    ('connection failed: connection to server at "10.0.0.5", port 5433 failed: Connection refused\n'
     "\tIs the server running on that host and accepting TCP/IP connections?",
     "Сервер PostgreSQL «db.office:5433» не отвечает: подключиться не удалось."),
    ("failed to resolve host 'db.office': [Errno -2] Name or service not known",
     "Сервер «db.office» не найден: такого имени нет в сети."),
    ('connection failed: FATAL:  password authentication failed for user "бухгалтер"',
     "Сервер «db.office:5433» не принял пользователя «бухгалтер»"),
    ('connection failed: ВАЖНО:  пользователь "бухгалтер" не прошёл проверку подлинности (по паролю)',
     "Сервер «db.office:5433» не принял пользователя «бухгалтер»"),
    ('connection failed: FATAL:  database "tsj" does not exist', "На сервере «db.office:5433» нет базы «tsj»."),
    ('connection failed: ВАЖНО:  база данных "tsj" не существует', "На сервере «db.office:5433» нет базы «tsj»."),
    ('connection failed: FATAL:  role "бухгалтер" does not exist',
     "Сервер «db.office:5433» не принял пользователя «бухгалтер»"),
    ("connection failed: FATAL:  sorry, too many clients already",
     "Сервер «db.office:5433» не принимает новые подключения"),
    ("consuming input failed: server closed the connection unexpectedly",
     "Сервер «db.office:5433» закрыл соединение"),
])
def test_a_failure_to_connect_by_its_words(text, words):
    message = server_message(wrapped(psycopg.OperationalError(text)), URL)
    assert message is not None and message.startswith(words)
    assert SECRET not in message


def test_not_a_server_failure_is_left_alone():
    assert server_message(ValueError("connection refused"), URL) is None
    assert server_message(wrapped(pg.UniqueViolation("duplicate key value")), URL) is None
    assert server_problem(wrapped(pg.SyntaxError("syntax error at or near")), URL) is None


def with_netloc(url: str, **changes) -> str:
    parts = urlsplit(url)
    user = changes.get("user", parts.username)
    password = changes.get("password", parts.password)
    host = changes.get("host", parts.hostname)
    port = changes.get("port", parts.port)
    path = changes.get("path", parts.path)
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{host}:{port}", path=path))


def closed_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on: the one just freed
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_real_failures_of_connecting_are_told_without_the_password(pg_url, capsys):
    parts = urlsplit(pg_url)
    server = f"{parts.hostname}:{parts.port}"
    base = parts.path.lstrip("/")
    wrong = "Wrong-Pa55"
    cases = [
        (with_netloc(pg_url, password=wrong),
         f"Сервер «{server}» не принял пользователя «{parts.username}»: неверное имя пользователя "
         "или пароль. Проверьте их в настройках подключения."),
        (with_netloc(pg_url, password=wrong, path="/нет_такой_базы_tsj"),
         f"На сервере «{server}» нет базы «нет_такой_базы_tsj». Проверьте название базы в "
         "настройках подключения; новую базу создаёт администратор (tsj-desk server init)."),
        (with_netloc(pg_url, password=wrong, host="127.0.0.1", port=closed_port()), None),
    ]
    # the unknown base is asked with the right password: the server checks it first
    cases[1] = (with_netloc(pg_url, path="/нет_такой_базы_tsj"), cases[1][1])
    for url, expected in cases:
        with pytest.raises(DatabaseProblem) as caught:
            open_database(url)
        close_database()
        message = caught.value.message
        if expected is None:  # the closed port
            port = urlsplit(url).port
            expected = (f"Сервер PostgreSQL «127.0.0.1:{port}» не отвечает: подключиться не "
                        "удалось. Проверьте, что компьютер-сервер включён и PostgreSQL на нём "
                        "запущен, и верны ли адрес и порт.")
        assert message == expected
        password = urlsplit(url).password
        code = main(["request", "list", "--db", url])
        out, err = capsys.readouterr()
        assert (code, err.strip()) == (1, expected)
        assert f":{password}@" not in out + err and wrong not in out + err
    assert base  # the test's own base answered all along
