"""How big a file the base keeps.

50 MB: a scanned letter of a few pages, a phone's photo or video clip of a leak, an
act or a template are far below it (a scan at 300 dpi is 0.3–1 MB a page). Both
engines take a file's value whole into memory — the driver on the PC and, for
PostgreSQL, the server, which sends ``bytea`` as text twice its size — and every
backup of the base carries every file: one value of 50 MB crosses an office network
in a few seconds, while hundreds of megabytes would stall the PC and swell each copy.
"""

from __future__ import annotations

from tsj_desk.domain.text import format_number

MAX_FILE_MB = 50
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024


def size_text(size: int) -> str:
    """«73,4 МБ», «512 КБ», «800 байт»."""
    if size >= 1024 * 1024:
        return f"{format_number(size / (1024 * 1024), 1)} МБ"
    if size >= 1024:
        return f"{format_number(size / 1024, 0)} КБ"
    return f"{size} байт"


def too_big_message(name: str, size: int) -> str:
    return (f"Файл «{name}» слишком большой, чтобы хранить его в базе: {size_text(size)}, "
            f"а допускается не больше {MAX_FILE_MB} МБ. Уменьшите его (например, отсканируйте "
            f"с меньшим разрешением или сохраните только нужные страницы) и добавьте снова.")
