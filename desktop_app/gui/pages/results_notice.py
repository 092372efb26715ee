"""What drafting a results notice from a page shares (季度评议结果, 年度考核结果): the defaults of the
draft, asking for which units, and — once it is drafted on the worker — saying so and offering to
go to the 公示栏 with the draft selected."""

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.store import Changes
from desktop_app.gui import settings
from desktop_app.gui.widgets import show_status

ONE_UNIT, ALL_UNITS = "unit", "all"


@dataclass(frozen=True)
class DraftedNotice:
    """A results notice drafted on the worker: its id, title and rows, and the changes (for Ctrl+Z)."""

    record_id: str
    title: str
    people: int
    changes: Changes


def notice_defaults(today: str, office_name: str) -> dict:
    """Start today, the default working days, the channels and issuer remembered (as 新建公示 does)."""
    from desktop_app.core.notices import DEFAULT_WORKDAYS
    from desktop_app.gui.dialogs.notice_dialog import remembered_channels

    return {"start_date": today, "workdays": DEFAULT_WORKDAYS, "channels": remembered_channels(),
            "issuer": settings.get(settings.NOTICE_ISSUER) or office_name, "issued_on": today}


def ask_units(parent: QWidget, title: str, question: str, unit_name: str | None, every: str) -> str | None:
    """Which units the notice lists: ONE_UNIT (仅 `unit_name`, offered when given), ALL_UNITS (the
    button `every`), or None (取消)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
    one = box.addButton(f"仅{unit_name}(&1)", QMessageBox.ButtonRole.AcceptRole) if unit_name else None
    every_button = box.addButton(f"{every}(&2)", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(one or every_button)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return ONE_UNIT if one is not None and clicked is one else ALL_UNITS if clicked is every_button else None


def offer_board(parent: QWidget, drafted: DraftedNotice, status: str, title: str, text: str) -> None:
    """`status` in the status bar, then `text` asks (`title`) whether to go to the 公示栏, where the
    draft is selected."""
    show_status(parent, status)
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    if answer == QMessageBox.StandardButton.Yes:
        window = parent.window()
        if hasattr(window, "show_page"):
            board = getattr(window.show_page("notices"), "board", None)
            if board is not None:
                board.select_id(drafted.record_id)
