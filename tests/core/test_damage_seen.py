"""`check` and the open see every damage: an empty or truncated file is a damaged base,
never a new one; a base that lost committed changes (its -wal deleted after the program
was killed) is told, with the newest good copy of the base."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from tsj_desk.domain.errors import DatabaseDamaged, FileProblem
from tsj_desk.services import backups, journal, session
from tsj_desk.services.session import ChangesLost
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096  # the page size SQLite gives a new base


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tsj_desk", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def requests_in(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute('SELECT count(*) FROM "request"').fetchone()[0]
    finally:
        connection.close()


def register(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        journal.register_request(journal.RequestInput(
            category="maintenance", received_at=datetime(2026, 11, 24, 9, n % 60),
            applicant=f"Жилец {n}", text=f"Течёт кран, обращение {n}"), now=NOW)


@pytest.fixture
def base(tmp_path) -> Path:
    """A base with 3 requests and a good copy of it made before they were registered."""
    db = tmp_path / "tsj.sqlite3"
    session.open_session(db, lock=True, now=NOW)
    register(1)
    session.close_session()
    return db


def good_copy(db: Path) -> backups.BackupInfo:
    session.open_session(db, lock=True, now=NOW)
    try:
        return backups.make_backup("manual", now=datetime(2026, 11, 24, 9, 0))
    finally:
        session.close_session()


# ---------------------------------------------------------------- empty and truncated files


def test_an_empty_file_is_damage_on_open_in_check_and_in_restore(base):
    good = good_copy(base)
    base.write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as caught:
        session.open_session(base, lock=True, now=NOW)
    assert caught.value.backup == good.path
    assert "пуст" in caught.value.message and good.path.name in caught.value.message
    assert base.stat().st_size == 0, "the empty file was not made a new base"
    result = run_cli("check", "--db", str(base))
    assert result.returncode == 1
    assert "пуст (0 байт)" in result.stdout and "База исправна" not in result.stdout
    empty_copy = base.parent / "empty-copy.sqlite3"
    empty_copy.write_bytes(b"")
    with pytest.raises(FileProblem, match="пуст"):
        backups.check_copy(empty_copy)
    # where no file is, a new base is made, and it is sound
    base.unlink()
    session.open_session(base, lock=True, now=NOW)
    session.close_session()
    assert run_cli("check", "--db", str(base)).returncode == 0


def free_pages_at_the_end(db: Path) -> None:
    """Make the last pages of the file free ones (a table written, then dropped), as a base
    has after data was removed."""
    connection = sqlite3.connect(db)
    try:
        connection.execute("CREATE TABLE scratch (b BLOB)")
        connection.executemany("INSERT INTO scratch VALUES (?)", [(b"x" * 3000,)] * 10)
        connection.commit()
        connection.execute("DROP TABLE scratch")
        connection.commit()
    finally:
        connection.close()  # the last connection: the -wal is folded into the file


@pytest.mark.parametrize("lost", [PAGE // 2, 100])
def test_a_file_cut_off_mid_page_is_damage(base, lost):
    """The tail of the last page is gone, and that page held no data: SQLite's own checks
    pass such a file, the base must not."""
    good = good_copy(base)
    free_pages_at_the_end(base)
    size = base.stat().st_size
    assert size % PAGE == 0
    with open(base, "r+b") as handle:
        handle.truncate(size - lost)
    with pytest.raises(DatabaseDamaged) as caught:
        session.open_session(base, lock=True, now=NOW)
    assert "обрезан" in caught.value.message and caught.value.backup == good.path
    result = run_cli("check", "--db", str(base))
    assert result.returncode == 1 and "обрезан" in result.stdout
    with pytest.raises(FileProblem, match="обрезан"):
        backups.check_copy(base)


# ---------------------------------------------------------------- a deleted -wal

# A copy of the program that registers 20 requests and is then killed: its changes are
# still only in the -wal (20 small requests are far from SQLite's checkpoint of 1000 pages).
WRITER = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from tsj_desk.services import journal, session
    now = datetime(2026, 11, 24, 12, 0)
    session.open_session(sys.argv[1], lock=True, now=now)
    for n in range(20):
        journal.register_request(journal.RequestInput(
            category="maintenance", received_at=datetime(2026, 11, 24, 10, n),
            applicant=f"Заявитель {n}", text=f"Не работает лифт, обращение {n}"), now=now)
    print("registered", flush=True)
    time.sleep(120)
""")


def killed_after_20_requests(db: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "registered"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()


def test_a_wal_deleted_after_a_kill_is_told_on_open_and_by_check(base, tmp_path):
    good = good_copy(base)
    killed_after_20_requests(base)
    kept = tmp_path / "kept"  # the same base where the -wal stayed: nothing lost, nothing told
    kept.mkdir()
    for name in (base.name, f"{base.name}-wal", f"{base.name}-shm", f"{base.name}.lock",
                 f"{base.name}.changes"):
        if (base.parent / name).exists():
            shutil.copy2(base.parent / name, kept / name)
    Path(f"{base}-wal").unlink()  # the 20 requests were only there
    assert requests_in(base) == 1  # the loss is real: only the request of before is left

    with pytest.raises(ChangesLost) as caught:
        session.open_session(base, lock=True, now=NOW)
    message = caught.value.message
    assert "не хватает 20 изменений" in message
    assert f"«{base.name}-wal»" in message
    assert "после 24.11.2026 12:00" in message  # the moment of the last change the base has
    assert caught.value.backup == good.path and good.path.name in message and "24.11.2026 09:00" in message

    result = run_cli("check", "--db", str(base))
    assert result.returncode == 1
    assert "не хватает 20 изменений" in result.stdout and good.path.name in result.stdout
    # a writing command is refused too, saying how to go on
    refused = run_cli("request", "list", "--db", str(base), "--json")
    assert refused.returncode == 0, "reading is not refused"
    added = run_cli("request", "add", "--db", str(base), "--category", "maintenance",
                    "--received", "2026-11-24 11:00", "--applicant", "Иванов", "--text", "Кран")
    assert added.returncode == 1 and "--accept-lost-changes" in added.stderr
    assert requests_in(base) == 1

    session.open_session(kept / base.name, lock=True, now=NOW)  # SQLite brings its -wal in
    session.close_session()
    assert requests_in(kept / base.name) == 21
    assert run_cli("check", "--db", str(kept / base.name)).returncode == 0


def test_a_base_taken_as_it_is_is_not_told_again(base):
    killed_after_20_requests(base)
    Path(f"{base}-wal").unlink()
    with pytest.raises(ChangesLost):
        session.open_session(base, lock=True, now=NOW)
    session.open_session(base, lock=True, accept_lost_changes=True, now=NOW)
    register(2, start=1)
    session.close_session()
    session.open_session(base, lock=True, now=NOW)  # not told again
    session.close_session()
    assert run_cli("check", "--db", str(base)).returncode == 0
    assert requests_in(base) == 3


def test_check_can_take_the_base_as_it_is(base):
    killed_after_20_requests(base)
    Path(f"{base}-wal").unlink()
    taken = run_cli("check", "--db", str(base), "--accept-lost-changes")
    assert taken.returncode == 0 and "принята как есть" in taken.stdout
    assert run_cli("check", "--db", str(base)).returncode == 0


def test_restoring_the_good_copy_ends_the_alarm(base):
    good = good_copy(base)
    killed_after_20_requests(base)
    Path(f"{base}-wal").unlink()
    with pytest.raises(ChangesLost) as caught:
        session.open_session(base, lock=True, now=NOW)
    backups.restore_backup(caught.value.backup, now=NOW, db_path=base)
    session.open_session(base, lock=True, now=NOW)
    session.close_session()
    assert run_cli("check", "--db", str(base)).returncode == 0
    _ = good


def test_an_older_copy_of_the_base_put_over_it_by_hand_is_told(base, tmp_path):
    older = tmp_path / "older.sqlite3"
    shutil.copyfile(base, older)  # closed cleanly: the file is the whole base
    session.open_session(base, lock=True, now=NOW)
    register(4, start=1)
    session.close_session()
    shutil.copyfile(older, base)
    with pytest.raises(ChangesLost, match="не хватает 4 изменений"):
        session.open_session(base, lock=True, now=NOW)
    sidecar = base.parent / f"{base.name}.changes"
    assert sidecar.stat().st_mode & 0o077 == 0, "the record is the user's only"
    # another base put into the file has its own changes: not taken for a loss
    other = tmp_path / "other.sqlite3"
    session.open_session(other, lock=True, now=NOW)
    session.close_session()
    shutil.copyfile(other, base)
    session.open_session(base, lock=True, now=NOW)
    session.close_session()
