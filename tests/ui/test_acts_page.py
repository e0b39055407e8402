"""«Акты и документы»: the list of acts, the filter, reopening, batch regenerate and PDF."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from keys import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tsj_desk.services import acts, pdf
from tsj_desk.services.journal import JournalFilter, list_requests
from ui.acts import page as page_module
from ui.acts.act_dialog import ActDialog
from ui.acts.model import ActRow, ActsModel
from ui.acts.page import ActsPage
from ui.journal.request_card import RequestCardDialog
from ui.main_window import PAGES
from ui.tables import SORT_ROLE, SortProxy

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 15, 30)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture
def told(monkeypatch):
    """What the page said in its information boxes."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    return said


def requests(count: int) -> list[str]:
    return [r.reg_no for r in list_requests(JournalFilter(text="Затопление"), today=TODAY, limit=count)]


@pytest.fixture
def three_acts(demo) -> list[acts.ActInfo]:
    """A damage act, a utility quality act and a maintenance act, an hour apart."""
    made = []
    for hour, (kind, reg_no) in enumerate(zip(("damage", "utility_quality", "maintenance_quality"),
                                              requests(3))):
        now = NOW.replace(hour=9 + hour)
        fields = acts.demo_act_fields(kind, acts.prefill(kind, reg_no=reg_no, now=now))
        made.append(acts.create_act(kind, fields, now=now, reg_no=reg_no))
    return made


def page_for(qtbot) -> ActsPage:
    page = ActsPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def select_all(page: ActsPage) -> None:
    page.table.setFocus()
    page.table.selectAll()


def test_the_page_comes_after_the_register_hand_outs():
    keys = [spec.key for spec in PAGES]
    assert keys[keys.index("disclosures") + 1] == "acts"
    assert PAGES[keys.index("acts")].title == "Акты и документы"


def test_acts_are_listed_newest_first_and_filtered_as_you_type(qtbot, three_acts):
    page = page_for(qtbot)
    assert [a.kind for a in page.visible_acts()] == ["maintenance_quality", "utility_quality", "damage"]
    model = page.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Вид", "№", "Дата", "Обращение", "Помещение", "Файл"]
    first = [page.proxy.index(0, c).data() for c in range(model.columnCount())]
    damage = three_acts[0]
    assert first[0] == "О нарушении качества содержания" and first[1] == "2026-003"  # one sequence a year
    assert first[2] == "24.11.2026 11:30"
    assert first[5] == "Акт о нарушении качества содержания общего имущества № 2026-003 от 24.11.2026.docx"
    assert page.count_label.text() == "Всего 3 акта"
    surname = damage.fields["owner_name"].split()[0]
    type_text(page.filter, surname.lower())  # the owner's surname, in any case
    qtbot.waitUntil(lambda: len(page.visible_acts()) < 3, timeout=2000)
    assert damage.id in [a.id for a in page.visible_acts()]
    page.filter.clear()
    page.apply_filter()
    page.kind.setCurrentIndex(page.kind.findData("utility_quality"))
    assert [a.kind for a in page.visible_acts()] == ["utility_quality"]
    assert page.count_label.text() == "Показано 1 акт из 3"


def test_enter_reopens_the_act_in_the_dialog(qtbot, three_acts, monkeypatch):
    asked = []
    monkeypatch.setattr(ActDialog, "ask", classmethod(lambda cls, parent, **kw: asked.append(kw)))
    page = page_for(qtbot)
    page.table.setFocus()
    page.table.selectRow(2)
    press(page.table, Qt.Key.Key_Return)
    assert asked == [{"act_id": three_acts[0].id}]
    assert [a.id for a in page.selected_acts()] == [three_acts[0].id]  # still selected after reload
    page.new_button.click()
    assert asked[-1] == {}


def test_batch_regenerate_of_three_acts_runs_in_the_worker(qtbot, three_acts, told):
    lost = three_acts[1].file
    lost.unlink()
    # lost in the base too (the acts are kept there): a reference to a file on another PC
    from tsj_desk.storage.models import Act, StoredFile

    StoredFile.update(content=None, size=0, missing_path=str(lost)).where(
        StoredFile.id == Act.get_by_id(three_acts[1].id).stored_file_id).execute()
    page = page_for(qtbot)
    assert page.model.tone(ActRow.of(acts.get_act(three_acts[1].id))).value == "warning"
    select_all(page)
    assert len(page.selected_acts()) == 3 and page.regenerate_button.isEnabled()
    job = page.regenerate_selected()
    assert job is not None and not page.regenerate_button.isEnabled()
    qtbot.waitUntil(lambda: page.job() is None, timeout=10000)
    assert told == ["Сформировано заново: 3 акта."]
    assert lost.is_file()
    assert [a.number for a in acts.list_acts()] == ["2026-003", "2026-002", "2026-001"]
    assert len(page.selected_acts()) == 3
    assert page.regenerate_button.isEnabled()


def test_batch_regenerate_can_be_cancelled(qtbot, three_acts, told, monkeypatch):
    real = acts.regenerate_acts

    def cancelled_after_the_first(ids, *, now, progress, cancel):
        def step(done, total):
            progress(done, total)
            if done == 1:
                cancel.set()  # as «Отмена» would
        return real(ids, now=now, progress=step, cancel=cancel)

    monkeypatch.setattr(page_module, "regenerate_acts", cancelled_after_the_first)
    page = page_for(qtbot)
    select_all(page)
    page.regenerate_selected()
    qtbot.waitUntil(lambda: page.job() is None, timeout=10000)
    assert told == ["Отменено: сформировано заново 1 из 3."]


def test_batch_pdf_for_the_selection_with_libreoffice(qtbot, three_acts, told, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "find_libreoffice", lambda: None)
    page = page_for(qtbot)
    assert not page.pdf_button.isVisibleTo(page)
    monkeypatch.setattr(pdf, "find_libreoffice", lambda: Path("/usr/bin/soffice"))
    page.page_shown()
    assert page.pdf_button.isVisibleTo(page)
    calls = []

    def fake_to_pdf(files, out_dir, *, progress=None, cancel=None):
        calls.append(list(files))
        made = []
        for number, path in enumerate(files, start=1):
            target = Path(out_dir) / (Path(path).stem + ".pdf")
            target.write_bytes(b"%PDF-1.4")
            made.append(target)
            progress(number, len(files))
        return made

    monkeypatch.setattr(pdf, "to_pdf", fake_to_pdf)
    monkeypatch.setattr(page, "ask_pdf_folder", lambda: tmp_path / "pdf")
    (tmp_path / "pdf").mkdir()
    page.table.selectRow(0)
    page.pdf_selected()
    qtbot.waitUntil(lambda: page.job() is None, timeout=10000)
    assert calls == [[three_acts[2].file]]
    assert told == [f"В PDF сохранено 1 файл в папку {tmp_path / 'pdf'}"]
    select_all(page)
    page.pdf_selected()
    qtbot.waitUntil(lambda: page.job() is None, timeout=10000)
    assert len(calls[-1]) == 3 and told[-1].startswith("В PDF сохранено 3 файла")


def test_the_request_card_composes_an_act(qtbot, demo, monkeypatch):
    reg_no = requests(1)[0]
    asked = []

    def fake_ask(cls, parent, **kwargs):
        asked.append(kwargs)
        return acts.create_act("damage", acts.prefill("damage", reg_no=reg_no, now=NOW), now=NOW,
                               reg_no=reg_no)

    monkeypatch.setattr(ActDialog, "ask", classmethod(fake_ask))
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    card.show()
    card.compose_act_button.click()
    assert asked == [{"reg_no": reg_no, "kind": "damage"}]  # an emergency: the damage act
    assert card.notice.text().startswith("Акт № 2026-001 сохранён: ")


def test_acts_model_passes_modeltester(qtmodeltester, three_acts):
    model = ActsModel()
    model.set_rows([ActRow.of(a) for a in acts.list_acts()])
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(SortProxy(model), force_py=True)
    assert model.data(model.index(0, 2), SORT_ROLE).startswith("2026-11-24T11:30")


def test_premises_sort_by_number():
    from ui.acts.model import premise_sort_key

    assert sorted(["10", "2", "Н1", "101"], key=premise_sort_key) == ["2", "10", "101", "Н1"]

