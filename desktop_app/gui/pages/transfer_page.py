"""数据交换: take this office's records to another office on a USB stick, and bring theirs in.

导出交换文件 writes a verified .kpx (all units or some, optionally with a passphrase);
导入交换文件 first runs a 试导入 whose report the operator confirms, then merges (after an
automatic backup). Records both offices changed are kept whole and listed under 冲突; 导入记录
lists the files merged; 备份 makes and restores backups. Long work runs on the worker with
progress and 取消. Once the database has operator accounts, 导出 needs 录入员 and above and 导入
审核员 and above: the buttons are disabled for other roles, and the core refuses anyway.
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.permissions import may
from desktop_app.gui.dialogs.transfer_dialogs import ExportDialog, ask_passphrase
from desktop_app.gui.dialogs.transfer_trial import TrialDialog
from desktop_app.gui.errors import show_error
from desktop_app.gui.pages.backup_panel import BackupPanel
from desktop_app.gui.pages.conflict_panel import ConflictPanel
from desktop_app.gui.pages.transfer_history import ImportHistoryPanel
from desktop_app.gui.widgets import NOTE_STYLE, add_shortcut, show_status
from desktop_app.resources import backups_dir
from desktop_app.transfer.errors import PassphraseNeeded, TransferCancelled, WrongPassphrase
from desktop_app.transfer.exchange import import_package
from desktop_app.transfer.package import default_package_name, export_package, next_free_path

EXPORT_ACTION, IMPORT_ACTION = "导出交换文件", "导入交换文件"
PACKAGE_SUFFIX = ".kpx"
PACKAGE_FILTER = f"考评台交换文件 (*{PACKAGE_SUFFIX});;所有文件 (*)"
SAFE_TO_UNPLUG = "可以安全拔出U盘。"
INTRO = ("交换文件（.kpx）用U盘在单位之间传递数据：本单位导出，对方导入后自动合并。"
         "导入前会先试导入并显示将发生的变化，并自动备份；两个单位都改过的记录两边都保留，列在「冲突」中由您确认。")


def after_reading(progress, text: str):
    """`progress` for import_package: once the file is read (100 %), say what the rest of the work is."""
    return lambda done, total, said="": progress(done, total, text if total and done >= total else said)


def with_suffix(name: str) -> Path:
    """The chosen file name, with .kpx added when the operator typed none."""
    return Path(name) if name.lower().endswith(PACKAGE_SUFFIX) else Path(name + PACKAGE_SUFFIX)


class TransferPage(QWidget):
    """数据交换. Alt+X 导出, Alt+I 导入; tabs 冲突 (Alt+C), 导入记录 (Alt+L), 备份 (Alt+U)."""

    def __init__(self, ctx, spec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.export_dialog: ExportDialog | None = None
        self.trial_dialog: TrialDialog | None = None
        self.operation = None  # the Cancellation of the export or import under way
        self.last_folder = Path.home()
        self._build()

    def _build(self) -> None:
        self.export_button = QPushButton("导出交换文件(&X)…")
        self.export_button.setObjectName("export_button")
        self.export_button.setToolTip("把本单位的数据导出为交换文件，保存到U盘带给别的单位")
        self.export_button.clicked.connect(self.export_file)
        self.import_button = QPushButton("导入交换文件(&I)…")
        self.import_button.setObjectName("import_button")
        self.import_button.setToolTip("导入别的单位导出的交换文件（先试导入，确认后再写入）")
        self.import_button.clicked.connect(self.import_file)
        for button in (self.export_button, self.import_button):
            button.setMinimumHeight(34)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setStyleSheet(NOTE_STYLE)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        actions.addSpacing(12)
        actions.addWidget(intro, 1)
        self.conflicts = ConflictPanel(self.ctx, self, on_count=self._show_conflict_count)
        self.history = ImportHistoryPanel(self.ctx, self)
        self.backups = BackupPanel(self.ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("transfer_tabs")
        self.tabs.addTab(self.conflicts, "冲突(&C)")
        self.tabs.addTab(self.history, "导入记录(&L)")
        self.tabs.addTab(self.backups, "备份(&U)")
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        self._set_busy(False)
        self.setTabOrder(self.export_button, self.import_button)
        self.setTabOrder(self.import_button, self.tabs)
        add_shortcut(QKeySequence.StandardKey.Find, self, self.focus_search, Qt.ShortcutContext.WindowShortcut)

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the tab shown (冲突 or 导入记录)."""
        search = getattr(self.tabs.currentWidget(), "search", None)
        if search is not None:
            search.focus_and_select()

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self, changes=None) -> None:
        """Reload when shown; after a change while visible, the conflicts (an import or a resolution)."""
        if changes is not None and not self.isVisible():
            return  # reloaded when shown again
        self.conflicts.reload()
        if changes is None:
            self.history.reload()
            self.backups.reload()

    def _show_conflict_count(self, count: int) -> None:
        self.tabs.setTabText(0, f"冲突（{count}）(&C)" if count else "冲突(&C)")

    def _set_busy(self, busy: bool) -> None:
        """While an export or import runs, neither; else each as the operator's role allows."""
        role = self.ctx.operator.role
        for button, action, refused in ((self.export_button, EXPORT_ACTION, "只有录入员、审核员和管理员可以导出交换文件"),
                                        (self.import_button, IMPORT_ACTION, "只有审核员和管理员可以导入交换文件")):
            allowed = may(role, action)
            button.setEnabled(not busy and allowed)
            if not allowed:
                button.setToolTip(f"{refused}（您的角色是{role}）")

    # -- 导出 ------------------------------------------------------------------------------------
    def export_file(self) -> None:
        """导出交换文件: choose units and passphrase, then where to save."""
        if self.export_dialog is not None and self.export_dialog.isVisible():
            self.export_dialog.raise_()
            return
        self.export_dialog = ExportDialog(self.ctx, self)
        self.export_dialog.accepted.connect(self._export_chosen)
        self.export_dialog.open()

    def _export_chosen(self) -> None:
        dialog = self.export_dialog
        chosen = self.ask_target()
        if chosen is not None:
            target, taken = chosen
            self.start_export(target, unit_ids=dialog.unit_ids(), passphrase=dialog.passphrase(), taken=taken)

    def ask_target(self) -> tuple[Path, Path | None] | None:
        """(where to write, the name the operator chose when it was taken) — never an existing file."""
        suggested = next_free_path(self.last_folder / default_package_name(self.ctx.office["name"], self.ctx.today()))
        name, _ = QFileDialog.getSaveFileName(self, "导出交换文件：选择保存位置（如U盘）", str(suggested), PACKAGE_FILTER,
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if not name:
            return None
        chosen = with_suffix(name)
        self.last_folder = chosen.parent
        target = next_free_path(chosen)
        return target, (chosen if target != chosen else None)

    def start_export(self, target: Path, *, unit_ids: set[str] | None = None, passphrase: str | None = None,
                     taken: Path | None = None) -> None:
        db_path = Path(self.ctx.db.path)
        by = self.ctx.operator if self.ctx.account else None  # None: nobody signed in (no accounts: allowed)
        self._set_busy(True)
        self.operation = self.ctx.runner.run(
            lambda progress, cancel: export_package(db_path, target, passphrase=passphrase, unit_ids=unit_ids,
                                                    progress=progress, cancel=cancel, by=by),
            on_done=lambda manifest: self._exported(target, manifest, taken), on_error=self._export_failed,
            parent=self, progress=f"正在导出交换文件到 {target.parent}…", cancellable=True, undoable=False)

    def _exported(self, target: Path, manifest, taken: Path | None) -> None:
        self._set_busy(False)
        counts = manifest.counts
        lines = [f"已导出并读回核对：{target}"]
        if taken is not None:
            lines.append(f"（{taken.name} 已存在，为免覆盖，另存为 {target.name}。）")
        lines.append(f"文件中有单位 {counts.get('units', 0)} 个、干部 {counts.get('cadres', 0)} 人、"
                     f"任职经历 {counts.get('posts', 0)} 条、操作记录 {counts.get('audit_log', 0)} 条"
                     + ("；已加密，请另行告知对方口令" if manifest.encrypted else "") + "。")
        lines.append(SAFE_TO_UNPLUG)
        show_status(self, f"已导出交换文件：{target}")
        QMessageBox.information(self, "导出完成", "\n".join(lines))

    def _export_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, TransferCancelled):
            show_status(self, error.message)
            return
        show_error(self, error)

    # -- 导入 ------------------------------------------------------------------------------------
    def import_file(self) -> None:
        """导入交换文件: pick a .kpx, 试导入, show the report; 导入 merges it."""
        name, _ = QFileDialog.getOpenFileName(self, "导入交换文件", str(self.last_folder), PACKAGE_FILTER)
        if name:
            self.last_folder = Path(name).parent
            self.start_trial(Path(name))

    def start_trial(self, path: Path, passphrase: str | None = None) -> None:
        """试导入 on the worker: the real merge into a scratch copy; nothing is written."""
        store, folder = self.ctx.store, backups_dir()
        self._set_busy(True)
        self.operation = self.ctx.runner.run(
            lambda progress, cancel: import_package(store, path, backups_dir=folder, passphrase=passphrase, dry_run=True,
                                                    progress=after_reading(progress, "正在试合并（不写入数据）…"),
                                                    cancel=cancel),
            on_done=lambda outcome: self._show_trial(path, passphrase, outcome),
            on_error=lambda error: self._import_failed(error, path, self.start_trial),
            parent=self, progress="正在试导入（不写入数据）…", cancellable=True, undoable=False)

    def _show_trial(self, path: Path, passphrase: str | None, outcome) -> None:
        self._set_busy(False)
        if outcome.previous is not None:
            QMessageBox.information(self, "已导入过", outcome.summary())
            return
        self.trial_dialog = TrialDialog(outcome, path.name, self)
        self.trial_dialog.accepted.connect(lambda: self.start_import(path, passphrase))
        self.trial_dialog.open()

    def start_import(self, path: Path, passphrase: str | None = None) -> None:
        """导入 on the worker. Not offered to Ctrl+Z: undoing would send deletions to the other office;
        the backup made before importing is the way back."""
        store, folder = self.ctx.store, backups_dir()

        def run_import(progress, cancel):
            outcome = import_package(store, path, backups_dir=folder, passphrase=passphrase,
                                     progress=after_reading(progress, "正在备份本单位数据库并合并记录…"), cancel=cancel)
            return outcome, (outcome.report.changes if outcome.report is not None else None)

        self._set_busy(True)
        self.operation = self.ctx.runner.run(
            run_import, on_done=self._imported, on_error=lambda error: self._import_failed(error, path, self.start_import),
            parent=self, progress="正在导入交换文件…", cancellable=True, undoable=False)

    def _imported(self, result) -> None:
        outcome, _changes = result
        self._set_busy(False)
        self.history.reload()  # the conflicts reload through refresh(changes) when anything was written
        self.backups.reload()
        text = outcome.summary()
        if outcome.backup is not None:
            text += f"\n\n导入前已自动备份：{outcome.backup}\n如需撤回这次导入，可在「备份」中用它恢复。"
        if outcome.open_conflicts:
            self.tabs.setCurrentWidget(self.conflicts)
        show_status(self, "导入完成" if outcome.previous is None else "该文件已导入过")
        QMessageBox.information(self, "导入完成", text)

    def _import_failed(self, error: BaseException, path: Path, retry) -> None:
        """A passphrase is asked (again, saying it was wrong); a cancel is said in the status bar."""
        self._set_busy(False)
        if isinstance(error, PassphraseNeeded | WrongPassphrase):
            problem = error.message if isinstance(error, WrongPassphrase) else ""
            passphrase = ask_passphrase(self, path.name, problem)
            if passphrase is not None:
                retry(path, passphrase)
            return
        if isinstance(error, TransferCancelled):
            show_status(self, error.message)
            return
        show_error(self, error)
