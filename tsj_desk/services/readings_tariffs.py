"""A row's tariffs against the card of the meter it lands on.

A file may say «Количество тарифов» 2 (or carry a Т2 value, or a 1С line the day and
night codes) for a meter whose card has one tariff. The reading is taken by the card,
so a value beyond the card's tariffs would be lost: that is an error; a count that
differs while every value fits the card is a warning naming both counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tsj_desk.domain.errors import RowProblem
from tsj_desk.domain.meters import fmt
from tsj_desk.services.readings_match import KnownMeter, where_is

if TYPE_CHECKING:  # the file readers load when a file is read, not with the readings page
    from tsj_desk.importers.readings import ReadingRow

_KEYS = ("t1", "t2", "t3")


def tariffs_word(count: int) -> str:
    """«1 тариф», «2 тарифа», «5 тарифов»."""
    from tsj_desk.domain.text import counted

    return counted(count, "тариф", "тарифа", "тарифов")


def tariffs_against_card(row: ReadingRow, meter: KnownMeter, titles: dict[str, str]) -> RowProblem | None:
    """The problem of a row whose tariffs are not its meter's, or None."""
    card = meter.tariffs
    lost = [(index, value) for index, value in enumerate(row.values) if index >= card and value]
    in_card = f"у счётчика «{meter.serial}» ({where_is(meter)}) в карточке {tariffs_word(card)}"
    if lost:
        told = f"в файле {tariffs_word(row.tariffs)}" if row.tariffs else "в строке"
        values = ", ".join(f"Т{index + 1} {fmt(value)}" for index, value in lost)
        first = lost[0][0]
        return RowProblem(row.row, titles.get(_KEYS[first]) or titles.get("t1"),
                          f"{in_card}, а {told}: показание {values} записать некуда. Исправьте "
                          "количество тарифов в карточке счётчика или в файле.")
    if row.tariffs and row.tariffs != card:
        return RowProblem(row.row, titles.get("tariffs"),
                          f"{in_card}, а в файле {tariffs_word(row.tariffs)}: показания взяты "
                          "по карточке.", is_error=False)
    return None
