"""导入 / 导出干部名册 from the roster page and the 文件 menu: choose a file, then run on the worker.

Exporting first states what the file will hold (导出说明), ID numbers and phones masked unless the
operator's role allows and they tick 显示完整证件号和电话 there (off each time).
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from desktop_app.core.masking import disclosure, export_statement
from desktop_app.core.roster import cadre_count
from desktop_app.core.roster_export import export_roster as write_roster_file
from desktop_app.core.roster_export import roster_headers
from desktop_app.gui.dialogs.export_statement import ask_export
from desktop_app.gui.dialogs.import_dialog import XLSX_FILTER, RosterImportDialog, with_xlsx_suffix
from desktop_app.gui.widgets import open_chosen_file


def import_roster(ctx, parent: QWidget) -> RosterImportDialog | None:
    """Ask for an .xlsx roster and open its import preview (window-modal, deleted when closed).

    Returns the dialog (None when the operator chose no file); nothing is written until its 导入.
    """
    return open_chosen_file(parent, "导入干部名册", XLSX_FILTER, lambda path: RosterImportDialog(ctx, path, parent))


def default_export_name(today: str) -> str:
    """干部名册-20261120.xlsx for today = 2026-11-20."""
    return f"干部名册-{today.replace('-', '')}.xlsx"


def roster_statement(ctx) -> Callable[[bool], str]:
    """The export statement of the roster as it is now, for either choice of full values."""
    count = cadre_count(ctx.reader)
    return lambda full: export_statement("名干部", count, roster_headers(), full=full)


def export_roster(ctx, parent: QWidget) -> str | None:
    """State what the file will hold, ask where to save, then write the roster (.xlsx) on the worker;
    says 已导出 n 名干部 when done.

    Returns the chosen path (None when cancelled); the file is written asynchronously.
    """
    statement = roster_statement(ctx)
    full = ask_export(parent, "导出干部名册", statement, ctx)
    if full is None:
        return None
    shown = disclosure(ctx.operator, full)
    today = ctx.today()
    default = Path.home() / default_export_name(today)
    chosen, _filter = QFileDialog.getSaveFileName(parent, "导出干部名册", str(default), XLSX_FILTER)
    if not chosen:
        return None
    target = with_xlsx_suffix(chosen)
    ctx.runner.run(lambda: write_roster_file(ctx.db, target, today, shown), parent=parent,
                   progress="正在导出干部名册…", on_done=lambda count: _exported(parent, count, target, shown.full))
    return target


def _exported(parent: QWidget, count: int, target: str, full: bool) -> None:
    window = parent.window() if parent is not None else None
    kept = "含完整身份证号和电话，请妥善保管。" if full else "身份证号和电话已隐去中间位数。"
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(f"已导出 {count} 名干部：{target}", 10000)
    QMessageBox.information(parent, "导出完成", f"已导出 {count} 名干部到：\n{target}\n{kept}")
