"""Typed errors for expected problems.

Every error carries a Russian message the user can act on. The UI turns them into
dialogs in one place (``ui/errors.py``); the command line prints ``message`` to
stderr. Anything that is not a ``TsjError`` is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class TsjError(Exception):
    """Base of all expected problems; ``str(error)`` is the user's message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FileProblem(TsjError):
    """A file cannot be read: missing, not a spreadsheet, damaged, no header."""


class NotFound(TsjError):
    """A record the user named does not exist."""


class ValidationFailed(TsjError):
    """Input breaks a rule; ``problems`` lists each broken rule."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or [message]


class DatabaseProblem(TsjError):
    """The database file cannot be used: locked, damaged, too new, unreachable."""


class DatabaseLocked(DatabaseProblem):
    """Another copy of the program holds the database; ``holder`` says who and since when."""

    def __init__(self, message: str, holder: object):
        super().__init__(message)
        self.holder = holder


class WriteFault(TsjError):
    """The disk or the file system refused a write: no space left, a read-only file,
    folder or disk, a missing folder, no permission. ``kind`` says which (the names in
    ``tsj_desk.faults``), ``path`` is the file or folder the message names."""

    def __init__(self, message: str, kind: str, path: object | None = None):
        super().__init__(message)
        self.kind = kind
        self.path = path


class BaseWriteFault(WriteFault, DatabaseProblem):
    """Such a fault met by the base itself, its backups or its restore."""


class ChangedElsewhere(TsjError):
    """A save refused because the record moved since the card was read: another PC
    saved it (or removed it) meanwhile. ``table`` and ``row_id`` name the record; the
    window reloads the card and shows the newer data."""

    def __init__(self, message: str, table: str = "", row_id: object | None = None):
        super().__init__(message)
        self.table = table
        self.row_id = row_id


class DatabaseDamaged(DatabaseProblem):
    """The file fails its check; ``backup`` is the newest backup that passes, if any."""

    def __init__(self, message: str, backup: object | None):
        super().__init__(message)
        self.backup = backup


@dataclass(frozen=True)
class RowProblem:
    """One problem of one input row: Excel row number, column header, message."""

    row: int
    column: str | None
    message: str
    is_error: bool = True

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def describe(self) -> str:
        where = f"строка {self.row}"
        if self.column:
            where += f", столбец «{self.column}»"
        return f"{where}: {self.message}"


@dataclass
class ImportRejected(TsjError):
    """An import stopped by row errors; nothing was written."""

    errors: list[RowProblem] = field(default_factory=list)

    def __post_init__(self) -> None:
        first = self.errors[0].describe().rstrip(".") if self.errors else ""
        from tsj_desk.domain.text import plural

        count = len(self.errors)
        super().__init__(
            f"Файл не загружен: {count} {plural(count, 'ошибка', 'ошибки', 'ошибок')}. "
            f"Первая — {first}. Исправьте файл или загрузите только верные строки."
        )
