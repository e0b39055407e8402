"""The one-writer lock judged by the operating system: while the copy holding it lives, no
other copy takes it over, whatever the lock file says and whatever the test of its process
number answers (on Windows ``os.kill(pid, 0)`` tests nothing); once that copy is killed,
the next one takes it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW
from tsj_desk.domain.errors import DatabaseLocked

ROOT = Path(__file__).resolve().parents[2]

HOLD = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from tsj_desk.services.session import open_session
    open_session(sys.argv[1], lock=True, now=datetime(2026, 11, 24, 12, 0))
    print("locked", flush=True)
    time.sleep(300)
""")


def lock_of(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def try_lock(db: Path, now: datetime = NOW):
    from tsj_desk.storage.lock import DatabaseLock

    lock = DatabaseLock(db)
    lock.acquire(now)
    return lock


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.fixture
def holder(tmp_path):
    """A second copy of the program, a real process, holding the base open."""
    db = tmp_path / "База ТСЖ.sqlite3"
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "locked"
        yield db, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()


def test_a_living_copys_lock_is_never_taken_over(holder, monkeypatch):
    db, process = holder
    written = json.loads(lock_of(db).read_text(encoding="utf-8"))
    assert written["pid"] == process.pid
    for attempt in range(20):
        with pytest.raises(DatabaseLocked) as caught:
            try_lock(db, NOW + timedelta(minutes=attempt))
        assert "уже открыта" in caught.value.message
    # the file says the holder is long gone: a process that ended, another computer whose
    # heartbeat stopped a day ago, nothing readable written an hour ago; and the test of
    # process numbers says nobody lives (as it would where it tests nothing). The living
    # holder's lock on the file still decides.
    from tsj_desk.storage import lock as lock_module

    monkeypatch.setattr(lock_module, "pid_alive", lambda pid: False)
    stale_contents = [
        json.dumps({"user": "Орлова", "host": socket.gethostname(), "pid": dead_pid(),
                    "since": (NOW - timedelta(days=2)).isoformat(),
                    "heartbeat": (NOW - timedelta(days=1)).isoformat()}, ensure_ascii=False),
        json.dumps({"user": "Орлова", "host": "бухгалтерия-пк", "pid": 4242,
                    "since": (NOW - timedelta(days=2)).isoformat(),
                    "heartbeat": (NOW - timedelta(days=1)).isoformat()}, ensure_ascii=False),
        "",
    ]
    for content in stale_contents:
        with open(lock_of(db), "r+", encoding="utf-8") as lock_file:  # the holder's own file
            lock_file.write(content)
            lock_file.truncate()
        with pytest.raises(DatabaseLocked):
            try_lock(db, NOW + timedelta(hours=2))
        assert lock_of(db).read_text(encoding="utf-8") == content  # nothing written over it
    assert process.poll() is None  # it lived all along


def test_a_killed_copys_lock_is_taken_over(holder):
    db, process = holder
    process.kill()  # no clean exit: the lock file stays behind, naming the killed copy
    process.wait()
    assert json.loads(lock_of(db).read_text(encoding="utf-8"))["pid"] == process.pid
    taken = try_lock(db)
    try:
        assert json.loads(lock_of(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
        # and it is now this copy's: a third copy is refused
        third = subprocess.run([sys.executable, "-c", HOLD, str(db)], cwd=ROOT,
                               capture_output=True, text=True, timeout=120)
        assert third.returncode != 0 and "DatabaseLocked" in third.stderr
        assert "locked" not in third.stdout
    finally:
        taken.release()
    assert not lock_of(db).exists()
