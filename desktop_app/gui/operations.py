"""Running core calls off the GUI thread (like Anki's CollectionOp / QueryOp).

One background worker thread runs every operation in order; the result or error comes
back on the GUI thread through a signal. Long operations show a progress dialog; a
`report(done, total, text)` callable is passed to functions that accept `progress=`.
"""

import inspect
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from desktop_app.core.store import Changes
from desktop_app.gui.errors import show_error


class _Relay(QObject):
    finished = Signal(object, object, object)  # callback, result, error
    progressed = Signal(object, int, int, str)  # dialog, done, total, text


class OperationRunner(QObject):
    """Runs operations one at a time on a background thread; announces changes."""

    changed = Signal(object)  # Changes, after any mutating operation succeeded
    undoable = Signal(str)  # batch id of an operator action that Ctrl+Z may undo

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaoping-op")
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def run(self, fn: Callable, *, on_done: Callable | None = None, on_error: Callable | None = None,
            parent: QWidget | None = None, progress: str | None = None, undoable: bool = True) -> None:
        """Run `fn()` on the worker. A `Changes` result (or one in a tuple/attribute) is announced,
        and, unless `undoable` is False (undo and redo themselves), offered to the undo history."""
        dialog = self._progress_dialog(parent, progress) if progress else None
        wants_progress = "progress" in inspect.signature(fn).parameters

        def report(done: int, total: int, text: str = "") -> None:
            if dialog is not None:
                self._relay.progressed.emit(dialog, done, total, text)

        def work():
            try:
                result = fn(progress=report) if wants_progress else fn()
            except BaseException as error:  # noqa: BLE001 — delivered to the GUI thread
                self._relay.finished.emit((on_done, on_error, parent, dialog, undoable), None, error)
                return
            self._relay.finished.emit((on_done, on_error, parent, dialog, undoable), result, None)

        self.pending += 1
        self._pool.submit(work)

    def _deliver(self, callbacks, result, error) -> None:
        on_done, on_error, parent, dialog, undoable = callbacks
        self.pending -= 1
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        if error is not None:
            (on_error or (lambda e: show_error(parent, e)))(error)
            return
        changes = _changes_in(result)
        if changes is not None and not changes.empty:
            if undoable and changes.batch_id:
                self.undoable.emit(changes.batch_id)
            self.changed.emit(changes)
        if on_done is not None:
            on_done(result)

    @staticmethod
    def _progress_dialog(parent: QWidget | None, label: str) -> QProgressDialog:
        dialog = QProgressDialog(label, None, 0, 0, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        return dialog

    @staticmethod
    def _show_progress(dialog: QProgressDialog, done: int, total: int, text: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if text:
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
