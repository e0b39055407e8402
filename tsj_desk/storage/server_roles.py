"""Setting up a base on a PostgreSQL server for an office: two roles.

- The owner role owns the schema: every table, sequence and function of the base. The
  migrations run as it (``SET ROLE``); nobody works as it day to day.
- The application role is what the office PCs log in as. It reads and writes the data
  (SELECT, INSERT, UPDATE, DELETE) and uses the sequences, but it owns nothing: it can't
  ALTER a table, TRUNCATE one or disable a trigger, so the append-only triggers of the
  change log (``audit_entry``) and the disclosure log (``disclosure``) hold for it; it has
  no UPDATE or DELETE on those two logs either, nor any write on the schema's version.

``init_server_base`` runs as an administrator (a superuser, or a role that may create
roles and owns the base) and may run again: the roles are kept (a password given is
set), the schema brought up to date, the grants made again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tsj_desk.domain.errors import ValidationFailed

LOG_TABLES = ("audit_entry", "disclosure")
"""Append-only logs: the application role may only read them and add to them."""
VERSION_TABLE = "schema_version"
DEFAULT_OWNER = "tsj_owner"
DEFAULT_APP_ROLE = "tsj_office"

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class ServerBase:
    """What ``init_server_base`` made: the schema's version and the two roles."""

    version: int
    owner: str
    app_role: str
    app_url: str  # how the office PCs connect (no password)


def check_role_name(name: str, what: str) -> str:
    if not _ROLE_NAME.match(name or ""):
        raise ValidationFailed(
            f"Имя роли {what} «{name}» не подходит: латинские строчные буквы, цифры и «_», "
            "не с цифры, до 63 знаков (например tsj_office).")
    return name


def init_server_base(url: str, *, owner: str = DEFAULT_OWNER, app_role: str = DEFAULT_APP_ROLE,
                     app_password: str | None = None,
                     owner_password: str | None = None) -> ServerBase:
    """Make the base at ``url`` (an administrator's URL) ready for an office: the roles,
    the schema (the migrations, run as the owner) and the grants."""
    import psycopg

    from tsj_desk.storage.database import close_database, open_database
    from tsj_desk.storage.migrations import schema_version, upgrade

    check_role_name(owner, "владельца")
    check_role_name(app_role, "программы")
    if owner == app_role:
        raise ValidationFailed("Владелец базы и роль программы — разные роли: укажите разные имена.")
    with psycopg.connect(url, autocommit=True) as admin:
        me = admin.execute("SELECT current_user").fetchone()[0]
        if me in (owner, app_role):
            raise ValidationFailed(
                f"Подключитесь к серверу администратором, а не ролью «{me}»: она и есть "
                "одна из создаваемых ролей.")
        base = admin.execute("SELECT current_database()").fetchone()[0]
        known = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (app_role,)).fetchone()
        if known is None and not app_password:
            raise ValidationFailed(f"Роль программы {app_role} создаётся впервые: задайте ей "
                                   "пароль (--app-password), с ним подключаются компьютеры офиса.")
        _make_role(admin, owner, owner_password)
        _make_role(admin, app_role, app_password)
        _grant_base(admin, base, owner, app_role)
        _hand_over(admin, owner)
    db = open_database(url, migrate=False)
    try:
        db.execute_sql(f'SET ROLE "{owner}"')
        upgrade(db)  # the new tables are the owner's
        db.execute_sql("RESET ROLE")
        version = schema_version(db)
    finally:
        close_database()
    with psycopg.connect(url, autocommit=True) as admin:
        _hand_over(admin, owner)  # anything a migration made as another role
        _grant_app(admin, owner, app_role)
    return ServerBase(version, owner, app_role, _app_url(url, app_role))


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _make_role(admin, name: str, password: str | None) -> None:
    from psycopg import sql

    exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    login = "LOGIN" if password else "NOLOGIN"
    if exists is None:
        admin.execute(f"CREATE ROLE {_ident(name)} {login} NOSUPERUSER NOCREATEDB NOCREATEROLE")
    if password:
        admin.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(name), sql.Literal(password)))
    me = admin.execute("SELECT current_user").fetchone()[0]
    member = admin.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", (name,)).fetchone()[0]
    if not member and me != name:  # the administrator acts as the role (SET ROLE, grants)
        admin.execute(f"GRANT {_ident(name)} TO CURRENT_USER")


def _grant_base(admin, base: str, owner: str, app_role: str) -> None:
    base_id, owner_id, app_id = _ident(base), _ident(owner), _ident(app_role)
    admin.execute(f"REVOKE ALL ON DATABASE {base_id} FROM PUBLIC")
    admin.execute(f"GRANT CONNECT, CREATE, TEMPORARY ON DATABASE {base_id} TO {owner_id}")
    admin.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {base_id} TO {app_id}")
    admin.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    admin.execute(f"GRANT USAGE, CREATE ON SCHEMA public TO {owner_id}")
    admin.execute(f"GRANT USAGE ON SCHEMA public TO {app_id}")


def _hand_over(admin, owner: str) -> None:
    """Every table, view, sequence and function of the schema to the owner (a base made
    before by the program, as whoever connected then)."""
    owner_id = _ident(owner)
    relations = admin.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
        "AND pg_get_userbyid(c.relowner) <> %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') "
        "AND c.relkind = 'S') ORDER BY c.relkind DESC", (owner,)).fetchall()
    kinds = {"r": "TABLE", "p": "TABLE", "f": "FOREIGN TABLE", "v": "VIEW",
             "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
    for name, kind in relations:
        admin.execute(f"ALTER {kinds[kind]} public.{_ident(name)} OWNER TO {owner_id}")
    functions = admin.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
        (owner,)).fetchall()
    for (signature,) in functions:
        admin.execute(f"ALTER FUNCTION {signature} OWNER TO {owner_id}")


def _grant_app(admin, owner: str, app_role: str) -> None:
    owner_id, app_id = _ident(owner), _ident(app_role)
    admin.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_id}")
    admin.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app_id}")
    admin.execute(f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_id} IN SCHEMA public "
                  f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app_id}")
    admin.execute(f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_id} IN SCHEMA public "
                  f"GRANT USAGE, SELECT ON SEQUENCES TO {app_id}")
    present = {name for (name,) in admin.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()}
    for table in LOG_TABLES:
        if table in present:
            admin.execute(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER "
                          f"ON public.{_ident(table)} FROM {app_id}")
    if VERSION_TABLE in present:
        admin.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public.{_ident(VERSION_TABLE)} "
                      f"FROM {app_id}")


def _app_url(url: str, app_role: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    host = f"[{host}]" if ":" in host else host
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{app_role}@{host}{port}"))
