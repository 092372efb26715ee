"""The files of 月度实绩: 导入实绩事项… (Alt+I), 导出填写模板… (Alt+X), 打印登记表… (Alt+P), and 打印
of one report from its form.

Each asks for a file, then works on the worker: the import through the shared preview dialog
(one undo step), the template with core `write_report_template`, the forms with reports
`write_report_forms` (reportlab is loaded there, on first use). A written file's folder is
offered, as the notices' PDF does. The folder chosen last is offered next time.
"""

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.months import month_label
from desktop_app.core.report_gaps import CadreMonth
from desktop_app.gui.dialogs.print_forms_dialog import PrintFormsDialog, PrintScope
from desktop_app.gui.widgets import documents_folder, offer_folder

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"
ALL_UNITS_NAME = "全部单位"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def file_name(*parts: str, suffix: str) -> str:
    """实绩事项模板-2026年3月-丹江镇.xlsx: the parts joined, characters Windows refuses replaced."""
    return "-".join(cleaned for part in parts if (cleaned := _UNSAFE.sub("_", part).strip("._"))) + suffix


def template_name(month: str, unit_name: str | None) -> str:
    return file_name("实绩事项模板", month_label(month), unit_name or ALL_UNITS_NAME, suffix=".xlsx")


def forms_name(month: str, who: str, blank: bool) -> str:
    return file_name("实绩报告登记表（空白）" if blank else "实绩报告登记表", month_label(month), who, suffix=".pdf")


def write_template(db, target: Path, month: str, today: str, unit_id: str | None) -> Path:
    """On the worker: the template (openpyxl is loaded on first use)."""
    from desktop_app.core.report_items_import import write_report_template

    return write_report_template(db, target, month=month, today=today, unit_id=unit_id)


def write_forms(db, target: Path, month: str, today: str, scope: PrintScope, blank: bool, progress=None) -> Path:
    """On the worker: the forms as one PDF, `progress` told of each form (reportlab is loaded on first use)."""
    from desktop_app.reports.report_forms_print import write_report_forms

    cadre_ids = list(scope.cadre_ids) if scope.cadre_ids is not None else None
    return write_report_forms(db, target, month, today, unit_id=scope.unit_id, blank=blank, cadre_ids=cadre_ids,
                              progress=progress)


def print_scopes(entries: list[CadreMonth], unit_id: str | None, unit_name: str,
                 selected: CadreMonth | None) -> list[PrintScope]:
    """当前单位 / 所选干部 / 全部, each with how many forms it makes (from the month's statuses)."""
    in_unit = sum(1 for e in entries if e.unit_id == unit_id) if unit_id else 0
    units = len({e.unit_id for e in entries})
    return [
        PrintScope("unit", "当前单位(&U)", f"{unit_name}（{in_unit} 人）" if unit_id else "（未选择单位：先在“单位”中选择）",
                   unit_name, unit_id=unit_id, enabled=unit_id is not None),
        PrintScope("cadre", "所选干部(&S)", f"{selected.name}（{selected.unit_name}）" if selected else "（列表中未选中干部）",
                   selected.name if selected else "", cadre_ids=(selected.cadre_id,) if selected else None,
                   enabled=selected is not None),
        PrintScope("all", "全部(&A)", f"{units} 个单位，共 {len(entries)} 人", ALL_UNITS_NAME),
    ]


class MonthlyFiles:
    """Import, template and forms for the 月度实绩 page `parent` (or a dialog of it)."""

    def __init__(self, ctx, parent: QWidget):
        self.ctx = ctx
        self.parent = parent
        self.last_folder = documents_folder()
        self.dialog = None  # the import preview or print choice last opened (tests drive it)

    # -- asking for files ------------------------------------------------------------------------
    def ask_open(self, caption: str, file_filter: str, parent: QWidget | None = None) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(parent or self.parent, caption, str(self.last_folder),
                                                      file_filter)
        if not chosen:
            return None
        self.last_folder = Path(chosen).parent
        return Path(chosen)

    def ask_save(self, caption: str, name: str, file_filter: str, parent: QWidget | None = None) -> Path | None:
        suffix = Path(name).suffix
        chosen, _filter = QFileDialog.getSaveFileName(parent or self.parent, caption, str(self.last_folder / name),
                                                      file_filter)
        if not chosen:
            return None
        target = Path(chosen if chosen.lower().endswith(suffix) else chosen + suffix)
        self.last_folder = target.parent
        return target

    # -- 导入实绩事项 ------------------------------------------------------------------------------
    def import_items(self) -> QWidget | None:
        """导入实绩事项…: choose a workbook, preview it; 导入 writes the drafts (one undo step)."""
        from desktop_app.gui.dialogs.report_items_import import ReportItemsImportDialog

        path = self.ask_open("导入实绩事项：选择填好的 Excel 表格", XLSX_FILTER)
        if path is None:
            return None
        self.dialog = ReportItemsImportDialog(self.ctx, path, self.parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    # -- 导出填写模板 ------------------------------------------------------------------------------
    def export_template(self, month: str, unit_id: str | None, unit_name: str | None) -> Path | None:
        """导出填写模板…: a 计划 and a 完成 row for each cadre expected in `month` (one unit or all)."""
        target = self.ask_save("导出实绩事项填写模板", template_name(month, unit_name), XLSX_FILTER)
        if target is None:
            return None
        db, today, who = self.ctx.db, self.ctx.today(), unit_name or ALL_UNITS_NAME
        self.ctx.runner.run(lambda: write_template(db, target, month, today, unit_id),
                            on_done=lambda path: offer_folder(
                                self.parent, "已导出模板", f"已导出{month_label(month)}实绩事项填写模板（{who}），"
                                "填好后用“导入实绩事项”导入：", Path(path)),
                            parent=self.parent, progress=f"正在导出填写模板：{target.name}…", undoable=False)
        return target

    # -- 打印登记表 --------------------------------------------------------------------------------
    def choose_forms(self, month: str, scopes: list[PrintScope], default: str) -> PrintFormsDialog:
        """打印登记表…: filled or blank, and whose; then where to save the PDF."""
        dialog = PrintFormsDialog(month, scopes, default, self.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_forms(month, dialog.scope, blank=dialog.blank))
        self.dialog = dialog
        dialog.open()
        return dialog

    def print_forms(self, month: str, scope: PrintScope, *, blank: bool, parent: QWidget | None = None) -> Path | None:
        """Write the forms of `scope` for `month` as one PDF on the worker, then offer its folder."""
        parent = parent or self.parent
        target = self.ask_save("打印实绩报告登记表：选择 PDF 保存位置", forms_name(month, scope.name, blank), PDF_FILTER,
                               parent)
        if target is None:
            return None
        db, today = self.ctx.db, self.ctx.today()
        what = f"{month_label(month)}实绩报告登记表{'（空白）' if blank else ''}"
        self.ctx.runner.run(lambda progress: write_forms(db, target, month, today, scope, blank, progress),
                            on_done=lambda path: offer_folder(parent, "已导出 PDF", f"已生成{what}：{scope.detail}",
                                                              Path(path)),
                            parent=parent, progress=f"正在生成{what}：{target.name}…", undoable=False)
        return target
