"""What the window loads before its first page is usable: none of the heavy libraries a
later action needs (each costs 0.1–1 s at every start). An import added at the top of a
module the start loads would bring one back without anyone noticing the slower start."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("holidays", "psycopg", "openpyxl", "docx", "python_calamine", "keyring", "lxml")
OWN_HEAVY = ("tsj_desk.importers", "tsj_desk.documents", "ui.first_run.wizard",  # the wizard: a blank base only
             "ui.summary.satisfaction")  # the scores tab: built when brought forward


def test_the_start_and_the_first_page_load_no_heavy_library(tmp_path):
    code = (
        "import sys\n"
        "import ui.app, ui.main_window, ui.summary.page\n"
        f"heavy = {HEAVY!r}; own = {OWN_HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(own)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
