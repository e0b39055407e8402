"""The LibreOffice conversion (``tsj_desk.documents.pdf``) under the name the window and
the command line reach it by: the very same module object, so a stand-in for LibreOffice
set on either name (a test's ``find_libreoffice``) is what every caller gets."""

import sys

from tsj_desk.documents import pdf as _documents_pdf

sys.modules[__name__] = _documents_pdf
