"""The wording every spreadsheet guard refuses a file with (sizes, counts, column letters).

Shared by ``guards`` (zip packages, sheet extents, .xls structures) and ``text_guard``
(the text a workbook's cells expand to), so that both speak alike: each refusal names
the file, says what is wrong with it and what to do.
"""

from __future__ import annotations

from tsj_desk.domain.errors import FileProblem

MiB = 1024 * 1024

# After a refusal for text copied into many cells (text_guard): why it happens, what to do.
TEXT_ADVICE = ("Так бывает, когда один длинный текст повторён в тысячах ячеек (так устроены файлы, "
               "нарочно переполняющие память), или когда таблица очень велика. Если файл настоящий, "
               "откройте его в Excel или LibreOffice, сохраните заново и разделите на несколько "
               "файлов поменьше.")


def size_text(size: int) -> str:
    """«12 МБ», «1,5 ГБ», «300 КБ»: a size the way a user reads it."""
    if size >= 1024 * MiB:
        return f"{size / (1024 * MiB):.1f} ГБ".replace(".", ",")
    if size >= MiB:
        return f"{size // MiB} МБ"
    return f"{max(1, size // 1024)} КБ"


def number_text(number: int) -> str:
    """«1 000 000»: digits grouped by non-breaking spaces."""
    return f"{number:,}".replace(",", "\u00a0")


def column_name(index: int) -> str:
    """Excel's letters of a 0-based column index: 0 → A, 16383 → XFD."""
    letters = ""
    index += 1
    while index > 0 and len(letters) < 8:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters if index == 0 else "…" + letters


def damaged(name: str, detail: str = "") -> FileProblem:
    detail = f" ({detail})" if detail else ""
    return FileProblem(
        f"Файл «{name}» повреждён или не является таблицей Excel/LibreOffice{detail}. "
        "Откройте его в Excel или LibreOffice и сохраните заново."
    )


def refused(name: str, why: str) -> FileProblem:
    return FileProblem(f"Файл «{name}» не загружен: {why}")
