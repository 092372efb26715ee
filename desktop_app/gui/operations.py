"""Running core calls off the GUI thread (like Anki's CollectionOp / QueryOp).

One background worker thread runs every operation in order; the result or error comes
back on the GUI thread through a signal. Long operations show a progress dialog; a
`report(done, total, text)` callable is passed to functions that accept `progress=`.
Cancellable ones (`cancellable=True`) get a 取消 button, and functions that accept `cancel=`
are given a callable that returns True once it was pressed (the core stops where safe).
"""

import inspect
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from desktop_app.core.errors import PermissionDenied
from desktop_app.core.store import Changes
from desktop_app.gui.errors import show_error

CANCELLING = "正在取消…"


class _Relay(QObject):
    finished = Signal(object, object, object)  # callback, result, error
    progressed = Signal(object, int, int, str)  # dialog, done, total, text


class Cancellation:
    """`cancel()` for the core: True once the operator pressed 取消 (or `request()` was called)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def request(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


class OperationRunner(QObject):
    """Runs operations one at a time on a background thread; announces changes."""

    changed = Signal(object)  # Changes, after any mutating operation succeeded
    undoable = Signal(str)  # batch id of an operator action that Ctrl+Z may undo
    refused = Signal(object)  # a PermissionDenied, after it was shown: the window checks the session again

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaoping-op")
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def run(self, fn: Callable, *, on_done: Callable | None = None, on_error: Callable | None = None,
            parent: QWidget | None = None, progress: str | None = None, undoable: bool = True,
            cancellable: bool = False) -> Cancellation:
        """Run `fn()` on the worker. A `Changes` result (or one in a tuple/attribute) is announced,
        and, unless `undoable` is False (undo and redo themselves), offered to the undo history.

        With `cancellable`, the progress dialog has a 取消 button; the returned Cancellation is
        what `fn` receives as `cancel=` (calling its `request()` is the same as pressing 取消)."""
        cancellation = Cancellation()
        dialog = self._progress_dialog(parent, progress, cancellation if cancellable else None) if progress else None
        parameters = inspect.signature(fn).parameters
        kwargs = {}

        def report(done: int, total: int, text: str = "") -> None:
            if dialog is not None:
                self._relay.progressed.emit(dialog, done, total, text)

        if "progress" in parameters:
            kwargs["progress"] = report
        if cancellable and "cancel" in parameters:
            kwargs["cancel"] = cancellation

        def work():
            try:
                result = fn(**kwargs)
            except BaseException as error:  # noqa: BLE001 — delivered to the GUI thread
                self._relay.finished.emit((on_done, on_error, parent, dialog, undoable), None, error)
                return
            self._relay.finished.emit((on_done, on_error, parent, dialog, undoable), result, None)

        self.pending += 1
        self._pool.submit(work)
        return cancellation

    def _deliver(self, callbacks, result, error) -> None:
        on_done, on_error, parent, dialog, undoable = callbacks
        self.pending -= 1
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        if error is not None:
            (on_error or (lambda e: show_error(parent, e)))(error)
            if isinstance(error, PermissionDenied):
                self.refused.emit(error)
            return
        changes = _changes_in(result)
        if changes is not None and not changes.empty:
            if undoable and changes.batch_id:
                self.undoable.emit(changes.batch_id)
            self.changed.emit(changes)
        if on_done is not None:
            on_done(result)

    @staticmethod
    def _progress_dialog(parent: QWidget | None, label: str, cancellation: Cancellation | None) -> QProgressDialog:
        dialog = QProgressDialog(label, "取消" if cancellation else None, 0, 0, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if cancellation is not None:
            # Stay open, saying 正在取消…, until the worker has stopped (Qt would hide the dialog at once).
            dialog.canceled.disconnect(dialog.cancel)
            dialog.canceled.connect(lambda: OperationRunner._cancelling(dialog, cancellation))
        return dialog

    @staticmethod
    def _cancelling(dialog: QProgressDialog, cancellation: Cancellation) -> None:
        cancellation.request()
        dialog.setLabelText(CANCELLING)
        dialog.setCancelButtonText(CANCELLING)
        for button in dialog.findChildren(QPushButton):
            button.setEnabled(False)

    @staticmethod
    def _show_progress(dialog: QProgressDialog, done: int, total: int, text: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if text and dialog.labelText() != CANCELLING:
            dialog.setLabelText(text)

    def wait_idle(self, timeout_ms: int = 10000) -> None:
        """Process events until every queued operation has delivered (tests, self-test)."""
        from PySide6.QtCore import QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self.pending and not deadline.hasExpired():
            QApplication.processEvents()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


def _changes_in(result) -> Changes | None:
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple):
        return next((item for item in result if isinstance(item, Changes)), None)
    return getattr(result, "changes", None) if isinstance(getattr(result, "changes", None), Changes) else None
