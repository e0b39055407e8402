"""The journal's search and sort served from indexes on both engines, and bulk writes by
COPY on PostgreSQL."""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime

import peewee
import pytest

from tsj_desk.services.journal import (
    AnswerInput,
    JournalFilter,
    RequestInput,
    answer_request,
    list_requests,
    register_request,
)
from tsj_desk.storage.database import close_database, database, open_database

from tests.conftest import NOW


def register(applicant: str, text: str = "Течёт кран на кухне", hour: int = 9) -> str:
    return register_request(RequestInput(
        category="maintenance", received_at=datetime(2026, 11, 20, hour, 0), applicant=applicant,
        text=text), now=NOW)


def answer(reg_no: str, day: date) -> None:
    answer_request(reg_no, AnswerInput(text="Кран заменён.", on=day), now=NOW)


def journal_queries(caplog, sort: str, descending: bool) -> tuple[str, tuple]:
    """The SQL of the journal's page query for ``sort``, as the service runs it."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        list_requests(JournalFilter(), today=NOW, sort=sort, descending=descending, limit=200)
    selects = [r.msg for r in caplog.records if isinstance(r.msg, tuple) and "ORDER BY" in r.msg[0]]
    assert selects, "the journal's query was not seen"
    sql, params = selects[-1]
    return sql, tuple(params)


def test_unanswered_requests_come_first_ascending_and_last_descending(db):
    early, late, open_one = register("Андреев"), register("Борисов", hour=10), register("Васильев", hour=11)
    answer(early, date(2026, 11, 21))
    answer(late, date(2026, 11, 23))
    ascending = [r.reg_no for r in list_requests(JournalFilter(), today=NOW, sort="answered_on",
                                                 descending=False)]
    descending = [r.reg_no for r in list_requests(JournalFilter(), today=NOW, sort="answered_on",
                                                  descending=True)]
    assert ascending == [open_one, early, late]
    assert descending == [late, early, open_one]


@pytest.mark.parametrize("sort", ["received_at", "due_date", "answered_on"])
@pytest.mark.parametrize("descending", [True, False])
def test_a_journal_page_is_read_in_index_order_without_sorting(db, caplog, sort, descending):
    for n in range(5):
        register(f"Заявитель {n}", hour=8 + n)
    sql, params = journal_queries(caplog, sort, descending)
    if isinstance(db, peewee.SqliteDatabase):
        plan = " | ".join(row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
    else:
        with database.atomic():
            db.execute_sql("SET LOCAL enable_sort = off")  # a sort is only chosen if nothing else serves
            plan = " | ".join(row[0] for row in db.execute_sql("EXPLAIN " + sql, params))
        assert "Sort" not in plan, plan


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def server(pg_url):
    open_database(pg_url)
    yield pg_url
    close_database()


def test_the_server_searches_the_journal_through_the_trigram_index(server):
    ivanova = register("Иванова Мария Петровна")
    register("Петров Иван Сергеевич", text="Скидка 50 процентов на вывоз мусора")
    percent = register("Сидоров Олег", text="Пени 50% за ноябрь")
    found = {r.reg_no for r in list_requests(JournalFilter(text="ИВАНОВА"), today=NOW)}
    assert found == {ivanova}  # case folded, the other «Иван» is not «иванова»
    assert {r.reg_no for r in list_requests(JournalFilter(text="50%"), today=NOW)} == {percent}
    assert list_requests(JournalFilter(text="5_%"), today=NOW) == []  # _ is a character, not a wildcard
    from tsj_desk.services.journal import _filtered
    from tsj_desk.storage.models import Request

    sql, params = _filtered(JournalFilter(text="иванова"), NOW).select(Request.id).sql()
    with database.atomic():
        database.execute_sql("SET LOCAL enable_seqscan = off")  # three requests: else a scan is cheaper
        plan = " | ".join(row[0] for row in database.execute_sql("EXPLAIN " + sql, params))
    assert "request_search_key_trgm" in plan, plan


def test_a_server_that_refuses_pg_trgm_still_searches_and_says_it_is_slower(pg_url):
    """A role that may create tables but not extensions: the migrations go through, the
    journal finds what it should, and the window has a Russian sentence to say once."""
    import psycopg
    from urllib.parse import urlsplit, urlunsplit

    from tests.pg_server import admin_url
    from tsj_desk.services.journal_order import slow_search_notice

    role = f"tsj_plain_{uuid.uuid4().hex[:8]}"
    base = urlsplit(pg_url).path.lstrip("/")
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'plain'")
    try:
        with psycopg.connect(pg_url, autocommit=True) as owner:
            owner.execute(f'GRANT CREATE, USAGE ON SCHEMA public TO "{role}"')
        parts = urlsplit(pg_url)
        url = urlunsplit(parts._replace(
            netloc=f"{role}:plain@{parts.hostname}:{parts.port or 5432}"))
        open_database(url)
        try:
            mine = register("Иванова Мария Петровна")
            register("Петров Иван Сергеевич")
            assert {r.reg_no for r in list_requests(JournalFilter(text="иванова"), today=NOW)} == {mine}
            notice = slow_search_notice()
            assert notice is not None and "pg_trgm" in notice and "медленнее" in notice
        finally:
            close_database()
    finally:
        with psycopg.connect(admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_a_base_with_its_trigram_index_has_nothing_to_say(server):
    from tsj_desk.services.journal_order import slow_search_notice

    assert slow_search_notice() is None


def test_bulk_rows_copied_to_the_server_read_back_as_written(server):
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.bulk import insert_rows, update_rows
    from tsj_desk.storage.models import Meter, Premise

    with database.atomic():
        house = ensure_house("Лесная, 5")
        insert_rows(Premise, ["house", "number", "sort_key", "kind", "account", "search_key"],
                    [(house, "1", "0001", "flat", "000001", "1"),
                     (house, "Н1", "н0001", "nonresidential", "", "н1"),
                     (house, "2", "0002", "flat", "000002", "2")])
        ids = {p.number: p.id for p in Premise.select()}
        insert_rows(Meter, ["premise", "resource", "tariffs", "serial", "digits", "verified_on"],
                    [(ids["1"], "cold_water", 1, "А-1\tтаб", 5, date(2026, 3, 1)),
                     (ids["2"], "hot_water", 1, "Б\\2", 6, None)])
    meters = {m.serial: m for m in Meter.select()}
    assert set(meters) == {"А-1\tтаб", "Б\\2"}  # a tab and a backslash survive COPY's text format
    assert meters["А-1\tтаб"].verified_on == date(2026, 3, 1)
    assert meters["Б\\2"].verified_on is None and meters["Б\\2"].digits == 6
    update_rows(Premise, ["account", "kind"], [("777", "flat", ids["Н1"]), ("", "flat", ids["2"])])
    accounts = {p.number: (p.account, p.kind) for p in Premise.select()}
    assert accounts == {"1": ("000001", "flat"), "Н1": ("777", "flat"), "2": ("", "flat")}


def test_ids_go_to_a_server_in_one_query_and_to_sqlite_in_parts(db):
    from tsj_desk.storage.bulk import id_chunks

    ids = list(range(1, 1202))
    parts = list(id_chunks(ids))
    assert [i for part in parts for i in part] == ids
    if isinstance(db, peewee.SqliteDatabase):
        assert [len(part) for part in parts] == [500, 500, 201]
    else:
        assert [len(part) for part in parts] == [1201]  # one round trip, whatever the import's size
