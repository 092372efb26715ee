"""系统设置: the operator's name (or the signed-in account) and 闲置锁定, 数据安全 (full ID numbers this session,
交换文件必须加密, 数据库加密存放), the working-day calendar, the rule sets
(规则方案), the monthly reports' due day (月度实绩报送截止日), the database (facts, 体检), about."""

import importlib.metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
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
from desktop_app.gui.full_values import FullValuesToggle
from desktop_app.gui.models.calendar_models import year_status
from desktop_app.gui.widgets import ERROR_STYLE, ValidatedForm, buddy_label, confirm, note_label
from desktop_app.logging_setup import log_path
from desktop_app.resources import backups_dir, data_dir
from desktop_app.transfer import storage_encryption
from desktop_app.transfer.policy import LABEL as ENCRYPTION_LABEL
from desktop_app.transfer.policy import encryption_policy, set_encryption_required

OPERATOR_MAX_LENGTH = 20
OK_STYLE = "color: #1e7b34; font-weight: bold;"
CONTENT_WIDTH = 860


def _fact(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def due_day_text(day: int) -> str:
    """每月25日 / 每月30日，二月为月末 / 每月31日，二月及小月为月末."""
    return f"每月{day}日" + {29: "，二月为月末", 30: "，二月为月末", 31: "，二月及小月为月末"}.get(day, "")


def app_version() -> str:
    try:
        return importlib.metadata.version("kaoping-desk")
    except importlib.metadata.PackageNotFoundError:
        return "开发版"


class SettingsPage(QWidget):
    def __init__(self, ctx, spec, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.storage_runner = None  # converting the database (加密存放 / 取消加密): tests wait on it
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
        self.idle_lock_state = _fact("idle_lock_state")
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

    # -- 数据安全 ---------------------------------------------------------------------------
    def _privacy_group(self) -> QGroupBox:
        box = QGroupBox("数据安全")
        self.full_id_numbers = FullValuesToggle(self.ctx, "D", self)
        self.encryption = QCheckBox(f"{ENCRYPTION_LABEL}(&Y)")
        self.encryption.setObjectName("transfer_encryption_required")
        self.encryption.toggled.connect(self.set_encryption_required)
        self.encryption_state = _fact("transfer_encryption_state")
        layout = QVBoxLayout(box)
        layout.addWidget(self.full_id_numbers)
        layout.addWidget(note_label("默认不勾选：列表、导出的 Excel 和打印的档案中，身份证号只显示前4位和后4位"
                                    "（如 5201**********123X），电话只显示前3位和后4位（如 138****0000）。"
                                    "勾选只在本次使用期间有效、不保存，只有审核员和管理员可以勾选。"))
        layout.addWidget(self.encryption)
        layout.addWidget(self.encryption_state)
        layout.addWidget(note_label("开启时（默认），导出交换文件必须设置口令（AES-256-GCM 加密），U盘丢失也不会泄露数据。"
                                    "保存在本数据库文件中，只有管理员可以更改。"))
        self.storage_state = _fact("database_encryption_state")
        self.storage_button = QPushButton()
        self.storage_button.setObjectName("database_encryption_button")
        self.storage_button.clicked.connect(self.change_storage)
        storage_row = QHBoxLayout()
        storage_row.addWidget(self.storage_button)
        storage_row.addStretch(1)
        layout.addWidget(self.storage_state)
        layout.addLayout(storage_row)
        layout.addWidget(note_label("开启后，数据库文件和此后的备份用本机的数据库密钥加密（SQLCipher，AES-256），"
                                    "文件被复制走或U盘丢失也读不出内容。密钥在本机数据目录的“密钥”文件夹中："
                                    "丢失密钥就再也打不开数据库，换电脑时须连同“密钥”文件夹一起复制。只有管理员可以开启或取消。"))
        self._show_security()
        self._show_storage()
        return box

    def _show_security(self) -> None:
        """The session's full-values toggle and the encryption policy, as they are now."""
        self.full_id_numbers.sync()
        policy = encryption_policy(self.ctx.reader)
        self.encryption.blockSignals(True)
        self.encryption.setChecked(policy.required)
        self.encryption.blockSignals(False)
        self.encryption.setEnabled(may(self.ctx.operator.role, "修改安全设置"))
        self.encryption_state.setText(policy.description + "。")

    def set_encryption_required(self, required: bool) -> None:
        """交换文件必须加密 on or off, written on the worker (the database's settings, not a record)."""
        db, operator = self.ctx.db, self.ctx.operator

        def failed(error: BaseException) -> None:
            self._show_security()
            show_error(self, error)

        self.ctx.runner.run(lambda: set_encryption_required(db, operator, required), parent=self, undoable=False,
                            on_done=lambda _policy: self._show_security(), on_error=failed)

    def _show_storage(self) -> None:
        """数据库加密存放：已开启 / 未开启, and the button that turns it the other way (管理员 only)."""
        state = storage_encryption.storage_state(self.ctx.db.path)
        key = f"（密钥：{storage_encryption.key_place()}）" if state.encrypted else ""
        self.storage_state.setText(f"数据库加密存放：{'已开启' if state.encrypted else '未开启'}{key}")
        self.storage_button.setText("取消加密(&K)…" if state.encrypted else "加密存放(&K)…")
        allowed = may(self.ctx.operator.role, storage_encryption.ACTION)
        self.storage_button.setEnabled(allowed and storage_encryption.available())
        if not storage_encryption.available():
            self.storage_button.setToolTip("本机安装的考评台不含数据库加密组件（sqlcipher3）")
        elif not allowed:
            self.storage_button.setToolTip(f"只有管理员可以开启或取消数据库加密存放（您的角色是{self.ctx.operator.role}）")
        else:
            self.storage_button.setToolTip("转换期间会暂时关闭数据库，完成后以同一操作员身份重新打开")

    def change_storage(self) -> None:
        """加密存放… / 取消加密…: asked first (the key's place and what losing it means), then converted with
        the database closed (closed_database) and reopened as the same operator."""
        path = Path(self.ctx.db.path)
        try:  # asked before closing the database: the conversion checks again
            storage_encryption.may_convert(path, self.ctx.operator if self.ctx.account else None)
        except KaopingError as error:
            show_error(self, error)
            return
        encrypt = not storage_encryption.storage_state(path).encrypted
        title, text, action = confirm_texts(encrypt)
        if not confirm(self, title, text, action=action):
            return
        window = self.window()
        if hasattr(window, "switch_database"):
            self.storage_runner = convert_storage(window, encrypt)

    # -- 工作日历 --------------------------------------------------------------------------
    def _calendar_group(self) -> QGroupBox:
        box = QGroupBox("工作日历")
        self.calendar_years = _fact("calendar_years")
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
        self.rule_set_status = _fact("rule_set_status")
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
        self.due_day_text = _fact("due_day_text")
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
        self.database_facts = {key: _fact(f"database_{key}") for key in
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
        self.check_result = _fact("check_result")
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
            self.about_facts[key] = _fact(f"about_{key}")
            self.about_facts[key].setText(text)
            form.addRow(label, self.about_facts[key])
        return box


# -- 数据库加密存放 ---------------------------------------------------------------------------------
def confirm_texts(encrypt: bool) -> tuple[str, str, str]:
    """The question before 加密存放 / 取消加密: (title, text, the button's word)."""
    if encrypt:
        return ("加密存放数据库", "用本机的数据库密钥加密存放数据库文件吗？\n\n"
                f"· {storage_encryption.key_warning()}\n"
                f"· {storage_encryption.BACKUPS_AFTER_ENCRYPT}\n\n"
                "转换期间会暂时关闭数据库，完成后以同一操作员身份重新打开，请稍候。", "加密存放")
    return ("取消加密", "取消加密，把数据库文件恢复为普通文件吗？\n\n"
            "· 取消后，拿到数据库文件的人不需要密钥就能读取其中的全部数据。\n"
            f"· {storage_encryption.BACKUPS_AFTER_DECRYPT}\n\n"
            "转换期间会暂时关闭数据库，完成后以同一操作员身份重新打开，请稍候。", "取消加密")


def convert_storage(window, encrypt: bool):
    """Encrypt (or decrypt) the window's database with it closed, reopen it, show 系统设置 again and the
    outcome in the status bar. Returns the runner doing it (tests wait on it)."""
    from desktop_app.gui.closed_database import with_database_closed

    def convert(path, by):
        if encrypt:
            return storage_encryption.encrypt_at_rest(path, by, backups_dir())
        return storage_encryption.decrypt_at_rest(path, by)

    def finished(result, error: BaseException | None) -> None:
        window.show_page("settings")
        if error is not None:
            show_error(window, error)
            return
        checked = f"{result.tables} 张表、{result.rows} 条记录已核对"
        backups = f"，“备份”文件夹中的 {result.backups} 份旧备份也已加密" if encrypt and result.backups else ""
        text = (f"数据库已加密存放（{checked}{backups}）。" if encrypt
                else f"已取消加密：数据库现在是普通文件（{checked}）。")
        window.statusBar().showMessage(text, 15000)

    return with_database_closed(window, convert, busy="正在加密数据库，请稍候…" if encrypt else "正在取消加密，请稍候…",
                                title="加密存放" if encrypt else "取消加密", finished=finished)
