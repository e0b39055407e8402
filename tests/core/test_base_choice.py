"""Choosing another base file: what is no base of this program is refused, by name."""

from __future__ import annotations

import sqlite3

import pytest

from tsj_desk.domain.errors import FileProblem
from tsj_desk.services import base_choice


@pytest.mark.sqlite_only  # the check of a chosen base's file
def test_a_base_of_the_program_passes(db, db_path):
    assert base_choice.check_existing_base(db_path) == db_path


def test_a_text_file_is_no_base(tmp_path):
    path = tmp_path / "показания.sqlite3"
    path.write_text("кв;показание\n1;123\n" * 200, encoding="cp1251")
    with pytest.raises(FileProblem) as caught:
        base_choice.check_existing_base(path)
    assert caught.value.message.startswith("Файл «показания.sqlite3» — не база ТСЖ Деск: это не база данных SQLite.")


def test_an_empty_file_and_a_folder_are_no_base(tmp_path):
    empty = tmp_path / "пусто.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(FileProblem, match="файл пуст"):
        base_choice.check_existing_base(empty)
    with pytest.raises(FileProblem, match="папка, а не файл базы"):
        base_choice.check_existing_base(tmp_path)


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "склад.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE goods (name TEXT, price REAL)")
    connection.execute("INSERT INTO goods VALUES ('гвозди', 10.5)")
    connection.commit()
    connection.close()
    with pytest.raises(FileProblem, match="это база данных другой программы"):
        base_choice.check_existing_base(path)


def test_a_new_base_gets_its_suffix_and_never_replaces_a_file(tmp_path):
    assert base_choice.new_base_path(tmp_path / "Вторая база") == tmp_path / "Вторая база.sqlite3"
    assert base_choice.new_base_path(tmp_path / "дом.sqlite3") == tmp_path / "дом.sqlite3"
    (tmp_path / "занято.sqlite3").write_bytes(b"x")
    with pytest.raises(FileProblem, match="уже есть в этой папке"):
        base_choice.new_base_path(tmp_path / "занято.sqlite3")
    with pytest.raises(FileProblem, match="Папки .* нет"):
        base_choice.new_base_path(tmp_path / "нет такой папки" / "база.sqlite3")
