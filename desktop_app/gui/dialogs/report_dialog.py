"""《实绩报告登记表》: one cadre's report for a month — fill in, save, submit, review, send back.

Fast entry: 下一位 (Ctrl+PgDown) saves the draft when it changed and opens the next cadre of
the list the page showed when the dialog was opened (same filter and order, same month);
上一位 (Ctrl+PgUp) goes back. 保存草稿 Ctrl+S, 提交 Ctrl+Enter (saves first, dated today),
复制上月计划 Ctrl+L, 打印 Ctrl+P (this form as a PDF; a changed draft is saved first). Every write
runs on the worker and is one undo step (Ctrl+Z in the main window). The report is read-only once submitted, except for the review (审核) while 已提交.
"""

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import ValidationError
from desktop_app.core.monthly_reports import (
    GRADES,
    get_report,
    last_month_plans,
    review_report,
    save_draft,
    submission_problems,
    submit_report,
)
from desktop_app.core.months import month_label
from desktop_app.core.report_gaps import CadreMonth
from desktop_app.gui.dialogs.print_forms_dialog import PrintScope
from desktop_app.gui.dialogs.report_fields import ChoiceButtons, ItemsGrid, ItemsModel
from desktop_app.gui.dialogs.report_review import ReturnDialog, ReviewSection
from desktop_app.gui.errors import show_error
from desktop_app.gui.models.monthly_models import STATUS_COLOURS
from desktop_app.gui.widgets import ERROR_STYLE, NOTE_STYLE, ValidatedForm, confirm, show_status

BODY_FIELDS = ("plans", "items", "self_grade")
EDITABLE_STATES = ("", "草稿")
REVIEW_STATES = ("已提交", "已审核", "已公示", "归档")


def _normal(values: dict) -> tuple:
    """The form's content as the core would keep it, to tell whether anything changed."""
    plans = tuple(line.strip() for line in values["plans"] if line.strip())
    items = tuple(tuple(v.strip() for v in item.values()) for item in values["items"]
                  if any(v.strip() for v in item.values()))
    return plans, items, values["self_grade"]


class ReportDialog(QDialog):
    """The report of `sequence[position]` for `month`; `status_of(cadre_id)` gives its current status."""

    current_changed = Signal(str)  # the cadre shown, after each move

    def __init__(self, ctx, month: str, sequence: list[CadreMonth], position: int,
                 status_of: Callable[[str], CadreMonth | None], parent: QWidget | None = None, *, printer=None):
        super().__init__(parent)
        self.ctx, self.month, self.sequence, self.status_of = ctx, month, list(sequence), status_of
        self.printer = printer  # the page's MonthlyFiles: 打印 (Ctrl+P) when given
        self.position = position
        self.report: dict | None = None
        self.busy = False
        self.return_dialog: ReturnDialog | None = None
        self._loaded: tuple = ()
        self.setWindowTitle("实绩报告登记表")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)  # grows when the review shows
        layout.addLayout(self._build_header())
        layout.addWidget(self._build_body(), 1)
        self.review = ReviewSection()
        self.review.approve_button.clicked.connect(self.approve)
        self.review.return_button.clicked.connect(self.send_back)
        layout.addWidget(self.review)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons())
        self._install_shortcuts()
        self.load(position)
        self.resize(max(self.width(), 960), max(self.height(), 700))

    # -- building --------------------------------------------------------------------------------
    def _build_header(self) -> QVBoxLayout:
        title = QLabel("实绩报告登记表")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 15pt; font-weight: bold; padding: 2px;")
        grid = QHBoxLayout()
        grid.setSpacing(4)
        self.header: dict[str, QLabel] = {}
        for key, caption in (("name", "姓名"), ("unit", "单位"), ("month", "月份"), ("status", "状态")):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-weight: bold;")
            grid.addWidget(QLabel(f"{caption}："))
            grid.addWidget(value)
            grid.addSpacing(28)
            self.header[key] = value
        grid.addStretch(1)
        self.notice = QLabel()  # 退回原因 or a recorded 未报说明
        self.notice.setWordWrap(True)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addLayout(grid)
        column.addWidget(self.notice)
        return column

    def _build_body(self) -> ValidatedForm:
        self.form = ValidatedForm()
        self.form.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.plans = QPlainTextEdit()
        self.plans.setPlaceholderText("每行一项，例：推进重点项目建设")
        self.plans.setTabChangesFocus(True)
        self.plans.setFixedHeight(76)
        self.copy_button = QPushButton("复制上月计划（Ctrl+L）")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_last_month)
        plans_row = QWidget()
        row = QHBoxLayout(plans_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.plans, 1)
        row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.form.add("plans", "本月计划(&J)（每行一项）", plans_row)
        self.form.fields["plans"] = self.plans  # Alt+J and problems focus the text, not its row
        self.form.form.labelForField(plans_row.parentWidget()).setBuddy(self.plans)
        self.items = ItemsModel(self)
        self.grid = ItemsGrid(self.items)
        self.grid.setMinimumHeight(170)
        self.form.add("items", "完成事项(&W)（Tab/Enter 到下一格，在最后一行输入即新增一行，Ctrl+Delete 删除一行）",
                      self.grid)
        self.self_grade = self.form.add("self_grade", "自评等次(&G)（按 1–4 选择）", ChoiceButtons(GRADES))
        return self.form

    def _build_buttons(self) -> QHBoxLayout:
        def button(text: str, slot) -> QPushButton:
            made = QPushButton(text)
            made.setAutoDefault(False)
            made.clicked.connect(slot)
            row.addWidget(made)
            return made

        row = QHBoxLayout()
        self.previous_button = button("上一位（Ctrl+PgUp）", lambda: self.go(-1))
        self.next_button = button("下一位（Ctrl+PgDown）", lambda: self.go(1))
        self.position_label = QLabel()
        self.position_label.setStyleSheet(NOTE_STYLE)
        row.addWidget(self.position_label)
        row.addStretch(1)
        self.save_button = button("保存草稿（Ctrl+S）", self.save)
        self.submit_button = button("提交（Ctrl+Enter）", self.submit)
        self.print_button = button("打印（Ctrl+P）", self.print_form)
        self.print_button.setVisible(self.printer is not None)
        self.print_button.setToolTip("把这份登记表按数据库中保存的内容生成 PDF；有未保存的修改时先保存草稿")
        self.close_button = button("关闭（Esc）", self.reject)
        return row

    def _install_shortcuts(self) -> None:
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+Return", self.submit), ("Ctrl+Enter", self.submit),
                           ("Ctrl+L", self.copy_last_month), ("Ctrl+P", self.print_form),
                           ("Ctrl+PgDown", lambda: self.go(1)),
                           ("Ctrl+PgUp", lambda: self.go(-1))):
            QShortcut(QKeySequence(keys), self, slot)

    # -- loading ---------------------------------------------------------------------------------
    @property
    def entry(self) -> CadreMonth:
        snapshot = self.sequence[self.position]
        return self.status_of(snapshot.cadre_id) or snapshot

    @property
    def cadre_id(self) -> str:
        return self.sequence[self.position].cadre_id

    @property
    def editable(self) -> bool:
        return (self.report["state"] if self.report else "") in EDITABLE_STATES

    def load(self, position: int) -> None:
        """Show the report of `sequence[position]` as stored now."""
        self.position = position
        self.report = get_report(self.ctx.reader, self.cadre_id, self.month)
        report = self.report or {"state": "", "plans": [], "items": [], "self_grade": ""}
        editable = self.editable
        self.plans.setPlainText("\n".join(report["plans"]))
        self.plans.setReadOnly(not editable)
        self.items.set_items(report["items"], read_only=not editable)
        self.self_grade.set_value(report["self_grade"])
        self.self_grade.set_read_only(not editable)
        self.review.setVisible(report["state"] in REVIEW_STATES)
        if report["state"] in REVIEW_STATES:
            self.review.show_report(report, self.ctx.today())
        self._show_header(report)
        self.form.clear_problems()
        self.message.clear()
        self._loaded = _normal(self.values())
        self._update_buttons()
        self.current_changed.emit(self.cadre_id)
        (self.plans if editable else self.next_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_header(self, report: dict) -> None:
        entry = self.entry
        self.header["name"].setText(entry.name)
        self.header["unit"].setText(entry.unit_name)
        self.header["month"].setText(month_label(self.month))
        state = report["state"] or "未填写"
        submitted = f"，{report['submitted_on']}" if report.get("submitted_on") else ""
        colour = STATUS_COLOURS.get(entry.status)
        self.header["status"].setText(f"{entry.status}（{state}{submitted}）")
        self.header["status"].setStyleSheet(f"font-weight: bold; color: {colour};" if colour else "font-weight: bold;")
        remarks = report.get("review_remarks") or ""
        if report["state"] == "草稿" and remarks.startswith("退回"):
            self.notice.setText(f"已退回修改 —— {remarks.removeprefix('退回：')}")
            self.notice.setStyleSheet(ERROR_STYLE)
        elif entry.excuse:
            self.notice.setText(f"已登记未报说明：{entry.excuse}")
            self.notice.setStyleSheet(NOTE_STYLE)
        else:
            self.notice.clear()
        self.setWindowTitle(f"实绩报告登记表 — {entry.name} {month_label(self.month)}")
        self.position_label.setText(f"第 {self.position + 1} / {len(self.sequence)} 人")

    def _update_buttons(self) -> None:
        editable = self.editable and not self.busy
        for button in (self.save_button, self.submit_button, self.copy_button):
            button.setEnabled(editable)
        self.print_button.setEnabled(not self.busy)
        self.previous_button.setEnabled(not self.busy and self.position > 0)
        self.next_button.setEnabled(not self.busy and self.position < len(self.sequence) - 1)
        self.review.approve_button.setEnabled(not self.busy)
        self.review.return_button.setEnabled(not self.busy)

    # -- the form --------------------------------------------------------------------------------
    def values(self) -> dict:
        """What the operator entered (an open cell editor is committed first)."""
        self.grid.commit_open_editor()
        return {"plans": self.plans.toPlainText().splitlines(), "items": self.items.items(),
                "self_grade": self.self_grade.value()}

    def dirty(self) -> bool:
        return self.editable and _normal(self.values()) != self._loaded

    def copy_last_month(self) -> None:
        """复制上月计划 (Ctrl+L): last month's plans, after any already typed (none twice)."""
        if not self.editable:
            return
        plans = last_month_plans(self.ctx.reader, self.cadre_id, self.month)
        if not plans:
            self._say("上月没有填写计划，无可复制。")
            return
        typed = [line for line in self.plans.toPlainText().splitlines() if line.strip()]
        self.plans.setPlainText("\n".join(typed + [plan for plan in plans if plan not in typed]))
        self._say(f"已复制上月计划 {len(plans)} 项。")
        self.plans.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem inline: under its field, rows of the grid shaded; the rest in the message line."""
        rows = {int(key.split(".")[1]) - 1: text for key, text in problems.items()
                if key.startswith("items.") and key.split(".")[1].isdigit()}
        body = {key: text for key, text in problems.items() if key in BODY_FIELDS}
        if rows:
            body["items"] = "；".join(([body["items"]] if "items" in body else []) + list(rows.values()))
        self.form.show_problems(body)
        self.items.set_problems(rows)
        if rows and min(rows) < self.items.rowCount():
            self.grid.setCurrentIndex(self.items.index(min(rows), 0))  # on the first row refused
        self.review.show_problems(problems)
        rest = [text for key, text in problems.items() if key not in body and not key.startswith("items.")
                and key not in self.review.form.fields and key != "date"]
        self._say("；".join(rest), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        if text and not error:
            show_status(self.parentWidget() or self, text)

    # -- writing ---------------------------------------------------------------------------------
    def _run(self, work, done, note: str) -> None:
        self._set_busy(True)

        def finished(_result) -> None:
            self._set_busy(False)
            done()
            if note:
                self._say(note)

        self.ctx.runner.run(work, parent=self, on_done=finished, on_error=self._refused)

    def save(self, *, then: Callable[[], None] | None = None) -> None:
        """保存草稿 (Ctrl+S); `then` runs after a successful save instead of re-showing this report."""
        if self.busy or not self.editable:
            return
        if self.report is not None and not self.dirty():
            if then is None:
                self._say("没有修改，无需保存。")
            else:
                then()
            return
        values, store, cadre_id, month = self.values(), self.ctx.store, self.cadre_id, self.month
        name = self.entry.name
        self._run(lambda: save_draft(store, cadre_id, month, **values), then or (lambda: self.load(self.position)),
                  "" if then else f"已保存 {name} 的草稿（可在主窗口按 Ctrl+Z 撤销）。")

    def submit(self) -> None:
        """提交 (Ctrl+Enter): save the draft if it changed, then submit it dated today."""
        if self.busy or not self.editable:
            return
        values = self.values()
        problems = submission_problems(values["items"], values["self_grade"])
        if problems:
            self.show_problems(problems)
            return
        store, cadre_id, month, today = self.ctx.store, self.cadre_id, self.month, self.ctx.today()
        name = self.entry.name

        def submit_saved() -> None:
            self._run(lambda: submit_report(store, cadre_id, month, today), lambda: self.load(self.position),
                      f"已提交 {name} {month_label(month)}的报告（{today}）。")

        self.save(then=submit_saved)

    def approve(self) -> None:
        """审核通过: the review and the principal's signature, dated today."""
        if self.busy or not self.report or self.report["state"] != "已提交":
            return
        values, store, cadre_id, month, today = self.review.values(), self.ctx.store, self.cadre_id, self.month, \
            self.ctx.today()
        self._run(lambda: review_report(store, cadre_id, month, on=today, **values), lambda: self.load(self.position),
                  f"已审核 {self.entry.name} {month_label(month)}的报告。")

    def send_back(self) -> None:
        """退回…: asks for the reason, then the report is a draft again."""
        if self.busy or not self.report or self.report["state"] not in ("已提交", "已审核"):
            return
        self.return_dialog = ReturnDialog(self.ctx, self.cadre_id, self.entry.name, self.month, self)
        self.return_dialog.returned.connect(lambda: (self.load(self.position), self._say("已退回修改。")))
        self.return_dialog.open()

    def print_form(self) -> None:
        """打印 (Ctrl+P): this cadre's form for the month as a PDF (a changed draft is saved first)."""
        if self.busy or self.printer is None:
            return
        entry = self.entry
        scope = PrintScope("cadre", "所选干部", f"{entry.name}（{entry.unit_name}）", entry.name,
                           cadre_ids=(entry.cadre_id,))
        print_it = partial(self.printer.print_forms, self.month, scope, blank=False, parent=self)
        if self.dirty():
            self.save(then=lambda: (self.load(self.position), print_it()))
        else:
            print_it()

    def go(self, step: int) -> None:
        """下一位 / 上一位: save a changed draft first, then show the neighbour in the list."""
        target = self.position + step
        if self.busy:
            return
        if not 0 <= target < len(self.sequence):
            self._say("已是列表中的最后一位。" if step > 0 else "已是列表中的第一位。")
            return
        if self.dirty():
            self.save(then=lambda: self.load(target))
        else:
            self.load(target)

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ValidationError):
            self.show_problems(error.problems)
        else:
            show_error(self, error)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    # -- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc / 关闭: asks before dropping changes not saved."""
        if self.busy:
            return
        if self.dirty() and not confirm(self, "放弃修改", "本报告有修改尚未保存，关闭将放弃这些修改。",
                                        action="放弃修改"):
            return
        super().reject()

    def keyPressEvent(self, event) -> None:
        # Enter must never close the form by accident: it moves to the next field.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.focusNextChild()
            return
        super().keyPressEvent(event)
