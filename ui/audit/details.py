"""Audit entries in words: the object an entry is about and its details, in Russian.

The core stores details as JSON with English keys and raw values (ISO dates, status
codes, record ids); here they become «дата: 01.12.2026; было: В работе; стало: Ответ
дан». Record ids are replaced by names the service looked up (``object_names``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from tsj_desk.services.act_kinds import ACT_KINDS
from tsj_desk.domain.journal import RESULT_LABELS, STATUS_LABELS
from tsj_desk.domain.meters import RESOURCE_LABELS
from tsj_desk.domain.text import fold, format_datetime
from tsj_desk.services.audit import ACTION_LABELS, ENTITY_LABELS, AuditRow
from tsj_desk.services.layout_kinds import KINDS as LAYOUT_KINDS

Names = dict[tuple[str, int], str]

# The label of each detail key; "" shows the value alone.
KEY_LABELS = {
    "file": "файл", "rows": "строк", "premises_created": "новых помещений",
    "persons_created": "новых лиц", "ownerships_created": "новых записей о собственности",
    "ownerships_updated": "изменено записей о собственности", "premise": "помещение",
    "owner": "собственник", "share": "доля", "name": "", "before": "было", "after": "стало",
    "on": "дата", "closed": "право прекращено", "opened": "право возникло", "reg_no": "рег. №",
    "category": "категория", "at": "время", "act_on": "дата акта", "result": "результат",
    "satisfaction": "оценка заявителя", "day": "день", "working": "", "note": "примечание",
    "code": "категория", "resource": "ресурс", "floor": "нижний порог", "ceiling": "верхний порог",
    "meters_created": "новых счётчиков", "readings": "удалено показаний", "serial": "заводской №",
    "new_meter": "новый счётчик", "period": "период", "count": "показаний", "kind": "вид",
    "number": "№", "request": "обращение", "requested_by": "кому", "removed": "удалены",
    "made_at": "копия от", "other_base": "копия другой базы", "saved_as": "прежнее состояние в копии",
    "disclosures_carried": "перенесено записей о выдаче реестра",
    "gis_number": "№ в ГИС ЖКХ", "tariffs": "тарифов", "model": "модель", "place": "место установки",
    "installed_on": "установлен", "verified_on": "поверен", "interval_years": "интервал поверки, лет",
    "next_verification": "следующая поверка", "digits": "разрядность", "initial_t1": "начальное Т1",
    "initial_t2": "начальное Т2", "initial_t3": "начальное Т3", "archived_on": "снят",
    "final": "конечное показание", "house": "дом",
    "reason": "причина", "role": "роль", "password": "пароль задан", "mapping": "столбцы",
    "meter": "счётчик", "values": "показания", "previous": "прежние показания", "transfer": "переход права",
    "channel": "как получена", "comment": "комментарий", "starts": "начало",
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class AuditLine:
    """One entry as the page shows it."""

    id: int
    at: datetime
    user: str
    action: str  # raw code, for tests and filters
    entity: str
    action_text: str
    object_text: str
    details_text: str
    search_key: str  # everything shown, folded for search as you type


def parse_details(raw: str) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {"": raw}
    return value if isinstance(value, dict) else {"": value}


def format_value(value: object) -> str:
    """A raw JSON value in the way Russian offices write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (int, float)):
        return str(value).replace(".", ",")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(part for key, item in value.items() if (part := _pair(key, item)))
    text = str(value)
    if _DATE.match(text):
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    if _DATETIME.match(text):
        try:
            return format_datetime(datetime.fromisoformat(text))
        except ValueError:
            return text
    if period := _PERIOD.match(text):
        return f"{period[2]}.{period[1]}"
    return text


def _pair(key: str, value: object) -> str:
    shown = format_value(value)
    if not shown:
        return ""
    label = KEY_LABELS.get(key, key)
    return f"{label}: {shown}" if label else shown


def _named(kind: str, value: object, names: Names) -> object:
    """Record ids replaced by names (a name missing: the record is gone, keep «№ id»)."""
    if isinstance(value, list):
        return [_named(kind, v, names) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return names.get((kind, value), f"№ {value}")
    return value


def _translate(row: AuditRow, details: dict, names: Names, categories: dict[str, str]) -> dict:
    """Codes and ids of the details replaced by what people call them."""
    out = dict(details)
    if row.action in ("status", "void"):  # a voided request: «было: Зарегистрировано»
        for key in ("before", "after"):
            if key in out:
                out[key] = _label(STATUS_LABELS, out[key])
    if "result" in out:
        out["result"] = _label(RESULT_LABELS, out["result"])
    if "resource" in out:
        out["resource"] = _label(RESOURCE_LABELS, out["resource"])
    for key in ("category", "code"):
        if isinstance(out.get(key), str):
            out[key] = categories.get(out[key], out[key])
    if "kind" in out:
        out["kind"] = kind_text(row.entity, out["kind"])
    if "working" in out:
        out["working"] = "рабочий день" if out["working"] else "нерабочий день"
    if isinstance(out.get("satisfaction"), int):
        out["satisfaction"] = f"{out['satisfaction']} из 5"
    for key in ("closed", "opened"):
        if key in out:
            out[key] = _named("ownership", out[key], names)
    if "serial" in out:
        out.pop("meter", None)  # the meter's id beside its serial says nothing more
    for key in ("new_meter", "meter"):
        if key in out:
            out[key] = _named("meter", out[key], names)
    return out


def kind_text(entity: str, code: object) -> object:
    """The «вид» of an act or a remembered layout in words: «акт о причинении ущерба»."""
    if not isinstance(code, str):
        return code
    if entity == "act" and code in ACT_KINDS:
        title = ACT_KINDS[code].file_title or ACT_KINDS[code].title
        return title[:1].lower() + title[1:]
    if entity == "column_layout":
        return LAYOUT_KINDS.get(code, code)
    return code


def _label(labels: dict, code: object) -> object:
    return labels.get(code, code) if isinstance(code, str) else code


def _object(row: AuditRow, details: dict, names: Names) -> tuple[str, tuple[str, ...]]:
    """The object column and the detail keys it already shows."""
    entity = ENTITY_LABELS.get(row.entity, row.entity)
    named = names.get((row.entity, row.entity_id)) if row.entity_id is not None else None
    if row.entity == "request":
        number = named or details.get("reg_no") or (f"№ {row.entity_id}" if row.entity_id else "")
        return f"{entity} {number}".strip(), ("reg_no",)
    if row.entity == "premise" and details.get("premise"):
        return f"{entity} {details['premise']}", ("premise",)
    if row.entity == "ownership" and details.get("premise"):
        return f"{entity}, пом. {details['premise']}", ("premise",)
    if row.entity == "meter":
        serial = named or details.get("serial")
        return (f"{entity} {serial}", ("serial",)) if serial else (entity, ())
    if row.entity == "act":
        number = named or details.get("number")
        return (f"{entity} № {number}", ("number",)) if number else (entity, ())
    if row.entity == "category":
        return (f"{entity}: {named}", ("code",)) if named else (entity, ())
    if row.entity == "calendar" and details.get("day"):
        return f"{entity}: {format_value(details['day'])}", ("day",)
    if row.entity == "thresholds" and details.get("resource"):
        return f"{entity}: {format_value(_label(RESOURCE_LABELS, details['resource']))}", ("resource",)
    return entity, ()


def describe_entry(row: AuditRow, names: Names | None = None,
                   categories: dict[str, str] | None = None) -> AuditLine:
    names = names or {}
    details = parse_details(row.details)
    object_text, shown = _object(row, details, names)
    translated = _translate(row, details, names, categories or {})
    details_text = "; ".join(part for key, value in translated.items()
                             if key not in shown and (part := _pair(key, value)))
    if row.action == "call":  # a call of a campaign: as the owner's card says it
        from tsj_desk.services.call_results import call_note_text

        details_text = call_note_text(details)
    action_text = ACTION_LABELS.get(row.action, row.action)
    when = format_datetime(row.at)
    search = fold(" ".join((when, row.user, action_text, object_text, details_text)))
    return AuditLine(row.id, row.at, row.user, row.action, row.entity, action_text, object_text,
                     details_text, search)


def entity_choices() -> list[tuple[str, tuple[str, ...]]]:
    """The object types of the filter: each label once, with every entity code it stands for."""
    choices: dict[str, list[str]] = {}
    for code, label in ENTITY_LABELS.items():
        choices.setdefault(label, []).append(code)
    return [(label[:1].upper() + label[1:], tuple(codes)) for label, codes in choices.items()]
