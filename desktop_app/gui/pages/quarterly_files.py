"""The files of 季度评议: 打印测评表… (Alt+P), 导出计票模板… (Alt+X) and 导入计票… (Alt+I).

Each asks for a file, then works on the worker: the ballots with reports `ballot_pdf` (reportlab is
loaded there, on first use), the template with core `write_tally_template`, the import through the
shared preview dialog (one undo step). A written file's folder is offered; the folder chosen last
is offered next time. While the ballot builder is not part of the installed version, 打印测评表
says so plainly instead of failing.
"""

import importlib.util
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.core.evaluations import quarter_label
from desktop_app.gui.errors import show_error
from desktop_app.gui.pages.monthly_actions import ALL_UNITS_NAME, PDF_FILTER, XLSX_FILTER, file_name
from desktop_app.gui.widgets import documents_folder, offer_folder

BALLOT_MODULE = "desktop_app.reports.ballot_pdf"
NOT_READY = ("本版本的软件还没有民主测评表打印功能（缺少 desktop_app.reports.ballot_pdf），暂时不能生成测评表。\n"
             "测评会和计票照常登记、录入；安装包含测评表打印的新版本后即可打印。")


def ballot_module_available() -> bool:
    """Whether the ballot PDF builder is installed (found without importing reportlab)."""
    try:
        return importlib.util.find_spec(BALLOT_MODULE) is not None
    except (ImportError, ValueError):
        return False


def write_ballots(target: Path, unit: str, year: int, quarter: int, people: list[tuple[str, str]], rules,
                  meeting_date: str, copies) -> Path:
    """On the worker: the ballots as one PDF — `copies` a number, or copies per voter category."""
    from desktop_app.reports.ballot_print import build_ballots

    return build_ballots(target, unit, year, quarter, people, rules.names, rules.shorts, rules.grades, meeting_date,
                         copies)


class QuarterlyFiles:
    """Ballots, template and import for the 季度评议 page `parent`."""

    def __init__(self, ctx, parent: QWidget):
        self.ctx = ctx
        self.parent = parent
        self.last_folder = documents_folder()
        self.dialog = None  # the import preview or print choice last opened (tests drive it)

    def ask_open(self, caption: str, file_filter: str) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(self.parent, caption, str(self.last_folder), file_filter)
        if not chosen:
            return None
        self.last_folder = Path(chosen).parent
        return Path(chosen)

    def ask_save(self, caption: str, name: str, file_filter: str) -> Path | None:
        suffix = Path(name).suffix
        chosen, _filter = QFileDialog.getSaveFileName(self.parent, caption, str(self.last_folder / name), file_filter)
        if not chosen:
            return None
        target = Path(chosen if chosen.lower().endswith(suffix) else chosen + suffix)
        self.last_folder = target.parent
        return target

    # -- 打印测评表 ---------------------------------------------------------------------------------
    def choose_ballots(self, unit_name: str, year: int, quarter: int, people: list[tuple[str, str]],
                       session: dict | None, rules) -> QWidget | None:
        """打印测评表…: the copies (发出 by default, or per category), then where to save the PDF."""
        from desktop_app.gui.dialogs.ballot_print_dialog import BallotPrintDialog

        if not ballot_module_available():
            QMessageBox.information(self.parent, "暂不能打印", NOT_READY)
            return None
        dialog = BallotPrintDialog(unit_name, year, quarter, len(people), session, rules.categories, self.parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        meeting = session["meeting_date"] if session else ""
        dialog.accepted.connect(lambda: self.print_ballots(unit_name, year, quarter, people, rules, meeting,
                                                           dialog.choice()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def print_ballots(self, unit_name: str, year: int, quarter: int, people, rules, meeting: str, copies) -> Path | None:
        what = f"{unit_name}{quarter_label(year, quarter)}民主测评表"
        target = self.ask_save("打印民主测评表：选择 PDF 保存位置",
                               file_name("民主测评表", quarter_label(year, quarter), unit_name, suffix=".pdf"), PDF_FILTER)
        if target is None:
            return None
        total = sum(copies.values()) if isinstance(copies, dict) else copies
        self.ctx.runner.run(lambda: write_ballots(target, unit_name, year, quarter, people, rules, meeting, copies),
                            on_done=lambda path: offer_folder(self.parent, "已生成测评表",
                                                              f"已生成{what}（共 {total} 份）：", Path(path)),
                            on_error=lambda error: show_error(self.parent, error), parent=self.parent,
                            progress=f"正在生成{what}：{target.name}…", undoable=False)
        return target

    # -- 导出计票模板 -------------------------------------------------------------------------------
    def export_template(self, year: int, quarter: int, sessions: list[dict], unit_name: str | None,
                        aspects: list[str]) -> Path | None:
        """导出计票模板…: a row per cadre (and voter category) of each registered session given."""
        from desktop_app.core.tally_import import write_tally_template

        if not sessions:
            QMessageBox.information(self.parent, "没有可导出的测评会",
                                    f"{quarter_label(year, quarter)}{unit_name or ''}还没有登记测评会：请先登记测评会，再导出计票模板。")
            return None
        who = unit_name or ALL_UNITS_NAME
        target = self.ask_save("导出计票模板", file_name("计票模板", quarter_label(year, quarter), who, suffix=".xlsx"),
                               XLSX_FILTER)
        if target is None:
            return None
        db = self.ctx.db
        self.ctx.runner.run(lambda: write_tally_template(db, target, sessions, aspects),
                            on_done=lambda path: offer_folder(
                                self.parent, "已导出模板", f"已导出{quarter_label(year, quarter)}计票模板（{who}，"
                                f"{len(sessions)} 次测评会），填好票数后用“导入计票”导入：", Path(path)),
                            parent=self.parent, progress=f"正在导出计票模板：{target.name}…", undoable=False)
        return target

    # -- 导入计票 -----------------------------------------------------------------------------------
    def import_tallies(self, aspects: list[str]) -> QWidget | None:
        """导入计票…: choose a filled-in template, preview it; 导入 writes the tallies (one undo step)."""
        from desktop_app.gui.dialogs.tally_import import TallyImportDialog

        path = self.ask_open("导入计票：选择填好的计票模板", XLSX_FILTER)
        if path is None:
            return None
        self.dialog = TallyImportDialog(self.ctx, path, aspects, self.parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog
