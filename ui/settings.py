"""The user's window settings (geometry, column widths) in one ``QSettings`` store."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "tsj-desk"
APPLICATION = "tsj-desk"


def settings() -> QSettings:
    """``QSettings`` of the application (on Linux ``$XDG_CONFIG_HOME/tsj-desk/tsj-desk.conf``)."""
    return QSettings(ORGANIZATION, APPLICATION)
