"""Finding the header row of a table and matching its columns by synonyms.

Headers drift between versions of the same template (a double space, a shortened
word, «ё» for «е»), so they are compared after ``header_key`` normalisation, never
as exact strings. A long header matches a synonym of two or more words it starts with («Значение
показания (Т2), является обязательным…» matches «Значение показания (Т2)»); a
one-word synonym matches only exactly («Дата поверки» is not «Дата»).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.text import clean_cell, header_key

HEADER_SCAN_ROWS = 20


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Russian name for messages
    synonyms: tuple[str, ...]
    required: bool = False

    def keys(self) -> tuple[str, ...]:
        return tuple(header_key(s) for s in self.synonyms)


@dataclass
class HeaderMatch:
    row_index: int  # 0-based index into Table.rows
    columns: dict[str, int] = field(default_factory=dict)  # key → column index
    titles: dict[str, str] = field(default_factory=dict)  # key → header text in the file

    def has(self, key: str) -> bool:
        return key in self.columns

    def cell(self, row: list[object], key: str) -> object:
        index = self.columns.get(key)
        if index is None or index >= len(row):
            return None
        return row[index]


def match_header_row(cells: list[object], columns: list[Column]) -> HeaderMatch:
    """Match one row's cells against the columns: exact keys first, then prefixes."""
    keys = [header_key(c) if isinstance(c, str) else "" for c in cells]
    match = HeaderMatch(row_index=-1)
    taken: set[int] = set()
    for exact in (True, False):
        for column in columns:
            if column.key in match.columns:
                continue
            for synonym in column.keys():
                found = next(
                    (
                        i
                        for i, key in enumerate(keys)
                        if i not in taken
                        and key
                        and (key == synonym if exact
                             else " " in synonym and key.startswith(synonym + " "))
                    ),
                    None,
                )
                if found is not None:
                    match.columns[column.key] = found
                    match.titles[column.key] = clean_cell(cells[found])
                    taken.add(found)
                    break
    return match


def find_header(
    rows: list[list[object]], columns: list[Column], file_label: str, what: str
) -> HeaderMatch:
    """The row among the first 20 that matches most columns and all required ones."""
    best: HeaderMatch | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        match = match_header_row(row, columns)
        match.row_index = index
        if best is None or len(match.columns) > len(best.columns):
            best = match
    required = [c for c in columns if c.required]
    if best is None or len(best.columns) < 2 or any(c.key not in best.columns for c in required):
        expected = ", ".join(f"«{c.synonyms[0]}»" for c in required)
        missing = ""
        if best is not None and len(best.columns) >= 2:
            missing = " Не найдены: " + ", ".join(
                f"«{c.synonyms[0]}»" for c in required if c.key not in best.columns
            ) + f" (проверена строка {best.row_index + 1})."
        raise FileProblem(
            f"В файле «{file_label}» не найдена строка заголовков {what} в первых "
            f"{HEADER_SCAN_ROWS} строках. Нужны столбцы {expected}.{missing}"
        )
    return best
