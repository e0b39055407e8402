"""ТСЖ Деск: the core (domain, storage, services, importers, documents), without Qt."""

from tsj_desk.storage.server_driver import import_peewee as _import_peewee

_import_peewee()  # before any module imports peewee: not the PostgreSQL driver with it
