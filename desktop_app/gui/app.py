"""Starting the GUI: the QApplication, fonts, the database to open, the main window."""

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from db import OfficeDatabase, ensure_local, open_database
from db.errors import KaopingError
from desktop_app.gui import settings
from desktop_app.resources import APP_TITLE, bundled_font, working_copies_dir

# System faces preferred for the interface when present (Windows, UOS/麒麟), else the bundled one.
PREFERRED_UI_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                         "WenQuanYi Micro Hei")


def application() -> QApplication:
    """The one QApplication, created with the interface font on first call."""
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        qInstallMessageHandler(_log_qt_message)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("kaoping")
        app.setApplicationDisplayName(APP_TITLE)
        app.setFont(QFont(register_fonts(), 10))
    return app


def _log_qt_message(kind: QtMsgType, _context, message: str) -> None:
    """Qt's own diagnostics go to the log file, not to the operator's terminal."""
    from desktop_app.logging_setup import configure_logging

    configure_logging()
    level = logging.DEBUG if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) else logging.WARNING
    logging.getLogger("kaoping.qt").log(level, "%s", message)


def register_fonts() -> str:
    """Register the bundled CJK font; return the family the interface should use."""
    font_id = QFontDatabase.addApplicationFont(str(bundled_font()))
    bundled = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    installed = set(QFontDatabase.families())
    for family in PREFERRED_UI_FAMILIES:
        if family in installed:
            return family
    return bundled[0] if bundled else QFont().family()


def open_for_gui(path: Path) -> tuple[OfficeDatabase, str | None]:
    """Open `path` for the window, copying it off a USB stick or network share first."""
    local, message = ensure_local(path, working_copies_dir())
    return open_database(local), message


def show_main_window(db: OfficeDatabase, message: str | None = None):
    """Sign in to `db` (登录, or 创建管理员账号 the first time), then the window; None when the
    operator gave up signing in."""
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.sign_in import sign_in

    session = sign_in(db)
    if session is None:
        return None
    window = MainWindow(db, session.operator)
    window.show()
    start_daily_backup(window)
    if message:
        QMessageBox.information(window, "已复制到本机", message)
    return window


def start_daily_backup(window) -> None:
    """每日备份: on the worker once the window shows; the outcome goes to the status bar, never a modal."""
    from desktop_app.resources import backups_dir
    from desktop_app.transfer.backup import daily_backup_if_due

    db_path, clock, today, bar = window.ctx.db.path, window.ctx.store.clock, window.ctx.today(), window.statusBar()

    def done(path: Path | None) -> None:
        bar.showMessage(f"今日已自动备份：{path.name}" if path else "今日已有自动备份。", 10000)

    def failed(error: BaseException) -> None:
        if isinstance(error, KaopingError):
            text = error.message
        else:
            from desktop_app.logging_setup import configure_logging, log_path

            configure_logging()
            logging.getLogger("kaoping").error("daily backup failed", exc_info=error)
            text = f"详细信息已记录在：{log_path()}"
        bar.showMessage(f"今日自动备份未完成：{text}")  # stays until the next message

    window.ctx.runner.run(lambda: daily_backup_if_due(db_path, backups_dir(), today, clock=clock),
                          on_done=done, on_error=failed, undoable=False)


def run(path: Path | None, *, demo: bool = False) -> int:
    """`kaoping gui`: open `path`, the demo county, or the office database (first run: welcome)."""
    app = application()
    from desktop_app.gui.welcome import choose_database

    try:
        target = path or choose_database(demo=demo)
        if target is None:
            return 0
        db, message = open_for_gui(Path(target))
    except KaopingError as error:
        print(f"错误：{error.message}", file=sys.stderr)  # also for whoever started it from a terminal
        QMessageBox.warning(None, f"{APP_TITLE} — 无法打开数据库", error.message)
        return error.exit_code
    if path is None:  # the next start opens the same file: the local copy, never the USB stick
        settings.put(settings.LAST_DATABASE, str(db.path))
    window = show_main_window(db, message)
    if window is None:  # 退出 at the login
        db.close()
        return 0
    code = app.exec()
    window.close_database()
    return code
