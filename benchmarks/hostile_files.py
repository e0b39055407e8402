"""Hostile-file benchmark: how long each refusal of the suite's hostile files takes.

Each file (zip bombs, endless XML, broken .xls chains, …; built by
``tests/robustness``) is parsed in a fresh interpreter, as the suite does, which
reports its own time and peak memory. The target: every refusal within 5 s and
200 MB on a 2-core machine. Run: ``uv run python benchmarks/hostile_files.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "robustness"))
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 5.0
TARGET_MB = 200


def main() -> int:
    from test_hostile_files import CASES, run_child

    slowest = 0.0
    with tempfile.TemporaryDirectory(prefix="tsj-hostile-") as folder:
        print(f"{'file':45} {'outcome':12} {'s':>6} {'MB':>6}")
        for number, (name, case) in enumerate(CASES.items()):
            sub = Path(folder) / f"case{number}"
            sub.mkdir()
            result = run_child(case.build(sub), case.parser, case.size_limit)
            peak = f"{result.peak / 2**20:6.0f}" if result.peak is not None else "     ?"
            print(f"{name:45} {result.outcome:12} {result.seconds:6.2f} {peak}")
            slowest = max(slowest, result.seconds)
    print(f"slowest refusal: {slowest:.2f} s (target ≤ {TARGET_SECONDS:.0f} s, ≤ {TARGET_MB} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
