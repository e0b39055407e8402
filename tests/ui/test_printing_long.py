"""A long document (the year's book of a large УО runs to a thousand pages): the preview
shows its beginning at once, and the whole is printed or saved as PDF in the background
with progress and «Отмена», the window never frozen; a cancelled PDF leaves no file."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from tests.ui.test_printing import pdf_pages, table_document
from ui.printing import preview as preview_module
from ui.printing.preview import PrintPreviewDialog
from ui.printing.sources import Printable

ROWS = 300  # with LONG_ROWS set to 20 below: a long document, and a beginning of one page


@pytest.fixture
def long_preview(qtbot, monkeypatch):
    monkeypatch.setattr(preview_module, "LONG_ROWS", 20)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    dialog = PrintPreviewDialog([Printable("Проверка печати", lambda: table_document(ROWS))], window)
    dialog.show()
    dialog.preview.updatePreview()
    yield dialog
    if dialog.job is not None:
        dialog.job.request_cancel()
        dialog.job.finish_now()


def pages_words(n: int) -> str:
    """«1 страница», «22 страницы», «25 страниц»: the Russian rule, written out here."""
    form = ("страница" if n % 10 == 1 and n % 100 != 11
            else "страницы" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "страниц")
    return f"{n} {form}"


def page_text(path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_the_preview_of_a_long_document_shows_its_beginning_and_says_so(long_preview):
    dialog = long_preview
    assert dialog.is_long()
    # 20 single-line rows under the title fit on one page; the whole 300 do not
    assert dialog.preview.pageCount() == 1
    assert dialog.pages_label.text() == ("Показаны первые 20 строк (1 страница), всего строк: 300. "
                                         "Печать и PDF — весь документ, в фоне")


def test_a_long_document_is_saved_whole_in_the_background(long_preview, qtbot, monkeypatch, tmp_path):
    dialog = long_preview
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "журнал"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert dialog.save_pdf() is None  # under way, not yet written
    job = dialog.job
    assert job is not None and job.dialog.labelText() == "Сохранение в PDF: «журнал.pdf»…"
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    saved = folder / "журнал.pdf"
    pages = pdf_pages(saved)
    assert pages > 1
    assert dialog.pages_label.text() == f"Сохранено: журнал.pdf ({pages_words(pages)})"
    assert [p.name for p in folder.iterdir()] == ["журнал.pdf"]  # nothing half-written beside it
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the text of the pages is not read")
    first, last = page_text(saved, 1), page_text(saved, pages)
    assert "строка номер 1\n" in first + "\n" and f"стр. 1 из {pages}" in first
    assert re.search(r"строка номер 300\s", last) and f"стр. {pages} из {pages}" in last


def test_a_cancelled_pdf_leaves_the_older_file_as_it_was_and_nothing_beside_it(
        long_preview, qtbot, monkeypatch, tmp_path):
    from ui.printing import background

    dialog = long_preview
    folder = tmp_path / "out"
    folder.mkdir()
    saved = folder / "журнал.pdf"
    saved.write_bytes(b"%PDF-1.4 the older copy")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    pressed = threading.Event()
    real_build = background.build_text_document

    def build_after_cancel(document):  # the layout takes as long as «Отмена» needs to come
        pressed.wait(30)
        return real_build(document)

    monkeypatch.setattr(background, "build_text_document", build_after_cancel)
    dialog.save_pdf()
    painted = []
    dialog.job.progress.connect(lambda done, total: painted.append(done))
    dialog.job.dialog.canceled.emit()  # «Отмена» in the progress dialog
    pressed.set()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert painted == []  # stopped before its first page, not after the last
    assert saved.read_bytes() == b"%PDF-1.4 the older copy"
    assert [p.name for p in folder.iterdir()] == ["журнал.pdf"]
    assert not dialog.pages_label.text().startswith("Сохранено")


def test_a_short_document_is_previewed_whole_and_counted(qtbot, monkeypatch):
    monkeypatch.setattr(preview_module, "LONG_ROWS", ROWS)  # exactly the limit: not long
    window = QWidget()
    qtbot.addWidget(window)
    dialog = PrintPreviewDialog([Printable("Проверка печати", lambda: table_document(ROWS))], window)
    dialog.preview.updatePreview()
    assert not dialog.is_long()
    assert dialog.pages == dialog.preview.pageCount() > 1
    assert dialog.pages_label.text().endswith(("страницы", "страниц", "страница"))


def test_save_as_pdf_from_the_menu_writes_the_whole_journal_and_says_so(main_window, qtbot, monkeypatch,
                                                                        tmp_path):
    """Файл → Сохранить в PDF… on Обращения, the book longer than the limit: the window stays
    in front, the file is written whole in the background and a message tells its pages."""
    from PySide6.QtWidgets import QMessageBox

    from ui.printing import actions

    monkeypatch.setattr(preview_module, "LONG_ROWS", 20)
    main_window.show_page("journal")
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "журнал.pdf"), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append((parent, text)))
    assert actions.save_pdf(main_window) is None  # under way
    qtbot.waitUntil(lambda: bool(told), timeout=120_000)
    pages = pdf_pages(folder / "журнал.pdf")
    assert told == [(main_window, f"Сохранено: журнал.pdf ({pages_words(pages)})")] and pages > 5
    assert [p.name for p in folder.iterdir()] == ["журнал.pdf"]


def test_a_pdf_that_cannot_be_written_is_told_in_words(long_preview, qtbot, monkeypatch, tmp_path):
    """A folder gone meanwhile (a network drive, a removed stick): a message, no silence."""
    from ui import errors

    dialog = long_preview
    gone = tmp_path / "нет такой папки" / "журнал.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(gone), ""))
    shown = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(str(exc)))
    dialog.save_pdf()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert shown == [f"Файл «{gone}» записать не удалось: проверьте, что папка доступна для записи "
                     "и файл не открыт в другой программе."]
    assert not gone.parent.exists()
