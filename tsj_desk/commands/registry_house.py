"""Which house an owner register loaded from the command line goes into.

The rule is the window's too: ``tsj_desk.services.registry_house``. With several houses
``--house`` says which; without it, the address the file's title names picks the house.
A file that names a house the base does not have, or names none while the base has
several, is refused (exit 2): its premises are never merged into the first house's.
"""

from __future__ import annotations

from tsj_desk.services.registry_house import registry_house

__all__ = ["registry_house"]
