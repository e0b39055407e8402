"""Five PCs started together on one empty server base all open it: the migrations run
under an advisory lock, so one migrates and the others wait, instead of four failing on
the tables the first one is creating."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psycopg

from tsj_desk.domain.deadlines import DEFAULT_CATEGORIES
from tsj_desk.storage.migrations import LATEST_VERSION

ROOT = Path(__file__).resolve().parents[2]

PC = """
import sys, time
from datetime import datetime
from pathlib import Path
from tsj_desk.services.session import close_session, open_session
from tsj_desk.storage.database import database
from tsj_desk.storage.migrations import schema_version

go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.002)
open_session(sys.argv[1], now=datetime(2026, 11, 24, 12, 0))
print(schema_version(database.obj))
close_session()
"""


def test_five_pcs_starting_together_on_an_empty_server_base_all_open_it(pg_url, tmp_path):
    go = tmp_path / "go"
    pcs = [subprocess.Popen([sys.executable, "-c", PC, pg_url, str(go)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(5)]
    time.sleep(3)  # every PC has imported the program and waits for the start
    go.touch()
    finished = [pc.communicate(timeout=240) for pc in pcs]
    for pc, (out, err) in zip(pcs, finished):
        assert "IntegrityError" not in err
        assert (pc.returncode, out.strip()) == (0, str(LATEST_VERSION)), err
    with psycopg.connect(pg_url) as connection:
        versions = [v for (v,) in connection.execute(
            "SELECT version FROM schema_version ORDER BY version")]
        categories = connection.execute('SELECT count(*) FROM "request_category"').fetchone()[0]
    assert versions == list(range(1, LATEST_VERSION + 1))  # each migration ran once
    assert categories == len(DEFAULT_CATEGORIES)  # the seeded categories are not doubled
