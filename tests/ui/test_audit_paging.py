"""The journal of changes read from the database a page at a time: the count of all
entries, the newest first and the oldest at the end, a search in any case, and
«Загрузка…» while the rows are on their way."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from keys import type_text
from shown_page import every_load_slow, show_page

import ui.sql_table
from tsj_desk.services import audit
from ui.audit.page import AuditPage

START = datetime(2026, 1, 1, 9, 0)


@pytest.fixture
def entries(db):
    """250 requests registered a day apart; every 50th by «Ёлкина»."""
    for n in range(250):
        user = "Ёлкина" if n % 50 == 0 else "Смирнов"
        audit.record("register", "request", None, user=user, now=START + timedelta(days=n),
                     reg_no=f"2026-{n + 1:04d}")


def shown(qtbot) -> AuditPage:
    return show_page(qtbot, AuditPage(), page_shown=True)


def test_every_entry_is_counted_and_reached_by_scrolling(qtbot, entries):
    page = shown(qtbot)
    assert page.count_label.text() == "250 записей"
    assert page.model.rowCount() == 250
    assert len(page.model.pages.loaded()) <= ui.sql_table.PAGE_SIZE  # one page read, not all
    first, last = page.model.row_at(0), page.model.row_at(249)
    assert first.object_text == "обращение 2026-0250"  # the newest first
    assert last.object_text == "обращение 2026-0001"
    assert last.at == START


def test_the_user_typed_in_capitals_and_with_e_finds_the_entries(qtbot, entries):
    page = shown(qtbot)
    type_text(page.filter, "ЕЛКИНА")
    assert [e.object_text for e in page.visible_entries()] == [
        "обращение 2026-0201", "обращение 2026-0151", "обращение 2026-0101", "обращение 2026-0051",
        "обращение 2026-0001"]
    assert page.count_label.text() == "5 записей из 250"


def test_a_page_shown_before_its_rows_says_loading_then_shows_them(qtbot, entries, monkeypatch):
    every_load_slow(monkeypatch)
    shown(qtbot)  # nothing known yet: loaded at once, and found slow
    page = shown(qtbot)
    assert page.count_label.text() == "Загрузка…"
    assert page.is_loading() and page.table.model().rowCount() == 0
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    assert page.count_label.text() == "250 записей"
    assert page.model.row_at(0).object_text == "обращение 2026-0250"
