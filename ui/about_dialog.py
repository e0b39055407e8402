"""«О программе»: the version, where the data lives, the base open now, and the versions
of Qt and Python — what a person calling for help is asked first. «Скопировать» puts
it all on the clipboard as plain text."""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.services import folders
from tsj_desk.version import PRODUCT, version


def tr(text: str) -> str:
    return QCoreApplication.translate("AboutDialog", text)


def about_rows() -> list[tuple[str, str]]:
    """(what, value) in the order the dialog shows them."""
    try:
        data = str(folders.data_folder())
    except OSError as exc:
        data = tr("недоступна: {0}").format(exc.strerror or exc)
    base = folders.open_base_shown() or tr("не открыта")
    return [
        (tr("Версия"), version()),
        (tr("Папка данных"), data),
        (tr("База"), base),
        (tr("Qt"), f"{qVersion()} (PySide6 {pyside_version})"),
        (tr("Python"), f"{platform.python_version()} ({sys.platform}, "
                       f"{platform.machine() or '?'})"),
    ]


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.setWindowTitle(tr("О программе"))
        self.rows = about_rows()
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{PRODUCT}</b>")
        title.setObjectName("about-title")
        layout.addWidget(title)
        summary = QLabel(tr("Реестр собственников, обращения, показания счётчиков и "
                            "акты для ТСЖ, ЖСК и управляющей организации."))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for name, value in self.rows:
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name] = label
            form.addRow(name + ":", label)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(tr("Скопировать"))
        self.copy_button.setToolTip(tr("Скопировать эти сведения, чтобы отправить их в поддержку"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)  # and as wide as the longest path: a path is not wrapped

    def text(self) -> str:
        return "\n".join([PRODUCT] + [f"{name}: {value}" for name, value in self.rows])

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
