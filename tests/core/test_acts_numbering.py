"""Acts: one number sequence a year for every kind, the file name offered in the
documents folder, «действующий / действующая» by the settings or by the name."""

from __future__ import annotations

from datetime import datetime

import docx
import pytest

from tsj_desk.services import acts
from tsj_desk.services.organization import save_organization
from tsj_desk.storage.models import Act, ActSequence

NOW = datetime(2026, 11, 24, 15, 30)


def text_of(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_two_acts_of_different_kinds_never_share_a_number(db, tmp_path):
    made = [acts.create_act(kind, {}, now=NOW, out=tmp_path / f"{n}.docx")
            for n, kind in enumerate(["damage", "utility_quality", "damage", "maintenance_quality"])]
    assert [a.number for a in made] == ["2026-001", "2026-002", "2026-003", "2026-004"]
    next_year = acts.create_act("utility_quality", {}, now=datetime(2027, 1, 9, 9, 0), out=tmp_path / "y.docx")
    assert next_year.number == "2027-001"


def test_a_base_numbered_per_kind_keeps_its_numbers_and_goes_on_after_the_highest(db, tmp_path):
    # as a base made before: damage acts 2026-001..003, one utility act 2026-001
    for kind, last in (("damage", 3), ("utility_quality", 1)):
        ActSequence.create(kind=kind, year=2026, last=last)
        for n in range(1, last + 1):
            Act.create(kind=kind, number=f"2026-{n:03d}", made_at=NOW, updated_at=NOW)
    assert acts.next_act_number(2026) == "2026-004"
    made = acts.create_act("utility_quality", {}, now=NOW, out=tmp_path / "a.docx")
    again = acts.create_act("damage", {}, now=NOW, out=tmp_path / "b.docx")
    assert (made.number, again.number) == ("2026-004", "2026-005")
    kept = sorted((a.kind, a.number) for a in acts.list_acts() if a.id not in (made.id, again.id))
    assert kept == [("damage", "2026-001"), ("damage", "2026-002"), ("damage", "2026-003"),
                    ("utility_quality", "2026-001")]


def test_the_file_offered_is_named_by_kind_number_and_date_in_the_documents_folder(db, tmp_path):
    documents = tmp_path / "Документы"
    assert acts.suggested_act_path("damage", documents, now=NOW) == (
        documents / "ТСЖ Деск" / "Акты" / "Акт о причинении ущерба № 2026-001 от 24.11.2026.docx")
    acts.create_act("utility_quality", {}, now=NOW, out=tmp_path / "1.docx")
    acts.create_act("damage", {}, now=NOW, out=tmp_path / "2.docx")
    assert acts.suggested_act_path("damage", documents, now=NOW).name == (
        "Акт о причинении ущерба № 2026-003 от 24.11.2026.docx")
    assert acts.suggested_act_path("utility_quality", documents, now=NOW).name == (
        "Акт проверки качества коммунальных услуг № 2026-003 от 24.11.2026.docx")


def test_without_a_chosen_file_the_act_gets_its_russian_name_in_the_acts_folder(db):
    made = acts.create_act("damage", {}, now=NOW)
    assert made.file.name == "Акт о причинении ущерба № 2026-001 от 24.11.2026.docx"
    assert made.file.is_file()


@pytest.mark.parametrize("typed", ["г. Коломна", "Коломна", "город Коломна"])
def test_the_city_is_stored_and_printed_once(db, tmp_path, typed):
    made = acts.create_act("damage", {"city": typed}, now=NOW, out=tmp_path / "a.docx")
    assert made.fields["city"] == "Коломна"
    document = docx.Document(str(made.file))
    city_cell = document.tables[0].rows[0].cells[0].text
    assert city_cell == "г. Коломна"


def test_acting_agrees_with_the_chairmans_gender_set_in_the_settings(db, tmp_path):
    # a name that does not tell: the gender kept in the settings decides
    save_organization({"name": "ТСЖ «Лесная, 5»", "chairman_last_name": "Ким", "chairman_first_name": "Саша",
                       "chairman_gender": "f", "chairman_position": "председатель правления"}, now=NOW)
    made = acts.create_act("damage", {"rep_name": "Ким Саша", "rep_basis": "Устава"}, now=NOW,
                           out=tmp_path / "a.docx")
    text = text_of(made.file)
    assert "действующая на основании Устава" in text and "действующий" not in text
    assert made.fields["rep_acting"] == "действующая"


@pytest.mark.parametrize(("name", "word"), [
    ("Белов Игорь Николаевич", "действующий"),
    ("Орлова Марина Викторовна", "действующая"),
    ("Мамедова Айтен Рашид кызы", "действующая"),
])
def test_acting_of_another_representative_agrees_with_the_patronymic(db, tmp_path, name, word):
    made = acts.create_act("maintenance_quality", {"rep_name": name, "rep_position": "управляющий",
                                                   "rep_basis": "доверенности № 5 от 01.02.2026"},
                           now=NOW, out=tmp_path / "a.docx")
    assert f"{name}, управляющий, {word} на основании доверенности № 5 от 01.02.2026" in text_of(made.file)
