"""Shared fixtures: real SQLite files in tmp_path, a fixed clock, Qt headless.

KAOPING_TEST_ENCRYPTED=1 runs the suite on databases encrypted at rest (数据库加密存放): every
office database created in this process (open_database(..., create=True) — the fixtures, the
demo, `kaoping init`/`demo` through cli.main) is made encrypted with this computer's key, as
if the office had chosen the option — unless the call says `encrypted=False` (a test that needs
a plain file to start from). Unset, nothing changes. Tests that look at a file's raw
bytes go through `ENCRYPTED`/`raw_connect` below; tests/test_encrypted_paths.py keeps the main
flows on encrypted files covered in the ordinary run.
"""

import functools
import os
import tempfile  # noqa: E402
from datetime import datetime, timedelta, timezone

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["KAOPING_DATA_DIR"] = tempfile.mkdtemp(prefix="kaoping-test-data-")

ENCRYPTED = os.environ.get("KAOPING_TEST_ENCRYPTED", "") not in ("", "0")


def _encrypt_new_databases() -> None:
    """Make open_database(create=True) create encrypted files (before anything imports it)."""
    import db
    import db.connection

    original = db.connection.open_database

    @functools.wraps(original)
    def open_database(path, *, create=False, encrypted=None, **options):
        return original(path, create=create, encrypted=create if encrypted is None else encrypted, **options)

    db.connection.open_database = db.open_database = open_database


if ENCRYPTED:
    # this computer's database key stays put when a test moves the data folder (as a portable
    # install's KAOPING_KEY_DIR would); a test that moves the key folder itself gets a new key
    os.environ.setdefault("KAOPING_KEY_DIR", os.path.join(os.environ["KAOPING_DATA_DIR"], "密钥"))
    from db import cipher as _cipher

    _cipher.ensure_database_key()
    _encrypt_new_databases()


def share_database_key(folder) -> None:
    """With KAOPING_TEST_ENCRYPTED, copy the database key in force into the key folder `folder` a test
    is about to switch KAOPING_KEY_DIR to ("another computer"; call this first): the office keys
    differ, but the files stay readable to each other directly — a test's shortcut for a transfer
    file, which is plain anyway. Nothing otherwise."""
    if not ENCRYPTED:
        return
    import shutil

    from db import cipher

    cipher.ensure_database_key()
    os.makedirs(folder, exist_ok=True)
    shutil.copyfile(cipher.key_path(), os.path.join(folder, cipher.KEY_FILE))


def raw_connect(path, **options):
    """Open a database file as anyone with a SQLite tool can: the sqlite3 module — for a file
    encrypted at rest, SQLCipher with this computer's key (db.cipher) — bypassing the app."""
    from db import cipher

    return cipher.connect(path, **options)


from db import open_database  # noqa: E402
from desktop_app.core.idcard import check_digit  # noqa: E402
from desktop_app.core.store import RecordStore  # noqa: E402

TZ = timezone(timedelta(hours=8))


class StepClock:
    """A clock that starts at a fixed moment and advances one second per call."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now



def id_number(birth: str = "19800101", sequence: str = "123") -> str:
    """A valid ID number of 雷山县 (sequence's last digit odd → 男, even → 女)."""
    first17 = "522634" + birth + sequence
    return first17 + check_digit(first17)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "office.kpdb"


@pytest.fixture
def office_db(db_path):
    db = open_database(db_path, create=True, office_name="雷山县委组织部")
    yield db
    db.close()


@pytest.fixture
def store(office_db):
    return RecordStore(office_db, operator="测试员", clock=StepClock())


def record_state(db) -> dict:
    """Every record's deleted flag, version and content: what offices that exchanged files must agree on."""
    from db.records import RECORD_TABLES

    found = {}
    for table, columns in RECORD_TABLES.items():
        for row in db.execute(f"SELECT id, deleted, version_id, {', '.join(columns)} FROM {table}"):
            found[(table, row[0])] = tuple(row[1:])
    return found


# -- GUI fixtures ------------------------------------------------------------------------
@pytest.fixture(scope="session")
def qapp():
    """The application as the product creates it (bundled font registered)."""
    from desktop_app.gui.app import application

    return application()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The county demo database, written once per test session (copy it, never edit it)."""
    from desktop_app.core.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "county.kpdb"
    write_demo(path, scale="county")
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path):
    import shutil

    path = tmp_path / "demo.kpdb"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def window(qtbot, demo_path):
    """The main window on a fresh copy of the county demo, with a fixed clock."""
    yield from main_window(qtbot, open_database(demo_path), datetime(2026, 11, 20, 9, 0, tzinfo=TZ))


def main_window(qtbot, db, start: datetime):
    """A window fixture's body: the main window on `db`, shown, its clock starting at `start`;
    closed (after queued operations end) when the test is done. Use as `yield from main_window(...)`."""
    from desktop_app.gui.main_window import MainWindow

    win = MainWindow(db)
    win.ctx.store.clock = StepClock(start)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.ctx.runner.wait_idle()
    win.close_database()


def shown_page(win, key: str):
    """Show page `key` in the active window, as Ctrl+1…0 does, and let it paint."""
    from PySide6.QtWidgets import QApplication

    page = win.show_page(key)
    win.activateWindow()
    QApplication.processEvents()
    return page


def settle(win) -> None:
    """Let queued operations deliver their results to the GUI thread."""
    from PySide6.QtWidgets import QApplication

    win.ctx.runner.wait_idle()
    QApplication.processEvents()


def model_rows(model) -> list[list[str]]:
    """What a table model shows, row by row."""
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def import_skipping_problems(win, preview, monkeypatch, message_boxes, qtmodeltester) -> str:
    """导入 in a preview whose rows with problems are skipped (the skipping confirmed), after checking
    a model of the preview's lines: the result's text, once it is known to be one undo step."""
    from desktop_app.gui.dialogs import import_dialog

    check = type(preview.model)()
    check.set_rows(preview.plan.rows)
    qtmodeltester.check(check, force_py=True)
    monkeypatch.setattr(import_dialog, "confirm", lambda *_a, **_k: True)  # import the valid rows only
    steps = len(win.ctx.undo.done)
    preview.import_button.click()
    settle(win)
    [(kind, title, text)] = message_boxes.take()
    assert (kind, title) == ("information", "导入完成") and len(win.ctx.undo.done) == steps + 1
    return text


def alt_keys(widget, texts=(), *, visible_only: bool = True) -> list[str]:
    """The Alt+letters (&X) of `texts` (the menu bar's, say) and of what `widget` holds: its buttons,
    labels, group boxes and tabs — only those shown in it unless not `visible_only`."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar

    texts = list(texts)
    for child in widget.findChildren(QAbstractButton) + widget.findChildren(QLabel) + widget.findChildren(QGroupBox):
        if not visible_only or child.isVisibleTo(widget):
            texts.append(child.title() if isinstance(child, QGroupBox) else child.text())
    for bar in widget.findChildren(QTabBar):
        if not visible_only or bar.isVisibleTo(widget):
            texts += [bar.tabText(i) for i in range(bar.count())]
    return [key.upper() for text in texts for key in re.findall(r"&([^&\s])", text)]


def doubled(keys: list[str]) -> list[str]:
    """The Alt+letters that reach more than one thing (Alt then cycles instead of acting)."""
    return sorted({key for key in keys if keys.count(key) > 1})


def menu_texts(win) -> list[str]:
    return [action.text() for action in win.menuBar().actions()]


def open_tool_dialog(win, qtbot, key, attribute: str, kind: type):
    """Open a dialog of the 工具 menu as the operator does, by its Ctrl+Shift+`key`; the dialog
    (`win.<attribute>`, a `kind`) once it is shown and active."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win, key, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    opened = getattr(win, attribute)
    assert isinstance(opened, kind) and opened.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened)
    return opened


class MessageBoxes:
    """QMessageBox.information/warning/critical/question, recorded instead of shown.

    A modal box under offscreen Qt waits for a click that never comes, so an unexpected one
    would hang the suite; here it is recorded, and the test fails at teardown unless it took
    the warnings it expected with `take()`.
    """

    def __init__(self):
        self.shown: list[tuple[str, str, str]] = []

    def take(self) -> list[tuple[str, str, str]]:
        shown, self.shown = self.shown, []
        return shown

    def unexpected(self) -> list[tuple[str, str, str]]:
        return [box for box in self.shown if box[0] in ("warning", "critical", "question")]


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    boxes = MessageBoxes()

    def recorder(kind):
        def show(_parent, title, text, *_args, **_kwargs):
            boxes.shown.append((kind, title, text))
            return QMessageBox.StandardButton.No if kind == "question" else QMessageBox.StandardButton.Ok
        return show

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    yield boxes
    if boxes.unexpected():
        pytest.fail(f"unexpected message box: {boxes.unexpected()}")
