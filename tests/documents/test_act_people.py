"""The people of an act: the city typed once, everyone present signs, each once."""

from __future__ import annotations

from datetime import date, time

import docx
import pytest

from tsj_desk.documents.act_people import city_name, name_key, signers, split_names
from tsj_desk.documents.acts import render_act


@pytest.mark.parametrize("typed", ["г. Коломна", "Коломна", "город Коломна", "Г.Коломна", "г Коломна",
                                   "г. г. Коломна", "  гор. Коломна "])
def test_the_city_is_printed_with_one_g(typed, tmp_path, read_text):
    assert city_name(typed) == "Коломна"
    out = tmp_path / "акт.docx"
    render_act("damage", {"city": typed, "act_date": date(2026, 11, 24), "act_time": time(10, 0)}, out)
    text = read_text(out)
    assert "г. Коломна" in text
    assert "г. г." not in text and "город" not in text and "гор." not in text


def test_a_city_starting_with_g_keeps_its_letter():
    assert city_name("Гатчина") == "Гатчина"
    assert city_name("г. Городец") == "Городец"


def test_names_written_in_full_or_by_initials_are_one_person():
    assert name_key("Орлова Марина Викторовна") == name_key("Орлова М. В.") == name_key("орлова м.в.")
    assert name_key("Сидоров П. А. (кв. 21)") == name_key("Сидоров Павел Андреевич")
    assert name_key("Орлова М. В.") != name_key("Орлов М. В.")
    assert name_key("Семёнов Д. Д.") == name_key("Семенов Дмитрий Дмитриевич")


def test_witnesses_typed_in_one_line_are_parted_into_people():
    assert split_names("Сидоров П. А. (кв. 21, 5 этаж), Кузнецова Е. В., кв. 19; Миронов И. И.") == [
        "Сидоров П. А. (кв. 21, 5 этаж)", "Кузнецова Е. В., кв. 19", "Миронов И. И."]
    assert split_names("") == [] and split_names(" , ") == []


DAMAGE = {
    "act_no": "2026-003", "city": "г. Коломна", "act_date": date(2026, 11, 24), "act_time": time(10, 0),
    "org_name": "ТСЖ «Лесная, 5»",
    "rep_name": "Орлова Марина Викторовна", "rep_position": "председатель правления",
    "rep_basis": "Устава",
    "owner_name": "Зорина Алла Ивановна",
    "witnesses": "Сидоров П. А. (кв. 21), Кузнецова Е. В., кв. 19",
    "culprit": "Белов Игорь Николаевич, собственник кв. 17",
    "participants": [
        {"role": "Слесарь-сантехник", "name": "Ковалёв Дмитрий Сергеевич"},
        {"role": "Собственник", "name": "Зорина А. И."},  # the owner again, by initials
        {"role": "", "name": ""},  # a row left empty
    ],
}


def test_everyone_present_signs_once_in_the_order_of_the_act():
    rows = signers(DAMAGE)
    assert [row["name"] for row in rows] == [
        "Орлова Марина Викторовна", "Зорина А. И.", "Белов Игорь Николаевич, собственник кв. 17",
        "Сидоров П. А. (кв. 21)", "Кузнецова Е. В., кв. 19", "Ковалёв Дмитрий Сергеевич"]
    assert [row["role"] for row in rows] == [
        "Представитель исполнителя, председатель правления", "Собственник", "Причинитель вреда",
        "Присутствовал(а)", "Присутствовал(а)", "Слесарь-сантехник"]


def test_the_damage_act_has_a_signature_row_for_each_of_them(tmp_path, read_text):
    out = tmp_path / "акт.docx"
    render_act("damage", DAMAGE, out)
    table = docx.Document(str(out)).tables[-1]
    names = [row.cells[2].text for row in table.rows[1:]]
    assert names == ["Орлова Марина Викторовна", "Зорина А. И.", "Белов Игорь Николаевич, собственник кв. 17",
                     "Сидоров П. А. (кв. 21)", "Кузнецова Е. В., кв. 19", "Ковалёв Дмитрий Сергеевич"]
    text = read_text(out)
    assert "Причинитель вреда: Белов Игорь Николаевич, собственник кв. 17" in text
    assert text.count("Орлова Марина Викторовна") == 2  # the header and her signature row


def test_an_act_naming_nobody_keeps_blank_rows_to_sign(tmp_path):
    out = tmp_path / "бланк.docx"
    render_act("damage", {}, out)
    table = docx.Document(str(out)).tables[-1]
    assert len(table.rows) == 1 + 4 and all(row.cells[2].text == "" for row in table.rows[1:])


def test_a_culprit_and_witnesses_left_blank_get_rows_to_sign_by_hand(tmp_path, read_text):
    # the act made from the command line names the chairman and the applicant only:
    # «В присутствии» and «Причинитель вреда» print as lines, each with its signature row
    out = tmp_path / "акт.docx"
    render_act("damage", {"rep_name": "Орлова Марина Викторовна", "rep_position": "председатель правления",
                          "owner_name": "Морозова Дарья Сергеевна"}, out)
    table = docx.Document(str(out)).tables[-1]
    # a name left blank is a line to write the name in
    rows = [(row.cells[1].text, row.cells[2].text.strip("_") or "линия") for row in table.rows[1:]]
    assert rows == [("Представитель исполнителя, председатель правления", "Орлова Марина Викторовна"),
                    ("Собственник (пользователь) помещения", "Морозова Дарья Сергеевна"),
                    ("Причинитель вреда", "линия"), ("Присутствовал(а)", "линия")]
    assert "В присутствии: ____" in read_text(out)


def test_an_act_of_quality_has_no_culprit_row(tmp_path):
    out = tmp_path / "акт.docx"
    render_act("utility_quality", {"rep_name": "Орлова Марина Викторовна",
                                   "owner_name": "Морозова Дарья Сергеевна",
                                   "witnesses": "Сидоров П. А. (кв. 21)"}, out)
    roles = [row.cells[1].text for row in docx.Document(str(out)).tables[-1].rows[1:]]
    assert roles == ["Представитель исполнителя", "Собственник (пользователь) помещения", "Присутствовал(а)"]


def test_a_blank_culprit_signs_in_his_place_before_the_witnesses():
    values = {**DAMAGE, "culprit": ""}
    rows = signers(values, blank={"culprit", "witnesses"})
    assert [row["role"] for row in rows][:4] == [
        "Представитель исполнителя, председатель правления", "Собственник", "Причинитель вреда",
        "Присутствовал(а)"]
    assert rows[2]["name"] == ""
    assert signers({}, blank={"culprit", "witnesses"}) == []  # nobody named: the template's blank rows
