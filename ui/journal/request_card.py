"""The request card: everything about one request and the steps its status allows.

The next step (answer, close, the inspection act, the register hand-out) is the
default button and has the focus: Enter does it. The deadline is shown with the
rule it was computed by; the history says who did what and when.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.errors import ChangedElsewhere
from tsj_desk.domain.journal import Channel, Result, Status
from tsj_desk.domain.text import format_date, format_datetime, lateness_text, time_left_text
from tsj_desk.services.calendar import production_calendar
from tsj_desk.services.register_handout import HANDOVER_LABELS, Handover, prepared_register, record_handover
from tsj_desk.services.requests_void import void_request
from tsj_desk.services.document_files import attachment_file, save_attachment_copy
from tsj_desk.services.journal import (
    RequestCard,
    answer_request,
    close_request,
    issue_register,
    record_inspection_act,
    request_card,
    schedule_inspection,
    set_status,
)
from tsj_desk.services.outgoing_numbers import outgoing_text
from tsj_desk.services.satisfaction import close_with_satisfaction, satisfaction_of
from ui import clock, colors, errors
from ui.journal.answer_dialog import AnswerDialog
from ui.journal.handover_dialog import HandoverDialog
from ui.journal.letters import ANSWER, NOTICE, letters_available, make_letter
from ui.journal.model import STATE_TONES, days_text
from ui.journal.step_dialogs import ActDateDialog, CloseDialog, InspectionDialog, IssueRegisterDialog
from ui.journal.void_dialog import VoidDialog
from ui.tables import Column, RowsModel, make_table
from ui.workers import Job, run_with_progress

QUALITY = "utility_quality"
OWNER_REGISTER = "owner_register"

HistoryRow = tuple[datetime, str, str, str]  # when, who, action, details


# shown on the card reloaded after a save refused because another PC saved the request
STALE_NOTICE = "Карточка обновлена: обращение изменили на другом компьютере."


def tr(text: str) -> str:
    return QCoreApplication.translate("RequestCard", text)


class RequestHistoryModel(RowsModel[HistoryRow]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Когда"), lambda h: format_datetime(h[0]), lambda h: h[0].isoformat(), width=16),
            Column(tr("Кто"), lambda h: h[1], width=12),
            Column(tr("Что"), lambda h: f"{h[2]}: {h[3]}" if h[3] else h[2], width=40,
                   tooltip=lambda h: f"{h[2]}: {h[3]}" if h[3] else None),
        ], parent)


def due_text(card: RequestCard) -> str:
    return format_datetime(card.due_at) if card.due_at else format_date(card.due_date)


def deadline_state_text(card: RequestCard, state: DeadlineStatus) -> str:
    if card.due_at is not None:  # a deadline in hours: late by minutes and hours
        now = clock.now()
        if state is DeadlineStatus.OVERDUE:
            return tr("просрочено на {0}").format(
                lateness_text(now - card.due_at, (now.date() - card.due_date).days))
        if state is DeadlineStatus.ANSWERED_LATE and card.answered_at is not None:
            return tr("ответ дан с опозданием на {0}").format(
                lateness_text(card.answered_at - card.due_at, (card.answered_on - card.due_date).days))
        if state in (DeadlineStatus.DUE_TODAY, DeadlineStatus.DUE_NEXT, DeadlineStatus.OPEN):
            return f"{state.label}, {time_left_text(card.due_at - now)}"  # «срок сегодня, осталось 12 мин»
    today = clock.today()
    if state is DeadlineStatus.OVERDUE:
        return tr("просрочено на {0}").format(days_text((today - card.due_date).days))
    if state is DeadlineStatus.ANSWERED_LATE and card.answered_on is not None:
        return tr("ответ дан с опозданием на {0}").format(days_text((card.answered_on - card.due_date).days))
    return state.label


class RequestCardDialog(QDialog):
    """Opened from the journal by Enter or a double click on a request."""

    changed = Signal()

    def __init__(self, parent: QWidget | None, reg_no: str):
        super().__init__(parent)
        self._reg_no = reg_no
        self._job: Job | None = None
        self.card: RequestCard = request_card(reg_no)
        self.resize(980, 720)
        from ui.printing.actions import card_print_shortcut  # Ctrl+P: this card's print preview
        card_print_shortcut(self, "request", reg_no)
        layout = QVBoxLayout(self)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        layout.addWidget(self.heading)
        facts = QFormLayout()
        self.status = QLabel()
        self.status.setStyleSheet("font-weight: bold;")
        self.deadline = QLabel()
        self.state = QLabel()
        self.applicant = QLabel()
        self.premise = QLabel()
        self.category = QLabel()
        self.category.setWordWrap(True)
        self.subject = QLabel()
        self.subject.setWordWrap(True)
        self.inspection = QLabel()
        for label in (self.deadline, self.applicant, self.premise, self.category, self.subject,
                      self.inspection):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline)
        deadline_row.addWidget(self.state)
        deadline_row.addStretch(1)
        facts.addRow(tr("Статус:"), self.status)
        facts.addRow(tr("Срок ответа:"), deadline_row)
        facts.addRow(tr("Заявитель:"), self.applicant)
        facts.addRow(tr("Помещение:"), self.premise)
        facts.addRow(tr("Категория:"), self.category)
        facts.addRow(tr("Краткое содержание:"), self.subject)
        self.inspection_label = QLabel(tr("Проверка:"))
        facts.addRow(self.inspection_label, self.inspection)
        layout.addLayout(facts)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(80)
        self.text.setTabChangesFocus(True)
        layout.addWidget(self.text)

        self.answer_box = QGroupBox(tr("Ответ"))
        answer_form = QFormLayout(self.answer_box)
        self.answer_facts = QLabel()
        self.answer_facts.setWordWrap(True)
        self.answer_text = QLabel()
        self.answer_text.setWordWrap(True)
        self.answer_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        answer_form.addRow(self.answer_facts)
        answer_form.addRow(self.answer_text)
        layout.addWidget(self.answer_box)

        self.notice = QLabel()  # what the last step did (a new deadline, a file written)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #e6f2e6; color: #1e1e1e; padding: 4px;")
        self.notice.hide()
        layout.addWidget(self.notice)

        actions = QHBoxLayout()
        self.work_button = QPushButton(tr("В работу"))
        self.inspection_button = QPushButton(tr("Назначить проверку…"))
        self.act_button = QPushButton(tr("Акт проверки составлен…"))
        self.answer_button = QPushButton(tr("Ответить…"))
        self.close_request_button = QPushButton(tr("Закрыть обращение…"))
        self.issue_button = QPushButton(tr("Выдать реестр…"))
        self.issue_button.setToolTip(tr("Подготовить файл реестра; ответ записывается, когда реестр передан"))
        self.handover_button = QPushButton(tr("Реестр передан…"))
        self.notice_button = QPushButton(tr("Уведомление о регистрации"))
        self.letter_button = QPushButton(tr("Письмо-ответ"))
        self.compose_act_button = QPushButton(tr("Составить акт…"))
        self.void_button = QPushButton(tr("Аннулировать…"))
        self.void_button.setToolTip(tr("Обращение зарегистрировано по ошибке: оставить в журнале "
                                       "с причиной, не считать в Сводке"))
        self.done_button = QPushButton(tr("Готово"))
        self.work_button.clicked.connect(self.to_work)
        self.inspection_button.clicked.connect(self.schedule_inspection)
        self.act_button.clicked.connect(self.record_act)
        self.answer_button.clicked.connect(self.answer)
        self.close_request_button.clicked.connect(self.close_request)
        self.issue_button.clicked.connect(self.issue_register)
        self.handover_button.clicked.connect(self.record_handover)
        self.notice_button.clicked.connect(lambda: make_letter(self, self._reg_no, NOTICE))
        self.letter_button.clicked.connect(lambda: make_letter(self, self._reg_no, ANSWER))
        self.compose_act_button.clicked.connect(self.compose_act)
        self.void_button.clicked.connect(self.void)
        self.done_button.clicked.connect(self.reject)
        self.step_buttons = [self.work_button, self.inspection_button, self.act_button,
                             self.answer_button, self.issue_button, self.handover_button,
                             self.close_request_button]
        for button in self.step_buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.void_button, self.compose_act_button, self.notice_button, self.letter_button, self.done_button):
            actions.addWidget(button)
        if not letters_available():
            for button in (self.notice_button, self.letter_button):
                button.setEnabled(False)
                button.setToolTip(tr("Печать писем появится вместе с шаблонами писем."))
        layout.addLayout(actions)

        lower = QHBoxLayout()
        history_box = QVBoxLayout()
        history_box.addWidget(QLabel(tr("История")))
        self.history_model = RequestHistoryModel(self)
        self.history_view, _ = make_table(self, self.history_model, "request-card-history")
        history_box.addWidget(self.history_view)
        lower.addLayout(history_box, 3)
        files_box = QVBoxLayout()
        files_box.addWidget(QLabel(tr("Вложения")))
        self.attachments = QListWidget()
        self.attachments.itemActivated.connect(lambda _item: self.open_attachment())
        self.open_file_button = QPushButton(tr("Открыть"))
        self.open_file_button.clicked.connect(self.open_attachment)
        files_box.addWidget(self.attachments)
        files_box.addWidget(self.open_file_button)
        self.save_file_button = QPushButton(tr("Сохранить как…"))  # a copy into a folder the user picks
        self.save_file_button.clicked.connect(self.save_attachment_as)
        files_box.addWidget(self.save_file_button)
        lower.addLayout(files_box, 1)
        layout.addLayout(lower, 1)
        self._show()

    @classmethod
    def open_for(cls, parent: QWidget | None, reg_no: str) -> bool:
        """Show the card modally; True when something was changed in it."""
        try:
            dialog = cls(parent, reg_no)
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(parent, exc)
            return False
        changed = []
        dialog.changed.connect(lambda: changed.append(True))
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        return bool(changed)

    # -- showing

    def _show(self) -> None:
        card = self.card
        self.setWindowTitle(tr("Обращение № {0}").format(card.reg_no))
        self.heading.setText(tr("Обращение № {0} от {1}, {2}").format(
            card.reg_no, format_datetime(card.received_at), card.channel.label))
        self.status.setText(card.status.label if not card.voided
                            else tr("{0} — {1}").format(card.status.label, card.void_reason))
        self.deadline.setText(f"{due_text(card)} — {card.deadline_basis}")
        state = card.state(clock.now(), production_calendar())
        self.state.setText(deadline_state_text(card, state))
        tone = STATE_TONES[state]
        style = ["padding: 1px 6px"]
        if (back := colors.background(tone)) is not None:
            style.append(f"background: {back.color().name()}")
        if (fore := colors.foreground(tone)) is not None:
            style.append(f"color: {fore.color().name()}")
        self.state.setStyleSheet("; ".join(style) + ";")
        applicant = card.applicant
        if card.applicant_contacts:
            applicant += f" ({card.applicant_contacts})"
        if card.person_id is None:
            applicant += tr(" — не из реестра")
        self.applicant.setText(applicant)
        self.premise.setText(card.premise_number or tr("не указано"))
        self.category.setText(card.category.label)
        self.subject.setText(card.subject or tr("не указано"))
        self.text.setPlainText(card.text)
        inspection = []
        if card.inspection_at:
            inspection.append(tr("назначена на {0}").format(format_datetime(card.inspection_at)))
        if card.inspection_act_on:
            inspection.append(tr("акт от {0}").format(format_date(card.inspection_act_on)))
        self.inspection.setText("; ".join(inspection))
        self.inspection.setVisible(bool(inspection))
        self.inspection_label.setVisible(bool(inspection))

        answered = card.answered_on is not None
        self.answer_box.setVisible(answered)
        if answered:
            facts = [format_datetime(card.answered_at) if card.answered_at and card.due_at
                     else format_date(card.answered_on)]
            if card.answer_channel:
                facts.append(Channel(card.answer_channel).label)
            if card.outgoing_no:
                facts.append(outgoing_text(card.outgoing_no))  # «Исх. 15» typed: «исх. № 15»
            if card.result:
                facts.append(Result(card.result).label)
            if card.refusal_reason:
                facts.append(tr("причина отказа: {0}").format(card.refusal_reason))
            if card.recalculation:
                facts.append(tr("перерасчёт: {0}").format(card.recalculation))
            if card.satisfaction:
                given = satisfaction_of(card.reg_no)
                facts.append(given.card_text() if given is not None
                             else tr("оценка заявителя: {0}").format(card.satisfaction))
            self.answer_facts.setText("; ".join(facts))
            self.answer_text.setText(card.answer_text)
        self.history_model.set_rows(card.history)
        self.attachments.clear()
        for file_name, stored in card.attachments:
            item = QListWidgetItem(file_name)
            item.setData(Qt.ItemDataRole.UserRole, stored)
            self.attachments.addItem(item)
        if card.attachments:
            self.attachments.setCurrentRow(0)
        self.open_file_button.setEnabled(bool(card.attachments))
        self.save_file_button.setEnabled(bool(card.attachments))
        self._show_actions()

    def _show_actions(self) -> None:
        card = self.card
        status = card.status
        is_open = status.is_open
        quality = card.category.code == QUALITY
        register = card.category.code == OWNER_REGISTER
        self.work_button.setVisible(status is Status.REGISTERED)
        self.inspection_button.setVisible(quality and status in (Status.REGISTERED, Status.IN_PROGRESS))
        self.act_button.setVisible(status is Status.INSPECTION)
        self.answer_button.setVisible(is_open)
        self.issue_button.setVisible(register and is_open)
        self.handover_button.setVisible(register and is_open and prepared_register(card.reg_no) is not None)
        self.close_request_button.setVisible(status is Status.ANSWERED)
        self.void_button.setVisible(is_open)
        self.void_button.setEnabled(self._job is None)
        self.letter_button.setVisible(not is_open and not card.voided)
        busy = self._job is not None
        for button in self.step_buttons:
            button.setEnabled(not busy)
        primary = self.primary_button()
        for button in self.step_buttons + [self.done_button]:
            button.setAutoDefault(True)
            button.setDefault(button is primary)
        primary.setFocus()

    def primary_button(self) -> QPushButton:
        """The next step of the request: Enter does it."""
        status = self.card.status
        if status is Status.ANSWERED:
            return self.close_request_button
        if not status.is_open:
            return self.done_button
        if status is Status.INSPECTION:
            return self.act_button
        if self.card.category.code == OWNER_REGISTER:
            return self.handover_button if self.handover_button.isVisibleTo(self) else self.issue_button
        return self.answer_button

    def refresh(self, notice: str | None = None) -> None:
        self.card = request_card(self._reg_no)
        self._show()
        if notice is not None:
            self.notice.setText(notice)
            self.notice.show()
        self.changed.emit()

    # -- steps

    def _run(self, step, notice: str | None = None) -> bool:
        try:
            result = step()
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            if isinstance(exc, ChangedElsewhere):  # saved on another PC meanwhile: show it
                self.refresh(tr(STALE_NOTICE))
            return False
        self.refresh(notice(result) if callable(notice) else notice)
        return True

    def _fresh(self, step):
        """Run a save of a dialog; when the request changed on another PC meanwhile the
        card shows the newer data behind the dialog, which keeps what was typed."""
        try:
            return step()
        except ChangedElsewhere:
            self.refresh(tr(STALE_NOTICE))
            raise

    @Slot()
    def to_work(self) -> None:
        self._run(lambda: set_status(self._reg_no, Status.IN_PROGRESS, now=clock.now(),
                                     version=self.card.version),
                  tr("Обращение взято в работу."))

    @Slot()
    def schedule_inspection(self) -> None:
        at = InspectionDialog.ask(self, self.card, now=clock.now())
        if at is not None:
            self._run(lambda: schedule_inspection(self._reg_no, at, now=clock.now()),
                      tr("Проверка назначена на {0}.").format(format_datetime(at)))

    @Slot()
    def record_act(self) -> None:
        act_on = ActDateDialog.ask(self, self.card, today=clock.today())
        if act_on is None:
            return
        self._run(lambda: record_inspection_act(self._reg_no, act_on, now=clock.now()),
                  lambda deadline: tr("Акт проверки от {0} записан. Новый срок ответа — {1} ({2}).").format(
                      format_date(act_on), format_date(deadline.due), deadline.explanation))

    @Slot()
    def answer(self) -> None:
        saved = AnswerDialog.ask(self, self.card, today=clock.today(),
                                 save=lambda a: self._fresh(lambda: answer_request(
                                     self._reg_no, a, now=clock.now(), version=self.card.version)))
        if saved is not None:
            late = saved.on > self.card.due_date
            self.refresh(tr("Ответ записан{0}.").format(tr(" — с опозданием") if late else ""))

    @Slot()
    def void(self) -> None:
        reason = VoidDialog.ask(self, self.card)
        if reason is not None:
            self._run(lambda: void_request(self._reg_no, reason, now=clock.now(), version=self.card.version),
                      tr("Обращение аннулировано: {0}.").format(reason))

    @Slot()
    def close_request(self) -> None:
        closing = CloseDialog.ask(self, self.card)
        if closing is not None:
            if closing.channel:  # the score with how it was asked and the words
                self._run(lambda: close_with_satisfaction(
                    self._reg_no, now=clock.now(), score=closing.satisfaction,
                    comment=closing.comment, channel=closing.channel), tr("Обращение закрыто."))
                return
            self._run(lambda: close_request(self._reg_no, now=clock.now(),
                                            satisfaction=closing.satisfaction, version=self.card.version),
                      tr("Обращение закрыто."))

    @Slot()
    def issue_register(self) -> None:
        """«Выдать реестр»: the export, the disclosure log entry, the answer — one step."""
        if self._job is not None:
            return
        issue = IssueRegisterDialog.ask(self, self.card, today=clock.today())
        if issue is None:
            return
        reg_no, now = self._reg_no, clock.now()

        def work(progress, cancel) -> Path:
            return issue_register(reg_no, issue.out, now=now, purpose=issue.purpose)

        def done(path: Path) -> None:
            self._job = None
            self.refresh(tr("Реестр собственников подготовлен: файл {0}. Выдача записана в журнал "
                            "«Выдача реестра» (кому, цель, строки, контрольная сумма). Когда реестр "
                            "передадите заявителю, нажмите «Реестр передан…»: ответ запишется "
                            "этой датой.").format(path))

        def failed(exc: BaseException) -> None:
            self._job = None
            self._show_actions()
            errors.show_error(self, exc)

        self._job = run_with_progress(self, tr("Выгрузка реестра…"), work, on_finished=done,
                                      on_failed=failed, cancellable=False)
        self._show_actions()

    @Slot()
    def record_handover(self) -> None:
        """«Реестр передан…»: how and when; the request is answered on that date."""
        prepared = prepared_register(self._reg_no)
        if prepared is None:
            return
        reg_no = self._reg_no
        given = HandoverDialog.ask(self, self.card, prepared, today=clock.today(),
                                   save=lambda h: record_handover(reg_no, h, now=clock.now()))
        if given is not None:
            self.refresh(tr("Передача реестра записана ({0}, {1}); обращение отвечено.").format(
                HANDOVER_LABELS[Handover(given.way)], format_date(given.on)))

    @Slot()
    def compose_act(self) -> None:
        """«Составить акт…»: the act dialog filled from this request (ui/acts)."""
        from ui.acts.act_dialog import ActDialog, kind_for_category

        act = ActDialog.ask(self, reg_no=self._reg_no, kind=kind_for_category(self.card.category.code))
        if act is not None:
            self.notice.setText(tr("Акт № {0} сохранён: {1}").format(act.number, act.file))
            self.notice.show()

    @Slot()
    def open_attachment(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        try:  # kept in the base: taken out into a private temporary folder of this PC
            path = attachment_file(item.data(Qt.ItemDataRole.UserRole))
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def ask_save_path(self, name: str) -> Path | None:
        """Where to save a copy of an attachment (tests replace this)."""
        chosen, _ = QFileDialog.getSaveFileName(self, tr("Сохранить вложение"), name)
        return Path(chosen) if chosen else None

    @Slot()
    def save_attachment_as(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        target = self.ask_save_path(item.text())
        if target is None:
            return
        try:
            save_attachment_copy(item.data(Qt.ItemDataRole.UserRole), target)
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)

    def done(self, result: int) -> None:
        job = self._job
        if job is not None:
            job.finish_now()
        super().done(result)
