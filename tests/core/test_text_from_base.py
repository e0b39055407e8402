"""Text read from the base is never a reason for a traceback: a value that is not valid
UTF-8 (written by another tool, or a damaged page) reads with the replacement character
«�» in place of its bad bytes, and the name and phone it holds appear nowhere in an
error."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from tests.conftest import NOW
from tsj_desk.cli import main
from tsj_desk.services import journal, session

APPLICANT = "Иванов Иван Иванович, +7 916 000-00-01"


def test_request_list_reads_an_applicant_with_a_bad_byte(tmp_path, capsys):
    base = tmp_path / "тсж.sqlite3"
    assert main(["request", "add", "--db", str(base), "--category", "maintenance",
                 "--received", "2026-11-20 10:00", "--applicant", APPLICANT,
                 "--text", "Течёт кран в подвале"]) == 0
    capsys.readouterr()
    # «Иванов И?ан …»: the «в» of «Иван» (d0 b2) cut to its first byte, the rest as written
    damaged = "Иванов И".encode() + b"\xd0" + "ан Иванович, +7 916 000-00-01".encode()
    with closing(sqlite3.connect(base)) as connection:
        connection.execute("UPDATE request SET applicant = CAST(? AS TEXT)", (damaged,))
        connection.commit()

    code = main(["request", "list", "--db", str(base), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert [row["reg_no"] for row in json.loads(out)] == ["2026-0001"]
    assert err == ""

    session.open_session(base, now=NOW)
    try:
        rows = journal.list_requests(journal.JournalFilter(), today=NOW)
        assert [row.applicant for row in rows] == ["Иванов И\ufffdан Иванович, +7 916 000-00-01"]
    finally:
        session.close_session()
