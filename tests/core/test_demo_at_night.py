"""A demo made at any hour holds nothing that has not happened yet.

Made at 00:36 on 05.12.2026, the demo used to show requests «received» at 08:00 and 09:30
that same day, hours ahead of the clock (the reviewer saw them in the journal).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from tsj_desk.services.demo import create_demo_database
from tsj_desk.storage.database import close_database


@pytest.mark.parametrize("moment", [
    datetime(2026, 12, 5, 0, 36),  # just after midnight
    datetime(2026, 12, 5, 7, 5),  # before the office opens
    datetime(2026, 12, 4, 23, 59),  # late evening
])
def test_demo_made_at_night_has_no_request_from_the_future(tmp_path, moment):
    path = create_demo_database(tmp_path / "demo.sqlite3", today=moment.date(), now=moment)
    close_database()
    base = sqlite3.connect(path)
    try:
        received = [datetime.fromisoformat(r) for (r,) in base.execute("SELECT received_at FROM request")]
        answered = [datetime.fromisoformat(r) for (r,) in base.execute(
            "SELECT answered_at FROM request WHERE answered_at IS NOT NULL")]
        logged = [datetime.fromisoformat(r) for (r,) in base.execute("SELECT at FROM audit_entry")]
    finally:
        base.close()
    assert len(received) >= 300  # the demo's year of requests is still there
    assert max(received) <= moment
    assert max(answered) <= moment
    assert max(logged) <= moment
    # and the journal still has requests received on the demo's last day or the evening before
    assert any((moment - r).total_seconds() < 24 * 3600 for r in received)
