"""A lost connection to the server (ended from the server's side, as a restart or an
administrator does, by ``pg_terminate_backend`` from an admin connection): the next
action connects again and succeeds, the user is told «Нет связи с сервером,
повторяем…», and an action cut in its middle leaves nothing half-written."""

from __future__ import annotations

from datetime import datetime

import psycopg
import pytest

from tests.conftest import NOW
from tests.pg_server import admin_url
from tsj_desk.services import server_connection
from tsj_desk.services.journal import RequestInput, register_request
from tsj_desk.storage import models, pg_reconnect
from tsj_desk.storage.database import close_database, open_database


def end_own_connection() -> None:
    """End this process's connection from the server's side, from an admin connection."""
    pid = models.database.obj.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0] is True


def request_of(text: str) -> RequestInput:
    return RequestInput(category="public_info", received_at=datetime(2026, 11, 24, 10, 0),
                        applicant="Иванов Иван Иванович", text=text)


@pytest.fixture
def server_base(pg_url):
    notices: list[str | None] = []
    server_connection.on_notice(notices.append)
    open_database(pg_url)
    try:
        yield notices
    finally:
        server_connection.stop_notices(notices.append)
        close_database()


def test_an_action_after_the_connection_was_ended_succeeds_on_a_new_one(server_base):
    notices = server_base
    first = register_request(request_of("Течёт кран в подвале"), now=NOW)
    end_own_connection()
    second = register_request(request_of("Не горит свет на 3-м этаже"), now=NOW)  # BEGIN meets the loss
    assert [first, second] == ["2026-0001", "2026-0002"]
    assert notices == ["Нет связи с сервером, повторяем…", None]

    end_own_connection()
    texts = [r.text for r in models.Request.select().order_by(models.Request.reg_no)]  # a read
    assert texts == ["Течёт кран в подвале", "Не горит свет на 3-м этаже"]
    assert notices.count("Нет связи с сервером, повторяем…") == 2


def test_an_action_cut_in_its_middle_writes_nothing_and_says_so(server_base):
    with pytest.raises(server_connection.ConnectionLost) as lost:
        with models.database.atomic():
            org = models.Organization.create(name="ТСЖ «Берёзка»")
            models.House.create(organization=org, address="ул. Лесная, д. 5")
            end_own_connection()
            models.House.create(organization=org, address="ул. Лесная, д. 7")
    assert lost.value.done is False
    assert "действие не выполнено" in lost.value.message and "ничего не изменилось" in lost.value.message
    # nothing of it on the server, and the next action works on a new connection
    assert models.Organization.select().count() == 0 and models.House.select().count() == 0
    assert register_request(request_of("Течёт кран в подвале"), now=NOW) == "2026-0001"


def test_no_statement_of_a_broken_transaction_runs_on_the_new_connection(server_base):
    """Code that swallowed the loss and went on inside the transaction writes nothing."""
    with pytest.raises(server_connection.ConnectionLost):
        with models.database.atomic():
            models.Organization.create(name="ТСЖ «Первое»")
            end_own_connection()
            try:
                models.Organization.create(name="ТСЖ «Второе»")
            except server_connection.ConnectionLost:
                pass
            models.Organization.create(name="ТСЖ «Третье»")  # still refused
    assert models.Organization.select().count() == 0


def test_run_whole_repeats_the_action_the_server_rolled_back(server_base):
    tries = []

    def action():
        with models.database.atomic():
            org = models.Organization.create(name="ТСЖ «Берёзка»")
            models.House.create(organization=org, address="ул. Лесная, д. 5")
            tries.append(1)
            if len(tries) == 1:
                end_own_connection()
            models.House.create(organization=org, address="ул. Лесная, д. 7")
        return org.id

    server_connection.run_whole(action)
    assert len(tries) == 2
    assert models.Organization.select().count() == 1
    assert sorted(h.address for h in models.House.select()) == ["ул. Лесная, д. 5", "ул. Лесная, д. 7"]


def test_a_server_that_stays_away_is_told_in_words_after_a_few_attempts(server_base, monkeypatch):
    notices = server_base
    monkeypatch.setattr(pg_reconnect, "RETRY_DELAYS", (0.0, 0.1, 0.1))
    db = models.database.obj
    register_request(request_of("Течёт кран в подвале"), now=NOW)
    monkeypatch.setitem(db.connect_params, "port", 1)  # nothing listens there: the server is «away»
    end_own_connection()
    with pytest.raises(server_connection.ConnectionLost) as away:
        register_request(request_of("Не горит свет"), now=NOW)
    assert away.value.message.startswith("Нет связи с сервером базы «")
    assert "3 попыток подключиться не удались. Действие не выполнено." in away.value.message
    assert "postgres:postgres" not in away.value.message
    assert notices.count("Нет связи с сервером, повторяем…") == 3
    monkeypatch.undo()  # the server is back
    monkeypatch.setattr(pg_reconnect, "RETRY_DELAYS", (0.0,))
    assert register_request(request_of("Не горит свет"), now=NOW) == "2026-0002"


def test_a_password_with_any_characters_opens_the_base_and_its_copy(pg_url, tmp_path):
    """The start dialog writes the password %-encoded into the URL (Cyrillic, «@», «:», «/»):
    the server gets the password itself, for the window and for pg_dump alike."""
    import uuid
    from urllib.parse import quote, urlsplit, urlunsplit

    from tsj_desk.services.server_backups import make_server_backup

    role, password = f"tsj_test_pw_{uuid.uuid4().hex[:8]}", "Зима@2026:/ы%"
    base = urlsplit(pg_url).path.lstrip("/")
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        admin.execute(f'ALTER DATABASE "{base}" OWNER TO {role}')
    try:
        parts = urlsplit(pg_url)
        url = urlunsplit(parts._replace(netloc=f"{role}:{quote(password, safe='')}@{parts.hostname}:{parts.port}"))
        open_database(url)
        try:
            assert models.database.obj.execute_sql("SELECT current_user").fetchone()[0] == role
            copy = make_server_backup("manual", now=NOW, folder=tmp_path)
            assert copy.path.is_file() and copy.size > 0
        finally:
            close_database()
    finally:
        with psycopg.connect(admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')
            admin.execute(f"DROP ROLE IF EXISTS {role}")


class Cable:
    """A network cable between this process and the server: a TCP relay on a port of its
    own that can be pulled out (every connection through it cut, new ones refused) and
    plugged in again."""

    def __init__(self, server_port: int):
        import socket

        self.server_port = server_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.sockets: list = []
        self.listener = None
        self.plug_in()

    def plug_in(self) -> None:
        import socket
        import threading

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.server_port))
            self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source, target) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            try:
                end.close()
            except OSError:
                pass

    def pull_out(self) -> None:
        import socket

        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept waiting on it
        except OSError:
            pass
        self.listener.close()
        for end in self.sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
                end.close()
            except OSError:
                pass
        self.sockets = []


@pytest.fixture
def cable(pg_url):
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(pg_url)
    relay = Cable(parts.port or 5432)
    url = urlunsplit(parts._replace(netloc=f"{parts.username}:{parts.password}@127.0.0.1:{relay.port}"))
    notices: list[str | None] = []
    server_connection.on_notice(notices.append)
    open_database(url)
    try:
        yield relay, notices
    finally:
        server_connection.stop_notices(notices.append)
        close_database()
        relay.pull_out()


def test_the_network_gone_for_a_second_the_next_action_waits_for_it(cable):
    import threading

    relay, notices = cable
    register_request(request_of("Течёт кран в подвале"), now=NOW)
    relay.pull_out()
    threading.Timer(1.0, relay.plug_in).start()  # the network comes back a second later
    assert register_request(request_of("Не горит свет"), now=NOW) == "2026-0002"
    assert notices.count("Нет связи с сервером, повторяем…") >= 2  # the first attempts failed
    assert notices[-1] is None
    assert [r.reg_no for r in models.Request.select().order_by(models.Request.reg_no)] == ["2026-0001",
                                                                                          "2026-0002"]


def test_the_network_gone_in_the_middle_of_an_action_leaves_nothing_of_it(cable):
    relay, _ = cable
    with pytest.raises(server_connection.ConnectionLost) as lost:
        with models.database.atomic():
            models.Organization.create(name="ТСЖ «Берёзка»")
            relay.pull_out()
            relay.plug_in()
            models.Organization.create(name="ТСЖ «Второе»")
    assert lost.value.done is False
    assert models.Organization.select().count() == 0  # the server rolled the first insert back
