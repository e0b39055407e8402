"""A deadline in a year without a decree: the command line and the journal say the calendar
was computed by ТК РФ ст. 112 ч. 2 (legal-ru.md §7; the derivations are in
tests/domain/test_calendar_computed_years.py)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from tsj_desk.services import journal

ROOT = Path(__file__).resolve().parents[2]
NOTE_2028 = ("2028 год: производственный календарь рассчитан по ТК РФ ст. 112, "
             "постановления Правительства ещё нет")


def tsj(*args):
    return subprocess.run([sys.executable, "-m", "tsj_desk", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_deadline_in_2028_is_8_november_and_says_the_year_is_computed():
    # 3 working days after Thu 02.11.2028: Fri 03.11; Sat 04.11 (holiday), Sun 05.11 and
    # Mon 06.11 (its day off, ст. 112 ч. 2) are off; Tue 07.11; Wed 08.11
    result = tsj("deadline", "utility_info", "2028-11-02 10:00")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "08.11.2028\n"  # ДД.ММ.ГГГГ however the moment was typed
    assert result.stderr == f"{NOTE_2028}.\n"


def test_cli_deadline_in_an_official_year_prints_no_note():
    result = tsj("deadline", "utility_info", "2026-11-02 10:00")
    assert result.returncode == 0 and result.stderr == ""
    # after Mon 02.11.2026: Tue 03.11 (1), Wed 04.11 a holiday, Thu 05.11 (2), Fri 06.11 (3)
    assert result.stdout == "06.11.2026\n"


def test_cli_deadline_with_a_base_says_it_too(tmp_path):
    db = tmp_path / "j.sqlite3"
    added = tsj("request", "add", "--db", db, "--category", "maintenance", "--received",
                "2026-11-02 10:00", "--applicant", "Иванов", "--text", "Течёт кран")
    assert added.returncode == 0, added.stderr
    # 5 working days after Wed 01.11.2028: Thu 02, Fri 03, Tue 07, Wed 08, Thu 09.11
    result = tsj("deadline", "maintenance", "2028-11-01", "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "09.11.2028\n"
    assert NOTE_2028 in result.stderr


def test_the_journal_keeps_the_note_with_the_deadline(db, fixed_clock):
    fixed_clock.moment = now = datetime(2028, 11, 2, 12, 0)
    reg_no = journal.register_request(journal.RequestInput(
        category="utility_info", received_at=datetime(2028, 11, 2, 10, 0), applicant="Петрова",
        text="Показания ОДПУ за октябрь"), now=now)
    card = journal.request_card(reg_no)
    assert card.due_date == date(2028, 11, 8)
    assert card.deadline_basis == f"3 рабочих дня, ПП 416 п. 34; {NOTE_2028}"


def test_cli_deadline_json_gives_the_iso_date_and_says_the_year_is_computed():
    import json

    result = tsj("deadline", "utility_info", "2028-11-02 10:00", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["due"] == "2028-11-08" and answer["computed_year"] is True
    assert NOTE_2028 in answer["explanation"]
    official = json.loads(tsj("deadline", "utility_info", "2026-11-02 10:00", "--json").stdout)
    assert official == {"due": "2026-11-06", "computed_year": False,
                        "explanation": official["explanation"]}
    assert "рассчитан" not in official["explanation"]
