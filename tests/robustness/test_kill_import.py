"""Crash safety: an import of 50,000 readings killed with SIGKILL at random moments.

A database with 50,000 meters (and one earlier reading each) and a readings file
of 50,000 rows are made once. An uninterrupted ``python -m tsj_desk
import-readings`` is timed first; then, on fresh copies of the database, the same
command is killed at 12 moments drawn uniformly at random (seeded) from 12 equal
slices of that time, so the kills spread over start-up, parsing, checking and
writing. After each kill plain ``sqlite3`` must find the file sound
(``integrity_check``, ``foreign_key_check``) and holding either none or all of the
file's readings — never a part.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hostile_files import sheet_xml, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
METERS = 50_000
KILLS = 12  # at moments spread uniformly over the whole run
WRITE_KILLS = 4  # and more while the import is writing
SEED = 20261124

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only"),
]


def _periods() -> tuple[str, str, date]:
    """Two months ago (the history), last month (the file) and its day: never in the
    future, whatever the date the test runs on (the command line uses today)."""
    last_month = date.today().replace(day=1) - timedelta(days=1)
    before = last_month.replace(day=1) - timedelta(days=1)
    return f"{before:%Y-%m}", f"{last_month:%Y-%m}", last_month.replace(day=20)


def _build_database(path: Path, rng: random.Random) -> list[float]:
    from tsj_desk.domain.premises import premise_sort_text
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.database import close_database, database, open_database
    from tsj_desk.storage.models import Meter, Premise, Reading

    history, _, taken = _periods()
    day = date(int(history[:4]), int(history[5:]), 20)
    open_database(path)
    try:
        with database.atomic():
            house = ensure_house("Дом для теста сбоев")
            premises = METERS // 2
            insert_rows(Premise, ["house", "number", "sort_key", "kind", "account", "search_key"],
                        ((house, str(n), premise_sort_text(str(n)), "flat", f"{n:06d}", str(n))
                         for n in range(1, premises + 1)))
            insert_rows(Meter, ["premise", "resource", "tariffs", "serial", "digits"],
                        ((n // 2 + 1, "cold_water" if n % 2 else "hot_water", 1, f"M{n:06d}", 6)
                         for n in range(METERS)))
            values = [round(rng.uniform(10, 500), 3) for _ in range(METERS)]
            insert_rows(Reading, ["meter", "period", "taken_on", "t1"],
                        ((m + 1, history, day, f"{values[m]:.3f}") for m in range(METERS)))
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        close_database()
    return values


def _build_file(path: Path, values: list[float], rng: random.Random) -> Path:
    _, period, taken = _periods()
    cells = []
    for m, value in enumerate(values):
        n = m + 2
        text = (f"{m // 2 + 1:06d}", str(m // 2 + 1), f"M{m:06d}", f"{period[5:]}.{period[:4]}",
                f"{taken:%d.%m.%Y}")
        row = "".join(f'<c r="{col}{n}" t="inlineStr"><is><t>{v}</t></is></c>' for col, v in zip("ABCDE", text))
        cells.append(f'<row r="{n}">{row}<c r="F{n}"><v>{value + rng.uniform(2, 6):.3f}</v></c></row>')
    header = "".join(f'<c r="{col}1" t="inlineStr"><is><t>{v}</t></is></c>' for col, v in
                     zip("ABCDEF", ("Лицевой счёт", "Кв.", "Номер счётчика", "Период", "Дата снятия", "Показание")))
    rows = f'<row r="1">{header}</row>' + "".join(cells)
    return write_xlsx(path, sheet_xml(rows.encode()))


@pytest.fixture(scope="session")
def kill_setup(tmp_path_factory) -> tuple[Path, Path, int]:
    """(database, readings file, readings in the database): made once per session."""
    folder = tmp_path_factory.mktemp("kill")
    rng = random.Random(SEED)
    database = folder / "base.sqlite3"
    values = _build_database(database, rng)
    workbook = _build_file(folder / "readings.xlsx", values, rng)
    return database, workbook, METERS


def _command(workbook: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "tsj_desk", "import-readings", str(workbook), "--db", str(db)]


def _state(db: Path) -> tuple[str, list, int, int]:
    """integrity_check, foreign_key_check, readings, import batches — plain sqlite3."""
    connection = sqlite3.connect(db)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
        readings = connection.execute("SELECT count(*) FROM reading").fetchone()[0]
        batches = connection.execute("SELECT count(*) FROM import_batch").fetchone()[0]
    finally:
        connection.close()
    return integrity, foreign, readings, batches


def _fresh_copy(base: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        source = base.with_name(base.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return target


def test_killed_import_leaves_all_or_nothing(kill_setup, tmp_path):
    base, workbook, original = kill_setup
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    # an uninterrupted run: how long the whole command takes, and what it leaves
    db = _fresh_copy(base, tmp_path / "whole.sqlite3")
    started = time.perf_counter()
    done = subprocess.run(_command(workbook, db), cwd=ROOT, env=env, capture_output=True, timeout=300)
    duration = time.perf_counter() - started
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    integrity, foreign, readings, _ = _state(db)
    assert (integrity, foreign, readings) == ("ok", [], original + METERS)

    # the write phase, seen from outside: from the write-ahead log's growth to the end
    db = _fresh_copy(base, tmp_path / "timed.sqlite3")
    proc = subprocess.Popen(_command(workbook, db), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    writing_from = _wait_for_writing(proc, db)
    proc.wait(timeout=300)
    writing = max(time.perf_counter() - writing_from, 0.05) if writing_from else 0.0

    rng = random.Random(SEED)
    outcomes = []
    for k in range(KILLS):
        moment = duration * (k + rng.random()) / KILLS  # uniform within the k-th slice of the run
        outcomes.append(_kill_and_check(base, workbook, tmp_path / f"killed{k}.sqlite3", env, original,
                                        lambda proc, db, moment=moment: time.sleep(moment), moment))
    for k in range(WRITE_KILLS if writing else 0):
        delay = writing * rng.random()  # uniform within the write phase

        def wait(proc, db, delay=delay):
            if _wait_for_writing(proc, db):
                time.sleep(delay)
        outcomes.append(_kill_and_check(base, workbook, tmp_path / f"writing{k}.sqlite3", env, original,
                                        wait, f"writing+{delay:.2f}"))
    print(f"\nuninterrupted: {duration:.2f} s, writing the last {writing:.2f} s; kills "
          f"(moment, finished before the kill, readings added): {outcomes}")
    assert len(outcomes) >= 10


def _wait_for_writing(proc: subprocess.Popen, db: Path) -> float | None:
    """Poll until the write-ahead log grows past 256 KB (the import is writing)."""
    wal = db.with_name(db.name + "-wal")
    while proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 256 * 1024:
            return time.perf_counter()
        time.sleep(0.002)
    return None


def _kill_and_check(base: Path, workbook: Path, db: Path, env: dict, original: int, wait,
                    moment) -> tuple:
    db = _fresh_copy(base, db)
    proc = subprocess.Popen(_command(workbook, db), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait(proc, db)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    integrity, foreign, readings, batches = _state(db)
    assert integrity == "ok", (moment, integrity)
    assert foreign == [], (moment, foreign[:5])
    assert readings in (original, original + METERS), (moment, readings - original)
    assert batches == (1 if readings == original + METERS else 0), (moment, batches)
    return (moment if isinstance(moment, str) else round(moment, 2), finished, readings - original)
