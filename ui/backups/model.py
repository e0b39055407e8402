"""The table of backups: when, why, how big, where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from tsj_desk.domain.text import format_datetime
from tsj_desk.services.backups import BackupInfo
from ui import colors
from ui.tables import RIGHT, Column, RowsModel


def tr(text: str) -> str:
    return QCoreApplication.translate("BackupsModel", text)


def format_size(size: int) -> str:
    """``2_621_440`` → ``2,5 МБ``, ``51_200`` → ``50 КБ``: the way a Russian office writes it."""
    kib = size / 1024
    if kib < 1024:
        return f"{max(1, round(kib))} КБ"
    mib = kib / 1024
    if mib < 1024:
        return f"{mib:.1f} МБ".replace(".", ",")
    return f"{mib / 1024:.1f} ГБ".replace(".", ",")


def reason_text(backup: BackupInfo) -> str:
    label = backup.trigger_label
    return label[:1].upper() + label[1:]


class BackupsModel(RowsModel[BackupInfo]):
    """Columns Дата и время, Причина, Размер, Папка; a copy that failed its check is red."""

    WHEN, REASON, SIZE, FOLDER = range(4)

    def __init__(self, parent=None):
        self._damaged: dict[Path, str] = {}
        super().__init__([
            Column(tr("Дата и время"), lambda b: format_datetime(b.made_at),
                   lambda b: b.made_at.isoformat(), width=16),
            Column(tr("Причина"), reason_text, width=24),
            Column(tr("Размер"), lambda b: format_size(b.size), lambda b: b.size, RIGHT, width=10),
            Column(tr("Папка"), lambda b: str(b.path.parent), width=40,
                   tooltip=lambda b: str(b.path)),
        ], parent)

    def mark_checked(self, backup: BackupInfo, ok: bool, verdict: str) -> None:
        """Remember the result of «Проверить»: a damaged copy stays red while the page lives."""
        if ok:
            self._damaged.pop(backup.path, None)
        else:
            self._damaged[backup.path] = verdict
        for row, shown in enumerate(self._rows):
            if shown.path == backup.path:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def is_damaged(self, backup: BackupInfo) -> bool:
        return backup.path in self._damaged

    def tone(self, row: BackupInfo) -> colors.Tone:
        return colors.Tone.ERROR if row.path in self._damaged else colors.Tone.NORMAL

    def row_tooltip(self, row: BackupInfo) -> str | None:
        return self._damaged.get(row.path)
