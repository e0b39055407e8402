"""The journal of changes, counted, sorted and paged in SQL.

An ``AuditFilter`` holds the object types chosen (entity codes) and the period.
``count_audit`` answers by one ``count(*)`` on the ``at`` index; ``list_audit_page``
returns one page of ``AuditRow`` in the order of a column: the moment, the user, the
action or the object type (by the names people read, not the codes), the details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from tsj_desk.services.audit import ACTION_LABELS, ENTITY_LABELS, AuditRow
from tsj_desk.storage.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    entities: tuple[str, ...] = ()  # entity codes; empty: every object type
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


SORT_KEYS = ("at", "user", "action", "object", "details")


def _filtered(flt: AuditFilter, *columns) -> peewee.ModelSelect:
    query = AuditEntry.select(*columns)
    if flt.entities:
        query = query.where(AuditEntry.entity.in_(list(flt.entities)))
    if flt.since is not None:
        query = query.where(AuditEntry.at >= flt.since)
    if flt.until is not None:
        query = query.where(AuditEntry.at < flt.until)
    return query


def count_audit(flt: AuditFilter) -> int:
    """How many entries ``flt`` selects."""
    return _filtered(flt, peewee.fn.COUNT(AuditEntry.id)).scalar() or 0


def _by_label(field: peewee.Field, labels: dict[str, str]) -> peewee.Node:
    return peewee.Case(field, list(labels.items()), field)


def _sort_columns(sort: str) -> list:
    if sort == "user":
        return [AuditEntry.user, AuditEntry.at]
    if sort == "action":
        return [_by_label(AuditEntry.action, ACTION_LABELS), AuditEntry.at]
    if sort == "object":
        return [_by_label(AuditEntry.entity, ENTITY_LABELS), AuditEntry.entity_id, AuditEntry.at]
    if sort == "details":
        return [AuditEntry.details, AuditEntry.at]
    return [AuditEntry.at]


def list_audit_page(flt: AuditFilter, *, sort: str = "at", descending: bool = True,
                    offset: int = 0, limit: int | None = None) -> list[AuditRow]:
    """One page of the entries ``flt`` selects, in the order of ``sort`` (``SORT_KEYS``)."""
    order = [peewee.Ordering(column, "DESC" if descending else "ASC", nulls="LAST" if descending else "FIRST")
             for column in _sort_columns(sort) + [AuditEntry.id]]
    query = _filtered(flt, AuditEntry.id, AuditEntry.at, AuditEntry.user, AuditEntry.action,
                      AuditEntry.entity, AuditEntry.entity_id, AuditEntry.details).order_by(*order)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [AuditRow(*row) for row in query.tuples()]
