"""The acts page's list, counted, filtered, sorted and paged in SQL.

An ``ActFilter`` holds the words typed (each must occur in what the row shows: the
kind, number, date, request, premise, file name and the owner named in the act, in
any case) and the kind chosen. ``count_acts`` answers by one ``count(*)``,
``list_act_page`` a page of ``ActInfo`` with the request's and premise's numbers
joined in the same query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from tsj_desk.documents.acts import ACT_KINDS
from tsj_desk.domain.text import fold
from tsj_desk.services.act_documents import stored_column
from tsj_desk.services.acts import ActInfo
from tsj_desk.services.sql_fold import contains_any_case
from tsj_desk.storage.models import Act, Premise, Request


@dataclass(frozen=True)
class ActFilter:
    text: str = ""
    kind: str = ""  # a kind code; empty: every kind
    # what the page calls each kind (code → its words), searched with the rest of the row
    kind_words: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


SORT_KEYS = ("kind", "number", "made_at", "reg_no", "premise", "file")


def _kind_words(flt: ActFilter) -> peewee.Node:
    words = {code: flt.kind_words.get(code, spec.title) for code, spec in ACT_KINDS.items()}
    return peewee.Case(Act.kind, list(words.items()), "")


def _file_name() -> peewee.Node:
    """The last part of the stored path (after the last / or \\)."""
    folder = peewee.fn.RTRIM(Act.file_name, peewee.fn.REPLACE(peewee.fn.REPLACE(Act.file_name, "/", ""),
                                                              "\\", ""))
    return peewee.fn.SUBSTR(Act.file_name, peewee.fn.LENGTH(folder) + 1)


def _shown_text(flt: ActFilter) -> peewee.Node:
    parts = [_kind_words(flt), Act.number, peewee.fn.STRFTIME("%d.%m.%Y %H:%M", Act.made_at),
             peewee.fn.COALESCE(Request.reg_no, ""), peewee.fn.COALESCE(Premise.number, ""), _file_name(),
             peewee.fn.COALESCE(peewee.fn.JSON_EXTRACT(Act.fields, "$.owner_name"), "")]
    text = parts[0]
    for part in parts[1:]:
        text = text.concat(" ").concat(part)
    return text


def _filtered(flt: ActFilter, *columns) -> peewee.ModelSelect:
    query = (Act.select(*columns)
             .join(Request, peewee.JOIN.LEFT_OUTER, on=(Act.request == Request.id))
             .switch(Act).join(Premise, peewee.JOIN.LEFT_OUTER, on=(Act.premise == Premise.id)))
    if flt.kind:
        query = query.where(Act.kind == flt.kind)
    words = fold(flt.text).split()
    if words:
        text = _shown_text(flt)
        for word in words:
            query = query.where(contains_any_case(text, word))
    return query


def count_acts(flt: ActFilter) -> int:
    """How many acts ``flt`` selects."""
    return _filtered(flt, peewee.fn.COUNT(Act.id)).scalar() or 0


def _sort_columns(sort: str, flt: ActFilter) -> list:
    if sort == "kind":
        return [_kind_words(flt), Act.made_at]
    if sort == "number":
        return [Act.number, Act.made_at]
    if sort == "reg_no":
        return [Request.reg_no, Act.made_at]
    if sort == "premise":
        return [Premise.sort_key, Act.made_at]
    if sort == "file":
        return [_file_name(), Act.made_at]
    return [Act.made_at]


def list_act_page(flt: ActFilter, *, sort: str = "made_at", descending: bool = True,
                  offset: int = 0, limit: int | None = None) -> list[ActInfo]:
    """One page of the acts ``flt`` selects, in the order of ``sort`` (``SORT_KEYS``)."""
    order = [peewee.Ordering(column, "DESC" if descending else "ASC", nulls="LAST" if descending else "FIRST")
             for column in _sort_columns(sort, flt) + [Act.id]]
    query = _filtered(flt, Act.id, Act.kind, Act.number, Act.made_at, Act.file_name, Act.fields,
                      Request.reg_no, Premise.number, stored_column()).order_by(*order)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [ActInfo(act_id, kind, ACT_KINDS[kind].title if kind in ACT_KINDS else kind, number, made_at,
                    request_no or "", premise_no or "", Path(file_name) if file_name else None,
                    json.loads(fields), bool(stored))
            for act_id, kind, number, made_at, file_name, fields, request_no, premise_no, stored
            in query.tuples()]
