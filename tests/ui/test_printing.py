"""Printing (issue 14): the journal as the registration book, the register, cards,
the readings sheet; A4 landscape with the header on every page and «стр. N из M»;
PDF through Qt's printer; Ctrl+P on a page opens the preview of what it shows."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import QFileDialog

from tests.conftest import NOW
from tsj_desk.services.journal import AnswerInput, JournalFilter, RequestInput, answer_request, register_request
from tsj_desk.services.print_sheets import PrintDocument, PrintTable, journal_book
from ui.printing import layout
from ui.printing.preview import PrintPreviewDialog


def register_two(demo) -> tuple[str, str]:
    """An unanswered request past its day (received 02.11, due 03.11) and one answered two
    days late (received 09.11, due 10.11, answered 12.11 under outgoing № 27)."""
    first = register_request(RequestInput(
        "public_info", datetime(2026, 11, 2, 10, 0), "Сидорова Анна Петровна",
        "Прошу сообщить, где опубликован отчёт правления.", channel="phone",
        subject="Где отчёт правления за 2025 год", premise_number="5"), now=NOW)
    second = register_request(RequestInput(
        "public_info", datetime(2026, 11, 9, 10, 0), "Кузьмин Олег Ильич",
        "Где висит график уборки?", channel="letter", subject="График уборки подъездов"), now=NOW)
    answer_request(second, AnswerInput("График на стенде у подъезда № 1.", date(2026, 11, 12),
                                       outgoing_no="27", result="explained"), now=NOW)
    return first, second


def book_row(document: PrintDocument, reg_no: str) -> tuple[str, ...]:
    (row,) = [r for r in document.tables[0].rows if r[0] == reg_no]
    return row


@pytest.mark.demo_counts(reason="a base of one house prints «кв. 5»; a base of several houses names the house before it, by design")
def test_the_journal_book_has_the_columns_of_the_paper_book_and_the_requests(demo):
    first, second = register_two(demo)
    book = journal_book(JournalFilter(), now=NOW)
    assert book.title == "Журнал регистрации обращений"
    assert book.tables[0].headers == (
        "№", "Дата и время поступления", "Заявитель, помещение", "Способ поступления",
        "Краткое содержание", "Категория", "Срок ответа", "Дата и № ответа", "Результат",
        "Отметка о просрочке")
    assert book_row(book, first) == (
        first, "02.11.2026 10:00", "Сидорова Анна Петровна\nкв. 5", "телефон",
        "Где отчёт правления за 2025 год",
        "Информация, уже раскрытая публично (стенд, сайт, ГИС ЖКХ)", "03.11.2026", "",
        "зарегистрировано", "просрочено на 21 день")
    assert book_row(book, second)[1:] == (
        "09.11.2026 10:00", "Кузьмин Олег Ильич", "письмо", "График уборки подъездов",
        "Информация, уже раскрытая публично (стенд, сайт, ГИС ЖКХ)", "10.11.2026",
        "12.11.2026\nисх. № 27", "разъяснено", "ответ с опозданием на 2 дня")
    numbers = [r[0] for r in book.tables[0].rows]
    assert numbers.index(first) < numbers.index(second)  # the book runs oldest first
    assert book.closing[0].startswith(f"Всего: {len(numbers)} обращени")


def test_the_book_follows_the_filter_and_its_text_is_in_the_printed_document(demo, qapp):
    first, second = register_two(demo)
    book = journal_book(JournalFilter(text="Сидорова"), now=NOW, described="Отбор: поиск «Сидорова».")
    assert [r[0] for r in book.tables[0].rows] == [first]
    assert book.lines[-1] == "Отбор: поиск «Сидорова»."
    assert book.closing[0] == "Всего: 1 обращение, из них просрочено без ответа: 1."
    text = layout.build_text_document(book).toPlainText()
    for expected in ("Журнал регистрации обращений", "ТСЖ «Лесная, 5»", first, "02.11.2026 10:00",
                     "Сидорова Анна Петровна", "Где отчёт правления за 2025 год",
                     "просрочено на 21 день", "Отметка о просрочке"):
        assert expected in text, expected
    assert second not in text


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


def table_document(rows: int) -> PrintDocument:
    return PrintDocument("Проверка печати", ["Строки по одной"], tables=[PrintTable(
        ("№", "Текст"), (10, 90), [(str(n), f"строка номер {n}") for n in range(1, rows + 1)])])


def test_a_pdf_through_qt_is_a4_landscape_with_a_header_and_a_page_number_on_every_page(tmp_path, qapp):
    one = tmp_path / "одна.pdf"
    assert layout.write_pdf(table_document(3), str(one)) == 1
    assert pdf_pages(one) == 1
    many = tmp_path / "много страниц.pdf"
    pages = layout.write_pdf(table_document(300), str(many))
    # 300 single-line rows never fit on one A4 page at 8 points; each page holds the same number
    assert pages > 3
    assert pdf_pages(many) == pages
    printer = layout.make_printer()
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    size = printer.pageLayout().pageSize().size(printer.pageLayout().pageSize().Unit.Millimeter)
    assert (round(size.width()), round(size.height())) == (210, 297)  # A4 (portrait size, turned)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the text of the pages is not read")
    for page in (1, pages):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(many), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert re.search(r"№\s+Текст", text), f"no header row on page {page}"
        assert f"стр. {page} из {pages}" in text


def opened_preview(monkeypatch) -> list[PrintPreviewDialog]:
    """The dialogs Ctrl+P opens, each painted as it would be when shown."""
    shown: list[PrintPreviewDialog] = []

    def exec_(self) -> int:
        self.preview.updatePreview()
        shown.append(self)
        return 0

    monkeypatch.setattr(PrintPreviewDialog, "exec", exec_)
    return shown


def test_ctrl_p_on_the_journal_opens_the_preview_of_the_book_and_of_the_selected_card(
        main_window, qtbot, monkeypatch):
    first, _ = register_two(None)
    page = main_window.show_page("journal")
    page.reload()
    assert page.select_request(first)
    shown = opened_preview(monkeypatch)
    qtbot.keyClick(main_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = shown
    assert [dialog.choice.itemText(i) for i in range(dialog.choice.count())] == [
        "Журнал регистрации обращений", f"Карточка обращения № {first}"]
    assert dialog.document.title == "Журнал регистрации обращений"
    assert dialog.pages > 1
    # «2 страницы», «5 страниц», «21 страница»: the Russian rule, written out here
    n = dialog.pages
    form = ("страница" if n % 10 == 1 and n % 100 != 11
            else "страницы" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "страниц")
    assert dialog.pages_label.text() == f"{n} {form}"
    dialog.choice.setCurrentIndex(1)
    card = dialog.document
    assert card.title == f"Карточка обращения № {first}"
    assert ("Заявитель", "Сидорова Анна Петровна") in card.fields
    assert ("Поступило", "02.11.2026 10:00, телефон") in card.fields


def test_ctrl_p_on_the_register_prints_its_filter_and_saves_a_pdf(main_window, qtbot, monkeypatch, tmp_path):
    page = main_window.show_page("register")
    page.filter.setText("Семёнов")
    page.reload()
    shown_rows = page.visible_premises()
    shown = opened_preview(monkeypatch)
    qtbot.keyClick(main_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = shown
    assert dialog.choice.itemText(0) == "Реестр собственников помещений (по отбору)"
    rows = dialog.document.tables[0].rows
    assert [r[1] for r in rows] == [f"кв. {p.number}" for p in shown_rows]
    assert all("Семёнов" in r[5] for r in rows)
    assert "Отбор: поиск «Семёнов»." in dialog.document.lines
    target = tmp_path / "реестр"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    saved = dialog.save_pdf()
    assert saved == tmp_path / "реестр.pdf" and pdf_pages(saved) == dialog.pages == 1


def test_ctrl_p_on_the_readings_offers_the_sheet_and_the_verifications(main_window, qtbot, monkeypatch):
    main_window.show_page("readings")
    shown = opened_preview(monkeypatch)
    qtbot.keyClick(main_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = shown
    assert [dialog.choice.itemText(i) for i in range(dialog.choice.count())] == [
        "Ведомость показаний за ноябрь 2026 г.", "Счётчики, у которых истекает срок поверки"]
    assert dialog.document.lines[-1] == "за ноябрь 2026 г."


def test_a_page_without_anything_to_print_says_so(main_window, qtbot, monkeypatch):
    main_window.show_page("audit")
    shown = opened_preview(monkeypatch)
    qtbot.keyClick(main_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert shown == []
    assert main_window.statusBar().currentMessage().startswith("На этой странице печатать нечего.")


def press_ctrl_p(dialog) -> None:
    """The dialog's own Ctrl+P shortcut, as the key pressed in the card opened in front
    would fire it (the offscreen platform does not make a second window active)."""
    from PySide6.QtGui import QKeySequence, QShortcut

    (shortcut,) = [s for s in dialog.findChildren(QShortcut)
                   if s.key() == QKeySequence(QKeySequence.StandardKey.Print)]
    shortcut.activated.emit()


def test_ctrl_p_in_a_request_card_and_a_premise_card_previews_that_card(demo, qtbot, monkeypatch):
    from tsj_desk.services.registry import list_premises
    from ui.journal.request_card import RequestCardDialog
    from ui.register.premise_card import PremiseCardDialog

    first, _ = register_two(demo)
    shown = opened_preview(monkeypatch)
    card = RequestCardDialog(None, first)
    qtbot.addWidget(card)
    press_ctrl_p(card)
    assert [d.document.title for d in shown] == [f"Карточка обращения № {first}"]
    premise = list_premises()[1]
    dialog = PremiseCardDialog(None, premise.id)
    qtbot.addWidget(dialog)
    press_ctrl_p(dialog)
    printed = shown[-1].document
    assert printed.title == f"Карточка помещения: кв. {premise.number}"
    assert [row[0] for row in printed.tables[0].rows] == premise.owners.split("; ")
