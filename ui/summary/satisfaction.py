"""The Сводка's satisfaction block: the residents' scores after a visit over the last 12
months — the NPS-style index (share of 5 minus share of 1–3, in points), the share of
4–5, the average and the number of answers, then the same by category and by month.
The figures come from ``services.satisfaction.satisfaction_figures``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from tsj_desk.domain.text import counted, format_date
from tsj_desk.services.satisfaction import satisfaction_figures
from tsj_desk.services.satisfaction_figures import (
    SatisfactionFigures,
    ScoreGroup,
    average_text,
    percent,
    points,
)
from ui.tables import RIGHT, Column, RowsModel, make_table


def tr(text: str) -> str:
    return QCoreApplication.translate("SummarySatisfaction", text)


def answers_text(count: int) -> str:
    return counted(count, "ответ", "ответа", "ответов")


def _columns(first: str, stretch: int) -> list[Column[ScoreGroup]]:
    return [
        Column(first, lambda g: g.label, width=stretch, stretch=stretch, tooltip=lambda g: g.label),
        Column(tr("Ответов"), lambda g: str(g.answers) if g.answers else "—", sort=lambda g: g.answers,
               align=RIGHT, sample="Ответов"),
        Column(tr("Средняя"), lambda g: average_text(g.average), sort=lambda g: g.average or 0,
               align=RIGHT, sample="Средняя"),
        Column(tr("Доля 4–5"), lambda g: percent(g.high_share), sort=lambda g: g.high_share or 0,
               align=RIGHT, sample="Доля 4–5"),
        Column(tr("Индекс"), lambda g: points(g.nps), sort=lambda g: -1000 if g.nps is None else g.nps,
               align=RIGHT, sample="Индекс",
               tooltip=lambda g: tr("доля оценок 5 минус доля оценок 1–3, в процентных пунктах")),
    ]


def headline(figures: SatisfactionFigures) -> str:
    """«Индекс +20 · оценки 4–5 — 70 % · средняя 3,9 · 10 ответов» — or that there were none."""
    total = figures.total
    if not total.answers:
        return tr("За последние 12 месяцев заявители оценок не давали.")
    return tr("Индекс {0} · оценки 4–5 — {1} · средняя {2} · {3}").format(
        points(total.nps), percent(total.high_share), average_text(total.average),
        answers_text(total.answers))


def explanation(figures: SatisfactionFigures) -> str:
    total = figures.total
    period = tr("с {0} по {1}").format(format_date(figures.since), format_date(figures.until))
    if not total.answers:
        return period
    fives = total.counts[4] / total.answers
    low = sum(total.counts[:3]) / total.answers
    return tr("Индекс — доля пятёрок ({0}) минус доля оценок 1–3 ({1}), в процентных пунктах; "
              "оценки {2}.").format(percent(fives), percent(low), period)


class SatisfactionBlock(QWidget):
    """The headline figures and the two tables (by category, by month)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.figures: SatisfactionFigures | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.headline = QLabel()
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        layout.addWidget(self.headline)
        layout.addWidget(self.explanation)
        tables = QHBoxLayout()
        self.category_model: RowsModel[ScoreGroup] = RowsModel(_columns(tr("Вид обращения"), 30), self)
        self.month_model: RowsModel[ScoreGroup] = RowsModel(_columns(tr("Месяц"), 14), self)
        self.by_category, by_category = make_table(self, self.category_model, "summary/satisfaction-categories")
        self.by_month, by_month = make_table(self, self.month_model, "summary/satisfaction-months")
        for view, proxy in ((self.by_category, by_category), (self.by_month, by_month)):
            view.setSortingEnabled(False)  # the journal's order of categories, this month first
            proxy.sort(-1)
        tables.addWidget(self.by_category, 3)
        tables.addWidget(self.by_month, 2)
        layout.addLayout(tables, 1)

    def refresh(self, today) -> None:
        """Ask for the figures as of ``today``; a failure propagates to the page."""
        self.show_figures(satisfaction_figures(today=today))

    def show_figures(self, figures: SatisfactionFigures) -> None:
        self.figures = figures
        self.headline.setText(headline(figures))
        self.explanation.setText(explanation(figures))
        self.category_model.set_rows(figures.by_category)
        self.month_model.set_rows(list(reversed(figures.by_month)))  # this month first

    def table_texts(self, view: QTableView) -> list[list[str]]:
        model = view.model()
        return [[model.index(r, c).data() for c in range(model.columnCount())]
                for r in range(model.rowCount())]
