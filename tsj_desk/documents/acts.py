"""The three acts of ``reference/legal-ru.md`` §3 as .docx from templates.

Each kind names its template and the fields the template may use (the syntax and
the spelling of names are in ``tsj_desk.documents.templates``). A field without a
value prints as a line for handwriting: an act is a paper form to be signed.

Context of every act (plain values; dates may be ``date``/``datetime``/``time``):

* ``act_no`` (``YYYY-NNN``), ``city``, ``act_date``, ``act_time``;
* ``org_name``; its representative ``rep_name``, ``rep_position``, ``rep_acting``
  («действующий» or «действующая», by the representative's gender; «действующий» when
  the context has none) and ``rep_basis`` («… на основании …»: «Устава», «доверенности
  № 5 от 01.02.2026»);
* ``witnesses`` (Ф. И. О., as one text), ``owner_name``, ``premise_no``,
  ``address`` (of the house), ``request_no``, ``request_received``, ``copies``;
* ``culprit`` (damage: who caused it — Ф. И. О., помещение);
* ``participants``: items with ``role`` and ``name``: the participants other than the
  representative, the owner, the culprit and the witnesses; the signature table is
  made of all of them, each once (``act_people.signers``);
* ``refusal_name``, ``refusal_reason``, ``refusal_witness1``, ``refusal_witness2``;
* ``notes`` (особое мнение, дополнительные сведения);
* and the kind's own fields, ``ActKind.own_fields``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tsj_desk.documents.act_people import city_name, signers
from tsj_desk.documents.templates import LINE, find_template, render_template
from tsj_desk.domain.errors import ValidationFailed


@dataclass(frozen=True)
class ActField:
    """A field the act dialog asks for: name, Russian label, several lines or one."""

    name: str
    label: str
    multiline: bool = False
    blank_lines: int = 1  # lines for handwriting when empty, for a multi-line field


COMMON_FIELDS: tuple[ActField, ...] = (
    ActField("act_no", "Номер акта"),
    ActField("city", "Город"),
    ActField("act_date", "Дата составления"),
    ActField("act_time", "Время составления"),
    ActField("org_name", "Исполнитель (организация)"),
    ActField("rep_name", "Представитель исполнителя: Ф. И. О."),
    ActField("rep_position", "Представитель исполнителя: должность"),
    ActField("rep_acting", "Представитель исполнителя: действующий / действующая"),
    ActField("rep_basis", "Действующий на основании"),
    ActField("witnesses", "В присутствии (Ф. И. О.)"),
    ActField("owner_name", "Собственник (пользователь) помещения"),
    ActField("premise_no", "Номер помещения"),
    ActField("address", "Адрес дома"),
    ActField("request_no", "Номер обращения"),
    ActField("request_received", "Обращение поступило"),
    ActField("copies", "Количество экземпляров"),
    ActField("notes", "Особое мнение участников, дополнительные сведения", True, 1),
    ActField("refusal_name", "Отказался от подписи"),
    ActField("refusal_reason", "Причина отказа от подписи"),
    ActField("refusal_witness1", "Свидетель отказа 1 (Ф. И. О.)"),
    ActField("refusal_witness2", "Свидетель отказа 2 (Ф. И. О.)"),
)

PARTICIPANT_FIELDS = ("participants", "participants[].role", "participants[].name")
DAMAGED_ITEM_FIELDS = ("items", "items[].name", "items[].damage", "items[].extent")


@dataclass(frozen=True)
class ActKind:
    code: str
    title: str
    template: str
    own_fields: tuple[ActField, ...]
    list_fields: tuple[str, ...] = PARTICIPANT_FIELDS
    file_title: str = ""  # the start of the file name: «Акт о причинении ущерба»

    @property
    def fields(self) -> frozenset[str]:
        """Every name the kind's template may use."""
        names = {f.name for f in COMMON_FIELDS} | {f.name for f in self.own_fields}
        return frozenset(names | set(self.list_fields))

    @property
    def free_text_fields(self) -> tuple[str, ...]:
        """The fields ``render_act(blank_lines=True)`` prints as lines for handwriting."""
        return tuple(f.name for f in (*self.own_fields, *COMMON_FIELDS) if f.multiline)


ACT_KINDS: dict[str, ActKind] = {
    kind.code: kind
    for kind in (
        ActKind(
            "damage",
            "Акт о причинении ущерба жизни, здоровью и имуществу потребителя, общему "
            "имуществу собственников помещений в МКД",
            "act_damage.docx",
            (
                ActField("event_date", "Дата происшествия"),
                ActField("event_time", "Время происшествия"),
                ActField("culprit", "Причинитель вреда (Ф. И. О., № помещения)"),
                ActField("damage_description", "Описание ущерба (что повреждено, где, объём)", True, 3),
                ActField("cause", "Обстоятельства и причина причинения ущерба", True, 2),
            ),
            PARTICIPANT_FIELDS + DAMAGED_ITEM_FIELDS,
            "Акт о причинении ущерба",
        ),
        ActKind(
            "maintenance_quality",
            "Акт о нарушении качества или превышении установленной продолжительности "
            "перерыва в оказании услуг или выполнении работ по содержанию и ремонту "
            "общего имущества в МКД",
            "act_maintenance_quality.docx",
            (
                ActField("service", "Услуга (работа) по содержанию и ремонту общего имущества"),
                ActField("violation", "Что и насколько отклоняется от установленных требований", True, 3),
                ActField("violation_start", "Начало нарушения (дата, время)"),
                ActField("violation_end", "Окончание нарушения (дата, время)"),
                ActField("fee_reduction", "Основание для снижения размера платы", True, 2),
            ),
            file_title="Акт о нарушении качества содержания общего имущества",
        ),
        ActKind(
            "utility_quality",
            "Акт проверки качества предоставляемых коммунальных услуг",
            "act_utility_quality.docx",
            (
                ActField("check_date", "Дата проверки"),
                ActField("check_time", "Время проверки"),
                ActField("service", "Коммунальная услуга"),
                ActField("violation_start", "Начало нарушения качества (дата, время)"),
                ActField("findings", "Нарушенные параметры качества или «нарушение не выявлено»", True, 3),
                ActField("methods", "Методы и средства измерений", True, 2),
            ),
            file_title="Акт проверки качества коммунальных услуг",
        ),
    )
}

# Lines for handwriting, by field; fields not listed get ``LINE``.
_FULL_LINE = "_" * 78
_BLANKS = {
    "act_no": "__________",
    "premise_no": "______",
    "copies": "____",
    "request_no": "__________",
    "act_time": "_______",
    "event_time": "_______",
    "check_time": "_______",
    "act_date": "____________",
    "event_date": "____________",
    "check_date": "____________",
    "rep_name": "______________________________",
    "owner_name": "______________________________",
    "culprit": "______________________________",
    "witnesses": "______________________________________________",
    "address": "______________________________________________",
    "refusal_name": "______________________________",
    "refusal_reason": "______________________________",
    "refusal_witness1": "______________________________",
    "refusal_witness2": "______________________________",
}


def act_kind(code: str) -> ActKind:
    """The kind with ``code``; ``ValidationFailed`` listing the codes otherwise."""
    try:
        return ACT_KINDS[code]
    except KeyError:
        codes = ", ".join(ACT_KINDS)
        raise ValidationFailed(f"Неизвестный вид акта «{code}». Допустимые виды: {codes}.") from None


def act_blanks(kind: ActKind) -> dict[str, str]:
    """What each of ``kind``'s fields prints when it has no value."""
    blanks = dict(_BLANKS)
    for field in (*COMMON_FIELDS, *kind.own_fields):
        if field.multiline:
            blanks[field.name] = "\n".join([_FULL_LINE] * field.blank_lines)
    return blanks


def render_act(
    kind: str,
    context: Mapping,
    out: Path,
    user_dir: Path | None = None,
    blank_lines: bool = False,
) -> None:
    """Fill the act of ``kind`` from ``context`` into ``out`` (.docx).

    ``user_dir`` is the user's templates folder (its copy of the template wins).
    ``blank_lines=True`` prints the free-text fields (``ActKind.free_text_fields``)
    as lines for handwriting whatever the context holds; any other field without a
    value is a line in every case. An empty ``participants`` list gives four blank
    signature rows, an empty ``items`` list three blank rows (set in the templates).
    """
    act = act_kind(kind)
    values = dict(context)
    if not values.get("rep_acting"):
        values["rep_acting"] = "действующий"
    values["city"] = city_name(values.get("city"))  # the template writes «г.» itself
    # a culprit or witness left blank is a line in the act, and keeps a row to sign
    values["participants"] = signers(values, blank=act.fields & {"culprit", "witnesses"})
    if blank_lines:
        for name in act.free_text_fields:
            values[name] = None
    render_template(
        find_template(act.template, user_dir), values, out,
        allowed=act.fields, blank=LINE, blanks=act_blanks(act),
    )
