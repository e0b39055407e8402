"""Which house an owner register goes into: one rule for the command line and the window.

With one house (or none yet) there is nothing to choose. With several, the address the
file's title names picks the house whose address agrees with it; a title naming a house
the base does not have, or naming none, leaves the choice to the user (``--house`` on the
command line, the list of houses in the window). A register is never merged into the
first house because it came first.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsj_desk.domain.errors import ValidationFailed


@dataclass(frozen=True)
class HouseChoice:
    houses: dict[int, str]  # every house of the base, id → address, in the order added
    named: str | None  # the address the file's title names
    house_id: int | None  # the house the register goes to unless the user says otherwise

    @property
    def several(self) -> bool:
        return len(self.houses) > 1

    @property
    def named_missing(self) -> bool:
        """The title names a house the base does not have (only said with several houses)."""
        return self.several and bool(self.named) and self.house_id is None

    def listing(self) -> str:
        return "; ".join(f"№ {house_id} «{address}»" for house_id, address in self.houses.items())

    def problem(self) -> str | None:
        """Why the house must be picked by hand; None when the choice is made."""
        if self.house_id is not None or not self.several:
            return None
        if self.named:
            return (f"В заголовке файла указан дом «{self.named}», а в базе такого дома нет "
                    f"(дома в базе: {self.listing()}).")
        return f"В базе несколько домов ({self.listing()}), а в файле адрес дома не указан."


def house_choice(title_address: str | None) -> HouseChoice:
    """The houses of the base and the one the file's title names (the only one when the
    base has one house; None when the base has none, or several and the title names none
    of them)."""
    from tsj_desk.services.readings_match import house_of_address, load_houses

    houses = load_houses()
    if len(houses) == 1:
        return HouseChoice(houses, title_address or None, next(iter(houses)))
    found = house_of_address(title_address, houses) if title_address and houses else None
    return HouseChoice(houses, title_address or None, found)


def registry_house(chosen: int | None, title_address: str | None) -> int | None:
    """The house id to import into (``chosen`` is the one the user named); None when the
    base has no house yet. ``ValidationFailed`` when the base has several and neither the
    user nor the title says which."""
    choice = house_choice(title_address)
    if chosen is not None:
        if chosen not in choice.houses:
            raise ValidationFailed(f"Дома № {chosen} в базе нет. "
                                   f"Дома в базе: {choice.listing() or 'ни одного'}.")
        return chosen
    problem = choice.problem()
    if problem is not None:
        raise ValidationFailed(f"{problem} Укажите дом: --house НОМЕР.")
    return choice.house_id


def register_address_offer(choice: HouseChoice, house_id: int | None):
    """The offer to write the title's address to house ``house_id``, or None.

    With several houses it is made only to a house without an address: a house that has
    one keeps it (the title may name another house of the base). With one house, as
    before: offered, unticked when it would replace the house's address."""
    from tsj_desk.services.organization import address_offer

    if choice.several and house_id is None:
        return None
    offer = address_offer(choice.named, house_id)
    if offer is not None and choice.several and offer.current is not None:
        return None
    return offer
