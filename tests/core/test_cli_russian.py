"""The command line as a Russian office uses it: argparse's own words in Russian, dates
typed and shown as ДД.ММ.ГГГГ ЧЧ:ММ, a quality complaint answered with its result and
the decision on recalculation, the journal as a table that a closed pipe does not break,
and ``--db`` before the subcommand as well as after it.

Commands run in this process (``tsj_desk.cli.main``) under the suite's fixed clock
(24.11.2026 12:00), except the pipe test, which needs a real process and a real pipe.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from tsj_desk.cli import build_parser

from tests.cli_run import run

ROOT = Path(__file__).resolve().parents[2]
# argparse's English words; none may reach the user
ENGLISH = re.compile(r"\b(usage|error|required|arguments?|invalid|choice|choose|expected|options|"
                     r"unrecognized|positional|show|exit)\b", re.IGNORECASE)


def add(capsys, db: Path, category: str, received: str, applicant: str = "Петрова Анна Сергеевна",
        text: str = "Течёт кран") -> str:
    code, out, err = run(capsys, "request", "add", "--db", db, "--category", category,
                         "--received", received, "--applicant", applicant, "--text", text)
    assert code == 0, err
    return out.strip()


def card(db: Path, reg_no: str):
    from tsj_desk.services import journal
    from tsj_desk.services.session import close_session, open_session

    open_session(db, lock=False, now=datetime(2026, 11, 24, 12, 0))
    try:
        return journal.request_card(reg_no)
    finally:
        close_session()


# ---------------------------------------------------------------- argparse in Russian


def test_a_missing_argument_is_told_in_russian(capsys, tmp_path):
    code, out, err = run(capsys, "request", "add", "--db", tmp_path / "x.sqlite3", "--category", "maintenance")
    assert code == 2 and out == ""
    assert err.startswith("использование: tsj-desk request add ")
    assert "не указаны обязательные аргументы: --received, --applicant, --text" in err
    assert "Справка: tsj-desk request add -h" in err
    assert re.search(r"--db\s+БАЗА", err) and re.search(r"--received\s+ДАТА", err)
    assert ENGLISH.findall(err) == []
    assert not (tmp_path / "x.sqlite3").exists()


@pytest.mark.parametrize("args, words", [
    (("frobnicate",), "неизвестная команда «frobnicate»; команды: demo, "),
    (("request",), "не указаны обязательные аргументы: КОМАНДА"),
    (("request", "list", "--db"), "аргумент --db: нужно одно значение"),
    (("request", "list", "--db", "x.sqlite3", "--verbose"), "лишние аргументы: --verbose"),
    (("meter", "add", "--db", "x.sqlite3", "--resource", "ХВС", "--serial", "1", "--initial"),
     "аргумент --initial: нужно хотя бы одно значение"),
    (("user", "edit", "один", "--db", "x.sqlite3"), "аргумент ID: недопустимое значение «один»"),
    (("request", "answer", "2026-0001", "--db", "x.sqlite3", "--text", "Да", "--result", "maybe"),
     "результат «maybe» неизвестен: satisfied (удовлетворено)"),
    (("request", "answer", "2026-0001", "--db", "x.sqlite3", "--text", "Да", "--date", "31.02.2026"),
     "аргумент --date: даты «31.02.2026» в календаре нет"),
])
def test_every_argparse_refusal_is_russian_and_exits_2(capsys, tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert words in err
    assert "Ошибка в параметрах: " in err and err.startswith("использование: tsj-desk")
    assert ENGLISH.findall(err) == []
    assert not (tmp_path / "x.sqlite3").exists()


def test_help_is_russian(capsys):
    code, out, _ = run(capsys, "request", "answer", "-h")
    assert code == 0
    assert out.startswith("использование: tsj-desk request answer [-h] --db БАЗА --text ТЕКСТ")
    assert "\nпозиционные аргументы:\n" in out and "\nпараметры:\n" in out
    assert "-h, --help" in out and "показать эту справку и выйти" in out
    assert "--recalculation yes|no" in out and "--outgoing-number ТЕКСТ" in out
    assert ENGLISH.findall(out) == []
    code, out, _ = run(capsys, "-h")
    assert code == 0 and "КОМАНДА" in out and "журнал обращений" in out
    assert ENGLISH.findall(out) == []


def _parsers(parser, path):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, path + [name])


def test_every_option_of_every_command_is_explained_in_russian():
    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    unexplained, english_placeholders = [], []
    for path, parser in _parsers(build_parser(), ["tsj-desk"]):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            name = " ".join(path + [action.option_strings[-1] if action.option_strings else action.dest])
            if not action.help or not cyrillic.search(action.help):
                unexplained.append(name)
            # an option's placeholder in the usage (SUB_DB, FILE…) is Russian or a form (ГГГГ-ММ, 1-3, ID, N)
            if action.nargs != 0 and action.metavar is not None and re.fullmatch(r"[A-Z_]{3,}", action.metavar):
                english_placeholders.append(f"{name} {action.metavar}")
    assert unexplained == [] and english_placeholders == []


def test_other_parsers_in_the_process_keep_their_language(capsys):
    # the Russian words are put into argparse only while the program's own parser works
    plain = argparse.ArgumentParser(prog="other")
    plain.add_argument("--x", required=True)
    build_parser().format_help()
    with pytest.raises(SystemExit):
        plain.parse_args([])
    assert "the following arguments are required: --x" in capsys.readouterr().err


# ---------------------------------------------------------------- a quality complaint answered


@pytest.fixture
def base(tmp_path, capsys) -> Path:
    """2026-0001, a complaint about the quality of hot water received on Friday 20.11.2026;
    2026-0002, a request about maintenance received on Monday 02.11.2026."""
    db = tmp_path / "тсж.sqlite3"
    assert add(capsys, db, "utility_quality", "20.11.2026 09:15", text="Чуть тёплая горячая вода") == "2026-0001"
    assert add(capsys, db, "maintenance", "02.11.2026 10:15", applicant="Иванов Пётр") == "2026-0002"
    return db


def test_a_quality_complaint_is_answered_from_the_command_line(base, capsys):
    code, out, err = run(capsys, "request", "answer", "2026-0001", "--db", base,
                         "--text", "Нарушение подтверждено актом", "--date", "23.11.2026",
                         "--result", "satisfied", "--recalculation", "yes",
                         "--outgoing-number", "Исх. № 15", "--channel", "letter")
    assert (code, out.strip()) == (0, "Ответ на обращение № 2026-0001 записан."), err
    answered = card(base, "2026-0001")
    assert answered.status.value == "answered"
    assert answered.answered_on == date(2026, 11, 23)
    assert answered.result == "satisfied"
    assert answered.recalculation == "Перерасчёт платы будет произведён в следующем платёжном документе"
    assert answered.outgoing_no == "Исх. № 15"
    assert answered.answer_channel == "letter"
    assert answered.answer_text == "Нарушение подтверждено актом"


def test_a_refusal_of_a_quality_complaint_records_its_reason_and_no_recalculation(base, capsys):
    code, _, err = run(capsys, "request", "answer", "2026-0001", "--db", base, "--text", "Нарушение не подтвердилось",
                       "--result", "отказано", "--refusal-reason", "Температура ГВС 62 °C по акту",
                       "--recalculation", "нет")
    assert code == 0, err
    answered = card(base, "2026-0001")
    assert (answered.result, answered.refusal_reason) == ("refused", "Температура ГВС 62 °C по акту")
    assert answered.recalculation == "Оснований для перерасчёта платы нет: нарушение качества не подтверждено"
    assert answered.answered_on == date(2026, 11, 24)  # today by default


@pytest.mark.parametrize("extra, words", [
    ((), "укажите результат (--result satisfied, explained или refused) и решение о перерасчёте "
         "платы (--recalculation yes или no)"),
    (("--result", "satisfied"), "укажите решение о перерасчёте платы (--recalculation yes или no)"),
    (("--recalculation", "yes"), "укажите результат (--result"),
    (("--result", "refused", "--recalculation", "no"), "укажите причину отказа (--refusal-reason)"),
    (("--result", "satisfied", "--recalculation", "yes", "--refusal-reason", "нет"),
     "Причина отказа (--refusal-reason) указывается только при --result refused"),
])
def test_an_incomplete_answer_to_a_quality_complaint_is_refused(base, capsys, extra, words):
    code, out, err = run(capsys, "request", "answer", "2026-0001", "--db", base, "--text", "Ответ", *extra)
    assert (code, out) == (1, "")
    assert words in err and "Traceback" not in err
    assert card(base, "2026-0001").status.value == "registered"


def test_recalculation_belongs_to_quality_complaints_only(base, capsys):
    code, _, err = run(capsys, "request", "answer", "2026-0002", "--db", base, "--text", "Кран заменён",
                       "--recalculation", "yes")
    assert code == 1 and "только по жалобе на качество коммунальной услуги" in err
    assert card(base, "2026-0002").answered_on is None
    # an ordinary request still needs nothing beyond the text
    code, _, err = run(capsys, "request", "answer", "2026-0002", "--db", base, "--text", "Кран заменён")
    assert code == 0, err
    assert card(base, "2026-0002").result == "explained"


# ---------------------------------------------------------------- dates, the journal as a table


def test_the_received_moment_is_taken_and_shown_the_russian_way(base, capsys):
    code, out, _ = run(capsys, "request", "list", "--db", base, "--json")
    assert [r["received"] for r in json.loads(out)] == ["2026-11-02T10:15", "2026-11-20T09:15"]
    code, _, err = run(capsys, "request", "add", "--db", base, "--category", "maintenance",
                       "--received", "31.11.2026 09:15", "--applicant", "Петрова", "--text", "Кран")
    assert code == 2 and "«31.11.2026»" in err and "T09:15" not in err
    code, _, err = run(capsys, "request", "add", "--db", base, "--category", "maintenance",
                       "--received", "вчера 09:15", "--applicant", "Петрова", "--text", "Кран")
    assert code == 2 and "«вчера 09:15»" in err and "ДД.ММ.ГГГГ ЧЧ:ММ" in err


@pytest.mark.parametrize("category, received, due", [
    ("emergency", "04.12.2026 09:15", "04.12.2026 09:45"),  # half an hour
    ("maintenance", "04.12.2026", "11.12.2026"),  # Friday + 5 working days
    ("maintenance", "2026-12-04", "11.12.2026"),  # typed the ISO way: shown the Russian way
    ("emergency", "2026-12-04T09:15", "04.12.2026 09:45"),
])
def test_deadline_is_shown_the_russian_way_however_it_was_typed(capsys, category, received, due):
    code, out, err = run(capsys, "deadline", category, received)
    assert code == 0, err
    assert out == due + "\n"


def test_the_journal_is_a_table_without_json(base, capsys):
    code, out, err = run(capsys, "request", "list", "--db", base)
    assert code == 0, err
    header, rule, first, second, total = out.splitlines()
    assert header.split("  ")[0] == "№"
    for word in ("Дата поступления", "Заявитель", "Категория", "Срок ответа", "Состояние"):
        assert word in header
    # sorted by the moment received; the columns start where their headings start
    assert second.startswith("2026-0001  20.11.2026 09:15  Петрова Анна Сергеевна")
    assert first.startswith("2026-0002  02.11.2026 10:15  Иванов Пётр")
    for column, heading in ((" 20.11.2026 09:15", "Дата поступления"), ("Петрова", "Заявитель"),
                            ("Жалоба на качество коммунальной услуги", "Категория")):
        assert second.index(column.strip()) == header.index(heading)
    # 02.11 + 5 working days (04.11 a holiday) = 10.11; on 24.11 fourteen days late
    assert first.index("10.11.2026") == header.index("Срок ответа")
    assert first.endswith("просрочено на 14 дней")
    assert "Об услугах и работах по содержанию общего имущества" in first
    # a quality complaint: 20.11 (Friday) + 3 working days = 25.11, the working day after today
    assert "25.11.2026" in second and second.endswith("срок в следующий рабочий день")
    assert set(rule) == {"─", " "}
    assert total == "Всего: 2 обращения."


def test_a_narrow_screen_cuts_the_text_columns_not_the_dates():
    from tsj_desk.commands.request_table import render
    from tsj_desk.domain.deadlines import DeadlineStatus
    from tsj_desk.domain.journal import Channel, Status
    from tsj_desk.services.journal import JournalRow

    row = JournalRow(1, "2026-0007", datetime(2026, 11, 20, 9, 15), Channel.PHONE,
                     "Александрова Екатерина Владимировна", "12", "act_copy",
                     "Копии актов (ущерб; нарушение качества; проверка качества)", "", date(2026, 11, 23),
                     None, Status.REGISTERED, None, "", DeadlineStatus.OVERDUE, days_late=1)
    lines = render([row], width=100)
    assert max(len(line) for line in lines) <= 100
    assert "20.11.2026 09:15" in lines[2] and "23.11.2026" in lines[2]
    assert lines[2].endswith("просрочено на 1 день")
    assert "…" in lines[2]
    assert render([]) == ["Обращений нет."]


# ---------------------------------------------------------------- --db before the subcommand


def test_db_and_json_before_the_subcommand(base, capsys):
    after = run(capsys, "request", "list", "--db", base, "--json")
    before = run(capsys, "--db", base, "request", "list", "--json")
    both = run(capsys, "--json", "--db", base, "request", "list")
    assert after[0] == before[0] == both[0] == 0
    assert json.loads(after[1]) == json.loads(before[1]) == json.loads(both[1])
    assert [r["reg_no"] for r in json.loads(before[1])] == ["2026-0002", "2026-0001"]  # by date received
    # a writing command too: the request lands in the base named before the command
    code, out, _ = run(capsys, "--db", base, "request", "add", "--category", "maintenance",
                       "--received", "24.11.2026 11:00", "--applicant", "Сидоров", "--text", "Шум")
    assert (code, out.strip()) == (0, "2026-0003")
    assert card(base, "2026-0003").applicant == "Сидоров"


def test_db_given_twice_differently_is_refused(base, capsys, tmp_path):
    code, _, err = run(capsys, "--db", tmp_path / "другая.sqlite3", "request", "add", "--db", base,
                       "--category", "maintenance", "--received", "24.11.2026 11:00",
                       "--applicant", "Сидоров", "--text", "Шум")
    assert code == 2 and "--db указан дважды" in err
    assert not (tmp_path / "другая.sqlite3").exists()
    code, _, err = run(capsys, "--json", "demo", "--no-gui")
    assert code == 2 and "нет параметра --json" in err


# ---------------------------------------------------------------- a reader that stops early


def test_the_table_piped_into_a_reader_that_stops_ends_quietly(tmp_path):
    from tsj_desk.services import journal
    from tsj_desk.services.session import close_session, open_session
    from tsj_desk.storage.database import database

    db = tmp_path / "большая.sqlite3"
    now = datetime(2026, 11, 24, 12, 0)
    open_session(db, lock=True, now=now)
    try:
        with database.atomic():
            for n in range(300):  # far more than a pipe holds (64 KiB): the writer meets the closed end
                journal.register_request(journal.RequestInput(
                    category="act_copy", received_at=datetime(2026, 11, 2, 9, 0),
                    applicant=f"Заявитель с очень длинным наименованием организации номер {n} " * 3,
                    text="Копия акта"), now=now)
    finally:
        close_session()
    reader = subprocess.Popen([sys.executable, "-m", "tsj_desk", "request", "list", "--db", str(db)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = reader.stdout.readline().decode("utf-8")
        reader.stdout.close()  # as `| head -1` does
        err = reader.stderr.read().decode("utf-8")
        code = reader.wait(timeout=120)
    finally:
        if reader.poll() is None:
            reader.kill()
        reader.stderr.close()
    assert first.startswith("№ ") and "Заявитель" in first
    assert err == ""  # no traceback, no «Exception ignored … BrokenPipeError»
    assert code == 0


def test_every_commands_base_may_be_a_file_or_a_server(capsys):
    """«--db БАЗА» everywhere, its help naming the server form: every command opens a base
    on a PostgreSQL server as well as a file."""
    from tsj_desk.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    seen = 0
    for name, sub in commands.choices.items():
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        parsers = list(nested[0].choices.values()) if nested else [sub]
        for command in parsers:
            for action in command._actions:
                if "--db" in action.option_strings:
                    seen += 1
                    assert action.metavar == "БАЗА", command.prog
                    assert "postgresql://" in action.help, command.prog
    assert seen > 40
