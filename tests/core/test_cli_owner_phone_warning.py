"""``owner edit --phone`` with a phone that cannot be dialled: kept as typed, and the
command line says so as the owner's card in the window does; the exit code stays 0."""

from __future__ import annotations

import json

from tests.cli_run import register_base, run


def test_owner_edit_warns_of_a_phone_kept_as_typed(tmp_path, db_target, capsys):
    registry = register_base(tmp_path, capsys, db_target)
    code, out, _ = run(capsys, "owner", "list", "--db", registry, "--premise", "1", "--json")
    first = json.loads(out)[0]

    code, out, err = run(capsys, "owner", "edit", first["id"], "--db", registry, "--phone", "тел. 123-45")
    assert code == 0
    assert "записана" in out
    assert err.strip() == "Телефон «тел. 123-45» не распознан (ожидается +7XXXXXXXXXX): сохранён как написан."
    code, out, _ = run(capsys, "owner", "list", "--db", registry, "--premise", "1", "--json")
    assert json.loads(out)[0]["phone"] == "тел. 123-45"

    # a phone that can be dialled: no warning
    code, out, err = run(capsys, "owner", "edit", first["id"], "--db", registry, "--phone", "8 (916) 123-45-67")
    assert (code, err) == (0, "")


def test_owner_add_and_a_sale_warn_of_it_too(tmp_path, db_target, capsys):
    registry = register_base(tmp_path, capsys, db_target)
    code, out, _ = run(capsys, "owner", "list", "--db", registry, "--premise", "2", "--json")
    seller = json.loads(out)[1]  # premise 2 is held 1/2 + 1/2
    warning = "Телефон «89161234» не распознан (ожидается +7XXXXXXXXXX): сохранён как написан."
    code, out, err = run(capsys, "sale", "record", "--db", registry, "--premise", "2", "--sellers", seller["id"],
                         "--buyer", "Орлов Пётр Ильич", "--share", "1/4", "--on", "2026-11-20",
                         "--phone", "89161234")
    assert (code, err.strip()) == (0, warning)
    # a quarter is free now
    code, out, err = run(capsys, "owner", "add", "--db", registry, "--premise", "2",
                         "--name", "Белкин Юрий Олегович", "--share", "1/4", "--phone", "89161234")
    assert (code, err.strip()) == (0, warning)
