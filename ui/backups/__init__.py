"""«Резервные копии»: the list of backups, making, checking and restoring them."""
