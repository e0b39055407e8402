"""The visit campaign from an announcement of a specialist's visit
(``services.announcements``): its premises, its day, its work and hours as what to say."""

from __future__ import annotations

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.services.call_lists import CallList, _premise_rows, _premises


def visit_announcements() -> list:
    """The announcements of a specialist's visit, the latest first (``AnnouncementRow``)."""
    from tsj_desk.domain.announcements import VISIT
    from tsj_desk.services.announcements import list_announcements

    return [row for row in list_announcements() if row.kind == VISIT]


def announced_visit_list(announcement_id: int) -> CallList:
    from tsj_desk.domain.announcements import VISIT
    from tsj_desk.services.announcement_visits import visit_premises_of
    from tsj_desk.services.announcements import get_announcement, title_of, when_of

    row = get_announcement(announcement_id)
    if row.kind != VISIT:
        raise ValidationFailed(f"Объявление № {announcement_id} — не о визите специалиста: "
                               "обзвон по визиту делается по объявлению о визите.")
    entrances = [e.strip() for e in row.entrances.split(",") if e.strip()]
    chosen = visit_premises_of(row.house_id, entrances, row.premises)
    found = _premises(ids=[p.id for p in chosen])
    what = f"{title_of(row)}, {when_of(row)}: нужен доступ в помещение"
    day = row.starts_at.date()
    return _premise_rows(CallList("visit"), [found[p.id] for p in chosen if p.id in found],
                         due=lambda p: day, ask=lambda p: what)
