"""«Журнал изменений»: the append-only audit log, filtered; nothing here edits it."""
