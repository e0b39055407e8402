"""Acts made from requests: prefilled from the database, numbered, stored, regenerated."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document

from tsj_desk.documents.acts import ACT_KINDS
from tsj_desk.documents.templates import TemplateProblem
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.services import acts, journal

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 15, 30)


def text_of(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.fixture
def request_no(demo_db):
    rows = journal.list_requests(journal.JournalFilter(categories=("utility_quality",)),
                                 today=NOW.date(), limit=1)
    return rows[0].reg_no


@pytest.mark.parametrize("kind", list(ACT_KINDS))
def test_act_from_a_demo_request_has_everything_for_signatures(request_no, tmp_path, kind):
    card = journal.request_card(request_no)
    info = acts.create_act(kind, acts.prefill(kind, reg_no=request_no, now=NOW), now=NOW,
                           reg_no=request_no, out=tmp_path / "акт.docx")
    text = text_of(info.file)
    assert ACT_KINDS[kind].title in text
    assert "ТСЖ «Лесная, 5»" in text
    assert "ул. Лесная, д. 5" in text and f"№ {card.premise_number}" in text
    assert "24.11.2026" in text and "15:30" in text
    assert card.applicant in text
    assert "(подпись)" in text and "отказался" in text
    assert "{{" not in text and "}}" not in text
    assert info.number == "2026-001"


def test_numbers_run_across_kinds_within_the_year_and_acts_can_be_regenerated(request_no, tmp_path):
    first = acts.create_act("damage", acts.prefill("damage", reg_no=request_no, now=NOW), now=NOW,
                            reg_no=request_no, out=tmp_path / "1.docx")
    second = acts.create_act("damage", {"city": "Коломна"}, now=NOW, out=tmp_path / "2.docx")
    other = acts.create_act("utility_quality", {}, now=NOW, out=tmp_path / "3.docx")
    # one sequence a year for every kind: an act of another kind never repeats a number
    assert (first.number, second.number, other.number) == ("2026-001", "2026-002", "2026-003")
    edited = acts.update_act(first.id, {**first.fields, "cause": "Прорыв стояка ГВС в кв. 17"}, now=NOW)
    assert edited.number == "2026-001"
    assert "Прорыв стояка ГВС в кв. 17" in text_of(edited.file)
    assert [a.number for a in acts.list_acts(reg_no=request_no)] == ["2026-001"]


def test_a_user_template_with_an_unknown_field_fails_naming_it(request_no, tmp_path, data_folder):
    from tsj_desk.documents.templates import SHIPPED_TEMPLATES_DIR
    from tsj_desk.services.letters import templates_dir

    user = templates_dir()
    user.mkdir(parents=True, exist_ok=True)
    document = Document(str(SHIPPED_TEMPLATES_DIR / "act_damage.docx"))
    document.add_paragraph("Фаза луны: {{ lunar_phase }}")
    document.save(str(user / "act_damage.docx"))
    with pytest.raises(TemplateProblem, match="lunar_phase"):
        acts.create_act("damage", {}, now=NOW, out=tmp_path / "a.docx")
    assert not (tmp_path / "a.docx").exists()
    fine = acts.create_act("utility_quality", {}, now=NOW, out=tmp_path / "b.docx")
    assert ACT_KINDS["utility_quality"].title in text_of(fine.file)


def test_unknown_kind_and_request(demo_db, tmp_path):
    with pytest.raises(ValidationFailed, match="damage"):
        acts.prefill("flood", now=NOW)
    with pytest.raises(NotFound):
        acts.prefill("damage", reg_no="2026-9999", now=NOW)


def test_cli_act_contract(tmp_path):
    db = tmp_path / "demo.sqlite3"
    subprocess.run([sys.executable, "-m", "tsj_desk", "demo", "--no-gui", "--db", str(db)], cwd=ROOT,
                   check=True, capture_output=True, timeout=120)
    made = subprocess.run([sys.executable, "-m", "tsj_desk", "request", "add", "--db", str(db),
                           "--category", "maintenance", "--received", "2026-11-20 10:00",
                           "--applicant", "Иванов Иван", "--premise", "12", "--text", "Залив"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    reg_no = made.stdout.strip()
    out = tmp_path / "акт.docx"
    ok = subprocess.run([sys.executable, "-m", "tsj_desk", "act", "damage", "--request", reg_no,
                         "--db", str(db), "--out", str(out)], cwd=ROOT, capture_output=True,
                        text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    text = text_of(out)
    assert reg_no in text and "№ 12" in text and "_____" in text and "{{" not in text
    for args in (["flood", "--request", reg_no], ["damage", "--request", "2026-9999"]):
        bad = subprocess.run([sys.executable, "-m", "tsj_desk", "act", *args, "--db", str(db),
                              "--out", str(tmp_path / "x.docx")], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
        assert bad.returncode == 2 and bad.stderr.strip()
