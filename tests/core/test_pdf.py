"""Documents to PDF through LibreOffice: chunks of at most 200 files, a private profile,
cancel and time limit, clear errors; counting pages; the real acts fit two pages."""

from __future__ import annotations

import shutil
import subprocess
import threading
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from tsj_desk.documents.acts import ACT_KINDS
from tsj_desk.domain.errors import FileProblem
from tsj_desk.services import acts, journal, pdf

NOW = datetime(2026, 11, 24, 11, 30)


class FakeLibreOffice:
    """Stands in for ``subprocess.Popen`` of soffice: writes a PDF for each file it is
    given (except the ones in ``fail``), or hangs until killed (``hang``)."""

    def __init__(self, fail: set[str] = frozenset(), hang: bool = False):
        self.calls: list[list[str]] = []
        self.fail = set(fail)
        self.hang = hang
        self.killed = 0

    def __call__(self, args, **kwargs):
        self.calls.append(list(args))
        return _Process(self, args)

    def files_of(self, call: list[str]) -> list[str]:
        return call[call.index("--outdir") + 2:]


class _Process:
    def __init__(self, fake: FakeLibreOffice, args):
        self.fake = fake
        self.returncode = None
        self.stopped = threading.Event()
        out = Path(args[args.index("--outdir") + 1])
        if not fake.hang:
            for name in fake.files_of(list(args)):
                if Path(name).name not in fake.fail:
                    (out / f"{Path(name).stem}.pdf").write_bytes(b"%PDF-1.4 " + name.encode())
            self.returncode = 0

    def wait(self, timeout=None):
        if self.returncode is not None:
            return self.returncode
        if not self.stopped.wait(timeout):
            raise subprocess.TimeoutExpired("soffice", timeout)
        return self.returncode

    def kill(self):
        self.fake.killed += 1
        self.returncode = -9
        self.stopped.set()


@pytest.fixture
def fake(monkeypatch):
    converter = FakeLibreOffice()
    monkeypatch.setattr(pdf.subprocess, "Popen", converter)
    return converter


def documents(folder: Path, count: int, name: str = "акт_{0:03d}.docx") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number in range(count):
        path = folder / name.format(number)
        path.write_bytes(b"docx")
        files.append(path)
    return files


def test_450_files_are_converted_in_3_calls_of_at_most_200(fake, tmp_path):
    files = documents(tmp_path / "in", 450)
    seen = []
    made = pdf.to_pdf(files, tmp_path / "out", soffice=Path("/opt/lo/soffice"),
                      progress=lambda done, total: seen.append((done, total)))
    assert len(fake.calls) == 3
    assert [len(fake.files_of(call)) for call in fake.calls] == [200, 200, 50]
    assert sorted(f for call in fake.calls for f in fake.files_of(call)) == sorted(str(f) for f in files)
    assert made == [tmp_path / "out" / f"{f.stem}.pdf" for f in files]
    assert all(p.is_file() for p in made)
    assert seen[-1] == (450, 450)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    for call in fake.calls:
        profile = [a for a in call if a.startswith("-env:UserInstallation=")]
        assert len(profile) == 1 and profile[0].startswith("-env:UserInstallation=file://")
        assert "--headless" in call and call[call.index("--convert-to") + 1].startswith("pdf")
    # one private profile for the whole job, each call into a folder of its own
    assert len({a for call in fake.calls for a in call if a.startswith("-env:")}) == 1
    assert len({call[call.index("--outdir") + 1] for call in fake.calls}) == 3


def test_documents_with_the_same_name_do_not_overwrite_each_other(fake, tmp_path):
    first = documents(tmp_path / "a", 1, "акт.docx")[0]
    second = documents(tmp_path / "b", 1, "акт.docx")[0]
    made = pdf.to_pdf([first, second], tmp_path / "out", soffice=Path("soffice"))
    assert [p.name for p in made] == ["акт.pdf", "акт (2).pdf"]
    assert made[0].read_bytes() != made[1].read_bytes()
    assert len(fake.calls) == 2  # the same name never twice in one call


def test_a_file_libreoffice_missed_is_tried_again_then_named(fake, tmp_path):
    files = documents(tmp_path / "in", 3)
    fake.fail = {"акт_001.docx"}
    with pytest.raises(pdf.PdfFailed, match="«акт_001.docx»") as failed:
        pdf.to_pdf(files, tmp_path / "out", soffice=Path("soffice"))
    assert len(fake.calls) == 2 and fake.files_of(fake.calls[1]) == [str(files[1])]
    assert failed.value.failed == [files[1]]
    assert [p.name for p in failed.value.converted] == ["акт_000.pdf", "акт_002.pdf"]
    assert "1 файл из 3" in failed.value.message


def test_cancel_stops_libreoffice_and_returns_what_was_made(monkeypatch, tmp_path):
    converter = FakeLibreOffice(hang=True)
    monkeypatch.setattr(pdf.subprocess, "Popen", converter)
    cancel = threading.Event()
    cancel.set()
    made = pdf.to_pdf(documents(tmp_path / "in", 5), tmp_path / "out", soffice=Path("soffice"),
                      cancel=cancel)
    assert made == [] and converter.killed == 1


def test_a_hanging_libreoffice_is_stopped_after_the_time_limit(monkeypatch, tmp_path):
    converter = FakeLibreOffice(hang=True)
    monkeypatch.setattr(pdf.subprocess, "Popen", converter)
    with pytest.raises(FileProblem, match="не закончил преобразование"):
        pdf.to_pdf(documents(tmp_path / "in", 2), tmp_path / "out", soffice=Path("soffice"),
                   timeout=0.3)
    assert converter.killed == 1


def test_without_libreoffice_the_message_says_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "find_libreoffice", lambda: None)
    with pytest.raises(FileProblem, match="LibreOffice"):
        pdf.to_pdf(documents(tmp_path / "in", 1), tmp_path / "out")
    with pytest.raises(FileProblem, match="Не найден файл"):
        pdf.to_pdf([tmp_path / "нет.docx"], tmp_path / "out", soffice=Path("soffice"))
    assert pdf.to_pdf([], tmp_path / "out") == []


def test_libreoffice_is_found_on_path_or_in_its_install_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/soffice" if name == "soffice" else None)
    assert pdf.find_libreoffice() == Path("/usr/bin/soffice")
    program = tmp_path / "LibreOffice" / "program" / "soffice"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "_candidates", lambda: [tmp_path / "nowhere" / "soffice", program])
    assert pdf.find_libreoffice() == program
    monkeypatch.setattr(pdf, "_candidates", lambda: [])
    assert pdf.find_libreoffice() is None


# --------------------------------------------------------------------------- pages


def _pdf(objects: list[bytes], extra: bytes = b"") -> bytes:
    body = b"%PDF-1.5\n"
    for number, content in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    return body + extra + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_pages_are_counted_without_a_pdf_library(tmp_path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        b"<< /Type /Page /Parent 2 0 R >>",
        b"<</Type/Page/Parent 2 0 R>>",
        b"<< /Type /Page /Parent 2 0 R /Annots [] >>",
    ]))
    assert pdf.pdf_page_count(plain) == 3
    # an incremental update redefines page 4: still three pages
    updated = tmp_path / "updated.pdf"
    updated.write_bytes(plain.read_bytes() + b"4 0 obj\n<< /Type /Page /Parent 2 0 R /Rotate 90 >>\nendobj\n")
    assert pdf.pdf_page_count(updated) == 3
    # pages packed in a compressed object stream (PDF 1.5)
    packed = b"<< /Type /Page /Parent 2 0 R >><< /Type /Page /Parent 2 0 R >>"
    header = b"3 0 4 31 "
    stream = zlib.compress(header + packed)
    compressed = tmp_path / "compressed.pdf"
    compressed.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(stream)) + stream + b"\nendstream",
    ]))
    assert pdf.pdf_page_count(compressed) == 2
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_bytes(b"PK docx")
    with pytest.raises(FileProblem):
        pdf.pdf_page_count(not_pdf)


# --------------------------------------------------------------------------- real LibreOffice


@pytest.mark.slow
@pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice is not installed")
def test_each_act_made_from_a_demo_request_fits_two_pages(demo_db, tmp_path):
    """A flood with five damaged items and four participants, a dirty staircase, lukewarm
    hot water — each typed in full — and the blank form of the command line."""
    reg_no = journal.list_requests(journal.JournalFilter(text="Затопление с верхнего этажа"),
                                   today=NOW.date(), limit=1)[0].reg_no
    files = {}
    for kind in ACT_KINDS:
        fields = acts.demo_act_fields(kind, acts.prefill(kind, reg_no=reg_no, now=NOW))
        files[kind] = acts.create_act(kind, fields, now=NOW, reg_no=reg_no,
                                      out=tmp_path / f"{kind}.docx").file
        files[f"{kind}-blank"] = acts.act_for_request(kind, reg_no, tmp_path / f"{kind}-blank.docx",
                                                      now=NOW).file
    made = pdf.to_pdf(list(files.values()), tmp_path / "pdf")
    pages = {name: pdf.pdf_page_count(path) for name, path in zip(files, made)}
    assert all(1 <= count <= 2 for count in pages.values()), pages
    assert all(pages[f"{kind}-blank"] == 1 for kind in ACT_KINDS), pages  # a blank form: one sheet
    if shutil.which("pdfinfo"):
        for name, path in zip(files, made):
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
            assert f"Pages:           {pages[name]}" in info.stdout, name
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(made[0]), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Потолок кухни" in text and "{{" not in text and "Акт № 2026-001, стр. 1 из" in text
