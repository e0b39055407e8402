"""A visit for some entrances whose premises lie in none of them (flats 1–3 are in the
first entrance, the visit is for the second): refused when it is made, not accepted and
then refused at printing, with an empty list of residents and no letters."""

from __future__ import annotations

from tests.core.test_cli_announce import make_base
from tsj_desk.cli import main


def test_a_visit_to_premises_outside_its_entrances_is_refused_when_made(capsys, db_target):
    make_base(db_target)  # flats 1–3 in entrance 1, flats 4–6 in entrance 2
    code = main(["announce", "add", "visit", "--db", str(db_target), "--start", "08.12.2026 10:00",
                 "--end", "08.12.2026 13:00", "--work", "verification", "--entrances", "2",
                 "--premises", "1-3"])
    assert code == 1
    assert "Ни в одном из выбранных подъездов нет помещений визита" in capsys.readouterr().err
    assert main(["announce", "list", "--db", str(db_target)]) == 0
    assert "Поверка" not in capsys.readouterr().out  # nothing kept


def test_a_visit_to_premises_of_its_entrance_is_made(capsys, db_target):
    make_base(db_target)
    code = main(["announce", "add", "visit", "--db", str(db_target), "--start", "08.12.2026 10:00",
                 "--end", "08.12.2026 13:00", "--work", "verification", "--entrances", "2",
                 "--premises", "1-5"])
    assert code == 0, capsys.readouterr().err
    assert "Объявление № 1 создано" in capsys.readouterr().out
