"""Choosing another base file in the window (Файл → Открыть базу…, Создать базу…).

What a chosen file must be is checked here, before the base open now is closed: a file
that is no base of this program is refused with a message saying so, and the base the
user works on stays open. A damaged base of this program passes: opening it offers the
restore from its newest good backup, as at the program's start.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tsj_desk.domain.errors import FileProblem

BASE_SUFFIX = ".sqlite3"


def same_file(one: Path | str | None, other: Path | str | None) -> bool:
    if one is None or other is None:
        return False
    try:
        return Path(one).resolve() == Path(other).resolve()
    except OSError:
        return Path(one) == Path(other)


def check_existing_base(path: Path | str) -> Path:
    """``path`` if it is a base of this program (of a version it can open); otherwise
    ``FileProblem`` naming what the file is instead."""
    from tsj_desk.storage.backup import expected_tables, file_problem, read_facts
    from tsj_desk.storage.migrations import LATEST_VERSION

    path = Path(path)
    refused = f"Файл «{path.name}» — не база ТСЖ Деск: "
    if path.is_dir():
        raise FileProblem(f"«{path}» — папка, а не файл базы. Выберите файл базы ТСЖ Деск "
                          f"(обычно с расширением {BASE_SUFFIX}).")
    if not path.exists():
        raise FileProblem(f"Файл «{path}» не найден.")
    problem = file_problem(path)
    if problem is not None:
        if "пуст" in problem:
            raise FileProblem(refused + "файл пуст. Выберите файл базы или создайте новую базу "
                              "(Файл → Создать базу…).")
        raise FileProblem(refused + "это не база данных SQLite. Выберите файл базы "
                          f"(обычно с расширением {BASE_SUFFIX}).")
    try:
        facts = read_facts(path)
    except (sqlite3.Error, OSError):
        return path  # a damaged base: opening it says so and offers its backup
    if facts.version < 1 or not expected_tables(1) <= facts.tables:
        raise FileProblem(refused + "это база данных другой программы. Выберите файл базы "
                          "ТСЖ Деск.")
    if facts.version > LATEST_VERSION:
        raise FileProblem(f"База «{path.name}» создана более новой версией ТСЖ Деск (схема "
                          f"{facts.version}, эта версия знает до {LATEST_VERSION}). Обновите "
                          "программу, чтобы открыть её.")
    return path


def new_base_path(path: Path | str) -> Path:
    """Where a new base will be created: ``path`` with the base suffix added when it has
    none. A file that exists is never written over; the folder must exist and be writable."""
    path = Path(path)
    if path.suffix.lower() not in (BASE_SUFFIX, ".sqlite", ".db"):
        path = path.with_name(path.name + BASE_SUFFIX)
    if path.exists():
        raise FileProblem(f"Файл «{path.name}» уже есть в этой папке. Новая база создаётся "
                          "только в новом файле: укажите другое имя (а чтобы открыть этот файл, "
                          "выберите «Открыть базу…»).")
    folder = path.parent
    if not folder.is_dir():
        raise FileProblem(f"Папки «{folder}» нет. Выберите существующую папку.")
    if not os.access(folder, os.W_OK):
        raise FileProblem(f"В папку «{folder}» нельзя записывать. Выберите другую папку.")
    from tsj_desk.storage.location import network_location_problem

    if problem := network_location_problem(path):
        raise FileProblem(problem)
    return path
