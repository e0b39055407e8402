"""Column layouts: which column of a file is which field, said once by the user.

Files made by other systems name their columns in ways no synonym list foresees. The
user maps such a header cell to a field (or to «не используется») in the import
preview or with ``--map``; when the import with that mapping is written, the mapping is
remembered for files whose header row looks the same (its non-empty cells, normalised,
in order) and applied again without asking. A check without writing (``--dry-run``, the
preview) remembers nothing: only a mapping that an import has used is kept. The
settings page lists the remembered layouts and forgets one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import peewee

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.text import format_date, header_key
from tsj_desk.importers.headers import Column, HeaderMatch, HeaderNotFound, Mapping, Signature
from tsj_desk.services import audit
from tsj_desk.services.layout_kinds import BALANCES, KINDS, READINGS, REGISTRY
from tsj_desk.storage.database import database
from tsj_desk.storage.models import ColumnLayout

NOT_USED = "не используется"
__all__ = [  # HeaderNotFound: the window offers the mapping step when the preview fails with it
    "BALANCES", "KINDS", "NOT_USED", "READINGS", "REGISTRY", "FieldInfo", "HeaderNotFound", "LayoutInfo",
    "applied_text",
    "field_label", "fields", "fields_listing", "forget", "layouts", "layouts_or_none", "list_layouts",
    "parse_map_options", "remember", "remembered", "unknown_headers"]

# each kind's columns, from the module of its file reader (loaded when first asked for:
# an import of readings loads neither the register's nor the balances' reader)
_COLUMNS = {READINGS: ("tsj_desk.importers.readings", "READING_COLUMNS"),
            REGISTRY: ("tsj_desk.importers.registry", "REGISTRY_COLUMNS"),
            BALANCES: ("tsj_desk.importers.balances", "BALANCE_COLUMNS")}
# a readings file needs a meter number (its own or the ГИС ЖКХ one) and a reading;
# a balances file, an account or a premise number (and the debt)
_EITHER = {READINGS: {"serial": "gis", "gis": "serial"}, BALANCES: {"account": "premise", "premise": "account"}}


@dataclass(frozen=True)
class FieldInfo:
    key: str
    label: str  # Russian, as the preview and --list-fields show it
    required: bool
    either: str | None = None  # required unless this other field is there


@dataclass(frozen=True)
class LayoutInfo:
    id: int
    kind: str
    kind_label: str  # «реестр собственников», «показания счётчиков»
    headers: tuple[str, ...]  # the header row it is for, as the file wrote it
    keys: tuple[str, ...]  # the same, normalised (what the mapping names)
    mapping: Mapping
    file_name: str
    saved_at: datetime

    def choices_text(self) -> str:
        """«квартира собственника» — № помещения; «часть в праве» — не используется."""
        shown = dict(zip(self.keys, self.headers))
        return "; ".join(f"«{shown.get(key, key)}» — {field_label(self.kind, target)}"
                         for key, target in self.mapping.items())


def fields(kind: str) -> list[FieldInfo]:
    """The fields a file of this importer may have, in the order the program knows them."""
    either = _EITHER.get(kind, {})
    columns = _columns(kind)
    result = []
    for column in columns:
        required = column.required or (kind == READINGS and column.key == "t1") or column.key in either
        result.append(FieldInfo(column.key, column.label, required, either.get(column.key)))
    return result


def field_label(kind: str, key: str | None) -> str:
    if not key:
        return NOT_USED
    return next((f.label for f in fields(kind) if f.key == key), key)


def _columns(kind: str) -> list[Column]:
    if kind not in _COLUMNS:
        raise ValueError(f"unknown importer kind {kind!r}")
    from importlib import import_module

    module, name = _COLUMNS[kind]
    return getattr(import_module(module), name)


def parse_map_options(kind: str, options: list[str]) -> Mapping:
    """``--map "Заголовок в файле=field"`` options → a mapping; a clear Russian error for
    an unknown field, a missing «=», an empty header or one header given twice."""
    known = {f.key for f in fields(kind)}
    mapping: Mapping = {}
    targets: dict[str, str] = {}
    for option in options:
        header, sep, target = option.rpartition("=")
        header, target = header.strip(), target.strip()
        if not sep or not header:
            raise ValidationFailed(f"--map «{option}»: ожидается «Заголовок в файле=поле», "
                                   "например --map \"Квартира собственника=premise\".")
        if target in ("-", NOT_USED):
            target = ""
        if target and target not in known:
            raise ValidationFailed(f"--map «{option}»: поля «{target}» нет. Поля: "
                                   f"{', '.join(sorted(known))} (или «-» — не используется); "
                                   f"описание — {_list_command(kind)} --list-fields.")
        key = header_key(header)
        if not key:
            raise ValidationFailed(f"--map «{option}»: в заголовке нет ни буквы, ни цифры.")
        if key in mapping:
            raise ValidationFailed(f"--map: столбец «{header}» указан дважды.")
        if target and target in targets:
            raise ValidationFailed(f"--map: поле {target} указано для двух столбцов: "
                                   f"«{targets[target]}» и «{header}».")
        mapping[key] = target
        if target:
            targets[target] = header
    return mapping


def _list_command(kind: str) -> str:
    return "tsj-desk import-readings" if kind == READINGS else "tsj-desk import-registry"


def unknown_headers(mapping: Mapping, cells: list) -> list[str]:
    """The mapped headers that are not among the header cells (``HeaderCell``) of the file."""
    present = {k for cell in cells for k in (cell.key, *cell.alternatives)}
    return [header for header in mapping if header not in present]


def fields_listing(kind: str) -> str:
    """What ``--list-fields`` prints: one field a line, its label and whether it is required."""
    lines = []
    labels = {f.key: f.label for f in fields(kind)}
    for info in fields(kind):
        note = ""
        if info.either:
            note = f"  (обязательно, если нет {info.either} — «{labels[info.either]}»)"
        elif info.required:
            note = "  (обязательно)"
        lines.append(f"{info.key:<18} {info.label}{note}")
    lines.append(f"{'-':<18} {NOT_USED}")
    return "\n".join(lines)


# ---------------------------------------------------------------- remembered layouts


def _signature_text(signature: Signature) -> str:
    return json.dumps(list(signature), ensure_ascii=False)


def layouts(kind: str) -> dict[Signature, Mapping]:
    """Every layout remembered for this importer, by the header row it is for."""
    _columns(kind)
    found: dict[Signature, Mapping] = {}
    for signature, mapping in (ColumnLayout.select(ColumnLayout.signature, ColumnLayout.mapping)
                               .where(ColumnLayout.kind == kind).tuples()):
        try:
            found[tuple(json.loads(signature))] = dict(json.loads(mapping))
        except (ValueError, TypeError):
            continue  # a damaged row is skipped, not a failed import
    return found


def remembered(kind: str, signature: Signature) -> Mapping | None:
    return layouts(kind).get(tuple(signature))


def remember(kind: str, header: HeaderMatch, *, file_name: str, now: datetime) -> int | None:
    """Keep the mapping the header was read with, for files with this header row; call
    inside the import's transaction. Nothing is kept when no mapping was given."""
    _columns(kind)
    used = header.used_mapping()
    if not header.explicit or not used:
        return None
    signature = _signature_text(header.signature)
    text = json.dumps(used, ensure_ascii=False)
    headers = json.dumps([cell.text for cell in header.cells], ensure_ascii=False)
    existing = ColumnLayout.get_or_none((ColumnLayout.kind == kind) & (ColumnLayout.signature == signature))
    if existing is not None:
        if existing.mapping == text:
            return existing.id
        existing.mapping, existing.headers = text, headers
        existing.file_name, existing.saved_at = file_name, now
        existing.save()
        layout_id = existing.id
    else:
        layout_id = ColumnLayout.create(kind=kind, signature=signature, headers=headers, mapping=text,
                                        file_name=file_name, saved_at=now).id
    audit.record("remember", "column_layout", layout_id, now=now, kind=kind, file=file_name, mapping=used)
    return layout_id


def _info(row: ColumnLayout) -> LayoutInfo:
    try:
        keys = tuple(json.loads(row.signature))
        headers = tuple(json.loads(row.headers or "[]"))
        mapping = dict(json.loads(row.mapping))
    except (ValueError, TypeError):
        keys, headers, mapping = (), (), {}
    if len(headers) != len(keys):
        headers = keys
    return LayoutInfo(row.id, row.kind, KINDS.get(row.kind, row.kind), headers, keys, mapping,
                      row.file_name or "", row.saved_at)


def list_layouts() -> list[LayoutInfo]:
    """Every remembered layout, the newest first."""
    return [_info(row) for row in ColumnLayout.select().order_by(ColumnLayout.saved_at.desc(),
                                                                 ColumnLayout.id.desc())]


def forget(layout_id: int, *, now: datetime) -> None:
    """Forget one layout: files with that header row are read by the synonyms again."""
    with database.atomic():
        row = ColumnLayout.get_or_none(ColumnLayout.id == layout_id)
        if row is None:
            raise NotFound("Такой раскладки столбцов нет: возможно, её уже забыли.")
        info = _info(row)
        row.delete_instance()
        audit.record("forget", "column_layout", layout_id, now=now, kind=info.kind, file=info.file_name)


def applied_text(kind: str, header: HeaderMatch | None) -> str | None:
    """«Раскладка запомнена: …» when a remembered layout was applied to the file."""
    if header is None or not header.remembered:
        return None
    saved = ColumnLayout.get_or_none((ColumnLayout.kind == kind)
                                     & (ColumnLayout.signature == _signature_text(header.signature)))
    when = f" (сохранена {format_date(saved.saved_at.date())})" if saved is not None else ""
    shown: dict[str, str] = {}
    for cell in header.cells:  # a two-row header's cell may be named by its lower or upper text
        for key in (cell.key, *cell.alternatives):
            shown.setdefault(key, cell.text)
    parts = "; ".join(f"«{shown.get(key, key)}» — {field_label(kind, target)}"
                      for key, target in header.used_mapping().items())
    return f"Раскладка запомнена: {parts}{when}."


def layouts_or_none(kind: str, mapping: Mapping | None) -> dict[Signature, Mapping] | None:
    """The remembered layouts to try, unless the caller gives a mapping of its own."""
    if mapping is not None:
        return None
    try:
        return layouts(kind) or None
    except peewee.DatabaseError:  # no base open (a preview before any base): nothing remembered
        return None
