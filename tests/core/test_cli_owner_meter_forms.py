"""The command-line forms of what the window does with owners and meters (issue 12):
``owner list|edit|correct``, ``sale undo``, ``meter edit|replace|archive``. Each on a base
made by the command line itself; each result read back through ``owner list`` or
``meter list --json`` and compared with what was passed; each refusal exits 1 with its
Russian reason, an unknown id or name exits 2.

Runs ``tsj_desk.cli.main`` in this process under the suite's fixed clock (2026-11-24).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.cli_run import register_base, run
from tests.conftest import NOW


# ---------------------------------------------------------------- owners


@pytest.fixture
def registry(tmp_path, db_target, capsys) -> Path:
    """Premises 1–6 and Н-1 with their owners, from the register import."""
    return register_base(tmp_path, capsys, db_target)


def owners(capsys, db: Path, premise: str) -> list[dict]:
    code, out, err = run(capsys, "owner", "list", "--db", db, "--premise", premise, "--json")
    assert code == 0, err
    return json.loads(out)


def test_owner_list_gives_the_current_owners_with_ids_shares_and_egrn(registry, capsys):
    listed = owners(capsys, registry, "2")
    assert [(o["name"], o["share"], o["share_num"], o["share_den"]) for o in listed] == [
        ("Белкина Ирина Олеговна", "1/2", 1, 2), ("Белкин Олег Юрьевич", "1/2", 1, 2)]
    assert all(isinstance(o["id"], int) for o in listed)
    assert listed[1]["egrn_number"] == "50:21:0040101:1202-50/021/2018-3"
    assert listed[1]["phone"] == "+79161000002"  # the file's «+7 916 100-00-02», normalised
    assert [o["member"] for o in listed] == [False, False]


def test_owner_list_of_an_unknown_premise_exits_2(registry, capsys):
    code, out, err = run(capsys, "owner", "list", "--db", registry, "--premise", "99", "--json")
    assert (code, out) == (2, "")
    assert "99" in err


def test_owner_edit_writes_the_card_and_membership(registry, capsys):
    first = owners(capsys, registry, "1")[0]
    code, out, err = run(capsys, "owner", "edit", first["id"], "--db", registry,
                         "--inn", "500100732259", "--phone", "+7 900 000-00-00",
                         "--email", "abramov@example.ru", "--postal-address", "г. Коломна, а/я 5",
                         "--member", "yes", "--member-since", "2020-01-01")
    assert code == 0, err
    assert "записана" in out
    after = owners(capsys, registry, "1")[0]
    assert after["id"] == first["id"]
    assert (after["inn"], after["phone"], after["email"], after["postal_address"]) == (
        "500100732259", "+79000000000", "abramov@example.ru", "г. Коломна, а/я 5")
    assert (after["member"], after["member_since"], after["member_until"]) == (True, "2020-01-01", None)
    assert (after["name"], after["share"]) == (first["name"], first["share"])  # untouched

    # the membership ends; a member no longer
    assert run(capsys, "owner", "edit", first["id"], "--db", registry, "--member-until", "2025-06-30")[0] == 0
    assert owners(capsys, registry, "1")[0]["member_until"] == "2025-06-30"
    assert run(capsys, "owner", "edit", first["id"], "--db", registry, "--member", "no")[0] == 0
    after = owners(capsys, registry, "1")[0]
    assert (after["member"], after["member_since"], after["member_until"]) == (False, None, None)


@pytest.mark.parametrize("options, reason", [
    (["--inn", "500100732258"], "неверная контрольная цифра"),
    (["--email", "не почта"], "почт"),
    (["--member", "yes", "--member-since", "2015-01-01"], "раньше права собственности"),
    (["--member", "yes", "--member-since", "2021-01-01", "--member-until", "2020-01-01"], "раньше"),
])
def test_owner_edit_refused_by_the_data_exits_1_and_writes_nothing(registry, capsys, options, reason):
    before = owners(capsys, registry, "1")
    code, out, err = run(capsys, "owner", "edit", before[0]["id"], "--db", registry, *options)
    assert (code, out) == (1, "")
    assert reason in err.lower() or reason in err
    assert owners(capsys, registry, "1") == before


def test_owner_edit_bad_arguments_and_unknown_id_exit_2(registry, capsys):
    code, _, err = run(capsys, "owner", "edit", "999", "--db", registry, "--phone", "1")
    assert code == 2
    assert "999" in err
    assert run(capsys, "owner", "edit", "1", "--db", registry, "--member", "может быть")[0] == 2
    assert run(capsys, "owner", "edit", "1", "--db", registry, "--member-since", "2020/01/01")[0] == 2


def test_owner_correct_fixes_the_name_and_share_in_place(registry, capsys):
    first = owners(capsys, registry, "1")[0]
    code, out, err = run(capsys, "owner", "correct", first["id"], "--db", registry,
                         "--reason", "опечатка в отчестве и доле", "--name", "Абрамов Николай Павлович",
                         "--share", "1/2")
    assert code == 0, err
    assert "исправлена" in out
    after = owners(capsys, registry, "1")
    assert len(after) == 1
    assert (after[0]["id"], after[0]["name"], after[0]["share"], after[0]["share_num"],
            after[0]["share_den"]) == (first["id"], "Абрамов Николай Павлович", "1/2", 1, 2)
    assert after[0]["egrn_number"] == first["egrn_number"]


def test_owner_correct_refusals(registry, capsys):
    first = owners(capsys, registry, "1")[0]
    code, out, err = run(capsys, "owner", "correct", first["id"], "--db", registry,
                         "--name", "Абрамов Николай Павлович")
    assert (code, out) == (1, "")
    assert "Укажите, в чём была ошибка" in err
    # two halves of premise 2: one of them cannot become 3/4
    half = owners(capsys, registry, "2")[0]
    code, out, err = run(capsys, "owner", "correct", half["id"], "--db", registry,
                         "--reason", "доля", "--share", "3/4")
    assert (code, out) == (1, "")
    assert "2" in err
    assert owners(capsys, registry, "2")[0]["share"] == "1/2"
    assert owners(capsys, registry, "1")[0]["name"] == first["name"]
    # an unreadable share is a bad argument, an unknown record an unknown id
    assert run(capsys, "owner", "correct", first["id"], "--db", registry, "--reason", "x",
               "--share", "половина")[0] == 2
    code, _, err = run(capsys, "owner", "correct", "999", "--db", registry, "--reason", "x",
                       "--name", "Иванов Иван Иванович")
    assert code == 2
    assert "999" in err


def _sell(db: Path, premise: str, buyer: str, on: date) -> None:
    """A sale as the window's transfer dialog writes it (there is no command for it)."""
    from tsj_desk.services.premises import find_premise
    from tsj_desk.services.registry import OwnerInput, premise_card, transfer_ownership
    from tsj_desk.services.session import close_session, open_session

    open_session(db, lock=True, now=NOW)
    try:
        premise_id = find_premise(1, premise).id
        sellers = [o.id for o in premise_card(premise_id).current]
        transfer_ownership(premise_id, sellers, [OwnerInput(buyer)], on=on, now=NOW)
    finally:
        close_session()


def test_sale_undo_brings_the_sellers_back(registry, capsys):
    before = owners(capsys, registry, "3")
    _sell(registry, "3", "Зайцев Игорь Петрович", date(2026, 11, 2))
    assert [o["name"] for o in owners(capsys, registry, "3")] == ["Зайцев Игорь Петрович"]
    code, out, err = run(capsys, "sale", "undo", "--db", registry, "--premise", "3")
    assert code == 0, err
    assert "02.11.2026" in out and "отменён" in out
    assert owners(capsys, registry, "3") == before
    # nothing left to undo
    code, out, err = run(capsys, "sale", "undo", "--db", registry, "--premise", "3")
    assert (code, out) == (1, "")
    assert "нет перехода права, который можно отменить" in err


def test_sale_undo_refused_after_the_buyers_record_was_edited(registry, capsys):
    _sell(registry, "3", "Зайцев Игорь Петрович", date(2026, 11, 2))
    buyer = owners(capsys, registry, "3")[0]
    assert run(capsys, "owner", "edit", buyer["id"], "--db", registry, "--phone", "+7 901 111-22-33")[0] == 0
    code, out, err = run(capsys, "sale", "undo", "--db", registry, "--premise", "3")
    assert (code, out) == (1, "")
    assert "не отменён" in err and "изменена после перехода" in err
    assert [o["name"] for o in owners(capsys, registry, "3")] == ["Зайцев Игорь Петрович"]


def test_sale_undo_with_no_sale_and_unknown_premise(registry, capsys):
    code, out, err = run(capsys, "sale", "undo", "--db", registry, "--premise", "1")
    assert (code, out) == (1, "")
    assert "У помещения 1 нет перехода права" in err
    code, _, err = run(capsys, "sale", "undo", "--db", registry, "--premise", "99")
    assert code == 2
    assert "99" in err
    assert run(capsys, "sale", "undo", "--db", registry, "--premise", "1", "--house", "7")[0] == 2


# ---------------------------------------------------------------- meters


@pytest.fixture
def office(db_target, capsys) -> Path:
    """Organisation, one house, premises 1 and 2, a cold-water meter in 1: all by command line."""
    db = db_target
    assert run(capsys, "org", "set", "--db", db, "--kind", "ТСЖ", "--name", "ТСЖ «Берёзка»")[0] == 0
    assert run(capsys, "house", "add", "--db", db, "--address", "г. Коломна, ул. Лесная, д. 5")[0] == 0
    for number in ("1", "2"):
        code, _, err = run(capsys, "premise", "add", "--db", db, "--house", "1", "--number", number,
                           "--kind", "flat", "--area", "50")
        assert code == 0, err
    code, _, err = run(capsys, "meter", "add", "--db", db, "--premise", "1", "--resource", "ХВС",
                       "--serial", "ХВ-1", "--place", "ванная", "--installed", "2024-05-01",
                       "--initial", "12,5")
    assert code == 0, err
    return db


def meters(capsys, db: Path) -> dict[int, dict]:
    code, out, err = run(capsys, "meter", "list", "--db", db, "--archived", "--json")
    assert code == 0, err
    return {m["id"]: m for m in json.loads(out)}


def test_meter_edit_corrects_the_given_fields_only(office, capsys):
    code, out, err = run(capsys, "meter", "edit", "1", "--db", office, "--serial", "ХВ-2",
                         "--model", "СВК-15", "--verified", "2025-01-10", "--interval", "6",
                         "--gis-number", "7777-0001")
    assert code == 0, err
    assert "записана" in out
    card = meters(capsys, office)[1]
    assert (card["serial"], card["model"], card["verified_on"], card["interval_years"],
            card["gis_number"]) == ("ХВ-2", "СВК-15", "2025-01-10", 6, "7777-0001")
    assert (card["place"], card["installed_on"], card["initial"], card["premise_number"],
            card["resource"]) == ("ванная", "2024-05-01", [12.5, None, None], "1", "cold_water")
    assert card["next_verification"] == "2031-01-10"
    code, out, _ = run(capsys, "meter", "edit", "1", "--db", office, "--serial", "ХВ-2")
    assert code == 0 and "не изменилась" in out


def test_meter_edit_refusals(office, capsys):
    before = meters(capsys, office)
    code, out, err = run(capsys, "meter", "edit", "1", "--db", office, "--installed", "2027-01-01")
    assert (code, out) == (1, "")
    assert err
    assert run(capsys, "meter", "edit", "1", "--db", office, "--resource", "пар")[0] == 2
    code, _, err = run(capsys, "meter", "edit", "99", "--db", office, "--serial", "X")
    assert code == 2
    assert "Счётчик № 99 не найден." in err
    assert meters(capsys, office) == before


def test_meter_replace_archives_the_old_and_adds_the_new_in_its_place(office, capsys):
    code, out, err = run(capsys, "meter", "replace", "1", "--db", office, "--final", "20,25",
                         "--serial", "ХВ-9", "--gis-number", "7777-0009", "--initial", "0,5",
                         "--on", "2026-11-20")
    assert code == 0, err
    assert "заменён 20.11.2026" in out
    found = meters(capsys, office)
    assert len(found) == 2
    old = found[1]
    new_id = old["replaced_by"]
    new = found[new_id]
    assert old["archived_on"] == "2026-11-20"
    assert old["last_reading"] == {"period": "2026-11", "taken_on": "2026-11-20",
                                   "values": [20.25, None, None]}
    assert (new["serial"], new["gis_number"], new["premise_number"], new["resource"], new["tariffs"],
            new["installed_on"], new["initial"], new["archived_on"]) == (
        "ХВ-9", "7777-0009", "1", "cold_water", 1, "2026-11-20", [0.5, None, None], None)


def test_meter_replace_refusals(office, capsys):
    before = meters(capsys, office)
    code, out, err = run(capsys, "meter", "replace", "1", "--db", office, "--final", "10",
                         "--serial", "ХВ-9")
    assert (code, out) == (1, "")
    assert "Конечное показание" in err and "меньше предыдущего" in err
    code, out, err = run(capsys, "meter", "replace", "1", "--db", office, "--final", "20",
                         "--serial", "ХВ-9", "--on", "2026-12-01")
    assert (code, out) == (1, "")
    assert "ещё не наступила" in err
    assert meters(capsys, office) == before
    assert run(capsys, "meter", "replace", "1", "--db", office, "--final", "1", "2", "3", "4",
               "--serial", "ХВ-9")[0] == 2
    assert run(capsys, "meter", "replace", "1", "--db", office, "--serial", "ХВ-9")[0] == 2
    code, _, err = run(capsys, "meter", "replace", "99", "--db", office, "--final", "20",
                       "--serial", "ХВ-9")
    assert code == 2
    assert "99" in err


def test_meter_archive_takes_the_meter_out_of_service(office, capsys):
    code, out, err = run(capsys, "meter", "archive", "1", "--db", office, "--final", "31",
                         "--on", "2026-11-24")
    assert code == 0, err
    assert "снят 24.11.2026" in out
    card = meters(capsys, office)[1]
    assert card["archived_on"] == "2026-11-24"
    assert card["replaced_by"] is None
    assert card["last_reading"]["values"] == [31.0, None, None]
    code, out, err = run(capsys, "meter", "list", "--db", office, "--json")
    assert (code, json.loads(out)) == (0, [])  # not among the meters in service
    # a second time: refused
    code, out, err = run(capsys, "meter", "archive", "1", "--db", office)
    assert (code, out) == (1, "")
    assert "уже снят 24.11.2026" in err


def test_meter_archive_refusals(office, capsys):
    code, out, err = run(capsys, "meter", "archive", "1", "--db", office, "--on", "2024-01-01")
    assert (code, out) == (1, "")
    assert "раньше даты установки" in err
    code, out, err = run(capsys, "meter", "archive", "1", "--db", office, "--final", "3")
    assert (code, out) == (1, "")
    assert "меньше предыдущего" in err
    assert meters(capsys, office)[1]["archived_on"] is None
    code, _, err = run(capsys, "meter", "archive", "99", "--db", office)
    assert code == 2
    assert "Счётчик № 99 не найден." in err
