"""打印/导出 PDF of a notice: asks where to save, writes on the worker, offers to open the folder.

The document itself is built by `desktop_app.reports.notice_print.write_notice_pdf(db, notice_id,
target)` (reportlab, loaded on the worker when first used). While that module is not part of
the installed version, the button says so plainly instead of failing.
"""

import importlib
import importlib.util
import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.gui.errors import show_error
from desktop_app.gui.widgets import documents_folder, offer_folder

PRINT_MODULE = "desktop_app.reports.notice_print"
PDF_FILTER = "PDF 文件 (*.pdf);;所有文件 (*)"
NOT_READY = ("本版本的软件还没有公示打印功能（缺少 desktop_app.reports.notice_print），暂时不能导出 PDF。\n"
             "公示内容已保存在数据库中，安装包含公示打印的新版本后即可打印。")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def print_module_available() -> bool:
    """Whether the notice PDF builder is installed (found without importing reportlab)."""
    try:
        return importlib.util.find_spec(PRINT_MODULE) is not None
    except (ImportError, ValueError):
        return False


def write_notice_pdf(db, notice_id: str, target: Path):
    """Run the builder (on the worker); ImportError when it is missing."""
    module = importlib.import_module(PRINT_MODULE)
    write = getattr(module, "write_notice_pdf", None)
    if write is None:
        raise ImportError(f"{PRINT_MODULE}.write_notice_pdf", name=PRINT_MODULE)
    return write(db, notice_id, target)


def pdf_file_name(title: str) -> str:
    """A file name from a notice title: characters Windows refuses are replaced."""
    return (_UNSAFE.sub("_", title).strip("._") or "公示") + ".pdf"


class NoticePrinter:
    """Exports notices of `parent`'s page to PDF, remembering the folder chosen last."""

    def __init__(self, ctx, parent: QWidget):
        self.ctx = ctx
        self.parent = parent
        self.last_folder = documents_folder()

    def export(self, notice: dict) -> None:
        if not print_module_available():
            QMessageBox.information(self.parent, "暂不能打印", NOT_READY)
            return
        target = self.ask_target(notice["title"])
        if target is None:
            return
        db, notice_id = self.ctx.db, notice["id"]
        self.ctx.runner.run(lambda: write_notice_pdf(db, notice_id, target),
                            on_done=lambda path: self._written(Path(path) if path else target),
                            on_error=self._failed, parent=self.parent,
                            progress=f"正在生成公示 PDF：{target.name}…", undoable=False)

    def ask_target(self, title: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, "导出公示 PDF：选择保存位置",
                                              str(self.last_folder / pdf_file_name(title)), PDF_FILTER)
        if not name:
            return None
        target = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        self.last_folder = target.parent
        return target

    def _written(self, path: Path) -> None:
        offer_folder(self.parent, "已导出 PDF", "已导出公示：", path)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ImportError) and error.name == PRINT_MODULE:  # not a library the builder lacks
            QMessageBox.information(self.parent, "暂不能打印", NOT_READY)
            return
        show_error(self.parent, error)
