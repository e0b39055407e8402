"""peewee and the PostgreSQL driver.

peewee imports psycopg, when it is installed, as it is imported itself: 0.3–0.7 s at
every start of the program (measured on this project's 2-core machine; Qt's widgets take
0.1–0.2 s), though most offices open a SQLite file and never need the driver.
``import_peewee`` imports peewee with psycopg hidden from it; ``load`` hands peewee the
driver, as its own import would have, before a server base is made.
"""

from __future__ import annotations

import sys


def import_peewee() -> None:
    """Import peewee without the PostgreSQL driver (nothing to do once it is imported)."""
    if "peewee" in sys.modules:
        return
    hidden = "psycopg" not in sys.modules
    if hidden:
        sys.modules["psycopg"] = None  # ``import psycopg`` in peewee raises ImportError
    try:
        import peewee  # noqa: F401
    finally:
        if hidden:
            del sys.modules["psycopg"]


def load() -> None:
    """Give peewee the PostgreSQL driver (psycopg 3): the module names its import would
    have bound, and the transaction states of its adapter. Call before a
    ``peewee.PostgresqlDatabase`` is made (its adapter is chosen then)."""
    import peewee

    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.TransactionStatus = TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.psycopg = psycopg  # last: peewee takes the driver as present from this name
