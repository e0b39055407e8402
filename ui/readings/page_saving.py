"""The readings page's saving: every typed reading in one transaction, and the question
before saved readings are removed."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QMessageBox

from tsj_desk.domain.errors import ChangedElsewhere, TsjError
from tsj_desk.services import readings
from ui import clock, errors
from ui.readings.entry_model import EntryRow
from ui.readings.texts import period_text, readings_text, sentence, values_text


class PageSaving:
    """The saving part of ``ReadingsPage`` (mixed into it)."""

    # -- saving

    @Slot()
    def save(self) -> bool:
        """Write every typed reading in one transaction; any error saves nothing."""
        if self._loading is not None:  # the rows of the period asked are not shown yet
            return False
        self._commit_editor()
        changed = self.model.changed_rows()
        if not changed:
            return True
        bad = [r for r in changed if r.errors]
        if bad:
            first = bad[0]
            where = f"{first.line.premise_number or self.tr('ОДПУ')}, {first.line.serial}"
            errors.show_message(self, self.tr(
                "Показания не сохранены: ошибки в строках — {0}. Первая — {1}: {2}\n\n"
                "Исправьте строки, выделенные красным, или очистите их; "
                "пока ошибка есть, не сохраняется ни одно показание.").format(
                    len(bad), where, sentence(first.errors[0])))
            self.go_to_meter(first.line.meter_id)
            return False
        entries = self.model.entries()
        removals = self.model.removals()
        if removals and not self.confirm_removal(removals):
            return False
        try:
            saved = readings.save_entries(self._period, entries, today=clock.today(), now=clock.now(),
                                          remove=[r.line.meter_id for r in removals],
                                          versions=getattr(self, "_versions", None))
        except ChangedElsewhere as exc:  # saved on another PC meanwhile: its readings shown, typed kept
            errors.show_error(self, exc)
            self.reload(keep_typed=True)
            return False
        except TsjError as exc:
            errors.show_error(self, exc)
            return False
        self.reload(keep_typed=False)
        period = period_text(self._period)
        if not removals:
            text = self.tr("Сохранено {0} за {1}.").format(readings_text(saved), period)
        elif not entries:
            text = self.tr("Удалено {0} за {1}.").format(readings_text(len(removals)), period)
        else:
            text = self.tr("Сохранено {0}, удалено {1} за {2}.").format(
                readings_text(saved), readings_text(len(removals)), period)
        self.status.setText(text)
        return True

    def confirm_removal(self, rows: list[EntryRow]) -> bool:
        """Ask before saved readings are deleted (their cells were emptied)."""
        names = "\n".join(f"{r.line.premise_number or self.tr('ОДПУ')}, {r.line.serial}: "
                          f"{values_text(r.line.current, r.tariffs)}" for r in rows[:10])
        more = self.tr("\n…и ещё {0}").format(len(rows) - 10) if len(rows) > 10 else ""
        answer = QMessageBox.question(
            self, self.tr("Удалить показания"),
            self.tr("Удалить сохранённые показания за {0} ({1})?\n\n{2}{3}\n\nЯчейки этих счётчиков "
                    "очищены. Значения останутся в журнале изменений; ввести показания "
                    "можно будет заново.").format(period_text(self._period), readings_text(len(rows)),
                                                  names, more),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _commit_editor(self) -> None:
        editor = self.delegate.editor
        if editor is not None and editor.isVisible():
            self.delegate.commitData.emit(editor)

