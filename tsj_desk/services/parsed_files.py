"""The parsed forms of the files the window previews before an import (it reaches
tsj_desk.importers only through the services)."""

from tsj_desk.importers.readings import ParsedReadings
from tsj_desk.importers.registry import ParsedRegistry, RegistryRow

__all__ = ["ParsedReadings", "ParsedRegistry", "RegistryRow"]
