"""``tsj-desk backup``, ``restore`` and ``check`` of a base on a PostgreSQL server
(``--db postgresql://…``): the core commands in ``tsj_desk.cli`` hand a server URL here.

- ``backup --db URL [--to FOLDER]``: ``pg_dump`` of the base, checked with
  ``pg_restore --list``; prints the copy's path.
- ``restore COPY.dump --db URL``: into an empty server base only (a base with tables:
  exit 1, nothing changed); then the base is brought up to this version's schema.
- ``check --db URL``: the consistency queries (``services.server_check``); exit 1 when
  something is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tsj_desk import clock


def _url(args: argparse.Namespace) -> str:
    return getattr(args, "sub_db", None) or args.db


def backup(args: argparse.Namespace) -> int:
    from tsj_desk.services.server_backups import make_server_backup
    from tsj_desk.services.session import close_session, open_session

    open_session(_url(args), now=clock.now())
    try:
        info = make_server_backup("manual", now=clock.now(), folder=Path(args.to) if args.to else None)
    finally:
        close_session()
    print(info.path)
    return 0


def restore(args: argparse.Namespace) -> int:
    from tsj_desk.services.server_backups import restore_server_backup
    from tsj_desk.services.session import close_session, open_session
    from tsj_desk.storage.database import shown_target

    url, copy = _url(args), Path(args.backup)
    if not copy.is_file():
        print(f"Резервная копия «{copy}» не найдена.", file=sys.stderr)
        return 2
    restore_server_backup(copy, url, now=clock.now())  # a base with tables: DatabaseProblem, exit 1
    open_session(url, now=clock.now())  # a copy made by an older version: the schema is brought up
    close_session()
    print(f"База «{shown_target(url)}» восстановлена из «{copy.name}».")
    return 0


def check(args: argparse.Namespace) -> int:
    from tsj_desk.services.server_check import check_open_base
    from tsj_desk.storage.database import close_database, open_database, shown_target
    from tsj_desk.storage.migrations import LATEST_VERSION, schema_version

    url = _url(args)
    db = open_database(url, migrate=False)  # the check changes nothing, not even the schema
    try:
        if not db.get_tables():
            print(f"База «{shown_target(url)}» на сервере пуста: проверять нечего.", file=sys.stderr)
            return 1
        if (version := schema_version(db)) != LATEST_VERSION:
            print(f"База «{shown_target(url)}» — схемы {version}, а эта версия программы знает схему "
                  f"{LATEST_VERSION}: проверьте её той версией ТСЖ Деск, которая с ней работает, или "
                  "откройте её в этой версии, чтобы обновить.", file=sys.stderr)
            return 1
        found = check_open_base()
    finally:
        close_database()
    print(found.describe())
    return 0 if found.ok else 1
