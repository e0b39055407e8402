"""The sentence of a debt notice that names the sum: «руб.» ends in a point of its own, so
a file without months in debt must not print «руб..» (one point after an abbreviation
that ends the sentence, as Russian typing has it)."""

from __future__ import annotations

from datetime import date, datetime

from docx import Document

from tests.core.debts_base import build_base, osv_workbook
from tsj_desk.services import debts
from tsj_desk.services.debt_notices import debt_notice_files

NOW = datetime(2026, 11, 24, 12, 0)


def _sum_sentence(path) -> str:
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    return next(line for line in text.splitlines() if line.startswith("Сообщаем"))


def test_the_sum_sentence_has_one_point_with_and_without_months(db, tmp_path):
    build_base()
    rows = [("100001", 1, "Иванов И. И.", 10000.00, 3512.45, 0, 13512.45, None),  # no months column value
            ("100012", 12, "Волкова Е. Ю.", 45000.99, 5201.02, 0, 50202.01, 11)]
    debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", rows), today=NOW.date(), now=NOW)
    made = debt_notice_files(tmp_path / "уведомления", today=NOW.date(), now=NOW)
    by_flat = {p.name: _sum_sentence(p) for p in made.files}

    flat1 = by_flat["Уведомление о задолженности, пом. 1.docx"]
    assert "13\u00a0512,45\u00a0руб." in flat1
    assert ".." not in flat1
    assert flat1.endswith("коммунальных услуг.")
    flat12 = by_flat["Уведомление о задолженности, пом. 12.docx"]
    assert "в размере 50\u00a0202,01\u00a0руб. (за 11 месяцев) по оплате" in flat12
    assert ".." not in flat12
    assert date(2026, 10, 31).strftime("%d.%m.%Y") in flat12
