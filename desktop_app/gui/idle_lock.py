"""闲置锁定: after some minutes without keyboard or mouse input, every window of the program is covered
and the operator's password is asked (or 切换操作员: a full login, and the session goes on as the
new operator).

An application-level event filter restarts a single-shot QTimer on each input event. Only a session
logged in with an account locks (a database without accounts has no password to ask). The lock
screen is an application-modal window shown over the others, so dialogs left open (an edit half
done, an import running) stay as they were and carry on after the unlock.
"""

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QProgressDialog, QVBoxLayout, QWidget

from desktop_app.gui.dialogs.login_dialog import LoggedIn, LoginDialog
from desktop_app.resources import APP_TITLE

INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                          QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate})
MINUTE_MS = 60_000
LOCKED_BY_HAND = "您锁定了本软件"


class Cover(QWidget):
    """An opaque sheet over one window while the program is locked; follows the window's size."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("lock_cover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("QWidget#lock_cover { background: #37474f; } QLabel { color: #eceff1; font-size: 16pt; }")
        layout = QVBoxLayout(self)
        label = QLabel(f"{APP_TITLE}已锁定")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False


class LockDialog(LoginDialog):
    """The lock screen: the locked operator's password (name fixed), or 切换操作员. Never closes otherwise."""

    unlocked = Signal(object)  # the Operator, as the core logged them in again
    switch_requested = Signal()
    accept_text = "解锁(&U)"

    def __init__(self, ctx, reason: str, parent: QWidget | None = None, *, signed_out: bool = False):
        """`signed_out`: the account can no longer sign in (disabled meanwhile): no password is asked,
        only 切换操作员 leads on."""
        super().__init__(ctx.db, runner=ctx.runner, clock=ctx.store.clock, name=ctx.store.operator,
                         cancel_text="切换操作员(&W)…", parent=parent)
        self.setObjectName("lock_dialog")
        self.setWindowTitle(f"已锁定 — {APP_TITLE}")
        self.name.setReadOnly(True)
        if signed_out:
            self.note.setText(f"{reason}。各窗口的内容已遮住；请点「切换操作员」，用其他账户登录后继续。")
            for widget in (self.password, self.login_button):
                widget.setEnabled(False)
            self.cancel_button.setFocus()
            self.cancel_button.setDefault(True)
        else:
            self.note.setText(f"{reason}，各窗口的内容已遮住，未保存的内容原样保留。"
                              f"请“{ctx.store.operator}”输入密码继续；换人使用请点「切换操作员」。")
        self.buttons.rejected.disconnect()
        self.cancel_button.clicked.connect(self._ask_switch)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        if not signed_out:
            self.password.setFocus()

    def admitted(self, answer: LoggedIn) -> None:
        self.unlocked.emit(answer.operator)
        QDialog.accept(self)

    def _ask_switch(self) -> None:
        if not self.checking:
            self.switch_requested.emit()

    def reject(self) -> None:
        """Esc and the close button leave the screen locked."""


class IdleLock(QObject):
    """Locks `window`'s session after `interval_ms` without input (0: never). Tests set a short interval."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.interval_ms = 0
        self.dialog: LockDialog | None = None
        self.covers: list[Cover] = []
        self._watching = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.lock())

    def set_minutes(self, minutes: int) -> None:
        """闲置锁定（分钟）; 0 never locks."""
        self.set_interval_ms(max(0, int(minutes)) * MINUTE_MS)

    def set_interval_ms(self, interval_ms: int) -> None:
        self.interval_ms = max(0, interval_ms)
        self._watch(self.interval_ms > 0)
        if self.interval_ms and self.dialog is None:
            self.timer.start(self.interval_ms)
        else:
            self.timer.stop()

    def stop(self) -> None:
        """The window closes (or its database does): no more locking."""
        self.set_interval_ms(0)

    def _watch(self, on: bool) -> None:
        if on != self._watching:
            app = QApplication.instance()
            (app.installEventFilter if on else app.removeEventFilter)(self)
            self._watching = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.dialog is None and event.type() in INPUT_EVENTS:
            self.timer.start(self.interval_ms)
        return False

    # -- locking ----------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def idle_text(self) -> str:
        seconds = self.interval_ms // 1000
        return f"闲置已超过 {seconds // 60} 分钟" if seconds >= 60 else f"闲置已超过 {seconds} 秒"

    def lock(self, reason: str | None = None, *, signed_out: bool = False) -> LockDialog | None:
        """Cover every window and show the lock screen (only in a session logged in with an account).
        `reason` opens its text: the idle time unless given (文件 → 锁定 gives LOCKED_BY_HAND).
        `signed_out`: the account was disabled meanwhile — only 切换操作员 (LockDialog)."""
        if self.dialog is not None or not self.window.ctx.account:
            return self.dialog
        self.timer.stop()
        while QApplication.activePopupWidget() is not None:  # an open menu would stay above the covers
            QApplication.activePopupWidget().close()
        self.covers = [Cover(widget) for widget in self._windows()]
        self.dialog = LockDialog(self.window.ctx, reason or self.idle_text(), self.window, signed_out=signed_out)
        self.dialog.unlocked.connect(self._unlocked)
        self.dialog.switch_requested.connect(self.switch_operator)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    @staticmethod
    def _windows() -> list[QWidget]:
        return [widget for widget in QApplication.topLevelWidgets()
                if widget.isVisible() and widget.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)]

    def _unlocked(self, operator) -> None:
        self.window.resume_session(operator)
        self._uncover()

    def switch_operator(self) -> None:
        """切换操作员: a full login over the lock screen; once in, the previous operator's dialogs close
        unsaved and the window goes on as the new operator."""
        from desktop_app.gui.sign_in import log_in

        ctx = self.window.ctx
        operator = log_in(ctx.db, self.dialog, runner=ctx.runner, clock=ctx.store.clock, cancel_text="返回",
                          name="")
        if operator is None or self.dialog is None:
            return
        for widget in self._windows():
            if widget is self.window or widget is self.dialog or isinstance(widget, QProgressDialog):
                continue  # an operation under way finishes (its progress closes itself)
            if isinstance(widget, QDialog):
                widget.done(QDialog.DialogCode.Rejected)  # no question about unsaved changes: not theirs
            else:
                widget.close()
        self.window.begin_session(operator)
        self.dialog.done(QDialog.DialogCode.Accepted)
        self._uncover()

    def _uncover(self) -> None:
        for cover in self.covers:
            cover.hide()
            cover.deleteLater()
        self.covers = []
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        if self.interval_ms:
            self.timer.start(self.interval_ms)
