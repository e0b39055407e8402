"""«Показания»: the entry grid, the import of readings files, meter history, reminders."""
