"""A notice of debt and a call list name a premise the same way: a flat «кв. 12», a
non-residential premise «пом. Н-1»."""

from __future__ import annotations

from decimal import Decimal

from docx import Document

from tsj_desk.domain.premises import premise_sort_text
from tsj_desk.services.call_lists import build_list
from tsj_desk.services.debt_notices import debt_notice_files
from tsj_desk.services.debts import import_balances
from tsj_desk.storage.models import House, Ownership, Person, Premise

from tests.conftest import NOW, TODAY
from tests.core.debts_base import ADDRESS, build_base, osv_workbook

NBSP = "\u00a0"


def _base_with_a_shop(tmp_path):
    build_base()
    shop = Premise.create(house=House.get(), number="Н-1", sort_key=premise_sort_text("Н-1"),
                          account="100101", kind="non_residential")
    Ownership.create(premise=shop, person=Person.create(name="ООО «Ромашка»", phone="+74951234567"),
                     share_num=1, share_den=1, valid_from=TODAY.replace(year=2015))
    osv_workbook(tmp_path / "осв.xlsx", [
        ("100012", "12", "Волкова Е. Ю.", 5000, 3000, 0, 8000, 3),
        ("100101", "Н-1", "ООО «Ромашка»", 20000, 5000, 0, 25000, 5),
    ])
    import_balances(tmp_path / "осв.xlsx", today=TODAY, now=NOW)


def _text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_a_notice_and_a_call_list_name_a_flat_kv_and_a_shop_pom(db, tmp_path):
    _base_with_a_shop(tmp_path)
    made = debt_notice_files(tmp_path / "уведомления", today=TODAY, now=NOW)
    texts = [_text(path) for path in made.files]
    assert len(texts) == 2  # Н-1 owes 25 000,00, flat 12 — 8 000,00
    assert f"по лицевому счёту № 100101 ({ADDRESS}, пом.{NBSP}Н-1)" in texts[0]
    assert f"по лицевому счёту № 100012 ({ADDRESS}, кв.{NBSP}12)" in texts[1]
    assert all(f"пом.{NBSP}12" not in text for text in texts)

    calls = build_list("debt", today=TODAY, now=NOW, min_sum=Decimal("1000"))
    assert [(r.premise, r.address) for r in calls.rows] == [
        ("Н-1", f"{ADDRESS}, пом. Н-1"), ("12", f"{ADDRESS}, кв. 12")]
