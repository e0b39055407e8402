"""Register benchmark: 5,000 premises and 8,000 owners.

Prints the time to import the register workbook through the application, to
export the register (.xlsx and .docx), and the time to first paint of the register
page. Run: ``uv run python benchmarks/register.py``.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PREMISES = 5_000
OWNERS = 8_000
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0)


def make_register(path: Path, seed: int = 1) -> int:
    """A register workbook of PREMISES premises and OWNERS owner rows; returns the rows."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Реестр")
    sheet.append(["Реестр собственников помещений"])
    sheet.append([])
    sheet.append(["№ кв.", "Вид помещения", "Площадь, кв. м", "ФИО собственника", "Доля",
                  "Номер регистрации права", "Дата регистрации права", "Лицевой счёт"])
    shared = OWNERS - PREMISES  # premises with two owners of 1/2 each
    rows = 0
    for n in range(1, PREMISES + 1):
        area = f"{rng.randint(250, 1200) / 10:.1f}".replace(".", ",")
        owners = 2 if n <= shared else 1
        for k in range(owners):
            share = "1/2" if owners == 2 else "1"
            sheet.append([n, "квартира", area, f"Собственников{n} Имя{k} Отчество", share,
                          f"50:21:00{n:05d}:{k}-50/021/2018-{k + 1}",
                          f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1995, 2025)}",
                          f"{n:06d}"])
            rows += 1
    workbook.save(path)
    return rows


def first_paint_seconds() -> float:
    """Time from creating the register page to its first painted frame, offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.register.page import RegisterPage

    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    page = RegisterPage()
    page.resize(1280, 800)
    page.show()
    page.grab()  # forces layout and a full paint of the table
    elapsed = time.perf_counter() - started
    page.close()
    app.processEvents()
    return elapsed


def main() -> None:
    from tsj_desk.services.disclosure import export_register
    from tsj_desk.services.registry import import_registry
    from tsj_desk.services.session import close_session, open_session

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        workbook = folder / "register.xlsx"
        rows = make_register(workbook)
        open_session(folder / "bench.sqlite3", now=NOW)

        started = time.perf_counter()
        report = import_registry(workbook, now=NOW)
        import_time = time.perf_counter() - started
        assert report.imported == rows, report

        timings = {}
        for suffix in (".xlsx", ".docx"):
            started = time.perf_counter()
            result = export_register(folder / f"out{suffix}", as_of=TODAY, requested_by="бенчмарк",
                                     purpose="замер", now=datetime(2026, 11, 24, 12, 0))
            timings[suffix] = time.perf_counter() - started
            assert result.rows == rows

        paint = first_paint_seconds()
        close_session()

    print(f"register: {PREMISES} premises, {rows} owners")
    print(f"import .xlsx:          {import_time:6.2f} s")
    print(f"export .xlsx:          {timings['.xlsx']:6.2f} s")
    print(f"export .docx:          {timings['.docx']:6.2f} s")
    print(f"register page, first paint: {paint:6.3f} s")


if __name__ == "__main__":
    main()
