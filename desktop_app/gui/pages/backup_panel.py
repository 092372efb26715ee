"""备份: this office's backups (time, reason, size), 立即备份, and 恢复… from one of them.

Once the database has operator accounts, 立即备份 needs 导出交换文件 (录入员 and above: a backup is a
whole copy of the file, as `kaoping backup`) and 恢复 needs 恢复备份 (管理员). The buttons are disabled
for other roles, and the actions check again in Qt-free code (transfer.guard, transfer.restore),
whose refusal is shown as it says.

Restoring replaces the database file, which the window holds open (with its writer lock):
the window closes the database first, the restore runs on a worker of its own, and the
window reopens the file — the restored one, or the original when the restore failed.
"""

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from db.errors import KaopingError
from desktop_app.core.database_info import readable_size
from desktop_app.core.permissions import may
from desktop_app.gui.closed_database import with_database_closed
from desktop_app.gui.errors import show_error
from desktop_app.gui.list_panel import DESCENDING, bar, count_label, list_table
from desktop_app.gui.models.table_model import Column, RowTableModel
from desktop_app.gui.operations import OperationRunner
from desktop_app.gui.widgets import NOTE_STYLE, confirm, push_button, show_status
from desktop_app.resources import backups_dir
from desktop_app.transfer.backup import backup_database, list_backups, safe_office_name
from desktop_app.transfer.errors import TransferCancelled
from desktop_app.transfer.guard import require_at
from desktop_app.transfer.restore import ACTION as RESTORE_ACTION
from desktop_app.transfer.restore import restore_database

BACKUP_WIDTHS = (160, 80, 100, 400)
BACKUP_ACTION, BACKUP_WHAT = "导出交换文件", "备份是数据库的完整副本"  # as `kaoping backup`
REASON_NOTES = {"手动": "手动备份", "导入前": "导入交换文件前自动备份", "每日": "每天第一次打开时自动备份",
                "恢复前": "恢复前自动备份"}


def made_at(info) -> str:
    return info.made_at.strftime("%Y-%m-%d %H:%M:%S")


def backup_model(parent=None) -> RowTableModel:
    columns = (
        Column("备份时间", made_at, lambda info: (info.made_at, info.path.name)),
        Column("原因", lambda info: info.reason),
        Column("大小", lambda info: readable_size(info.size), lambda info: info.size, align_right=True),
        Column("文件名", lambda info: info.path.name),
    )
    return RowTableModel(columns, row_id=lambda info: str(info.path), parent=parent,
                         search_text=lambda info: f"{made_at(info)} {info.reason} {info.path.name}")


class BackupPanel(QWidget):
    """The 备份 tab of 数据交换."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.restore_runner: OperationRunner | None = None
        self.model = backup_model(self)
        self.view = list_table(self, self.model, "backups_table", BACKUP_WIDTHS, stretch=3, sort=(0, DESCENDING))
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.backup_button = push_button("立即备份(&B)", "把当前数据库复制一份到备份文件夹（软件使用中也可以备份）",
                                         self.backup_now)
        self.restore_button = push_button("恢复(&R)…", "用所选备份替换当前数据库（当前数据库会先保留一份副本）",
                                          self.restore_selected)
        self.folder_button = push_button("打开备份文件夹(&O)", "",
                                         lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder()))))
        self.count_label = count_label("backups_count")
        note = QLabel("每天第一次打开软件时自动备份，导入交换文件前也会自动备份；保留最近 10 份和每个月的最后一份。"
                      f"备份文件夹：{self.folder()}")
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar(self.backup_button, self.restore_button, self.folder_button, end=(self.count_label,)))
        self._update_buttons()

    @staticmethod
    def folder() -> Path:
        return backups_dir()

    def reload(self) -> None:
        """This office's backups in the backups folder, newest first."""
        office = safe_office_name(self.ctx.office["name"])  # known already: no need to open the file
        selected = self.selected_backup()
        header = self.view.horizontalHeader()
        self.model.set_rows([info for info in list_backups(self.folder()) if info.office == office])
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if selected is not None:
            self.select(selected.path)
        self.count_label.setText(f"共 {self.model.total} 份备份" if self.model.total else "还没有备份。")
        self._update_buttons()

    def selected_backup(self):
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, path: Path) -> None:
        row = self.model.row_of(str(path))
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))

    def _signed_in(self):
        """Who works, for transfer.guard: None when nobody signed in with an account."""
        return self.ctx.operator if self.ctx.account else None

    def _update_buttons(self) -> None:
        role = self.ctx.operator.role
        self.backup_button.setEnabled(may(role, BACKUP_ACTION))
        self.restore_button.setEnabled(self.selected_backup() is not None and may(role, RESTORE_ACTION))
        for button, action, refused in ((self.backup_button, BACKUP_ACTION, "只有录入员、审核员和管理员可以备份"),
                                        (self.restore_button, RESTORE_ACTION, "只有管理员可以用备份恢复数据库")):
            if not may(role, action):
                button.setToolTip(f"{refused}（您的角色是{role}）")

    # -- 立即备份 --------------------------------------------------------------------------------
    def backup_now(self) -> None:
        db_path, folder, by = Path(self.ctx.db.path), self.folder(), self._signed_in()
        self.backup_button.setEnabled(False)

        def done(path: Path) -> None:
            self._update_buttons()
            self.reload()
            self.select(path)
            show_status(self, f"已备份到：{path}")

        def failed(error: BaseException) -> None:
            self._update_buttons()
            if isinstance(error, TransferCancelled):
                show_status(self, error.message)  # the operator's own choice: no warning box
            else:
                show_error(self, error)

        def work(progress, cancel):
            require_at(db_path, by, BACKUP_ACTION, BACKUP_WHAT)
            return backup_database(db_path, folder, reason="手动", progress=progress, cancel=cancel)

        self.ctx.runner.run(work, on_done=done, on_error=failed, parent=self, progress="正在备份数据库…",
                            cancellable=True)

    # -- 恢复 ------------------------------------------------------------------------------------
    def restore_selected(self) -> None:
        info = self.selected_backup()
        if info is None:
            return
        try:  # asked before closing the database: the restore itself checks again (transfer.restore)
            require_at(Path(self.ctx.db.path), self._signed_in(), RESTORE_ACTION)
        except KaopingError as error:
            show_error(self, error)
            return
        text = (f"用 {made_at(info)} 的备份（{REASON_NOTES.get(info.reason, info.reason)}）恢复数据库吗？\n\n"
                "恢复后，数据回到备份时的状态，此后所做的修改不在恢复后的数据库中。\n"
                "当前数据库会先保留一份副本（与数据库在同一文件夹，文件名含“恢复前”），需要时可以用它找回。\n\n"
                "恢复期间会暂时关闭数据库，请稍候。")
        if not confirm(self, "用备份恢复", text, action="恢复"):
            return
        window = self.window()
        if isinstance(window, QMainWindow) and hasattr(window, "switch_database"):
            self.restore_runner = restore_into(window, info.path)


def restore_into(window, backup: Path) -> OperationRunner:
    """Close the window's database, restore `backup` over it on a worker, reopen the file
    (closed_database.with_database_closed).

    Returns the runner doing it (tests wait on it). On failure the original is reopened and
    the error shown; the pages are rebuilt on the reopened database either way.
    """
    def finished(result, error: BaseException | None) -> None:
        if error is not None:
            show_error(window, error)
            return
        kept = "".join(f"\n{line}" for line in result.lines)
        window.statusBar().showMessage(f"已用备份恢复数据库：{backup.name}", 10000)
        QMessageBox.information(window, "恢复完成", f"已用备份 {backup.name} 恢复数据库：{window.ctx.db.path}。{kept}")

    return with_database_closed(window, lambda db_path, by: restore_database(backup, db_path, by=by),
                                busy="正在恢复数据库，请稍候…", title="恢复", finished=finished)
