"""«Сводка»: the numbers of the request journal and the on-time rate chart."""
