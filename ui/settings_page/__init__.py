"""«Справочники и настройки»: deadlines of the request categories, the production calendar."""
