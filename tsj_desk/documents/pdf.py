"""Documents to PDF through LibreOffice, when it is installed.

``find_libreoffice()`` looks for ``soffice``/``libreoffice`` on ``PATH`` and in the
usual install folders of Windows, macOS and the LibreOffice packages for Linux;
the window hides «Сохранить как PDF» when it returns None.

``to_pdf(files, out_dir)`` converts with ``soffice --headless --convert-to pdf``:

* at most ``CHUNK`` (200) files per LibreOffice call — one call silently stops
  after about 247 files;
* a private, temporary LibreOffice profile (``-env:UserInstallation=…``), so that
  it works while the user's own LibreOffice is open (a second process on the same
  profile would hand the job to the first one and return at once, converting
  nothing) and never touches the user's settings;
* each call converts into a temporary folder; the PDFs are then moved to
  ``out_dir`` as ``<name of the document>.pdf`` (``name (2).pdf`` when two of the
  documents have the same name), replacing older files of the same name;
* a time limit per call; ``cancel`` (a ``threading.Event``) stops the running
  LibreOffice and returns the PDFs made so far; ``progress(done, total)`` counts
  files as they appear;
* a file a call missed is tried once more; what still fails is reported by
  ``PdfFailed`` (a ``FileProblem``) naming the files, with the PDFs that were made.

``pdf_page_count(path)`` counts the pages of a PDF without any PDF library.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.text import plural
from tsj_desk.private_files import private_output

CHUNK = 200
"""Files per LibreOffice call (one call silently stops after about 247)."""

Progress = Callable[[int, int], None]

_POLL_SECONDS = 0.2


class PdfFailed(FileProblem):
    """Some documents were not converted; ``converted`` holds the PDFs that were."""

    def __init__(self, message: str, *, failed: Sequence[Path] = (), converted: Sequence[Path] = ()):
        super().__init__(message)
        self.failed = list(failed)
        self.converted = list(converted)


# --------------------------------------------------------------------------- finding


def _candidates() -> list[Path]:
    """Install locations outside ``PATH``, most usual first."""
    places: list[Path] = []
    if sys.platform.startswith("win"):
        for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA"):
            root = os.environ.get(variable)
            if root:
                places.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
                if variable == "LOCALAPPDATA":
                    places.append(Path(root) / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        for root in (Path("/Applications"), Path.home() / "Applications"):
            places.append(root / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    else:
        places += [Path("/usr/lib/libreoffice/program/soffice"),
                   Path("/usr/lib64/libreoffice/program/soffice"),
                   Path("/snap/bin/libreoffice")]
        # the packages from libreoffice.org install into /opt/libreofficeX.Y
        places += sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    return places


def find_libreoffice() -> Path | None:
    """The LibreOffice program that converts documents, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for place in _candidates():
        if place.is_file() and os.access(place, os.X_OK):
            return place
    return None


# --------------------------------------------------------------------------- converting


def _chunks(files: Sequence[Path], size: int) -> list[list[Path]]:
    """Groups of at most ``size`` files, no two with the same name in one group
    (LibreOffice names each PDF after its document; a second one would overwrite it)."""
    chunks: list[list[Path]] = []
    names: list[set[str]] = []
    for path in files:
        stem = path.stem.casefold()
        for chunk, taken in zip(chunks, names):
            if len(chunk) < size and stem not in taken:
                chunk.append(path)
                taken.add(stem)
                break
        else:
            chunks.append([path])
            names.append({stem})
    return chunks


def _target_names(files: Sequence[Path]) -> dict[Path, str]:
    """``name.pdf`` for each document; ``name (2).pdf``… for a repeated name."""
    seen: dict[str, int] = {}
    names = {}
    for path in files:
        key = path.stem.casefold()
        seen[key] = seen.get(key, 0) + 1
        names[path] = f"{path.stem}.pdf" if seen[key] == 1 else f"{path.stem} ({seen[key]}).pdf"
    return names


def _files_text(files: Sequence[Path], limit: int = 3) -> str:
    shown = ", ".join(f"«{p.name}»" for p in files[:limit])
    if len(files) > limit:
        shown += f" и ещё {len(files) - limit}"
    return shown


def _run_chunk(soffice: Path, profile_uri: str, chunk: Sequence[Path], out_dir: Path,
               log_path: Path, timeout: float, cancel: threading.Event | None,
               tick: Callable[[int], None]) -> bool:
    """One LibreOffice call; False when cancelled. ``tick(n)`` reports the PDFs present."""
    args = [str(soffice), f"-env:UserInstallation={profile_uri}", "--headless", "--invisible",
            "--nologo", "--nodefault", "--norestore", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir),
            *[str(p) for p in chunk]]
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    with open(log_path, "ab") as log:
        try:
            process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, creationflags=flags)
        except OSError as error:
            raise FileProblem(
                f"Не удалось запустить LibreOffice ({soffice}): {error.strerror or error}. "
                f"Переустановите LibreOffice или сохраните документ в PDF из текстового редактора."
            ) from error
        deadline = time.monotonic() + timeout
        while True:
            try:
                process.wait(timeout=_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                pass
            tick(sum(1 for _ in out_dir.glob("*.pdf")))
            if cancel is not None and cancel.is_set():
                _stop(process)
                return False
            if time.monotonic() > deadline:
                _stop(process)
                raise FileProblem(
                    f"LibreOffice не закончил преобразование в PDF за {int(timeout)} с "
                    f"({_files_text(list(chunk))}) и был остановлен. Закройте лишние программы "
                    f"и повторите; если не поможет — сохраните документ в PDF из текстового редактора."
                )
    tick(sum(1 for _ in out_dir.glob("*.pdf")))
    return True


def _stop(process: subprocess.Popen) -> None:
    process.kill()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _log_tail(log_path: Path, lines: int = 3) -> str:
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    wanted = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in wanted if "error" in line.lower()] or wanted
    return " ".join(errors[-lines:])


def to_pdf(files: Iterable[Path], out_dir: Path, *, progress: Progress | None = None,
           cancel: threading.Event | None = None, soffice: Path | None = None,
           timeout: float | None = None) -> list[Path]:
    """Convert ``files`` (.docx, .odt…) to PDF in ``out_dir``; the PDFs, in the order given.

    ``timeout`` is the limit of one LibreOffice call in seconds (by default two
    minutes plus three seconds a file). See the module docstring.
    """
    documents = [Path(f).resolve() for f in files]
    if not documents:
        return []
    missing = [p for p in documents if not p.is_file()]
    if missing:
        raise FileProblem(f"Не найден файл для преобразования в PDF: {_files_text(missing)}. "
                          f"Сформируйте документ заново.")
    program = soffice or find_libreoffice()
    if program is None:
        raise FileProblem("Для сохранения в PDF нужна программа LibreOffice, она не найдена. "
                          "Установите LibreOffice (libreoffice.org) и повторите.")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(f"Не удалось создать папку «{out}»: {error.strerror or error}.") from error
    names = _target_names(documents)
    total = len(documents)
    done: dict[Path, Path] = {}

    def report(count: int) -> None:
        if progress is not None:
            progress(min(count, total), total)

    report(0)
    with tempfile.TemporaryDirectory(prefix="tsj-desk-pdf-") as scratch:
        scratch_dir = Path(scratch)
        profile_uri = (scratch_dir / "profile").as_uri()
        log_path = scratch_dir / "soffice.log"
        pending = documents
        for attempt in range(2):  # a file a call missed gets one more try
            for number, chunk in enumerate(_chunks(pending, CHUNK)):
                chunk_dir = scratch_dir / f"out-{attempt}-{number}"
                chunk_dir.mkdir()
                before = len(done)
                limit = timeout if timeout is not None else 120 + 3 * len(chunk)
                finished = _run_chunk(program, profile_uri, chunk, chunk_dir, log_path, limit,
                                      cancel, lambda present, before=before: report(before + present))
                for document in chunk:
                    made = chunk_dir / f"{document.stem}.pdf"
                    if made.is_file() and made.stat().st_size > 0 and finished:
                        target = out / names[document]
                        try:  # LibreOffice writes 0644: copied into a 0600 file instead
                            with private_output(target) as temp:
                                shutil.copyfile(made, temp)
                        except OSError as error:
                            raise FileProblem(
                                f"Не удалось записать «{target.name}» в папку «{out}»: "
                                f"{error.strerror or error}. Возможно, файл открыт в другой "
                                f"программе — закройте его и повторите."
                            ) from error
                        done[document] = target
                report(len(done))
                if not finished:
                    return [done[p] for p in documents if p in done]
            pending = [p for p in documents if p not in done]
            if not pending:
                break
        if pending:
            count = len(pending)
            detail = _log_tail(log_path)
            raise PdfFailed(
                f"LibreOffice не смог преобразовать в PDF {count} "
                f"{plural(count, 'файл', 'файла', 'файлов')} из {total}: {_files_text(pending)}. "
                f"Проверьте, что документ открывается в LibreOffice."
                + (f" Сообщение LibreOffice: {detail}" if detail else ""),
                failed=pending, converted=[done[p] for p in documents if p in done],
            )
    return [done[p] for p in documents]


def save_as_pdf(document: Path, target: Path, *, cancel: threading.Event | None = None) -> Path | None:
    """One document to the PDF file ``target`` (any name); None when cancelled."""
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="tsj-desk-pdf1-") as scratch:
        made = to_pdf([document], Path(scratch), cancel=cancel)
        if not made:
            return None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with private_output(target) as temp:
                shutil.copyfile(made[0], temp)
        except OSError as error:
            raise FileProblem(
                f"Не удалось записать «{target.name}» в папку «{target.parent}»: "
                f"{error.strerror or error}. Возможно, файл открыт в другой программе — "
                f"закройте его и повторите."
            ) from error
    return target


# --------------------------------------------------------------------------- counting pages

_OBJECT = re.compile(rb"(\d+)\s+\d+\s+obj\b(.*?)\bendobj\b", re.S)
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)
_FIRST = re.compile(rb"/First\s+(\d+)")


def _objects(data: bytes) -> dict[int, bytes]:
    """Object number → body; later definitions (incremental updates) win."""
    bodies: dict[int, bytes] = {}
    for match in _OBJECT.finditer(data):
        number, body = int(match.group(1)), match.group(2)
        bodies[number] = body
        if _OBJECT_STREAM.search(body):
            bodies.update(_stream_objects(body))
    return bodies


def _stream_objects(body: bytes) -> dict[int, bytes]:
    """The objects packed in an object stream (PDF 1.5), when it is Flate-compressed."""
    stream = _STREAM.search(body)
    first = _FIRST.search(body)
    if stream is None or first is None:
        return {}
    try:
        data = zlib.decompress(stream.group(1)) if b"/FlateDecode" in body else stream.group(1)
    except zlib.error:
        return {}
    offset = int(first.group(1))
    header = data[:offset].split()
    pairs = [(int(header[i]), int(header[i + 1])) for i in range(0, len(header) - 1, 2)]
    bodies = {}
    for index, (number, start) in enumerate(pairs):
        end = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - offset
        bodies[number] = data[offset + start:offset + end]
    return bodies


def pdf_page_count(path: Path) -> int:
    """The number of pages of the PDF at ``path``."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise FileProblem(f"Не удалось прочитать «{Path(path).name}»: {error.strerror or error}.") from error
    if not data.startswith(b"%PDF"):
        raise FileProblem(f"Файл «{Path(path).name}» — не PDF.")
    return sum(1 for body in _objects(data).values() if _PAGE.search(body))
