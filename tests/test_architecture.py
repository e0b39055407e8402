"""The layering of design.md, enforced by import-linter contracts in pyproject.toml."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core never imports Qt KEPT" in result.stdout


def test_the_core_runs_without_qt():
    code = (
        "import sys, tsj_desk.cli, tsj_desk.services.registry, tsj_desk.services.disclosure, "
        "tsj_desk.services.demo; "
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules), "
        "[m for m in sys.modules if m.startswith('PySide6')]"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# Reading the computer's time: the standard library's and Qt's ways, called or passed
# as a default (``default=datetime.now``).
SYSTEM_TIME = re.compile(
    r"\b(?:date\.today|datetime\.(?:now|today|utcnow)|time\.(?:time|time_ns|localtime|gmtime|ctime)"
    r"|QDate\.currentDate|QDateTime\.current\w*|QTime\.currentTime)\b")


def _sources():
    for package in ("tsj_desk", "ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_only_the_one_clock_reads_the_system_time():
    # deadlines, date checks and stamps follow tsj_desk.clock: a module reading the
    # computer's time itself would judge by another moment than the rest of the
    # program under a test or a screenshot that fixes it
    found = [f"{name}:{number}: {line.strip()}" for name, text in _sources() if name != "tsj_desk/clock.py"
             for number, line in enumerate(text.splitlines(), start=1) if SYSTEM_TIME.search(line)]
    assert found == []


def test_only_the_entry_points_take_the_time_from_the_clock():
    # below the command line and the window, the moment is an argument (now, today)
    import ast

    takers = set()
    for name, text in _sources():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module == "tsj_desk" and any(
                    alias.name == "clock" for alias in node.names):
                takers.add(name)
            elif isinstance(node, ast.ImportFrom) and node.module == "tsj_desk.clock":
                takers.add(name)
            elif isinstance(node, ast.Import) and any(a.name == "tsj_desk.clock" for a in node.names):
                takers.add(name)
    # the command line is tsj_desk/cli.py and its families of subcommands
    command_line = {name for name in takers if name.startswith("tsj_desk/commands/")}
    assert takers - command_line == {"tsj_desk/cli.py", "ui/clock.py"}


def test_the_clock_check_sees_what_it_looks_for():
    # the two checks above must not pass by matching nothing
    for line in ("at = peewee.DateTimeField(default=datetime.now)", "day = date.today()",
                 "stamp = time.time()", "QDateTime.currentDateTime()", "QDate.currentDate()"):
        assert SYSTEM_TIME.search(line), line
    for line in ("deadline = time.monotonic() + 5", "made = now.date()", "clock.now()"):
        assert not SYSTEM_TIME.search(line), line
    assert SYSTEM_TIME.search((ROOT / "tsj_desk" / "clock.py").read_text(encoding="utf-8"))


def test_every_import_of_the_benchmarks_and_screenshot_scripts_resolves():
    # these scripts run by hand, not in the suite: a module renamed in the project
    # must not leave them failing at their first import
    import ast
    import importlib

    missing = []
    for path in sorted([*(ROOT / "benchmarks").glob("*.py"), *(ROOT / "docs").glob("make_*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            if node.module.split(".")[0] not in ("tsj_desk", "ui"):
                continue
            module = importlib.import_module(node.module)
            for alias in node.names:
                if not hasattr(module, alias.name):
                    try:
                        importlib.import_module(f"{node.module}.{alias.name}")
                    except ImportError:
                        missing.append(f"{path.name}: from {node.module} import {alias.name}")
    assert missing == []
