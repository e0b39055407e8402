"""Finding the header row of a table and matching its columns by synonyms.

Headers drift between versions of the same template (a double space, a shortened
word, «ё» for «е»), so they are compared after ``header_key`` normalisation, never
as exact strings. A long header matches a synonym of two or more words it starts with («Значение
показания (Т2), является обязательным…» matches «Значение показания (Т2)»); a
one-word synonym matches only exactly («Дата поверки» is not «Дата»), or a header that
adds only a note in brackets («Собственник (Ф.И.О. или наименование юр. лица)»), when
no header matched it otherwise.

A header may take two rows: a merged cell above («Собственник» over «ФИО» and «ОГРН»,
expanded by ``read_table`` into every cell it spans) and the detail below, or one
cell merged down over both rows («№ кв.»). Each candidate row is also tried together
with the row below it; the pair is taken when it recognises more columns than one
row alone. Its cells read «Собственник: ОГРН» and match by the whole text, then by the
lower row's text, then by the upper one's. A .csv merges nothing: «Сальдо на конец
периода» stands over «Дебет» only, the cell over «Кредит» is empty; the pair is tried
once more with such a cell taking the heading to its left (as the merged cell did),
and taken when that recognises more columns again.

A mapping (header text after ``header_key`` → column key, or ``""`` for a column the
user does not want read) is applied before the synonyms: it is the user's answer for
the columns the synonyms do not know. ``layouts`` holds mappings remembered for header
rows of a given signature (``HeaderMatch.signature``); one is applied to a candidate
row whose signature it was remembered for, when no mapping is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.text import clean_cell, header_key

HEADER_SCAN_ROWS = 20

Mapping = dict[str, str]  # header_key of a header cell → column key ("" — not used)
Signature = tuple[str, ...]


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Russian name for messages
    synonyms: tuple[str, ...]
    required: bool = False

    def keys(self) -> tuple[str, ...]:
        return tuple(header_key(s) for s in self.synonyms)


@dataclass(frozen=True)
class HeaderCell:
    """One non-empty cell of a header row and what the program took it for."""

    index: int  # column index in the sheet
    text: str  # as the file writes it; «верх: низ» for a header in two rows
    key: str  # header_key(text): what a mapping names
    field: str | None = None  # the column key it was taken for; None — not used
    by_mapping: bool = False  # taken so by a mapping (the user's or a remembered one)
    alternatives: tuple[str, ...] = ()  # for two rows: the lower row's key, then the upper's


@dataclass
class HeaderMatch:
    row_index: int  # 0-based index into Table.rows of the header's last row; data follows it
    columns: dict[str, int] = field(default_factory=dict)  # key → column index
    titles: dict[str, str] = field(default_factory=dict)  # key → header text in the file
    first_row: int = -1  # index of the header's first row (== row_index for a one-row header)
    cells: list[HeaderCell] = field(default_factory=list)  # every non-empty header cell
    mapping: Mapping | None = None  # the mapping applied, if any
    explicit: bool = False  # the mapping was given by the caller (not a remembered one)
    remembered: bool = False  # a remembered layout was applied

    def has(self, key: str) -> bool:
        return key in self.columns

    def cell(self, row: list[object], key: str) -> object:
        index = self.columns.get(key)
        if index is None or index >= len(row):
            return None
        return row[index]

    @property
    def signature(self) -> Signature:
        return signature_of(self.cells)

    @property
    def height(self) -> int:
        return self.row_index - self.first_row + 1

    def used_mapping(self) -> Mapping:
        """The entries of the applied mapping that met a cell of this header."""
        if not self.mapping:
            return {}
        keys = {k for cell in self.cells for k in (cell.key, *cell.alternatives)}
        return {k: v for k, v in self.mapping.items() if k in keys}


class HeaderNotFound(FileProblem):
    """No row of the first ones holds the columns needed. ``cells`` are the header cells
    of the best candidate row (with what was recognised in them), so that the user can
    say which of them is the missing column; ``row_index`` is that row's index."""

    def __init__(self, message: str, cells: list[HeaderCell], row_index: int,
                 missing: list[Column], needed: list[Column], missing_text: str = ""):
        super().__init__(message)
        self.cells = cells
        self.row_index = row_index
        self.missing = missing
        self.needed = needed
        self.missing_text = missing_text  # «Номер счётчика» или «Номер ПУ в ГИС ЖКХ», «Т1»

    @property
    def signature(self) -> Signature:
        return signature_of(self.cells)


def signature_of(cells: list[HeaderCell]) -> Signature:
    """What makes two header rows «the same»: their non-empty cells' keys in order."""
    return tuple(cell.key for cell in cells)


def _text(value: object) -> str:
    return clean_cell(value) if isinstance(value, str) else ""


def _row_cells(row: list[object]) -> list[HeaderCell]:
    cells = []
    for i, value in enumerate(row):
        text = _text(value)
        if text and (key := header_key(text)):
            cells.append(HeaderCell(i, text, key))
    return cells


def header_cells(rows: list[list[object]], index: int, height: int = 1,
                 _known: dict[int, list[HeaderCell]] | None = None, *,
                 carry: bool = False) -> list[HeaderCell]:
    """The non-empty text cells of row ``index`` (with the row below when ``height`` is 2:
    «верх: низ», keyed by both keys joined, matched also by each alone). With ``carry`` an
    empty upper cell takes the heading to its left (``_spread``)."""
    known = {} if _known is None else _known

    def of(at: int) -> list[HeaderCell]:
        if at not in known:
            known[at] = _row_cells(rows[at])
        return known[at]

    if height == 1:
        return of(index)
    lower = {cell.index: cell for cell in of(index + 1)}
    upper = _spread(of(index), lower) if carry else {cell.index: cell for cell in of(index)}
    cells = []
    for i in sorted(upper.keys() | lower.keys()):
        top, bottom = upper.get(i), lower.get(i)
        if top is not None and bottom is not None and top.key != bottom.key:
            cells.append(HeaderCell(i, f"{top.text}: {bottom.text}", f"{top.key} {bottom.key}",
                                    alternatives=(bottom.key, top.key)))
        else:
            cells.append(top or bottom)
    return cells


def _spread(top: list[HeaderCell], lower: dict[int, HeaderCell]) -> dict[int, HeaderCell]:
    """The upper row's cells by column, a heading carried over the empty cells to its right
    while the cells below them are filled, as a merged cell would be («Сальдо на конец
    периода» over «Дебет» and «Кредит» in a .csv, where nothing is merged). Only a heading
    over a filled cell of its own is carried, and only in a row of two headings or more
    (a title alone above the header is not a heading of its columns)."""
    upper = {cell.index: cell for cell in top}
    if len(top) < 2:
        return upper
    for cell in top:
        if cell.index not in lower:
            continue
        at = cell.index + 1
        while at in lower and at not in upper:
            upper[at] = HeaderCell(at, cell.text, cell.key)
            at += 1
    return upper


class _Keys:
    """Where each key (exact, or a word prefix of a longer header) stands in a row.

    Prefixes are indexed only for headers whose first word begins some synonym of two
    or more words (``starts``): a sheet of thousands of other headers costs no more.
    """

    def __init__(self, cells: list[HeaderCell], level: int, starts: frozenset[str]):
        self.exact: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        self.bare: dict[str, list[int]] = {}  # a header's words before its note in brackets
        for cell in cells:
            keys = (cell.key, *cell.alternatives)
            if level >= len(keys):
                continue
            key = keys[level]
            self.exact.setdefault(key, []).append(cell.index)
            if level == 0 and not cell.alternatives and "(" in cell.text:
                bare = header_key(cell.text.split("(", 1)[0])
                if bare and bare != key:
                    self.bare.setdefault(bare, []).append(cell.index)
            words = key.split(" ")
            if len(words) > 2 and words[0] in starts:
                for n in range(2, len(words)):
                    self.prefix.setdefault(" ".join(words[:n]), []).append(cell.index)
        # «Показание (день)» beside «Показание (ночь)»: the words alone tell neither apart
        self.bare = {key: found for key, found in self.bare.items() if len(found) == 1}

    def first(self, synonym: str, exact: bool | None, taken: set[int]) -> int | None:
        if exact is None:  # «Собственник (Ф.И.О. или наименование юр. лица)» is «Собственник»
            found = self.bare.get(synonym, ())
        elif exact:
            found = self.exact.get(synonym, ())
        elif " " in synonym:
            found = self.prefix.get(synonym, ())
        else:
            return None
        return next((i for i in found if i not in taken), None)


def _match(cells: list[HeaderCell], columns: list[Column], synonyms: list[tuple[str, ...]],
           mapping: Mapping | None) -> tuple[dict[str, int], set[int]]:
    """Column key → column index: the mapping first, then exact synonyms, then prefixes."""
    found: dict[str, int] = {}
    taken: set[int] = set()
    by_mapping: set[int] = set()
    known = {c.key for c in columns}
    if mapping:
        for level in range(3):
            for cell in cells:
                keys = (cell.key, *cell.alternatives)
                if cell.index in taken or level >= len(keys) or keys[level] not in mapping:
                    continue
                target = mapping[keys[level]]
                if target == "":
                    taken.add(cell.index)
                    by_mapping.add(cell.index)
                elif target in known and target not in found:
                    found[target] = cell.index
                    taken.add(cell.index)
                    by_mapping.add(cell.index)
    starts = frozenset(s.split(" ", 1)[0] for group in synonyms for s in group if " " in s)
    depth = 3 if any(cell.alternatives for cell in cells) else 1
    levels = [_Keys(cells, level, starts) for level in range(depth)]
    for exact in (True, False, None):
        for keys in levels:
            for column, column_synonyms in zip(columns, synonyms):
                if column.key in found:
                    continue
                for synonym in column_synonyms:
                    index = keys.first(synonym, exact, taken)
                    if index is not None:
                        found[column.key] = index
                        taken.add(index)
                        break
    return found, by_mapping


def _header_match(cells: list[HeaderCell], columns: list[Column], synonyms: list[tuple[str, ...]],
                  mapping: Mapping | None) -> HeaderMatch:
    found, by_mapping = _match(cells, columns, synonyms, mapping)
    field_of = {index: key for key, index in found.items()}
    text_of = {cell.index: cell.text for cell in cells}
    match = HeaderMatch(row_index=-1, mapping=mapping)
    match.columns = {c.key: found[c.key] for c in columns if c.key in found}
    match.titles = {c.key: text_of[found[c.key]] for c in columns if c.key in found}
    match.cells = [HeaderCell(cell.index, cell.text, cell.key, field_of.get(cell.index),
                              cell.index in by_mapping, cell.alternatives) for cell in cells]
    return match


def match_header_row(cells: list[object], columns: list[Column],
                     mapping: Mapping | None = None) -> HeaderMatch:
    """Match one row's cells against the columns: the mapping, exact keys, then prefixes."""
    synonyms = [column.keys() for column in columns]
    match = _header_match(header_cells([list(cells)], 0), columns, synonyms, mapping)
    match.row_index = match.first_row = -1
    return match


def _letters(row: list[object]) -> int:
    return sum(1 for value in row if any(ch.isalpha() for ch in _text(value)))


def _groups(columns: list[Column], needs: list[tuple[str, ...]] | None) -> list[list[Column]]:
    """The columns a header must have: each group by one of its columns."""
    if needs is None:
        return [[c] for c in columns if c.required]
    by_key = {c.key: c for c in columns}
    return [[by_key[key] for key in group] for group in needs]


def _group_label(group: list[Column]) -> str:
    return " или ".join(f"«{c.label}»" for c in group)


def find_header(
    rows: list[list[object]], columns: list[Column], file_label: str, what: str, *,
    mapping: Mapping | None = None, layouts: dict[Signature, Mapping] | None = None,
    needs: list[tuple[str, ...]] | None = None,
) -> HeaderMatch:
    """The header among the first 20 rows (one row, or a row with the one below it) that
    has the columns needed and most columns; ``HeaderNotFound`` when none does.

    ``needs`` lists groups of column keys of which the header must hold one each; by
    default every required column.
    """
    synonyms = [column.keys() for column in columns]
    groups = _groups(columns, needs)
    best: HeaderMatch | None = None
    best_score: tuple[bool, int, int, int] | None = None
    known: dict[int, list[HeaderCell]] = {}  # each row's cells, read once
    for index in range(min(len(rows), HEADER_SCAN_ROWS)):
        plain: list[HeaderCell] = []
        for height, carry in ((1, False), (2, False), (2, True)):
            if index + height > len(rows):
                continue
            cells = header_cells(rows, index, height, known, carry=carry)
            if not cells or (carry and cells == plain):
                continue
            plain = cells
            use, remembered = mapping, False
            if mapping is None and layouts:
                found = layouts.get(signature_of(cells))
                if found is not None:
                    use, remembered = found, True
            match = _header_match(cells, columns, synonyms, use)
            match.first_row, match.row_index = index, index + height - 1
            match.explicit, match.remembered = mapping is not None, remembered
            score = (all(any(c.key in match.columns for c in group) for group in groups),
                     len(match.columns), -height, -carry)
            if best_score is None or score > best_score:
                best, best_score = match, score
    if best is not None and len(best.columns) >= 2 and best_score[0]:
        return best
    raise _not_found(rows, columns, synonyms, groups, file_label, what, best, mapping)


def _not_found(rows: list[list[object]], columns: list[Column], synonyms: list[tuple[str, ...]],
               groups: list[list[Column]], file_label: str, what: str, best: HeaderMatch | None,
               mapping: Mapping | None) -> HeaderNotFound:
    """The message names the columns needed and the cells seen in the best candidate row
    (the one that matched most, else the one with most text cells)."""
    required = [group[0] for group in groups]
    if best is None or not best.columns:
        scan = rows[:HEADER_SCAN_ROWS]
        counts = [_letters(row) for row in scan]
        if counts and max(counts) > 0:
            index = counts.index(max(counts))
            best = _header_match(header_cells(rows, index), columns, synonyms, mapping)
            best.first_row = best.row_index = index
        else:
            best = None
    needed = ", ".join(_group_label(group) for group in groups)
    message = (f"В файле «{file_label}» не найдена строка заголовков {what} в первых "
               f"{HEADER_SCAN_ROWS} строках. Нужны столбцы: {needed}.")
    if best is None:
        message += " В этих строках нет ни одного заголовка."
        return HeaderNotFound(message, [], -1, required, required)
    missing_groups = [g for g in groups if not any(c.key in best.columns for c in g)]
    missing = [group[0] for group in missing_groups]
    seen = ", ".join(f"«{cell.text}»" for cell in best.cells[:30])
    if len(best.cells) > 30:
        seen += " …"
    rows_text = (f"строке {best.first_row + 1}" if best.height == 1
                 else f"строках {best.first_row + 1}–{best.row_index + 1}")
    message += f" В {rows_text} есть заголовки: {seen}."
    if missing:
        message += " Не найдены: " + ", ".join(_group_label(g) for g in missing_groups) + "."
    message += (" Укажите, что означают столбцы файла: в окне загрузки — в части «Столбцы файла», "
                "в командной строке — --map \"Заголовок в файле=поле\" (поля — --list-fields).")
    return HeaderNotFound(message, best.cells, best.row_index, missing, required,
                          ", ".join(_group_label(g) for g in missing_groups))
