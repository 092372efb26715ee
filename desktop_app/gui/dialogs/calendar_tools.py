"""Beside the working-day calendar: the legend of its colours, and the 推算 helper (start + N working days)."""

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KaopingError
from desktop_app.core.workdays import FIRST_YEAR, LAST_YEAR, MAX_WORKDAYS, WorkCalendar, WorkdayPeriod, day_cn
from desktop_app.gui.models.calendar_models import DAY_KINDS
from desktop_app.gui.widgets import ERROR_STYLE

DEFAULT_WORKDAYS = 7  # 公示期：7个工作日
SWATCH_STYLE = "background: {background}; color: {foreground}; border: 1px solid #c4c7c5; font-size: 8pt;"


def legend() -> QWidget:
    """图例: a swatch for each kind of day, and the look of an entered day."""
    holder = QWidget()
    holder.setObjectName("calendar_legend")
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 4, 0, 0)
    row.addWidget(QLabel("图例："))
    for kind in DAY_KINDS.values():
        swatch = QLabel(kind.mark)
        swatch.setStyleSheet(SWATCH_STYLE.format(background=kind.background, foreground=kind.foreground))
        swatch.setAlignment(Qt.AlignmentFlag.AlignCenter)
        swatch.setFixedSize(26, 20)
        row.addWidget(swatch)
        row.addWidget(QLabel(kind.legend))
        row.addSpacing(8)
    entered = QLabel("<b><u>8</u></b>")
    entered.setAlignment(Qt.AlignmentFlag.AlignCenter)
    entered.setFixedSize(26, 20)
    entered.setStyleSheet("background: #ffffff; border: 1px solid #c4c7c5;")
    row.addWidget(entered)
    row.addWidget(QLabel("已录入（以录入为准）"))
    row.addStretch(1)
    return holder


class WorkdayCalculator(QGroupBox):
    """推算: the N-th working day from a start date, as a notice's 公示期 counts it; the warning in red
    when a year on the way has no official data (only weekends assumed)."""

    def __init__(self, calendar: WorkCalendar, start: date, parent: QWidget | None = None):
        super().__init__("推算工作日", parent)
        self.calendar = calendar
        self.period: WorkdayPeriod | None = None
        self.start_edit = QDateEdit(QDate(start.year, start.month, start.day))
        self.start_edit.setObjectName("calculator_start")
        self.start_edit.setDisplayFormat("yyyy-MM-dd")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        self.workdays_spin = QSpinBox()
        self.workdays_spin.setObjectName("calculator_workdays")
        self.workdays_spin.setRange(1, MAX_WORKDAYS)
        self.workdays_spin.setValue(DEFAULT_WORKDAYS)
        self.workdays_spin.setSuffix(" 个工作日")
        self.use_button = QPushButton("用所选日期(&U)")
        self.use_button.setToolTip("以月历中所选的日期为起始日期")
        self.use_button.setAutoDefault(False)
        self.end_label, self.period_label, self.warning_label = (QLabel() for _ in range(3))
        for label, name in ((self.end_label, "calculator_end"), (self.period_label, "calculator_period"),
                            (self.warning_label, "calculator_warning")):
            label.setObjectName(name)
            label.setWordWrap(True)
        self.end_label.setStyleSheet("font-weight: bold;")
        self.warning_label.setStyleSheet(ERROR_STYLE)
        self._layout()
        self.start_edit.dateChanged.connect(self.update_result)
        self.workdays_spin.valueChanged.connect(self.update_result)
        self.update_result()

    def _layout(self) -> None:
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_edit, 1)
        start_row.addWidget(self.use_button)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        for caption, field in (("起始日期(&S)：", start_row), ("工作日数(&W)：", self.workdays_spin)):
            label = QLabel(caption)
            label.setBuddy(self.start_edit if field is start_row else field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for label in (self.end_label, self.period_label, self.warning_label):
            layout.addWidget(label)

    def set_calendar(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.update_result()

    def set_start(self, day: date) -> None:
        self.start_edit.setDate(QDate(day.year, day.month, day.day))

    def update_result(self, *_args) -> None:
        """Count again: 截止日期, the period as a notice prints it, and the warning when guessed."""
        start = self.start_edit.date().toPython()
        try:
            period = self.calendar.add_workdays(start, self.workdays_spin.value())
        except KaopingError as error:
            self.period = None
            self.end_label.setText("")
            self.period_label.setText("")
            self.warning_label.setText(error.message)
            self.warning_label.setVisible(True)
            return
        self.period = period
        self.end_label.setText(f"截止日期：{day_cn(period.end, self.calendar.day_label(period.end))}")
        moved = "" if period.first_day == period.start else \
            f"起始日期不是工作日，从{day_cn(period.first_day)}起算。\n"
        self.period_label.setText(f"{moved}期间：{period.text}")
        self.warning_label.setText(f"注意：{period.warning}" if period.guessed else "")
        self.warning_label.setVisible(period.guessed)
