"""Acts benchmark: the time to make one act and 100 acts from the .docx templates.

On a demo database (made once, in a temporary folder) it prints:

* ``render_act`` alone — the template filled and saved, no database: one act of
  each kind, then 100 acts (the kinds in turn);
* ``services.acts.create_act`` — what «Сохранить» in the act dialog does: numbering,
  rendering, storing the act and its audit entry in one transaction; one act, then
  100 acts;
* ``services.acts.regenerate_acts`` — the batch «Сформировать заново» of 100 acts.

Each act is a flood (five damaged items, four participants), a dirty staircase or
lukewarm hot water, typed in full (``services.acts.demo_act_fields``). A single
act is the median of 7 runs; the batches are the best of 3 runs (the machine is
shared with other work). Target on this machine: ≤ 60 ms per act.

Run: ``uv run python benchmarks/acts.py [--acts N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 11, 30)
TARGET_MS = 60.0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=100, help="acts in a batch (100)")
    args = parser.parse_args()
    count = args.acts

    with tempfile.TemporaryDirectory(prefix="tsj-acts-bench-") as folder:
        tmp = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(tmp / "data")  # the acts folder of the demo user
        from tsj_desk.documents.acts import ACT_KINDS, render_act
        from tsj_desk.services import acts
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.journal import JournalFilter, list_requests
        from tsj_desk.services.session import close_session

        started = time.perf_counter()
        create_demo_database(tmp / "demo.sqlite3", today=TODAY)
        print(f"demo database: {time.perf_counter() - started:.1f} s")
        try:
            reg_no = list_requests(JournalFilter(text="Затопление"), today=TODAY, limit=1)[0].reg_no
            kinds = list(ACT_KINDS)
            contexts = {kind: {**acts.demo_act_fields(kind, acts.prefill(kind, reg_no=reg_no, now=NOW)),
                               "act_no": "2026-001"} for kind in kinds}
            out = tmp / "render"
            out.mkdir()
            for kind in kinds:  # warm up: imports, the first template read from disk
                render_act(kind, contexts[kind], out / f"warm-{kind}.docx")

            print("\nrender_act (template → .docx, no database)")
            per_act = []
            for kind in kinds:
                runs = []
                for run in range(7):
                    t = time.perf_counter()
                    render_act(kind, contexts[kind], out / f"{kind}-{run}.docx")
                    runs.append(time.perf_counter() - t)
                per_act.append(statistics.median(runs))
                print(f"  one act, {kind:<20} {ms(statistics.median(runs))}")
            batch = best_of(3, lambda: [render_act(kinds[i % 3], contexts[kinds[i % 3]], out / f"b{i}.docx")
                                        for i in range(count)])
            print(f"  {count} acts: {batch:6.2f} s = {ms(batch / count)} per act")
            render_per_act = batch / count

            print("\nservices.acts.create_act (number, render, store, audit)")
            runs = []
            for run in range(7):
                kind = kinds[run % 3]
                fields = contexts[kind]
                t = time.perf_counter()
                acts.create_act(kind, fields, now=NOW + timedelta(minutes=run), reg_no=reg_no)
                runs.append(time.perf_counter() - t)
            print(f"  one act: {ms(statistics.median(runs))}")

            def hundred() -> list:
                return [acts.create_act(kinds[i % 3], contexts[kinds[i % 3]], now=NOW, reg_no=reg_no)
                        for i in range(count)]

            batch = best_of(3, hundred)
            print(f"  {count} acts: {batch:6.2f} s = {ms(batch / count)} per act")
            create_per_act = batch / count

            ids = [a.id for a in acts.list_acts()][:count]
            batch = best_of(3, lambda: acts.regenerate_acts(ids, now=NOW))
            print(f"\nservices.acts.regenerate_acts, {len(ids)} acts: {batch:6.2f} s = "
                  f"{ms(batch / len(ids))} per act")
        finally:
            close_session()

    worst = max(render_per_act, create_per_act, *per_act) * 1000
    verdict = "within" if worst <= TARGET_MS else "OVER"
    print(f"\nworst per act: {worst:.1f} ms — {verdict} the target of {TARGET_MS:.0f} ms per act")


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t)
    return best


if __name__ == "__main__":
    main()
