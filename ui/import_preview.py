"""What the previews of an import share: a row with its problems, and the table model over them.

The register, the readings and the balances each show the rows of a file before
loading: every row with the file's row number first, what it says, and its errors
and warnings in «Замечания». A preview row is a frozen dataclass with ``row`` (the
sheet's row number) and ``problems``, and mixes in ``ProblemRow``; its model is an
``ImportPreviewModel`` that names its columns after ``line_column``. The model tints
a row red for an error and yellow for a warning and explains it in the tooltip. A
preview over a file checked by a service (``checked``) counts through ``CheckedCounts``.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication

from tsj_desk.domain.errors import RowProblem
from ui import colors
from ui.import_base import problem_text
from ui.tables import RIGHT, Column, RowsModel


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportPreview", text)


class ProblemRow:
    """A preview row's errors and warnings (``problems``) and the text they make."""

    row: int
    problems: tuple[RowProblem, ...]

    @property
    def has_error(self) -> bool:
        return any(p.is_error for p in self.problems)

    @property
    def has_warning(self) -> bool:
        return any(not p.is_error for p in self.problems)

    def problem_lines(self) -> list[str]:
        return [problem_text(p) for p in self.problems]

    def remarks(self) -> str:
        """What «Замечания» says of the row."""
        return "\n".join(self.problem_lines())


class CheckedCounts:
    """The counts of a preview over a checked file: its data rows, errors and warnings."""

    checked: Any  # the service's preview: ``parsed.data_rows``, ``errors``, ``warnings``

    @property
    def data_rows(self) -> int:
        return self.checked.parsed.data_rows

    @property
    def errors(self) -> int:
        return len(self.checked.errors)

    @property
    def warnings(self) -> int:
        return len(self.checked.warnings)


R = TypeVar("R", bound=ProblemRow)


def line_column(width: int) -> Column:
    """«Строка»: the file's row number, sorted as a number."""
    return Column(tr("Строка"), lambda r: str(r.row), lambda r: r.row, RIGHT, width=width)


class ImportPreviewModel(RowsModel[R], Generic[R]):
    """The rows of a file before loading: tinted by their problems, explained in the tooltip."""

    def tone(self, row: R) -> colors.Tone:
        if row.has_error:
            return colors.Tone.ERROR
        if row.has_warning:
            return colors.Tone.WARNING
        return colors.Tone.NORMAL

    def row_tooltip(self, row: R) -> str | None:
        return row.remarks() or None
