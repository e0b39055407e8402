"""«Сводка»: overdue, due today, due this week, received this month, on-time rates,
and the residents' scores after a visit (``ui.summary.satisfaction``, a tab beside the
rates).

Each number is a button that opens the journal filtered to the requests it
counts: the page emits ``open_journal(JournalFilter)`` and, in the main window,
shows the journal page and hands it the filter. The numbers are asked anew from
``services.journal.journal_summary`` whenever the page comes to the front.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import counted, format_date, plural, time_left_text
from tsj_desk.services.deadline_watch import next_deadline_in_hours
from tsj_desk.services.journal import (
    CategoryRate,
    JournalFilter,
    JournalSummary,
    journal_summary,
    summary_filters,
)
from ui import clock, colors, errors
from ui.debtors.summary_box import PromisesBox
from ui.summary.chart import POOR_RATE, RateChart, bar_color, percent_text
from ui.summary.tiles import NumberTile

if TYPE_CHECKING:
    from ui.summary.satisfaction import SatisfactionBlock

JOURNAL_PAGE = "journal"
CLOCK_CHECK_MS = 60_000  # the numbers follow the clock minute by minute (an emergency's half hour)


def tr(text: str) -> str:
    return QCoreApplication.translate("SummaryPage", text)


def requests_word(count: int) -> str:
    return plural(count, "обращение", "обращения", "обращений")


def week_end(day: date) -> date:
    """Sunday of the week of ``day``: «на этой неделе» runs from today to it."""
    return day + timedelta(days=6 - day.weekday())


class SummaryPage(QWidget):
    open_journal = Signal(object)  # JournalFilter

    CAPTIONS: ClassVar[dict[str, str]] = {
        "overdue": "Просрочено",
        "due_today": "Срок сегодня",
        "due_this_week": "Срок на этой неделе",
        "received_this_month": "Поступило в этом месяце",
    }

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loaded = False
        self._today = clock.today()
        self.summary: JournalSummary | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        top = QHBoxLayout()
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        hint = QLabel(self.tr("Нажмите на число, чтобы открыть эти обращения в журнале."))
        self.refresh_button = QPushButton(self.tr("Обновить"))
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.setToolTip("F5")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.heading)
        top.addSpacing(16)
        top.addWidget(hint, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        self.tiles: dict[str, NumberTile] = {}
        for key, caption in self.CAPTIONS.items():
            tile = NumberTile(self.tr(caption), self)
            tile.setObjectName(f"tile-{key}")
            tile.clicked.connect(lambda _checked=False, k=key: self.open_figure(k))
            self.tiles[key] = tile
            tiles.addWidget(tile)
        tiles.addWidget(PromisesBox(self))  # promises to pay due and broken (ui/debtors)
        layout.addLayout(tiles)

        # two views of the 12 months, one tab each (Ctrl+Tab switches): answers on time,
        # and the residents' scores after a visit
        self.figure_tabs = QTabWidget(self)
        group = QGroupBox(self.tr("Ответы в срок за последние 12 месяцев, по видам обращений"))
        inner = QVBoxLayout(group)
        self.chart = RateChart(group)
        self.totals = QLabel()
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        inner.addWidget(self.chart)
        inner.addWidget(self.totals)
        inner.addWidget(self.legend)
        inner.addStretch(1)
        self.figure_tabs.addTab(group, self.tr("Ответы в срок"))
        self._scores_box = QGroupBox(self.tr("Оценки заявителей после выполнения за последние 12 месяцев"))
        QVBoxLayout(self._scores_box)  # the block (``satisfaction``) is built when first needed
        self._satisfaction: SatisfactionBlock | None = None
        self._scores_tab = self.figure_tabs.addTab(self._scores_box, self.tr("Оценки заявителей"))
        self._scores_due = True  # the scores are counted when their tab is in front
        self.figure_tabs.currentChanged.connect(self._figure_tab_shown)
        layout.addWidget(self.figure_tabs, 1)

        self.open_journal.connect(self._show_in_journal)
        self._show_legend()

        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.timeout.connect(self.tick)
        self._schedule_tick()

    # -- data

    @Slot()
    def refresh(self, *, quiet: bool = False) -> None:
        """Ask the journal for the numbers as of ``today()``; ``quiet``: a failure (a
        busy base) is not shown, the next minute tries again."""
        self._today = clock.today()
        try:
            summary = journal_summary(today=clock.now())  # a moment: deadlines in hours count by the minute
        except TsjError as exc:
            if not quiet:
                errors.show_error(self, exc)
            return
        self._loaded = True
        self.summary = summary
        day = self._today
        self.heading.setText(self.tr("Сводка на {0}").format(format_date(day)))
        self._set_tile("overdue", summary.overdue,
                       self.tr("{0} без ответа, срок истёк").format(requests_word(summary.overdue)),
                       colors.Tone.ERROR)
        self._set_tile("due_today", summary.due_today,
                       self.tr("{0} со сроком {1}").format(requests_word(summary.due_today),
                                                          format_date(day)) + self._running_text(day),
                       colors.Tone.ATTENTION)
        self._set_tile("due_this_week", summary.due_this_week,
                       self.tr("{0} со сроком по {1}").format(requests_word(summary.due_this_week),
                                                             format_date(week_end(day))),
                       colors.Tone.WARNING)
        self._set_tile("received_this_month", summary.received_this_month,
                       self.tr("{0} с {1}").format(requests_word(summary.received_this_month),
                                                  format_date(day.replace(day=1))),
                       colors.Tone.NORMAL)
        self.chart.set_rates(summary.rates)
        self.totals.setText(self._totals_text(summary.rates))
        self._scores_due = True
        self._refresh_scores(quiet=quiet)

    def _refresh_scores(self, *, quiet: bool = False) -> None:
        """The residents' scores, counted only while their tab is in front (they read
        every request: 0.1 s of 100,000, kept off the window's start); a tab behind is
        counted when it is brought forward."""
        if self.figure_tabs.currentIndex() != self._scores_tab:
            return
        self._scores_due = False
        try:
            self.satisfaction.refresh(self._today)
        except TsjError as exc:
            if not quiet:
                errors.show_error(self, exc)

    @Slot(int)
    def _figure_tab_shown(self, index: int) -> None:
        if index == self._scores_tab and self._scores_due and self._loaded:
            self._refresh_scores()

    @property
    def satisfaction(self) -> SatisfactionBlock:
        """The residents' scores block, built when its tab is first brought forward (its
        tables are no part of the window's start)."""
        if self._satisfaction is None:
            from ui.summary.satisfaction import SatisfactionBlock

            self._satisfaction = SatisfactionBlock(self._scores_box)
            self._scores_box.layout().addWidget(self._satisfaction)
            self._satisfaction.show()  # at once when the tab is in front, else with it
        return self._satisfaction

    def show_satisfaction(self) -> None:
        """Bring the residents' scores to the front."""
        self.figure_tabs.setCurrentIndex(1)

    def _schedule_tick(self) -> None:
        second = clock.now(seconds=True).second
        self._clock.start(min(CLOCK_CHECK_MS, (60 - second) * 1000 + 250))

    @Slot()
    def tick(self) -> None:
        """The minute timer: count again as of now while the page is shown (the focused
        tile keeps the focus: only the numbers change)."""
        try:
            if self.isVisible() and self._loaded:
                self.refresh(quiet=True)
        finally:
            self._schedule_tick()

    def _running_text(self, day: date) -> str:
        """«; аварийная № 2026-0301 — осталось 12 мин»: the next deadline in hours of today."""
        now = clock.now()
        try:
            running = next_deadline_in_hours(now)
        except TsjError:
            return ""
        if running is None or running.due_at.date() != day:
            return ""
        return self.tr("\n№ {0}: {1}").format(running.reg_no, time_left_text(running.due_at - now))

    def _set_tile(self, key: str, number: int, detail: str, tone: colors.Tone) -> None:
        tile = self.tiles[key]
        tile.set_value(number, detail, tone if number else colors.Tone.NORMAL)
        tile.setToolTip(self.tr("Открыть в журнале: {0}").format(
            counted(number, "обращение", "обращения", "обращений")))

    def _totals_text(self, rates: list[CategoryRate]) -> str:
        answered = sum(r.answered for r in rates)
        if not answered:
            return self.tr("За последние 12 месяцев ответов не было.")
        on_time = sum(r.on_time for r in rates)
        total = CategoryRate("", "", answered, on_time)
        return self.tr("Всего {0}, в срок — {1} ({2}), с опозданием — {3}.").format(
            counted(answered, "ответ", "ответа", "ответов"), on_time, percent_text(total),
            answered - on_time)

    def _show_legend(self) -> None:
        palette = self.palette()

        def swatch(tone: colors.Tone) -> str:
            color = bar_color(tone, palette).name()
            return f'<span style="background-color:{color};">&nbsp;&nbsp;&nbsp;&nbsp;</span>'

        poor = f"{round(POOR_RATE * 100)}\u00a0%"
        self.legend.setText(
            f"{swatch(colors.Tone.NORMAL)} {self.tr('все ответы в срок')} &nbsp;&nbsp; "
            f"{swatch(colors.Tone.WARNING)} {self.tr('есть опоздания')} &nbsp;&nbsp; "
            f"{swatch(colors.Tone.ERROR)} {self.tr('в срок меньше {0} ответов').format(poor)}"
        )

    def page_shown(self) -> None:
        from tsj_desk.services.data_changes import REQUESTS
        from tsj_desk.services.journal import deadlines_passed
        from ui import live_refresh

        live_refresh.follow(self, REQUESTS, lambda: self.refresh(quiet=True))
        now, counted_at = clock.now(), getattr(self, "_counted_at", None)
        if (live_refresh.reload_needed(self, REQUESTS) or counted_at is None
                or now.date() != counted_at.date() or deadlines_passed(counted_at, now)):
            self._counted_at = now
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def as_of(self) -> date:
        """The day the numbers shown were counted for."""
        return self._today

    # -- opening the journal

    @Slot(str)
    def open_figure(self, key: str) -> None:
        """Open the requests behind the number ``key`` in the journal."""
        self.open_journal.emit(summary_filters(self._today)[key])

    @Slot(object)
    def _show_in_journal(self, flt: JournalFilter) -> None:
        window = self.window()
        pages = getattr(window, "pages", None)
        if not isinstance(pages, dict) or JOURNAL_PAGE not in pages:
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(self.tr("Журнал обращений пока недоступен."), 5000)
            return
        page = window.show_page(JOURNAL_PAGE)
        apply_filter = getattr(page, "apply_filter", None)
        if callable(apply_filter):
            apply_filter(flt)
