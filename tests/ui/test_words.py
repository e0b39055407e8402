"""Words a user reads: no codes, English or hash names; statuses and badges agree; the
meter chart's axis shows its labels whole and starts at the first reading."""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import Qt

from tsj_desk.services.audit import AuditRow
from tsj_desk.services.calendar import category_rules
from tsj_desk.services.journal import RequestInput, register_request
from tsj_desk.services.readings import HistoryPoint
from ui.audit.details import describe_entry
from ui.disclosures.page import DisclosuresModel
from ui.journal.request_card import RequestCardDialog
from ui.readings.history_dialog import ConsumptionChart
from ui.settings_page.deadlines import CategoriesModel, DeadlinesTab


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_the_deadlines_table_names_categories_in_words_never_by_code(qtbot, demo):
    tab = DeadlinesTab()
    qtbot.addWidget(tab)
    tab.reload()
    rules = category_rules()
    codes = {rule.code for rule in rules}
    assert "Код" not in headers(tab.model)
    shown = {tab.model.index(r, c).data() for r in range(tab.model.rowCount())
             for c in range(tab.model.columnCount())}
    assert not shown & codes  # «public_info» nowhere
    first_column = [tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount())]
    assert first_column == [rule.label for rule in rules]  # in the order of the law's list
    assert CategoriesModel.LABEL == 0


def test_the_change_log_says_which_act_in_words():
    row = AuditRow(1, datetime(2026, 11, 24, 10, 0), "председатель", "create", "act", 7,
                   json.dumps({"kind": "damage", "number": "2026-001"}))
    line = describe_entry(row)
    assert "вид: акт о причинении ущерба" in line.details_text
    assert "damage" not in line.details_text


def test_the_disclosures_table_says_checksum_not_sha():
    titles = headers(DisclosuresModel())
    assert "Контрольная сумма" in titles
    assert not any("SHA" in title for title in titles)


def test_a_registered_request_has_no_badge_saying_in_progress(qtbot, demo):
    reg_no = register_request(RequestInput(
        category="maintenance", received_at=datetime(2026, 11, 24, 9, 0), applicant="Гостев Павел",
        text="Не горит свет в подъезде"), now=datetime(2026, 11, 24, 9, 5))
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    assert card.status.text() == "Зарегистрировано"
    assert card.state.text() == "срок не истёк"  # the deadline's state, not a second status
    assert "в работе" not in card.state.text().lower()


def chart_with(qtbot, points: list[HistoryPoint], last: str) -> ConsumptionChart:
    chart = ConsumptionChart()
    qtbot.addWidget(chart)
    chart.resize(600, 240)
    chart.set_points(points, last, "м³")
    return chart


def test_the_chart_axis_labels_fit_whole(qtbot):
    # consumption up to 4,2 m³: the axis runs to 5 with «1,25», «2,5», «3,75» between
    chart = chart_with(qtbot, [HistoryPoint("2026-09", None, (10, None, None), 4.2, "manual"),
                               HistoryPoint("2026-10", None, (13, None, None), 3.0, "manual")], "2026-10")
    assert chart.axis_labels() == ["0", "1,25", "2,5", "3,75", "5"]
    room = chart.slot_rect(0).left() - 8 - 8  # the plot's left edge less the margin and the gap
    assert room >= chart.fontMetrics().horizontalAdvance("3,75")


def test_the_chart_starts_at_the_first_reading_not_an_empty_year(qtbot):
    chart = chart_with(qtbot, [HistoryPoint("2026-08", None, (10, None, None), None, "manual"),
                               HistoryPoint("2026-09", None, (12, None, None), 2.0, "manual"),
                               HistoryPoint("2026-10", None, (15, None, None), 3.0, "manual")], "2026-11")
    assert [b.period for b in chart.bars()] == ["2026-08", "2026-09", "2026-10", "2026-11"]
    # four months do not make bars a hand wide
    assert chart.slot_rect(0).width() <= 72


def test_every_change_the_program_logs_has_russian_words_for_its_action_and_object():
    import re
    from pathlib import Path

    from tsj_desk.services.audit import ACTION_LABELS, ENTITY_LABELS

    root = Path(__file__).resolve().parents[2] / "tsj_desk"
    record = re.compile(r'audit\.record\(\s*(?:"(\w+)"|"(\w+)" if \w+ else "(\w+)")\s*,\s*"(\w+)"')
    found = set()
    for path in root.rglob("*.py"):
        for match in record.finditer(path.read_text(encoding="utf-8")):
            actions = {a for a in match.group(1, 2, 3) if a}
            found |= {(action, match.group(4)) for action in actions}
    assert len(found) > 30  # the pattern finds the program's records
    missing = sorted({a for a, _ in found if a not in ACTION_LABELS}
                     | {e for _, e in found if e not in ENTITY_LABELS})
    assert missing == []
