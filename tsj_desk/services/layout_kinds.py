"""The kinds of files whose column layouts are remembered (``column_layouts``), and their
names as the user reads them: kept apart so that a page naming a layout's kind (the
change log) loads none of the file readers."""

from __future__ import annotations

READINGS = "readings"
REGISTRY = "registry"
BALANCES = "balances"  # остатки по лицевым счетам (services.debts)
KINDS = {READINGS: "показания счётчиков", REGISTRY: "реестр собственников",
         BALANCES: "остатки по лицевым счетам"}
