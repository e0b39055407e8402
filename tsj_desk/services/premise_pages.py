"""The register page's premises, counted, filtered, sorted and paged in SQL.

``count_premise_rows`` and ``list_premise_rows`` take a ``PremiseFilter`` (the text
typed, «only with shares not fully distributed», the house) and answer from the
database: the count by one ``count(*)``, the rows a page at a time with the current
owners of that page's premises only. The text is folded in Python (SQLite folds
ASCII only) and matched against the stored folded search keys of premises and of
their current owners.

Each row names its house (its address, as the «Дом» choice names it), read in the same
query as the page; «Дом» sorts the houses in the natural order of their addresses
(«д. 2» before «д. 10»), then the premises by number.

Whether a premise's shares are distributed is decided in SQL for the filter and the
sort (the sum of the open shares, a joint holding once, as a real number below 1) and
exactly (``Fraction``) for the flag shown on its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import peewee

from tsj_desk.domain.premises import PremiseKind, premise_sort_key
from tsj_desk.domain.shares import ShareHolding, format_share, total_share
from tsj_desk.domain.text import fold
from tsj_desk.services.sql_fold import contains
from tsj_desk.storage.models import House, Ownership, Person, Premise


@dataclass(frozen=True)
class PremiseFilter:
    text: str = ""
    incomplete_only: bool = False
    house_id: int | None = None


# The premises whose open shares add up to less than 1 (a joint holding counts once;
# a premise without owners is among them). Real numbers: 1/3 + 1/3 + 1/3 is 1 within
# far less than the margin, and no share has a denominator near a billion.
_INCOMPLETE = peewee.SQL(
    '(SELECT p."id" FROM "premise" AS p LEFT JOIN ('
    ' SELECT h."premise_id" AS premise_id, SUM(h.part) AS total FROM ('
    '  SELECT o."premise_id" AS premise_id, CAST(o."share_num" AS REAL) / o."share_den" AS part'
    '  FROM "ownership" AS o WHERE o."valid_to" IS NULL'
    "  GROUP BY o.\"premise_id\", COALESCE(o.\"joint_group\", '#' || o.\"id\")) AS h"
    ' GROUP BY h."premise_id") AS t ON t.premise_id = p."id"'
    " WHERE COALESCE(t.total, 0) < 0.999999999)")


def _incomplete() -> peewee.Expression:
    return Premise.id.in_(_INCOMPLETE)


def _owners_key() -> peewee.Select:
    """The folded names of the current owners of the outer query's premise, in the
    order they were entered: what «Собственники» sorts by (Cyrillic in alphabet order)."""
    owner = Ownership.alias()
    person = Person.alias()
    return (owner.select(peewee.fn.GROUP_CONCAT(person.search_key, "; "))
            .join(person, on=(owner.person == person.id))
            .where((owner.premise == Premise.id) & owner.valid_to.is_null()))


def _shares_key() -> peewee.Select:
    owner = Ownership.alias()
    return (owner.select(peewee.fn.GROUP_CONCAT(
        owner.share_num.cast("TEXT").concat("/").concat(owner.share_den.cast("TEXT")), "; "))
        .where((owner.premise == Premise.id) & owner.valid_to.is_null()))


# the kinds in the order of their labels, as a person reads the column
_KIND_ORDER = peewee.Case(Premise.kind, [(k.value, n) for n, k in enumerate(
    sorted(PremiseKind, key=lambda k: k.label))], len(PremiseKind))

SORT_KEYS = ("number", "kind", "area", "owners", "shares", "account", "incomplete", "house")


def _house_order() -> peewee.Node:
    """Each house's place in the natural order of the addresses (the houses are a few
    dozen at most: ranked here, the premises sorted by it in SQL, as the kinds are)."""
    addresses = House.select(House.id, House.address).tuples()
    ranked = sorted(addresses, key=lambda h: (premise_sort_key(h[1]), h[0]))
    if not ranked:
        return Premise.house
    return peewee.Case(Premise.house, [(house_id, n) for n, (house_id, _) in enumerate(ranked)], len(ranked))


def _sort_columns(sort: str) -> list:
    if sort == "house":
        return [_house_order(), Premise.sort_key]
    if sort == "kind":
        return [_KIND_ORDER, Premise.sort_key]
    if sort == "area":
        return [Premise.area, Premise.sort_key]
    if sort == "owners":
        return [_owners_key(), Premise.sort_key]
    if sort == "shares":
        return [_shares_key(), Premise.sort_key]
    if sort == "account":
        return [Premise.account, Premise.sort_key]
    if sort == "incomplete":
        return [_incomplete(), Premise.sort_key]
    return [Premise.sort_key]  # natural order of numbers: 2 before 10, flats before Н1


def _filtered(flt: PremiseFilter) -> peewee.ModelSelect:
    query = Premise.select()
    if flt.house_id is not None:
        query = query.where(Premise.house == flt.house_id)
    if needle := fold(flt.text):
        owner_match = (Ownership.select(Ownership.premise).join(Person)
                       .where(Ownership.valid_to.is_null(), contains(Person.search_key, needle)))
        query = query.where(contains(Premise.search_key, needle) | Premise.id.in_(owner_match))
    if flt.incomplete_only:
        query = query.where(_incomplete())
    return query


def count_premise_rows(flt: PremiseFilter) -> int:
    """How many premises ``flt`` selects."""
    return _filtered(flt).select(peewee.fn.COUNT(Premise.id)).scalar() or 0


def list_premise_rows(flt: PremiseFilter, *, sort: str = "number", descending: bool = False,
                      offset: int = 0, limit: int | None = None) -> list:
    """One page of the premises ``flt`` selects, in the order of ``sort`` (a key of
    ``SORT_KEYS``), with their house's address, current owners and shares."""
    from tsj_desk.services.registry_browse import PremiseSummary

    order = []
    for column in _sort_columns(sort) + [Premise.id]:
        # empty values first when ascending and last when descending, as SQLite has it
        order.append(peewee.Ordering(column, "DESC" if descending else "ASC",
                                     nulls="LAST" if descending else "FIRST"))
    query = (_filtered(flt)
             .select(Premise.id, Premise.number, Premise.kind, Premise.area, Premise.account, House.address)
             .join(House, on=(Premise.house == House.id))
             .order_by(*order))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    premises = _as_stored(query)
    owners: dict[int, list[tuple[str, int, int, str | None]]] = {}
    ids = [p[0] for p in premises]
    for start in range(0, len(ids), 500):  # SQLite's limit of bound values, with room to spare
        current = (Ownership.select(Ownership.premise, Ownership.share_num, Ownership.share_den,
                                    Ownership.joint_group, Person.name)
                   .join(Person)
                   .where(Ownership.valid_to.is_null(), Ownership.premise.in_(ids[start:start + 500]))
                   .order_by(Ownership.id))
        for premise_id, num, den, group, name in _as_stored(current):
            owners.setdefault(premise_id, []).append((name, num, den, group))
    shares = _Shares()
    area = Premise.area.python_value
    rows = []
    for premise_id, number, kind, stored_area, account, house in premises:
        held = owners.get(premise_id, ())
        rows.append(PremiseSummary(
            id=premise_id, number=number, kind=PremiseKind(kind), area=area(stored_area), account=account,
            owners="; ".join(h[0] for h in held),
            shares="; ".join(shares.text(num, den, group) for _, num, den, group in held),
            incomplete=shares.incomplete(held), house=house,
        ))
    return rows


def _as_stored(query: peewee.Select) -> list[tuple]:
    """The rows of ``query`` as the driver gives them (a page is a few hundred rows:
    the field-by-field conversion of a model query cost as much as the query)."""
    sql, params = query.sql()
    return Premise._meta.database.execute_sql(sql, params).fetchall()


class _Shares:
    """Shares written and added up once per page: most premises hold 1 or ½ + ½."""

    def __init__(self):
        self._texts: dict[tuple[int, int, bool], str] = {}
        self._below_one: dict[tuple, bool] = {}

    def text(self, num: int, den: int, group: str | None) -> str:
        key = (num, den, group is not None)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = format_share(Fraction(num, den), group is not None)
        return found

    def incomplete(self, held) -> bool:
        """The open shares add up to less than 1 (a joint holding once): ``total_share``."""
        key = tuple((num, den, group) for _, num, den, group in held)
        found = self._below_one.get(key)
        if found is None:
            found = self._below_one[key] = total_share(
                [ShareHolding(Fraction(num, den), group) for num, den, group in key]) < 1
        return found


def premise_numbers(house_id: int | None = None) -> list[str]:
    """The numbers of the premises, in natural order, once each (a completer's list)."""
    query = Premise.select(Premise.number).order_by(Premise.sort_key, Premise.id)
    if house_id is not None:
        query = query.where(Premise.house == house_id)
    seen: dict[str, None] = {}
    for (number,) in query.tuples():
        seen.setdefault(number, None)
    return list(seen)
