"""What each page prints (Ctrl+P): its main document as the page filters it, and the
card of the selected row. A page may list its own by a ``printables()`` method; the
pages without one are described here, reading only what the page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tsj_desk.services.print_sheets import PrintDocument
from ui import clock


@dataclass(frozen=True)
class Printable:
    title: str  # what the preview's list calls it
    build: Callable[[], PrintDocument]


def _journal(page) -> list[Printable]:
    from tsj_desk.services.print_cards import request_card_sheet
    from tsj_desk.services.print_sheets import describe_journal_filter, journal_book

    flt = page.current_filter()
    described = describe_journal_filter(flt)
    result = [Printable("Журнал регистрации обращений" + (" (по отбору)" if described else ""),
                        lambda: journal_book(flt, now=clock.now(), described=described))]
    selected = page.selected_request()
    if selected is not None:
        reg_no = selected.reg_no
        result.append(Printable(f"Карточка обращения № {reg_no}",
                                lambda: request_card_sheet(reg_no, now=clock.now())))
    return result


def _register(page) -> list[Printable]:
    from tsj_desk.services.print_cards import premise_card_sheet
    from tsj_desk.domain.premise_names import premise_text
    from tsj_desk.services.print_sheets import register_sheet

    text = page.filter.text()
    incomplete = page.incomplete_only.isChecked()
    house_id = page.house.house_id()
    filtered = bool(text.strip()) or incomplete
    result = [Printable("Реестр собственников помещений" + (" (по отбору)" if filtered else ""),
                        lambda: register_sheet(text, incomplete_only=incomplete, house_id=house_id,
                                               now=clock.now()))]
    selected = page.selected_premise()
    if selected is not None:
        premise_id = selected.id
        result.append(Printable(f"Карточка помещения: {premise_text(selected.number, selected.kind)}",
                                lambda: premise_card_sheet(premise_id, now=clock.now())))
    return result


def _readings(page) -> list[Printable]:
    from tsj_desk.services.print_cards import period_title, readings_sheet, verification_sheet

    period = page.period()
    house_id = getattr(page, "_house_id", None)
    return [
        Printable(f"Ведомость показаний за {period_title(period)}",
                  lambda: readings_sheet(period, house_id=house_id, now=clock.now())),
        Printable("Счётчики, у которых истекает срок поверки",
                  lambda: verification_sheet(today=clock.today(), now=clock.now())),
    ]


def _summary(page) -> list[Printable]:
    from tsj_desk.services.journal import JournalFilter
    from tsj_desk.services.print_sheets import journal_book

    return [Printable("Журнал регистрации обращений",
                      lambda: journal_book(JournalFilter(), now=clock.now()))]


SOURCES: dict[str, Callable[[object], list[Printable]]] = {
    "journal": _journal,
    "register": _register,
    "readings": _readings,
    "summary": _summary,
}


def printables(window) -> list[Printable]:
    """What the page in front of ``window`` prints, its main document first."""
    key = window.current_key()
    page = window.page(key)
    own = getattr(page, "printables", None)
    if callable(own):
        return list(own())
    source = SOURCES.get(key)
    return source(page) if source is not None else []
