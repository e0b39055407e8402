"""``tsj-desk backup``, ``restore`` and ``check`` of a base file: the handlers of the
core commands whose parsers ``tsj_desk.cli`` builds. A server URL is handed on to
``tsj_desk.commands.server_ops``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import argparse
import sys
from pathlib import Path

from tsj_desk import clock

if TYPE_CHECKING:
    from tsj_desk.cli import OpenWindow


def _cmd_backup(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.cli import _db_path, _session
    from tsj_desk.services.backups import make_backup

    if "://" in (_db_path(args) or ""):  # a server base: pg_dump (tsj_desk.commands.server_ops)
        from tsj_desk.commands import server_ops

        return server_ops.backup(args)

    with _session(args, write=False):
        info = make_backup("manual", now=clock.now(), folder=Path(args.to) if args.to else None)
    print(info.path)
    return 0


def _cmd_restore(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.cli import _db_path, _refuse_network
    from tsj_desk.services.backups import restore_backup
    from tsj_desk.storage.lock import DatabaseLock

    if "://" in (_db_path(args) or ""):  # a server base: pg_restore into an empty one
        from tsj_desk.commands import server_ops

        return server_ops.restore(args)
    backup, db = Path(args.backup), Path(_db_path(args))
    if not backup.exists():
        print(f"Резервная копия «{backup}» не найдена.", file=sys.stderr)
        return 2
    _refuse_network(db)
    lock = DatabaseLock(db)
    lock.acquire(clock.now())  # DatabaseLocked (a TsjError): exit 1 with who holds the base
    try:
        # a copy of another base only with --other-base (exit 1 naming both bases)
        safety = restore_backup(backup, now=clock.now(), db_path=db, other_base_ok=args.other_base)
    finally:
        lock.release()
    if safety is not None:
        print(f"Прежнее состояние сохранено в {safety.path}.")
    print(f"База «{db}» восстановлена из «{backup.name}».")
    return 0


def _cmd_check(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.cli import _db_path
    from tsj_desk.services.base_check import check_base, take_base_as_is

    if "://" in (_db_path(args) or ""):  # a server base: the consistency queries
        from tsj_desk.commands import server_ops

        return server_ops.check(args)
    db = Path(_db_path(args))
    if not db.is_file():
        print(f"База «{db}» не найдена." if not db.exists() else f"«{db}» — не файл базы, а папка.",
              file=sys.stderr)
        return 2
    found = check_base(db)  # an empty or truncated file, damage, changes lost
    if found.lost is not None and args.accept_lost_changes:
        take_base_as_is(db)
        print(found.lost.describe())
        print("База принята как есть: о потерянных изменениях программа больше не напоминает; "
              "внесите их заново.")
        print(found.verdict.describe())
        return 0 if found.verdict.ok else 1
    print(found.describe())
    if found.lost is not None:
        print(f"Чтобы продолжать работу с базой как есть: tsj-desk check --db {db} "
              "--accept-lost-changes")
    return 0 if found.ok else 1
