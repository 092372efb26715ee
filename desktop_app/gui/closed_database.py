"""Work on the window's database file while the window has it closed: 恢复备份, 加密存放 / 取消加密.

Such work replaces the file the window holds open (with its writer lock). The window closes the
database first (waiting for running operations), a busy dialog stops input, the work runs on a
worker of its own, and the window reopens the file — changed, or as it was when the work failed —
with the operator going on as they were signed in. The pages are rebuilt on the reopened database.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from db.errors import KaopingError
from desktop_app.core.permissions import Operator
from desktop_app.gui.app import open_for_gui
from desktop_app.gui.errors import show_error
from desktop_app.gui.operations import OperationRunner


def with_database_closed(window, work: Callable[[Path, Operator | None], object], *, busy: str, title: str,
                         finished: Callable[[object, BaseException | None], None]) -> OperationRunner:
    """Close `window`'s database, run `work(path, by)` on a worker (`by`: who is signed in, None when
    nobody with an account), reopen the file, then `finished(result, error)` on the GUI thread.

    Returns the runner doing it (tests wait on it). When the file cannot be reopened, that is shown
    instead and `finished` is not called.
    """
    db_path = Path(window.ctx.db.path)
    by = window.ctx.operator if window.ctx.account else None  # taken before the database closes
    dialog = QProgressDialog(busy, None, 0, 0, window)  # shown at once: no input meanwhile
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.show()
    window.close_database()  # waits for running operations; releases the writer lock
    runner = OperationRunner(window)

    def done(result, error: BaseException | None) -> None:
        runner.shutdown()
        runner.deleteLater()
        dialog.close()
        dialog.deleteLater()
        try:
            db, _message = open_for_gui(db_path)
        except KaopingError as reopen_error:
            show_error(window, reopen_error)
            return
        window.switch_database(db)
        finished(result, error)

    runner.run(lambda: work(db_path, by), on_done=lambda result: done(result, None),
               on_error=lambda error: done(None, error))
    return runner
