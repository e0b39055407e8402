"""Message boxes answered by the test: what the window said, by kind, instead of a modal box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def said_messages(monkeypatch) -> dict[str, list[str]]:
    """The texts of ``QMessageBox.warning`` and ``QMessageBox.information``, in order."""
    said: dict[str, list[str]] = {"warning": [], "information": []}
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said["warning"].append(text))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: said["information"].append(text))
    return said
