"""Named office users: the logs name the chosen one, not the operating-system login."""

import getpass
from datetime import datetime

import pytest

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.services import audit, journal, users
from tsj_desk.storage.models import AuditEntry, OfficeUser

NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture(autouse=True)
def no_choice_left():
    yield
    users.forget_choice()


def last_entry() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).get()


def register() -> str:
    return journal.register_request(journal.RequestInput(
        category="maintenance", received_at=datetime(2026, 11, 24, 9, 0), applicant="Иванов Иван",
        text="Течёт кран"), now=NOW)


def test_the_change_log_and_the_request_history_name_the_chosen_user(db):
    users.add_user(users.UserInput("Петрова Анна Сергеевна", "председатель правления"), now=NOW)
    users.add_user(users.UserInput("Кузнецова Елена", "бухгалтер"), now=NOW)
    users.choose_user("Петрова Анна Сергеевна")
    reg_no = register()
    assert last_entry().user == "Петрова Анна Сергеевна" != getpass.getuser()
    assert journal.request_card(reg_no).history[0][1] == "Петрова Анна Сергеевна"
    users.choose_user("кузнецова елена")  # case aside
    journal.set_status(reg_no, "in_progress", now=NOW)
    assert last_entry().user == "Кузнецова Елена"


def test_the_only_active_user_is_the_default_and_two_leave_the_login(db):
    assert audit.current_user() == getpass.getuser()  # no users: the login, as before
    users.add_user(users.UserInput("Петрова Анна"), now=NOW)
    assert audit.current_user() == "Петрова Анна"
    users.add_user(users.UserInput("Кузнецова Елена"), now=NOW)
    assert users.needs_choice()
    assert audit.current_user() == getpass.getuser()  # two and none chosen: nobody guessed


def test_a_password_is_asked_and_a_wrong_one_refused(db):
    uid = users.add_user(users.UserInput("Петрова Анна", password="берёза-7"), now=NOW)
    stored = OfficeUser.get_by_id(uid).password_hash
    assert "берёза" not in stored and stored.startswith("pbkdf2_sha256$")
    assert users.needs_choice()  # one user, but with a password
    with pytest.raises(ValidationFailed, match="Неверный пароль"):
        users.choose_user("Петрова Анна", "береза-7")
    with pytest.raises(ValidationFailed, match="Введите пароль"):
        users.choose_user("Петрова Анна")
    assert users.choose_user("Петрова Анна", "берёза-7").name == "Петрова Анна"
    users.edit_user(uid, users.UserInput("Петрова Анна"), now=NOW, change_password=True)
    assert users.choose_user("Петрова Анна").has_password is False


def test_a_deactivated_user_cannot_be_chosen_but_stays_in_the_logs(db):
    first = users.add_user(users.UserInput("Петрова Анна"), now=NOW)
    users.add_user(users.UserInput("Кузнецова Елена"), now=NOW)
    users.choose_user("Петрова Анна")
    register()
    users.set_active(first, False, now=NOW)
    with pytest.raises(ValidationFailed, match="отключён"):
        users.choose_user("Петрова Анна")
    assert [u.name for u in users.list_users(active_only=True)] == ["Кузнецова Елена"]
    assert audit.current_user() == "Кузнецова Елена"  # the only active one now
    # her own entry (the only user then), the request she registered, her deactivation
    assert [e.action for e in AuditEntry.select().where(AuditEntry.user == "Петрова Анна")
            .order_by(AuditEntry.id)] == ["add", "register", "deactivate"]
    with pytest.raises(NotFound, match="Есть: «Кузнецова Елена»"):
        users.choose_user("Иванов")


def test_names_are_required_and_not_repeated(db):
    with pytest.raises(ValidationFailed, match="Укажите имя"):
        users.add_user(users.UserInput("  "), now=NOW)
    users.add_user(users.UserInput("Петрова Анна"), now=NOW)
    with pytest.raises(ValidationFailed, match="уже есть"):
        users.add_user(users.UserInput("петрова  анна"), now=NOW)
    assert len(users.list_users()) == 1


def test_the_disclosure_log_names_the_chosen_user(db, samples, tmp_path):
    from tsj_desk.services.disclosure import export_register, list_disclosures
    from tsj_desk.services.registry import import_registry

    import_registry(samples / "registry_merged.xlsx", now=NOW)
    users.add_user(users.UserInput("Петрова Анна"), now=NOW)
    users.add_user(users.UserInput("Кузнецова Елена"), now=NOW)
    users.choose_user("Кузнецова Елена")
    export_register(tmp_path / "реестр.xlsx", as_of=NOW.date(), requested_by="Иванов И. И., кв. 5",
                    purpose="созыв общего собрания", now=NOW)
    assert [d.user for d in list_disclosures()] == ["Кузнецова Елена"]
