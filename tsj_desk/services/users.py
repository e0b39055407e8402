"""The named users of the office (chairman, accountant, dispatcher…) and the one who
works in this session: the change log, the disclosure log, the request history and
the import batches name them instead of the operating-system login.

A password is optional (one PC in one office needs none); when set, it is kept as a
salted PBKDF2-SHA256 hash. The session's user is chosen after the base is opened (the
window asks «Кто работает?», the command line takes ``--user NAME``); with no choice,
the only active user when there is exactly one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import peewee

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.text import fold
from tsj_desk.services import audit
from tsj_desk.storage.database import database, database_path
from tsj_desk.storage.models import OfficeUser

ROLES = ("председатель правления", "бухгалтер", "диспетчер", "управляющий", "секретарь")
NAME_LIMIT = 200
ITERATIONS = 200_000
_SCHEME = "pbkdf2_sha256"


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: str
    active: bool
    has_password: bool


@dataclass
class UserInput:
    name: str
    role: str = ""
    password: str = ""  # empty: no password asked


# ---------------------------------------------------------------- passwords


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, ITERATIONS)
    return f"{_SCHEME}${ITERATIONS}${salt.hex()}${digest.hex()}"


def password_matches(stored: str, password: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        found = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt),
                                    int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


# ---------------------------------------------------------------- the list


def _row(user: OfficeUser) -> UserRow:
    return UserRow(user.id, user.name, user.role, bool(user.active), bool(user.password_hash))


def list_users(*, active_only: bool = False) -> list[UserRow]:
    """The office's users, active first, each group by name."""
    query = OfficeUser.select()
    if active_only:
        query = query.where(OfficeUser.active == True)  # noqa: E712 (SQL, not Python)
    return sorted((_row(u) for u in query), key=lambda r: (not r.active, fold(r.name), r.id))


def _get(user_id: int) -> OfficeUser:
    user = OfficeUser.get_or_none(OfficeUser.id == user_id)
    if user is None:
        raise NotFound("Пользователь не найден: возможно, его удалили в другом окне.")
    return user


def _checked(data: UserInput, *, except_id: int | None = None) -> tuple[str, str]:
    name = " ".join(data.name.split())
    role = " ".join(data.role.split())
    if not name:
        raise ValidationFailed("Укажите имя пользователя (например, «Петрова А. С.»).")
    if len(name) > NAME_LIMIT or len(role) > NAME_LIMIT:
        raise ValidationFailed(f"Имя и должность — не длиннее {NAME_LIMIT} знаков.")
    for other in OfficeUser.select().where(OfficeUser.id != (except_id or 0)):
        if fold(other.name) == fold(name):
            state = "" if other.active else " (отключён)"
            raise ValidationFailed(f"Пользователь «{other.name}»{state} уже есть: выберите другое имя.")
    return name, role


def add_user(data: UserInput, *, now: datetime) -> int:
    name, role = _checked(data)
    with database.atomic():
        user = OfficeUser.create(name=name, role=role, active=True, created_at=now,
                                 password_hash=hash_password(data.password) if data.password else "")
        audit.record("add", "user", user.id, now=now, name=name, role=role,
                     password=bool(data.password))
    return user.id


def edit_user(user_id: int, data: UserInput, *, now: datetime, change_password: bool = False) -> None:
    """Rename, change the role; with ``change_password`` set ``data.password`` (empty:
    no password any more)."""
    user = _get(user_id)
    name, role = _checked(data, except_id=user_id)
    before = {"name": user.name, "role": user.role, "password": bool(user.password_hash)}
    with database.atomic():
        user.name, user.role = name, role
        if change_password:
            user.password_hash = hash_password(data.password) if data.password else ""
        user.save()
        after = {"name": user.name, "role": user.role, "password": bool(user.password_hash)}
        audit.record("edit", "user", user.id, now=now, before=before, after=after)


def set_active(user_id: int, active: bool, *, now: datetime) -> None:
    """Deactivate a user who left (kept: the logs name them) or bring one back."""
    user = _get(user_id)
    if bool(user.active) == active:
        return
    if not active and (OfficeUser.select().where((OfficeUser.active == True)  # noqa: E712
                                                 & (OfficeUser.id != user_id)).count() == 0
                       and _chosen_name() == user.name):
        raise ValidationFailed("Нельзя отключить себя, когда других пользователей нет: "
                               "сначала добавьте того, кто будет работать.")
    with database.atomic():
        user.active = active
        user.save()
        audit.record("activate" if active else "deactivate", "user", user.id, now=now, name=user.name)
    if not active and _chosen_name() == user.name:
        forget_choice()


# ---------------------------------------------------------------- who works now

_chosen: tuple[str, str] | None = None  # (the base, the user's name)


def base_key() -> str:
    """The open base, as the choice is kept for it (the window remembers the last
    choice of each base under this key)."""
    path = database_path()
    return str(path) if path is not None else str(getattr(database.obj, "database", ""))  # a server: its db name


def _chosen_name() -> str | None:
    if _chosen is not None and _chosen[0] == base_key():
        return _chosen[1]
    return None


def needs_choice() -> bool:
    """Whether the window asks «Кто работает?»: several active users, or one with a password."""
    active = list_users(active_only=True)
    return len(active) > 1 or (len(active) == 1 and active[0].has_password)


def choose_user(name: str, password: str = "", *, check_password: bool = True) -> UserRow:
    """Make ``name`` (an active user, case and ё aside) the session's user. A user with a
    password is chosen only with it, unless ``check_password`` is off (the command line,
    run by whoever may already open the file)."""
    global _chosen
    wanted = fold(" ".join(name.split()))
    found = [u for u in OfficeUser.select() if fold(u.name) == wanted]
    if not found:
        known = ", ".join(f"«{u.name}»" for u in list_users(active_only=True))
        raise NotFound(f"Пользователя «{name.strip()}» нет в базе."
                       + (f" Есть: {known}." if known else " Пользователи ещё не добавлены."))
    user = found[0]
    if not user.active:
        raise ValidationFailed(f"Пользователь «{user.name}» отключён: выберите другого или "
                               "включите его в настройках.")
    if check_password and user.password_hash and not password_matches(user.password_hash, password):
        raise ValidationFailed("Неверный пароль." if password else f"Введите пароль пользователя «{user.name}».")
    _chosen = (base_key(), user.name)
    return _row(user)


def forget_choice() -> None:
    global _chosen
    _chosen = None


def session_user() -> str | None:
    """The name the logs write: the chosen user, else the only active one; None when
    neither (the caller falls back to the operating-system login)."""
    if (name := _chosen_name()) is not None:
        return name
    if database.obj is None:  # no base open (a restore writing into the copy it prepared)
        return None
    try:
        names = [n for (n,) in OfficeUser.select(OfficeUser.name)
                 .where(OfficeUser.active == True).limit(2).tuples()]  # noqa: E712
    except (peewee.DatabaseError, peewee.InterfaceError):  # a base not migrated yet: no users
        return None
    return names[0] if len(names) == 1 else None
