"""The latest runs as stacked bars: what each created, updated, had problems with, and left
unchanged, oldest on the left.

Unchanged records usually dwarf the rest (a daily run of 150,000 accounts that changes 40),
and on a plain scale the changes would vanish into a line. So when they do, the scale is set
by the changes and the unchanged part runs off the top of its bar, a caption says so, and
the hover tooltip gives every number. Bars keep a sensible width whether there is one run or
thirty.
"""

from __future__ import annotations

from PySide6.QtCharts import (QBarCategoryAxis, QBarSet, QChart, QChartView, QStackedBarSeries,
                              QValueAxis)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QPainter
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from gather_desktop.engine.summary import PROBLEMS
from gather_desktop.jobs.history_jobs import RunRow
from gather_desktop.ui.words import (CREATED_COLOR, NOTE_STYLE, OUTCOME_LABELS,
                                             PROBLEM_COLOR, UNCHANGED_COLOR, UPDATED_COLOR,
                                             local_time)

MAX_RUNS = 30
#: Bottom to top; unchanged last, so it is the part that runs off the top when cut.
BARS = (("created", "Created", CREATED_COLOR), ("updated", "Updated", UPDATED_COLOR),
        ("problems", "Problems", PROBLEM_COLOR), ("unchanged", "Unchanged", UNCHANGED_COLOR))
#: Unchanged "dwarfs" the changes when the tallest bar is this many times the tallest change.
DWARFS = 8
#: Headroom above the tallest change when unchanged is cut off, and the least scale shown.
HEADROOM, LEAST_SCALE = 1.5, 10
#: Past this many runs, the "#id" labels stand upright so they do not collide.
UPRIGHT_LABELS_FROM = 13


def bar_values(row: RunRow) -> dict[str, int]:
    """A run's four stacked numbers."""
    return {"created": row.totals["created"], "updated": row.totals["updated"],
            "problems": row.problems, "unchanged": row.totals["unchanged"]}


class RunsChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runs: list[RunRow] = []
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.setBackgroundRoundness(0)
        self.series = QStackedBarSeries()
        self.sets: dict[str, QBarSet] = {}
        for key, label, color in BARS:
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(color))
            bar_set.setBorderColor(QColor(color))
            self.sets[key] = bar_set
            self.series.append(bar_set)
        self.series.hovered.connect(self._on_hovered)
        self.chart.addSeries(self.series)
        self.x_axis = QBarCategoryAxis()
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.x_axis)
        self.series.attachAxis(self.y_axis)

        self.view = QChartView(self.chart)
        self.view.setObjectName("runsChartView")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)
        self.caption = QLabel(objectName="chartCaption", wordWrap=True, visible=False)
        self.caption.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.caption)

    def runs(self) -> list[RunRow]:
        """The runs shown, oldest first."""
        return list(self._runs)

    def set_runs(self, rows: list[RunRow]) -> None:
        """Show the latest `MAX_RUNS` of these runs (given in any order)."""
        self._runs = sorted(rows, key=lambda row: row.id)[-MAX_RUNS:]
        values = [bar_values(row) for row in self._runs]
        for key, bar_set in self.sets.items():
            bar_set.remove(0, bar_set.count())
            bar_set.append([float(v[key]) for v in values])
        self.x_axis.clear()
        self.x_axis.append([f"#{row.id}" for row in self._runs])
        self.x_axis.setLabelsAngle(-90 if len(self._runs) >= UPRIGHT_LABELS_FROM else 0)
        self.series.setBarWidth(min(0.7, 0.1 * max(len(self._runs), 1)))
        self._scale(values)

    def _scale(self, values: list[dict[str, int]]) -> None:
        tallest = max((sum(v.values()) for v in values), default=0)
        changes = max((v["created"] + v["updated"] + v["problems"] for v in values), default=0)
        cut = tallest > DWARFS * max(changes, 1) and tallest > LEAST_SCALE
        top = max(changes * HEADROOM, LEAST_SCALE) if cut else max(tallest, LEAST_SCALE)
        self.y_axis.setRange(0, top)
        self.y_axis.applyNiceNumbers()
        self.caption.setText("Unchanged records far outnumber the changes, so their bars are "
                             "cut off at the top. Point at a bar for its numbers.")
        self.caption.setVisible(cut)

    def tooltip(self, index: int) -> str:
        """The numbers behind the run at this position (oldest is 0), in words."""
        row = self._runs[index]
        lines = [f"Run #{row.id}, {local_time(row.started_at)}"]
        for outcome in ("created", "updated", "unchanged", "not_in_gather"):
            if outcome != "not_in_gather" or row.totals[outcome]:
                lines.append(f"{OUTCOME_LABELS[outcome]}: {row.totals[outcome]:,}")
        details = ", ".join(f"{row.totals[o]:,} {o}" for o in PROBLEMS if row.totals[o])
        lines.append(f"Problems: {row.problems:,}" + (f" ({details})" if details else ""))
        return "\n".join(lines)

    def _on_hovered(self, status: bool, index: int, _bar_set: QBarSet) -> None:
        if status and 0 <= index < len(self._runs):
            QToolTip.showText(QCursor.pos(), self.tooltip(index), self.view)
        else:
            QToolTip.hideText()
