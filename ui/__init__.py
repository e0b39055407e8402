"""The PySide6 window of ТСЖ Деск: pages, dialogs, table models, workers."""
