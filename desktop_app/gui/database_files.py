"""Asking the operator for a database to open or to create (文件 → 打开 / 新建数据库)."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from db import DATABASE_SUFFIX, OfficeDatabase, open_database
from db.errors import KaopingError
from desktop_app.gui.app import open_for_gui
from desktop_app.gui.errors import show_error
from desktop_app.resources import data_dir

FILE_FILTER = f"考评台数据库 (*{DATABASE_SUFFIX});;所有文件 (*)"


def ask_database_to_open(parent: QWidget) -> tuple[OfficeDatabase, str | None] | None:
    """The database the operator picks, opened (copied to local disk first if on a USB stick)."""
    name, _ = QFileDialog.getOpenFileName(parent, "打开数据库", str(data_dir()), FILE_FILTER)
    if not name:
        return None
    return _opened(parent, lambda: open_for_gui(Path(name)))


def ask_new_database(parent: QWidget) -> tuple[OfficeDatabase, None] | None:
    """A new, empty office database at a path and with an office name the operator gives."""
    office, ok = QInputDialog.getText(parent, "新建数据库", "本单位名称（例：雷山县委组织部）：")
    if not ok or not office.strip():
        return None
    name, _ = QFileDialog.getSaveFileName(parent, "新建数据库", str(data_dir() / f"{office.strip()}{DATABASE_SUFFIX}"),
                                          FILE_FILTER)
    if not name:
        return None
    path = Path(name) if name.endswith(DATABASE_SUFFIX) else Path(name + DATABASE_SUFFIX)
    return _opened(parent, lambda: (open_database(path, create=True, office_name=office), None))


def _opened(parent: QWidget, opener):
    try:
        return opener()
    except KaopingError as error:
        show_error(parent, error)
        return None
