"""Every command of the command line takes ``--db postgresql://…`` as well as a file:
a server base is never refused as a missing file, ``demo`` fills an empty server base
(never a file named like the URL) and refuses a filled one, and no message shows the
password of the URL."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import psycopg
import pytest
from openpyxl import Workbook

from tsj_desk.cli import main


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def without_password(url: str) -> str:
    """The URL as a user may see it, made here by hand: «user@host:port/base»."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.username}@{parts.hostname}:{parts.port}{parts.path}"


def request_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute('SELECT count(*) FROM "request"').fetchone()[0]


def test_demo_fills_an_empty_server_base_and_refuses_a_filled_one(capsys, pg_url, tmp_path,
                                                                  monkeypatch):
    password = f":{urlsplit(pg_url).password}@"  # as the URL writes it
    monkeypatch.chdir(tmp_path)
    base = urlsplit(pg_url).path.lstrip("/")
    code, out, err = run(capsys, "demo", "--db", pg_url, "--no-gui")
    assert code == 0, err
    assert out.strip() == without_password(pg_url)
    made = [p for p in tmp_path.rglob("*")  # no SQLite file named like the URL, anywhere
            if p.name.startswith("postgres") or base in p.name or p.suffix == ".sqlite3"]
    assert made == []
    demo_requests = request_count(pg_url)
    assert demo_requests > 100  # the demo's journal is in the server base
    code, out, err = run(capsys, "org", "show", "--db", pg_url, "--json")
    assert code == 0, err
    assert [o["name"] for o in json.loads(out)] == ["ТСЖ «Лесная, 5»"]

    code, out, err = run(capsys, "demo", "--db", pg_url, "--no-gui")
    assert code == 1
    assert "не пуста" in err and without_password(pg_url) in err
    assert password not in out + err
    assert request_count(pg_url) == demo_requests  # the filled base is left as it was


def test_demo_fills_a_server_base_made_ready_without_data(capsys, db_target):
    """A base whose schema is made (tsj-desk server init) but holds nothing takes the demo."""
    if not isinstance(db_target, str):
        pytest.skip("a server base: TSJ_TEST_ENGINE=postgresql")
    code, out, err = run(capsys, "demo", "--db", db_target, "--no-gui")
    assert code == 0, err
    assert request_count(db_target) > 100


def test_commands_work_on_a_server_base_given_by_its_url(capsys, pg_url, tmp_path):
    password = f":{urlsplit(pg_url).password}@"  # as the URL writes it
    code, out, err = run(capsys, "request", "add", "--db", pg_url, "--category", "maintenance",
                         "--received", "02.11.2026 10:00", "--applicant", "Петрова Анна",
                         "--text", "Течёт кран")
    assert (code, out.strip()) == (0, "2026-0001"), err
    code, out, err = run(capsys, "request", "answer", "2026-0001", "--db", pg_url,
                         "--text", "Кран заменён", "--date", "05.11.2026", "--result", "satisfied")
    assert code == 0, err
    code, out, err = run(capsys, "request", "list", "--db", pg_url, "--json")
    assert code == 0, err
    [listed] = json.loads(out)
    assert (listed["reg_no"], listed["answered"]) == ("2026-0001", "2026-11-05")
    assert run(capsys, "org", "set", "--db", pg_url, "--kind", "ТСЖ",
               "--name", "ТСЖ «Берёзка»")[0] == 0
    code, out, err = run(capsys, "house", "add", "--db", pg_url,
                         "--address", "г. Коломна, ул. Лесная, д. 5")
    assert code == 0, err
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Кв.", "Площадь", "Собственник", "Доля"])
    sheet.append([1, 40, "Иванов Иван Иванович", "1"])
    sheet.append([2, 30, "Петров Пётр Петрович", "1/2"])
    sheet.append([2, 30, "Петрова Анна Сергеевна", "1/2"])
    workbook.save(tmp_path / "реестр.xlsx")
    code, out, err = run(capsys, "import-registry", tmp_path / "реестр.xlsx", "--db", pg_url)
    assert code == 0, err
    assert "Загружено: 3 строки из 3." in out
    code, out, err = run(capsys, "owner", "list", "--db", pg_url, "--premise", "2", "--json")
    assert code == 0, err
    assert {o["name"] for o in json.loads(out)} == {"Петров Пётр Петрович", "Петрова Анна Сергеевна"}
    code, out, err = run(capsys, "premise", "list", "--db", pg_url, "--json")
    assert code == 0, err
    assert [p["number"] for p in json.loads(out)] == ["1", "2"]
    assert password not in out + err


def test_a_missing_file_is_still_not_found(capsys, tmp_path):
    missing = tmp_path / "нет.sqlite3"
    for args in (("request", "list"), ("owner", "list", "--premise", "1", "--json"),
                 ("premise", "list", "--json")):
        code, _, err = run(capsys, *args, "--db", missing)
        assert (code, err.strip()) == (2, f"База «{missing}» не найдена.")
        assert not missing.exists()


@pytest.mark.parametrize("command", [("request", "list"), ("premise", "list", "--json"),
                                     ("house", "list", "--json"), ("org", "show", "--json"),
                                     ("user", "list", "--json")])
def test_an_empty_server_base_is_no_missing_file(capsys, pg_url, command):
    code, _, err = run(capsys, *command, "--db", pg_url)
    assert "не найдена" not in err
    assert code == 0, err
