"""``tsj-desk request list`` without ``--json``: the journal as a plain-text table."""

from __future__ import annotations

from collections.abc import Sequence

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.text import counted, format_date, format_datetime, lateness_text

HEADERS = ("№", "Дата поступления", "Заявитель", "Категория", "Срок ответа", "Состояние")
SHRINKABLE = (2, 3)  # applicant and category give up width when the screen is narrow
NARROWEST = 12
GAP = "  "


def _days(days: int) -> str:
    return counted(days, "день", "дня", "дней")


def state_text(row) -> str:
    """«просрочено на 3 дня», «отвечено с опозданием на 35 минут», «срок сегодня»…"""
    late = lateness_text(row.late_by, row.days_late) if row.late_by is not None else _days(row.days_late)
    if row.state is DeadlineStatus.OVERDUE:
        return f"просрочено на {late}"
    if row.state is DeadlineStatus.ANSWERED_LATE:
        return f"отвечено с опозданием на {late}"
    return row.state.label


def cells(row) -> tuple[str, ...]:
    due = format_datetime(row.due_at) if row.due_at else format_date(row.due_date)
    return (row.reg_no, format_datetime(row.received_at), row.applicant, row.category_label,
            due, state_text(row))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def render(rows: Sequence, width: int | None = None) -> list[str]:
    """The lines of the table; ``width``: the screen's, the text columns cut to fit it."""
    if not rows:
        return ["Обращений нет."]
    table = [tuple(" ".join(cell.split()) for cell in cells(row)) for row in rows]
    widths = [max(len(HEADERS[i]), *(len(line[i]) for line in table)) for i in range(len(HEADERS))]
    if width is not None:
        excess = sum(widths) + len(GAP) * (len(widths) - 1) - width
        while excess > 0:
            widest = max(SHRINKABLE, key=lambda i: widths[i])
            if widths[widest] <= NARROWEST:
                break
            widths[widest] -= 1
            excess -= 1
    lines = [GAP.join(h.ljust(w) for h, w in zip(HEADERS, widths)).rstrip(),
             GAP.join("─" * w for w in widths)]
    for line in table:
        lines.append(GAP.join(_cut(cell, w).ljust(w) for cell, w in zip(line, widths)).rstrip())
    lines.append(f"Всего: {counted(len(rows), 'обращение', 'обращения', 'обращений')}.")
    return lines
