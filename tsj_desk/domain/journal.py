"""The request journal's vocabulary: channels, statuses and their order, results."""

from __future__ import annotations

from enum import StrEnum

from tsj_desk.domain.errors import ValidationFailed


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    LETTER = "letter"
    EMAIL = "email"
    GIS = "gis"
    MESSENGER = "messenger"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    Channel.IN_PERSON: "лично",
    Channel.PHONE: "телефон",
    Channel.LETTER: "письмо",
    Channel.EMAIL: "e-mail",
    Channel.GIS: "ГИС ЖКХ",
    Channel.MESSENGER: "мессенджер",
    Channel.OTHER: "другое",
}


class Status(StrEnum):
    REGISTERED = "registered"
    IN_PROGRESS = "in_progress"
    INSPECTION = "inspection"
    VOIDED = "voided"  # registered by mistake: leaves the flow unanswered, kept, never counted
    ANSWERED = "answered"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


STATUS_LABELS = {
    Status.REGISTERED: "Зарегистрировано",
    Status.IN_PROGRESS: "В работе",
    Status.INSPECTION: "Назначена проверка",
    Status.ANSWERED: "Ответ дан",
    Status.CLOSED: "Закрыто",
    Status.VOIDED: "Аннулировано",
}

OPEN_STATUSES = frozenset({Status.REGISTERED, Status.IN_PROGRESS, Status.INSPECTION})

TRANSITIONS = {
    Status.REGISTERED: {Status.IN_PROGRESS, Status.INSPECTION, Status.ANSWERED},
    Status.IN_PROGRESS: {Status.INSPECTION, Status.ANSWERED},
    Status.INSPECTION: {Status.IN_PROGRESS, Status.ANSWERED},
    Status.ANSWERED: {Status.CLOSED},
    Status.CLOSED: set(),
    Status.VOIDED: set(),
}


def check_transition(current: Status, new: Status) -> None:
    """Refuse a status change the journal's flow does not allow."""
    if new not in TRANSITIONS[Status(current)]:
        raise ValidationFailed(
            f"Нельзя перевести обращение из состояния «{Status(current).label}» "
            f"в «{Status(new).label}»."
        )


class Result(StrEnum):
    SATISFIED = "satisfied"
    REFUSED = "refused"
    EXPLAINED = "explained"

    @property
    def label(self) -> str:
        return RESULT_LABELS[self]


RESULT_LABELS = {
    Result.SATISFIED: "удовлетворено",
    Result.REFUSED: "отказано",
    Result.EXPLAINED: "разъяснено",
}

# A quality complaint whose cause is unknown: answer within this many days of the
# inspection act (legal-ru §2, utility_quality; the seed's webinar).
DAYS_AFTER_INSPECTION_ACT = 5


def format_reg_no(year: int, number: int) -> str:
    """``2026-0042``: the year and a sequence number of at least four digits."""
    return f"{year}-{number:04d}"
