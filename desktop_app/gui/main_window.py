"""The main window: navigation for the whole product, menus, status bar, undo and redo."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from db import OfficeDatabase
from desktop_app.core.errors import PermissionDenied
from desktop_app.core.operators import current_operator
from desktop_app.core.permissions import Operator, may
from desktop_app.core.session_policy import idle_lock_minutes
from desktop_app.core.store import Changes
from desktop_app.gui import settings
from desktop_app.gui.context import AppContext
from desktop_app.gui.errors import show_error
from desktop_app.gui.pages import PAGES, PageSpec, create_page
from desktop_app.resources import APP_TITLE

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


def period_label(today: str) -> str:
    """当前期间, e.g. 2026年11月 · 第四季度."""
    day = date.fromisoformat(today)
    return f"{day.year}年{day.month}月 · {QUARTERS[(day.month - 1) // 3]}"


class MainWindow(QMainWindow):
    def __init__(self, db: OfficeDatabase, operator: Operator | None = None):
        """`operator`: who signed in to `db` with an account (sign_in); None: nobody did (a database
        without accounts, or the self-test — then the core refuses writes to one that has)."""
        super().__init__()
        from desktop_app.gui.idle_lock import IdleLock

        self.idle_lock = IdleLock(self)
        self.pages: dict[str, QWidget] = {}
        self.calendar_dialog: QWidget | None = None
        self.rule_set_dialog: QWidget | None = None
        self._build_navigation()
        self._build_menus()
        self.window_keys = {action: action.shortcuts() for action in  # as built: a page may borrow some
                            self.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly)
                            if action.shortcuts()}
        self._build_status_bar()
        self._attach(db, operator)
        self.resize(1280, 800)
        geometry = settings.get(settings.WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(geometry)
        self.show_page("roster")

    # -- navigation ------------------------------------------------------------------------
    def _build_navigation(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(136)
        self.navigation.setStyleSheet("QListWidget#navigation { font-size: 11pt; }"
                                      " QListWidget#navigation::item { padding: 9px 14px; }")
        self.stack = QStackedWidget()
        for number, spec in enumerate(PAGES, start=1):
            shortcut = f"Ctrl+{number % 10}"
            self.navigation.addItem(spec.title)
            self.navigation.item(number - 1).setToolTip(f"{spec.title}（{shortcut}）")
            action = QAction(spec.title, self, shortcut=QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, key=spec.key: self.show_page(key))
            self.addAction(action)
            self.stack.addWidget(QWidget())  # replaced by the page on its first visit
        self.navigation.currentRowChanged.connect(lambda row: self.show_page(PAGES[row].key))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def show_page(self, key: str) -> QWidget:
        """Show the page `key`, building it on its first visit (start-up stays fast)."""
        position = next(n for n, spec in enumerate(PAGES) if spec.key == key)
        page = self.pages.get(key) or self._create(PAGES[position], position)
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(position)
        self.navigation.blockSignals(False)
        self.stack.setCurrentWidget(page)
        self._lend_keys(page)
        page.refresh(None)
        return page

    def _lend_keys(self, page: QWidget) -> None:
        """While `page` shows, the window's actions give up the keys it takes for itself (`takes_keys`;
        报表图表: Ctrl+E 导出图片, Ctrl+0 适合宽度): Qt runs neither of two shortcuts on one key."""
        taken = {QKeySequence(keys).toString() for keys in getattr(page, "takes_keys", ())}
        for action, keys in self.window_keys.items():
            action.setShortcuts([key for key in keys if key.toString() not in taken])

    def _create(self, spec: PageSpec, position: int) -> QWidget:
        page = create_page(spec, self.ctx, self.stack)
        page.setObjectName(f"page_{spec.key}")
        old = self.stack.widget(position)
        self.stack.insertWidget(position, page)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.pages[spec.key] = page
        return page

    def _attach(self, db: OfficeDatabase, operator: Operator | None) -> None:
        self.ctx = AppContext.open(db, self, operator)
        self.ctx.runner.undoable.connect(self.ctx.undo.record)
        self.ctx.runner.changed.connect(self._on_changed)
        self.ctx.runner.refused.connect(lambda _error: self.refresh_session())
        self.setWindowTitle(f"{APP_TITLE} — {self.ctx.office['name']}")
        self._update_status_bar()
        self._apply_role()
        self.set_idle_lock_minutes(idle_lock_minutes(self.ctx.reader))

    def switch_database(self, db: OfficeDatabase, operator: Operator | None = None, *, signed_in: bool = False) -> None:
        """Work on another database: pages are rebuilt on it, the old one is closed. Unless `signed_in`
        (`operator` signed in to `db`, None: it has no accounts), the operator goes on as they were
        (a backup restored over the file in use)."""
        old = self.ctx
        if not signed_in:
            operator = old.operator if old.account else None
        if self.calendar_dialog is not None:
            self.calendar_dialog.close()
            self.calendar_dialog = None
        if self.rule_set_dialog is not None:
            self.rule_set_dialog.done(0)  # closed without asking: it belongs to the database being left
            self.rule_set_dialog = None
        self._drop_pages()
        self._attach(db, operator)
        old.close()
        self.show_page("roster")

    def _drop_pages(self) -> None:
        """Forget every page: each is built again, for the database and operator now, on its next visit."""
        for key in list(self.pages):
            page = self.pages.pop(key)
            position = self.stack.indexOf(page)
            self.stack.insertWidget(position, QWidget())
            self.stack.removeWidget(page)
            page.deleteLater()

    # -- the operator's session ----------------------------------------------------------------
    def begin_session(self, operator: Operator) -> None:
        """切换操作员 (from the lock screen): the window goes on as `operator`, signed in to this database;
        the previous operator's undo steps are not theirs, the pages are built again for their role."""
        self.ctx.store.operator, self.ctx.store.role, self.ctx.store.signed_in = operator.name, operator.role, True
        self.ctx.account = True
        self.ctx.full_sensitive = False  # 显示完整证件号和电话: each operator asks anew
        self.ctx.undo.done.clear()
        self.ctx.undo.undone.clear()
        self._rebuild_for_role()

    def _rebuild_for_role(self) -> None:
        """The status bar, menus and pages (built again) for the operator's role now."""
        key = next((key for key, page in self.pages.items() if page is self.current_page()), "roster")
        self._drop_pages()
        self._update_status_bar()
        self._apply_role()
        if self.rule_set_dialog is not None:
            self._view_only_rules(self.rule_set_dialog)
        self.set_idle_lock_minutes(idle_lock_minutes(self.ctx.reader))
        self.show_page(key)

    def resume_session(self, operator: Operator) -> None:
        """Unlocked by the same operator (their role as the database has it now)."""
        if operator.role != self.shown_role:
            self.begin_session(operator)

    def refresh_session(self) -> Operator | None:
        """The signed-in account as the database has it now (after 操作员管理 closes, after a refusal):
        a changed role takes effect at once (status bar, menus, pages); a disabled or deleted
        account can go no further — the lock screen, where only 切换操作员 leads on. Returns the
        operator now, None when signed out (or nobody signed in with an account)."""
        if not self.ctx.account or self.idle_lock.locked:
            return None
        try:
            operator = current_operator(self.ctx.reader, self.ctx.operator)
        except PermissionDenied:
            self.idle_lock.lock(f"操作员「{self.ctx.store.operator}」的账户已停用或已删除，不能继续使用", signed_out=True)
            return None
        if operator.role != self.shown_role:
            self.ctx.store.role = operator.role
            self._rebuild_for_role()
            self.statusBar().showMessage(f"您的角色已改为{operator.role}，菜单和各页已按新角色显示。", 8000)
        return operator

    def _apply_role(self) -> None:
        """Hide or disable what the operator's role cannot do (the core refuses it anyway)."""
        account, role = self.ctx.account, self.ctx.store.role
        self.shown_role = role  # what the menus and pages were built for (the store may learn of a change first)
        self.password_action.setEnabled(account)
        self.lock_action.setEnabled(account)
        self.accounts_action.setVisible(account and may(role, "管理操作员"))
        self.rule_set_action.setText("规则方案(&R)…" if may(role, "修改规则方案") else "查看规则方案(&R)…")
        for action in (self.import_action, self.undo_action, self.redo_action):
            action.setEnabled(may(role, "录入"))

    def change_password(self) -> QWidget:
        """文件 → 修改密码: the signed-in operator's own."""
        from desktop_app.gui.dialogs.password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx.db, self.ctx.operator, runner=self.ctx.runner,
                                      clock=self.ctx.store.clock, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.statusBar().showMessage("密码已修改，下次登录请用新密码。", 8000))
        dialog.open()
        return dialog

    def open_accounts(self) -> QWidget:
        """文件 → 操作员管理 (管理员)."""
        from desktop_app.gui.dialogs.accounts_dialog import AccountsDialog

        dialog = AccountsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.refresh_session())  # one's own role may have changed
        dialog.open()
        return dialog

    def lock_now(self) -> None:
        """文件 → 锁定: the lock screen at once (leaving the desk)."""
        from desktop_app.gui.idle_lock import LOCKED_BY_HAND

        self.idle_lock.lock(LOCKED_BY_HAND)

    def set_idle_lock_minutes(self, minutes: int) -> None:
        """闲置锁定（分钟） as the database has it (core.session_policy, set in 系统设置); only a session
        signed in with an account locks."""
        self.idle_lock.set_minutes(minutes if self.ctx.account else 0)

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    # -- menus -----------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self._action(file_menu, "打开数据库(&O)…", QKeySequence.StandardKey.Open, self.open_other_database)
        self._action(file_menu, "新建数据库(&N)…", "Ctrl+Shift+N", self.create_database)
        file_menu.addSeparator()
        self.import_action = self._action(file_menu, "导入干部名册(&I)…", "Ctrl+I",
                                          lambda: self._page_call("roster", "import_roster"))
        self._action(file_menu, "导出干部名册(&E)…", "Ctrl+E", lambda: self._page_call("roster", "export_roster"))
        self._action(file_menu, "导出当前列表为 Excel(&L)…", "Ctrl+Shift+X", self.export_current_list)
        file_menu.addSeparator()
        self.password_action = self._action(file_menu, "修改密码(&P)…", None, self.change_password)
        self.accounts_action = self._action(file_menu, "操作员管理(&M)…", None, self.open_accounts)
        self.lock_action = self._action(file_menu, "锁定(&K)", None, self.lock_now)
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", QKeySequence.StandardKey.Quit, self.close)
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        self.undo_action = self._action(edit_menu, "撤销(&U)", QKeySequence.StandardKey.Undo, self.undo)
        self.redo_action = self._action(edit_menu, "重做(&R)", "Ctrl+Y", self.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        tools_menu = self.menuBar().addMenu("工具(&T)")
        self.calendar_action = self._action(tools_menu, "工作日历(&C)…", "Ctrl+Shift+C", self.open_calendar)
        self.rule_set_action = self._action(tools_menu, "规则方案(&R)…", "Ctrl+Shift+R", lambda: self.open_rule_sets())
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self._action(help_menu, "快捷键(&K)", "F1", self.show_shortcuts)
        self._action(help_menu, f"关于{APP_TITLE}(&A)", None, self.show_about)

    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _page_call(self, key: str, method: str) -> None:
        getattr(self.show_page(key), method)()

    # -- undo / redo ---------------------------------------------------------------------------
    def undo(self) -> None:
        """Ctrl+Z: undo the last action of this session (refused if the records changed since)."""
        self._replay(self.ctx.undo.done, self.ctx.undo.undone, "没有可撤销的操作。",
                     lambda changes: f"已{changes.note}")

    def redo(self) -> None:
        """Ctrl+Y: undo the last undo."""
        self._replay(self.ctx.undo.undone, self.ctx.undo.done, "没有可重做的操作。",
                     lambda changes: f"已重做：{changes.note.removeprefix('撤销：撤销：')}")

    def _replay(self, source: list[str], target: list[str], nothing: str, said) -> None:
        """Undo the batch on top of `source` (an undo of an undo is a redo); push the result on `target`."""
        if not source:
            self.statusBar().showMessage(nothing, 4000)
            return
        batch_id = source.pop()

        def replayed(changes: Changes) -> None:
            target.append(changes.batch_id)
            self.statusBar().showMessage(said(changes), 6000)

        self.ctx.runner.run(lambda: self.ctx.store.undo(batch_id), on_done=replayed, parent=self, undoable=False)

    # -- status bar and refresh ----------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.database_label, self.office_label, self.period_label, self.operator_label = (
            QLabel() for _ in range(4))
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.office_label, self.period_label, self.operator_label, self.database_label):
            self.statusBar().addPermanentWidget(label)

    def _update_status_bar(self) -> None:
        self.database_label.setText(f"数据库：{self.ctx.db.path}")
        self.office_label.setText(f"本单位：{self.ctx.office['name']}")
        self.period_label.setText(f"当前期间：{period_label(self.ctx.today())}")
        operator = self.ctx.operator
        self.operator_label.setText(f"操作员：{operator.name}（{operator.role}）" if self.ctx.account
                                    else f"操作员：{operator.name}")

    def _on_changed(self, changes: Changes) -> None:
        if self.ctx.store.role != self.shown_role:  # the write path found the role changed since login
            self.refresh_session()
        for page in self.pages.values():
            try:
                page.refresh(changes)
            except Exception as error:  # noqa: BLE001 — one page failing must not stop the others
                show_error(self, error)

    def set_operator(self, name: str) -> None:
        self.ctx.store.operator = name
        self.operator_label.setText(f"操作员：{name}")

    # -- other databases ---------------------------------------------------------------------------
    def open_other_database(self) -> None:
        from desktop_app.gui.database_files import ask_database_to_open

        self._switch_to(ask_database_to_open(self))

    def create_database(self) -> None:
        from desktop_app.gui.database_files import ask_new_database

        self._switch_to(ask_new_database(self))

    def _switch_to(self, opened) -> None:
        if opened is None:
            return
        db, message = opened
        from desktop_app.gui.sign_in import sign_in

        session = sign_in(db, self, first_admin=self.ctx.account)
        if session is None:  # gave up logging in: stay on the database in use
            db.close()
            return
        self.switch_database(db, session.operator, signed_in=True)
        settings.put(settings.LAST_DATABASE, str(db.path))
        if message:
            QMessageBox.information(self, "已复制到本机", message)

    # -- tools -----------------------------------------------------------------------------------
    def export_current_list(self):
        """文件 → 导出当前列表为 Excel (Ctrl+Shift+X): the list with the focus, else the page's largest."""
        from desktop_app.gui.list_export import export_view, list_to_export

        view = list_to_export(self.stack.currentWidget())
        if view is None:
            QMessageBox.information(self, "导出当前列表", "这一页没有可导出的列表。")
            return None
        return export_view(view)

    def open_calendar(self) -> QWidget:
        """工具 → 工作日历 (Ctrl+Shift+C): one window, raised when already open."""
        from desktop_app.gui.dialogs.calendar_dialog import CalendarDialog

        if self.calendar_dialog is None:
            dialog = self.calendar_dialog = CalendarDialog(self.ctx, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: self.calendar_dialog is dialog and setattr(self, "calendar_dialog", None))
        self.calendar_dialog.show()
        self.calendar_dialog.raise_()
        self.calendar_dialog.activateWindow()
        return self.calendar_dialog

    def open_rule_sets(self, year: int | None = None) -> QWidget:
        """工具 → 规则方案 (Ctrl+Shift+R): one window, raised when already open (on `year` when given)."""
        from desktop_app.gui.dialogs.rule_set_dialog import RuleSetDialog

        if self.rule_set_dialog is None:
            dialog = self.rule_set_dialog = RuleSetDialog(self.ctx, self, year)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: self.rule_set_dialog is dialog and setattr(self, "rule_set_dialog", None))
            self._view_only_rules(dialog)
        elif year is not None:
            self.rule_set_dialog.show_year(year)
        self.rule_set_dialog.show()
        self.rule_set_dialog.raise_()
        self.rule_set_dialog.activateWindow()
        return self.rule_set_dialog

    def _view_only_rules(self, dialog) -> None:
        """A role that may not change the rules (管理员's) sees them without 保存 and 删除 (the core refuses anyway)."""
        dialog.set_view_only(not may(self.ctx.store.role, "修改规则方案"))

    # -- help ------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        lines = [f"Ctrl+{n % 10}　{spec.title}" for n, spec in enumerate(PAGES, start=1)]
        lines += ["", "Ctrl+F　搜索（当前列表）", "Ctrl+N　新增", "Enter / F2　编辑所选",
                  "Ctrl+T　调动所选干部", "Ctrl+R　所选干部离任（退休、调离）", "Delete　删除所选",
                  "Ctrl+H　所选干部的历史记录", "Ctrl+Z / Ctrl+Y　撤销 / 重做",
                  "Ctrl+I / Ctrl+E　导入 / 导出干部名册", "Ctrl+Shift+C　工作日历",
                  "Ctrl+Shift+R　规则方案", "Ctrl+Shift+X　当前列表导出为 Excel（各列表右键菜单也可导出）",
                  "年度考核：Alt+← / Alt+→　上一年度 / 下一年度",
                  "月度实绩登记表：Ctrl+S　保存草稿，Ctrl+Enter　提交，Ctrl+L　复制上月计划，"
                  "Ctrl+PgDown / Ctrl+PgUp　保存并到下一位 / 上一位，Ctrl+P　打印",
                  "季度评议：Alt+← / Alt+→　上一季度 / 下一季度，Ctrl+Enter　录入计票；"
                  "计票表格：数字键录入，Tab / Enter　下一格，Ctrl+S　保存，Alt+1/2/3　切换测评人类别",
                  "工作日历、规则方案：PgUp / PgDn　上一年 / 下一年",
                  "报表图表：Enter / Ctrl+R　生成图表，Ctrl+E　导出图片，Ctrl+= / Ctrl+- / Ctrl+0　放大 / 缩小 / 适合宽度",
                  "各页面按钮和标签上带下划线的字母：Alt+该字母",
                  "Esc　清空搜索框、关闭对话框"]
        QMessageBox.information(self, "快捷键", "\n".join(lines))

    def show_about(self) -> None:
        QMessageBox.about(self, f"关于{APP_TITLE}",
                          f"{APP_TITLE}：干部考核离线桌面软件。\n数据全部保存在本机：{self.ctx.db.path}")

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        settings.put(settings.WINDOW_GEOMETRY, self.saveGeometry())
        super().closeEvent(event)

    def close_database(self) -> None:
        """Wait for running operations, then close the database (and its writer lock)."""
        self.idle_lock.stop()
        self.ctx.close()
