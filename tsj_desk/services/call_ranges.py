"""The premises a visit names: «1-40, 55, 3а» — numbers and ranges of whole numbers."""

from __future__ import annotations

import re

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.text import fold
from tsj_desk.storage.models import Premise

_RANGE = re.compile(r"^(\d+)\s*[-–—]\s*(\d+)$")


def premises_in_ranges(text: str, *, house_id: int | None = None) -> list[int]:
    """The ids of the premises ``text`` names; a number no premise has is an error."""
    joined = re.sub(r"\s*[-–—]\s*", "-", text or "")  # «1 - 40» is one range
    parts = [p for p in re.split(r"[,;\s]+", joined) if p]
    if not parts:
        raise ValidationFailed("Укажите помещения визита: номера и диапазоны, например «1-40, 55».")
    query = Premise.select(Premise.id, Premise.number).tuples()
    if house_id is not None:
        query = query.where(Premise.house == house_id)
    by_number: dict[str, list[int]] = {}
    for pid, number in query:
        by_number.setdefault(fold(number), []).append(pid)
    chosen: list[int] = []
    unknown: list[str] = []
    for part in parts:
        if match := _RANGE.match(part):
            low, high = int(match[1]), int(match[2])
            if low > high or high - low > 5000:
                raise ValidationFailed(f"Диапазон помещений «{part}» не понят: первый номер больше "
                                       "последнего или диапазон слишком велик.")
            found = [pid for number in range(low, high + 1) for pid in by_number.get(str(number), [])]
            if not found:
                unknown.append(part)
            chosen.extend(found)
        elif part_ids := by_number.get(fold(part)):
            chosen.extend(part_ids)
        else:
            unknown.append(part)
    if unknown:
        raise ValidationFailed("Нет таких помещений: " + ", ".join(f"№ {u}" for u in unknown) + ".")
    return list(dict.fromkeys(chosen))
