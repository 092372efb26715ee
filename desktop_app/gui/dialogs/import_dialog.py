"""Importing a file with a preview (导入预览): every row and what it would do, before anything is written.

The file is read and planned on the worker; the operator sees the plan (新增 / 更新 /
无变化 / 有问题, with the row number and a Chinese reason), and only 导入 writes — the
valid rows, in one transaction and one undo step. `PreviewImportDialog` is that dialog for
any plan whose rows have an `action` ('reject' for a row with a problem) and whose `counts`
and `rejected` say what it holds; `RosterImportDialog` (导入干部名册) is the roster's.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.masking import Disclosure, disclosure, export_statement
from desktop_app.core.roster_import import (
    ImportPlan,
    ImportResult,
    RosterSheet,
    apply_import,
    plan_import,
    read_roster,
)
from desktop_app.core.roster_problems import export_problems, problem_headers
from desktop_app.gui.dialogs.export_statement import ask_export
from desktop_app.gui.errors import show_error
from desktop_app.gui.models.table_model import Column, RowTableModel
from desktop_app.gui.widgets import ERROR_STYLE, SearchBox, confirm, table_view

XLSX_FILTER = "Excel 名册 (*.xlsx)"
PROBLEM_BACKGROUND = QColor("#fde7e9")
PROBLEM_TEXT = QColor("#b3261e")
ACTION_ORDER = {"reject": 0, "create": 1, "update": 2, "unchanged": 3}
UNIT_NAMES_SHOWN = 5
IMPORT_TEXT = "导入(&I)"
SKIP_AND_IMPORT_TEXT = "跳过有问题的行并导入(&I)"
COLUMN_WIDTHS = (56, 80, 160, 180, 150, 64)


def with_xlsx_suffix(path: str) -> str:
    """The chosen file name, with .xlsx added when the operator typed none."""
    return path if path.lower().endswith(".xlsx") else f"{path}.xlsx"


def summary_text(plan: ImportPlan) -> str:
    """将新增 3 人、更新 1 人、无变化 0 人、新建单位 1 个（丹江镇）、有问题 2 行."""
    counts, names = plan.counts, plan.units_to_create
    units = f"新建单位 {len(names)} 个"
    if names:
        shown = "、".join(names[:UNIT_NAMES_SHOWN]) + ("等" if len(names) > UNIT_NAMES_SHOWN else "")
        units += f"（{shown}）"
    return (f"将新增 {counts['create']} 人、更新 {counts['update']} 人、无变化 {counts['unchanged']} 人、"
            f"{units}、有问题 {counts['reject']} 行")


def result_text(result: ImportResult) -> str:
    text = f"已导入：新增 {result.created} 人，更新 {result.updated} 人，新建单位 {result.units_created} 个。"
    if result.rejected:
        text += f"\n已跳过 {len(result.rejected)} 行有问题的数据。"
    return text + "\n如需撤回这次导入，可按 Ctrl+Z 撤销。"


def sheet_text(sheet: RosterSheet) -> str:
    text = (f"文件：{sheet.filename}（工作表“{sheet.sheet_name}”，表头在第 {sheet.header_row} 行，"
            f"数据 {len(sheet.rows)} 行）")
    if sheet.ignored_headers:
        text += f"　未使用的列：{'、'.join(sheet.ignored_headers)}"
    return text


class ProblemRowsModel(RowTableModel):
    """The rows of an import plan; rows with a problem (action 'reject') on a light red background,
    the text of their last `problem_columns` columns (处理, 问题) in red."""

    problem_columns = 2

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            row = self.row_at(index.row()) if index.isValid() else None
            if row is None or row.action != "reject":
                return None
            if role == Qt.ItemDataRole.BackgroundRole:
                return PROBLEM_BACKGROUND
            return PROBLEM_TEXT if index.column() >= len(self.columns) - self.problem_columns else None
        return super().data(index, role)


class PlanModel(ProblemRowsModel):
    """The rows of a roster import plan."""

    def __init__(self, show_full_id_numbers: bool = False, parent=None):
        shown_id = Disclosure(show_full_id_numbers).id_number
        columns = (
            Column("行号", lambda r: str(r.row), lambda r: r.row, align_right=True),
            Column("姓名", lambda r: r.name),
            Column("身份证号", lambda r: shown_id(str(r.values.get("id_number") or ""))),
            Column("单位", lambda r: str(r.values.get("unit_name") or "")),
            Column("职务", lambda r: str(r.values.get("title") or "")),
            Column("处理", lambda r: r.action_label, lambda r: (ACTION_ORDER[r.action], r.row)),
            Column("说明 / 问题", lambda r: r.reason or r.note),
        )
        super().__init__(columns, lambda r: str(r.row), self._search_text, parent)

    def _search_text(self, row) -> str:
        values = row.values
        return " ".join((str(row.row), row.name, str(values.get("id_number") or ""), str(values.get("unit_name") or ""),
                         str(values.get("title") or ""), row.action_label, row.reason, row.note))


class PreviewImportDialog(QDialog):
    """Reads and plans `path` on the worker, previews the plan, writes the valid rows on 导入.

    A subclass says what the file is: `make_model`, `read_and_plan`, `apply_work` and the texts."""

    title = "导入"
    reading_text = "正在读取文件…"
    importing_text = "正在导入…"
    search_hint = "筛选（Ctrl+F）"
    empty_text = "文件中没有数据行。"
    nothing_to_write_text = "没有需要写入的行：文件与数据库一致，或所有行都有问题。"
    column_widths: tuple[int, ...] = ()
    size = (1120, 660)

    def __init__(self, ctx, path, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.path = Path(path)
        self.source = None  # what was read (the sheet), as `read_and_plan` returns it
        self.plan = None
        self.import_result = None
        self._busy = False
        self.setWindowTitle(f"{self.title} — {self.path.name}")
        self.resize(*self.size)
        self._build()
        self.load()

    # -- what a subclass says ----------------------------------------------------------------
    def make_model(self) -> RowTableModel:
        raise NotImplementedError

    def read_and_plan(self) -> Callable[[], tuple]:
        """A function for the worker that reads the file and returns (source, plan); writes nothing."""
        raise NotImplementedError

    def apply_work(self, plan) -> Callable:
        """A function for the worker that writes the plan's valid rows (it may take `progress=`)."""
        raise NotImplementedError

    def source_text(self, source) -> str:
        return f"文件：{self.path.name}"

    def summary(self, plan) -> str:
        counts = plan.counts
        return (f"将新增 {counts['create']} 行、更新 {counts['update']} 行、无变化 {counts['unchanged']} 行、"
                f"有问题 {counts['reject']} 行")

    def problem_hint(self, rejected: int) -> str:
        return f"有问题的 {rejected} 行（浅红色）不会导入。可改正后重新导入。"

    def skip_question(self, plan) -> str:
        rejected = len(plan.rejected)
        return (f"有 {rejected} 行有问题，将不会导入。\n"
                f"其余行将导入：{self.summary(plan).removesuffix(f'、有问题 {rejected} 行')}。\n\n是否继续？")

    def result_message(self, result) -> str:
        return "已导入。\n如需撤回这次导入，可按 Ctrl+Z 撤销。"

    def extra_buttons(self) -> list[QPushButton]:
        """Buttons at the left of the bottom row (导出问题清单 for the roster)."""
        return []

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.file_label = QLabel(f"正在读取：{self.path}")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("import_summary")
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("import_problems")
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(False)
        for label in (self.file_label, self.summary_label, self.problem_label):
            layout.addWidget(label)
        layout.addLayout(self._filter_row())
        self.model = self.make_model()
        self.view = table_view(self)
        self.view.setModel(self.model)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate(self.column_widths):
            self.view.setColumnWidth(column, width)
        layout.addWidget(self.view, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("import_status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)
        layout.addLayout(self._button_row())

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = SearchBox(self.search_hint, self)
        self.search.setMinimumWidth(340)
        self.search.install_shortcut(self)
        self.search.textChanged.connect(self._apply_filter)
        self.problems_only = QCheckBox("只看有问题的行(&O)")
        self.problems_only.toggled.connect(self._apply_filter)
        self.shown_label = QLabel()
        row.addWidget(self.search)
        row.addWidget(self.problems_only)
        row.addStretch(1)
        row.addWidget(self.shown_label)
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        extra = self.extra_buttons()
        self.import_button = QPushButton(IMPORT_TEXT)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.reject)
        for button in (*extra, self.import_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter in the filter box must not import
        for button in extra:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        row.addWidget(self.cancel_button)
        return row

    # -- reading and showing the plan ----------------------------------------------------------
    def load(self) -> None:
        """Read and plan the file on the worker (nothing is written)."""
        self._set_busy(True)
        self.ctx.runner.run(self.read_and_plan(), on_done=self._show_plan, on_error=self._unreadable, parent=self,
                            progress=self.reading_text)

    def _show_plan(self, loaded: tuple) -> None:
        self.source, self.plan = loaded
        self._set_busy(False)
        self.model.set_rows(self.plan.rows)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.file_label.setText(self.source_text(self.source))
        self.summary_label.setText(self.summary(self.plan) if self.plan.rows else self.empty_text)
        rejected = self.plan.counts["reject"]
        self.problem_label.setText(self.problem_hint(rejected) if rejected else "")
        self.problem_label.setVisible(bool(rejected))
        self.status_label.setText("" if self.writable_rows else self.nothing_to_write_text)
        self._apply_filter()
        self._update_buttons()
        (self.import_button if self.import_button.isEnabled() else self.view).setFocus()

    def _unreadable(self, error: BaseException) -> None:
        self._set_busy(False)
        show_error(self, error)
        self.reject()

    def _apply_filter(self) -> None:
        only_problems = self.problems_only.isChecked()
        self.model.set_filter(self.search.text(), (lambda row: row.action == "reject") if only_problems else None)
        self.shown_label.setText(f"显示 {self.model.rowCount()} / {self.model.total} 行")

    @property
    def writable_rows(self) -> int:
        """Rows the import would write (新增 and 更新)."""
        counts = self.plan.counts if self.plan else {}
        return counts.get("create", 0) + counts.get("update", 0)

    def _update_buttons(self) -> None:
        rejected = bool(self.plan and self.plan.rejected)
        self.import_button.setEnabled(not self._busy and self.writable_rows > 0)
        self.import_button.setText(SKIP_AND_IMPORT_TEXT if rejected else IMPORT_TEXT)
        self.cancel_button.setEnabled(not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    # -- importing -------------------------------------------------------------------------
    def start_import(self) -> None:
        """导入: write the valid rows (after confirming that the rows with problems are skipped)."""
        plan = self.plan
        if plan is None or self._busy or self.writable_rows == 0:
            return
        if plan.rejected and not confirm(self, "跳过有问题的行", self.skip_question(plan), action="跳过并导入"):
            return
        self._set_busy(True)
        self.ctx.runner.run(self.apply_work(plan), on_done=self._imported, on_error=self._import_failed,
                            parent=self, progress=self.importing_text)

    def _imported(self, result) -> None:
        self.import_result = result
        self._set_busy(False)
        QMessageBox.information(self, "导入完成", self.result_message(result))
        self.accept()

    def _import_failed(self, error: BaseException) -> None:
        """Nothing was written (one transaction); the database may have changed: plan again."""
        self._set_busy(False)
        show_error(self, error)
        self.load()

    # -- closing ---------------------------------------------------------------------------
    def reject(self) -> None:
        """取消, Esc and the close button; refused while an operation will still deliver to this dialog."""
        if not self._busy:
            super().reject()


class RosterImportDialog(PreviewImportDialog):
    """导入干部名册: reads `path` on the worker, previews the plan, imports the valid rows on 导入."""

    title = "导入干部名册"
    reading_text = "正在读取名册…"
    importing_text = "正在导入名册…"
    search_hint = "按姓名、身份证号、单位、问题筛选（Ctrl+F）"
    empty_text = "名册中没有数据行。"
    nothing_to_write_text = "没有需要写入的行：名册与数据库一致，或所有行都有问题。"
    column_widths = COLUMN_WIDTHS

    @property
    def sheet(self) -> RosterSheet | None:
        return self.source

    def make_model(self) -> RowTableModel:
        return PlanModel(self.ctx.show_full_id_numbers, self)

    def read_and_plan(self) -> Callable[[], tuple]:
        ctx, path, today = self.ctx, self.path, self.ctx.today()

        def read_and_plan():
            sheet = read_roster(path)
            return sheet, plan_import(ctx.db, sheet, today)

        return read_and_plan

    def apply_work(self, plan: ImportPlan) -> Callable:
        store = self.ctx.store
        return lambda progress: apply_import(store, plan, progress=progress)

    def source_text(self, source: RosterSheet) -> str:
        return sheet_text(source)

    def summary(self, plan: ImportPlan) -> str:
        return summary_text(plan)

    def problem_hint(self, rejected: int) -> str:
        return (f"有问题的 {rejected} 行（浅红色）不会导入。可在 Excel 中改正后重新导入，"
                "或点“导出问题清单”保存这些行及原因。")

    def result_message(self, result: ImportResult) -> str:
        return result_text(result)

    def extra_buttons(self) -> list[QPushButton]:
        self.export_problems_button = QPushButton("导出问题清单(&P)…")
        self.export_problems_button.setToolTip("把有问题的行连同原因保存为 Excel，改正后可再次导入")
        self.export_problems_button.clicked.connect(self.export_problem_list)
        return [self.export_problems_button]

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.export_problems_button.setEnabled(not self._busy and bool(self.plan and self.plan.rejected))

    # -- the problem list --------------------------------------------------------------------
    def export_problem_list(self) -> None:
        """导出问题清单: the rows with problems and their reasons, as .xlsx beside the roster."""
        plan = self.plan
        if plan is None or not plan.rejected:
            return
        count = len(plan.rejected)
        full = ask_export(self, "导出问题清单",
                          lambda full: export_statement("行问题数据", count, problem_headers(), full=full), self.ctx)
        if full is None:
            return
        shown = disclosure(self.ctx.operator, full)
        default = self.path.with_name(f"{self.path.stem}-问题清单.xlsx")
        chosen, _filter = QFileDialog.getSaveFileName(self, "导出问题清单", str(default), XLSX_FILTER)
        if not chosen:
            return
        target = with_xlsx_suffix(chosen)

        def written(count: int) -> None:
            self._set_busy(False)
            self.status_label.setText(f"已导出问题清单（{count} 行）：{target}")

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            show_error(self, error)

        self._set_busy(True)
        self.ctx.runner.run(lambda: export_problems(plan, target, shown), on_done=written, on_error=failed, parent=self)
