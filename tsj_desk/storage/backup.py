"""Copies of a live SQLite database through SQLite's backup API (never a plain file
copy, which can catch a half-written page), and the checks of a database file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tsj_desk.private_files import create_private


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    integrity: list[str]
    foreign_keys: list[tuple]
    error: str | None = None

    def describe(self) -> str:
        if self.error:
            return self.error
        if self.ok:
            return "База исправна: проверка целостности и внешних ключей пройдена."
        parts = []
        if self.integrity != ["ok"]:
            parts.append("нарушена целостность: " + "; ".join(self.integrity[:5]))
        if self.foreign_keys:
            parts.append(f"нарушены связи между таблицами ({len(self.foreign_keys)})")
        return "База повреждена: " + ", ".join(parts) + "."


def check_file(path: Path, *, quick: bool = False) -> CheckResult:
    """``integrity_check`` (or ``quick_check``) and ``foreign_key_check`` of a file."""
    path = Path(path)
    if not path.exists():
        return CheckResult(False, [], [], f"Файл «{path}» не найден.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            integrity = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
            foreign = list(connection.execute("PRAGMA foreign_key_check"))
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return CheckResult(False, [], [], f"Файл «{path.name}» повреждён или не является базой "
                                          f"данных ({exc}).")
    return CheckResult(integrity == ["ok"] and not foreign, integrity, foreign)


def backup_database(source: Path, target: Path,
                    progress: Callable[[int, int], None] | None = None) -> None:
    """Copy the live database ``source`` into a new file ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".part")
    temp.unlink(missing_ok=True)
    create_private(temp)  # a copy of the base is as private as the base (SQLite: 0644)
    source_db = sqlite3.connect(str(source), timeout=30)
    try:
        target_db = sqlite3.connect(str(temp))
        try:
            def report(status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            source_db.backup(target_db, pages=4096, progress=report)
            target_db.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            target_db.close()
    finally:
        source_db.close()
    temp.replace(target)


def restore_database(backup: Path, target: Path) -> None:
    """Write ``backup`` over the database ``target`` through the backup API, so that the
    target's WAL and connections stay consistent."""
    source_db = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        create_private(target)  # where the base was moved aside: a new file, 0600
        target_db = sqlite3.connect(str(target), timeout=30)
        try:
            source_db.backup(target_db)
        finally:
            target_db.close()
    finally:
        source_db.close()
