"""The answer to a quality complaint, recorded from the command line, as the letter prints
it: the decision on recalculation is a sentence of its own, ending with its full stop."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from tsj_desk.cli import main
from tsj_desk.services.letters import make_answer_letter
from tsj_desk.services.session import close_session, open_session


def test_the_decision_on_recalculation_is_a_sentence_of_the_letter(tmp_path: Path, capsys, fixed_clock):
    db = tmp_path / "тсж.sqlite3"
    assert main(["request", "add", "--db", str(db), "--category", "utility_quality",
                 "--received", "20.11.2026 09:15", "--applicant", "Петрова Анна Сергеевна",
                 "--text", "Чуть тёплая горячая вода"]) == 0
    assert main(["request", "answer", "2026-0001", "--db", str(db), "--text", "Нарушение подтверждено актом.",
                 "--date", "23.11.2026", "--result", "satisfied", "--recalculation", "yes",
                 "--outgoing-number", "Исх. 15"]) == 0
    capsys.readouterr()
    open_session(db, lock=False, now=fixed_clock.moment)
    try:
        letter = Document(str(make_answer_letter("2026-0001", tmp_path / "ответ.docx")))
    finally:
        close_session()
    paragraphs = [p.text for p in letter.paragraphs if p.text.strip()]
    body = paragraphs.index("Нарушение подтверждено актом.")
    assert paragraphs[body + 1] == "Перерасчёт платы будет произведён в следующем платёжном документе."
    assert paragraphs[body + 2] == "Результат рассмотрения обращения: удовлетворено."
    cells = "\n".join(c.text for t in letter.tables for r in t.rows for c in r.cells)
    assert "Исх. № 15 от 23.11.2026" in cells
