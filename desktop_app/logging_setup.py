"""One log file per user (rotating), for unexpected errors and their tracebacks."""

import logging
import logging.handlers
from pathlib import Path

from desktop_app.resources import data_dir

_configured = False


def log_path() -> Path:
    return data_dir() / "kaoping.log"


def configure_logging() -> None:
    global _configured
    if _configured:
        return
    handler = logging.handlers.RotatingFileHandler(log_path(), maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("kaoping")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _configured = True
