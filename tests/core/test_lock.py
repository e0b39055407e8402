"""The one-writer lock: simultaneous starts get exactly one writer; a lock is judged by
whether its holder still lives (its process and that process's start, its heartbeat, or
for a lock that cannot be read, its age); every problem of the path is a Russian message;
a base is never put on a network share or reached by a URL of a file share."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import socket
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW
from tsj_desk.cli import main
from tsj_desk.domain.errors import DatabaseLocked, DatabaseProblem
from tsj_desk.services import session

ROOT = Path(__file__).resolve().parents[2]

# Rounds of the barrier test and copies of the program started together in each. Every
# round is a fresh contest: 3 real processes released at once by a barrier.
ROUNDS = 200
CONTENDERS = 3


def lock_of(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def stamp(moment: datetime) -> float:
    return moment.timestamp()  # the file times below are local, as the program's clock is


def dead_pid() -> int:
    """The number of a process that has ended (and was reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def holder_text(pid: int, *, host: str | None = None, heartbeat: datetime = NOW) -> str:
    """A lock as a copy of the program (of any version) writes it."""
    return json.dumps({"user": "Орлова", "host": host or socket.gethostname(), "pid": pid,
                       "since": (heartbeat - timedelta(hours=1)).isoformat(),
                       "heartbeat": heartbeat.isoformat()}, ensure_ascii=False)


def try_lock(db: Path, now: datetime = NOW):
    from tsj_desk.storage.lock import DatabaseLock

    lock = DatabaseLock(db)
    lock.acquire(now)
    return lock


# ------------------------------------------------------------------ simultaneous starts


def _contend(folder: str, rounds: int, index: int, barrier, won, now: datetime) -> None:
    """One copy of the program: in every round it starts at the barrier with the others,
    tries the round's base and keeps what it got until all have tried."""
    from tsj_desk.storage.lock import DatabaseLock

    for n in range(rounds):
        lock = DatabaseLock(Path(folder) / f"round-{n}.sqlite3")
        barrier.wait(timeout=120)
        try:
            lock.acquire(now)
            won[n * CONTENDERS + index] = 1
        except DatabaseLocked:
            won[n * CONTENDERS + index] = 0
        barrier.wait(timeout=120)  # everybody has tried while the winner still holds it
        lock.release()


def test_simultaneous_starts_get_exactly_one_writer_each_time(tmp_path):
    # a third of the rounds start with no lock, a third with the lock of a copy that was
    # killed (its process is gone), a third with an empty lock file an hour old
    gone = dead_pid()
    for n in range(ROUNDS):
        lock = lock_of(tmp_path / f"round-{n}.sqlite3")
        if n % 3 == 1:
            lock.write_text(holder_text(gone), encoding="utf-8")
        elif n % 3 == 2:
            lock.write_bytes(b"")
            os.utime(lock, (stamp(NOW - timedelta(hours=1)),) * 2)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(CONTENDERS)
    won = context.Array("b", [-1] * (ROUNDS * CONTENDERS), lock=False)
    copies = [context.Process(target=_contend, args=(str(tmp_path), ROUNDS, i, barrier, won, NOW))
              for i in range(CONTENDERS)]
    for copy in copies:
        copy.start()
    for copy in copies:
        copy.join(timeout=600)
    assert [copy.exitcode for copy in copies] == [0] * CONTENDERS
    writers = [sum(won[n * CONTENDERS:(n + 1) * CONTENDERS]) for n in range(ROUNDS)]
    wrong = {n: count for n, count in enumerate(writers) if count != 1}
    assert wrong == {}, f"rounds with other than one writer (round: writers): {wrong}"


# ------------------------------------------------------------------ whose lock is stale


def test_a_killed_copys_lock_is_taken_over_and_then_readable_by_its_user_only(tmp_path):
    db = tmp_path / "база.sqlite3"
    lock_of(db).write_text(holder_text(dead_pid()), encoding="utf-8")
    os.chmod(lock_of(db), 0o644)  # an older version left it readable by everybody
    taken = try_lock(db)
    try:
        assert json.loads(lock_of(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
        if os.name != "nt":
            assert stat.S_IMODE(os.stat(lock_of(db)).st_mode) == 0o600
    finally:
        taken.release()
    assert not lock_of(db).exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_new_lock_is_readable_by_its_user_only(tmp_path):
    db = tmp_path / "база.sqlite3"
    previous = os.umask(0o022)
    try:
        taken = try_lock(db)
    finally:
        os.umask(previous)
    try:
        assert stat.S_IMODE(os.stat(lock_of(db)).st_mode) == 0o600
    finally:
        taken.release()


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_lock_deleted_under_its_holder_is_put_back_by_the_heartbeat(tmp_path):
    db = tmp_path / "база.sqlite3"
    held = try_lock(db)
    try:
        lock_of(db).unlink()  # somebody "cleaned up" the folder
        held.heartbeat(NOW + timedelta(seconds=45))
        assert json.loads(lock_of(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
        assert stat.S_IMODE(os.stat(lock_of(db)).st_mode) == 0o600
        with pytest.raises(DatabaseLocked):
            try_lock(db)
    finally:
        held.release()
    assert not lock_of(db).exists()


HOLD = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from tsj_desk.services.session import open_session
    open_session(sys.argv[1], lock=True, now=datetime(2026, 11, 24, 12, 0))
    print("locked", flush=True)
    time.sleep(120)
""")


def test_a_lock_whose_process_number_now_belongs_to_a_later_process_is_stale(tmp_path):
    db = tmp_path / "база.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    left = json.loads(lock_of(db).read_text(encoding="utf-8"))
    # the killed copy's number is given to another program, started after the lock was taken
    later = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        left["pid"] = later.pid
        lock_of(db).write_text(json.dumps(left, ensure_ascii=False), encoding="utf-8")
        taken = try_lock(db)
        assert json.loads(lock_of(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
        taken.release()
        # while the process named is the one that took the lock (a copy of an older
        # version, which holds no OS lock), its lock stands
        from tsj_desk.storage.lock import process_start

        left["started"] = process_start(later.pid)
        lock_of(db).write_text(json.dumps(left, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(DatabaseLocked):
            try_lock(db)
        assert json.loads(lock_of(db).read_text(encoding="utf-8"))["pid"] == later.pid
    finally:
        later.kill()
        later.wait()


def test_a_heartbeat_far_in_the_future_is_stale_after_the_grace(tmp_path):
    db = tmp_path / "база.sqlite3"
    # another computer whose clock runs a minute ahead: its copy is alive
    lock_of(db).write_text(holder_text(4242, host="бухгалтерия-пк", heartbeat=NOW + timedelta(minutes=1)),
                           encoding="utf-8")
    with pytest.raises(DatabaseLocked) as caught:
        try_lock(db)
    assert "бухгалтерия-пк" in caught.value.message
    # a heartbeat an hour and a week ahead: the clock was moved back since; nobody beats there
    for ahead in (timedelta(hours=1), timedelta(days=7)):
        lock_of(db).write_text(holder_text(4242, host="бухгалтерия-пк", heartbeat=NOW + ahead),
                               encoding="utf-8")
        taken = try_lock(db)
        assert json.loads(lock_of(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
        taken.release()


@pytest.mark.parametrize("content", [b"", '{"user": "Орлова", "host": "кабинет", "pid": 12'.encode()],
                         ids=["empty", "half-written"])
def test_a_lock_that_cannot_be_read_is_taken_only_when_old(tmp_path, content):
    db = tmp_path / "база.sqlite3"
    lock_of(db).write_bytes(content)
    os.utime(lock_of(db), (stamp(NOW - timedelta(seconds=5)),) * 2)  # being written right now
    with pytest.raises(DatabaseLocked) as caught:
        try_lock(db)
    assert "уже открыта" in caught.value.message
    assert lock_of(db).read_bytes() == content  # left to its writer
    os.utime(lock_of(db), (stamp(NOW - timedelta(hours=1)),) * 2)  # its writer died long ago
    taken = try_lock(db)
    assert json.loads(lock_of(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
    taken.release()


# ------------------------------------------------------------------ path problems


def test_a_folder_in_place_of_the_lock_is_a_message(tmp_path, capsys):
    db = tmp_path / "база.sqlite3"
    lock_of(db).mkdir()
    (lock_of(db) / "заметки.txt").write_text("нужное", encoding="utf-8")
    with pytest.raises(DatabaseProblem) as caught:
        session.open_session(db, lock=True, now=NOW)
    assert "папка «база.sqlite3.lock»" in caught.value.message
    assert "Переименуйте или удалите" in caught.value.message
    code = main(["request", "add", "--db", str(db), "--category", "maintenance", "--received",
                 "2026-11-24 10:00", "--applicant", "Петрова Анна", "--text", "Течёт кран"])
    err = capsys.readouterr().err
    assert code == 1 and "папка «база.sqlite3.lock»" in err and "Traceback" not in err
    assert (lock_of(db) / "заметки.txt").read_text(encoding="utf-8") == "нужное"


@pytest.mark.skipif(os.name == "nt", reason="POSIX links and pipes")
@pytest.mark.timeout(60)  # a pipe read as a lock would wait for ever
@pytest.mark.parametrize("kind", ["link", "pipe"])
def test_a_link_or_a_pipe_in_place_of_the_lock_is_a_message(tmp_path, kind):
    db = tmp_path / "база.sqlite3"
    precious = tmp_path / "договор.txt"
    precious.write_text("не трогать", encoding="utf-8")
    os.utime(precious, (stamp(NOW - timedelta(days=30)),) * 2)
    if kind == "link":
        lock_of(db).symlink_to(precious)
    else:
        os.mkfifo(lock_of(db))
    with pytest.raises(DatabaseProblem) as caught:
        session.open_session(db, lock=True, now=NOW)
    assert "ссылка или особый файл «база.sqlite3.lock»" in caught.value.message
    assert "Удалите его" in caught.value.message
    assert precious.read_text(encoding="utf-8") == "не трогать"
    assert lock_of(db).is_symlink() == (kind == "link")


@pytest.mark.parametrize("where", ["missing", "a file"])
def test_a_base_whose_folder_is_missing_or_a_file_is_a_message(tmp_path, where, capsys):
    folder = tmp_path / "ТСЖ"
    if where == "a file":
        folder.write_text("не папка", encoding="utf-8")
    db = folder / "база.sqlite3"
    with pytest.raises(DatabaseProblem) as caught:
        session.open_session(db, lock=True, now=NOW)
    words = "не найдена" if where == "missing" else "не папка, а файл"
    assert f"«{folder}»" in caught.value.message and words in caught.value.message
    assert folder.exists() == (where == "a file")
    code = main(["request", "add", "--db", str(db), "--category", "maintenance", "--received",
                 "2026-11-24 10:00", "--applicant", "Петрова Анна", "--text", "Течёт кран"])
    err = capsys.readouterr().err
    assert code == 1 and words in err and "Traceback" not in err


@pytest.mark.parametrize("what", ["folder", "lock file"])
def test_no_permission_is_a_message(tmp_path, monkeypatch, what):
    # a folder the user may not write to, or a lock file of another account (0600): the
    # system refuses; injected here because the suite may run with administrator rights
    db = tmp_path / "база.sqlite3"
    if what == "lock file":
        lock_of(db).write_text(holder_text(dead_pid()), encoding="utf-8")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        refused = (flags & os.O_CREAT) if what == "folder" else Path(path) == lock_of(db)
        if str(path).startswith(str(tmp_path)) and refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(DatabaseProblem) as caught:
        session.open_session(db, lock=True, now=NOW)
    message = caught.value.message
    if what == "folder":
        assert f"Нет прав на запись в папку «{tmp_path}»" in message
    else:
        assert f"Нет доступа к файлу блокировки «{lock_of(db)}»" in message
        assert "попросите администратора удалить этот файл" in message


# ------------------------------------------------------------------ network and URLs


@pytest.fixture
def share(tmp_path, monkeypatch) -> Path:
    """A folder on an office file server (an SMB mount)."""
    from tsj_desk.storage import location

    folder = tmp_path / "share"
    folder.mkdir()
    monkeypatch.setattr(location, "_linux_mounts", lambda: f"//server/office {folder} cifs rw 0 0\n")
    return folder


def test_restore_and_demo_refuse_a_network_share(tmp_path, share, capsys):
    db = tmp_path / "тсж.sqlite3"
    code = main(["request", "add", "--db", str(db), "--category", "maintenance", "--received",
                 "2026-11-24 10:00", "--applicant", "Петрова Анна", "--text", "Течёт кран"])
    assert code == 0
    capsys.readouterr()
    code = main(["backup", "--db", str(db), "--to", str(tmp_path / "копии")])
    copy = Path(capsys.readouterr().out.strip())
    assert code == 0 and copy.is_file()
    code = main(["restore", str(copy), "--db", str(share / "тсж.sqlite3")])
    err = capsys.readouterr().err
    assert code == 1 and "сетевой файловой системе (cifs)" in err and "Traceback" not in err
    code = main(["demo", "--db", str(share / "демо.sqlite3"), "--no-gui"])
    err = capsys.readouterr().err
    assert code == 1 and "сетевой файловой системе (cifs)" in err
    assert list(share.iterdir()) == []  # nothing written there


@pytest.mark.parametrize("url", ["smb://server/share/base.sqlite3", "ftp://files.example/tsj.sqlite3",
                                 "smb://buh:Secr3t@server/share/base.sqlite3"])
def test_a_url_of_another_kind_than_a_database_server_is_a_message(url, tmp_path, capsys,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    shown = url.replace(":Secr3t", "")
    code = main(["request", "add", "--db", url, "--category", "maintenance", "--received",
                 "2026-11-24 10:00", "--applicant", "Петрова Анна", "--text", "Течёт кран"])
    err = capsys.readouterr().err
    assert code == 2 and f"«{shown}» не поддерживается" in err and "Traceback" not in err
    assert "Secr3t" not in err
    opened = []
    code = main(["--db", url], open_window=opened.append)  # the window is not opened on it
    assert code == 2 and opened == [] and "не поддерживается" in capsys.readouterr().err
    with pytest.raises(DatabaseProblem, match="не поддерживается"):
        session.open_session(url, lock=True, now=NOW)
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []  # nothing created
