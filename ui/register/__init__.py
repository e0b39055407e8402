"""The owner register page and its dialogs."""
