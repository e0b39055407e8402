"""Several notes of one reading in one line, as the readings grid and the error report show
them: «…; …», without a full stop before a semicolon."""

from tsj_desk.domain.text import joined_notes


def test_notes_are_joined_without_a_full_stop_before_the_semicolon():
    notes = ["срок поверки истёк 26.03.2026.", "расход 45 м³ — больше обычного в 3 раза."]
    assert joined_notes(notes) == "срок поверки истёк 26.03.2026; расход 45 м³ — больше обычного в 3 раза."
    assert joined_notes(notes[:1]) == "срок поверки истёк 26.03.2026."  # one note keeps its stop


def test_a_note_without_a_full_stop_an_ellipsis_and_empty_notes():
    assert joined_notes(["показание ниже предыдущего", "", "проверьте…"]) == (
        "показание ниже предыдущего; проверьте…")
    assert joined_notes(["см. п. 5..", "ещё"]) == "см. п. 5..; ещё"
    assert joined_notes([]) == ""
