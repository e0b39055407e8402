"""The act dialog's files: saving the act (a new number or the same one), opening,
printing and saving it as PDF off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFileDialog

from tsj_desk.services import pdf
from tsj_desk.services.act_documents import act_file_to_open
from tsj_desk.services.acts import create_act, prepare_folder, suggested_act_path, update_act
from ui import clock, errors
from ui.acts import printing
from ui.acts.act_form import tr
from ui.workers import Job, run_with_progress


class ActFiles:
    """Saving, opening, printing and PDF of ``ActDialog`` (mixed into it)."""

    # -- saving

    @Slot()
    def save(self) -> bool:
        """Create the act (a number is given) or update the reopened one; True when saved."""
        if self._job is not None:
            return False
        fields = self.fields()
        try:
            if self._act is None:
                out = self.ask_act_path(suggested_act_path(self._kind, now=clock.now()))
                if out is None:
                    return False
                reg_no = fields.get("request_no") or None
                info = create_act(self._kind, fields, now=clock.now(), reg_no=reg_no,
                                  premise_number=fields.get("premise_no") or None, out=out)
            else:
                info = update_act(self._act.id, fields, now=clock.now())
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            return False
        created = self._act is None
        self._act = info
        self._dirty = False
        self._show_state()
        self._say((tr("Акт № {0} сохранён: {1}") if created else tr("Акт № {0} сформирован заново: {1}"))
                  .format(info.number, info.file))
        return True

    def _saved_file(self) -> Path | None:
        """The act's file with every change saved, or None when saving failed."""
        if self._act is None or self._dirty:
            if not self.save():
                return None
        if self._act is None:
            return None
        try:  # kept in the base: every PC opens it
            return act_file_to_open(self._act.id)
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            return None

    @Slot()
    def open_file(self) -> None:
        path = self._saved_file()
        if path is None:
            return
        try:
            printing.open_document(path)
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)

    @Slot()
    def print_file(self) -> None:
        if self._job is not None:
            return
        reason = printing.print_unavailable_reason()
        if reason is not None:
            errors.show_message(self, reason)
            return
        path = self._saved_file()
        if path is None:
            return
        copies = printing.copies_of(self._act.fields.get("copies") if self._act else 1)
        self._run(tr("Отправка на печать…"),
                  lambda progress, cancel: printing.print_document(path, copies, cancel=cancel),
                  self._say)

    def ask_act_path(self, suggested: Path) -> Path | None:
        """Where to save a new act, «Документы/ТСЖ Деск/Акты/Акт … № … от ….docx»
        offered (tests replace this)."""
        prepare_folder(suggested.parent)
        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить акт"), str(suggested),
                                              tr("Документ Word (*.docx)"))
        if not name:
            return None
        target = Path(name)
        return target if target.suffix.lower() == ".docx" else target.with_name(target.name + ".docx")

    def ask_pdf_path(self, suggested: Path) -> Path | None:
        """Where to save the PDF (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(self, tr("Сохранить акт как PDF"), str(suggested),
                                              tr("Документ PDF (*.pdf)"))
        if not name:
            return None
        target = Path(name)
        return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")

    @Slot()
    def save_pdf(self) -> None:
        if self._job is not None:
            return
        path = self._saved_file()
        if path is None:
            return
        target = self.ask_pdf_path(path.with_suffix(".pdf"))
        if target is None:
            return

        def done(made: Path | None) -> None:
            if made is None:
                self._say(tr("Сохранение в PDF отменено."))
            else:
                self._say(tr("Акт № {0} сохранён в PDF: {1}").format(self._act.number, made))

        self._run(tr("Сохранение в PDF…"),
                  lambda progress, cancel: pdf.save_as_pdf(path, target, cancel=cancel), done)

    def _run(self, label: str, work, on_done) -> None:
        def finished(result) -> None:
            self._job = None
            self._show_state()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._job = None
            self._show_state()
            errors.show_error(self, exc)

        self._job = run_with_progress(self, label, work, on_finished=finished, on_failed=failed)
        self._show_state()

    def job(self) -> Job | None:
        return self._job

