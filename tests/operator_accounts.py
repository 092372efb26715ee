"""Operator accounts for the GUI tests of 登录, 闲置锁定 and 操作员管理: a database that has them, a
fixed clock, the main window signed in as one of them, and answering the modal dialogs a call
opens with exec().

A test module takes the fixtures as its own names: `keep_settings, protected_template, protected_path = operator_accounts.FIXTURES`.
"""

from datetime import datetime

import pytest
from conftest import TZ, StepClock
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from db import open_database
from desktop_app.core.operators import add_operator, create_first_admin
from desktop_app.core.store import RecordStore
from desktop_app.core.units import add_unit
from desktop_app.gui import settings

FIXED = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
PASSWORDS = {"王芳": "wangfang2026", "李明": "liming2026", "赵六": "zhaoliu2026"}
ROLES = {"王芳": "管理员", "李明": "录入员", "赵六": "只读"}


def fixed_clock() -> datetime:
    return FIXED


@pytest.fixture(autouse=True)
def keep_settings():
    """Leave this computer's settings as found (the other tests rely on the defaults)."""
    kept = {setting: settings.get(setting) for setting in (settings.LAST_LOGIN, settings.OPERATOR)}
    yield
    for setting, value in kept.items():
        settings.put(setting, value)


def protected_database(path, *, office: str = "雷山县委组织部", encrypted: bool | None = None):
    """An office database with one unit (丹江镇) and the accounts of ROLES (王芳 the first administrator);
    `encrypted` False keeps it plain under KAOPING_TEST_ENCRYPTED (conftest), True encrypts it."""
    db = open_database(path, create=True, office_name=office, **({} if encrypted is None else {"encrypted": encrypted}))
    add_unit(RecordStore(db, operator="测试员", clock=StepClock()), {"name": "丹江镇", "kind": "乡镇"})
    admin = create_first_admin(db, "王芳", PASSWORDS["王芳"], fixed_clock)
    for name in ("李明", "赵六"):
        add_operator(db, admin, name, ROLES[name], PASSWORDS[name], fixed_clock)
    db.close()
    return path


@pytest.fixture(scope="session")
def protected_template(tmp_path_factory):
    """protected_database, made once per test session (argon2id hashes take a moment): copy it."""
    return protected_database(tmp_path_factory.mktemp("accounts") / "protected.kpdb")


@pytest.fixture
def protected_path(protected_template, tmp_path):
    import shutil

    path = tmp_path / "protected.kpdb"
    shutil.copyfile(protected_template, path)
    return path


FIXTURES = (keep_settings, protected_template, protected_path)


def signed_in_window(qtbot, path, name: str):
    """The main window on `path`, signed in as `name` (login itself is test_gui_sign_in's), shown,
    its clock on FIXED. The caller closes it with `close_window`."""
    from desktop_app.core.permissions import Operator
    from desktop_app.gui.main_window import MainWindow

    window = MainWindow(open_database(path), Operator(name, ROLES[name]))
    window.ctx.store.clock = StepClock(FIXED)
    qtbot.addWidget(window)
    window.show()
    return window


def close_window(window) -> None:
    window.ctx.runner.wait_idle()
    window.close_database()


class Answers:
    """Answers the modal dialogs a call opens with exec(): each step, in turn, gets the next new
    dialog that becomes the active modal one (polled on the event loop the call runs). Keep the
    object while the call runs."""

    def __init__(self, *steps, seen=()):
        self.steps = list(steps)
        self.seen = list(seen)
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not self.steps or any(dialog is known for known in self.seen):
            return
        self.seen.append(dialog)
        self.steps.pop(0)(dialog)

    @property
    def done(self) -> bool:
        return not self.steps


def log_in_as(name: str, password: str | None = None):
    """A step of Answers: log in to the LoginDialog shown as `name`."""
    from desktop_app.gui.dialogs.login_dialog import LoginDialog

    def step(dialog) -> None:
        assert isinstance(dialog, LoginDialog)
        dialog.name.setText(name)
        dialog.password.setText(PASSWORDS.get(name, "") if password is None else password)
        dialog.login_button.click()
    return step
