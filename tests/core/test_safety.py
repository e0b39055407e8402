"""Never lose data: backups and retention, restore, one writer, network shares,
damaged files, migrations of filled databases, the append-only audit log."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import peewee
import pytest

from tsj_desk.domain.errors import DatabaseProblem
from tsj_desk.domain.retention import BackupStamp, backups_to_keep
from tsj_desk.services import backups, session
from tsj_desk.services.registry import OwnerInput, add_owner, list_premises
from tsj_desk.domain.errors import DatabaseDamaged, DatabaseLocked
from tsj_desk.storage.location import network_location_problem
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 24)


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.sqlite_only  # copies of the SQLite file (a server base: pg_dump, tests/core/test_server_backups.py)
def test_retention_over_400_days(db, db_path, tmp_path):
    """A fake clock runs 400 days of daily backups and weekly imports."""
    folder = tmp_path / "копии"
    start = datetime(2025, 10, 20, 18, 0)
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.models import Premise

    house = ensure_house("Тест")
    premise = Premise.create(house=house, number="1", sort_key="01", kind="flat", search_key="1")
    for day in range(400):
        now = start + timedelta(days=day)
        add_owner(premise.id, OwnerInput(f"Жилец {day}", Fraction(1, 1000)), now=now)
        made = backups.backup_if_changed("daily", now=now)
        assert made is not None  # the data changed every day
        assert backups.backup_if_changed("daily", now=now + timedelta(minutes=5)) is None  # nothing changed
        if day % 7 == 3:
            backups.make_backup("import", now=now + timedelta(hours=1), folder=folder)
        backups.prune(backups.backup_dir(), now=now)
    end = start + timedelta(days=399, hours=2)
    daily = backups.list_backups(backups.backup_dir())
    days = {b.made_at.date() for b in daily}
    assert len(daily) == len(days)  # at most one a day survives
    recent = {(end - timedelta(days=n)).date() for n in range(7)}
    assert recent <= days
    weeks = {b.made_at.isocalendar()[:2] for b in daily}
    assert len(weeks) >= 4
    months = {(b.made_at.year, b.made_at.month) for b in daily}
    assert len(months) == 12
    assert len(daily) <= 7 + 4 + 12
    # the copies before an import, one a week, pruned each time one is made: what
    # survives the last is, by the rule, every copy of the 30 days before it, the 7
    # newest (the daily buckets: one copy a day), the 4 newest weeks' (among those)
    # and the newest of each of the 12 newest months; the rest was deleted
    made = [start + timedelta(days=day, hours=1) for day in range(400) if day % 7 == 3]
    kept = {b.made_at for b in backups.list_backups(folder) if b.trigger == "import"}
    recent = {m for m in made if made[-1] - m <= timedelta(days=30)}
    months = sorted({(m.year, m.month) for m in made}, reverse=True)[:12]
    newest_of_month = {max(m for m in made if (m.year, m.month) == month) for month in months}
    assert len(made) == 57 and len(recent) == 5
    assert kept == recent | set(made[-7:]) | newest_of_month
    assert len(kept) < len(made) - 30


def test_retention_rule_keeps_newest_of_each_bucket():
    now = datetime(2026, 11, 24, 12, 0)
    stamps = [BackupStamp(f"b{n}", now - timedelta(hours=6 * n), "daily") for n in range(4 * 400)]
    stamps.append(BackupStamp("old-import", now - timedelta(days=31), "import"))
    stamps.append(BackupStamp("new-import", now - timedelta(days=29), "import"))
    stamps.append(BackupStamp("by-hand", now - timedelta(days=300), "manual"))
    keep = backups_to_keep(stamps, now)
    assert "b0" in keep and "new-import" in keep and "old-import" not in keep
    assert "by-hand" in keep
    assert "b1" not in keep  # the same day as b0: only the newest of the day
    assert len(keep) <= 7 + 4 + 12 + 2


@pytest.mark.sqlite_only  # copies of the SQLite file (a server base: pg_dump, tests/core/test_server_backups.py)
def test_backup_is_verified_and_restore_round_trip(demo_db, tmp_path):
    path = Path(demo_db.database)
    before = counts(path)
    info = backups.make_backup("manual", now=datetime(2026, 11, 24, 10, 0))
    assert info.path.exists() and info.size > 0
    assert counts(info.path) == before
    heirs = list_premises(incomplete_only=True)[0]  # a premise with a share not yet registered
    add_owner(heirs.id, OwnerInput("Новый Владелец", Fraction(1, 3)), now=NOW)
    assert counts(path)["ownership"] == before["ownership"] + 1
    safety = backups.restore_backup(info.path, now=datetime(2026, 11, 24, 11, 0))
    # the base is the copy again, and the restore itself is in its change log
    assert counts(path) == {**before, "audit_entry": before["audit_entry"] + 1}
    assert safety is not None and counts(safety.path)["ownership"] == before["ownership"] + 1


HOLDER = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from tsj_desk.services.session import open_session
    open_session(sys.argv[1], lock=True, now=datetime(2026, 11, 24, 12, 0))
    print("locked", flush=True)
    time.sleep(120)
""")


def test_one_writer_second_process_is_told_and_stale_lock_taken_over(tmp_path):
    db = tmp_path / "общая.sqlite3"
    session.open_session(db, now=NOW)
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.models import Premise

    premise = Premise.create(house=ensure_house("Дом"), number="1", sort_key="01", kind="flat")
    session.close_session()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseLocked) as caught:
            session.open_session(db, lock=True, now=NOW)
        message = caught.value.message
        assert "уже открыта" in message and "на компьютере" in message and "только для чтения" in message
        session.open_session(db, lock=True, read_only_ok=True, now=NOW)
        assert session.read_only
        assert [p.number for p in list_premises()] == ["1"]  # reading works
        with pytest.raises(DatabaseProblem, match="только для чтения"):
            add_owner(premise.id, OwnerInput("Кто-то"), now=NOW)
        session.close_session()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    session.open_session(db, lock=True, now=NOW)  # the killed holder's lock is stale: taken over
    assert not session.read_only
    session.close_session()
    assert not (tmp_path / "общая.sqlite3.lock").exists()


MOUNTS = textwrap.dedent("""
    /dev/sda1 / ext4 rw 0 0
    //server/share /mnt/office cifs rw 0 0
    nas:/export /srv/nfs nfs4 rw 0 0
    /dev/sdb1 /mnt/office/local ext4 rw 0 0
""")


@pytest.mark.parametrize(
    ("path", "refused"),
    [("/mnt/office/tsj.sqlite3", "cifs"), ("/srv/nfs/a/b.sqlite3", "nfs4"),
     ("/home/user/tsj.sqlite3", None), ("/mnt/office/local/tsj.sqlite3", None)],
)
def test_network_file_systems_are_refused(path, refused):
    problem = network_location_problem(path, mounts_text=MOUNTS, platform="linux")
    if refused is None:
        assert problem is None
    else:
        assert refused in problem and "локальном диске" in problem


def test_unc_and_network_paths_are_refused_when_opening(monkeypatch, tmp_path):
    assert "сетевой папке" in network_location_problem(r"\\server\share\tsj.sqlite3", platform="win32")
    from tsj_desk.storage import location

    monkeypatch.setattr(location, "_linux_mounts", lambda: f"//srv/share {tmp_path} cifs rw 0 0\n")
    with pytest.raises(DatabaseProblem, match="сетевой файловой системе"):
        session.open_session(tmp_path / "tsj.sqlite3", now=NOW)
    assert not (tmp_path / "tsj.sqlite3").exists()


@pytest.mark.parametrize("damage", ["truncate", "overwrite", "not_a_database"])
def test_damaged_file_is_refused_and_newest_good_backup_offered(tmp_path, damage):
    from tsj_desk.services.demo import create_demo_database

    db = create_demo_database(tmp_path / "tsj.sqlite3", today=TODAY)
    good = backups.make_backup("manual", now=datetime(2026, 11, 24, 9, 0))
    session.close_session()
    data = db.read_bytes()
    if damage == "truncate":
        db.write_bytes(data[: len(data) // 3])
    elif damage == "overwrite":
        db.write_bytes(data[:4096] + os.urandom(8192) + data[4096 + 8192:])
    else:
        db.write_bytes(b"PK\x03\x04 a zip, not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with pytest.raises(DatabaseDamaged) as caught:
        session.open_session(db, now=NOW)
    assert caught.value.backup == good.path
    assert good.path.name in caught.value.message
    result = subprocess.run([sys.executable, "-m", "tsj_desk", "check", "--db", str(db)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "поврежд" in result.stdout
    restored = subprocess.run([sys.executable, "-m", "tsj_desk", "restore", str(good.path), "--db", str(db)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert restored.returncode == 0, restored.stderr
    assert subprocess.run([sys.executable, "-m", "tsj_desk", "check", "--db", str(db)], cwd=ROOT,
                          capture_output=True, timeout=60).returncode == 0


def test_audit_log_cannot_be_changed(db):
    from tsj_desk.services import audit
    from tsj_desk.storage.models import AuditEntry

    audit.record("edit", "premise", 1, note="проверка", now=NOW)
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        AuditEntry.update(user="злоумышленник").execute()
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        AuditEntry.delete().execute()
    assert [r.user for r in audit.list_audit()] != ["злоумышленник"]
    assert audit.list_audit(text="ПРОВЕРКА")[0].entity == "premise"


def test_cli_backup_prints_its_path(tmp_path):
    db = tmp_path / "tsj.sqlite3"
    subprocess.run([sys.executable, "-m", "tsj_desk", "demo", "--no-gui", "--db", str(db)], cwd=ROOT,
                   check=True, capture_output=True, timeout=120)
    result = subprocess.run([sys.executable, "-m", "tsj_desk", "backup", "--db", str(db), "--to",
                             str(tmp_path / "флешка")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    copy = Path(result.stdout.strip())
    assert copy.parent == tmp_path / "флешка"
    live = counts(db)
    with sqlite3.connect(db) as connection:
        settings = sorted(key for (key,) in connection.execute("SELECT key FROM setting"))
    connection.close()
    # the base's id, its demo mark, and when it was backed up
    assert settings == ["backup.last", "backup.marker", "base.demo", "base.id"]
    live.pop("setting")
    copied = counts(copy)
    copied.pop("setting")
    assert copied == live


def test_cli_write_is_refused_while_another_copy_holds_the_base(tmp_path, samples):
    db = tmp_path / "tsj.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = subprocess.run([sys.executable, "-m", "tsj_desk", "import-registry",
                                 str(samples / "registry_simple.xlsx"), "--db", str(db)], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1
        assert "уже открыта" in result.stderr and "Traceback" not in result.stderr
        check = subprocess.run([sys.executable, "-m", "tsj_desk", "deadline", "maintenance",
                                "2026-11-02", "--db", str(db)], cwd=ROOT, capture_output=True,
                               text=True, timeout=60)
        assert check.returncode == 0 and check.stdout == "10.11.2026\n"  # reading is fine
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()


@pytest.mark.sqlite_only  # copies of the SQLite file (a server base: pg_dump, tests/core/test_server_backups.py)
def test_a_backup_made_with_the_clock_moved_back_survives_pruning(db, tmp_path):
    from tsj_desk.services.organization import ensure_house

    ensure_house("Дом")
    later = backups.make_backup("daily", now=datetime(2026, 11, 24, 18, 0))
    earlier = backups.make_backup("exit", now=datetime(2026, 11, 24, 9, 0))  # the clock went back
    assert earlier.path.exists() and earlier.size > 0
    hand = backups.make_backup("manual", now=datetime(2026, 11, 24, 20, 0))
    assert later.path.exists() or earlier.path.exists()
    assert hand.path.exists()
    kept = {b.trigger for b in backups.list_backups(backups.backup_dir())}
    assert "manual" in kept and kept & {"daily", "exit"}  # a hand-made copy takes no day's place
