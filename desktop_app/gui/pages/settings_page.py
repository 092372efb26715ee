"""系统设置: the operator's name (or the signed-in account) and 闲置锁定, 数据安全 (full ID numbers this session,
交换文件必须加密, 数据库加密存放), the working-day calendar, the rule sets
(规则方案), the monthly reports' due day (月度实绩报送截止日), the database (facts, 体检), about."""

import importlib.metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.errors import KaopingError
from db.integrity import CheckReport, check_database
from desktop_app.core.calendar_days import list_days
from desktop_app.core.database_info import database_summary, readable_size
from desktop_app.core.permissions import may
from desktop_app.core.report_gaps import DUE_DAY_ACTION, due_day_change, due_day_setting, set_due_day
from desktop_app.core.rule_sets import rule_set_years, rules_for_year
from desktop_app.core.session_policy import CHANGE_ACTION as IDLE_LOCK_ACTION
from desktop_app.core.session_policy import (
    MAX_MINUTES,
    MIN_MINUTES,
    idle_lock_change,
    idle_lock_minutes,
    set_idle_lock_minutes,
)
from desktop_app.core.workdays import load_calendar
from desktop_app.gui import settings
from desktop_app.gui.errors import show_error
from desktop_app.gui.models.calendar_models import year_status
from desktop_app.gui.pages.settings_security import SecuritySection, fact_label
from desktop_app.gui.widgets import ERROR_STYLE, ValidatedForm, buddy_label, note_label
from desktop_app.logging_setup import log_path
from desktop_app.resources import data_dir

OPERATOR_MAX_LENGTH = 20
OK_STYLE = "color: #1e7b34; font-weight: bold;"
CONTENT_WIDTH = 860


def due_day_text(day: int) -> str:
    """每月25日 / 每月30日，二月为月末 / 每月31日，二月及小月为月末."""
    return f"每月{day}日" + {29: "，二月为月末", 30: "，二月为月末", 31: "，二月及小月为月末"}.get(day, "")


def app_version() -> str:
    try:
        return importlib.metadata.version("kaoping-desk")
    except importlib.metadata.PackageNotFoundError:
        return "开发版"


class SettingsPage(SecuritySection, QWidget):
    def __init__(self, ctx, spec, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        title = QLabel(spec.title)
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        content = QWidget()
        content.setMaximumWidth(CONTENT_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(12)
        for group in (self._operator_group(), self._privacy_group(), self._calendar_group(), self._rule_set_group(),
                      self._due_day_group(),
                      self._database_group(),
                      self._about_group()):
            column.addWidget(group)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)

    def refresh(self, changes=None) -> None:
        """Record counts and the file size follow the database; the rest is read when built."""
        if changes is None or changes.touches("units", "cadres"):
            self._show_database()
        if changes is None or changes.touches("calendar_days"):
            self._show_calendar()
        if changes is None or changes.touches("rule_sets"):
            self._show_rule_sets()
        if changes is None:
            self._show_due_day_setting()
            self._show_security()
            self._show_storage()
            self._show_idle_lock()

    # -- 操作员 ----------------------------------------------------------------------------
    def _operator_group(self) -> QGroupBox:
        box = QGroupBox("操作员")
        self.operator_form = ValidatedForm()
        self.operator_form.form.setContentsMargins(0, 0, 0, 0)
        self.operator_edit = QLineEdit(self.ctx.store.operator)
        self.operator_edit.setMaxLength(OPERATOR_MAX_LENGTH + 10)  # longer names get a message, not a silent cut
        self.operator_edit.returnPressed.connect(self.save_operator)
        self.operator_edit.setMaximumWidth(280)
        self.operator_form.add("operator", "当前操作员：", self.operator_edit, "操作员姓名，如：王芳")
        self.operator_save = QPushButton("保存操作员(&S)")
        self.operator_save.clicked.connect(self.save_operator)
        self.operator_saved = QLabel()
        self.operator_saved.setObjectName("operator_saved")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.operator_save)
        buttons.addWidget(self.operator_saved, 1)
        self.operator_form.form.addRow("", buttons)
        self.idle_lock = QSpinBox()
        self.idle_lock.setObjectName("idle_lock")
        self.idle_lock.setRange(MIN_MINUTES, MAX_MINUTES)
        self.idle_lock.setSuffix(" 分钟")
        self.idle_lock.setMaximumWidth(120)
        # saved on Enter or leaving the box, not at each arrow step (each save is logged, core.local_log)
        self.idle_lock.editingFinished.connect(self._idle_lock_edited)
        self.idle_lock_state = fact_label("idle_lock_state")
        idle_row = QHBoxLayout()
        idle_row.setContentsMargins(0, 0, 0, 0)
        idle_row.addWidget(self.idle_lock)
        idle_row.addWidget(self.idle_lock_state, 1)
        self.operator_form.form.addRow(buddy_label("闲置锁定(&L)：", self.idle_lock), idle_row)
        layout = QVBoxLayout(box)
        layout.addWidget(self.operator_form)
        if self.ctx.account:  # signed in: the name is the account's
            operator = self.ctx.operator
            self.operator_edit.setText(f"{operator.name}（{operator.role}）")
            self.operator_edit.setReadOnly(True)
            self.operator_form.form.setRowVisible(buttons, False)
            text = ("每一次新增、修改、删除、导入，都在“操作记录”中记下登录的操作员。修改密码、操作员管理（管理员）"
                    "和锁定在「文件」菜单中。闲置超过所设分钟数（1—120）后自动锁定，须输入密码继续；"
                    "保存在本数据库文件中，只有管理员可以更改（修改人和时间记在旁边）。")
        else:
            text = ("此后每一次新增、修改、删除、导入，都在“操作记录”中记下这个姓名。本数据库还没有操作员账号，"
                    "打开它的人都能修改数据；下次启动本软件时可以创建管理员账号，此后每人凭自己的账号登录。")
        layout.addWidget(note_label(text))
        self._show_idle_lock()
        return box

    def _show_idle_lock(self) -> None:
        """The database's idle minutes, who set them and when; the box only for roles that may change them."""
        self.idle_lock.blockSignals(True)
        self.idle_lock.setValue(idle_lock_minutes(self.ctx.reader))
        self.idle_lock.blockSignals(False)
        allowed = may(self.ctx.operator.role, IDLE_LOCK_ACTION)
        self.idle_lock.setEnabled(allowed)
        self.idle_lock.setToolTip("" if allowed else "只有管理员可以修改闲置锁定时间")
        change = idle_lock_change(self.ctx.reader).note or "（默认）"
        self.idle_lock_state.setText(change if self.ctx.account else f"{change}，设置操作员账号后才会锁定")

    def _idle_lock_edited(self) -> None:
        if self.idle_lock.value() != idle_lock_minutes(self.ctx.reader):
            self.set_idle_lock_minutes(self.idle_lock.value())

    def set_idle_lock_minutes(self, minutes: int) -> None:
        """闲置锁定（分钟）: written to the database on the worker (core.session_policy checks the role),
        then used at once by the window."""
        db, clock = self.ctx.db, self.ctx.store.clock
        by = self.ctx.operator if self.ctx.account else None

        def saved(stored: int) -> None:
            self._show_idle_lock()
            window = self.window()
            if hasattr(window, "set_idle_lock_minutes"):
                window.set_idle_lock_minutes(stored)

        def failed(error: BaseException) -> None:
            self._show_idle_lock()
            show_error(self, error)

        self.ctx.runner.run(lambda: set_idle_lock_minutes(db, by, minutes, clock), on_done=saved, on_error=failed,
                            parent=self, undoable=False)

    def save_operator(self) -> bool:
        """Save the operator's name on this computer and use it for the next changes; refuses a blank."""
        name = " ".join(self.operator_edit.text().split())
        if not name:
            problem = "请填写操作员姓名"
        elif len(name) > OPERATOR_MAX_LENGTH:
            problem = f"操作员姓名过长（最多{OPERATOR_MAX_LENGTH}字）"
        else:
            problem = ""
        self.operator_form.show_problems({"operator": problem} if problem else {})
        if problem:
            self.operator_saved.setText("")
            return False
        self.operator_edit.setText(name)
        settings.put(settings.OPERATOR, name)
        window = self.window()
        if hasattr(window, "set_operator"):
            window.set_operator(name)
        else:
            self.ctx.store.operator = name
        self.operator_saved.setText(f"已保存：此后的操作记为“{name}”。")
        return True

    # -- 工作日历 --------------------------------------------------------------------------
    def _calendar_group(self) -> QGroupBox:
        box = QGroupBox("工作日历")
        self.calendar_years = fact_label("calendar_years")
        self.calendar_button = QPushButton("打开工作日历(&W)…")
        self.calendar_button.setToolTip("查看和录入法定节假日、调休安排（Ctrl+Shift+C）")
        self.calendar_button.clicked.connect(self.open_calendar)
        buttons = QHBoxLayout()
        buttons.addWidget(self.calendar_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.calendar_years)
        layout.addLayout(buttons)
        layout.addWidget(note_label("公示期等按法定工作日计算。软件内置2004—2026年国务院公布的放假安排；"
                                    "以后各年，请在国务院公布后录入或导入当年的放假安排。"))
        return box

    def _show_calendar(self) -> None:
        """This year's and next year's source of holidays; a year only guessed in red."""
        calendar, year = load_calendar(self.ctx.reader), int(self.ctx.today()[:4])
        lines = [year_status(calendar, y, len(list_days(self.ctx.reader, y))) for y in (year, year + 1)]
        self.calendar_years.setText("<br>".join(
            f'<span style="color: #b3261e;">{text}</span>' if warning else text for text, warning in lines))

    def open_calendar(self) -> None:
        window = self.window()
        if hasattr(window, "open_calendar"):
            window.open_calendar()
            return
        from desktop_app.gui.dialogs.calendar_dialog import CalendarDialog

        dialog = CalendarDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # -- 规则方案 --------------------------------------------------------------------------
    def _rule_set_group(self) -> QGroupBox:
        box = QGroupBox("规则方案")
        self.rule_set_status = fact_label("rule_set_status")
        self.rule_set_button = QPushButton("打开规则方案(&R)…")
        self.rule_set_button.setToolTip("各等次分值、测评方面、测评人类别及权重、季度等次线，按年设置（Ctrl+Shift+R）")
        self.rule_set_button.clicked.connect(self.open_rule_sets)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rule_set_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.rule_set_status)
        layout.addLayout(buttons)
        layout.addWidget(note_label("规则方案保存在本数据库文件中，随文件交换到其他单位。某年没有自己的方案时沿用此前最近一年的，"
                                    "都没有时用默认规则方案；季度得分总是按该季度所在年份的方案计算。"))
        return box

    def _show_rule_sets(self) -> None:
        """This year's rule set (its own, 沿用, 默认) and the years that have one."""
        year = int(self.ctx.today()[:4])
        try:
            source = rules_for_year(self.ctx.reader, year).source
        except KaopingError as error:  # a broken rule set: say so, the dialog corrects it
            source = error.message
        years = "、".join(map(str, rule_set_years(self.ctx.reader))) or "无"
        self.rule_set_status.setText(f"{year}年：{source.rstrip('。')}。有自己规则方案的年份：{years}。")

    def open_rule_sets(self) -> None:
        window = self.window()
        if hasattr(window, "open_rule_sets"):
            window.open_rule_sets()
            return
        from desktop_app.gui.dialogs.rule_set_dialog import RuleSetDialog

        dialog = RuleSetDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # -- 月度实绩报送截止日 ------------------------------------------------------------------
    def _due_day_group(self) -> QGroupBox:
        box = QGroupBox("月度实绩")
        tip = self.due_day_tip = ("保存在本数据库文件中，不是一条可撤销的记录：Ctrl+Z 不会撤销它，也不记入操作记录"
                                  "（修改人和时间记在旁边）；要改回，重新设置即可。只有管理员可以修改。")
        self.due_day = QSpinBox()
        self.due_day.setObjectName("due_day")
        self.due_day.setRange(1, 31)
        self.due_day.setPrefix("每月 ")
        self.due_day.setSuffix(" 日")
        self.due_day.setToolTip(tip)
        self.due_day.valueChanged.connect(self._show_due_day)
        self.due_day.lineEdit().returnPressed.connect(self.save_due_day)
        label = QLabel("月度实绩报送截止日(&J)：")
        label.setBuddy(self.due_day)
        self.due_day_save = QPushButton("保存截止日(&B)")
        self.due_day_save.setToolTip(tip)
        self.due_day_save.clicked.connect(self.save_due_day)
        self.due_day_text = fact_label("due_day_text")
        row = QHBoxLayout()
        for widget in (label, self.due_day, self.due_day_save):
            row.addWidget(widget)
        row.addWidget(self.due_day_text, 1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(note_label("每月的实绩报告须在此日（含）之前提交；二月等不足此日的月份以月末为准。"
                                    "“月度实绩”页的截止日期、按时 / 逾期 / 未报和连续缺报都按此计算。"))
        return box

    def _show_due_day_setting(self) -> None:
        """The stored due day, who set it and when; the control only for roles that may change it."""
        self.due_day.setValue(due_day_setting(self.ctx.reader))
        allowed = may(self.ctx.operator.role, DUE_DAY_ACTION)
        self.due_day.setEnabled(allowed)
        self.due_day_save.setEnabled(allowed)
        self.due_day_save.setToolTip(self.due_day_tip if allowed else "只有管理员可以修改报送截止日")
        self._show_due_day()

    def _show_due_day(self) -> None:
        self.due_day_text.setText(due_day_text(self.due_day.value()) + due_day_change(self.ctx.reader).note)

    def save_due_day(self) -> None:
        """保存截止日: written on the worker (the database's settings, not a record: no undo)."""
        if not self.due_day_save.isEnabled():
            return
        db, day = self.ctx.db, self.due_day.value()
        by, clock = (self.ctx.operator if self.ctx.account else None), self.ctx.store.clock
        self.due_day_save.setEnabled(False)

        def saved(_result) -> None:
            self.due_day_save.setEnabled(True)
            self.due_day_text.setText(f"已保存：{due_day_text(day)}{due_day_change(self.ctx.reader).note}。")

        def failed(error: BaseException) -> None:
            self.due_day_save.setEnabled(True)
            show_error(self, error)

        self.ctx.runner.run(lambda: set_due_day(db, day, by, clock), on_done=saved, on_error=failed, parent=self,
                            undoable=False)

    # -- 数据库 ----------------------------------------------------------------------------
    def _database_group(self) -> QGroupBox:
        box = QGroupBox("数据库")
        form = QFormLayout()
        self.database_facts = {key: fact_label(f"database_{key}") for key in
                               ("path", "office", "office_id", "schema", "size", "records")}
        for key, label in (("path", "数据库文件："), ("office", "本单位："), ("office_id", "单位编号："),
                           ("schema", "结构版本："), ("size", "文件大小："), ("records", "记录数：")):
            form.addRow(label, self.database_facts[key])
        self.check_button = QPushButton("数据库体检(&C)")
        self.check_button.setToolTip("只读检查：SQLite 完整性、结构版本、每条记录的版本与操作记录；不修改文件")
        self.check_button.clicked.connect(self.run_check)
        self.folder_button = QPushButton("打开所在文件夹(&O)")
        self.folder_button.clicked.connect(self.open_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        self.check_result = fact_label("check_result")
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.check_result)
        return box  # filled by refresh(), which the window calls when the page is shown

    def _show_database(self) -> None:
        path = Path(self.ctx.db.path)
        summary = database_summary(self.ctx.reader, path)
        schema = f"第 {summary.schema_version} 版"
        if summary.schema_version != summary.app_schema_version:
            schema += f"（本软件为第 {summary.app_schema_version} 版）"
        facts = {"path": str(path), "office": summary.office_name, "office_id": summary.office_id,
                 "schema": schema, "size": readable_size(summary.file_size),
                 "records": f"单位 {summary.units} 个，干部 {summary.cadres} 人"}
        for key, text in facts.items():
            self.database_facts[key].setText(text)

    def run_check(self) -> None:
        """数据库体检 on the worker (read-only); the result is shown under the buttons."""
        path = self.ctx.db.path
        self.check_button.setEnabled(False)
        self.check_result.setStyleSheet("")
        self.check_result.setText("正在体检…")

        def failed(error: BaseException) -> None:
            self.check_button.setEnabled(True)
            self.check_result.setText("")
            show_error(self, error)

        self.ctx.runner.run(lambda: check_database(path), on_done=self.show_check, on_error=failed, parent=self,
                            progress="正在检查数据库…")

    def show_check(self, report: CheckReport) -> None:
        self.check_button.setEnabled(True)
        if report.ok:
            self.check_result.setStyleSheet(OK_STYLE)
            self.check_result.setText("体检结果：正常。未发现问题（文件完整，每条记录都有对应的版本和操作记录）。")
            return
        self.check_result.setStyleSheet(ERROR_STYLE)
        lines = "\n".join(f"· {problem}" for problem in report.problems)
        self.check_result.setText(f"体检结果：发现 {len(report.problems)} 个问题。\n{lines}\n"
                                  "请先备份此文件，再联系技术支持。")

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.ctx.db.path).parent)))

    # -- 关于 ------------------------------------------------------------------------------
    def _about_group(self) -> QGroupBox:
        box = QGroupBox("关于")
        form = QFormLayout(box)
        font = QApplication.font()
        self.about_facts = {}
        for key, label, text in (
                ("version", "软件版本：", app_version()),
                ("data_dir", "数据目录：", str(data_dir())),
                ("log", "日志文件：", str(log_path())),
                ("font", "界面字体：", f"{font.family()}，{font.pointSize()} 磅")):
            self.about_facts[key] = fact_label(f"about_{key}")
            self.about_facts[key].setText(text)
            form.addRow(label, self.about_facts[key])
        return box
