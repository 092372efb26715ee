"""系统设置 → 数据安全 → 数据库加密存放: a 管理员 turns it on (asked first, with the key's warnings), the
window closes the file, converts it, reopens it signed in as the same 管理员 and goes on working on the
encrypted file; and turns it off again. Other roles see the button disabled, and are refused anyway."""

import operator_accounts
import pytest
from conftest import settle, shown_page
from operator_accounts import close_window, protected_database, signed_in_window

from db import cipher
from desktop_app.core.units import add_unit, list_units
from desktop_app.gui.pages import settings_security

keep_settings = operator_accounts.keep_settings


@pytest.fixture(autouse=True)
def key_dir(tmp_path, monkeypatch):
    folder = tmp_path / "密钥"
    monkeypatch.setenv("KAOPING_KEY_DIR", str(folder))
    return folder


@pytest.fixture
def path(tmp_path, key_dir):
    """A database with accounts (王芳 管理员, 李明 录入员, 赵六 只读), made under this test's 密钥 folder."""
    return protected_database(tmp_path / "protected.kpdb", encrypted=False)  # a plain file to convert


def on_worker(window, fn):
    results = []
    window.ctx.runner.run(fn, on_done=results.append, undoable=False)
    settle(window)
    return results[0] if results else None


def convert(window, qtbot, page):
    """Press the button (the question answered yes) and wait for the window to reopen the file."""
    old_db = window.ctx.db
    page.storage_button.click()
    qtbot.waitUntil(lambda: window.ctx.db is not old_db, timeout=15000)
    settle(window)
    return window.pages["settings"]


def test_an_administrator_encrypts_the_database_and_the_window_goes_on_on_it(qtbot, path, key_dir, monkeypatch,
                                                                           message_boxes):
    window = signed_in_window(qtbot, path, "王芳")
    page = shown_page(window, "settings")
    assert page.storage_state.text() == "数据库加密存放：未开启"
    assert page.storage_button.text() == "加密存放(&K)…" and page.storage_button.isEnabled()
    asked = []
    monkeypatch.setattr(settings_security, "confirm",
                        lambda _parent, title, text, **kw: asked.append((title, text, kw["action"])) or True)
    page = convert(window, qtbot, page)
    [(title, text, action)] = asked
    assert (title, action) == ("加密存放数据库", "加密存放")
    assert str(key_dir / cipher.KEY_FILE) in text and "丢失密钥" in text and "换电脑" in text
    assert "此后的备份都是加密的" in text and "本机“备份”文件夹中的旧备份一并加密" in text
    assert cipher.is_encrypted(path) and (key_dir / cipher.KEY_FILE).is_file()
    assert window.statusBar().currentMessage().startswith("数据库已加密存放")
    assert window.current_page() is page and page.storage_state.text().startswith("数据库加密存放：已开启")
    assert page.storage_button.text() == "取消加密(&K)…"
    assert window.ctx.account and window.operator_label.text() == "操作员：王芳（管理员）"
    on_worker(window, lambda: add_unit(window.ctx.store, {"name": "加密后新增的单位", "kind": "其他"}))
    assert "加密后新增的单位" in {unit["name"] for unit in list_units(window.ctx.reader, window.ctx.today())}
    assert "加密后新增的单位".encode() not in path.read_bytes()
    assert message_boxes.take() == []

    page = convert(window, qtbot, page)  # and back: 取消加密
    assert asked[-1][0] == "取消加密" and "不需要密钥就能读取" in asked[-1][1]
    assert not cipher.is_encrypted(path) and window.statusBar().currentMessage().startswith("已取消加密")
    assert page.storage_state.text() == "数据库加密存放：未开启"
    assert "加密后新增的单位" in {unit["name"] for unit in list_units(window.ctx.reader, window.ctx.today())}
    close_window(window)


@pytest.mark.parametrize("name", ["李明", "赵六"])
def test_other_roles_see_the_button_disabled_and_are_refused_anyway(qtbot, path, name, monkeypatch, message_boxes):
    window = signed_in_window(qtbot, path, name)
    page = shown_page(window, "settings")
    assert not page.storage_button.isEnabled()
    assert page.storage_button.toolTip().startswith("只有管理员可以开启或取消数据库加密存放")
    monkeypatch.setattr(settings_security, "confirm", lambda *_a, **_k: pytest.fail("asked before the role was checked"))
    old_db = window.ctx.db
    page.change_storage()  # as if the disabled button had been got round
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and "无权修改安全设置（数据库加密存放）：须由管理员操作" in text
    assert window.ctx.db is old_db and not cipher.is_encrypted(path)
    close_window(window)


def test_a_failed_conversion_reopens_the_file_as_it_was(qtbot, path, key_dir, monkeypatch, message_boxes):
    key_dir.mkdir(exist_ok=True)
    (key_dir / cipher.KEY_FILE).write_text("不是密钥\n", encoding="utf-8")  # damaged: cannot be used, nor replaced
    window = signed_in_window(qtbot, path, "王芳")
    page = shown_page(window, "settings")
    monkeypatch.setattr(settings_security, "confirm", lambda *_a, **_k: True)
    page = convert(window, qtbot, page)
    [(kind, _title, text)] = message_boxes.take()
    assert kind == "warning" and "原文件保持原样" in text
    assert not cipher.is_encrypted(path) and page.storage_state.text() == "数据库加密存放：未开启"
    assert window.ctx.account and window.operator_label.text() == "操作员：王芳（管理员）"
    assert {unit["name"] for unit in list_units(window.ctx.reader, window.ctx.today())} == {"丹江镇"}
    close_window(window)
