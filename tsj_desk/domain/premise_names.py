"""How a premise is named in letters, notices and lists: a flat «кв. 12», a
non-residential premise «пом. Н-1», a parking space «м/м 3»; with the house,
«г. Коломна, ул. Лесная, д. 5, кв. 12». One rule for every document the office sends."""

from __future__ import annotations

from tsj_desk.domain.premises import PremiseKind

_WORDS = {PremiseKind.FLAT: "кв.", PremiseKind.NON_RESIDENTIAL: "пом.", PremiseKind.PARKING: "м/м"}


def premise_text(number: str, kind: PremiseKind | str | None = None, *, space: str = " ") -> str:
    """«кв. 12», «пом. Н1», «м/м 3»; an empty number stays empty. ``space`` between the
    word and the number (a no-break space in a letter keeps «кв. 12» on one line)."""
    if not number:
        return ""
    kind = PremiseKind(kind) if kind else PremiseKind.FLAT
    return f"{_WORDS[kind]}{space}{number}"


def premise_address(house_address: str, number: str, kind: PremiseKind | str | None = None, *,
                    space: str = " ") -> str:
    """«г. Коломна, ул. Лесная, д. 5, кв. 12»; the premise alone when the house has no address."""
    return ", ".join(p for p in (house_address, premise_text(number, kind, space=space)) if p)
