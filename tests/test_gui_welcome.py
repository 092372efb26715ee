"""Which database the GUI opens: first-run welcome, the demo county, errors at start."""

import pytest

from db import open_database
from desktop_app.gui import app as gui_app
from desktop_app.gui import settings
from desktop_app.gui.welcome import WelcomeDialog, choose_database, demo_database_path, ensure_demo_database
from desktop_app.resources import default_database_path


@pytest.fixture
def data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("KAOPING_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_welcome_creates_the_office_database(qtbot, data_dir):
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.create_office_database()
    assert dialog.message.text() == "请填写本单位名称。" and dialog.chosen is None
    dialog.office_name.setText("  丹寨县纪委  ")
    dialog.create_office_database()
    assert dialog.chosen == default_database_path()
    db = open_database(dialog.chosen)
    assert db.office()["name"] == "丹寨县纪委"
    db.close()


def test_a_database_picked_on_a_usb_stick_is_remembered_as_its_local_copy(monkeypatch, qapp, data_dir, tmp_path):
    """The next start must reopen the copy the operator worked on, not copy the stick again."""
    from PySide6.QtCore import QTimer

    import db.connection

    stick = tmp_path / "U盘" / "县委组织部.kpdb"
    stick.parent.mkdir()
    open_database(stick, create=True, office_name="雷山县委组织部").close()
    monkeypatch.setattr(db.connection, "media_kind", lambda path: "移动存储" if "U盘" in str(path) else None)
    import desktop_app.gui.welcome as welcome
    monkeypatch.setattr(welcome, "choose_database", lambda demo=False: stick)
    opened = []

    class Window:
        def __init__(self, database):
            self.database = database
            opened.append(database.path)
            QTimer.singleShot(0, qapp.quit)

        def close_database(self):
            self.database.close()

    monkeypatch.setattr(gui_app, "show_main_window", lambda database, message=None: Window(database))
    assert gui_app.run(None) == 0
    local = opened[0]
    assert local != stick and "U盘" not in str(local)
    assert settings.get(settings.LAST_DATABASE) == str(local)


def test_an_existing_office_database_opens_without_asking(qapp, data_dir):
    open_database(default_database_path(), create=True, office_name="雷山县委组织部").close()
    assert choose_database() == default_database_path()


def test_demo_database_is_generated_once(qapp, data_dir):
    path = ensure_demo_database()
    assert path == demo_database_path() and path.exists()
    stamp = path.stat().st_mtime_ns
    assert ensure_demo_database() == path and path.stat().st_mtime_ns == stamp
    db = open_database(path)
    assert db.execute("SELECT COUNT(*) FROM cadres").fetchone()[0] > 1000
    db.close()


@pytest.mark.parametrize("content", [None, b"not a database at all, just text" * 10])
def test_gui_start_on_a_bad_file_says_why_in_chinese(monkeypatch, qapp, data_dir, tmp_path, content):
    shown = []
    monkeypatch.setattr(gui_app.QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text)))
    path = tmp_path / "坏文件.kpdb"
    if content is not None:
        path.write_bytes(content)
    assert gui_app.run(path) == 2
    assert len(shown) == 1
    assert ("找不到数据库文件" if content is None else "不是考评台数据库") in shown[0][1]
    if content is not None:
        assert path.read_bytes() == content  # nothing written to it
