"""Server benchmark: the same work on SQLite and on PostgreSQL over an office network.

Prints, in one run:

* the import of a readings file of 10,000 readings (10,000 meters with three months of
  history) through the application, on a SQLite file and on PostgreSQL reached through
  a TCP proxy that holds every client → server message for 1 ms (an office network's
  round trip); target: PostgreSQL ≤ 3× SQLite;
* saving a readings grid of 300 readings on both (PostgreSQL through the proxy);
* the journal keystroke on 100,000 requests (a filter of three and more letters: the
  count, the overdue count and the first page of 200 rows, as the journal page asks
  for them) on both engines, PostgreSQL through the same proxy; target ≤ 0.1 s;
* how many round trips the import made through the proxy (the times the program waited
  for the server's answer before speaking again).

Every figure is the median of 3 runs. The server is named by ``--db URL`` or by
``TSJ_TEST_PG_URL`` (a role that may create databases: each base is a database of its
own, dropped at the end). Run:
``uv run python benchmarks/server.py --db postgresql://user:password@host:5432/postgres``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

METERS = 10_000
REQUESTS = 100_000
GRID = 300  # readings of a grid save
REPEATS = 3
DELAY = 0.001  # seconds added to every client → server message
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0)
NEEDLES = ("ива", "иван", "течё", "вод")  # typing a surname, a word of the text
SHORT_NEEDLES = ("и", "ив")  # the first letters: no trigram to look up (shown, no target)


# ---------------------------------------------------------------- the 1 ms proxy


class DelayProxy:
    """A TCP proxy on 127.0.0.1 (its own thread and event loop) that forwards each chunk
    the client sends ``delay`` seconds after it arrived, in order, and the server's answers
    at once: a network's latency (chunks sent back to back are each delayed, not queued
    behind one another). ``round_trips`` counts the times the client spoke again after
    the server had answered: the waits an import pays the latency for."""

    def __init__(self, host: str, port: int, delay: float = DELAY):
        self.target = (host, port)
        self.delay = delay
        self.round_trips = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, client_reader, client_writer) -> None:
        server_reader, server_writer = await asyncio.open_connection(*self.target)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        answered = [True]  # the server spoke since the client last did

        async def upstream() -> None:
            while data := await client_reader.read(1 << 16):
                if answered[0]:
                    self.round_trips += 1
                    answered[0] = False
                queue.put_nowait((loop.time() + self.delay, data))
            queue.put_nowait((0.0, b""))

        async def forward() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    break
                if (wait := due - loop.time()) > 0:
                    await asyncio.sleep(wait)
                server_writer.write(data)
                await server_writer.drain()
            server_writer.close()

        async def downstream() -> None:
            while data := await server_reader.read(1 << 16):
                answered[0] = True
                client_writer.write(data)
                await client_writer.drain()
            client_writer.close()

        await asyncio.gather(upstream(), forward(), downstream(), return_exceptions=True)

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        auth = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
        return urlunsplit(parts._replace(netloc=f"{auth}127.0.0.1:{self.port}"))


# ---------------------------------------------------------------- server databases


class Server:
    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.made: list[str] = []

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(sql)

    def create(self, template: str | None = None) -> str:
        name = f"tsj_bench_{uuid.uuid4().hex[:10]}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.made.append(name)
        return name

    def url(self, name: str) -> str:
        return urlunsplit(urlsplit(self.admin_url)._replace(path=f"/{name}"))

    def drop_all(self) -> None:
        for name in self.made:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------- the import


def import_once(target: str | Path, workbook: Path) -> float:
    from tsj_desk.services.readings import import_readings
    from tsj_desk.storage.database import close_database, open_database

    open_database(target)
    started = time.perf_counter()
    report = import_readings(workbook, today=TODAY, now=NOW, backup=False)
    elapsed = time.perf_counter() - started
    close_database()
    assert report.imported == METERS, (report.imported, report.errors[:3])
    return elapsed


def grid_save_once(target: str | Path) -> float:
    """Save a grid of ``GRID`` readings over the imported ones (at the versions read)."""
    from tsj_desk.services.reading_versions import reading_versions
    from tsj_desk.services.readings import save_entries
    from tsj_desk.storage.database import close_database, open_database
    from tsj_desk.storage.models import Reading

    open_database(target)
    period = Reading.select(peewee_max(Reading.period)).scalar()
    rows = (Reading.select(Reading.meter, Reading.t1).where(Reading.period == period)
            .order_by(Reading.meter).limit(GRID).tuples())
    entries = [(meter_id, (float(t1) + 0.5, None, None), None) for meter_id, t1 in rows]
    versions = reading_versions(period, [e[0] for e in entries])
    started = time.perf_counter()
    saved = save_entries(period, entries, today=TODAY, now=NOW, versions=versions)
    elapsed = time.perf_counter() - started
    close_database()
    assert saved == GRID
    return elapsed


def peewee_max(field):
    import peewee

    return peewee.fn.MAX(field)


def import_figures(folder: Path, server: Server, proxy: DelayProxy) -> dict[str, float]:
    from readings import make_workbook, periods, setup_meters

    from tsj_desk.storage.database import close_database

    history = periods(4)
    rng = random.Random(5)
    seed = folder / "seed.sqlite3"
    last = setup_meters(seed, METERS, history[:3], rng)
    close_database()
    workbook = folder / "readings.xlsx"
    make_workbook(workbook, list(last), history[3:], random.Random(6))

    template = server.create()
    setup_meters(server.url(template), METERS, history[:3], random.Random(5))
    close_database()

    sqlite_times, server_times, trips, sqlite_grid, server_grid = [], [], [], [], []
    for run in range(REPEATS):
        base = folder / f"run{run}.sqlite3"
        shutil.copy(seed, base)
        sqlite_times.append(import_once(base, workbook))
        sqlite_grid.append(grid_save_once(base))
        url = proxy.url(server.url(server.create(template)))
        before = proxy.round_trips
        server_times.append(import_once(url, workbook))
        trips.append(proxy.round_trips - before)
        server_grid.append(grid_save_once(url))
    return {"sqlite": statistics.median(sqlite_times), "server": statistics.median(server_times),
            "trips": statistics.median(trips), "sqlite_grid": statistics.median(sqlite_grid),
            "server_grid": statistics.median(server_grid)}


# ---------------------------------------------------------------- the journal keystroke


def keystroke_time(target: str | Path, needles: tuple[str, ...] = NEEDLES) -> float:
    from dataclasses import replace

    from tsj_desk.services.journal import JournalFilter, count_requests, list_requests
    from tsj_desk.storage.database import close_database, open_database

    open_database(target)
    times = []
    for needle in needles:
        flt = JournalFilter(text=needle)
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            count_requests(flt, today=NOW)
            count_requests(replace(flt, overdue=True), today=NOW)
            rows = list_requests(flt, today=NOW, offset=0, limit=200)
            runs.append(time.perf_counter() - started)
        assert rows, needle
        times.append(statistics.median(runs))
    close_database()
    return max(times)  # the slowest needle's median


def journal_figures(folder: Path, server: Server, proxy: DelayProxy) -> dict[str, float]:
    from journal import generate

    from tsj_desk.storage.database import close_database, open_database

    base = folder / "journal.sqlite3"
    open_database(base)
    generate(REQUESTS)
    close_database()
    name = server.create()
    open_database(server.url(name))
    generate(REQUESTS)
    close_database()
    url = proxy.url(server.url(name))
    return {"sqlite": keystroke_time(base), "server": keystroke_time(url),
            "sqlite_short": keystroke_time(base, SHORT_NEEDLES),
            "server_short": keystroke_time(url, SHORT_NEEDLES)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("TSJ_TEST_PG_URL"),
                        help="a PostgreSQL URL of a role that may create databases "
                             "(default: TSJ_TEST_PG_URL)")
    args = parser.parse_args()
    if not args.db:
        sys.exit("Укажите сервер PostgreSQL: --db postgresql://… или переменная TSJ_TEST_PG_URL.")
    parts = urlsplit(args.db)
    server = Server(args.db)
    proxy = DelayProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    try:
        with tempfile.TemporaryDirectory() as folder:
            imports = import_figures(Path(folder), server, proxy)
            keystrokes = journal_figures(Path(folder), server, proxy)
    finally:
        server.drop_all()
    ratio = imports["server"] / imports["sqlite"]
    print(f"readings import, {METERS:_} readings (median of {REPEATS}):".replace("_", " "))
    print(f"  SQLite:                          {imports['sqlite']:6.2f} s")
    print(f"  PostgreSQL, +{DELAY * 1000:.0f} ms per round trip: {imports['server']:6.2f} s "
          f"({imports['trips']:.0f} round trips, opening the base included)")
    print(f"  ratio: {ratio:4.2f} (target ≤ 3)")
    print(f"saving a readings grid of {GRID} readings (median of {REPEATS}):")
    print(f"  SQLite:                          {imports['sqlite_grid']:6.3f} s")
    print(f"  PostgreSQL, +{DELAY * 1000:.0f} ms per round trip: {imports['server_grid']:6.3f} s")
    print(f"journal keystroke, {REQUESTS:_} requests".replace("_", " ")
          + f", slowest of {', '.join(NEEDLES)} (median of {REPEATS}):")
    print(f"  SQLite:                          {keystrokes['sqlite']:6.3f} s (target ≤ 0.1 s)")
    print(f"  PostgreSQL, +{DELAY * 1000:.0f} ms per round trip: {keystrokes['server']:6.3f} s "
          "(target ≤ 0.1 s)")
    print(f"  the first one or two letters ({', '.join(SHORT_NEEDLES)}): SQLite "
          f"{keystrokes['sqlite_short']:.3f} s, PostgreSQL {keystrokes['server_short']:.3f} s")


if __name__ == "__main__":
    main()
