"""«действующий / действующая» follows the representative the act names, not the word
prefilled for the chairman."""

from __future__ import annotations

from datetime import datetime

import docx

from tsj_desk.services import acts
from tsj_desk.services.organization import save_organization

NOW = datetime(2026, 11, 24, 15, 30)


def text_of(path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def chairwoman():
    save_organization({"name": "ТСЖ «Лесная, 5»", "chairman_last_name": "Орлова",
                       "chairman_first_name": "Марина", "chairman_patronymic": "Викторовна",
                       "chairman_position": "председатель правления"}, now=NOW)


def test_a_man_named_instead_of_the_prefilled_chairwoman_is_acting_as_a_man(db, tmp_path):
    chairwoman()
    fields = acts.prefill("damage", now=NOW)
    assert fields["rep_acting"] == "действующая"  # Орлова Марина Викторовна
    fields.update(rep_name="Белов Игорь Николаевич", rep_position="управляющий",
                  rep_basis="доверенности № 5 от 01.02.2026")
    made = acts.create_act("damage", fields, now=NOW, out=tmp_path / "a.docx")
    assert made.fields["rep_acting"] == "действующий"
    text = text_of(made.file)
    assert "Белов Игорь Николаевич, управляющий, действующий на основании доверенности № 5 от 01.02.2026" in text
    assert "действующая" not in text


def test_a_woman_named_instead_of_a_chairman_is_acting_as_a_woman(db, tmp_path):
    save_organization({"name": "ТСЖ «Лесная, 5»", "chairman_last_name": "Белов", "chairman_first_name": "Игорь",
                       "chairman_patronymic": "Николаевич", "chairman_position": "председатель правления"},
                      now=NOW)
    fields = acts.prefill("damage", now=NOW)
    assert fields["rep_acting"] == "действующий"
    fields["rep_name"] = "Мамедова Айтен Рашид кызы"
    made = acts.create_act("damage", fields, now=NOW, out=tmp_path / "a.docx")
    assert made.fields["rep_acting"] == "действующая"


def test_editing_the_act_to_name_another_representative_changes_the_word(db, tmp_path):
    chairwoman()
    made = acts.create_act("damage", acts.prefill("damage", now=NOW), now=NOW, out=tmp_path / "a.docx")
    assert made.fields["rep_acting"] == "действующая"
    edited = acts.update_act(made.id, {**made.fields, "rep_name": "Петров Сергей Ильич"}, now=NOW)
    assert edited.fields["rep_acting"] == "действующий"
    assert "Петров Сергей Ильич, председатель правления, действующий на основании" in text_of(edited.file)


def test_the_chairwoman_by_her_initials_and_a_name_that_does_not_tell_keep_the_word(db, tmp_path):
    chairwoman()
    fields = acts.prefill("damage", now=NOW)
    by_initials = acts.create_act("damage", {**fields, "rep_name": "Орлова М. В."}, now=NOW,
                                  out=tmp_path / "a.docx")
    assert by_initials.fields["rep_acting"] == "действующая"
    # no patronymic: the word written in the form stays as written
    untold = acts.create_act("damage", {**fields, "rep_name": "Ким Саша", "rep_acting": "действующая"},
                             now=NOW, out=tmp_path / "b.docx")
    assert untold.fields["rep_acting"] == "действующая"
