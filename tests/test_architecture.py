"""The layering of design.md, enforced by import-linter contracts in pyproject.toml."""

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


def test_the_window_code_reads_the_clock_in_one_place():
    # deadline colours, entry checks and default periods follow ui.clock.today(): a
    # screen reading the system clock itself would show another day than the rest
    # of the window under a test or a screenshot that fixes the day
    import re

    reads = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.today)\(")
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in sorted((ROOT / "ui").rglob("*.py")) if path.name != "clock.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if reads.search(line)]
    assert found == []


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
