"""What every import shares: the report, cancellation, progress callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tsj_desk.domain.errors import RowProblem, TsjError

Progress = Callable[[int, int], None]


class Cancelled(TsjError):
    def __init__(self) -> None:
        super().__init__("Операция отменена; данные не изменены.")


@dataclass
class ImportReport:
    """The outcome of an import, in the shape the ``--json`` output prints."""

    rows: int
    valid: int
    imported: int
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    batch_id: int | None = None

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "imported": self.imported,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
        }
