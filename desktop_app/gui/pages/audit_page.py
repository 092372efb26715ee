"""操作记录 (全程记实): every change of every record, newest first, with filters; 核验记实链 checks
that no entry was changed, deleted or inserted outside the app (core.audit_verify)."""

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from db.records import TABLE_LABELS
from desktop_app.core.audit import audit_log, operators
from desktop_app.core.audit_verify import verify_audit
from desktop_app.gui.history_view import HistoryView
from desktop_app.gui.widgets import ERROR_STYLE, SearchBox, buddy_label, choice_box, push_button

LIMIT = 1000  # rows shown at most; more means the operator should narrow the filters
OBJECT_TABLES = ("cadres", "units", "posts")  # 干部 / 单位 / 任职经历
DATE_FORMAT = "yyyy-MM-dd"


class DateLimit(QWidget):
    """A checkbox and a date: 从/至 a day, or 不限 while unchecked."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(label)
        self.check.setToolTip(f"勾选后按日期限定（{label}）；不勾选为不限")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setEnabled(False)
        self.check.toggled.connect(self.date.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.check)
        layout.addWidget(self.date)

    def value(self) -> str | None:
        """'YYYY-MM-DD', or None for 不限."""
        return self.date.date().toString(DATE_FORMAT) if self.check.isChecked() else None

    def set_value(self, day: str | None) -> None:
        if day:
            self.date.setDate(QDate.fromString(day, DATE_FORMAT))
        self.check.setChecked(bool(day))


class AuditLogPage(QWidget):
    """操作记录. Filters apply at once; the text filter on Enter or 查询."""

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.history = HistoryView(self)
        self._build_filters()
        self._build_layout()
        self._set_default_dates()

    # -- building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.object_filter = choice_box([(table, TABLE_LABELS[table]) for table in OBJECT_TABLES])
        self.object_filter.setObjectName("audit_object_filter")
        self.operator_filter = choice_box([])
        self.operator_filter.setObjectName("audit_operator_filter")
        self.since = DateLimit("从")
        self.until = DateLimit("至")
        self.text = SearchBox("搜索变更内容或说明，按 Enter 查询", self)
        self.text.setObjectName("audit_text")
        self.text.returnPressed.connect(self.apply_filters)
        self.query_button = push_button("查询", "按所选条件查询（在搜索框中按 Enter 亦可）", self.apply_filters)
        for box in (self.object_filter, self.operator_filter):
            box.currentIndexChanged.connect(self.apply_filters)
        for limit in (self.since, self.until):
            limit.check.toggled.connect(self.apply_filters)
            limit.date.dateChanged.connect(self.apply_filters)
        self.verify_button = push_button("核验记实链(&V)…", "核对每条记实的链值与封印：找出绕过考评台改动、删除或插入的记实",
                                         self.verify_chain)
        self.verify_button.setObjectName("audit_verify")
        self.count_label = QLabel()
        self.count_label.setObjectName("audit_count")
        self.limit_label = QLabel()
        self.limit_label.setObjectName("audit_limit")
        self.limit_label.setStyleSheet(ERROR_STYLE)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (("对象(&B)：", self.object_filter), ("操作员(&O)：", self.operator_filter)):
            filters.addWidget(buddy_label(label, widget))
            filters.addWidget(widget)
            filters.addSpacing(12)
        filters.addWidget(self.since)
        filters.addWidget(self.until)
        filters.addStretch(1)
        search = QHBoxLayout()
        search.addWidget(self.text, 1)
        search.addWidget(self.query_button)
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addSpacing(12)
        status.addWidget(self.limit_label)
        status.addStretch(1)
        status.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(search)
        layout.addWidget(self.history, 1)
        layout.addLayout(status)
        order = (self.object_filter, self.operator_filter, self.since.check, self.since.date, self.until.check,
                 self.until.date, self.text, self.query_button, self.history.view, self.history.detail,
                 self.verify_button)
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    def _set_default_dates(self) -> None:
        """Both limits unchecked (不限); once checked they start at the last 30 days."""
        today = QDate.fromString(self.ctx.today(), DATE_FORMAT)
        for limit, day in ((self.since, today.addDays(-30)), (self.until, today)):
            limit.date.blockSignals(True)
            limit.date.setDate(day)
            limit.date.blockSignals(False)

    # -- showing -------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Reload when shown, and after any change while visible."""
        if changes is not None and not self.isVisible():
            return  # reloaded when shown again
        self._load_operators()
        self.apply_filters()

    def _load_operators(self) -> None:
        chosen = self.operator_filter.currentData()
        self.operator_filter.blockSignals(True)
        self.operator_filter.clear()
        self.operator_filter.addItem("全部", None)
        for name in operators(self.ctx.reader):
            self.operator_filter.addItem(name, name)
        self.operator_filter.setCurrentIndex(max(0, self.operator_filter.findData(chosen)) if chosen else 0)
        self.operator_filter.blockSignals(False)

    def filters(self) -> dict:
        """The audit_log keyword arguments the filters stand for."""
        return {"table": self.object_filter.currentData(), "operator": self.operator_filter.currentData(),
                "since": self.since.value(), "until": self.until.value(), "text": self.text.text().strip() or None}

    def apply_filters(self) -> None:
        """查询: read the log through the GUI's read-only connection (fast) and show it."""
        found = audit_log(self.ctx.reader, **self.filters(), limit=LIMIT + 1)
        self.history.show_entries(found[:LIMIT], full_id_numbers=self.ctx.show_full_id_numbers)
        shown = min(len(found), LIMIT)
        self.count_label.setText(f"显示最近 {shown} 条" if shown else "没有符合条件的记录")
        self.limit_label.setText(f"只显示最近{LIMIT}条，请缩小范围" if len(found) > LIMIT else "")

    # -- 核验记实链 ------------------------------------------------------------------------------
    def verify_chain(self) -> None:
        """Verify the audit chain on the worker (progress shown); the result names the first broken entry."""
        db = self.ctx.db
        self.ctx.runner.run(lambda progress: verify_audit(db, progress=progress), on_done=self._chain_checked,
                            parent=self, progress="正在核验记实链…")

    def _chain_checked(self, check) -> None:
        text = "\n".join(check.lines())
        if check.ok:
            QMessageBox.information(self, "核验记实链", text)
        else:
            QMessageBox.warning(self, "核验记实链：发现问题", text)
