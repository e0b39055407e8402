"""Which house an owner register loaded from the command line goes into.

With one house (or none yet) there is nothing to choose. With several, ``--house`` says
which; without it, the address the file's title names picks the house whose address
agrees with it. A file that names a house the base does not have, or names none while the
base has several, is refused: its premises are never merged into the first house's.
"""

from __future__ import annotations

from tsj_desk.domain.errors import ValidationFailed


def registry_house(chosen: int | None, title_address: str | None) -> int | None:
    """The house id to import into; None when the base has one house or none."""
    from tsj_desk.services.readings_match import house_of_address, load_houses

    houses = load_houses()
    listing = "; ".join(f"№ {house_id} «{address}»" for house_id, address in houses.items())
    if chosen is not None:
        if chosen not in houses:
            raise ValidationFailed(f"Дома № {chosen} в базе нет. Дома в базе: {listing or 'ни одного'}.")
        return chosen
    if len(houses) < 2:
        return None
    if title_address:
        found = house_of_address(title_address, houses)
        if found is not None:
            return found
        raise ValidationFailed(f"В заголовке файла указан дом «{title_address}», а в базе такого дома нет "
                               f"(дома в базе: {listing}). Укажите дом: --house НОМЕР.")
    raise ValidationFailed(f"В базе несколько домов ({listing}), а в файле адрес дома не указан. "
                           "Укажите дом: --house НОМЕР.")
