"""Every table model of the window passes qtmodeltester and shows values the Russian way."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from PySide6.QtCore import Qt

from tsj_desk.domain.premises import PremiseKind
from tsj_desk.services.disclosure import DisclosureInfo
from tsj_desk.services.registry import OwnershipInfo, PremiseSummary, list_premises
from ui.disclosures.page import DisclosuresModel
from ui.register.model import PremisesModel, area_text
from ui.register.premise_card import CurrentOwnersModel, HistoryModel
from ui.tables import SORT_ROLE, SortProxy


def test_premises_model_passes_modeltester(qtmodeltester, demo):
    model = PremisesModel()
    model.set_rows(list_premises())
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(SortProxy(model), force_py=True)


def test_premises_model_texts_and_sort_values():
    rows = [
        PremiseSummary(1, "10", PremiseKind.FLAT, Decimal("45.25"), "0010", "Иванов И. И.", "1", False),
        PremiseSummary(2, "2", PremiseKind.FLAT, Decimal("112.50"), None, "Петрова А. А.; Петров Б. Б.",
                       "1/2; 1/4", True),
        PremiseSummary(3, "Н1", PremiseKind.NON_RESIDENTIAL, None, None, "", "", True),
    ]
    model = PremisesModel()
    model.set_rows(rows)
    cell = lambda r, c, role=Qt.ItemDataRole.DisplayRole: model.data(model.index(r, c), role)  # noqa: E731
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "№", "Вид", "Площадь, м²", "Собственники", "Доли", "Лицевой счёт", "Отметка"]
    assert cell(0, PremisesModel.AREA) == "45,25"
    assert cell(1, PremisesModel.AREA) == "112,5"
    assert cell(2, PremisesModel.AREA) == ""
    assert cell(2, PremisesModel.KIND) == "нежилое"
    assert cell(1, PremisesModel.FLAG) == "доли не распределены"
    # natural order of numbers: 2 < 10 < Н1
    assert [cell(r, PremisesModel.NUMBER, SORT_ROLE) for r in range(3)] == [1, 0, 2]
    assert cell(1, PremisesModel.AREA, SORT_ROLE) == 112.5
    assert cell(2, PremisesModel.AREA, SORT_ROLE) == -1.0
    assert int(cell(0, PremisesModel.AREA, Qt.ItemDataRole.TextAlignmentRole)) & int(Qt.AlignmentFlag.AlignRight)


def test_area_text():
    assert area_text(Decimal("44.0")) == "44,0"
    assert area_text(Decimal("32.40")) == "32,4"
    assert area_text(Decimal("1234.56")) == "1\u00a0234,56"


def test_owner_and_disclosure_models_pass_modeltester(qtmodeltester):
    info = OwnershipInfo(1, 1, "Иванова Анна Петровна", False, None, "+7 916 000-00-00", None,
                         Fraction(1, 2), None, "50:34:1-50/034/2017-1", date(2017, 4, 11),
                         date(2017, 4, 11), date(2020, 1, 9), True)
    for model_type in (CurrentOwnersModel, HistoryModel):
        model = model_type()
        model.set_rows([info])
        qtmodeltester.check(model, force_py=True)
    history = HistoryModel()
    history.set_rows([info])
    assert history.data(history.index(0, 2)) == "11.04.2017"
    assert history.data(history.index(0, 3)) == "09.01.2020"
    disclosures = DisclosuresModel()
    disclosures.set_rows([DisclosureInfo(1, datetime(2026, 11, 24, 9, 5), "chair", "Петров П. П., кв. 5",
                                         "созыв общего собрания", None, date(2026, 11, 24), 130,
                                         "реестр.xlsx", "ab" * 32)])
    qtmodeltester.check(disclosures, force_py=True)
    assert disclosures.data(disclosures.index(0, 0)) == "24.11.2026 09:05"
    assert disclosures.data(disclosures.index(0, 4)) == "24.11.2026"
