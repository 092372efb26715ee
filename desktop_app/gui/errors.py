"""The one place that shows errors to the operator."""

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from db.errors import KaopingError

log = logging.getLogger("kaoping")


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Expected errors: their Chinese message. Anything else: logged with traceback, short apology."""
    if isinstance(error, KaopingError):
        QMessageBox.warning(parent, "无法完成", error.message)
        return
    from desktop_app.logging_setup import configure_logging, log_path

    configure_logging()
    log.error("unexpected error\n%s", "".join(traceback.format_exception(error)))
    QMessageBox.critical(parent, "意外错误", f"抱歉，发生了意外错误，操作未完成。\n详细信息已记录在：{log_path()}")
