"""The registration form's premise hint: every number of the base once, in the order a
person counts them, read without loading the premises with their owners."""

from __future__ import annotations

from tsj_desk.services import organization, premises
from ui.journal.request_dialog import RequestDialog

from tests.two_houses import NOW, build_two_houses


def test_the_premise_hint_lists_each_number_once_in_natural_order(qtbot, db):
    build_two_houses()  # Лесная: 1, 2, 3; Садовая: 1, 4
    house = organization.add_house({"address": "г. Коломна, ул. Полевая, д. 1"}, now=NOW).id
    for number in ("10", "Н1", "2а"):
        premises.add_premise(house, {"number": number}, now=NOW)
    dialog = RequestDialog()
    qtbot.addWidget(dialog)
    model = dialog.premise.completer().model()
    offered = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert offered == ["1", "2", "2А", "3", "4", "10", "Н1"]
