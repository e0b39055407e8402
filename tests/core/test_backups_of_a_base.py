"""Backups that belong to their base, restores that check what they restore.

Two bases side by side (the demo and the real one in the data folder, an office base
and a home base sharing a stick) never prune, offer or list each other's copies; a
restore refuses what is not a sound copy of this program before it touches the base,
asks before a copy of another base, keeps the disclosure log and says it happened in
the change log; ``demo`` writes only over a demo base, under the lock; nothing is
backed up automatically of a base nobody changed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tsj_desk.cli import main
from tsj_desk.domain.errors import DatabaseDamaged
from tsj_desk.services import backups, session
from tsj_desk.storage.migrations import LATEST_VERSION
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 24)
BEREZKA = "ТСЖ «Берёзка»"
LESNAYA = "ТСЖ «Лесная, 5»"


def make_base(path: Path, organization: str, premises: int = 3) -> None:
    """A small base with an organization, a house and ``premises`` flats, left open."""
    from tsj_desk.storage.models import House, Organization, Premise

    session.open_session(path, now=NOW)
    org = Organization.create(name=organization, kind="ТСЖ")
    house = House.create(organization=org, address="г. Коломна, ул. Лесная, д. 5")
    for number in range(1, premises + 1):
        Premise.create(house=house, number=str(number), sort_key=f"{number:04d}", kind="flat")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


# ---------------------------------------------------------------- pruning


def test_a_backup_of_one_base_prunes_none_of_the_other_bases_copies_in_the_data_folder():
    folder = session.data_dir()
    make_base(folder / "demo.sqlite3", LESNAYA)
    start = datetime(2026, 9, 1, 9, 0)
    demo_copies = [backups.make_backup("daily", now=start + timedelta(days=n), prune_old=False).path
                   for n in range(60)]
    session.close_session()
    make_base(folder / "tsj-desk.sqlite3", BEREZKA)
    backups.make_backup("daily", now=NOW)  # prunes the real base's copies, and only them
    session.close_session()
    assert [path for path in demo_copies if not path.exists()] == []


def test_copies_of_two_bases_in_one_chosen_folder_are_told_apart_by_their_id(tmp_path):
    """An office base and a home base, both named tsj.sqlite3, both backed up to one stick."""
    stick = tmp_path / "флешка"
    make_base(tmp_path / "дом" / "tsj.sqlite3", BEREZKA)
    backups.set_backup_dir(stick)
    home = [backups.make_backup("daily", now=datetime(2026, 11, day, 9, 0), prune_old=False)
            for day in range(1, 11)]
    session.close_session()

    make_base(tmp_path / "офис" / "tsj.sqlite3", LESNAYA)
    backups.set_backup_dir(stick)
    office = [backups.make_backup("daily", now=datetime(2026, 11, day, 18, 0), prune_old=False)
              for day in range(1, 11)]
    last = backups.make_backup("daily", now=datetime(2026, 11, 10, 19, 0))  # prunes
    # the office's copies alone, by the rule: the newest of each of the 7 newest days
    # (10th 19:00, 9th … 4th), of the weeks (1.11 is a Sunday: 1st, 8th, 10th), of the
    # month (10th 19:00); the home base's copies of the same days fill none of them
    deleted = {c.made_at for c in office if not c.path.exists()}
    assert deleted == {datetime(2026, 11, 2, 18, 0), datetime(2026, 11, 3, 18, 0),
                       datetime(2026, 11, 10, 18, 0)}
    assert [c.path for c in home if not c.path.exists()] == []
    # the page of the office base lists its own copies, none of the home base's
    kept = {c.path for c in office if c.path.exists()} | {last.path}
    assert {b.path for b in backups.known_backups()} == kept
    # each copy holds the id of its base inside
    office_id = read(tmp_path / "офис" / "tsj.sqlite3", "SELECT value FROM setting WHERE key = 'base.id'")
    assert read(last.path, "SELECT value FROM setting WHERE key = 'base.id'") == office_id
    assert read(home[0].path, "SELECT value FROM setting WHERE key = 'base.id'") != office_id
    session.close_session()


# ---------------------------------------------------------------- a damaged base


def legacy_layout(copy: Path) -> Path:
    """Where and how a release before base ids left a copy: directly in the data folder's
    ``backups``, named ``<base>-<stamp>-<trigger>.sqlite3``."""
    name = re.fullmatch(r"(.+-\d{8}-\d{6}-[a-z]+)(?:-[0-9a-f]{8})?\.sqlite3", copy.name)[1]
    moved = session.data_dir() / "backups" / f"{name}.sqlite3"
    copy.rename(moved)
    return moved


@pytest.mark.parametrize("layout", ["own folders", "one folder of an older release"])
def test_a_damaged_base_is_offered_its_own_copy_never_the_other_bases(layout):
    folder = session.data_dir()
    real, demo = folder / "tsj-desk.sqlite3", folder / "demo.sqlite3"
    make_base(real, BEREZKA, premises=40)
    own = backups.make_backup("exit", now=datetime(2026, 11, 23, 18, 0)).path
    session.close_session()
    make_base(demo, LESNAYA, premises=40)
    other = backups.make_backup("exit", now=datetime(2026, 11, 24, 9, 0)).path  # newer
    session.close_session()
    if layout != "own folders":
        own, other = legacy_layout(own), legacy_layout(other)
        assert own.parent == other.parent == folder / "backups"
    data = real.read_bytes()
    real.write_bytes(data[: len(data) // 3])  # a truncated file
    with pytest.raises(DatabaseDamaged) as caught:
        session.open_session(real, now=NOW)
    assert caught.value.backup == own
    assert own.name in caught.value.message and other.name not in caught.value.message


# ---------------------------------------------------------------- sorting out a mixed folder


def test_a_mixed_backup_folder_is_sorted_out_on_the_first_start_nothing_deleted():
    from tsj_desk.storage.migrations import BASE_ID_VERSION

    folder = session.data_dir()
    real, demo = folder / "tsj-desk.sqlite3", folder / "demo.sqlite3"
    make_base(demo, LESNAYA)
    demo_copies = [backups.make_backup("exit", now=datetime(2026, 11, day, 18, 0), prune_old=False)
                   for day in (20, 21)]
    session.close_session()
    make_base(real, BEREZKA)
    real_copies = [backups.make_backup("exit", now=datetime(2026, 11, day, 19, 0), prune_old=False)
                   for day in (20, 21)]
    session.close_session()
    mixed = folder / "backups"
    demo_files = [legacy_layout(c.path) for c in demo_copies]
    real_files = [legacy_layout(c.path) for c in real_copies]
    # a copy made before bases had ids: no id inside, the base's name in its file name
    before_ids = mixed / "tsj-desk-20261001-180000-exit.sqlite3"
    shutil.copyfile(real_files[0], before_ids)
    with closing(sqlite3.connect(before_ids)) as connection:
        connection.execute("DELETE FROM setting WHERE key = 'base.id'")
        connection.execute(f"PRAGMA user_version = {BASE_ID_VERSION - 1}")
        connection.commit()
    # a file named like a copy whose id cannot be read
    unreadable = mixed / "tsj-desk-20261002-180000-exit.sqlite3"
    unreadable.write_bytes(b"not a database, a half-copied file " * 100)
    for emptied in (mixed / "demo", mixed / "tsj-desk"):
        if emptied.is_dir():
            emptied.rmdir()  # the copies now lie together, as an older release left them
    before = {p.name: digest(p) for p in files_under(mixed)}
    assert len(before) == 6

    session.open_session(real, now=NOW)
    session.close_session()

    after = {p.relative_to(mixed).as_posix(): digest(p) for p in files_under(mixed)}
    expected = {f"tsj-desk/{p.name}": before[p.name] for p in [*real_files, before_ids]}
    expected |= {f"demo/{p.name}": before[p.name] for p in demo_files}
    expected[unreadable.name] = before[unreadable.name]  # stays where it is
    assert after == expected
    session.open_session(real, now=NOW)
    assert {b.path.name for b in backups.known_backups()} == {p.name for p in [*real_files, before_ids]}
    session.close_session()


# ---------------------------------------------------------------- restoring another base's copy


def test_the_command_line_restores_a_copy_of_another_base_only_with_other_base(tmp_path, capsys):
    office, old_pc = tmp_path / "офис" / "tsj.sqlite3", tmp_path / "старый" / "tsj.sqlite3"
    make_base(old_pc, BEREZKA, premises=7)
    copy = backups.make_backup("manual", now=datetime(2026, 11, 1, 9, 0)).path
    old_id = read(old_pc, "SELECT value FROM setting WHERE key = 'base.id'")
    session.close_session()
    make_base(office, LESNAYA, premises=2)
    session.close_session()
    untouched = digest(office)

    assert main(["restore", str(copy), "--db", str(office)]) == 1
    said = capsys.readouterr().err
    assert BEREZKA in said and LESNAYA in said and "01.11.2026 09:00" in said
    assert "--other-base" in said and "другой базы" in said
    assert digest(office) == untouched
    assert files_under(tmp_path / "офис" / "backups") == set()  # not even a safety copy

    assert main(["restore", str(copy), "--db", str(office), "--other-base"]) == 0
    assert read(office, "SELECT name FROM organization") == [(BEREZKA,)]
    assert read(office, "SELECT count(*) FROM premise") == [(7,)]
    assert read(office, "SELECT value FROM setting WHERE key = 'base.id'") == old_id
    safety = [p for p in files_under(tmp_path / "офис" / "backups")]
    assert len(safety) == 1 and read(safety[0], "SELECT name FROM organization") == [(LESNAYA,)]


# ---------------------------------------------------------------- what a restore refuses


def empty(copy: Path, folder: Path) -> Path:
    bad = folder / "пустая.sqlite3"
    bad.write_bytes(b"")
    return bad


def dev_zero(copy: Path, folder: Path) -> Path:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    bad = folder / "нули.sqlite3"
    bad.symlink_to("/dev/zero")
    return bad


def other_program(copy: Path, folder: Path) -> Path:
    bad = folder / "places.sqlite3"
    with closing(sqlite3.connect(bad)) as connection:
        connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
        connection.execute("PRAGMA user_version = 74")
        connection.commit()
    return bad


def newer_version(copy: Path, folder: Path) -> Path:
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
        connection.commit()
    return copy


def damaged(copy: Path, folder: Path) -> Path:
    data = bytearray(copy.read_bytes())
    data[100:100 + 40_000] = b"\xff" * 40_000  # pages overwritten
    copy.write_bytes(bytes(data))
    return copy


@pytest.mark.parametrize(("spoil", "reason"), [
    (empty, "пуст"), (dev_zero, "не обычный файл"), (other_program, "другой программы"),
    (newer_version, "более новой версией программы"), (damaged, "повреждён"),
])
def test_restore_refuses_what_is_not_a_sound_copy_and_leaves_the_base_as_it_was(
        tmp_path, capsys, spoil, reason):
    db = tmp_path / "tsj.sqlite3"
    make_base(db, BEREZKA, premises=5)
    copy = backups.make_backup("manual", now=datetime(2026, 11, 23, 9, 0)).path
    session.close_session()
    bad = spoil(copy, tmp_path)
    untouched, copies = digest(db), files_under(tmp_path / "backups")

    assert main(["restore", str(bad), "--db", str(db)]) == 2
    said = capsys.readouterr().err
    assert reason in said and "восстановить нельзя" in said and "Traceback" not in said
    assert digest(db) == untouched
    assert files_under(tmp_path / "backups") == copies  # no safety copy either
    assert list(tmp_path.glob("tsj.sqlite3.damaged*")) == [] and list(tmp_path.glob("*.part")) == []
    session.open_session(db, now=NOW)  # the base still opens as it was
    from tsj_desk.services.organization import organization_name
    from tsj_desk.services.registry import count_premises

    assert (organization_name(), count_premises()) == (BEREZKA, 5)
    session.close_session()


# ---------------------------------------------------------------- the logs of a restored base


@pytest.mark.sqlite_only  # copies of the SQLite file (a server base: pg_dump, tests/core/test_server_backups.py)
def test_a_restore_keeps_the_later_disclosures_and_is_in_the_change_log(demo_db, tmp_path):
    from tsj_desk.services.disclosure import export_register

    base = Path(demo_db.database)
    export_register(tmp_path / "реестр-1.xlsx", as_of=TODAY, requested_by="Сидоров С. С., кв. 12",
                    purpose="созыв общего собрания", now=datetime(2026, 11, 23, 10, 0))
    copy = backups.make_backup("manual", now=datetime(2026, 11, 23, 12, 0))
    export_register(tmp_path / "реестр-2.xlsx", as_of=TODAY, requested_by="Петрова А. В., кв. 40",
                    purpose="проверка кворума", now=datetime(2026, 11, 24, 10, 0))

    backups.restore_backup(copy.path, now=datetime(2026, 11, 24, 11, 0))

    logged = read(base, "SELECT requested_by, purpose, at FROM disclosure ORDER BY at")
    assert [row[:2] for row in logged] == [("Сидоров С. С., кв. 12", "созыв общего собрания"),
                                           ("Петрова А. В., кв. 40", "проверка кворума")]
    assert logged[1][2].startswith("2026-11-24 10:00")  # the hand-out keeps its moment
    restores = read(base, "SELECT at, details FROM audit_entry WHERE action = 'restore' AND entity = 'base'")
    assert len(restores) == 1
    assert restores[0][0].startswith("2026-11-24 11:00") and copy.path.name in restores[0][1]


# ---------------------------------------------------------------- demo --db PATH


def test_demo_refuses_a_base_that_is_not_a_demo_and_leaves_it_as_it_was(tmp_path, capsys):
    db = tmp_path / "tsj.sqlite3"
    make_base(db, BEREZKA, premises=4)
    session.close_session()
    untouched = digest(db)
    assert main(["demo", "--no-gui", "--db", str(db)]) == 1
    said = capsys.readouterr().err
    assert "не демонстрационная база" in said and str(db) in said
    assert digest(db) == untouched
    other = tmp_path / "записка.txt"
    other.write_text("не база", encoding="utf-8")
    assert main(["demo", "--no-gui", "--db", str(other)]) == 1
    assert other.read_text(encoding="utf-8") == "не база"


def test_a_demo_base_of_an_older_release_is_still_known_as_one(tmp_path):
    from tsj_desk.services.demo import is_demo_base

    demo = tmp_path / "demo.sqlite3"
    make_base(demo, LESNAYA)  # the demo's organization, without the mark of a demo base
    from tsj_desk.storage.models import Organization

    Organization.update(inn="5022012345").execute()
    session.close_session()
    real = tmp_path / "tsj.sqlite3"
    make_base(real, LESNAYA)  # the same name, another INN: not the demo
    session.close_session()
    assert is_demo_base(demo) and not is_demo_base(real)


HOLDER = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from tsj_desk.services.session import open_session
    open_session(sys.argv[1], lock=True, now=datetime(2026, 11, 24, 12, 0))
    print("locked", flush=True)
    time.sleep(120)
""")


def test_demo_takes_the_lock_and_refills_a_demo_base_nobody_holds(tmp_path, capsys):
    from tsj_desk.services.demo import create_demo_database

    db = tmp_path / "demo.sqlite3"
    create_demo_database(db, today=TODAY)
    session.close_session()
    with closing(sqlite3.connect(db)) as connection:  # a change the refill would wipe out
        connection.execute("UPDATE organization SET chairman = 'Проверка Замка'")
        connection.commit()
    untouched = digest(db)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert main(["demo", "--no-gui", "--db", str(db)]) == 1
        assert "уже открыта" in capsys.readouterr().err
        assert digest(db) == untouched
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    assert main(["demo", "--no-gui", "--db", str(db)]) == 0  # nobody holds it now: refilled
    assert capsys.readouterr().out.strip() == str(db)
    assert read(db, "SELECT chairman FROM organization") == [("Орлова Марина Викторовна",)]
    assert read(db, "SELECT value FROM setting WHERE key = 'base.demo'") == [("1",)]


# ---------------------------------------------------------------- an untouched base


def test_no_automatic_backup_of_a_base_nobody_changed_since_it_was_created(tmp_path):
    from tsj_desk.services.organization import ensure_house

    db = tmp_path / "новая.sqlite3"
    session.open_session(db, now=NOW)
    assert backups.backup_if_changed("exit", now=NOW) is None
    assert backups.backup_if_changed("daily", now=NOW, min_interval_hours=20) is None
    assert files_under(tmp_path / "backups") == set()
    ensure_house("г. Коломна, ул. Лесная, д. 5")  # the first change
    made = backups.backup_if_changed("exit", now=NOW + timedelta(minutes=1))
    assert made is not None and files_under(tmp_path / "backups") == {made.path}
    session.close_session()
