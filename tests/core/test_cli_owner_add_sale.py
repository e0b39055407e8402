"""The command-line forms of adding an owner and recording a sale (issue 12: "a window and
a command-line form for each"): results read back through ``owner list``, shares worked
out by hand from the register sample, refusals with exit 1 and their reason."""

from __future__ import annotations

from datetime import date

from tests.core.test_cli_owner_meter_forms import owners, registry, run  # noqa: F401 (fixture)


def test_a_sale_of_both_halves_to_one_buyer_then_its_undo(registry, capsys):
    sellers = owners(capsys, registry, "2")  # Белкина И. О. 1/2 and Белкин О. Ю. 1/2
    ids = ",".join(str(o["id"]) for o in sellers)
    code, out, err = run(capsys, "sale", "record", "--db", registry, "--premise", "2", "--sellers", ids,
                         "--buyer", "Кузнецова Дарья Павловна", "--egrn-number", "50:21:0040101:1202-50/021/2026-7",
                         "--phone", "+7 900 111-22-33", "--member", "yes", "--on", "2026-11-20")
    assert code == 0, err
    assert "20.11.2026" in out
    [buyer] = owners(capsys, registry, "2")
    # no share given: the buyer takes what the sellers held, 1/2 + 1/2 = 1
    assert (buyer["name"], buyer["share"], buyer["egrn_number"], buyer["egrn_date"], buyer["member"]) == (
        "Кузнецова Дарья Павловна", "1", "50:21:0040101:1202-50/021/2026-7", "2026-11-20", True)
    assert buyer["valid_from"] == date(2026, 11, 20).isoformat()
    code, _, err = run(capsys, "sale", "undo", "--db", registry, "--premise", "2")
    assert code == 0, err
    assert [(o["name"], o["share"]) for o in owners(capsys, registry, "2")] == [
        ("Белкина Ирина Олеговна", "1/2"), ("Белкин Олег Юрьевич", "1/2")]


def test_a_sale_of_one_half_to_two_buyers_with_their_shares(registry, capsys):
    seller = owners(capsys, registry, "2")[1]  # Белкин О. Ю., 1/2
    code, _, err = run(capsys, "sale", "record", "--db", registry, "--premise", "2", "--sellers", seller["id"],
                       "--buyer", "Орлов Пётр Ильич", "--share", "1/4", "--buyer", "Орлова Анна Петровна",
                       "--share", "1/4", "--on", "2026-11-20")
    assert code == 0, err
    assert sorted((o["name"], o["share"]) for o in owners(capsys, registry, "2")) == [
        ("Белкина Ирина Олеговна", "1/2"), ("Орлов Пётр Ильич", "1/4"), ("Орлова Анна Петровна", "1/4")]


def test_sale_refusals(registry, capsys):
    seller = owners(capsys, registry, "2")[1]
    # more than the seller held: 1/2 (kept) + 1 > 1
    code, _, err = run(capsys, "sale", "record", "--db", registry, "--premise", "2", "--sellers", seller["id"],
                       "--buyer", "Орлов Пётр Ильич", "--share", "1", "--on", "2026-11-20")
    assert code == 1 and "больше 1" in err
    # a transfer before the seller's own right began (ЕГРН 2018)
    code, _, err = run(capsys, "sale", "record", "--db", registry, "--premise", "2", "--sellers", seller["id"],
                       "--buyer", "Орлов Пётр Ильич", "--on", "2001-01-01")
    assert code == 1 and "01.01.2001" in err
    # two buyers, one share
    code, _, err = run(capsys, "sale", "record", "--db", registry, "--premise", "2", "--sellers", seller["id"],
                       "--buyer", "А Б В", "--buyer", "Г Д Е", "--share", "1/4", "--on", "2026-11-20")
    assert code == 2 and "долей 1" in err
    # an unknown record
    code, _, err = run(capsys, "sale", "record", "--db", registry, "--premise", "2", "--sellers", "99999",
                       "--buyer", "Орлов Пётр Ильич", "--on", "2026-11-20")
    assert code == 2
    assert len(owners(capsys, registry, "2")) == 2  # nothing written


def test_owner_add_and_its_refusal(registry, capsys):
    # premise 2 is held 1/2 + 1/2: a third owner of 1/4 would make 5/4
    code, _, err = run(capsys, "owner", "add", "--db", registry, "--premise", "2",
                       "--name", "Белкин Юрий Олегович", "--share", "1/4")
    assert code == 1 and "больше 1" in err
    seller = owners(capsys, registry, "2")[1]
    assert run(capsys, "sale", "record", "--db", registry, "--premise", "2", "--sellers", seller["id"],
               "--buyer", "Орлов Пётр Ильич", "--share", "1/4", "--on", "2026-11-20")[0] == 0
    # now 1/2 + 1/4: a quarter is free
    code, out, err = run(capsys, "owner", "add", "--db", registry, "--premise", "2",
                         "--name", "Белкин Юрий Олегович", "--share", "1/4", "--phone", "+7 900 000-00-01",
                         "--member", "yes")
    assert code == 0, err
    added = [o for o in owners(capsys, registry, "2") if o["name"] == "Белкин Юрий Олегович"]
    assert [(o["share"], o["phone"], o["member"]) for o in added] == [("1/4", "+79000000001", True)]
