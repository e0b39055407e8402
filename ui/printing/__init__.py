"""Printing what the window shows: one layout rule for every document (``layout``), the
pages' documents (``sources``), the preview with «Печать…» and «Сохранить в PDF…»
(``preview``)."""
