"""A table saved as text (.csv, .txt): a register or a readings sheet that Excel or another
program wrote with «Сохранить как CSV». Its cells are split by «;», a tab or «,» —
whichever the first lines use most — with quotes as Excel writes them; the encoding is
read as for the 1С registry (``text_encoding``). Numbers stay text: the importers read
«45,3» and «1/2» from text as they do from a cell typed as text.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers.text_encoding import decode_russian_text

_DELIMITERS = (";", "\t", ",")
_SAMPLE_LINES = 20


def _delimiter(lines: list[str]) -> str:
    sample = [line for line in lines[:_SAMPLE_LINES] if line.strip()]
    counts = {d: sum(line.count(d) for line in sample) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: (counts[d], d == ";"))


def text_rows(path: Path, max_cells: int) -> list[list[object]]:
    """The rows of a text table, each a list of its cells (stripped text); a file of more
    than ``max_cells`` cells is refused before they are made."""
    text = decode_russian_text(path.read_bytes(), path.name)
    if "\x00" in text:
        raise FileProblem(f"Файл «{path.name}» не является текстовым файлом .csv.")
    lines = text.splitlines()
    delimiter = _delimiter(lines)
    if text.count(delimiter) + len(lines) > max_cells:
        raise FileProblem(f"В файле «{path.name}» больше {max_cells} ячеек — это не реестр и не показания.")
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"')
    try:
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise FileProblem(f"Файл «{path.name}» не читается как таблица .csv: {exc}.") from exc
